"""Majors, classes, terms and courses: valid input stored and audited, garbage changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.records_fixtures import MAJOR, setup_structure
from xueji_desktop.core.errors import DuplicateRecord, NotFound, PermissionDenied, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.services import structure
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.content_hash import content_hash


def refused(session: Session, exc: type[Exception], fn: Callable[[], Any]) -> Exception:
    """Call ``fn``, expect ``exc``, and check no record and no audit entry changed."""
    conn = session.archive.db.conn
    before = content_hash(conn), conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(exc) as info:
        fn()
    after = content_hash(conn), conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert after == before
    return info.value


def codes(exc: Exception) -> set[str]:
    assert isinstance(exc, RecordInvalid)
    return {p.code for p in exc.problems}  # type: ignore[attr-defined]


def audit_actions(session: Session) -> list[str]:
    rows = session.archive.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")
    return [r[0] for r in rows]


# -- majors ----------------------------------------------------------------------------------


def test_known_major_defaults_from_catalogue(archive: Created) -> None:
    s = archive.session
    m = structure.add_major(s, "730301")
    assert (m.name, m.catalogue_version, m.program_length) == ("会计事务", "2021", 3)
    assert structure.list_majors(s) == [m]
    assert audit_actions(s)[-1] == "major_added"


def test_unknown_major_needs_catalogue_version(archive: Created) -> None:
    s = archive.session
    e = refused(s, RecordInvalid, lambda: structure.add_major(s, "090100", "计算机及应用"))
    assert codes(e) == {"required"}
    m = structure.add_major(s, "090100", "计算机及应用", catalogue_version="2010")
    assert m.catalogue_version == "2010"


@pytest.mark.parametrize(
    ("args", "kw", "code"),
    [
        (("730301", "会计"), {}, "major_name_mismatch"),
        (("730301",), {"catalogue_version": "2010"}, "catalogue_mismatch"),
        (("",), {}, "required"),
        (("73-03",), {"catalogue_version": "x"}, "invalid_format"),
        ((730301,), {}, "invalid_type"),
        (("730301",), {"program_length": -3}, "out_of_range"),
        (("730301",), {"program_length": "3"}, "invalid_type"),
        (("X" * 5000,), {}, "too_long"),
    ],
)
def test_major_garbage_refused(
    archive: Created, args: tuple[Any, ...], kw: dict[str, Any], code: str
) -> None:
    s = archive.session
    e = refused(s, RecordInvalid, lambda: structure.add_major(s, *args, **kw))
    assert code in codes(e)


def test_duplicate_major(archive: Created) -> None:
    s = archive.session
    structure.add_major(s, "730301")
    refused(s, DuplicateRecord, lambda: structure.add_major(s, "730301"))


# -- classes ---------------------------------------------------------------------------------


def test_class_group_graduation_year_default_and_head_teacher(archive: Created) -> None:
    s = archive.session
    structure.add_major(s, "770101")
    c = structure.add_class_group(s, "2026级幼保1班", 2026, "770101", head_teacher="王老师")
    assert (c.intake_year, c.graduation_year, c.head_teacher) == (2026, 2029, "王老师")
    c2 = structure.edit_class_group(s, c.id, head_teacher="赵老师")
    assert c2.head_teacher == "赵老师"
    rows = s.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = 'class_group_edited'"
    ).fetchall()
    assert len(rows) == 1 and "王老师" in rows[0][0] and "赵老师" in rows[0][0]
    # Same value again: nothing written.
    before = len(audit_actions(s))
    structure.edit_class_group(s, c.id, head_teacher="赵老师")
    assert len(audit_actions(s)) == before
    assert structure.list_class_groups(s, intake_year=2026) == [c2]
    assert structure.list_class_groups(s, intake_year=1999) == []


def test_class_group_garbage_and_duplicates(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    refused(
        s, DuplicateRecord, lambda: structure.add_class_group(s, "2025级计算机1班", 2025, MAJOR)
    )
    e = refused(s, RecordInvalid, lambda: structure.add_class_group(s, "x", 2025, "999999"))
    assert codes(e) == {"unknown_major"}
    e = refused(s, RecordInvalid, lambda: structure.add_class_group(s, "", -1, MAJOR))
    assert codes(e) == {"required", "out_of_range"}
    e = refused(s, RecordInvalid, lambda: structure.add_class_group(s, "y", "2025", MAJOR))  # type: ignore[arg-type]
    assert codes(e) == {"invalid_type"}
    e = refused(
        s,
        RecordInvalid,
        lambda: structure.add_class_group(s, "z", 2025, MAJOR, graduation_year=2020),
    )
    assert codes(e) == {"out_of_range"}
    refused(s, NotFound, lambda: structure.edit_class_group(s, 9999, head_teacher="a"))
    refused(
        s, DuplicateRecord, lambda: structure.edit_class_group(s, ids["c1"], name="2025级会计1班")
    )
    e = refused(s, RecordInvalid, lambda: structure.edit_class_group(s, ids["c1"], head_teacher=5))  # type: ignore[arg-type]
    assert codes(e) == {"invalid_type"}


# -- terms -----------------------------------------------------------------------------------


def test_term_add_and_list(archive: Created) -> None:
    s = archive.session
    t = structure.add_term(s, "2026-2027-1", "2026-09-01", "2027-01-20")
    assert (t.school_year, t.semester, t.name) == (2026, 1, "2026—2027学年第一学期")
    t0 = structure.add_term(s, "2025-2026-2", "2026-02-20", "2026-07-10")
    assert [x.code for x in structure.list_terms(s)] == [t0.code, t.code]


@pytest.mark.parametrize(
    ("code", "start", "end", "problem"),
    [
        ("2025-2027-1", "2025-09-01", "2026-01-20", "invalid_format"),
        ("2025-2026-3", "2025-09-01", "2026-01-20", "invalid_format"),
        ("2025/2026/1", "2025-09-01", "2026-01-20", "invalid_format"),
        ("2025-2026-1", "2026-01-20", "2025-09-01", "end_before_start"),
        ("2025-2026-1", "2025-13-01", "2026-01-20", "invalid_date"),
        ("2025-2026-1", "20250901", "2026-01-20", "invalid_date"),
        ("2025-2026-1", 20250901, "2026-01-20", "invalid_type"),
        ("2025-2026-1", "2030-09-01", "2031-01-20", "outside_school_year"),
    ],
)
def test_term_garbage(archive: Created, code: str, start: Any, end: str, problem: str) -> None:
    s = archive.session
    e = refused(s, RecordInvalid, lambda: structure.add_term(s, code, start, end))
    assert problem in codes(e)


def test_term_overlap_and_duplicate(archive: Created) -> None:
    s = archive.session
    setup_structure(s)  # 2025-2026-1: 2025-09-01..2026-01-20
    e = refused(
        s, RecordInvalid, lambda: structure.add_term(s, "2026-2027-1", "2026-07-01", "2026-12-31")
    )
    assert codes(e) == {"term_overlap"}
    refused(
        s, DuplicateRecord, lambda: structure.add_term(s, "2025-2026-1", "2025-10-01", "2025-12-01")
    )


# -- courses ---------------------------------------------------------------------------------


def test_course_add_edit_list(archive: Created) -> None:
    s = archive.session
    setup_structure(s)
    c = structure.add_course(
        s, "ZY201", "网络基础", "professional", 3.5, hours=48, major_code=MAJOR
    )
    assert c.credits == 3.5 and c.required
    c2 = structure.edit_course(s, c.id, credits=4, course_type="internship")
    assert (c2.credits, c2.course_type) == (4.0, "internship")
    assert audit_actions(s)[-1] == "course_edited"
    assert c2 in structure.list_courses(s, major_code=MAJOR)
    assert all(x.major_code in (None, MAJOR) for x in structure.list_courses(s, major_code=MAJOR))


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        ({"credits": -1}, "out_of_range"),
        ({"credits": float("nan")}, "out_of_range"),
        ({"credits": "4"}, "invalid_type"),
        ({"credits": True}, "invalid_type"),
        ({"course_type": "elective"}, "invalid_choice"),
        ({"hours": -2}, "out_of_range"),
        ({"name": ""}, "required"),
        ({"major_code": "999999"}, "unknown_major"),
    ],
)
def test_course_garbage(archive: Created, kw: dict[str, Any], problem: str) -> None:
    s = archive.session
    setup_structure(s)
    args: dict[str, Any] = {
        "code": "Q1",
        "name": "课",
        "course_type": "professional",
        "credits": 2.0,
        **kw,
    }
    e = refused(s, RecordInvalid, lambda: structure.add_course(s, **args))
    assert problem in codes(e)


def test_course_edit_garbage_and_duplicate(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    refused(s, DuplicateRecord, lambda: structure.add_course(s, "GB001", "数学", "public_basic", 1))
    e = refused(s, RecordInvalid, lambda: structure.edit_course(s, ids["math"], credits=-0.5))
    assert codes(e) == {"out_of_range"}
    refused(s, NotFound, lambda: structure.edit_course(s, 12345, credits=1))
    e = refused(s, RecordInvalid, lambda: structure.edit_course(s, "1", credits=1))  # type: ignore[arg-type]
    assert codes(e) == {"invalid_type"}


def test_viewer_cannot_write(archive: Created) -> None:
    s = archive.session
    viewer = Session(s.archive, "v", frozenset({Role.VIEWER}), s.slot_id)
    refused(s, PermissionDenied, lambda: structure.add_major(viewer, "730301"))
    assert structure.list_majors(viewer) == []
