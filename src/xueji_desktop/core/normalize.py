"""Text clean-up shared by the code tables, the ID rules and validation (domain.md §8).

Values arrive from Excel, web forms and copy-paste with look-alike characters: full-width digits
and letters, non-breaking and ideographic spaces, zero-width characters, a BOM. These helpers fold
them before any comparison. ASCII input takes a fast path: it is already NFC and NFKC.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

__all__ = [
    "INVISIBLE",
    "clean_text",
    "fix_name_dots",
    "fold",
    "fold_upper",
    "has_control",
    "local_moment",
    "parse_bool",
    "parse_date",
    "parse_month",
    "scalar_text",
]

# Zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen: invisible in a cell.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Controls, and lone surrogates (they cannot be stored as UTF-8: "\ud800" from broken input).
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters str.strip() keeps but a clerk cannot see.
_STRIP = " \t\r\n\x0b\x0c\xa0\u3000" + INVISIBLE


def clean_text(value: str) -> str:
    """Trim (spaces, NBSP, U+3000, zero-width), drop zero-width chars, NFC."""
    if value.isascii():
        return value.strip()
    text = _INVISIBLE_RE.sub("", value).strip(_STRIP)
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def fold(value: str) -> str:
    """NFKC (full-width to half-width, brackets too) with every space and zero-width removed."""
    if value.isascii():
        return "".join(value.split())
    text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", value))
    return "".join(text.split())


def fold_upper(value: str) -> str:
    """fold() then upper-case: the lookup key of codes and labels."""
    return fold(value).upper()


def has_control(value: str) -> bool:
    """True when the text holds a control character (tab, newline, NUL, C1 controls) or a lone
    surrogate."""
    return _CONTROL_RE.search(value) is not None


# --- Values of the record fields (core/fields.py kinds) ---------------------------------------

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?:[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})|(?P<m2>\d{2})(?P<d2>\d{2})"
    r"|年(?P<m3>\d{1,2})月(?P<d3>\d{1,2})日?)$"
)
_MONTH_RE = re.compile(
    r"^(?P<y>\d{4})(?:[-/.]?(?P<m1>\d{2})|[-/.](?P<m2>\d)|年(?P<m3>\d{1,2})月?)$"
)
_BOOLS = {"是": 1, "否": 0, "1": 1, "0": 0, "TRUE": 1, "FALSE": 0, "Y": 1, "N": 0, "YES": 1,
          "NO": 0, "T": 1, "F": 0}  # fmt: skip
# Look-alikes of the middle dot in names (katakana, bullet, hyphenation point, dot operator, …).
_NAME_DOTS = str.maketrans(dict.fromkeys("・･•‧⋅∙·•", "·"))


def scalar_text(value: object) -> str | None:
    """Text of a str/int/float cell (12.0 -> "12"); None for any other type."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def parse_date(value: object) -> str | None:
    """ "YYYY-MM-DD" from a date/datetime or the text forms 2010-03-15, 2010/3/15, 20100315,
    2010.03.15, 2010年3月15日; None when it is not a real date."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = scalar_text(value)
    if text is None:
        return None
    m = _DATE_RE.match(fold(text))
    if m is None:
        return None
    month = m.group("m1") or m.group("m2") or m.group("m3")
    day = m.group("d1") or m.group("d2") or m.group("d3")
    try:
        return datetime.date(int(m.group("y")), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_month(value: object) -> str | None:
    """ "YYYYMM" from a date or the forms 202509, 2025-09, 2025/9, 2025年9月; else None."""
    if isinstance(value, datetime.date):
        return f"{value.year:04d}{value.month:02d}"
    text = scalar_text(value)
    if text is None:
        return None
    m = _MONTH_RE.match(fold(text))
    if m is None:
        return None
    month = int(m.group("m1") or m.group("m2") or m.group("m3"))
    return f"{m.group('y')}{month:02d}" if 1 <= month <= 12 else None


def parse_bool(value: object) -> int | None:
    """1/0 from 是/否, 1/0, true/false, Y/N (any case and width) or a bool; else None."""
    if isinstance(value, bool):
        return int(value)
    text = scalar_text(value)
    return None if text is None else _BOOLS.get(fold_upper(text))


def fix_name_dots(text: str) -> str:
    return text.translate(_NAME_DOTS)


def local_moment(stamp: str) -> datetime.datetime | None:
    """The archive's UTC time stamp ("2026-11-26T06:22:13.43Z", see storage/layout.now_utc) as
    the computer's local time; None for text that is no such stamp. Every screen and command
    shows times through this, so a clerk in UTC+8 never reads a time eight hours off."""
    try:
        moment = datetime.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone()
