"""Which backups to keep: the retention policy of issue 7, as a pure function (groundwork).

Keep the newest verified backup of each of the 7 most recent days that have one, of the 4 most
recent ISO weeks, of the 12 most recent months, and of every school year (1 September – 31
August, so the year-end backup after graduation is kept for good) and every calendar year. The
newest verified backup is always kept. Backups that are not verified are not this function's
business (a partial or failed backup is cleaned up separately and never counts); after a failed
backup nothing is pruned at all, so a drive going bad never loses the copies it still has.

Like restic's ``forget --keep-daily/--keep-weekly/--keep-monthly/--keep-yearly``: a period
without a backup does not count towards its limit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Backup", "Policy", "kept", "school_year"]


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup on the drive: its name (unique), when it was taken (local time) and whether its
    manifest and verification hold."""

    name: str
    taken: datetime.datetime
    verified: bool = True


@dataclass(frozen=True, slots=True)
class Policy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    school_years: bool = True  # every school year's newest backup, for ever
    years: bool = True  # every calendar year's newest backup, for ever


def school_year(moment: datetime.datetime) -> int:
    """The school year a moment belongs to, by its starting year (2025 for 2025-09-01 to
    2026-08-31)."""
    return moment.year if moment.month >= 9 else moment.year - 1


def _newest_per(
    backups: Sequence[Backup], key: Callable[[Backup], Hashable], limit: int | None
) -> set[str]:
    """The newest backup of each period (``key``), for the ``limit`` most recent periods."""
    seen: set[Hashable] = set()
    out: set[str] = set()
    for b in backups:  # newest first
        period = key(b)
        if period in seen:
            continue
        if limit is not None and len(seen) >= limit:
            break
        seen.add(period)
        out.add(b.name)
    return out


def kept(
    backups: Iterable[Backup], policy: Policy = Policy(), *, last_attempt_failed: bool = False
) -> set[str]:
    """The names of the backups to keep; every other verified backup may be deleted.

    Backups that are not verified are always in the answer (this function never deletes them);
    after a failed attempt every backup is kept.
    """
    everything = list(backups)
    names = {b.name for b in everything}
    if len(names) != len(everything):
        raise ValueError("backup names must be unique")
    if last_attempt_failed:
        return names
    unverified = {b.name for b in everything if not b.verified}
    good = sorted(
        (b for b in everything if b.verified), key=lambda b: (b.taken, b.name), reverse=True
    )
    keep = set(unverified)
    if good:
        keep.add(good[0].name)  # the newest verified backup, whatever the policy says
    keep |= _newest_per(good, lambda b: b.taken.date(), policy.daily)
    keep |= _newest_per(good, lambda b: b.taken.isocalendar()[:2], policy.weekly)
    keep |= _newest_per(good, lambda b: (b.taken.year, b.taken.month), policy.monthly)
    if policy.school_years:
        keep |= _newest_per(good, lambda b: school_year(b.taken), None)
    if policy.years:
        keep |= _newest_per(good, lambda b: b.taken.year, None)
    return keep
