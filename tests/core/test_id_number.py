"""Tests for core.id_number and core.errors."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xueji_desktop.core.errors import InvalidIdNumber, ValidationError, XuejiError
from xueji_desktop.core.id_number import (
    IdNumberInfo,
    check_char,
    is_valid_id_number,
    mask_id_number,
    mask_id_numbers_in_text,
    normalize_id_number,
    upgrade_15,
    validate_id_number,
)
from xueji_desktop.core.regions import current_regions

TODAY = datetime.date(2026, 1, 1)


def _reason(s: str) -> str:
    with pytest.raises(InvalidIdNumber) as info:
        validate_id_number(s, today=TODAY)
    return info.value.reason


# -- check char --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "440524188001010014", "360426199101010071"]
)
def test_check_char_of_reference_vectors(number: str) -> None:
    assert check_char(number[:17]) == number[17]


def test_check_char_of_invalid_vector() -> None:
    assert check_char("13040219820729062") == "4"
    assert _reason("130402198207290622") == "check"


@pytest.mark.parametrize("bad", ["", "1234", "1101051949123100X", "110105194912310021"])
def test_check_char_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        check_char(bad)


# -- validate --------------------------------------------------------------------------------


def test_validate_reference_vectors() -> None:
    info = validate_id_number("11010519491231002X", today=TODAY)
    assert info == IdNumberInfo(
        number="11010519491231002X",
        region_code="110105",
        birth_date=datetime.date(1949, 12, 31),
        gender="2",
    )
    info = validate_id_number("360426199101010071", today=TODAY)
    assert info.region_code == "360426"
    assert info.birth_date == datetime.date(1991, 1, 1)
    assert info.gender == "1"


def test_reference_vector_born_1880_has_valid_check_but_is_before_1900() -> None:
    # 440524188001010014 is a checksum-valid vector from python-stdnum; the app's rule
    # rejects birth dates before 1900.
    assert check_char("44052418800101001") == "4"
    assert _reason("440524188001010014") == "birth_date"


@pytest.mark.parametrize(
    "raw",
    [
        " 11010519491231002x ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "\u200b11010519491231002X\ufeff",
        "11010519491231002ｘ",
        "\u300011010519491231002X",
    ],
)
def test_normalisation(raw: str) -> None:
    assert validate_id_number(raw, today=TODAY).number == "11010519491231002X"
    assert normalize_id_number(raw) == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "length"),
        ("11010519491231002", "length"),
        ("11010519491231002X1", "length"),
        ("110105491231002", "length"),  # 15-digit: use upgrade_15 first
        ("1101051949123100XX", "chars"),
        ("11010519491231 02X", "chars"),
        ("A1010519491231002X", "chars"),
        ("11010519491231002Y", "chars"),
        ("130402198207290622", "check"),
        ("11010519491231002 ", "length"),
    ],
)
def test_rejections(value: str, reason: str) -> None:
    assert _reason(value) == reason


def _make(first17: str) -> str:
    return first17 + check_char(first17)


def test_region_reason() -> None:
    assert _reason(_make("99010519491231002")) == "region"
    assert _reason(_make("00010519491231002")) == "region"
    assert _reason(_make("11019919491231002")) == "region"  # 北京 prefix, no such county


@pytest.mark.parametrize(
    ("first6", "birth", "reason"),
    [
        ("110104", "19900101", None),  # 宣武区 [-2010]: fine for a 1990 birth
        ("110104", "20100101", None),  # last year in use
        ("110104", "20150101", "region_abolished"),
        ("110103", "20110101", "region_abolished"),  # 崇文区 [-2010]
        ("110118", "19900101", None),  # 密云区 [2015-]: late registration is fine
        ("110111", "19800101", None),  # 房山区 [1986-]
        ("120110", "19850101", None),  # 东郊区 [-1991], then 东丽区 [1992-]: a reused code
        ("120110", "20200101", None),
        ("810000", "19900101", None),  # 港澳台居民居住证 prefixes
        ("820000", "20050101", None),
        ("830000", "20050101", None),
    ],
)
def test_region_for_the_birth_year(first6: str, birth: str, reason: str | None) -> None:
    number = _make(f"{first6}{birth}001")
    if reason is None:
        assert validate_id_number(number, today=TODAY).region_code == first6
    else:
        assert _reason(number) == reason


def test_region_is_checked_before_birth_date_and_abolished_after() -> None:
    assert _reason(_make("99999919490230002")) == "region"
    assert _reason(_make("11010420150230002")) == "birth_date"


def test_accept_15_upgrades() -> None:
    info = validate_id_number("110105491231002", today=TODAY, accept_15=True)
    assert info.number == "11010519491231002X"
    assert info.upgraded_from_15
    assert not validate_id_number("11010519491231002X", today=TODAY).upgraded_from_15
    assert _reason("110105491231002") == "length"
    assert is_valid_id_number("110105491231002", today=TODAY, accept_15=True)
    with pytest.raises(InvalidIdNumber) as info_err:
        validate_id_number("99010549123100X", today=TODAY, accept_15=True)
    assert info_err.value.reason == "chars"


@pytest.mark.parametrize(
    "birth",
    [
        "19490230",  # not a date
        "20230229",  # not a leap year
        "19491301",
        "18991231",  # before 1900
        "20260102",  # after TODAY
    ],
)
def test_birth_date_reason(birth: str) -> None:
    assert _reason(_make(f"110105{birth}002")) == "birth_date"


def test_birth_date_limits() -> None:
    assert validate_id_number(_make("11010519000101002"), today=TODAY).birth_date.year == 1900
    assert validate_id_number(_make("11010520260101002"), today=TODAY).birth_date == TODAY
    assert validate_id_number(_make("11010520000229002"), today=TODAY).birth_date.day == 29


def test_default_today_rejects_far_future() -> None:
    with pytest.raises(InvalidIdNumber) as info:
        validate_id_number(_make("11010529990101002"))
    assert info.value.reason == "birth_date"


def test_gender_from_17th_digit() -> None:
    assert validate_id_number(_make("11010520000101001"), today=TODAY).gender == "1"
    assert validate_id_number(_make("11010520000101000"), today=TODAY).gender == "2"


def test_is_valid_id_number() -> None:
    assert is_valid_id_number("11010519491231002X", today=TODAY)
    assert not is_valid_id_number("130402198207290622", today=TODAY)


# -- 15-digit numbers ---------------------------------------------------------------------------


def test_upgrade_15() -> None:
    upgraded = upgrade_15("110105491231002")
    assert upgraded == "11010519491231002X"
    assert validate_id_number(upgraded, today=TODAY).birth_date == datetime.date(1949, 12, 31)
    assert upgrade_15(" １１０１０５４９１２３１００２ ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "reason"), [("11010549123100", "length"), ("11010549123100X", "chars")]
)
def test_upgrade_15_rejects(value: str, reason: str) -> None:
    with pytest.raises(InvalidIdNumber) as info:
        upgrade_15(value)
    assert info.value.reason == reason


# -- masking -----------------------------------------------------------------------------------


def test_mask_id_number() -> None:
    assert mask_id_number("110105194912311234") == "110105********1234"
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105*****1002"
    assert mask_id_number("12345") == "***45"
    assert mask_id_number("12") == "**"
    assert mask_id_number("") == ""


def test_mask_id_numbers_in_text() -> None:
    text = (
        "student 11010519491231002X updated; old 110105491231002, lower 11010519491231002x; "
        "registry G11010519491231002X; phone 13812345678; account 6222021234567890123; "
        "20-digit 12345678901234567890; 16-digit 1234567890123456."
    )
    masked = mask_id_numbers_in_text(text)
    assert masked == (
        "student 110105********002X updated; old 110105*****1002, lower 110105********002x; "
        "registry G110105********002X; phone 13812345678; account 6222021234567890123; "
        "20-digit 12345678901234567890; 16-digit 1234567890123456."
    )
    assert mask_id_numbers_in_text("11010519491231002X") == "110105********002X"
    assert mask_id_numbers_in_text("") == ""


# -- errors --------------------------------------------------------------------------------------


def test_invalid_id_number_error_never_carries_the_raw_number() -> None:
    raw = "130402198207290622"
    with pytest.raises(InvalidIdNumber) as info:
        validate_id_number(raw, today=TODAY)
    err = info.value
    assert isinstance(err, XuejiError)
    assert err.code == "invalid_id_number"
    assert err.fields == {"reason": "check", "masked_value": "130402********0622"}
    assert raw not in str(err)
    assert raw not in repr(err)
    assert "19820729" not in str(err)


def test_error_fields_and_message() -> None:
    err = ValidationError(field="name", problem="blank")
    assert err.code == "validation"
    assert err.fields == {"field": "name", "problem": "blank"}
    assert str(err) == "validation: {'field': 'name', 'problem': 'blank'}"
    assert InvalidIdNumber(reason="length").fields == {"reason": "length"}


# -- properties ------------------------------------------------------------------------------


CURRENT = [code for code, _ in current_regions()]


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(CURRENT))
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.integers(min_value=0, max_value=999))
    return _make(f"{region}{birth:%Y%m%d}{seq:03d}")


@given(valid_numbers())
def test_generated_numbers_validate(number: str) -> None:
    info = validate_id_number(number, today=TODAY)
    assert info.number == number
    assert info.region_code == number[:6]
    assert f"{info.birth_date:%Y%m%d}" == number[6:14]
    assert info.gender == ("1" if int(number[16]) % 2 else "2")
    assert validate_id_number(number.lower(), today=TODAY) == info


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.integers(1, 10))
def test_single_char_change_fails_the_check(number: str, position: int, delta: int) -> None:
    alphabet = "0123456789X" if position == 17 else "0123456789"
    old = alphabet.index(number[position])
    new = alphabet[(old + delta) % len(alphabet)]
    if new == number[position]:
        return  # delta == 10 on a digit position wraps to the same digit
    changed = number[:position] + new + number[position + 1 :]
    assert _reason(changed) == "check"


@given(valid_numbers(), st.text(max_size=20), st.text(max_size=20))
def test_masking_in_text_hides_embedded_numbers(number: str, before: str, after: str) -> None:
    masked = mask_id_numbers_in_text(f"{before} {number} {after}")
    assert number not in masked
    assert mask_id_number(number) in masked
