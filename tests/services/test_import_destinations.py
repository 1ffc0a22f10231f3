"""毕业去向 from a sheet (services/import_destinations): real .xlsx files written with openpyxl,
read back with read_sheet; the dry run changes nothing; the commit is all or nothing."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from tests.sheet_files import write_xlsx
from xueji_desktop.core.errors import (
    ImportColumnsMissing,
    ImportHasErrors,
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
    SheetUnreadable,
)
from xueji_desktop.messages_destinations import DESTINATION_PROBLEMS
from xueji_desktop.services import import_errors
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.destinations import get_destination, set_destination
from xueji_desktop.services.import_destinations import (
    DestinationPlan,
    commit_destinations,
    destination_template,
    plan_destinations,
)
from xueji_desktop.services.import_model import ImportPlan
from xueji_desktop.services.sheets import read_sheet
from xueji_desktop.storage.content_hash import content_hash

HEAD = ["学号", "姓名", "毕业去向", "单位或学校", "是否对口", "登记日期", "备注"]
TODAY = datetime.date(2026, 7, 10)


class School:
    """Class c1: 张三, 李四, 王五 graduated, 赵六 still in school, 钱七 voided."""

    def __init__(self, created: Created, tmp: Path) -> None:
        self.s: Session = created.session
        self.ids = setup_structure(self.s)
        self.tmp = tmp
        self.sid: dict[str, int] = {}
        for n, (name, status) in enumerate(
            (("张三", "graduated"), ("李四", "graduated"), ("王五", "withdrawn"),
             ("赵六", "enrolled"), ("钱七", "graduated")),
            start=1,
        ):  # fmt: skip
            self.sid[name] = insert_student(
                self.s, self.ids["c1"], student_no=f"202500{n}", name=name, status=status
            )
        with self.s.archive.db.atomic() as conn:
            conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (self.sid["钱七"],))

    def hash(self) -> str:
        return content_hash(self.s.archive.db.conn)

    def sheet(self, rows: list[list[Any]], name: str = "d.xlsx", **kw: Any) -> Any:
        path = write_xlsx(self.tmp / name, rows, text_columns=(0,), **kw)
        return path, read_sheet(path)

    def plan(self, rows: list[list[Any]], **kw: Any) -> tuple[Path, Any, DestinationPlan]:
        path, sheet = self.sheet(rows)
        before = self.hash()
        plan = plan_destinations(self.s, sheet, source=path.name, **kw)
        assert self.hash() == before  # the dry run wrote nothing
        return path, sheet, plan


@pytest.fixture
def school(archive: Created, tmp_path: Path) -> School:
    return School(archive, tmp_path)


def _kinds(plan: ImportPlan) -> list[tuple[int, str]]:
    return [(r.row, r.kind) for r in plan.rows]


def _problems(plan: ImportPlan) -> set[tuple[int, str, str]]:
    return {(p.row, p.column, p.code) for p in plan.problems()}


def test_a_clean_sheet_imports(school: School) -> None:
    rows = [
        HEAD,
        ["2025001", "张三", "就业", "长沙某科技公司", "是", datetime.date(2026, 7, 1), ""],
        ["2025002", "李四", "升学", "湖南某职业技术学院", None, "2026-07-02", "3+2"],
        ["2025003", "王五", "应征入伍", None, None, 20260703, None],
    ]
    _path, sheet, plan = school.plan(rows)
    assert _kinds(plan) == [(2, "new"), (3, "new"), (4, "new")]
    assert plan.what == "destinations" and not plan.has_errors
    result = commit_destinations(school.s, sheet, plan)
    assert (result.added, result.updated, result.skipped) == (3, 0, 0)
    d = get_destination(school.s, school.sid["张三"])
    assert d is not None and (d.kind, d.employer, d.matches_major, d.recorded_on) == (
        "employment", "长沙某科技公司", True, "2026-07-01",
    )  # fmt: skip
    d3 = get_destination(school.s, school.sid["王五"])
    assert d3 is not None and (d3.kind, d3.recorded_on) == ("military", "2026-07-03")
    audit = school.s.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = 'destinations_imported'"
    ).fetchall()
    assert len(audit) == 1
    details = json.loads(audit[0][0])
    assert details["added"] == 3 and "张三" not in audit[0][0]
    # the same sheet again: unchanged rows, nothing to import
    _p, sheet2, again = school.plan(rows)
    assert {k for _r, k in _kinds(again)} == {"unchanged"}
    with pytest.raises(NothingToImport):
        commit_destinations(school.s, sheet2, again)


def test_update_shows_changes(school: School) -> None:
    set_destination(
        school.s, school.sid["张三"], kind="employment", employer="旧公司", recorded_on="2026-07-01"
    )
    rows = [HEAD, ["2025001", "张三", "就业", "新公司", "否", "2026-07-01", None]]
    _path, sheet, plan = school.plan(rows)
    assert _kinds(plan) == [(2, "update")]
    changes = {(c.field, c.old, c.new) for c in plan.rows[0].changes}
    assert changes == {("destination_employer", "旧公司", "新公司"), ("matches_major", None, "否")}
    result = commit_destinations(school.s, sheet, plan)
    assert (result.added, result.updated) == (0, 1)


def test_garbage_rows_are_errors_and_nothing_is_written(school: School) -> None:
    for n, name in enumerate(("孙八", "周九", "吴十"), start=6):
        insert_student(school.s, school.ids["c1"], student_no=f"202500{n}", name=name,
                       status="graduated")  # fmt: skip
    rows = [
        HEAD,
        ["2025001", "张三", "就业", "某公司", "是", "2026-07-01", None],  # fine
        ["9999999", "某某", "就业", "某公司", None, "2026-07-01", None],  # unknown 学号
        ["2025002", "李斯", "升学", "某学院", None, "2026-07-01", None],  # name differs
        ["2025004", "赵六", "就业", "某公司", None, "2026-07-01", None],  # still in school
        ["2025005", "钱七", "其他", None, None, "2026-07-01", None],  # voided
        ["2025003", "王五", "出国", None, "也许", "明天", None],  # bad kind, flag, date
        ["2025001", "张三", "就业", "某公司", None, "2026-07-01", None],  # repeated 学号
        [None, "无名", "就业", "某公司", None, "2026-07-01", None],  # no 学号
        ["2025006", "孙八", "就业", None, None, "2026-07-01", None],  # employer required
        [2025007, "周九", True, 12.5, datetime.date(2026, 1, 1), True, None],  # wrong types
        ["2025008", "吴十", "参军", None, None, "2099-01-01", None],  # date in the future
    ]
    _path, sheet, plan = school.plan(rows)
    assert _kinds(plan) == [(2, "new"), *[(r, "error") for r in range(3, 8)], (8, "duplicate"),
                            *[(r, "error") for r in range(9, 13)]]  # fmt: skip
    found = _problems(plan)
    for expected in (
        (3, "学号", "no_such_student"),
        (4, "姓名", "name_mismatch"),
        (5, "学号", "student_not_left"),
        (6, "学号", "record_voided"),
        (7, "毕业去向", "invalid_choice"),
        (7, "是否对口", "bool_format"),
        (7, "登记日期", "invalid_date"),
        (8, "学号", "duplicate_in_sheet"),
        (9, "学号", "required"),
        (10, "单位或学校", "required"),
        (11, "毕业去向", "invalid_type"),
        (11, "是否对口", "bool_format"),
        (11, "登记日期", "invalid_date"),
        (12, "登记日期", "date_in_future"),
    ):
        assert expected in found, expected
    before = school.hash()
    with pytest.raises(ImportHasErrors):
        commit_destinations(school.s, sheet, plan)
    assert school.hash() == before
    # valid rows only: the one good row, still one transaction
    result = commit_destinations(school.s, sheet, plan, valid_only=True)
    assert (result.added, result.skipped) == (1, 10)
    assert get_destination(school.s, school.sid["李四"]) is None


def test_error_copy_marks_the_clerks_file(school: School) -> None:
    from openpyxl import load_workbook

    from xueji_desktop.problem_text import problem_text

    rows = [HEAD, ["2025001", "张三", "出国", None, None, "2026-07-01", None]]
    path, _sheet, plan = school.plan(rows)
    marks = [
        import_errors.Mark(p.row, p.column_index, problem_text(p.problem, "zh"))
        for p in plan.problems()
    ]
    data = import_errors.error_copy(path, plan.sheet, plan.header_row, marks)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    assert ws.cell(2, 3).comment is not None and "就业" in ws.cell(2, 3).comment.text
    assert ws.cell(1, 8).value == "错误原因"


def test_empty_date_takes_today_when_given(school: School) -> None:
    rows = [HEAD, ["2025001", "张三", "参军", None, None, None, None]]
    _path, _sheet, plan = school.plan(rows)
    assert (2, "登记日期", "required") in _problems(plan)
    _path, sheet, plan = school.plan(rows, today=TODAY)
    assert _kinds(plan) == [(2, "new")]
    commit_destinations(school.s, sheet, plan)
    d = get_destination(school.s, school.sid["张三"])
    assert d is not None and d.recorded_on == "2026-07-10"


def test_title_rows_aliases_and_unknown_columns(school: School) -> None:
    rows = [
        ["2026届毕业生去向登记表"],
        ["说明：毕业去向填就业、升学、参军、转段或其他"],
        ["序号", "*学号", "学生姓名", "去向(必填)", "就业单位", "专业对口", "日期", "家长电话"],
        [1, "2025001", "张三", "转段", "某高职", "√", "2026/7/1", "13800000000"],
    ]
    _path, _sheet, plan = school.plan(rows)
    assert plan.header_row == 3
    assert _kinds(plan) == [(4, "new")]
    assert plan.rows[0].values["destination_kind"] == "转段"
    assert [(n.column, n.code) for n in plan.notes] == [("家长电话", "destination_column_ignored")]
    assert "destination_column_ignored" in DESTINATION_PROBLEMS


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["学号", "姓名"], "毕业去向"),
        (["姓名", "毕业去向"], "学号"),
        (["a", "b"], "学号、毕业去向"),
    ],
)
def test_missing_columns_refused(school: School, header: list[str], missing: str) -> None:
    _path, sheet = school.sheet([header, ["x", "y"]])
    with pytest.raises(ImportColumnsMissing) as caught:
        plan_destinations(school.s, sheet)
    assert caught.value.fields["columns"] == missing


def test_broken_and_half_written_files(school: School) -> None:
    path, _sheet = school.sheet([HEAD, ["2025001", "张三", "就业", "某公司", None, None, None]])
    data = path.read_bytes()
    half = school.tmp / "half.xlsx"
    half.write_bytes(data[: len(data) // 2])
    with pytest.raises(SheetUnreadable) as caught:
        read_sheet(half)
    assert caught.value.fields["reason"] == "damaged"
    text = school.tmp / "text.xlsx"
    text.write_text("学号,毕业去向\n2025001,就业\n", "utf-8")
    with pytest.raises(SheetUnreadable):
        read_sheet(text)
    docx = school.tmp / "doc.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(SheetUnreadable) as caught:
        read_sheet(docx)
    assert caught.value.fields["reason"] == "not_spreadsheet"


def test_huge_sheet_cancel_and_outdated(school: School) -> None:
    rows: list[list[Any]] = [HEAD]
    rows += [[f"9{n:06d}", "某", "就业", "某公司", None, "2026-07-01", None] for n in range(3000)]
    rows.append(["2025001", "张三", "就业", "某公司", None, "2026-07-01", None])
    path, sheet = school.sheet(rows)
    before = school.hash()
    with pytest.raises(OperationCancelled):
        plan_destinations(school.s, sheet, cancelled=lambda: True)
    plan = plan_destinations(school.s, sheet, source=path.name)
    assert plan.counts()["error"] == 3000 and plan.counts()["new"] == 1
    calls = iter(range(10_000))
    with pytest.raises(OperationCancelled):  # a cancel mid-commit keeps nothing
        commit_destinations(
            school.s, sheet, plan, valid_only=True, cancelled=lambda: next(calls) > 5
        )
    assert school.hash() == before
    # the archive changes after the dry run: the commit refuses, nothing written
    set_destination(school.s, school.sid["张三"], kind="other", recorded_on="2026-07-01")
    changed = school.hash()
    with pytest.raises(ImportOutdated):
        commit_destinations(school.s, sheet, plan, valid_only=True)
    assert school.hash() == changed
    with pytest.raises(ImportOutdated):  # a plan of another kind
        commit_destinations(school.s, sheet, ImportPlan("grades", "", "", 1, (), {}, ()))


def test_template_round_trip(school: School) -> None:
    set_destination(
        school.s, school.sid["张三"], kind="employment", employer="某公司", matches_major=True,
        recorded_on="2026-07-01",
    )  # fmt: skip
    data = destination_template(school.s, school.ids["c1"], title="2025级计算机1班")
    path = school.tmp / "template.xlsx"
    path.write_bytes(data)
    sheet = read_sheet(path)
    assert sheet.rows[0][0] == "2025级计算机1班"
    names = [r[1] for r in sheet.rows[3:]]
    assert names == ["张三", "李四", "王五"]  # leavers only, not the enrolled nor the voided
    plan = plan_destinations(school.s, sheet)
    kinds = dict(_kinds(plan))
    assert kinds[4] == "unchanged"  # 张三 as recorded: nothing to change
    assert kinds[5] == "error" and kinds[6] == "error"  # blank 毕业去向 to fill in
    blank = read_sheet(_write(school.tmp / "blank.xlsx", destination_template(school.s)))
    assert blank.rows[-1][:3] == ("学号", "姓名", "毕业去向")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
