"""毕业去向 in bulk (services/destinations_bulk): one transaction, all or nothing, every row's
problems at once, set_destination's own rules, history and audit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop.core.errors import NotFound, PermissionDenied, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.destinations import get_destination, set_destination
from xueji_desktop.services.destinations_bulk import (
    DestinationRow,
    class_destinations,
    set_destinations,
)
from xueji_desktop.storage.content_hash import content_hash


@pytest.fixture
def school(archive: Created) -> tuple[Session, dict[str, int]]:
    s = archive.session
    ids = setup_structure(s)
    for key, status, no in (
        ("g1", "graduated", "2025001"),
        ("g2", "graduated", "2025002"),
        ("g3", "withdrawn", "2025003"),
        ("in", "enrolled", "2025004"),
        ("other", "graduated", "2025005"),
    ):
        klass = ids["c2"] if key == "other" else ids["c1"]
        ids[key] = insert_student(s, klass, student_no=no, status=status, name="张三")
    ids["void"] = insert_student(s, ids["c1"], student_no="2025006", status="graduated")
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids["void"],))
    return s, ids


def _codes(exc: RecordInvalid) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in exc.problems}  # type: ignore[union-attr]


def _audit(s: Session, action: str) -> list[Any]:
    return s.archive.db.conn.execute(
        "SELECT target_id, details FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()


def test_writes_every_row_in_one_go(school: tuple[Session, dict[str, int]]) -> None:
    s, ids = school
    rows = [
        DestinationRow(ids["g1"], "employment", "2026-07-01", "长沙某科技公司", True),
        DestinationRow(ids["g2"], "further_study", "2026-07-01", "湖南某职业技术学院"),
        DestinationRow(ids["g3"], "military", "2026-07-02", remark="武警"),
    ]
    assert set_destinations(s, rows) == 3
    d = get_destination(s, ids["g1"])
    assert d is not None and (d.kind, d.employer, d.matches_major) == (
        "employment",
        "长沙某科技公司",
        True,
    )
    assert len(_audit(s, "destination_set")) == 3
    # the same rows again change nothing: no audit entry, no history, count 0
    assert set_destinations(s, rows) == 0
    assert len(_audit(s, "destination_set")) == 3
    # one changed row: history of that field only (set_destination's own history)
    rows[1] = DestinationRow(ids["g2"], "stage_transfer", "2026-07-01", "湖南某职业技术学院")
    assert set_destinations(s, rows) == 1
    history = s.archive.db.conn.execute(
        "SELECT student_id, field, old_value, new_value FROM field_history"
        " WHERE entity = 'destination'"
    ).fetchall()
    assert [tuple(h) for h in history] == [(ids["g2"], "kind", "further_study", "stage_transfer")]


def test_all_or_nothing_with_every_problem(school: tuple[Session, dict[str, int]]) -> None:
    s, ids = school
    before = content_hash(s.archive.db.conn)
    rows = [
        DestinationRow(ids["g1"], "employment", "2026-07-01", "某公司"),  # fine
        DestinationRow(ids["g2"], "employment", "2026-07-01", ""),  # employer required
        DestinationRow(ids["in"], "military", "2026-07-01"),  # still in school
        DestinationRow(ids["void"], "other", "2026-07-01"),  # voided
        DestinationRow(999_999, "other", "2026-07-01"),  # no such student
        DestinationRow(ids["g3"], "abroad", "2026-13-01"),  # bad kind, bad date
        DestinationRow(ids["g1"], "other", "2026-07-01"),  # g1 again
        DestinationRow(ids["other"], "other", "2099-01-01"),  # in the future
    ]
    with pytest.raises(RecordInvalid) as caught:
        set_destinations(s, rows)
    assert _codes(caught.value) == {
        ("rows[1].destination_employer", "required"),
        ("rows[2].student_id", "student_not_left"),
        ("rows[3].student_id", "record_voided"),
        ("rows[4].student_id", "not_found"),
        ("rows[5].destination_kind", "invalid_choice"),
        ("rows[5].recorded_on", "invalid_date"),
        ("rows[6].student_id", "duplicate_student"),
        ("rows[7].recorded_on", "date_in_future"),
    }
    # the good first row was rolled back with the rest
    assert get_destination(s, ids["g1"]) is None
    assert content_hash(s.archive.db.conn) == before


def test_wrong_types_are_problems_not_crashes(school: tuple[Session, dict[str, int]]) -> None:
    s, ids = school
    rows: list[Any] = [
        DestinationRow("5", "other", "2026-07-01"),  # type: ignore[arg-type]
        DestinationRow(ids["g1"], None, None),  # type: ignore[arg-type]
        DestinationRow(ids["g2"], "employment", "2026-07-01", 12, "yes"),  # type: ignore[arg-type]
        {"student_id": ids["g3"]},
    ]
    with pytest.raises(RecordInvalid) as caught:
        set_destinations(s, rows)
    found = _codes(caught.value)
    assert ("rows[0].student_id", "invalid_type") in found
    assert ("rows[1].destination_kind", "invalid_choice") in found
    assert ("rows[1].recorded_on", "required") in found
    assert ("rows[2].destination_employer", "invalid_type") in found
    assert ("rows[2].matches_major", "invalid_type") in found
    assert ("rows[3]", "invalid_type") in found


def test_empty_batch_changes_nothing(school: tuple[Session, dict[str, int]]) -> None:
    s, _ids = school
    assert set_destinations(s, []) == 0


def test_class_destinations_lists_leavers(school: tuple[Session, dict[str, int]]) -> None:
    s, ids = school
    set_destination(s, ids["g2"], kind="military", recorded_on="2026-07-01")
    got = class_destinations(s, ids["c1"])
    assert [g.student_id for g in got] == [ids["g1"], ids["g2"], ids["g3"]]  # not in/void/other
    assert got[0].destination is None
    assert got[1].destination is not None and got[1].destination.kind == "military"
    assert got[1].student_no == "2025002" and got[1].status == "graduated"
    with pytest.raises(NotFound):
        class_destinations(s, 999_999)
    with pytest.raises(RecordInvalid):
        class_destinations(s, "1")  # type: ignore[arg-type]


def test_viewer_may_read_not_write(archive: Created, tmp_path: Any) -> None:
    s = archive.session
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], status="graduated")
    add_account(s, "viewer", "viewer-passphrase-1", [Role.VIEWER])
    viewer = login(s.archive.layout.root, "viewer", "viewer-passphrase-1")
    try:
        assert len(class_destinations(viewer, ids["c1"])) == 1
        with pytest.raises(PermissionDenied):
            set_destinations(viewer, [DestinationRow(sid, "other", "2026-07-01")])
    finally:
        viewer.close()
