"""Grade sheets (issue 6 §3): the layout services/import_grades.py reads back, checked cell by
cell on a demo archive; blank templates; refusals that write nothing."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.services.test_export_lists import audit_rows, cells, demo, out, sheet_rows, state
from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OutputFileError,
    PermissionDenied,
    RecordInvalid,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import export_grades as eg
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.grades import record_grade

__all__ = ["demo", "out"]  # fixtures shared with test_export_lists


def _graded(s: Session) -> tuple[int, int, int]:
    """(class, term, course) of the class × course × term with the most grades."""
    row = s.archive.db.conn.execute(
        "SELECT st.class_group_id, g.term_id, g.course_id FROM grades g "
        "JOIN students st ON st.id = g.student_id GROUP BY 1, 2, 3 "
        "ORDER BY count(*) DESC, 1, 2, 3 LIMIT 1"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def test_one_course_sheet_cell_by_cell(demo: Created, out: Path) -> None:
    s = demo.session
    conn = s.archive.db.conn
    class_id, term_id, course_id = _graded(s)
    # A makeup and a remark, so every column holds something.
    gid = conn.execute(
        "SELECT g.id FROM grades g JOIN students st ON st.id = g.student_id "
        "WHERE st.class_group_id = ? AND g.term_id = ? AND g.course_id = ? ORDER BY g.id",
        (class_id, term_id, course_id),
    ).fetchone()[0]
    with s.archive.db.atomic() as c:
        c.execute("UPDATE grades SET score = 41, makeup_score = 75.5, makeup_date = '2026-03-02',"
                  " remark = '=A1' WHERE id = ?", (gid,))  # fmt: skip
    path = eg.export_grade_sheet(
        s, out / "成绩.xlsx", class_id=class_id, term_id=term_id, course_id=course_id
    )
    rows = sheet_rows(path)
    term_name = conn.execute("SELECT name FROM terms WHERE id = ?", (term_id,)).fetchone()[0]
    class_name = conn.execute("SELECT name FROM class_groups WHERE id = ?", (class_id,)).fetchone()
    code, name = conn.execute(
        "SELECT code, name FROM courses WHERE id = ?", (course_id,)
    ).fetchone()
    assert rows[0][:4] == [f"学期：{term_name}", f"班级：{class_name[0]}", f"课程：{name}",
                           f"课程代码：{code}"]  # fmt: skip
    assert eg.read_title(rows[0]) == {"学期": term_name, "班级": class_name[0], "课程": name,
                                      "课程代码": code}  # fmt: skip
    assert rows[1] == ["学号", "姓名", "成绩", "等级", "补考成绩", "补考日期", "备注"]
    expected = conn.execute(
        "SELECT st.student_no, st.name, g.score, g.grade_label, g.makeup_score, "
        "COALESCE(g.makeup_date, ''), g.remark "
        "FROM grades g JOIN students st ON st.id = g.student_id WHERE st.class_group_id = ? "
        "AND g.term_id = ? AND g.course_id = ? ORDER BY st.student_no",
        (class_id, term_id, course_id),
    ).fetchall()
    graded = {r[0]: r for r in expected}
    data = rows[2:]
    assert [r[0] for r in data] == sorted(r[0] for r in data)  # by 学号
    assert set(graded) <= {r[0] for r in data}
    for r in data:
        if r[0] not in graded:
            assert r[2:] == [None] * 5
            continue
        no, student, score, label, makeup, makeup_date, remark = graded[r[0]]
        assert r[:2] == [no, student]
        assert r[2] == score and (r[3] or "") == label and r[4] == makeup
        assert (r[5] or "") == makeup_date
        assert r[6] == (("'" + remark) if remark.startswith("=") else (remark or None))
    changed = next(r for r in data if r[4] == 75.5)
    assert changed[2] == 41 and changed[5] == "2026-03-02" and changed[6] == "'=A1"
    grid = cells(path)
    assert grid[2][0].data_type == "s" and grid[2][0].number_format == "@"  # 学号 is text
    assert grid[2][2].data_type == "n"  # 成绩 is a number
    # Row 1 a title row (no header shading); row 2 the shaded bold header, frozen below it.
    assert grid[0][0].fill.fill_type is None and all(c.font.b for c in grid[1])
    assert all(c.fill.fill_type == "solid" for c in grid[1])
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet.freeze_panes == "A3" and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"  # title and header on every printed page
    # No title cell cut off by the next one: each column is as wide as its title cell.
    assert sheet.column_dimensions["C"].width >= 2 * len(f"课程：{name}")
    [details] = audit_rows(s, "grade_sheet_exported")
    assert details["course"] == code and details["rows"] == len(data) and not details["blank"]


def test_class_with_all_courses(demo: Created, out: Path) -> None:
    s = demo.session
    conn = s.archive.db.conn
    class_id, term_id, _ = _graded(s)
    path = eg.export_grade_sheet(s, out / "全部.xlsx", class_id=class_id, term_id=term_id)
    rows = sheet_rows(path)
    title = eg.read_title(rows[0])
    assert set(title) == {"学期", "班级"} and rows[0][2:] == [None] * (len(rows[0]) - 2)
    courses = conn.execute(
        "SELECT DISTINCT c.id, c.code, c.name FROM grades g JOIN students st "
        "ON st.id = g.student_id JOIN courses c ON c.id = g.course_id "
        "WHERE st.class_group_id = ? AND g.term_id = ? ORDER BY c.code",
        (class_id, term_id),
    ).fetchall()
    assert rows[1] == ["学号", "姓名", *[c[2] for c in courses]]
    grades = {
        (r[0], r[1]): r[2] if r[2] is not None else r[3]
        for r in conn.execute(
            "SELECT st.student_no, g.course_id, g.score, g.grade_label FROM grades g "
            "JOIN students st ON st.id = g.student_id WHERE st.class_group_id = ? "
            "AND g.term_id = ?",
            (class_id, term_id),
        )
    }
    for r in rows[2:]:
        for (cid, _code, _name), value in zip(courses, r[2:], strict=True):
            assert value == grades.get((r[0], cid))


def test_blank_template_for_a_new_term(demo: Created, out: Path) -> None:
    s = demo.session
    conn = s.archive.db.conn
    class_id, term_id = conn.execute(
        "SELECT c.id, t.id FROM class_groups c, terms t WHERE c.intake_year = 2026 "
        "AND t.code = '2026-2027-2' ORDER BY c.id"
    ).fetchone()
    path = eg.export_grade_sheet(s, out / "空表.xlsx", class_id=class_id, term_id=term_id,
                                 blank=True)  # fmt: skip
    rows = sheet_rows(path)
    enrolled = [r[0] for r in conn.execute(
        "SELECT student_no FROM students WHERE class_group_id = ? AND status = 'enrolled' "
        "AND voided = 0 ORDER BY student_no", (class_id,))]  # fmt: skip
    assert [r[0] for r in rows[2:]] == enrolled and enrolled
    assert all(v is None for r in rows[2:] for v in r[2:])
    major_courses = conn.execute(
        "SELECT count(*) FROM courses WHERE major_code IS NULL OR major_code = "
        "(SELECT major_code FROM class_groups WHERE id = ?)", (class_id,)
    ).fetchone()[0]  # fmt: skip
    assert len(rows[1]) == 2 + major_courses
    # A blank sheet of a graded course hides the scores.
    c, t, course = _graded(s)
    blank = sheet_rows(eg.export_grade_sheet(s, out / "b.xlsx", class_id=c, term_id=t,
                                             course_id=course, blank=True))  # fmt: skip
    assert len(blank) > 2 and all(v is None for r in blank[2:] for v in r[2:])


def test_garbage_writes_nothing(demo: Created, out: Path) -> None:
    s = demo.session
    class_id, term_id, _course = _graded(s)
    before = state(s)
    with pytest.raises(NotFound):
        eg.export_grade_sheet(s, out / "x.xlsx", class_id=9999, term_id=term_id)
    with pytest.raises(NotFound):
        eg.export_grade_sheet(s, out / "x.xlsx", class_id=class_id, term_id=9999)
    with pytest.raises(NotFound):
        eg.export_grade_sheet(s, out / "x.xlsx", class_id=class_id, term_id=term_id,
                              course_id=9999)  # fmt: skip
    with pytest.raises(RecordInvalid):
        eg.export_grade_sheet(s, out / "x.xlsx", class_id="1", term_id=term_id)  # type: ignore[arg-type]
    # A class whose students all left before the term: nobody to list.
    old_term = s.archive.db.conn.execute("SELECT id FROM terms ORDER BY code").fetchone()[0]
    new_class = s.archive.db.conn.execute(
        "SELECT id FROM class_groups WHERE intake_year = 2026 ORDER BY id"
    ).fetchone()[0]
    with pytest.raises(NothingToExport):
        eg.export_grade_sheet(s, out / "x.xlsx", class_id=new_class, term_id=old_term)
    (out / "x.xlsx").write_bytes(b"keep")
    with pytest.raises(OutputFileError):
        eg.export_grade_sheet(s, out / "x.xlsx", class_id=class_id, term_id=term_id)
    assert (out / "x.xlsx").read_bytes() == b"keep" and state(s) == before


def test_a_viewer_may_not_export_grades(demo: Created, out: Path) -> None:
    from tests.services.test_export_lists import _as

    class_id, term_id, _ = _graded(demo.session)
    viewer = _as(demo, Role.VIEWER)
    try:
        with pytest.raises(PermissionDenied):
            eg.export_grade_sheet(viewer, out / "v.xlsx", class_id=class_id, term_id=term_id)
    finally:
        viewer.close()
    assert list(out.iterdir()) == []


def test_read_title_takes_what_a_clerk_may_have_typed() -> None:
    assert eg.read_title(["学期: 2025—2026学年第一学期 ", None, 5, "班级：一班", "随便写的"]) == {
        "学期": "2025—2026学年第一学期",
        "班级": "一班",
    }
    assert eg.title_cells([("课程", "语文")]) == ["课程：语文"]
    assert eg.read_title(["：无标签", "学期：甲", "学期：乙"]) == {"学期": "甲"}


def test_both_templates_list_the_same_students(demo: Created, out: Path) -> None:
    """One rule for both layouts: a 休学 student with results in the term is on every sheet
    of it (also a course she has no result in); one without any result in the term on none."""
    s = demo.session
    conn = s.archive.db.conn
    class_id, term_id, course_id = _graded(s)
    graded = [r[0] for r in conn.execute(
        "SELECT DISTINCT st.id FROM grades g JOIN students st ON st.id = g.student_id "
        "WHERE st.class_group_id = ? AND g.term_id = ? AND st.voided = 0 ORDER BY st.id",
        (class_id, term_id))]  # fmt: skip
    away, gone = graded[:2]
    with s.archive.db.atomic() as c:
        c.execute("UPDATE students SET status = 'on_leave' WHERE id IN (?, ?)", (away, gone))
        c.execute("DELETE FROM grades WHERE student_id = ? AND term_id = ? AND course_id = ?",
                  (away, term_id, course_id))  # fmt: skip
        c.execute("DELETE FROM grades WHERE student_id = ? AND term_id = ?", (gone, term_id))
    numbers = dict(conn.execute("SELECT id, student_no FROM students WHERE id IN (?, ?)",
                                (away, gone)).fetchall())  # fmt: skip
    listed = []
    for name, course in (("one.xlsx", course_id), ("all.xlsx", None)):
        path = eg.export_grade_sheet(s, out / name, class_id=class_id, term_id=term_id,
                                     course_id=course, blank=True)  # fmt: skip
        listed.append([r[0] for r in sheet_rows(path)[2:]])
    assert listed[0] == listed[1]
    assert numbers[away] in listed[0] and numbers[gone] not in listed[0]


def test_grade_sheet_courses_are_the_class_majors_and_what_it_took(demo: Created) -> None:
    s = demo.session
    conn = s.archive.db.conn
    class_id, term_id, _ = _graded(s)
    major = conn.execute("SELECT major_code FROM class_groups WHERE id = ?", (class_id,)).fetchone()
    got = eg.grade_sheet_courses(s, class_id)
    assert [c.code for c in got] == sorted(c.code for c in got)
    taken = {r[0] for r in conn.execute(
        "SELECT g.course_id FROM grades g JOIN students st ON st.id = g.student_id "
        "WHERE st.class_group_id = ? AND st.voided = 0", (class_id,))}  # fmt: skip
    own = {r[0] for r in conn.execute(
        "SELECT id FROM courses WHERE major_code IS NULL OR major_code = ?", major)}  # fmt: skip
    assert {c.id for c in got} == own | taken
    other = conn.execute(
        "SELECT id, code FROM courses WHERE major_code <> ? AND id NOT IN (SELECT g.course_id "
        "FROM grades g JOIN students st ON st.id = g.student_id WHERE st.class_group_id = ?) "
        "ORDER BY code", (major[0], class_id)
    ).fetchone()  # fmt: skip
    assert other[1] not in {c.code for c in got}
    # A student who changed major over brings a result of the old major's course with him.
    student = conn.execute(
        "SELECT id FROM students WHERE class_group_id = ? AND voided = 0 ORDER BY id", (class_id,)
    ).fetchone()[0]
    record_grade(s, student, other[0], term_id, score=70)
    assert other[1] in {c.code for c in eg.grade_sheet_courses(s, class_id)}
    with pytest.raises(NotFound):
        eg.grade_sheet_courses(s, 9999)
