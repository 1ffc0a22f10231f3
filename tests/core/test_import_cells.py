"""Spreadsheet cells as clerks fill them: Excel serial dates, ID numbers Excel turned into
numbers, decorated headers and their aliases."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xueji_desktop.core.fields import STUDENT_FIELDS
from xueji_desktop.core.import_cells import (
    ALIASES,
    FAMILY_HEADERS,
    CellIssue,
    bool_cell,
    date_cell,
    excel_serial_date,
    header_key,
    id_number_cell,
    match_headers,
    month_cell,
    text_cell,
    year_cell,
)

# -- serial dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, "1900-01-01"),
        (59, "1900-02-28"),
        (61, "1900-03-01"),
        (39517, "2008-03-10"),
        (44927, "2023-01-01"),
        (44927.75, "2023-01-01"),  # a time of day is dropped
        (2958465, "9999-12-31"),
    ],
)
def test_known_serials(serial: float, expected: str) -> None:
    day = excel_serial_date(serial)
    assert day is not None and day.isoformat() == expected


@pytest.mark.parametrize("serial", [0, 60, -1, 2958466, float("nan"), True])
def test_serials_that_are_no_day(serial: float) -> None:
    assert excel_serial_date(serial) is None


def test_the_1904_date_system() -> None:
    assert excel_serial_date(0, date1904=True) == datetime.date(1904, 1, 1)
    assert excel_serial_date(38055, date1904=True) == excel_serial_date(38055 + 1462)


@given(st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(9999, 12, 31)))
def test_serials_round_trip(day: datetime.date) -> None:
    serial = (day - datetime.date(1899, 12, 30)).days
    assert excel_serial_date(serial) == day
    if not 1900 <= serial <= 2100:  # those are years typed alone (test below)
        assert date_cell(float(serial)) == day.isoformat()


# -- date and month cells -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2008-03-05",
        "2008/3/5",
        "2008年3月5日",
        "２００８－０３－０５".replace("－", "-"),
        20080305,
        20080305.0,
        39512,
        datetime.date(2008, 3, 5),
        datetime.datetime(2008, 3, 5, 14, 30),
    ],
)
def test_date_cells_clerks_type(value: object) -> None:
    assert date_cell(value) == "2008-03-05"


@pytest.mark.parametrize("value", ["2008-02-30", "20081305", 20081305, "昨天", "200803", True])
def test_date_cells_that_are_no_date(value: object) -> None:
    assert isinstance(date_cell(value), CellIssue)


@pytest.mark.parametrize("value", [None, "", "  ", "\u3000"])
def test_an_empty_date_cell_is_empty(value: object) -> None:
    assert date_cell(value) is None and month_cell(value) is None


MONTHS = ["200803", 200803, "2008-03", "2008年3月", "2008-03-05", 39512, datetime.date(2008, 3, 5)]


@pytest.mark.parametrize("value", MONTHS)
def test_month_cells(value: object) -> None:
    assert month_cell(value) == "200803"


@pytest.mark.parametrize("value", ["200813", 200813, "三月", 60])
def test_month_cells_that_are_no_month(value: object) -> None:
    assert isinstance(month_cell(value), CellIssue)


# -- ID numbers -----------------------------------------------------------------------------------


def test_an_id_stored_as_a_number_lost_its_digits() -> None:
    # What Excel keeps of 430502200707126069 typed into a number cell: 15 significant digits.
    assert id_number_cell(4.30502200707126e17) == CellIssue("number_lost_digits")
    assert id_number_cell(430502200707126000) == CellIssue("number_lost_digits")


@pytest.mark.parametrize("text", ["4.30502E+17", "4.30502200707126E+17", "4.3e17", " 4.3E+17 "])
def test_an_id_shown_in_scientific_notation(text: str) -> None:
    assert id_number_cell(text) == CellIssue("scientific")


def test_id_texts_and_short_numbers_are_kept() -> None:
    assert id_number_cell(" 43050220070712606x ") == "43050220070712606X"
    assert id_number_cell("４３０５０２２００７０７１２６０６９") == "430502200707126069"
    assert id_number_cell(110101800101001) == "110101800101001"  # 15 digits: intact
    assert id_number_cell(None) is None and id_number_cell("   ") is None
    for bad in (True, -5, 1.5, object()):
        assert id_number_cell(bad) == CellIssue("wrong_type")


# -- headers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["*姓名", "姓 名", "姓名（必填）", "＊姓名\n(必填)", " 姓名 ", "姓名[必填]"]
)
def test_decorated_headers(text: str) -> None:
    assert header_key(text) == header_key("姓名") == "姓名"


def test_every_label_and_alias_finds_its_field() -> None:
    for spec in STUDENT_FIELDS:
        assert match_headers([spec.label], required=()).columns == {0: spec.name}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            assert match_headers([alias], required=()).by_field == {name: 0}, alias


def test_a_messy_header_row() -> None:
    headers = ["序号", "*学生姓名", None, "身份证号码\n（必填）", "性别", "备注", "证件号码"]
    found = match_headers(headers, required=("name", "id_number", "birth_date"))
    assert found.columns == {1: "name", 3: "id_number", 4: "gender"}
    assert found.unknown == ((0, "序号"), (5, "备注"))
    assert found.repeated == ((6, "id_number"),)
    assert found.missing == ("birth_date",)


def test_a_remembered_mapping_wins() -> None:
    found = match_headers(["编号", "姓名"], remembered={"编号": "student_no"}, required=())
    assert found.columns == {0: "student_no", 1: "name"}


def test_aliases_never_collide_with_another_fields_label() -> None:
    labels = {header_key(s.label): s.name for s in STUDENT_FIELDS}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            assert labels.get(header_key(alias), name) == name, alias


# -- text, yes/no and year cells (issue 6: the student import) ------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  王芳 ", "王芳"),
        ("\u3000王芳\u3000", "王芳"),  # full-width spaces around
        ("\xa0建设路1号\t", "建设路1号"),
        ("'=SUM(A1)", "=SUM(A1)"),  # an export's neutralised formula comes back as typed
        ("'+86 138", "+86 138"),
        ("'-", "-"),
        ("'@home", "@home"),
        ("'abc", "'abc"),  # an apostrophe before other text is the clerk's
        (13812345678.0, "13812345678"),  # a phone typed as a number
        (1, "1"),  # a code typed as a number
        (512.5, "512.5"),
        ("   ", None),
        (None, None),
    ],
)
def test_text_cells(value: object, expected: str | None) -> None:
    assert text_cell(value) == expected


@pytest.mark.parametrize(
    "value", [True, datetime.date(2008, 3, 5), datetime.time(8, 0), float("nan"), b"x"]
)
def test_text_cells_of_the_wrong_type(value: object) -> None:
    assert text_cell(value) == CellIssue("wrong_type")


def test_a_huge_text_cell_is_cut_before_validation_refuses_it() -> None:
    out = text_cell("长" * 1_000_000)
    assert isinstance(out, str) and 2000 < len(out) <= 10_000


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "是"), (False, "否"), (1, "是"), (0, "否"), (1.0, "是"), ("Y", "Y"), ("否", "否")],
)
def test_bool_cells(value: object, expected: str) -> None:
    assert bool_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2001, "2001"),
        ("2001", "2001"),
        ("2001年", "2001"),
        ("2001级", "2001"),
        ("２００１", "2001"),
        (200109, "2001"),
        ("2001-09", "2001"),
        (datetime.date(2001, 9, 1), "2001"),
        (None, None),
        ("", None),
    ],
)
def test_year_cells(value: object, expected: str | None) -> None:
    assert year_cell(value) == expected


@pytest.mark.parametrize("value", ["去年", 1850, "3000", True, 12.5])
def test_cells_that_are_no_year(value: object) -> None:
    assert year_cell(value) == CellIssue("not_a_year")


@pytest.mark.parametrize("value", [2008, 2008.0, 2025.5])
def test_a_year_alone_is_no_date_and_no_month(value: float) -> None:
    assert date_cell(value) == CellIssue("not_a_date")
    assert month_cell(value) == CellIssue("not_a_month")


def test_family_columns_of_the_national_template() -> None:
    headers = [
        "姓名",
        "成员1姓名",
        "成员1关系",
        "成员1联系电话",
        "成员2 姓名",
        "*家庭成员2是否监护人",
    ]
    match = match_headers(headers)
    assert dict(match.columns) == {
        0: "name",
        1: "family_members.0.name",
        2: "family_members.0.relation",
        3: "family_members.0.phone",
        4: "family_members.1.name",
        5: "family_members.1.is_guardian",
    }
    assert not match.unknown and not match.repeated
    assert FAMILY_HEADERS["成员2职务"] == "family_members.1.position"


def test_extra_names_an_import_understands() -> None:
    match = match_headers(["姓名", "离校年份"], extra={"离校年份": "leaving_year"})
    assert dict(match.columns) == {0: "name", 1: "leaving_year"}
    remembered = match_headers(["姓名", "离校年份"], extra={"离校年份": "leaving_year"},
                               remembered={"离校年份": "leaving_date"})  # fmt: skip
    assert remembered.columns[1] == "leaving_date"  # the clerk's choice wins
