"""学籍异动 rules beyond the state machine (core/lifecycle.py): the ones that need a few facts
(a year of study, the 结业 window), the order of 上报状态, assessment ranks, the pure checks of an
event's inputs and the graduation rule sets. Pure (no SQL); every name here is also importable
from core.lifecycle. Sources: domain.md §1.4, §1.5, §3.13, §7.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeGuard

from xueji_desktop.core.errors import IllegalTransition, ValidationError

# -- rules that need a few facts besides the state ------------------------------------------

ONE_YEAR_DAYS = 365
MIN_GRADED_TERMS = 2


def check_one_year(
    kind: str,
    status: str,
    *,
    enrolled_on: datetime.date | None,
    effective: datetime.date,
    graded_terms: int,
    failed_courses: int,
) -> None:
    """肄业 needs ≥ 1 year of study (365 days and grades in ≥ 2 terms) and no failed course."""
    if enrolled_on is None or (effective - enrolled_on).days < ONE_YEAR_DAYS:
        raise IllegalTransition(kind=kind, status=status, reason="needs_one_year")
    if graded_terms < MIN_GRADED_TERMS:
        raise IllegalTransition(kind=kind, status=status, reason="needs_one_year")
    if failed_courses > 0:
        raise IllegalTransition(
            kind=kind, status=status, reason="failed_courses", count=failed_courses
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months; the 31st falls back to the month's last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


def check_completion_window(
    status: str,
    *,
    completed_on: datetime.date | None,
    issued_on: datetime.date,
    window_months: tuple[int, int],
) -> None:
    """结业 → 毕业 only between ``window_months`` (default ½ to 2 years) after the 结业."""
    kind = "diploma_after_completion"
    if completed_on is None:
        raise IllegalTransition(kind=kind, status=status, reason="not_completed")
    start = add_months(completed_on, window_months[0])
    end = add_months(completed_on, window_months[1])
    if not start <= issued_on <= end:
        raise IllegalTransition(
            kind=kind,
            status=status,
            reason="outside_window",
            window_start=start.isoformat(),
            window_end=end.isoformat(),
        )


# -- 上报状态 of an event ---------------------------------------------------------------------

REPORT_STATUSES: tuple[str, ...] = ("draft", "confirmed", "reported", "approved", "returned")
REPORT_TRANSITIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "draft": frozenset({"confirmed"}),
        "confirmed": frozenset({"reported", "draft"}),
        "reported": frozenset({"approved", "returned"}),
        # Returned by the authority: back to editing, then confirmed and reported again.
        "returned": frozenset({"draft", "confirmed"}),
        "approved": frozenset(),
    }
)


def check_report_transition(current: str, target: str) -> None:
    if target not in REPORT_TRANSITIONS:
        raise IllegalTransition(
            kind="report_status", status=current, reason="unknown_report_status"
        )
    if target not in REPORT_TRANSITIONS.get(current, frozenset()):
        raise IllegalTransition(
            kind="report_status", status=current, reason="report_status_order", target=target
        )


# -- 毕业鉴定 and assessments ------------------------------------------------------------------

ASSESSMENT_RANK: Mapping[str, int] = MappingProxyType(
    {"优秀": 4, "良好": 3, "中等": 2, "合格": 1, "及格": 1, "不合格": 0, "不及格": 0}
)


def rank_assessment(value: str) -> int | None:
    """Order of an assessment label (优秀 > 良好 > 中等 > 合格/及格 > 不合格), None if unknown."""
    return ASSESSMENT_RANK.get(value.strip()) if isinstance(value, str) else None


# -- inputs of an event (pure checks; the services add the ones that need the archive) -------

MAX_TEXT = 200


def is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_date(field: str, value: object) -> datetime.date:
    if isinstance(value, datetime.datetime) or not isinstance(value, str | datetime.date):
        raise ValidationError(field=field, reason="format")
    if isinstance(value, datetime.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field=field, reason="format") from None


def clean_text(field: str, value: object, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise ValidationError(field=field, reason="type")
    if len(value) > limit:
        raise ValidationError(field=field, reason="too_long")
    return value.strip()


def enrolled_on(student: Mapping[str, Any]) -> datetime.date | None:
    month = str(student["enrolment_month"] or "")
    try:
        return datetime.date(int(month[:4]), int(month[4:6]), 1)
    except ValueError:
        return None


# -- graduation rules (JSON per major; docs/design/lifecycle.md) -----------------------------

BUILTIN_GRADUATION_RULES: Mapping[str, Any] = {
    "required_courses": "all_required",
    "min_credits": 0,
    "internship_required": False,
    "min_assessment": "",
    "blocking_punishments": None,  # None: every open punishment blocks
    "required_certificates": 0,
    "completion_window_months": [6, 24],
}


def _bad(key: str, reason: str = "invalid") -> ValidationError:
    return ValidationError(field=f"rules.{key}", reason=reason)


def check_graduation_rules(rules: object) -> dict[str, Any]:
    """A checked copy of a (possibly partial) rule set; raises ValidationError(field=rules.KEY)."""
    if not isinstance(rules, Mapping):
        raise ValidationError(field="rules", reason="type")
    out: dict[str, Any] = {}
    for key, value in rules.items():
        if key not in BUILTIN_GRADUATION_RULES:
            raise _bad(str(key)[:40], "unknown_key")
        if key == "required_courses":
            ok = value == "all_required" or (
                isinstance(value, list)
                and len(value) <= 500
                and all(isinstance(c, str) and 0 < len(c.strip()) <= 30 for c in value)
            )
            if not ok:
                raise _bad(key)
            value = value if isinstance(value, str) else sorted({c.strip() for c in value})
        elif key in ("min_credits", "required_certificates"):
            if not (is_int(value) or (key == "min_credits" and isinstance(value, float))):
                raise _bad(key, "type")
            if not 0 <= value <= 1000:
                raise _bad(key, "range")
        elif key == "internship_required":
            if not isinstance(value, bool):
                raise _bad(key, "type")
        elif key == "min_assessment":
            if value != "" and value not in ("优秀", "良好", "合格"):
                raise _bad(key)
        elif key == "blocking_punishments":
            if value is not None and not (
                isinstance(value, list)
                and all(isinstance(v, str) and 0 < len(v) <= 20 for v in value)
            ):
                raise _bad(key)
        elif key == "completion_window_months":
            if not (
                isinstance(value, list | tuple)
                and len(value) == 2
                and all(is_int(v) for v in value)
                and 0 <= value[0] <= value[1] <= 120
            ):
                raise _bad(key)
            value = [int(value[0]), int(value[1])]
        out[str(key)] = value
    return out
