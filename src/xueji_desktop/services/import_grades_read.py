"""Reading a grade sheet (issue 6): its header, its title row and its cells, for import_grades.

The layouts are the ones services/export_grades.py writes (its docstring is the contract):
"course" — 学号, 姓名, 成绩 and/or 等级, 补考成绩 (补考日期), 备注 for one class × course × term;
"courses" — 学号, 姓名, then one column per course. A course column is headed by the course's
name, "name（code）" or its code, and may name any course of the archive (a student who changed
major has grades of the old major's courses); a name several courses share means, in this order,
the one graded for the class in the term, else the one of the class's major or a public one, else
the column is not imported (a note asks for the code).
Term, class and course come from the arguments or from the title row (``学期：…``, export_grades
.read_title; a free title such as "2025-2026学年第一学期" names the term too); an argument wins.
What neither gives is refused at once, all of it in one RecordInvalid (reason "grade_sheet"),
one Problem per missing or unknown term, class or course.

A cell becomes the inputs of the grades service's own rule (grades.check_result; for 补考 the
same rule with the ``makeup_`` prefix): nothing here decides what a valid grade is. An empty
cell is no grade: it is left out, so it never clears a stored value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from xueji_desktop.core.errors import ImportColumnsMissing, RecordInvalid
from xueji_desktop.core.import_cells import CellIssue, date_cell, header_key
from xueji_desktop.core.normalize import fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.services.export_grades import (
    TITLE_CLASS,
    TITLE_COURSE,
    TITLE_COURSE_CODE,
    TITLE_TERM,
    read_title,
)
from xueji_desktop.services.grade_sheets import parse_score
from xueji_desktop.services.grades import check_result
from xueji_desktop.services.import_model import CellProblem
from xueji_desktop.services.records_common import (
    COURSE_SQL,
    TERM_SQL,
    Checks,
    Course,
    Term,
    course_from_row,
    term_from_row,
)
from xueji_desktop.services.sheets import Sheet
from xueji_desktop.storage.connection import Connection

__all__ = ["Layout", "read_layout", "read_slot", "text"]

# Header texts (compared by header_key) -> the column's field. Columns not here are course
# names in the "courses" layout, and noted as not imported in the "course" layout.
_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        header_key(text): name
        for name, texts in (
            ("student_no", ("学号", "学生学号")),
            ("name", ("姓名", "学生姓名", "考生姓名")),
            ("score", ("成绩", "分数", "考试成绩", "期末成绩", "总评成绩", "总评")),
            ("grade_label", ("等级", "成绩等级", "等第")),
            ("makeup_score", ("补考成绩", "补考")),
            ("makeup_date", ("补考日期",)),
            ("remark", ("备注",)),
            ("seq", ("序号", "编号")),
        )
        for text in texts
    }
)
# The header texts an ImportColumnsMissing names: as the clerk's file writes them (in Chinese also
# in the English sentence, since that is what the file's header shows).
NUMBER_HEADER, RESULT_HEADER = "学号", "成绩"
_RESULT_FIELDS = ("score", "grade_label", "makeup_score", "makeup_date")  # the "course" layout
_HEADER_SCAN = 20  # the header row is among the first rows (title rows above it)
_MAKEUP_DATE_TITLE = "补考日期"
# RecordInvalid's reason when the sheet's term, class or course is missing or unknown: its own
# sentence ("the grade sheet was not imported") before the problems, not a form's "record".
SHEET_REFUSED = "grade_sheet"
# The pairs a title can lack at once (a class is only required for the "courses" layout, a
# course only for the "course" one), each with its own sentence.
_MISSING_PAIRS: Mapping[tuple[str, ...], str] = {
    ("term_id", "course_id"): "term_course_not_in_sheet_title",
    ("class_group", "term_id"): "class_term_not_in_sheet_title",
}
_TERM_TEXT = re.compile(r"(\d{4})\s*[-—–~至]\s*\d{4}\s*学年\s*第\s*([一二12])\s*学期")
_CODE_IN_HEADER = re.compile(r"^(.*)\(([^()]+)\)$")


@dataclass(frozen=True, slots=True)
class Layout:
    """How a sheet is read: ``layout`` "course" or "courses"; ``fields`` field -> column of
    the fixed columns; ``slots`` the courses and where their results are (layout "course":
    {None: the course}, else {column: course}); ``columns`` the plan's mapping."""

    layout: str
    header_row: int  # Excel's number
    headers: tuple[str, ...]
    term: Term
    class_id: int | None
    fields: Mapping[str, int]
    slots: Mapping[int | None, Course]
    columns: Mapping[int, str]
    notes: tuple[CellProblem, ...]
    makeup_date: object  # the title's 补考日期 (a cell value), None when not given


# -- the sheet's header and title ---------------------------------------------------------------


def _header_row(sheet: Sheet) -> int:
    for index, row in enumerate(sheet.rows[:_HEADER_SCAN]):
        if any(_HEADERS.get(header_key(c)) == "student_no" for c in row if isinstance(c, str)):
            return index
    raise ImportColumnsMissing(columns=NUMBER_HEADER)


def _title(sheet: Sheet, header: int) -> tuple[dict[str, str], str]:
    """{label: value} of the title cells above the header, and all their text (free titles)."""
    labels: dict[str, str] = {}
    texts: list[str] = []
    for row in sheet.rows[:header]:
        for label, value in read_title(row).items():
            labels.setdefault(label, value)
        texts.extend(c for c in row if isinstance(c, str))
    return labels, " ".join(texts)


def _find_term(
    conn: Connection, term_id: int | None, labels: Mapping[str, str], free: str
) -> Term | Problem:
    if term_id is not None:
        row = conn.execute(TERM_SQL + " WHERE id = ?", (term_id,)).fetchone()
        if row is None:
            return Problem("term_id", "not_found")
        return term_from_row(row)
    given = labels.get(TITLE_TERM, "")
    terms = [term_from_row(r) for r in conn.execute(TERM_SQL).fetchall()]
    for term in terms:
        if given and fold(given) in (fold(term.name), fold(term.code)):
            return term
    found = _TERM_TEXT.search(fold(given or free))
    if found:
        year, semester = int(found[1]), 1 if found[2] in "一1" else 2
        for term in terms:
            if (term.school_year, term.semester) == (year, semester):
                return term
    if given or found:
        value = given or (found[0] if found else "")
        return Problem("term_id", "unknown_in_sheet_title", params={"value": value})
    return Problem("term_id", "not_in_sheet_title")


def _find_class(
    conn: Connection, class_id: int | None, labels: Mapping[str, str]
) -> tuple[int | None, str | None] | Problem:
    """(class id, its major) from the argument or the title's 班级; (None, None) if neither."""
    if class_id is not None:
        row = conn.execute("SELECT id, major_code FROM class_groups WHERE id = ?", (class_id,))
    elif labels.get(TITLE_CLASS):
        name = labels[TITLE_CLASS]
        rows = conn.execute("SELECT id, major_code, name FROM class_groups").fetchall()
        match = [r for r in rows if fold(str(r[2])) == fold(name)]
        if len(match) != 1:
            return Problem("class_group", "unknown_in_sheet_title", params={"value": name})
        return int(match[0][0]), str(match[0][1])
    else:
        return None, None
    found = row.fetchone()
    if found is None:
        return Problem("class_group", "not_found")
    return int(found[0]), str(found[1])


AMBIGUOUS = "ambiguous"  # _Catalogue.match: several courses fit, none preferred


@dataclass(frozen=True, slots=True)
class _Catalogue:
    """Every course of the archive, and which a shared name most likely means for this sheet:
    ``preferred`` course-id sets, most likely first (graded for the class in the term; the
    class's major and the public courses)."""

    courses: tuple[Course, ...]
    preferred: tuple[frozenset[int], ...]

    def match(self, header: str) -> Course | str | None:
        """The course a header names ("name", "name（code）" or "code"); AMBIGUOUS when several
        courses share the name and the sheet's class and term do not tell which; None: no
        course of that name or code."""
        key = header_key(header)
        both = _CODE_IN_HEADER.match(key)
        for course in self.courses:
            if both and header_key(course.code) == both[2] and header_key(course.name) == both[1]:
                return course
        named = [c for c in self.courses if header_key(c.name) == key]
        if len(named) == 1:
            return named[0]
        for ids in self.preferred:
            likely = [c for c in named if c.id in ids]
            if len(likely) == 1:
                return likely[0]
        if named:
            return AMBIGUOUS
        coded = [c for c in self.courses if header_key(c.code) == key]
        return coded[0] if len(coded) == 1 else None


def _catalogue(
    conn: Connection, class_id: int | None, major: str | None, term: Term | None
) -> _Catalogue:
    courses = tuple(course_from_row(r) for r in conn.execute(COURSE_SQL + " ORDER BY code"))
    preferred: list[frozenset[int]] = []
    if class_id is not None and term is not None:
        graded = conn.execute(
            "SELECT DISTINCT g.course_id FROM grades g JOIN students s ON s.id = g.student_id"
            " WHERE s.class_group_id = ? AND s.voided = 0 AND g.term_id = ?",
            (class_id, term.id),
        )
        preferred.append(frozenset(int(r[0]) for r in graded))
    if major is not None:
        preferred.append(
            frozenset(c.id for c in courses if c.major_code is None or c.major_code == major)
        )
    return _Catalogue(courses, tuple(preferred))


def _find_course(
    conn: Connection, course_id: int | None, labels: Mapping[str, str], catalogue: _Catalogue
) -> Course | Problem:
    if course_id is not None:
        row = conn.execute(COURSE_SQL + " WHERE id = ?", (course_id,)).fetchone()
        if row is None:
            return Problem("course_id", "not_found")
        return course_from_row(row)
    code, name = labels.get(TITLE_COURSE_CODE, ""), labels.get(TITLE_COURSE, "")
    if code:
        row = conn.execute(COURSE_SQL + " WHERE code = ?", (code,)).fetchone()
        if row is not None:
            return course_from_row(row)
    named = catalogue.match(name) if name else None
    if isinstance(named, Course):
        return named
    if named == AMBIGUOUS:
        return Problem("course_id", "ambiguous_in_sheet_title", params={"value": name})
    if code or name:
        return Problem("course_id", "unknown_in_sheet_title", params={"value": code or name})
    return Problem("course_id", "not_in_sheet_title")


# -- reading the cells --------------------------------------------------------------------------


def text(value: object) -> str:
    """A text cell, trimmed; an export's apostrophe before = + - @ dropped."""
    out = str(value).strip() if value is not None else ""
    return out[1:] if len(out) > 1 and out[0] == "'" and out[1] in "=+-@" else out


def _result(value: object) -> tuple[object, object]:
    """(score, label) inputs for check_result from one cell: a number is a score, a GRADE_LABEL
    or other text is a label (check_result refuses unknown ones), a bool or date stays a
    score (check_result refuses its type). (None, None) for an empty cell."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        return value, None
    parsed = parse_score(text(value))
    return (None, parsed) if isinstance(parsed, str) else (parsed, None)


def _noted(header_row: int, headers: Sequence[str], index: int, code: str) -> CellProblem:
    """A note on a column of the header row (a warning: the column is not imported)."""
    problem = Problem("", code, "warning", {"value": headers[index]})
    return CellProblem(header_row, headers[index], index, problem)


def read_slot(
    ctx: Layout, fields: Mapping[str, int], index: int | None, get: Callable[[int | None], object]
) -> tuple[dict[str, Any], list[Problem], dict[str, int | None]]:
    """One course's cells of a row: the values to write (only what the row fills in), the
    problems of the cells, and which column each field came from."""
    ck = Checks()
    values: dict[str, Any] = {}
    if index is not None:  # layout "courses": one cell, a score or a label
        where: dict[str, int | None] = {"score": index, "grade_label": index}
        score, label = _result(get(index))
    else:
        s_i, l_i = fields.get("score"), fields.get("grade_label")
        score, label = _result(get(s_i))
        where = {"score": s_i, "grade_label": s_i}
        if get(l_i) is not None:
            if label is not None:  # text in 成绩 beside a 等级: it is then no score
                score = label
            raw = get(l_i)
            label, where["grade_label"] = (text(raw) if isinstance(raw, str) else raw), l_i
    if score is not None or label is not None:
        # Entering a result replaces the original result, score and label, as record_grade.
        value, mark = check_result(ck, score, "" if label is None else label)
        values["score"], values["grade_label"] = (None if score is None else value), mark
    if index is None:
        _read_makeup(ck, ctx, fields, get, values, where)
        r_i = fields.get("remark")
        if get(r_i) is not None:
            raw = get(r_i)
            values["remark"] = ck.text("remark", text(raw) if isinstance(raw, str) else raw)
            where["remark"] = r_i
    return values, ck.problems, where


def _read_makeup(
    ck: Checks,
    ctx: Layout,
    fields: Mapping[str, int],
    get: Callable[[int | None], object],
    values: dict[str, Any],
    where: dict[str, int | None],
) -> None:
    """补考成绩 (record_makeup's rule: 0–100, the result rule with the makeup_ prefix) and its
    date: the row's 补考日期, else the title's, not in the future nor before the term. A date
    without a 补考成绩 in the row is not read (a makeup is entered as score and date)."""
    m_i, d_i = fields.get("makeup_score"), fields.get("makeup_date")
    where["makeup_score"], where["makeup_date"] = m_i, d_i
    if get(m_i) is None:
        return
    score, label = _result(get(m_i))
    values["makeup_score"], _ = check_result(ck, label if score is None else score, "", "makeup_")
    raw = get(d_i) if get(d_i) is not None else ctx.makeup_date
    if raw is None:
        return
    day = date_cell(raw)
    if day is None or isinstance(day, CellIssue):
        ck.add("makeup_date", "invalid_date")
        return
    values["makeup_date"] = ck.date("makeup_date", day)
    if values["makeup_date"] and values["makeup_date"] < ctx.term.start_date:
        ck.add("makeup_date", "before_term")


def _merged(problems: list[Problem]) -> list[Problem]:
    """Two things the title does not say, as one sentence: "choose the term and the course"
    reads better (and shorter on a command line) than the same advice twice."""
    missing = tuple(p.field for p in problems if p.code == "not_in_sheet_title")
    code = _MISSING_PAIRS.get(missing)
    if code is None:
        return problems
    rest = [p for p in problems if p.code != "not_in_sheet_title"]
    return [Problem(missing[0], code), *rest]


def read_layout(
    conn: Connection, sheet: Sheet, term_id: int | None, course_id: int | None, class_id: int | None
) -> Layout:
    """The sheet's header, layout, term, class and courses. Raises ImportColumnsMissing (no
    学号, or no result column) and RecordInvalid (reason "grade_sheet": term, course or class
    neither given nor in the title, or not in the archive — every one of them at once)."""
    header = _header_row(sheet)
    header_row = header + 1
    headers = tuple(text(c) for c in sheet.rows[header])
    labels, free = _title(sheet, header)
    wrong: list[Problem] = []  # what the sheet does not say (or says wrongly): refused below
    klass = _find_class(conn, class_id, labels)
    if isinstance(klass, Problem):
        wrong.append(klass)
        klass = (None, None)
    term = _find_term(conn, term_id, labels, free)
    if isinstance(term, Problem):
        wrong.append(term)
    catalogue = _catalogue(conn, *klass, term if isinstance(term, Term) else None)
    fields: dict[str, int] = {}
    notes: list[CellProblem] = []
    others: list[int] = []
    for index, header_text in enumerate(headers):
        name = _HEADERS.get(header_key(header_text)) if header_text else None
        if name is None and header_text:
            others.append(index)
        elif name in fields:
            notes.append(_noted(header_row, headers, index, "grade_column_repeated"))
        elif name is not None:
            fields[name] = index
    layout = "course" if any(f in fields for f in _RESULT_FIELDS) else "courses"
    slots: dict[int | None, Course] = {}
    columns = {i: f for f, i in fields.items() if f != "seq"}
    if layout == "course":
        notes.extend(_noted(header_row, headers, i, "grade_column_ignored") for i in others)
        course = _find_course(conn, course_id, labels, catalogue)
        if isinstance(course, Problem):
            wrong.append(course)
        else:
            slots[None] = course
    else:
        if course_id is not None:  # a course was chosen, but the sheet has no 成绩 column
            raise ImportColumnsMissing(columns=RESULT_HEADER)
        for index in others:
            found = catalogue.match(headers[index])
            if not isinstance(found, Course):
                code = "ambiguous_course_column" if found else "unknown_course_column"
                notes.append(_noted(header_row, headers, index, code))
            elif found in slots.values():
                notes.append(_noted(header_row, headers, index, "grade_column_repeated"))
            else:
                slots[index], columns[index] = found, f"course:{found.code}"
        if "remark" in fields:
            notes.append(_noted(header_row, headers, fields["remark"], "grade_column_ignored"))
            del columns[fields["remark"]]
        if not slots:  # no result column at all: not a grade sheet (a student list …)
            raise ImportColumnsMissing(columns=RESULT_HEADER)
        if klass[0] is None and not any(p.field == "class_group" for p in wrong):
            # A class × courses sheet is one class's: whose rows, and which of two same-named
            # courses, the class tells.
            wrong.insert(0, Problem("class_group", "not_in_sheet_title"))
    if wrong or not isinstance(term, Term):
        raise RecordInvalid(problems=_merged(wrong), reason=SHEET_REFUSED)
    return Layout(
        layout, header_row, headers, term, klass[0], MappingProxyType(fields),
        MappingProxyType(slots), MappingProxyType(columns), tuple(notes),
        labels.get(_MAKEUP_DATE_TITLE) or None,
    )  # fmt: skip
