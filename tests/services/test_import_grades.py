"""The grade import (services/import_grades): real archives, real .xlsx files read back with
read_sheet, every pitfall of a teacher's sheet with its expected classification."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.records_fixtures import MAJOR, MAJOR2, add_account, insert_student, setup_structure
from tests.sheet_files import write_xlsx
from xueji_desktop.core.errors import (
    ImportColumnsMissing,
    ImportHasErrors,
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
    PermissionDenied,
    RecordInvalid,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.messages_grades_import import GRADE_IMPORT_PROBLEMS
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.export_grades import title_cells
from xueji_desktop.services.grade_sheets import check_entry
from xueji_desktop.services.grades import record_grade, record_makeup
from xueji_desktop.services.import_grades import GradePlan, commit_grades, plan_grades
from xueji_desktop.services.sheets import Sheet, read_sheet
from xueji_desktop.storage.content_hash import content_hash

HEAD = ["学号", "姓名", "成绩", "等级", "补考成绩", "备注"]
TITLE = title_cells(
    [("学期", "2025—2026学年第一学期"), ("班级", "2025级计算机1班"), ("课程", "数学"),
     ("课程代码", "GB001")]
)  # fmt: skip


class School:
    """An archive with the records_fixtures structure and students 张三, 李四, 王五 in class
    c1 (计算机) and 赵六 in class c2 (会计)."""

    def __init__(self, created: Created, tmp: Path) -> None:
        self.s: Session = created.session
        self.ids = setup_structure(self.s)
        self.tmp = tmp
        self.no: dict[str, str] = {}
        self.sid: dict[str, int] = {}
        self.last: Sheet | None = None
        self.last_path = tmp
        for n, (name, klass) in enumerate(
            (("张三", "c1"), ("李四", "c1"), ("王五", "c1"), ("赵六", "c2")), start=1
        ):
            self.no[name] = f"20250{n:03d}"
            self.sid[name] = insert_student(
                self.s, self.ids[klass], student_no=self.no[name], name=name
            )

    def sheet(self, rows: Sequence[Sequence[Any]], **kw: Any) -> Sheet:
        path = write_xlsx(self.tmp / f"g{len(list(self.tmp.iterdir()))}.xlsx", rows, **kw)
        self.last, self.last_path = read_sheet(path), path
        return self.last

    def plan(self, rows: Sequence[Sequence[Any]], **kw: Any) -> GradePlan:
        args = {
            "term_id": self.ids["t1"],
            "course_id": self.ids["math"],
            "class_id": self.ids["c1"],
        }
        return plan_grades(self.s, self.sheet(rows), **{**args, **kw})

    def commit(self, plan: GradePlan, **kw: Any) -> Any:
        assert self.last is not None
        return commit_grades(self.s, self.last, plan, **kw)

    def grade(self, name: str, course: str = "math") -> tuple[Any, ...] | None:
        row = self.s.archive.db.conn.execute(
            "SELECT score, grade_label, makeup_score, makeup_date, remark FROM grades"
            " WHERE student_id = ? AND course_id = ? AND term_id = ?",
            (self.sid[name], self.ids[course], self.ids["t1"]),
        ).fetchone()
        return None if row is None else tuple(row)

    def hash(self) -> str:
        return content_hash(self.s.archive.db.conn)

    def last_audit(self) -> tuple[str, str, dict[str, Any]]:
        row = self.s.archive.db.conn.execute(
            "SELECT action, target_type, details FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return str(row[0]), str(row[1]), json.loads(row[2])


@pytest.fixture
def school(archive: Created, tmp_path: Path) -> School:
    folder = tmp_path / "sheets"
    folder.mkdir()
    return School(archive, folder)


def kinds(plan: GradePlan) -> dict[int, str]:
    return {r.row: r.kind for r in plan.rows}


def codes(plan: GradePlan, row: int) -> list[tuple[str, str]]:
    """(column header, problem code) of the problems of one Excel row."""
    return [(p.column, p.code) for r in plan.rows if r.row == row for p in r.problems]


# -- layout "course" ---------------------------------------------------------------------------


def test_new_grades_by_arguments_then_commit(school: School) -> None:
    plan = school.plan([HEAD, [school.no["张三"], "张三", 85, None, None, "期中补交"],
                        [school.no["李四"], "李四", None, "优秀", None, None]])  # fmt: skip
    assert plan.what == "grades" and plan.header_row == 1 and plan.layout == "course"
    assert kinds(plan) == {2: "new", 3: "new"} and not plan.has_errors
    first = plan.rows[0]
    assert first.student_id == school.sid["张三"] and "张三" in first.label
    assert {c.field: c.new for c in first.changes} == {"score": 85.0, "remark": "期中补交"}
    before = school.hash()
    result = school.commit(plan)
    assert (result.added, result.updated, result.skipped) == (2, 0, 0) and len(result.ids) == 2
    assert school.hash() != before
    assert school.grade("张三") == (85.0, "", None, "", "期中补交")
    assert school.grade("李四") == (None, "优秀", None, "", "")
    action, target, details = school.last_audit()
    assert (action, target) == ("grades_imported", "term")
    assert (details["added"], details["updated"], details["courses"]) == (2, 0, ["GB001"])
    assert "张三" not in json.dumps(details, ensure_ascii=False)  # ids and counts only


def test_title_row_as_export_grades_writes_it(school: School) -> None:
    """No arguments: term by name, class by name, course by code, from row 1."""
    rows = [TITLE, HEAD, [school.no["张三"], "张三", 90, None, None, None]]
    plan = plan_grades(school.s, school.sheet(rows))
    assert plan.header_row == 2 and kinds(plan) == {3: "new"}
    assert (plan.term_id, plan.course_id, plan.class_id) == (
        school.ids["t1"], school.ids["math"], school.ids["c1"],
    )  # fmt: skip
    school.commit(plan)
    assert school.grade("张三") == (90.0, "", None, "", "")


def test_free_title_and_arguments_win(school: School) -> None:
    rows = [["2025-2026学年第二学期 数学成绩登记表"], HEAD, [school.no["张三"], "张三", 70]]
    sheet = school.sheet(rows)
    plan = plan_grades(school.s, sheet, course_id=school.ids["math"])
    assert plan.term_id == school.ids["t2"] and plan.class_id is None
    chosen = {"term_id": school.ids["t1"], "course_id": school.ids["chinese"]}
    plan = plan_grades(school.s, sheet, **chosen)
    assert (plan.term_id, plan.course_id) == (school.ids["t1"], school.ids["chinese"])


def test_what_the_sheet_does_not_say(school: School) -> None:
    rows = [HEAD, [school.no["张三"], "张三", 70]]
    with pytest.raises(RecordInvalid) as term:
        plan_grades(school.s, school.sheet(rows), course_id=school.ids["math"])
    assert [(p.field, p.code) for p in term.value.problems] == [("term_id", "not_in_sheet_title")]
    assert term.value.fields["reason"] == "grade_sheet"  # the sheet's sentence, not a form's
    said = problem_text(term.value.problems[0], "zh")
    assert "学期" in said and "导入时选择" in said and "本软件导出的成绩登记表" in said
    with pytest.raises(RecordInvalid) as course:
        plan_grades(school.s, school.sheet(rows), term_id=school.ids["t1"])
    assert course.value.problems[0].field == "course_id"
    # Neither: both named at once, in one sentence, so the clerk chooses them in one go.
    with pytest.raises(RecordInvalid) as both:
        plan_grades(school.s, school.sheet(rows))
    [problem] = both.value.problems
    assert problem.code == "term_course_not_in_sheet_title"
    assert "选择学期和课程" in problem_text(problem, "zh")
    assert "the term and the course" in problem_text(problem, "en")
    courses = [["学号", "姓名", "数学"], [school.no["张三"], "张三", 70]]
    with pytest.raises(RecordInvalid) as class_and_term:
        plan_grades(school.s, school.sheet(courses))
    [problem] = class_and_term.value.problems
    assert problem.code == "class_term_not_in_sheet_title"
    # A wrong title term beside a missing course: two problems, each its own.
    titled = [title_cells([("学期", "2030学年")]), HEAD, [school.no["张三"], "张三", 70]]
    with pytest.raises(RecordInvalid) as two:
        plan_grades(school.s, school.sheet(titled))
    assert [(p.field, p.code) for p in two.value.problems] == [
        ("term_id", "unknown_in_sheet_title"), ("course_id", "not_in_sheet_title"),
    ]  # fmt: skip
    unknown = [title_cells([("学期", "2030—2031学年第一学期")]), HEAD, [school.no["张三"], "", 1]]
    with pytest.raises(RecordInvalid) as wrong:
        plan_grades(school.s, school.sheet(unknown), course_id=school.ids["math"])
    assert wrong.value.problems[0].code == "unknown_in_sheet_title"
    assert wrong.value.problems[0].params == {"value": "2030—2031学年第一学期"}


def test_scores_as_clerks_type_them(school: School) -> None:
    cells: list[Any] = [85, "85", "８５", 85.5, " 85.5 ", "优秀", 101, -1, "八十", True, None]
    numbers = [f"2025{i:04d}" for i in range(100, 100 + len(cells))]
    for number in numbers:
        insert_student(school.s, school.ids["c1"], student_no=number)
    plan = school.plan([["学号", "成绩"], *([n, v] for n, v in zip(numbers, cells, strict=True))])
    assert kinds(plan) == {
        **dict.fromkeys(range(2, 8), "new"), **dict.fromkeys(range(8, 12), "error")
    }  # row 12: empty, no grade, not an error  # fmt: skip
    assert codes(plan, 8) == codes(plan, 9) == [("成绩", "out_of_range")]
    assert codes(plan, 10) == [("成绩", "invalid_choice")]  # text: not a score, not a mark
    assert codes(plan, 11) == [("成绩", "invalid_type")]  # a TRUE cell
    assert [(n.problem.code, n.problem.params["count"]) for n in plan.notes] == [
        ("rows_without_result", "1")
    ]
    scores = [dict(r.values).get("score") for r in plan.rows[:6]]
    assert scores == [85.0, 85.0, 85.0, 85.5, 85.5, None]
    assert dict(plan.rows[5].values)["grade_label"] == "优秀"  # "优秀" typed into 成绩


@pytest.mark.parametrize("mark", ["缺考", "缓考", "免修", "良好", "不及格", "很好"])
def test_marks_follow_the_grades_rule(school: School, mark: str) -> None:
    """A mark is accepted exactly when grades.check_result accepts it (GRADE_LABELS)."""
    plan = school.plan([HEAD, [school.no["张三"], "张三", None, mark]])
    accepted = check_entry("", mark).ok
    assert kinds(plan) == {2: "new" if accepted else "error"}
    if not accepted:
        assert codes(plan, 2) == [("等级", "invalid_choice")]


def test_students_that_do_not_fit(school: School) -> None:
    insert_student(school.s, school.ids["c1"], student_no="20259999", name="钱七",
                   enrolment_month="202609")  # fmt: skip
    gone = insert_student(school.s, school.ids["c1"], student_no="20258888", name="孙八")
    school.s.archive.db.conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (gone,))
    rows = [
        HEAD,
        [school.no["张三"], "张三", 80],
        ["20250404", "周九", 80],  # no such student
        [school.no["李四"], "李思", 80],  # a name that differs
        [school.no["赵六"], "赵六", 80],  # another class
        ["20258888", "孙八", 80],  # voided
        ["20259999", "钱七", 80],  # enrols after this term
        [school.no["张三"], "张三", 95],  # duplicate of row 2
        [None, "王五", 80],  # no 学号
        [int(school.no["王五"]), None, 80],  # 学号 typed as a number, no name: fine
    ]
    plan = school.plan(rows)
    assert kinds(plan) == {2: "new", 3: "error", 4: "error", 5: "error", 6: "error",
                           7: "error", 8: "duplicate", 9: "error", 10: "new"}  # fmt: skip
    assert codes(plan, 3) == [("学号", "no_such_student")]
    assert codes(plan, 4) == [("姓名", "name_mismatch")]
    assert codes(plan, 5) == [("学号", "not_in_class")]
    assert codes(plan, 6) == [("学号", "record_voided")]
    assert codes(plan, 7) == [("学号", "term_before_enrolment")]
    assert codes(plan, 8) == [("学号", "duplicate_in_sheet")]
    assert plan.rows[6].first_row == 2
    assert codes(plan, 9) == [("学号", "required")]
    assert plan.counts() == {"new": 2, "update": 0, "unchanged": 0, "duplicate": 1, "error": 6}
    dup = plan.rows[6].problems[0]
    assert "第 2 行" in problem_text(dup.problem, "zh") and "row 2" in problem_text(
        dup.problem, "en"
    )


def test_student_number_excel_made_a_number(school: School) -> None:
    plan = school.plan(
        [HEAD, [4.30502201003151e17, "张三", 80], [float(school.no["李四"]), "", 80]]
    )
    assert codes(plan, 2) == [("学号", "id_number_as_number")]
    assert kinds(plan)[3] == "new"


def test_update_shows_old_and_new_and_unchanged_rows(school: School) -> None:
    record_grade(school.s, school.sid["张三"], school.ids["math"], school.ids["t1"], score=78)
    record_grade(school.s, school.sid["李四"], school.ids["math"], school.ids["t1"], score=66)
    plan = school.plan([HEAD, [school.no["张三"], "张三", 85], [school.no["李四"], "李四", "66"]])
    assert kinds(plan) == {2: "update", 3: "unchanged"}
    assert [(c.field, c.old, c.new) for c in plan.rows[0].changes] == [("score", 78.0, 85.0)]
    result = school.commit(plan)
    assert (result.added, result.updated, result.skipped) == (0, 1, 1)
    history = school.s.archive.db.conn.execute(
        "SELECT field, old_value, new_value FROM field_history WHERE entity = 'grade'"
        " AND student_id = ? ORDER BY id DESC LIMIT 1",
        (school.sid["张三"],),
    ).fetchone()
    assert tuple(history) == ("score", "78", "85")


def test_makeup_scores(school: School) -> None:
    for name, score in (("张三", 45), ("李四", 80), ("王五", 50)):
        record_grade(school.s, school.sid[name], school.ids["math"], school.ids["t1"], score=score)
    head = [*HEAD, "补考日期"]
    rows = [
        head,
        [school.no["张三"], "张三", None, None, 70, None, "2026-01-10"],
        [school.no["李四"], "李四", None, None, 70, None, "2026-01-10"],  # passed: no makeup
        [school.no["王五"], "王五", None, None, 70, None, None],  # no date
    ]
    plan = school.plan(rows)
    assert kinds(plan) == {2: "update", 3: "error", 4: "error"}
    assert codes(plan, 3) == [("补考成绩", "makeup_after_pass")]
    assert codes(plan, 4) == [("补考日期", "required")]
    early = school.plan([head, [school.no["张三"], "", None, None, 70, None, "2025-08-01"]])
    assert codes(early, 2) == [("补考日期", "before_term")]
    # one date for the whole sheet in the title, as a makeup sheet has it
    titled = [[*TITLE, "补考日期：2026-01-12"], HEAD, [school.no["王五"], "王五", None, None, 61]]
    plan = plan_grades(school.s, school.sheet(titled))
    assert kinds(plan) == {3: "update"}
    school.commit(plan)
    assert school.grade("王五") == (50.0, "", 61.0, "2026-01-12", "")


# -- commit: all or nothing, valid only, outdated, cancel ------------------------------------


def test_dry_run_and_refused_commit_change_nothing(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    spare = tmp_path / "tempdir"
    spare.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spare))  # no temporary copy of anything
    before = school.hash()
    plan = school.plan([HEAD, [school.no["张三"], "张三", 80], [school.no["李四"], "李四", 180]])
    assert school.hash() == before
    with pytest.raises(ImportHasErrors) as exc:
        school.commit(plan)
    assert exc.value.fields["count"] == 1
    assert school.hash() == before and school.grade("张三") is None
    result = school.commit(plan, valid_only=True)
    assert (result.added, result.skipped) == (1, 1)
    assert school.grade("张三") == (80.0, "", None, "", "") and school.grade("李四") is None
    assert school.last_audit()[2]["valid_only"] is True
    assert list(spare.iterdir()) == []


def test_nothing_to_import(school: School) -> None:
    record_grade(school.s, school.sid["张三"], school.ids["math"], school.ids["t1"], score=80)
    plan = school.plan([HEAD, [school.no["张三"], "张三", 80]])
    with pytest.raises(NothingToImport) as same:
        school.commit(plan)
    assert same.value.fields["reason"] == "no_rows"
    plan = school.plan([HEAD, [school.no["李四"], "李四", 180]])
    with pytest.raises(NothingToImport) as bad:
        school.commit(plan, valid_only=True)
    assert bad.value.fields["reason"] == "no_valid_rows"


def test_outdated_plan_is_refused(school: School) -> None:
    plan = school.plan([HEAD, [school.no["张三"], "张三", 80]])
    record_grade(school.s, school.sid["张三"], school.ids["math"], school.ids["t1"], score=60)
    before = school.hash()
    with pytest.raises(ImportOutdated):
        school.commit(plan)
    assert school.hash() == before
    other = school.plan([HEAD, [school.no["李四"], "李四", 80]])
    with pytest.raises(ImportOutdated):  # a plan of another sheet
        commit_grades(school.s, school.sheet([HEAD, [school.no["王五"], "王五", 80]]), other)


def test_cancel_rolls_back(school: School) -> None:
    rows = [HEAD] + [[school.no[n], n, 70] for n in ("张三", "李四", "王五")]
    plan = school.plan(rows)
    before = school.hash()
    asked = iter([False] * 2 + [True] * 10)  # the re-plan asks once; cancel after a write
    with pytest.raises(OperationCancelled):
        school.commit(plan, cancelled=lambda: next(asked))
    assert school.hash() == before and school.grade("张三") is None
    with pytest.raises(OperationCancelled):
        plan_grades(school.s, school.sheet(rows), term_id=school.ids["t1"],
                    course_id=school.ids["math"], cancelled=lambda: True)  # fmt: skip
    seen: list[tuple[int, int]] = []
    school.commit(plan, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)


# -- layout "courses" and garbage --------------------------------------------------------------


def test_class_by_all_courses(school: School) -> None:
    record_grade(school.s, school.sid["李四"], school.ids["chinese"], school.ids["t1"], score=59)
    head = ["序号", "学号", "姓名", "数学", "语文", "程序设计基础", "体育", "备注"]
    rows = [
        [*title_cells([("学期", "2025—2026学年第一学期"), ("班级", "2025级计算机1班")])],
        head,
        [1, school.no["张三"], "张三", 88, "７５", "良好", 90, "x"],
        [2, school.no["李四"], "李四", None, 61, None, None, None],
        [3, school.no["王五"], "王五", 120, 70, 70, None, None],
    ]
    plan = plan_grades(school.s, school.sheet(rows))
    assert plan.layout == "courses" and plan.course_id is None
    notes = {(n.column, n.problem.code) for n in plan.notes}
    assert notes == {("体育", "unknown_course_column"), ("备注", "grade_column_ignored")}
    assert kinds(plan) == {3: "new", 4: "update", 5: "error"}
    assert codes(plan, 5) == [("数学", "out_of_range")]
    assert [(c.field, c.old, c.new) for c in plan.rows[1].changes] == [("语文", 59.0, 61.0)]
    assert dict(plan.rows[0].values) == {"数学": 88.0, "语文": 75.0, "程序设计基础": "良好"}
    result = school.commit(plan, valid_only=True)
    assert (result.added, result.updated, result.skipped) == (3, 1, 1)
    assert school.grade("张三", "prog") == (None, "良好", None, "", "")


def _course(school: School, code: str, name: str, major: str | None) -> int:
    with school.s.archive.db.atomic() as conn:
        cur = conn.execute(
            "INSERT INTO courses (code, name, course_type, credits, hours, major_code) "
            "VALUES (?, ?, 'professional', 2, 32, ?)",
            (code, name, major),
        )
    return int(cur.lastrowid)


def test_courses_of_another_major(school: School) -> None:
    """张三 changed over from 会计: a 会计 course graded for the class in the term is a column
    like any other; a name two courses share goes by what the class took, else the class's
    major; otherwise the column is noted as ambiguous, and "name（code）" settles it."""
    t1 = school.ids["t1"]
    basics = _course(school, "KJ101", "会计基础", MAJOR2)
    english_kj = _course(school, "KJ201", "专业英语", MAJOR2)
    _course(school, "ZY201", "专业英语", MAJOR)
    manners_a = _course(school, "KJ301", "职业素养", MAJOR2)
    _course(school, "KJ302", "职业素养", MAJOR2)
    record_grade(school.s, school.sid["张三"], basics, t1, score=66)
    record_grade(school.s, school.sid["张三"], english_kj, t1, score=71)
    head = ["学号", "姓名", "会计基础", "专业英语", "职业素养", "职业素养（KJ301）", "体育"]
    title = title_cells([("学期", "2025—2026学年第一学期"), ("班级", "2025级计算机1班")])
    rows = [title, head, [school.no["张三"], "张三", 66, 80, 90, 91, 60]]
    plan = plan_grades(school.s, school.sheet(rows))
    notes = {(n.column, n.problem.code) for n in plan.notes}
    # 职业素养（KJ301）: a 会计 course the class never had a result of (the other two it had)
    assert notes == {("职业素养", "ambiguous_course_column"), ("体育", "unknown_course_column"),
                     ("职业素养（KJ301）", "course_not_of_class_major")}  # fmt: skip
    assert plan.columns[2] == "course:KJ101" and plan.columns[5] == "course:KJ301"
    assert plan.columns[3] == "course:KJ201"  # the one graded for the class in the term
    assert kinds(plan) == {3: "update"}
    assert [(c.field, c.old, c.new) for c in plan.rows[0].changes] == [
        ("专业英语", 71.0, 80.0), ("职业素养（KJ301）", None, 91.0),
    ]  # fmt: skip
    school.commit(plan)
    assert school.grade("张三", "math") is None
    got = school.s.archive.db.conn.execute(
        "SELECT course_id, score FROM grades WHERE student_id = ? ORDER BY course_id",
        (school.sid["张三"],),
    ).fetchall()
    assert [tuple(r) for r in got] == [(basics, 66.0), (english_kj, 80.0), (manners_a, 91.0)]
    # No grade of either 专业英语 for the class in the term (t2): the class's major decides.
    plan = plan_grades(school.s, school.sheet([[*head[:2], "专业英语"],
                                              [school.no["李四"], "李四", 75]]),
                       term_id=school.ids["t2"], class_id=school.ids["c1"])  # fmt: skip
    assert plan.columns[2] == "course:ZY201" and plan.rows[0].changes[0].new == 75.0
    ambiguous = GRADE_IMPORT_PROBLEMS["ambiguous_course_column"][0].format(value="职业素养")
    assert "课程代码" in ambiguous


def test_garbage_sheets(school: School) -> None:
    with pytest.raises(ImportColumnsMissing) as no_number:
        school.plan([["姓名", "成绩"], ["张三", 80]])
    assert no_number.value.fields["columns"] == "学号"
    with pytest.raises(ImportColumnsMissing) as students:  # a student list, not a grade sheet
        rows = [["学号", "姓名", "性别", "身份证件号"], [school.no["张三"], "张三", "男", "x"]]
        school.plan(rows, course_id=None)
    assert students.value.fields["columns"] == "成绩"
    with pytest.raises(RecordInvalid) as no_class:  # courses, but whose?
        school.plan([["学号", "数学"], [school.no["张三"], 80]], course_id=None, class_id=None)
    assert no_class.value.problems[0].field == "class_group"
    plan = school.plan([["学号", "成绩", "班级", "成绩"], [school.no["张三"], 80, "1班", 90]])
    assert {(n.column, n.problem.code) for n in plan.notes} == {
        ("班级", "grade_column_ignored"), ("成绩", "grade_column_repeated"),
    }  # fmt: skip
    assert dict(plan.rows[0].values)["score"] == 80.0


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ADMIN])
def test_only_a_clerk_imports(school: School, role: Role) -> None:
    rows = [HEAD, [school.no["张三"], "张三", 80]]
    plan = school.plan(rows)
    add_account(school.s, "other1", "other-passphrase-1", {role})
    other = login(school.s.archive.layout.root, "other1", "other-passphrase-1")
    try:
        with pytest.raises(PermissionDenied):
            plan_grades(other, school.sheet(rows), term_id=school.ids["t1"])
        with pytest.raises(PermissionDenied):
            commit_grades(other, school.sheet(rows), plan)
    finally:
        other.close()
    assert school.grade("张三") is None


# -- round trip with services/export_grades ----------------------------------------------------


def test_round_trip_with_the_exported_sheets(school: School, tmp_path: Path) -> None:
    """What export_grades writes, the import reads: the filled sheet back is all unchanged; the
    blank template, filled in by a teacher, imports without choosing anything."""
    import io

    from openpyxl import load_workbook

    from xueji_desktop.services.export_grades import export_grade_sheet

    t1, c1 = school.ids["t1"], school.ids["c1"]
    for name, score in (("张三", 45.5), ("李四", 80)):
        record_grade(school.s, school.sid[name], school.ids["math"], t1, score=score)
    record_grade(school.s, school.sid["张三"], school.ids["prog"], t1, grade_label="良好")
    record_makeup(school.s, school.sid["张三"], school.ids["math"], t1, score=70,
                  exam_date="2026-01-15")  # fmt: skip
    for course_id, name in ((school.ids["math"], "one.xlsx"), (None, "all.xlsx")):
        path = export_grade_sheet(school.s, tmp_path / name, class_id=c1, term_id=t1,
                                  course_id=course_id)  # fmt: skip
        plan = plan_grades(school.s, read_sheet(path))
        assert plan.layout == ("course" if course_id else "courses")
        assert [n.problem.code for n in plan.notes] == ["rows_without_result"]  # 王五: no grade
        assert set(kinds(plan).values()) == {"unchanged"}, plan.rows
    # The 补考日期 column is read by its header: a teacher's corrected date is an update.
    one = load_workbook(tmp_path / "one.xlsx")
    sheet = one.active
    assert sheet is not None
    assert [c.value for c in sheet[2]][4:6] == ["补考成绩", "补考日期"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == school.no["张三"])
    assert (row[4].value, row[5].value) == (70, "2026-01-15")
    row[5].value = "2026-01-16"
    buffer = io.BytesIO()
    one.save(buffer)
    (tmp_path / "one.xlsx").write_bytes(buffer.getvalue())
    plan = plan_grades(school.s, read_sheet(tmp_path / "one.xlsx"))
    [changed] = [r for r in plan.rows if r.kind != "unchanged"]
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("makeup_date", "2026-01-15", "2026-01-16"),
    ]  # fmt: skip
    blank = export_grade_sheet(school.s, tmp_path / "blank.xlsx", class_id=c1, term_id=t1,
                               course_id=school.ids["chinese"], blank=True)  # fmt: skip
    book = load_workbook(blank)
    ws = book.active
    assert ws is not None
    filled = 0
    for row in ws.iter_rows(min_row=3):
        row[2].value = 70 + filled
        filled += 1
    buffer = io.BytesIO()
    book.save(buffer)
    blank.write_bytes(buffer.getvalue())
    plan = plan_grades(school.s, read_sheet(blank))
    assert plan.course_id == school.ids["chinese"] and plan.class_id == c1
    assert set(kinds(plan).values()) == {"new"} and len(plan.rows) == filled == 3
    result = commit_grades(school.s, read_sheet(blank), plan)
    assert result.added == 3 and school.grade("张三", "chinese") == (70.0, "", None, "", "")


def test_cells_the_way_files_hold_them(school: School) -> None:
    """A date cell for 补考日期, an export's apostrophe before =, a name with a stray
    full-width space, a number in the 等级 column."""
    import datetime

    record_grade(school.s, school.sid["张三"], school.ids["math"], school.ids["t1"], score=40)
    head = [*HEAD, "补考日期"]
    rows = [
        head,
        [
            school.no["张三"],
            "张\u3000三 ",
            None,
            None,
            "６５",
            "'=见附件",
            datetime.date(2026, 1, 9),
        ],
        [school.no["李四"], "李四", None, 3, None, None, None],
        [school.no["王五"], "王五", None, None, None, "只有备注", None],  # no grade yet
    ]
    plan = school.plan(rows)
    assert kinds(plan) == {2: "update", 3: "error", 4: "error"}
    assert codes(plan, 4) == [("成绩", "result_required")]
    assert {c.field: c.new for c in plan.rows[0].changes} == {
        "makeup_score": 65.0, "makeup_date": "2026-01-09", "remark": "=见附件",
    }  # fmt: skip
    assert codes(plan, 3) == [("等级", "invalid_type"), ("成绩", "result_required")]


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return tmp_path_factory.mktemp("lo-profile-grades")


def test_an_xls_sheet(school: School, lo_profile: Path) -> None:
    """The older .xls (made by LibreOffice from an .xlsx) imports the same."""
    from tests.sheet_files import to_xls

    rows = [TITLE, HEAD, [school.no["张三"], "张三", 77.5, None, None, None]]
    xlsx = write_xlsx(school.tmp / "old.xlsx", rows, text_columns=[0])
    sheet = read_sheet(to_xls(xlsx, profile=lo_profile))
    plan = plan_grades(school.s, sheet)
    assert kinds(plan) == {3: "new"} and plan.rows[0].student_id == school.sid["张三"]
    commit_grades(school.s, sheet, plan)
    assert school.grade("张三") == (77.5, "", None, "", "")


def test_the_error_copy_marks_the_cells_the_plan_names(school: School) -> None:
    """Rows and columns of the plan's problems are where import_errors puts its marks."""
    import io

    from openpyxl import load_workbook

    from xueji_desktop.services.import_errors import ERROR_FILL, Mark, error_copy

    rows = [TITLE, HEAD, [school.no["张三"], "张三", 85], [school.no["李四"], "李斯", 101]]
    sheet = school.sheet(rows)
    plan = plan_grades(school.s, sheet)
    marks = [Mark(p.row, p.column_index, problem_text(p.problem, "zh")) for p in plan.problems()]
    copy = error_copy(school.last_path, sheet.name, plan.header_row, marks)
    ws = load_workbook(io.BytesIO(copy)).active
    assert ws is not None
    assert ws["B4"].fill.fgColor.rgb == ERROR_FILL.fgColor.rgb  # 姓名 李斯
    assert ws["C4"].fill.fgColor.rgb == ERROR_FILL.fgColor.rgb  # 成绩 101
    assert ws["C3"].fill.fgColor.rgb != ERROR_FILL.fgColor.rgb
    assert "0 到 100" in str(ws["C4"].comment.text)


# -- notes: a course of another major, rows without a result -------------------------------------


def test_a_course_of_another_major_is_a_warning_once(school: School) -> None:
    with school.s.archive.db.atomic() as conn:
        cur = conn.execute(
            "INSERT INTO courses (code, name, course_type, credits, hours, major_code) "
            "VALUES ('KJ101', '基础会计', 'professional', 4, 64, ?)",
            (MAJOR2,),
        )
        acc = int(cur.lastrowid)
    zs, ls = school.no["张三"], school.no["李四"]
    one = school.plan([HEAD, [zs, "张三", 80], [ls, "李四", 90]], course_id=acc)
    assert [(n.row, n.column, n.code, n.problem.severity) for n in one.notes] == [
        (1, "成绩", "course_not_of_class_major", "warning")
    ]
    assert "基础会计（KJ101）" in problem_text(one.notes[0].problem, "zh")
    assert set(kinds(one).values()) == {"new"}  # a warning: the rows still import
    # Layout "courses": once, at the course's column; the class's own courses say nothing.
    title = title_cells([("学期", "2025—2026学年第一学期"), ("班级", "2025级计算机1班")])
    rows = [title, ["学号", "姓名", "数学", "程序设计基础", "基础会计"],
            [zs, "张三", 70, 80, 90], [ls, "李四", 71, 81, 91]]  # fmt: skip
    every = plan_grades(school.s, school.sheet(rows))
    assert [(n.row, n.column, n.column_index, n.code) for n in every.notes] == [
        (2, "基础会计", 4, "course_not_of_class_major")
    ]
    # Once the class has a result of the course (any term), it is the class's course.
    record_grade(school.s, school.sid["王五"], acc, school.ids["t2"], score=60)
    assert plan_grades(school.s, read_sheet(school.last_path)).notes == ()
    # In its own major's class it is no surprise either.
    c2 = school.plan([HEAD, [school.no["赵六"], "赵六", 80]], course_id=acc,
                     class_id=school.ids["c2"])  # fmt: skip
    assert c2.notes == ()


def test_rows_without_a_result_are_named_not_the_header(school: School) -> None:
    numbers = [f"2025{i:04d}" for i in range(200, 208)]
    for number in numbers:
        insert_student(school.s, school.ids["c1"], student_no=number)
    rows: list[list[Any]] = [["学号", "成绩"]]
    rows += [[n, 80 if i in (0, 3) else None] for i, n in enumerate(numbers[:4])]
    plan = school.plan(rows)  # rows 3 and 4 list a student, no result
    (note,) = plan.notes
    assert (note.row, note.column, note.code) == (3, "", "rows_without_result")
    assert note.problem.params["count"] == "2"
    assert problem_text(note.problem, "zh") == (
        "有 2 行只有学生、没有填写成绩（第 3、4 行），这些行不导入。"
    )
    assert "(rows 3, 4)" in problem_text(note.problem, "en")
    many = school.plan([["学号", "成绩"], [numbers[0], 80], *([n, None] for n in numbers[1:])])
    (note,) = many.notes
    assert (note.row, note.code, note.problem.params["count"]) == (
        3, "rows_without_result_more", "7")  # fmt: skip
    assert "第 3、4、5、6、7 行等" in problem_text(note.problem, "zh")
