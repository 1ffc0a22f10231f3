"""Grades with 补考/重修, conduct and attendance: upserts with history, garbage refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from tests.services.test_structure import codes, refused
from xueji_desktop.core.errors import NotFound, RecordInvalid, RecordVoided
from xueji_desktop.services import academics, structure
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.content_hash import content_hash


@pytest.fixture
def env(archive: Created) -> tuple[Session, dict[str, int]]:
    s = archive.session
    ids = setup_structure(s)
    ids["s1"] = insert_student(s, ids["c1"], name="张三")
    ids["s2"] = insert_student(s, ids["c1"], name="李四")
    return s, ids


def history(s: Session, entity: str) -> list[tuple[Any, ...]]:
    return s.archive.db.conn.execute(
        "SELECT entity_id, field, old_value, new_value, change_kind, actor FROM field_history"
        " WHERE entity = ? ORDER BY id",
        (entity,),
    ).fetchall()


def test_grade_upsert_writes_history_on_change(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    gid = academics.record_grade(s, ids["s1"], ids["math"], ids["t1"], score=72)
    assert history(s, "grade") == []
    assert academics.record_grade(s, ids["s1"], ids["math"], ids["t1"], score=81.5) == gid
    assert history(s, "grade") == [(gid, "score", "72", "81.5", "edit", s.username)]
    # The same values again: nothing changes, nothing is written.
    h0 = content_hash(s.archive.db.conn)
    academics.record_grade(s, ids["s1"], ids["math"], ids["t1"], score=81.5)
    assert content_hash(s.archive.db.conn) == h0
    [g] = academics.grades_for_student(s, ids["s1"])
    assert (g.score, g.passed, g.via, g.course_code, g.term_code) == (
        81.5,
        True,
        "original",
        "GB001",
        "2025-2026-1",
    )


def test_label_grades(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    academics.record_grade(s, ids["s1"], ids["prog"], ids["t1"], grade_label="良好")
    [g] = academics.grades_for_student(s, ids["s1"])
    assert (g.score, g.grade_label, g.passed) == (None, "良好", True)


def test_makeup_and_retake(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    sid, math, t1, t2 = ids["s1"], ids["math"], ids["t1"], ids["t2"]
    gid = academics.record_grade(s, sid, math, t1, score=45)
    assert academics.grades_for_student(s, sid)[0].passed is False
    academics.record_makeup(s, sid, math, t1, score=52, exam_date="2026-02-25")
    g = academics.grades_for_student(s, sid)[0]
    assert (g.makeup_score, g.passed, g.via) == (52, False, "none")
    academics.record_retake(s, sid, math, t1, score=75, retake_term_id=t2)
    g = academics.grades_for_student(s, sid)[0]
    assert (g.retake_score, g.retake_term_id, g.passed, g.via) == (75, t2, True, "retake")
    fields = [(r[1], r[2], r[3]) for r in history(s, "grade")]
    assert fields == [
        ("makeup_score", None, "52"),
        ("makeup_date", "", "2026-02-25"),
        ("retake_score", None, "75"),
        ("retake_term_id", None, str(t2)),
    ]
    assert all(r[0] == gid for r in history(s, "grade"))
    # Raising the original to a pass would contradict the recorded makeup: refused.
    e = refused(s, RecordInvalid, lambda: academics.record_grade(s, sid, math, t1, score=90))
    assert codes(e) == {"makeup_after_pass"}


def test_makeup_only_after_failing(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    sid, math, t1, t2 = ids["s1"], ids["math"], ids["t1"], ids["t2"]
    refused(
        s,
        NotFound,
        lambda: academics.record_makeup(s, sid, math, t1, score=70, exam_date="2026-02-25"),
    )
    academics.record_grade(s, sid, math, t1, score=60)
    e = refused(
        s,
        RecordInvalid,
        lambda: academics.record_makeup(s, sid, math, t1, score=70, exam_date="2026-02-25"),
    )
    assert codes(e) == {"makeup_after_pass"}
    e = refused(
        s,
        RecordInvalid,
        lambda: academics.record_retake(s, sid, math, t1, score=70, retake_term_id=t2),
    )
    assert codes(e) == {"retake_after_pass"}
    academics.record_grade(s, ids["s2"], math, t1, score=10)
    e = refused(
        s,
        RecordInvalid,
        lambda: academics.record_retake(s, ids["s2"], math, t1, score=70, retake_term_id=t1),
    )
    assert codes(e) == {"not_later_term"}
    e = refused(
        s,
        RecordInvalid,
        lambda: academics.record_makeup(s, ids["s2"], math, t1, score=70, exam_date="2025-08-01"),
    )
    assert codes(e) == {"before_term"}


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        ({"score": 101}, "out_of_range"),
        ({"score": -0.5}, "out_of_range"),
        ({"score": float("inf")}, "out_of_range"),
        ({"score": "85"}, "invalid_type"),
        ({"score": True}, "invalid_type"),
        ({}, "result_required"),
        ({"grade_label": "A+"}, "invalid_choice"),
        ({"score": 80, "remark": "长" * 5000}, "too_long"),
    ],
)
def test_grade_garbage(
    env: tuple[Session, dict[str, int]], kw: dict[str, Any], problem: str
) -> None:
    s, ids = env
    e = refused(
        s, RecordInvalid, lambda: academics.record_grade(s, ids["s1"], ids["math"], ids["t1"], **kw)
    )
    assert problem in codes(e)


def test_grade_unknown_refs_and_voided_student(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    refused(s, NotFound, lambda: academics.record_grade(s, ids["s1"], 999, ids["t1"], score=1))
    refused(s, NotFound, lambda: academics.record_grade(s, ids["s1"], ids["math"], 999, score=1))
    refused(s, NotFound, lambda: academics.record_grade(s, 999, ids["math"], ids["t1"], score=1))
    e = refused(
        s, RecordInvalid, lambda: academics.record_grade(s, "1", ids["math"], ids["t1"], score=1)
    )  # type: ignore[arg-type]
    assert codes(e) == {"invalid_type"}
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids["s2"],))
    refused(
        s,
        RecordVoided,
        lambda: academics.record_grade(s, ids["s2"], ids["math"], ids["t1"], score=1),
    )


def test_term_before_enrolment_refused(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    late = insert_student(s, ids["c1"], enrolment_month="202603")
    e = refused(
        s, RecordInvalid, lambda: academics.record_grade(s, late, ids["math"], ids["t1"], score=70)
    )
    assert codes(e) == {"term_before_enrolment"}
    e = refused(s, RecordInvalid, lambda: academics.record_conduct(s, late, ids["t1"], "良好"))
    assert codes(e) == {"term_before_enrolment"}
    academics.record_grade(s, late, ids["math"], ids["t2"], score=70)


def test_bulk_all_or_nothing(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    t1, math = ids["t1"], ids["math"]
    bad: list[Any] = [
        {"student_id": ids["s1"], "score": 88},
        {"student_id": ids["s2"], "score": 101},
        {"student_id": 999, "score": 50},
        {"student_id": ids["s1"], "score": 70},
        "not a row",
        {"student_id": ids["s2"], "score": 1, "colour": "red"},
    ]
    h0 = content_hash(s.archive.db.conn)
    result = academics.record_grades_bulk(s, t1, math, bad)
    assert content_hash(s.archive.db.conn) == h0
    assert result.saved == 0
    assert {i: {p.code for p in ps} for i, ps in result.problems.items()} == {
        1: {"out_of_range"},
        2: {"not_found"},
        3: {"duplicate_row"},
        4: {"invalid_type"},
        5: {"unknown_field", "duplicate_row"},
    }
    good = [
        {"student_id": ids["s1"], "score": 88},
        {"student_id": ids["s2"], "grade_label": "及格"},
    ]
    assert academics.record_grades_bulk(s, t1, math, good).saved == 2
    good[0]["score"] = 90
    result = academics.record_grades_bulk(s, t1, math, good)
    assert (result.saved, result.unchanged, result.problems) == (1, 1, {})
    assert [r[1:4] for r in history(s, "grade")] == [("score", "88", "90")]
    rows = academics.grades_for_class(s, ids["c1"], t1)
    assert sorted((r.student_name, r.score, r.grade_label) for r in rows) == [
        ("张三", 90, ""),
        ("李四", None, "及格"),
    ]
    assert academics.grades_for_class(s, ids["c2"], t1) == []
    refused(s, RecordInvalid, lambda: academics.record_grades_bulk(s, t1, math, "rows"))  # type: ignore[arg-type]
    refused(s, NotFound, lambda: academics.record_grades_bulk(s, t1, 999, good))


def test_conduct_upsert_and_history(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    cid = academics.record_conduct(s, ids["s1"], ids["t1"], "良好", "积极")
    assert academics.record_conduct(s, ids["s1"], ids["t1"], "优秀", "积极") == cid
    assert history(s, "conduct") == [(cid, "grade", "良好", "优秀", "edit", s.username)]
    [c] = academics.conduct_for_student(s, ids["s1"])
    assert (c.grade, c.comment, c.term_code) == ("优秀", "积极", "2025-2026-1")
    for grade in ("A", "", None, 3, "优"):
        e = refused(
            s, RecordInvalid, lambda g=grade: academics.record_conduct(s, ids["s1"], ids["t1"], g)
        )
        assert codes(e) == {"invalid_choice"}


def test_attendance_upsert_and_history(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    aid = academics.record_attendance(s, ids["s1"], ids["t1"], sick_leave_hours=4, late_count=2)
    academics.record_attendance(s, ids["s1"], ids["t1"], truancy_hours=1)
    [a] = academics.attendance_for_student(s, ids["s1"])
    assert (a.sick_leave_hours, a.personal_leave_hours, a.truancy_hours, a.late_count) == (
        4,
        0,
        1,
        2,
    )
    assert history(s, "attendance") == [(aid, "truancy_hours", "0", "1", "edit", s.username)]
    for kw in ({"late_count": -1}, {"sick_leave_hours": 1.5}, {"truancy_hours": "2"}, {}):
        refused(
            s, RecordInvalid, lambda k=kw: academics.record_attendance(s, ids["s1"], ids["t1"], **k)
        )


def test_audit_entry_per_change(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    conn = s.archive.db.conn
    n0 = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    academics.record_grade(s, ids["s1"], ids["math"], ids["t1"], score=50)
    academics.record_grade(s, ids["s1"], ids["math"], ids["t1"], score=55)
    academics.record_conduct(s, ids["s1"], ids["t1"], "合格")
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log WHERE seq > ?", (n0,))]
    assert actions == ["grade_recorded", "grade_recorded", "conduct_recorded"]


def test_structure_terms_are_usable(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    t3 = structure.add_term(s, "2026-2027-1", "2026-09-01", "2027-01-20")
    academics.record_grade(s, ids["s1"], ids["math"], t3.id, score=66)
    assert [g.term_code for g in academics.grades_for_student(s, ids["s1"])] == ["2026-2027-1"]
