"""Grade sheets (成绩登记表) for teachers: one class × course × term, or class × all courses.

THE LAYOUT (the contract with services/import_grades.py, which reads these sheets back):

One workbook, one worksheet. Rows are Excel's numbers.

Row 1 — the title row, a plain row (xlsx_out's ``SheetOut.above``). Each non-empty cell is
``<label>：<value>`` (a full-width colon U+FF1A; a reader also accepts an ASCII ":"), split at
the FIRST colon, label and value stripped:

    layout "course"  (one course):   A1 "学期：<terms.name>"  B1 "班级：<class_groups.name>"
                                     C1 "课程：<courses.name>"  D1 "课程代码：<courses.code>"
    layout "courses" (all courses):  A1 "学期：<terms.name>"  B1 "班级：<class_groups.name>"

    e.g. A1 "学期：2025—2026学年第一学期", B1 "班级：2024级计算机应用1班", C1 "课程：语文",
    D1 "课程代码：GB-01". Other cells of row 1 are empty. The values are the archive's own text
    (term by its name, class by its name, course by its name and its unique code): an importer
    finds the term by name, the class by name, the course by code (the name is for people).
    ``read_title(row)`` below turns a row into {label: value} — the importer may use it.

Row 2 — the header row (exact texts):

    layout "course":   学号 | 姓名 | 成绩 | 等级 | 补考成绩 | 补考日期 | 备注
    layout "courses":  学号 | 姓名 | <course name> | <course name> | …   (one column per course,
                       ordered by course code; the header is courses.name, followed by
                       "（<courses.code>）" only when two courses of the sheet share a name)

Rows 3… — one row per student, ordered by 学号:
    学号   text cell (number format "@"), the student's student_no;
    姓名   text cell;
    成绩   a number (an int when whole, e.g. 85; else e.g. 85.5) or empty;
    等级   one of 优秀/良好/中等/及格/合格/不及格/不合格 (core/grading.GRADE_LABELS) or empty —
           for 实习 and 考查 courses graded by label; a row may have 成绩 or 等级 or both;
    补考成绩 a number or empty;
    补考日期 the makeup's date as text "YYYY-MM-DD", or empty (a teacher may type an Excel date;
           the importer takes either, and needs one with every 补考成绩 it has not stored yet);
    备注   text or empty.
    In layout "courses" each course cell holds the score as a number, or, when the grade has no
    score, its label as text; empty when no result.
    Text cells that begin with = + - @ are written with a leading apostrophe (formula injection,
    xlsx_out.safe_text); an importer drops that apostrophe (as the students import does).

Row 2 is xlsx_out's header row (bold, shaded, the panes frozen below it); a reader must still go
by the texts, not the styles. No rows after the students (no totals, no signature lines). The
worksheet's tab name is the course name (layout "course") or the class name (layout "courses"),
cut to Excel's 31 characters; an importer should not rely on it. Printed landscape, fitted to
the page width, rows 1–2 repeated on every page (teachers fill the sheets in by hand).

blank=True writes the same layout with 成绩/等级/补考成绩/补考日期/备注 (or every course cell)
empty: the template a teacher fills in. Which students, one rule for both layouts (``_students``):
the class's records that are not voided and either have a grade of any course in this term, or
are 在籍 (status "enrolled") and had enrolled by the term's end — the template of a new term
lists the students now in the class; a 休学 student without a result in the term is left out.
Which courses (layout "courses"): those graded for the class's students in this term; when none
yet (a new term), the courses of the class's major and the public ones (courses.major_code NULL).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from xueji_desktop.core.errors import NothingToExport
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.export_lists import _finish, _Target
from xueji_desktop.services.records_common import (
    COURSE_SQL,
    Course,
    Term,
    course_from_row,
    fetch_by_id,
    require_course,
    require_term,
)
from xueji_desktop.services.xlsx_out import Column, SheetOut
from xueji_desktop.storage.connection import Connection

__all__ = [
    "COURSE_HEADERS",
    "FIXED_HEADERS",
    "class_course_ids",
    "export_grade_sheet",
    "grade_sheet_courses",
    "read_title",
    "title_cells",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

TITLE_TERM = "学期"
TITLE_CLASS = "班级"
TITLE_COURSE = "课程"
TITLE_COURSE_CODE = "课程代码"
COURSE_HEADERS = ("学号", "姓名", "成绩", "等级", "补考成绩", "补考日期", "备注")
FIXED_HEADERS = ("学号", "姓名")  # layout "courses": then one column per course
TITLE_ROW = 1  # Excel row numbers
HEADER_ROW = 2
FIRST_DATA_ROW = 3


def title_cells(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The title row's cells: ``label：value`` each."""
    return [f"{label}：{value}" for label, value in pairs]


def read_title(row: Sequence[object]) -> Mapping[str, str]:
    """{label: value} of a title row (cells without a colon are ignored); the reader's half of
    the layout above."""
    found: dict[str, str] = {}
    for cell in row:
        if not isinstance(cell, str):
            continue
        text = cell.strip()
        cut = min((i for i in (text.find("："), text.find(":")) if i >= 0), default=-1)
        if cut <= 0:
            continue
        label, value = text[:cut].strip(), text[cut + 1 :].strip()
        if label and label not in found:
            found[label] = value
    return found


# -- which courses belong to a class ------------------------------------------------------------


def class_course_ids(conn: Connection, class_id: int) -> set[int]:
    """The class's courses: its major's, the public ones (no major), and any other course a
    (not voided) student of the class has a result of, in any term (a student who changed
    major). The grade import warns about a course outside this set (import_grades)."""
    rows = conn.execute(
        "SELECT c.id FROM courses c JOIN class_groups k ON k.id = ? WHERE c.major_code IS NULL"
        " OR c.major_code = k.major_code UNION SELECT g.course_id FROM grades g JOIN students s"
        " ON s.id = g.student_id WHERE s.class_group_id = ? AND s.voided = 0",
        (class_id, class_id),
    ).fetchall()
    return {int(r[0]) for r in rows}


def grade_sheet_courses(session: Session, class_id: int) -> list[Course]:
    """The courses to offer for a grade sheet of the class (an export dialog's list), by code:
    ``class_course_ids`` — what the grade import takes without a warning. NotFound for an
    unknown class."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    cid, _name = fetch_by_id(conn, "class_group", "SELECT id, name FROM class_groups", class_id)
    ids = class_course_ids(conn, cid)
    courses = [course_from_row(r) for r in conn.execute(COURSE_SQL + " ORDER BY code")]
    return [c for c in courses if c.id in ids]


# -- the export ----------------------------------------------------------------------------------


def export_grade_sheet(
    session: Session,
    path: Path,
    *,
    class_id: int,
    term_id: int,
    course_id: int | None = None,
    blank: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The sheet of one class × term: one course (layout "course") or, without ``course_id``,
    every course (layout "courses"); ``blank`` gives the empty template. See the module note."""
    session.require(Permission.EXPORT)
    conn = session.archive.db.conn
    cid, class_name, major = fetch_by_id(
        conn, "class_group", "SELECT id, name, major_code FROM class_groups", class_id
    )
    term = require_term(conn, term_id)
    course = None if course_id is None else require_course(conn, course_id)
    to = _Target(path, overwrite, progress, cancelled)
    to.check()
    courses = [course] if course is not None else _sheet_courses(conn, cid, term.id, major)
    students = _students(conn, cid, term)
    if not students or not courses:
        raise NothingToExport(what="grade_sheet")
    grades = {} if blank else _grades(conn, cid, term.id, [c.id for c in courses])
    if course is not None:
        sheet = _course_sheet(term, class_name, course, students, grades)
    else:
        sheet = _courses_sheet(term, class_name, courses, students, grades)
    details = {
        "term": term.code,
        "course": course.code if course else "",
        "courses": len(courses),
        "rows": len(students),
        "blank": bool(blank),
        "student_ids": sorted(s[0] for s in students),
    }
    return _finish(session, to, [sheet], "grade_sheet_exported", details, ("class_group", cid))


Student = tuple[int, str, str]  # id, 学号, 姓名
# score, label, makeup score, makeup date ("" when none), remark
GradeRow = tuple[float | None, str, float | None, str, str]


def _sheet_courses(conn: Connection, class_id: int, term_id: int, major: str) -> list[Course]:
    """Courses graded for the class in the term; none yet: the major's and the public ones."""
    rows = conn.execute(
        COURSE_SQL + " WHERE id IN (SELECT g.course_id FROM grades g JOIN students s"  # noqa: S608 - fixed texts, values bound
        " ON s.id = g.student_id WHERE s.class_group_id = ? AND s.voided = 0 AND g.term_id = ?)"
        " ORDER BY code",
        (class_id, term_id),
    ).fetchall()
    if not rows:
        rows = conn.execute(
            COURSE_SQL + " WHERE major_code = ? OR major_code IS NULL ORDER BY code", (major,)
        ).fetchall()
    return [course_from_row(r) for r in rows]


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def _students(conn: Connection, class_id: int, term: Term) -> list[Student]:
    """Who is on every sheet of the class × term, whichever course(s) it shows (the two
    templates must agree): the class's records with any grade in the term, and those 在籍 now
    who had enrolled by the term's end. A 休学 (or departed) student without a grade in the
    term is left out: she sits no exam of it. The grade rules would still take her result
    (records_common.check_term_for_student asks only that she had enrolled), so a teacher may
    add her row by hand and the import accepts it."""
    rows = conn.execute(
        "SELECT s.id, COALESCE(s.student_no, ''), s.name, s.status, s.enrolment_month, EXISTS ("
        "SELECT 1 FROM grades g WHERE g.student_id = s.id AND g.term_id = ?) FROM students s"
        " WHERE s.class_group_id = ? AND s.voided = 0 ORDER BY s.student_no, s.id",
        (term.id, class_id),
    ).fetchall()
    last_month = term.end_date[:7].replace("-", "")
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in rows
        if r[5] or (r[3] == "enrolled" and (not r[4] or str(r[4]) <= last_month))
    ]


def _grades(
    conn: Connection, class_id: int, term_id: int, course_ids: Sequence[int]
) -> dict[tuple[int, int], GradeRow]:
    rows = conn.execute(
        "SELECT g.student_id, g.course_id, g.score, g.grade_label, g.makeup_score, "
        "COALESCE(g.makeup_date, ''), g.remark "
        "FROM grades g JOIN students s ON s.id = g.student_id WHERE s.class_group_id = ? "
        "AND g.term_id = ? AND g.course_id IN (" + _in(course_ids) + ")",  # placeholders only
        (class_id, term_id, *course_ids),
    ).fetchall()
    return {(int(r[0]), int(r[1])): (r[2], str(r[3]), r[4], str(r[5]), str(r[6])) for r in rows}


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _width(text: str) -> float:
    """Excel's column width that shows ``text`` whole: a CJK character takes two digits."""
    return 1.0 + sum(2.1 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _fitted(widths: Sequence[float], title: Sequence[str]) -> list[float]:
    """Column widths, widened where a title cell would be cut off by the next one (the title
    cells sit side by side in row 1). Sheets are printed landscape, fitted to the page width:
    teachers fill them in by hand."""
    out = list(widths)
    for i, cell in enumerate(title[: len(out)]):
        out[i] = max(out[i], min(_width(cell), 40.0))
    return out


def _course_sheet(
    term: Term,
    class_name: str,
    course: Course,
    students: Sequence[Student],
    grades: Mapping[tuple[int, int], GradeRow],
) -> SheetOut:
    title = title_cells(
        [
            (TITLE_TERM, term.name),
            (TITLE_CLASS, class_name),
            (TITLE_COURSE, course.name),
            (TITLE_COURSE_CODE, course.code),
        ]
    )
    widths = _fitted((16.0, 12.0, 10.0, 10.0, 10.0, 12.0, 24.0), title)
    texts = (True, True, False, True, False, True, True)
    columns = [Column(h, w, text=t) for h, w, t in zip(COURSE_HEADERS, widths, texts, strict=True)]
    rows: list[Sequence[object]] = []
    for sid, number, name in students:
        g = grades.get((sid, course.id))
        if g is None:
            rows.append([number, name, None, None, None, None, None])
        else:
            rows.append([number, name, _number(g[0]), g[1], _number(g[2]), g[3], g[4]])
    return SheetOut(course.name, columns, rows, above=[title], landscape=True)


def _courses_sheet(
    term: Term,
    class_name: str,
    courses: Sequence[Course],
    students: Sequence[Student],
    grades: Mapping[tuple[int, int], GradeRow],
) -> SheetOut:
    names = [c.name for c in courses]
    headers = [f"{c.name}（{c.code}）" if names.count(c.name) > 1 else c.name for c in courses]
    title = title_cells([(TITLE_TERM, term.name), (TITLE_CLASS, class_name)])
    widths = _fitted((16.0, 12.0, *(max(8.0, min(_width(h), 24.0)) for h in headers)), title)
    columns = [Column(FIXED_HEADERS[0], widths[0]), Column(FIXED_HEADERS[1], widths[1])]
    columns += [Column(h, w, text=False) for h, w in zip(headers, widths[2:], strict=True)]
    rows: list[Sequence[object]] = []
    for sid, number, name in students:
        row: list[object] = [number, name]
        for c in courses:
            g = grades.get((sid, c.id))
            if g is None:
                row.append(None)
            else:
                row.append(_number(g[0]) if g[0] is not None else (g[1] or None))
        rows.append(row)
    return SheetOut(class_name, columns, rows, above=[title], landscape=True)
