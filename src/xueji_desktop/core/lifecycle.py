"""学籍状态 and 学籍异动: the states, the event kinds and the legal transitions between them.

Pure rules (no SQL). The rules that need a few facts besides the state, the 上报状态 order, the
input helpers and the graduation rule sets are in core/lifecycle_checks.py (importable from here
too). The services (services/status_changes.py, services/graduation.py) load the facts from the
archive and ask this module; a refusal is an ``IllegalTransition`` whose ``reason``
is a rule code (sentences live in messages.py). Sources: domain.md §1.4, §1.5, §3.13, §7.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from xueji_desktop.core import codes
from xueji_desktop.core.errors import IllegalTransition, ValidationError
from xueji_desktop.core.labels import STATUS_LABELS
from xueji_desktop.core.lifecycle_checks import (
    ASSESSMENT_RANK,
    BUILTIN_GRADUATION_RULES,
    MAX_TEXT,
    MIN_GRADED_TERMS,
    ONE_YEAR_DAYS,
    REPORT_STATUSES,
    REPORT_TRANSITIONS,
    add_months,
    check_completion_window,
    check_graduation_rules,
    check_one_year,
    check_report_transition,
    clean_text,
    enrolled_on,
    is_int,
    parse_date,
    rank_assessment,
)

__all__ = [
    "ASSESSMENT_RANK",
    "BUILTIN_GRADUATION_RULES",
    "CATEGORY_CODES",
    "DIPLOMA_KINDS",
    "GRADUATION_KINDS",
    "KINDS",
    "LEFT_STATES",
    "LOCKED_STATES",
    "MAX_TEXT",
    "MIN_GRADED_TERMS",
    "MOVE_KINDS",
    "NEW_RECORD",
    "ONE_YEAR_DAYS",
    "OUTCOME_OF",
    "REASON_CODES",
    "REPORT_STATUSES",
    "REPORT_TRANSITIONS",
    "SPECS",
    "STATUSES",
    "STATUS_LABELS",
    "KindSpec",
    "add_months",
    "check_codes",
    "check_completion_window",
    "check_details",
    "check_graduation_rules",
    "check_one_year",
    "check_report_transition",
    "clean_text",
    "enrolled_on",
    "is_int",
    "is_locked",
    "parse_date",
    "rank_assessment",
    "transition",
]

ENROLLED = "enrolled"
ON_LEAVE = "on_leave"
NEW_RECORD = "none"  # status_before of a 转入 that creates the record

STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
# Every state a student leaves the school in; such records are locked against ordinary edits.
LEFT_STATES: frozenset[str] = frozenset(STATUSES) - {ENROLLED, ON_LEAVE}
LOCKED_STATES = LEFT_STATES

# JY/T 1001 学籍异动类别 (domain.md §3.13), code -> label: the versioned code table.
CATEGORY_CODES: Mapping[str, str] = MappingProxyType(dict(codes.choices("status_change_category")))
REASON_CODES: Mapping[str, str] = MappingProxyType(dict(codes.choices("status_change_reason")))


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One 学籍异动 kind: where it may start, where it ends (None: stays), what it needs."""

    kind: str
    category_code: str
    from_states: frozenset[str]
    to_state: str | None
    required_details: tuple[str, ...] = ()
    optional_details: tuple[str, ...] = ()


_ACTIVE = frozenset({ENROLLED, ON_LEAVE})
_EN = frozenset({ENROLLED})


def _spec(
    kind: str,
    code: str,
    src: frozenset[str],
    dst: str | None,
    req: tuple[str, ...] = (),
    opt: tuple[str, ...] = (),
) -> KindSpec:
    # "remark" is free text any event may carry.
    return KindSpec(kind, code, src, dst, req, (*opt, "remark"))


SPECS: Mapping[str, KindSpec] = MappingProxyType(
    {
        s.kind: s
        for s in (
            _spec("leave_of_absence", "11", _EN, ON_LEAVE, ("expected_return_date",)),
            _spec("return_from_leave", "12", frozenset({ON_LEAVE}), ENROLLED, (),
                  ("class_group_id",)),
            _spec("withdrawal", "31", _ACTIVE, "withdrawn"),
            _spec("transfer_out", "21", _ACTIVE, "transferred_out", (), ("to_school",)),
            _spec("transfer_in", "22", frozenset({NEW_RECORD, "transferred_out", "withdrawn"}),
                  ENROLLED, (), ("class_group_id", "major_code", "from_school")),
            _spec("expulsion", "42", _ACTIVE, "expelled"),
            _spec("repeat_year", "02", _EN, None, ("class_group_id",)),
            _spec("demotion", "03", _EN, None, ("class_group_id",)),
            _spec("change_major", "23", _EN, None, ("major_code",), ("class_group_id",)),
            _spec("change_class", "29", _EN, None, ("class_group_id",)),
            _spec("deregistration", "18", _ACTIVE, "deregistered"),
            _spec("death", "51", _ACTIVE, "deceased"),
            _spec("graduation", "", _EN, "graduated", (), ("diploma_no",)),
            _spec("early_graduation", "61", _EN, "graduated", (), ("diploma_no",)),
            _spec("completion", "62", _EN, "completed_without_diploma"),
            _spec("diploma_after_completion", "",
                  frozenset({"completed_without_diploma"}), "graduated", (), ("diploma_no",)),
            _spec("studied_without_completing", "63", _ACTIVE, "studied_without_completing"),
        )
    }
)  # fmt: skip
KINDS: tuple[str, ...] = tuple(SPECS)
MOVE_KINDS: frozenset[str] = frozenset({"repeat_year", "demotion", "change_major", "change_class"})
# Kinds that end in a graduation outcome (students.graduation_outcome / graduation_date).
GRADUATION_KINDS: frozenset[str] = frozenset(
    {
        "graduation",
        "early_graduation",
        "completion",
        "diploma_after_completion",
        "studied_without_completing",
    }
)
# Kinds that issue a 毕业证书 (and so a diploma number).
DIPLOMA_KINDS: frozenset[str] = frozenset(
    {"graduation", "early_graduation", "diploma_after_completion"}
)


def is_locked(status: str) -> bool:
    """True for a record whose student has left: edits need an admin and a reason."""
    return status in LOCKED_STATES


def _refusal(spec: KindSpec, status: str) -> str:
    if status == NEW_RECORD:
        return "no_record"
    if spec.kind == "transfer_in":
        return "already_enrolled" if status in _ACTIVE else "cannot_reactivate"
    if spec.kind == "diploma_after_completion":
        return "not_completed"
    if status in LEFT_STATES:
        return "already_left"
    if spec.from_states == frozenset({ON_LEAVE}):
        return "not_on_leave"
    return "not_enrolled"


def transition(kind: str, status: str) -> str:
    """The state after ``kind`` from ``status`` (``NEW_RECORD`` for a record being created).

    Raises IllegalTransition(kind=, status=, reason=) with reason "unknown_kind",
    "unknown_status", "no_record", "not_enrolled", "not_on_leave", "already_left",
    "already_enrolled", "cannot_reactivate" or "not_completed".
    """
    spec = SPECS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise IllegalTransition(kind=str(kind)[:40], status=str(status)[:40], reason="unknown_kind")
    if not isinstance(status, str) or (status not in STATUS_LABELS and status != NEW_RECORD):
        raise IllegalTransition(kind=kind, status=str(status)[:40], reason="unknown_status")
    if status not in spec.from_states:
        raise IllegalTransition(kind=kind, status=status, reason=_refusal(spec, status))
    return spec.to_state if spec.to_state is not None else status


# -- inputs of an event (pure checks; the services add the ones that need the archive) -------

# students.graduation_outcome set by each kind that ends in one.
OUTCOME_OF: Mapping[str, str] = MappingProxyType(
    {
        "graduation": "graduation",
        "early_graduation": "early_graduation",
        "diploma_after_completion": "graduation",
        "completion": "completion",
        "studied_without_completing": "studied_without_completing",
    }
)


def check_details(kind: str, details: object) -> dict[str, Any]:
    if details is None:
        details = {}
    if not isinstance(details, Mapping):
        raise ValidationError(field="details", reason="type")
    spec = SPECS[kind]
    allowed = set(spec.required_details) | set(spec.optional_details)
    out: dict[str, Any] = {}
    for key, value in details.items():
        if not isinstance(key, str) or key not in allowed:
            raise ValidationError(field=f"details.{str(key)[:40]}", reason="not_for_kind")
        if key in ("class_group_id",):
            if not is_int(value):
                raise ValidationError(field="details.class_group_id", reason="type")
            out[key] = value
        elif key == "expected_return_date":
            out[key] = parse_date("details.expected_return_date", value).isoformat()
        else:
            out[key] = clean_text(f"details.{key}", value)
    for key in spec.required_details:
        if out.get(key) in (None, ""):
            raise ValidationError(field=f"details.{key}", reason="required")
    return out


def check_codes(kind: str, category_code: object, reason_code: object) -> tuple[str, str]:
    category = clean_text("category_code", category_code, 2) or SPECS[kind].category_code
    if category and category not in CATEGORY_CODES:
        raise ValidationError(field="category_code", reason="unknown")
    # JY/T 1001 学籍异动原因 (two-level; the detailed causes of death 4x-7x are not in the
    # table yet: 89 其他原因死亡 serves until they are, domain.md §3.13).
    # Codes or labels; full-width digits are folded (codes.code_of normalises).
    text = clean_text("reason_code", reason_code, 40)
    reason = codes.code_of("status_change_reason", text) if text else ""
    if reason is None:
        raise ValidationError(field="reason_code", reason="unknown")
    return category, reason
