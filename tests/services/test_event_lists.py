"""services/event_lists: the archive's recent 学籍异动 with filters, and class head-counts."""

from __future__ import annotations

import datetime

import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.services import event_lists
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created


def _env(archive: Created) -> tuple[dict[str, int], int]:
    session = archive.session
    session.archive.clock = lambda: datetime.datetime(2028, 6, 30, 12).timestamp()
    ids = setup_structure(session)
    a = insert_student(session, ids["c1"])
    b = insert_student(session, ids["c2"], major_code="730301")
    insert_student(session, ids["c1"], status="on_leave")
    sc.record_change(session, a, "leave_of_absence", effective_date="2026-03-01",
                     details={"expected_return_date": "2027-03-01"})  # fmt: skip
    sc.record_change(session, a, "return_from_leave", effective_date="2027-03-02")
    sc.record_change(session, b, "withdrawal", effective_date="2027-05-01")
    ids["a"], ids["b"] = a, b
    return ids, a


def test_recent_changes_filters_and_order(archive: Created) -> None:
    ids, a = _env(archive)
    s = archive.session
    rows = event_lists.recent_changes(s)
    assert [r.kind for r in rows] == ["withdrawal", "return_from_leave", "leave_of_absence"]
    assert rows[0].class_name == "2025级会计1班"
    assert [r.kind for r in event_lists.recent_changes(s, kind="withdrawal")] == ["withdrawal"]
    assert {r.student_id for r in event_lists.recent_changes(s, class_group_id=ids["c1"])} == {a}
    ranged = event_lists.recent_changes(s, date_from="2027-01-01", date_to="2027-04-01")
    assert [r.kind for r in ranged] == ["return_from_leave"]
    latest = sc.list_changes(s, a)[-1]
    sc.revoke_change(s, latest.id, "录入错误")
    assert [r.revoked for r in event_lists.recent_changes(s, class_group_id=ids["c1"])] == [
        True,
        False,
    ]
    assert len(event_lists.recent_changes(s, include_revoked=False)) == 2


@pytest.mark.parametrize(
    "kw",
    [{"kind": "holiday"}, {"date_from": "2027-13-01"}, {"class_group_id": "1"}, {"limit": 0}],
)
def test_garbage_filters_are_refused(archive: Created, kw: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        event_lists.recent_changes(archive.session, **kw)  # type: ignore[arg-type]


def test_class_status_counts(archive: Created) -> None:
    ids, _ = _env(archive)
    counts = event_lists.class_status_counts(archive.session)
    assert counts[ids["c1"]] == {"enrolled": 1, "on_leave": 1}
    assert counts[ids["c2"]] == {"withdrawn": 1}
