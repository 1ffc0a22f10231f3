"""Changing a term (structure.edit_term): its name and dates, checked as add_term checks a new
term, one audit entry with before and after; a refusal changes nothing in the archive."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.records_fixtures import setup_structure
from tests.services.test_structure import audit_actions, codes, refused
from xueji_desktop.core.errors import NotFound, PermissionDenied, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.services import structure
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session

# setup_structure's terms: t1 2025-2026-1 2025-09-01..2026-01-20, t2 2025-2026-2
# 2026-02-20..2026-07-10


def _edits(session: Session) -> list[tuple[str, int, dict[str, Any]]]:
    rows = session.archive.db.conn.execute(
        "SELECT target_type, target_id, details FROM audit_log WHERE action = 'term_edited'"
        " ORDER BY seq"
    ).fetchall()
    return [(r[0], int(r[1]), json.loads(r[2])) for r in rows]


def test_a_term_is_renamed_and_moved(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    t = structure.edit_term(
        s, ids["t2"], name=" 2025—2026学年春季学期 ", start_date="2026-02-24", end_date="2026-07-03"
    )
    assert (t.id, t.code, t.school_year, t.semester) == (ids["t2"], "2025-2026-2", 2025, 2)
    assert (t.name, t.start_date, t.end_date) == (
        "2025—2026学年春季学期",
        "2026-02-24",
        "2026-07-03",
    )
    assert structure.list_terms(s)[1] == t
    assert _edits(s) == [
        (
            "term",
            ids["t2"],
            {
                "name": {"old": "2025—2026学年第二学期", "new": "2025—2026学年春季学期"},
                "start_date": {"old": "2026-02-20", "new": "2026-02-24"},
                "end_date": {"old": "2026-07-10", "new": "2026-07-03"},
            },
        )
    ]


def test_only_what_changed_is_audited_and_the_same_values_write_nothing(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    t = structure.edit_term(s, ids["t1"], end_date="2026-01-25")
    assert (t.start_date, t.end_date, t.name) == (
        "2025-09-01",
        "2026-01-25",
        "2025—2026学年第一学期",
    )
    assert _edits(s)[-1][2] == {"end_date": {"old": "2026-01-20", "new": "2026-01-25"}}
    before = audit_actions(s)
    assert structure.edit_term(s, ids["t1"], end_date="2026-01-25", name=t.name) == t
    assert structure.edit_term(s, ids["t1"]) == t
    assert audit_actions(s) == before


def test_a_blank_name_is_the_default_name(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    structure.edit_term(s, ids["t2"], name="春季")
    assert structure.edit_term(s, ids["t2"], name="  ").name == "2025—2026学年第二学期"


def test_a_term_may_end_the_day_before_the_next_starts(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    t = structure.edit_term(s, ids["t1"], end_date="2026-02-19")
    assert t.end_date == "2026-02-19"
    # and it may be moved within its own old dates (it does not overlap itself)
    assert structure.edit_term(s, ids["t1"], start_date="2025-08-25").start_date == "2025-08-25"


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        ({"start_date": "2026-02-30"}, "invalid_date"),
        ({"end_date": "20260120"}, "invalid_date"),
        ({"start_date": 20250901}, "invalid_type"),
        ({"name": 5}, "invalid_type"),
        ({"name": "学" * 51}, "too_long"),
        ({"start_date": "2026-01-21"}, "end_before_start"),  # after the stored end
        ({"end_date": "2025-09-01"}, "end_before_start"),  # the same day as the start
        ({"start_date": "2026-02-01", "end_date": "2025-12-01"}, "end_before_start"),
        ({"start_date": "2024-08-01"}, "outside_school_year"),
        ({"start_date": "2027-01-01", "end_date": "2027-06-01"}, "outside_school_year"),
        ({"end_date": "2026-02-20"}, "term_overlap"),  # the first day of 2025-2026-2
        ({"start_date": "2025-09-01", "end_date": "2026-07-11"}, "term_overlap"),
    ],
)
def test_garbage_and_clashes_change_nothing(
    archive: Created, kw: dict[str, Any], problem: str
) -> None:
    s = archive.session
    ids = setup_structure(s)
    e = refused(s, RecordInvalid, lambda: structure.edit_term(s, ids["t1"], **kw))
    assert problem in codes(e)
    assert structure.list_terms(s)[0].end_date == "2026-01-20"


def test_the_overlap_names_the_other_term(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    e = refused(
        s, RecordInvalid, lambda: structure.edit_term(s, ids["t2"], start_date="2026-01-10")
    )
    assert isinstance(e, RecordInvalid)
    [p] = e.problems
    assert (p.field, p.code, p.params) == ("start_date", "term_overlap", {"term": "2025-2026-1"})


def test_every_problem_of_the_input_is_reported_at_once(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    e = refused(
        s,
        RecordInvalid,
        lambda: structure.edit_term(s, ids["t1"], name=[], start_date="x", end_date="2026-13-01"),
    )
    assert isinstance(e, RecordInvalid)
    assert {(p.field, p.code) for p in e.problems} == {
        ("name", "invalid_type"),
        ("start_date", "invalid_date"),
        ("end_date", "invalid_date"),
    }


@pytest.mark.parametrize("term_id", ["1", None, 1.0, True])
def test_a_term_id_that_is_not_a_number_is_refused(archive: Created, term_id: Any) -> None:
    s = archive.session
    setup_structure(s)
    e = refused(s, RecordInvalid, lambda: structure.edit_term(s, term_id, name="x"))
    assert codes(e) == {"invalid_type"}


def test_an_unknown_term_is_not_found(archive: Created) -> None:
    s = archive.session
    setup_structure(s)
    refused(s, NotFound, lambda: structure.edit_term(s, 999, name="x"))


def test_add_term_and_edit_term_agree_on_overlap(archive: Created) -> None:
    s = archive.session
    setup_structure(s)
    t3 = structure.add_term(s, "2026-2027-1", "2026-09-01", "2027-01-20")
    # what add_term refuses for a new term, edit_term refuses for a moved one, and the reverse
    e = refused(
        s, RecordInvalid, lambda: structure.add_term(s, "2026-2027-2", "2027-01-20", "2027-07-01")
    )
    assert codes(e) == {"term_overlap"}
    e = refused(s, RecordInvalid, lambda: structure.edit_term(s, t3.id, start_date="2026-07-10"))
    assert codes(e) == {"term_overlap"}
    t4 = structure.add_term(s, "2026-2027-2", "2027-01-21", "2027-07-01")
    assert structure.edit_term(s, t4.id, start_date="2027-02-20").start_date == "2027-02-20"
    assert [t.code for t in structure.list_terms(s)][-2:] == ["2026-2027-1", "2026-2027-2"]


def test_a_viewer_cannot_change_a_term(make_archive: Any) -> None:
    created = make_archive()
    ids = setup_structure(created.session)
    from dataclasses import replace

    viewer = replace(created.session, roles=frozenset({Role.VIEWER}))
    refused(viewer, PermissionDenied, lambda: structure.edit_term(viewer, ids["t1"], name="x"))
