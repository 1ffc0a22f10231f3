"""Retention rules per document type: defaults, the fixed 学籍档案 types, garbage refused."""

from __future__ import annotations

import datetime
import json

import pytest

from tests.conftest import CLERK, CLERK_PASSWORD, add_clerk
from xueji_desktop.core.errors import PermissionDenied, RecordInvalid
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.retention_rules import (
    PERMANENT_TYPES,
    due_on,
    get_rules,
    period_end,
    set_rule,
)


def codes(exc: pytest.ExceptionInfo[RecordInvalid]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in exc.value.problems]


def test_every_type_is_permanent_by_default(archive: Created) -> None:
    rules = get_rules(archive.session)
    conn = archive.session.archive.db.conn
    assert [r.doc_type for r in rules] == [
        str(r[0]) for r in conn.execute("SELECT code FROM document_types ORDER BY sort_order")
    ]
    assert all(r.permanent and r.years is None for r in rules)
    assert {r.doc_type for r in rules if r.fixed} == PERMANENT_TYPES
    assert {
        "enrolment_form",
        "conduct_record",
        "transcript",
        "aid_record",
        "reward_punishment",
        "graduate_form",
    } == PERMANENT_TYPES


def test_set_and_clear_a_rule(archive: Created) -> None:
    s = archive.session
    rule = set_rule(s, "id_copy", years=3, counted_from="added")
    assert (rule.years, rule.counted_from, rule.permanent, rule.updated_by) == (
        3,
        "added",
        False,
        s.username,
    )
    rule = set_rule(s, "id_copy", years=None)
    assert rule.permanent and rule.years is None
    rows = s.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = 'retention_rule_set' ORDER BY seq"
    ).fetchall()
    first, second = (json.loads(r[0]) for r in rows)
    assert first["years"] == 3 and first["before"]["years"] is None
    assert second["years"] is None and second["before"]["years"] == 3


@pytest.mark.parametrize("doc_type", sorted(PERMANENT_TYPES))
def test_student_record_types_refuse_a_period(archive: Created, doc_type: str) -> None:
    with pytest.raises(RecordInvalid) as exc:
        set_rule(archive.session, doc_type, years=30, counted_from="left")
    assert codes(exc) == [("years", "retention_permanent_type")]
    assert next(r for r in get_rules(archive.session) if r.doc_type == doc_type).permanent


@pytest.mark.parametrize(
    ("doc_type", "years", "counted", "expected"),
    [
        ("nope", 3, "left", ("doc_type", "unknown_doc_type")),
        ("", 3, "left", ("doc_type", "required")),
        (None, 3, "left", ("doc_type", "required")),
        (7, 3, "left", ("doc_type", "invalid_type")),
        ("id_copy", 0, "left", ("years", "out_of_range")),
        ("id_copy", 101, "left", ("years", "out_of_range")),
        ("id_copy", -5, "left", ("years", "out_of_range")),
        ("id_copy", True, "left", ("years", "invalid_type")),
        ("id_copy", "5", "left", ("years", "invalid_type")),
        ("id_copy", 2.5, "left", ("years", "invalid_type")),
        ("id_copy", 5, "graduated", ("counted_from", "invalid_choice")),
        ("id_copy", 5, None, ("counted_from", "invalid_choice")),
        ("x" * 60, 5, "left", ("doc_type", "too_long")),
    ],
)
def test_garbage_is_refused(
    archive: Created, doc_type: object, years: object, counted: object, expected: tuple[str, str]
) -> None:
    with pytest.raises(RecordInvalid) as exc:
        set_rule(archive.session, doc_type, years=years, counted_from=counted)  # type: ignore[arg-type]
    assert expected in codes(exc)
    assert all(r.permanent for r in get_rules(archive.session))


def test_only_admins_set_rules(archive: Created) -> None:
    add_clerk(archive)
    clerk = login(archive.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        assert get_rules(clerk)  # reading is for everyone who reads records
        with pytest.raises(PermissionDenied):
            set_rule(clerk, "id_copy", years=3, counted_from="added")
    finally:
        clerk.close()


@pytest.mark.parametrize(
    ("start", "years", "last", "due"),
    [
        ("2020-06-30", 5, "2025-06-30", "2025-07-01"),
        ("2024-02-29", 1, "2025-02-28", "2025-03-01"),  # no 29 February: the month's last day
        ("2024-02-29", 4, "2028-02-29", "2028-03-01"),
        ("2023-12-31", 1, "2024-12-31", "2025-01-01"),
    ],
)
def test_due_day_reckoning(start: str, years: int, last: str, due: str) -> None:
    day = datetime.date.fromisoformat(start)
    assert period_end(day, years).isoformat() == last
    assert due_on(day, years).isoformat() == due
