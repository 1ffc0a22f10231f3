"""GB 11643-1999 resident ID numbers (公民身份号码).

18 chars = 6-digit address code (GB/T 2260) + 8-digit birth date YYYYMMDD + 3-digit sequence
(odd = male, even = female) + ISO 7064 MOD 11-2 check char (0-9 or X).
See domain.md §6.1.

Region rule (issue 3 §2): the address code must be a GB/T 2260 code of some revision (reason
"region") that was still in use in the birth year (reason "region_abolished": 110104 宣武区 is
fine for a 1990 birth, not for a 2015 one). A code that began after the birth year is accepted:
people are registered late. python-stdnum's ``cn.ric`` refuses that case; it is the one
documented difference. The 港澳台居民居住证 prefixes 810000/820000/830000 are accepted too.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from xueji_desktop.core.errors import InvalidIdNumber
from xueji_desktop.core.normalize import INVISIBLE
from xueji_desktop.core.regions import region_last_years

__all__ = [
    "MIN_BIRTH_YEAR",
    "RESIDENCE_PERMIT_PREFIXES",
    "IdNumberInfo",
    "check_char",
    "is_valid_id_number",
    "mask_id_number",
    "mask_id_numbers_in_text",
    "normalize_id_number",
    "upgrade_15",
    "validate_id_number",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_CHECK_OF = "0123456789X"  # check char by (1 - 2 * base-13 value) mod 11
_ASCII_DIGITS = frozenset("0123456789")
# Characters stripped from both ends besides whitespace: zero-width space/joiners, BOM.
_INVISIBLE = INVISIBLE

MIN_BIRTH_YEAR = 1900
"""Birth dates before this year are rejected with reason "birth_date"."""

RESIDENCE_PERMIT_PREFIXES = frozenset({"810000", "820000", "830000"})
"""港澳台居民居住证 numbers use these address codes (HK, Macau, Taiwan)."""


@dataclass(frozen=True, slots=True)
class IdNumberInfo:
    """A validated 18-char ID number and the facts encoded in it."""

    number: str
    region_code: str
    birth_date: datetime.date
    gender: str  # GB/T 2261.1: "1" male, "2" female
    upgraded_from_15: bool = False  # given as a 15-digit first-generation number


def normalize_id_number(s: str) -> str:
    """NFKC-normalise (full-width digits and X to half-width), strip, upper-case x."""
    if s.isascii():
        return s.strip().replace("x", "X")
    text = unicodedata.normalize("NFKC", s)
    text = text.strip().strip(_INVISIBLE).strip()
    return text.replace("x", "X")


def _is_digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


def check_char(first17: str) -> str:
    """Return the MOD 11-2 check char for the first 17 digits.

    Raises ValueError if ``first17`` is not exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not _is_digits(first17):
        raise ValueError("check_char expects exactly 17 ASCII digits")
    return _check_of(first17)


def _check_of(first17: str) -> str:
    # Same as the weighted sum with _WEIGHTS (the weights are 2^(18-i) mod 11), computed in C:
    # the form python-stdnum uses.
    return _CHECK_OF[(1 - 2 * int(first17, 13)) % 11]


def upgrade_15(s: str) -> str:
    """Convert a 15-digit first-generation number to 18 chars.

    "19" is inserted before the 2-digit birth year and the check char appended. The result is
    not otherwise validated: call validate_id_number on it.
    Raises InvalidIdNumber with reason "length" or "chars".
    """
    number = normalize_id_number(s)
    if len(number) != 15:
        raise InvalidIdNumber(reason="length", value=number)
    if not _is_digits(number):
        raise InvalidIdNumber(reason="chars", value=number)
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def validate_id_number(
    s: str, *, today: datetime.date | None = None, accept_15: bool = False
) -> IdNumberInfo:
    """Normalise and validate an 18-char ID number (or a 15-digit one with ``accept_15``).

    Checks, in this order: length (18; 15 only with ``accept_15``, upgraded by upgrade_15),
    chars (17 digits + digit or X), check char, region (a GB/T 2260 code of any revision, or a
    居住证 prefix), birth date (a real date, not before MIN_BIRTH_YEAR, not after ``today``),
    region_abolished (the code went out of use before the birth year).
    Raises InvalidIdNumber(reason=...) on the first failure.
    """
    number = s.strip().replace("x", "X") if s.isascii() else normalize_id_number(s)
    upgraded = False
    if accept_15 and len(number) == 15:
        number = upgrade_15(number)
        upgraded = True
    if len(number) != 18:
        raise InvalidIdNumber(reason="length", value=number)
    first17, last = number[:17], number[17]
    if not (first17.isascii() and first17.isdigit()) or not (last == "X" or last in _ASCII_DIGITS):
        raise InvalidIdNumber(reason="chars", value=number)
    if _CHECK_OF[(1 - 2 * int(first17, 13)) % 11] != last:  # see _check_of
        raise InvalidIdNumber(reason="check", value=number)
    region = number[:6]
    permit = region in RESIDENCE_PERMIT_PREFIXES
    last_years = region_last_years()
    if not permit and region not in last_years:
        raise InvalidIdNumber(reason="region", value=number)
    try:
        birth = datetime.date.fromisoformat(number[6:14])  # YYYYMMDD, ASCII digits
    except ValueError:
        raise InvalidIdNumber(reason="birth_date", value=number) from None
    if today is None:
        today = datetime.date.today()
    if birth.year < MIN_BIRTH_YEAR or birth > today:
        raise InvalidIdNumber(reason="birth_date", value=number)
    ended = None if permit else last_years[region]
    if ended is not None and ended < birth.year:
        raise InvalidIdNumber(reason="region_abolished", value=number)
    gender = "1" if number[16] in "13579" else "2"
    return IdNumberInfo(number, region, birth, gender, upgraded)


def is_valid_id_number(
    s: str, *, today: datetime.date | None = None, accept_15: bool = False
) -> bool:
    """True when validate_id_number accepts ``s``."""
    try:
        validate_id_number(s, today=today, accept_15=accept_15)
    except InvalidIdNumber:
        return False
    return True


def mask_id_number(s: str) -> str:
    """Mask an ID number for display or logs.

    15/18-char values keep the first 6 and last 4 chars (``110105********1234``). Any other
    value keeps only its last 2 chars; values of 2 chars or fewer are masked entirely.
    """
    text = normalize_id_number(s)
    n = len(text)
    if n in (15, 18):
        return text[:6] + "*" * (n - 10) + text[-4:]
    if n <= 2:
        return "*" * n
    return "*" * (n - 2) + text[-2:]


# 17 digits + digit/X, or 15 digits; not part of a longer digit run. \d also matches
# full-width digits so unnormalised input is scrubbed too.
_ID_IN_TEXT = re.compile(r"(?<!\d)(?:\d{17}[\dXxＸｘ]|\d{15})(?!\d)")


def _mask_match(m: re.Match[str]) -> str:
    run = m.group(0)
    return run[:6] + "*" * (len(run) - 10) + run[-4:]


def mask_id_numbers_in_text(text: str) -> str:
    """Mask every 18-char or 15-digit ID-like run inside free text (e.g. audit entries).

    Digit runs of other lengths (phone numbers, longer account numbers) are left untouched.
    """
    return _ID_IN_TEXT.sub(_mask_match, text)
