"""Agreement with python-stdnum's ``stdnum.cn.ric`` on generated ID numbers.

Documented differences (both are deliberate, see core/id_number.py):
- A region code that began *after* the birth year: stdnum refuses, we accept (people are
  registered late, e.g. 110118 密云区 [2015-] on a 1990 birth).
- Birth dates before 1900 or after ``today``: stdnum accepts any real date, we refuse.
- 港澳台居民居住证 prefixes 810000/820000/830000: we accept for any birth year.
Everything else (length, characters, check character, unknown region, abolished region, impossible
dates) must agree.
"""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from xueji_desktop.core.id_number import (
    RESIDENCE_PERMIT_PREFIXES,
    check_char,
    is_valid_id_number,
)
from xueji_desktop.core.regions import region_periods

TODAY = datetime.date(2026, 1, 1)
KNOWN = ["110104", "110111", "110118", "120110", "430502", "440305", "810000", "999999",
         "110199", "130204", "542621", "659012", "710000"]  # fmt: skip


def _began_after(region: str, year: int) -> bool:
    periods = region_periods(region)
    covers = any(
        (p.first_year is None or p.first_year <= year)
        and (p.last_year is None or year <= p.last_year)
        for p in periods
    )
    return (
        bool(periods)
        and not covers
        and any(p.first_year is not None and p.first_year > year for p in periods)
    )


@st.composite
def numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(KNOWN) | st.from_regex(r"[1-8][0-9]{5}", fullmatch=True))
    year = draw(st.integers(1890, 2030))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{year:04d}{month:02d}{day:02d}{seq:03d}"
    check = check_char(first17)
    if draw(st.booleans()):
        check = draw(st.sampled_from("0123456789X"))
    return first17 + check


@settings(max_examples=600)
@given(numbers())
def test_agrees_with_stdnum(number: str) -> None:
    ours = is_valid_id_number(number, today=TODAY)
    try:
        theirs = ric.is_valid(number)
    except KeyError:
        # stdnum 2.2 bug: a code known only at province level (e.g. 81xxxx other than 810000)
        # raises KeyError('county') instead of InvalidComponent. Count it as a refusal.
        theirs = False
    if ours == theirs:
        return
    year = int(number[6:10])
    try:
        birth = datetime.date(year, int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    documented = birth is not None and (
        (ours and _began_after(number[:6], year))
        or (not ours and (year < 1900 or birth > TODAY))
        or (ours and number[:6] in RESIDENCE_PERMIT_PREFIXES)
    )
    assert documented, f"undocumented disagreement: ours={ours} stdnum={theirs}"


def test_the_documented_differences_exist() -> None:
    late = "11011819900101001"  # 密云区 [2015-], born 1990
    late += check_char(late)
    assert is_valid_id_number(late, today=TODAY) and not ric.is_valid(late)
    old = "11010518800101001"  # 朝阳区 has no year range
    old += check_char(old)
    assert ric.is_valid(old) and not is_valid_id_number(old, today=TODAY)
    abolished = "11010420150101001"
    abolished += check_char(abolished)
    assert not is_valid_id_number(abolished, today=TODAY) and not ric.is_valid(abolished)
