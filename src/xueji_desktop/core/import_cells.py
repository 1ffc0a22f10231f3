"""Spreadsheet cells as clerks really fill them, before validation (issue 6 groundwork).

Readers (python-calamine, openpyxl) hand over Python values: str, int, float, bool, datetime or
None. The record fields (core/fields.py) want text in one form. This module turns a cell into
that text, or says precisely why it cannot (a ``CellIssue`` code a sentence is made from):

- dates typed as text in the usual forms (core/normalize.parse_date) or kept by Excel as serial
  numbers (days since 1899-12-30, or 1904-01-01 in the Mac date system, with Lotus 1-2-3's
  phantom 1900-02-29);
- ID numbers that Excel turned into numbers: a number keeps only 15 significant digits, so an
  18-digit number cell has already lost its last digits in the file, and "4.30502E+17" is the
  same loss shown as text. These are refused, never "repaired";
- header texts with the decorations templates carry (``*姓名``, ``身份证号\\n(必填)``, full-width
  brackets, spaces) matched to field names by label and known aliases.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS
from xueji_desktop.core.normalize import clean_text, fold, fold_upper, parse_date, parse_month

__all__ = [
    "ALIASES",
    "FAMILY_HEADERS",
    "CellIssue",
    "HeaderMatch",
    "bool_cell",
    "date_cell",
    "excel_serial_date",
    "header_key",
    "id_number_cell",
    "match_headers",
    "month_cell",
    "text_cell",
    "year_cell",
]

# Excel's serial day numbers: 1 = 1900-01-01 ... 2958465 = 9999-12-31. Serial 60 is the
# 1900-02-29 that never was (kept by Excel for Lotus 1-2-3 compatibility).
_EPOCH_1900 = datetime.date(1899, 12, 30)
_EPOCH_1904 = datetime.date(1904, 1, 1)
_MAX_SERIAL = 2958465
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?E[+-]?\d+$")
_EXCEL_DIGITS = 15  # significant digits a number cell keeps


@dataclass(frozen=True, slots=True)
class CellIssue:
    """Why a cell cannot be read as its field wants. ``code``: "not_a_date", "not_a_month",
    "scientific" (an ID shown as 4.3E+17), "number_lost_digits" (an ID stored as a number with
    more than 15 digits), "wrong_type" (a value of a type the field cannot take)."""

    code: str


def excel_serial_date(serial: float, *, date1904: bool = False) -> datetime.date | None:
    """The calendar date of an Excel serial number (its time of day dropped); None outside
    Excel's range and for the phantom 1900-02-29."""
    if serial != serial or isinstance(serial, bool):  # NaN, or a bool (an int subclass)
        return None
    day = int(serial)
    if date1904:
        if not 0 <= day <= _MAX_SERIAL - 1462:
            return None
        return _EPOCH_1904 + datetime.timedelta(days=day)
    if not 1 <= day <= _MAX_SERIAL or day == 60:
        return None
    if day < 60:  # before the phantom day the serials are one higher than the calendar
        return _EPOCH_1900 + datetime.timedelta(days=day + 1)
    return _EPOCH_1900 + datetime.timedelta(days=day)


def _number_as_text(value: int | float) -> str | None:
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return str(value)


def _year_alone(value: int | float) -> bool:
    """2008 (or 2008.5) in a date column is a year typed alone, not serial 2008 (1905-06-30):
    serials 1900-2100 are days of 1905, long before any student's or graduate's dates."""
    return 1900 <= value < 2101


def date_cell(value: object, *, date1904: bool = False) -> str | CellIssue | None:
    """ "YYYY-MM-DD" from a date cell, an Excel serial, 20080305 typed as a number, or the text
    forms of normalize.parse_date; None for an empty cell."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    if isinstance(value, bool):
        return CellIssue("wrong_type")
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _number_as_text(value)
        if text is not None and len(text) == 8:  # 20080305 typed as a number
            parsed = parse_date(text)
            return parsed if parsed is not None else CellIssue("not_a_date")
        if _year_alone(value):
            return CellIssue("not_a_date")
        day = excel_serial_date(float(value), date1904=date1904)
        return day.isoformat() if day is not None else CellIssue("not_a_date")
    parsed = parse_date(value)
    return parsed if parsed is not None else CellIssue("not_a_date")


def month_cell(value: object, *, date1904: bool = False) -> str | CellIssue | None:
    """ "YYYYMM" from a date cell, an Excel serial, 200803 typed as a number or the text forms of
    normalize.parse_month (and full dates: their month); None for an empty cell."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    if isinstance(value, bool):
        return CellIssue("wrong_type")
    if isinstance(value, int | float):
        text = _number_as_text(value)
        if text is not None and len(text) == 6:  # 200803 typed as a number
            parsed = parse_month(text)
            return parsed if parsed is not None else CellIssue("not_a_month")
        if _year_alone(value):
            return CellIssue("not_a_month")
        day = excel_serial_date(float(value), date1904=date1904)
        return f"{day.year:04d}{day.month:02d}" if day is not None else CellIssue("not_a_month")
    parsed = parse_month(value)
    if parsed is None:
        full = parse_date(value)  # 2008-03-05 in a month column: the month is what counts
        parsed = full[:4] + full[5:7] if full is not None else None
    return parsed if parsed is not None else CellIssue("not_a_month")


def id_number_cell(value: object) -> str | CellIssue | None:
    """The text of an ID-number cell, or why its digits cannot be trusted; None when empty.

    Number cells of up to 15 digits are intact (a first-generation ID, a passport number) and
    come back as their digits; longer ones lost digits when the file was saved.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return CellIssue("wrong_type")
    if isinstance(value, int | float):
        text = _number_as_text(value)
        if text is None or text.startswith("-"):
            return CellIssue("wrong_type")
        if len(text) > _EXCEL_DIGITS:
            return CellIssue("number_lost_digits")
        return text
    if not isinstance(value, str):
        return CellIssue("wrong_type")
    text = fold_upper(value)
    if not text:
        return None
    if _SCIENTIFIC.match(text):
        return CellIssue("scientific")
    return text


# Characters a spreadsheet would take as the start of a formula; exports write such text with a
# leading apostrophe (xlsx_out.safe_text), which is dropped again on import.
_FORMULA_START = frozenset("=+-@")
_TRIM = " \t\r\n\u3000\xa0\u200b\ufeff"
_HUGE = 10_000  # longer text is cut here: validation refuses it as too long anyway


def text_cell(value: object) -> str | CellIssue | None:
    """The text of a cell for a text, code, region, phone or number field; None when empty.

    Numbers give their digits (13812345678.0 -> "13812345678", 1 -> "1": a code typed as a
    number); stray spaces (also full-width and non-breaking ones) around the text go; an
    apostrophe an export put before = + - @ goes. Dates and yes/no cells cannot be such text.
    Folding full-width characters is left to validation, which knows per field whether it may
    (a name keeps its characters; a phone number is folded).
    """
    if value is None:
        return None
    if isinstance(value, bool | datetime.date | datetime.time):
        return CellIssue("wrong_type")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return CellIssue("wrong_type")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value) if isinstance(value, int) else repr(value)
    if not isinstance(value, str):
        return CellIssue("wrong_type")
    text = value[:_HUGE].strip(_TRIM)
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    return text or None


def bool_cell(value: object) -> str | CellIssue | None:
    """是/否 (also Y/N, 1/0, TRUE/FALSE cells) as text validation reads; None when empty."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float) and value in (0, 1):
        return "是" if value == 1 else "否"
    return text_cell(value)


def year_cell(value: object, *, date1904: bool = False) -> str | CellIssue | None:
    """A year ("2001") from 2001, "2001", "2001年", "2001级", a month or a full date; None when
    empty. Only years from 1900 to 2100 are years."""
    if value is None or isinstance(value, bool):
        return None if value is None else CellIssue("not_a_year")
    if isinstance(value, datetime.date):
        return str(value.year)
    if isinstance(value, int | float):
        text = _number_as_text(value)
        if text is not None and len(text) == 4:
            return text if "1900" <= text <= "2100" else CellIssue("not_a_year")
        if text is not None and len(text) in (6, 8):  # 200109 or 20010901 typed as a number
            month = month_cell(value, date1904=date1904)
            return month[:4] if isinstance(month, str) else CellIssue("not_a_year")
        return CellIssue("not_a_year")  # a date cell comes as a date; a serial is no year
    if not isinstance(value, str):
        return CellIssue("not_a_year")
    text = fold(value[:40]).rstrip("年级届")
    if not text:
        return None
    if len(text) == 4 and text.isascii() and text.isdigit():
        return text if "1900" <= text <= "2100" else CellIssue("not_a_year")
    month = month_cell(value)
    return month[:4] if isinstance(month, str) else CellIssue("not_a_year")


# -- headers ------------------------------------------------------------------------------------

_DECORATION = re.compile(r"^[*＊]+|[*＊]+$|\((必填|必选|选填|可选|如有)\)|\[(必填|选填)\]")

# Other names for a field's column, besides its template label (fields.py). Only names that
# cannot mean another field: 学籍号 is never an alias of 学号, 出生年月 (a month) never of 出生日期.
ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "name": ("学生姓名", "考生姓名"),
        "gender": ("性別",),
        "birth_date": ("出生年月日", "生日"),
        "id_type": ("证件类型",),
        "id_number": (
            "身份证号",
            "身份证号码",
            "身份证件号码",
            "证件号码",
            "证件号",
            "公民身份号码",
        ),
        "class_group": ("班级", "所在班级", "班级名"),
        "student_no": ("学生学号",),
        "nationality": ("国籍", "国籍地区"),
        "hukou_type": ("户籍性质", "户口类型"),
        "enrolment_month": ("入学时间", "入学年月份"),
        "major_code": ("专业名称", "所学专业", "专业代码"),
        "phone": ("手机号", "手机号码", "联系方式", "电话"),
        "home_address": ("家庭住址", "家庭地址", "现住址"),
        "postal_code": ("邮政编码", "邮编"),
        "registry_no": ("全国学籍号", "学籍号码"),
        "email": ("电子信箱", "电子邮箱", "邮箱"),
    }
)


def header_key(text: object) -> str:
    """A header cell reduced to what identifies it: no spaces or line breaks, half-width, no
    required-marks (``*`` or ``(必填)``), upper case."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    key = fold(text)
    previous = None
    while key != previous:  # "*姓名(必填)" has two decorations
        previous, key = key, _DECORATION.sub("", key)
    return key.upper()


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Which column holds which field. ``columns`` maps a 0-based column index to a field name;
    ``unknown`` lists (index, header text) of columns nothing matched (shown to the clerk, who
    may map them by hand); ``repeated`` lists (index, field) of later columns that name a field
    an earlier column already took; ``missing`` the required fields no column holds."""

    columns: Mapping[int, str]
    unknown: tuple[tuple[int, str], ...] = ()
    repeated: tuple[tuple[int, str], ...] = ()
    missing: tuple[str, ...] = ()
    by_field: Mapping[str, int] = field(default_factory=dict)


# The national template's family columns: 成员1姓名 … 成员2职务 (also written 家庭成员1姓名).
# Field names are the dotted paths validation uses ("family_members.0.name").
FAMILY_MEMBERS_IN_TEMPLATE = 2
FAMILY_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        f"{prefix}{n}{spec.label}": f"family_members.{n - 1}.{spec.name}"
        for n in range(1, FAMILY_MEMBERS_IN_TEMPLATE + 2)  # a third member, when a school adds one
        for spec in FAMILY_FIELDS
        for prefix in ("成员", "家庭成员")
    }
)


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in STUDENT_FIELDS:
        table.setdefault(header_key(spec.label), spec.name)
    for name, names in ALIASES.items():
        for alias in names:
            table.setdefault(header_key(alias), name)
    for label, name in FAMILY_HEADERS.items():
        table.setdefault(header_key(label), name)
    return table


_LOOKUP = _lookup()
_REQUIRED = tuple(spec.name for spec in STUDENT_FIELDS if spec.required)


def match_headers(
    headers: Sequence[object],
    *,
    remembered: Mapping[str, str] | None = None,
    required: Sequence[str] = _REQUIRED,
    extra: Mapping[str, str] | None = None,
) -> HeaderMatch:
    """Match a header row to the student fields. ``remembered`` maps header keys to field names
    the clerk chose for this layout before (it wins over the built-in names); ``extra`` maps
    more header texts to names an import understands besides the record fields (历史补录's
    离校年份 …)."""
    chosen = {header_key(k): v for k, v in (extra or {}).items()}
    chosen.update((header_key(k), v) for k, v in (remembered or {}).items())
    columns: dict[int, str] = {}
    by_field: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    repeated: list[tuple[int, str]] = []
    for index, raw in enumerate(headers):
        key = header_key(raw)
        if not key:
            continue
        name = chosen.get(key) or _LOOKUP.get(key)
        if name is None:
            unknown.append((index, clean_text(str(raw))))
        elif name in by_field:
            repeated.append((index, name))
        else:
            columns[index] = name
            by_field[name] = index
    missing = tuple(name for name in required if name not in by_field)
    return HeaderMatch(
        MappingProxyType(columns), tuple(unknown), tuple(repeated), missing,
        MappingProxyType(by_field),
    )  # fmt: skip
