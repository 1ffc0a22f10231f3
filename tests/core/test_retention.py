"""The backup retention policy (issue 7 groundwork): examples and properties (hypothesis)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xueji_desktop.core.retention import Backup, Policy, kept, school_year

D = datetime.datetime


def daily(start: D, days: int, hour: int = 18) -> list[Backup]:
    return [
        Backup(f"b{n:04d}", (start + datetime.timedelta(days=n)).replace(hour=hour))
        for n in range(days)
    ]


def test_a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly_and_year_ends() -> None:
    backups = daily(D(2025, 1, 1), 730)  # 2025-01-01 .. 2026-12-31
    keep = {b.taken.date() for b in backups if b.name in kept(backups)}
    newest = backups[-1].taken.date()
    assert {newest - datetime.timedelta(days=n) for n in range(7)} <= keep  # 7 daily
    # 12 monthly: the last day of each of the 12 most recent months
    for month in range(1, 13):
        days = [b.taken.date() for b in backups if (b.taken.year, b.taken.month) == (2026, month)]
        last = max(days)
        assert last in keep
    # every school year's and calendar year's newest backup, for ever
    assert datetime.date(2025, 8, 31) in keep and datetime.date(2026, 8, 31) in keep
    assert datetime.date(2025, 12, 31) in keep
    # and not much else: 7 + 4 + 12 + a few year ends at most
    assert len(keep) <= 7 + 4 + 12 + 4


def test_the_newest_verified_backup_is_kept_even_with_a_zero_policy() -> None:
    backups = daily(D(2026, 1, 1), 10)
    none = Policy(daily=0, weekly=0, monthly=0, school_years=False, years=False)
    assert kept(backups, none) == {"b0009"}


def test_unverified_backups_are_never_pruned_here_and_never_count() -> None:
    backups = daily(D(2026, 1, 1), 3)
    backups.append(Backup("partial", D(2026, 1, 4, 18), verified=False))
    keep = kept(backups, Policy(daily=1, weekly=0, monthly=0, school_years=False, years=False))
    assert keep == {"partial", "b0002"}  # b0002: the newest *verified* one


def test_after_a_failed_backup_nothing_is_pruned() -> None:
    backups = daily(D(2026, 1, 1), 40)
    assert kept(backups, last_attempt_failed=True) == {b.name for b in backups}


def test_names_must_be_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        kept([Backup("a", D(2026, 1, 1)), Backup("a", D(2026, 1, 2))])


def test_school_years_start_in_september() -> None:
    assert school_year(D(2026, 8, 31, 23)) == 2025
    assert school_year(D(2026, 9, 1)) == 2026


moments = st.datetimes(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))
backup_lists = st.lists(st.tuples(moments, st.booleans()), min_size=0, max_size=60).map(
    lambda items: [Backup(f"b{i}", t, v) for i, (t, v) in enumerate(items)]
)


@settings(max_examples=300, deadline=None)
@given(backup_lists, st.integers(0, 10), st.integers(0, 6), st.integers(0, 15), st.booleans())
def test_properties(
    backups: list[Backup], days: int, weeks: int, months: int, failed: bool
) -> None:
    policy = Policy(daily=days, weekly=weeks, monthly=months)
    keep = kept(backups, policy, last_attempt_failed=failed)
    names = {b.name for b in backups}
    assert keep <= names
    assert {b.name for b in backups if not b.verified} <= keep  # never deleted here
    good = [b for b in backups if b.verified]
    if good:
        newest = max(good, key=lambda b: (b.taken, b.name))
        assert newest.name in keep
    if failed:
        assert keep == names
    # deterministic and independent of the order the drive lists them in
    assert kept(list(reversed(backups)), policy, last_attempt_failed=failed) == keep
    # a bound: each rule keeps at most one backup per period
    years = {b.taken.year for b in good} | {school_year(b.taken) + 10_000 for b in good}
    unverified = len(names) - len(good)
    if not failed:
        assert len(keep) <= unverified + 1 + days + weeks + months + len(years)
