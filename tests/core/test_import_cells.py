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
    CellIssue,
    date_cell,
    excel_serial_date,
    header_key,
    id_number_cell,
    match_headers,
    month_cell,
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
