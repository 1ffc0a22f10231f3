"""Reconciliation with the national 学籍 system's student list (issue 6 §4 and §6): a generated
national export with planted differences, read through the real sheet reader, against a real
archive; the preview changes nothing, the apply step fills 学籍号 and marks 已核准 in one
transaction, and cancelling or a changed archive leaves it exactly as it was."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import (
    add_account,
    insert_student,
    make_id_number,
    setup_structure,
    student_values,
)
from xueji_desktop.core.errors import (
    ImportColumnsMissing,
    ImportOutdated,
    OperationCancelled,
    PermissionDenied,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import registration, students
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.reconcile import (
    Reconciliation,
    apply_reconciliation,
    plan_national_list,
)
from xueji_desktop.services.sheets import Sheet, read_sheet
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.files import atomic_write

TODAY = datetime.date(2026, 3, 1)
CLASS = "2025级计算机1班"
HEADER = ["序号", "姓名", "性别", "出生日期", "身份证件类型", "身份证件号", "学籍号", "班级名称",
          "专业", "入学年月", "学籍状态"]  # fmt: skip


def _hash(s: Session) -> str:
    return content_hash(s.archive.db.conn)


def _row(s: Session, sid: int) -> dict[str, Any]:
    cur = s.archive.db.conn.execute("SELECT * FROM students WHERE id = ?", (sid,))
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def _listed(s: Session, sid: int, **changes: str) -> list[object]:
    """The student's row as the national system exports it (labels, text cells)."""
    r = _row(s, sid)
    values: dict[str, object] = {
        "姓名": r["name"], "性别": "男" if r["gender"] == "1" else "女",
        "出生日期": r["birth_date"], "身份证件类型": "居民身份证", "身份证件号": r["id_number"],
        "学籍号": r["registry_no"] or "", "班级名称": CLASS, "专业": "计算机应用",
        "入学年月": r["enrolment_month"], "学籍状态": "在籍",
    }  # fmt: skip
    values.update(changes)
    return [sid, *(values[h] for h in HEADER[1:])]


def _national_file(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学生名单"
    ws.append(["测试市职业中专 学生学籍信息"])  # a merged title row above the header
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())
    return path


def _new_registered(s: Session, name: str, report_status: str) -> int:
    """A record entered through the services: confirmed (学号 given), no 学籍号 yet."""
    values = student_values(name=name)
    values["class_group"] = CLASS
    sid = students.add_student(s, values, today=TODAY).student_id
    registration.confirm_student(s, sid, today=TODAY)
    if report_status == "reported":
        registration.set_report_status(s, sid, "reported")
    return sid


class Planted:
    """The archive's students and the national list, with one planted case each."""

    def __init__(self, s: Session, tmp: Path) -> None:
        ids = setup_structure(s)
        c1 = ids["c1"]
        self.same_reported = insert_student(s, c1, name="赵一", report_status="reported")
        self.same_confirmed = insert_student(s, c1, name="钱二", report_status="confirmed")
        self.same_draft = insert_student(s, c1, name="孙三", report_status="draft")
        self.same_approved = insert_student(s, c1, name="李四", report_status="approved")
        self.no_registry = _new_registered(s, "周五", "reported")
        self.name_differs = insert_student(s, c1, name="吴六", report_status="reported")
        self.on_leave = insert_student(s, c1, name="郑七", status="on_leave",
                                       report_status="reported")  # fmt: skip
        self.not_there = insert_student(s, c1, name="王八", report_status="reported")
        self.graduated_elsewhere = insert_student(s, c1, name="冯九", status="graduated")
        self.not_there_draft = insert_student(s, c1, name="陈十", report_status="draft")
        self.id_typo = insert_student(s, c1, name="褚十一", report_status="reported")
        self.duplicate = insert_student(s, c1, name="卫十二", report_status="reported")
        stranger = make_id_number("20091120")
        not_here = [99, "蒋十三", "女", "2009-11-20", "居民身份证", stranger, "G" + stranger,
                    CLASS, "计算机应用", "202509", "在籍"]  # fmt: skip
        typo_row = _listed(s, self.id_typo)
        typo_row[HEADER.index("身份证件号")] = make_id_number("20100315")  # another valid number
        rows = [
            _listed(s, self.same_reported),
            _listed(s, self.same_confirmed),
            _listed(s, self.same_draft),
            _listed(s, self.same_approved),
            _listed(s, self.no_registry, 学籍号="G" + _row(s, self.no_registry)["id_number"]),
            _listed(s, self.name_differs, 姓名="吴陆"),
            _listed(s, self.on_leave, 学籍状态="在籍"),
            [None] * len(HEADER),  # an empty row in the middle
            not_here,
            typo_row,
            _listed(s, self.duplicate),
            _listed(s, self.duplicate),
        ]
        self.path = _national_file(tmp / "国家学籍系统导出.xlsx", rows)
        self.sheet = read_sheet(self.path)


@pytest.fixture
def s(archive: Created) -> Session:
    return archive.session


@pytest.fixture
def planted(s: Session, tmp_path: Path) -> Planted:
    return Planted(s, tmp_path)


def _kinds(rec: Reconciliation) -> set[tuple[str, int | None, str]]:
    return {(d.kind, d.student_id, d.field) for d in rec.differences}


def test_the_preview_finds_every_planted_difference_and_changes_nothing(
    s: Session, planted: Planted
) -> None:
    p = planted
    before = _hash(s)
    rec = plan_national_list(s, p.sheet, source=str(p.path), today=TODAY)
    assert _hash(s) == before
    assert rec.header_row == 2 and rec.rows == 11  # the title row skipped, the empty row too
    kinds = _kinds(rec)
    assert ("missing_there", p.not_there, "status") in kinds
    assert ("field_differs", p.name_differs, "name") in kinds
    assert ("status_differs", p.on_leave, "status") in kinds
    assert ("registry_no_missing", p.no_registry, "registry_no") in kinds
    assert ("field_differs", p.id_typo, "id_number") in kinds  # matched by 学籍号 instead
    missing_here = [d for d in rec.differences if d.kind == "missing_here"]
    assert [(d.row, d.label) for d in missing_here] == [(11, "蒋十三")]
    # a graduate and a draft are not expected in the national list
    assert not {p.graduated_elsewhere, p.not_there_draft} & {d.student_id for d in rec.differences}
    # nothing else: the matching records show no difference
    same = {p.same_reported, p.same_confirmed, p.same_draft, p.same_approved}
    assert not same & {d.student_id for d in rec.differences}
    name = next(d for d in rec.differences if d.kind == "field_differs" and d.field == "name")
    assert (name.ours, name.theirs, name.row) == ("吴六", "吴陆", 8)
    status = next(d for d in rec.differences if d.kind == "status_differs")
    assert (status.ours, status.theirs) == ("休学", "在籍")
    assert rec.fillable == ((p.no_registry, "G" + _row(s, p.no_registry)["id_number"]),)
    assert set(rec.markable) == {p.same_reported, p.same_confirmed, p.no_registry, p.duplicate}
    assert rec.unmarkable == ((p.same_draft, "draft"),)
    assert [(c.row, c.code) for c in rec.problems] == [(14, "national_duplicate_row")]
    assert "第 13 行" in problem_text(rec.problems[0].problem, "zh")
    sentence = problem_text(name.problem(), "zh")
    assert "吴六" in sentence and "吴陆" in sentence


def test_apply_fills_registry_numbers_and_marks_matching_records_approved(
    s: Session, planted: Planted
) -> None:
    p = planted
    rec = plan_national_list(s, p.sheet, today=TODAY)
    before_other = {sid: _row(s, sid) for sid in (p.name_differs, p.on_leave, p.same_draft)}
    result = apply_reconciliation(
        s, p.sheet, rec, fill_registry_numbers=True, mark_approved=True, today=TODAY
    )
    assert result.ids == tuple(sorted(rec.markable))
    filled = _row(s, p.no_registry)
    assert filled["registry_no"] == "G" + filled["id_number"]
    for sid in rec.markable:
        assert _row(s, sid)["report_status"] == "approved"
    for sid, row in before_other.items():  # differences and drafts are left alone
        assert _row(s, sid) == row
    conn = s.archive.db.conn
    hist = conn.execute(
        "SELECT old_value, new_value, change_kind, reason FROM field_history "
        "WHERE student_id = ? AND field = 'registry_no'",
        (p.no_registry,),
    ).fetchall()
    assert hist == [(None, filled["registry_no"], "national_list", "国家学籍系统名单")]
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions.count("registry_no_filled") == 1
    assert actions.count("national_list_reconciled") == 1
    assert actions[-1] == "national_list_reconciled"
    # confirmed -> reported -> approved: two moves, each audited by the registration service
    moves = conn.execute(
        "SELECT old_value, new_value FROM field_history WHERE student_id = ? "
        "AND field = 'report_status' AND change_kind = 'report'",
        (p.same_confirmed,),
    ).fetchall()
    assert moves == [("confirmed", "reported"), ("reported", "approved")]
    # afterwards only the real disagreements remain
    again = plan_national_list(s, p.sheet, today=TODAY)
    assert not again.fillable and not again.markable
    assert {d.kind for d in again.differences} == {
        "missing_there", "field_differs", "status_differs", "missing_here"
    }  # fmt: skip


def test_without_filling_the_record_lacking_its_number_is_not_marked(
    s: Session, planted: Planted
) -> None:
    p = planted
    rec = plan_national_list(s, p.sheet, today=TODAY)
    apply_reconciliation(s, p.sheet, rec, fill_registry_numbers=False, mark_approved=True,
                         today=TODAY)  # fmt: skip
    row = _row(s, p.no_registry)
    assert row["registry_no"] is None and row["report_status"] == "reported"
    assert _row(s, p.same_reported)["report_status"] == "approved"


def test_fill_only_leaves_report_statuses_alone(s: Session, planted: Planted) -> None:
    p = planted
    rec = plan_national_list(s, p.sheet, today=TODAY)
    result = apply_reconciliation(s, p.sheet, rec, fill_registry_numbers=True,
                                  mark_approved=False, today=TODAY)  # fmt: skip
    assert result.ids == (p.no_registry,) and result.updated == 1
    assert _row(s, p.no_registry)["report_status"] == "reported"  # not sent back to 已核对
    assert _row(s, p.same_reported)["report_status"] == "reported"


def test_cancel_during_apply_leaves_the_archive_as_it_was(s: Session, planted: Planted) -> None:
    p = planted
    rec = plan_national_list(s, p.sheet, today=TODAY)
    before = _hash(s)
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3  # after the re-check, part-way through the writes

    with pytest.raises(OperationCancelled):
        apply_reconciliation(s, p.sheet, rec, fill_registry_numbers=True, mark_approved=True,
                             cancelled=cancelled, today=TODAY)  # fmt: skip
    assert _hash(s) == before
    assert _row(s, p.no_registry)["registry_no"] is None


def test_a_changed_archive_makes_the_preview_outdated(s: Session, planted: Planted) -> None:
    p = planted
    rec = plan_national_list(s, p.sheet, today=TODAY)
    students.edit_student(s, p.same_draft, {"name": "孙叁"}, today=TODAY)
    before = _hash(s)
    with pytest.raises(ImportOutdated):
        apply_reconciliation(s, p.sheet, rec, fill_registry_numbers=True, mark_approved=True,
                             today=TODAY)  # fmt: skip
    assert _hash(s) == before


def test_a_number_held_by_another_record_or_a_locked_record_is_not_filled(
    s: Session, tmp_path: Path
) -> None:
    ids = setup_structure(s)
    empty = _new_registered(s, "甲一", "reported")
    holder = insert_student(s, ids["c1"], name="乙二")
    taken = _row(s, holder)["registry_no"]
    left = _new_registered(s, "丙三", "reported")
    with s.archive.db.atomic() as conn:  # a graduate whose number was never recorded
        conn.execute("UPDATE students SET status = 'graduated' WHERE id = ?", (left,))
    rows = [
        _listed(s, empty, 学籍号=taken),
        _listed(s, holder),
        _listed(s, left, 学籍号="G" + _row(s, left)["id_number"], 学籍状态="毕业"),
    ]
    rec = plan_national_list(s, read_sheet(_national_file(tmp_path / "n.xlsx", rows)), today=TODAY)
    assert not rec.fillable
    assert [(c.row, c.code, c.problem.severity) for c in rec.problems] == [
        (3, "national_registry_no_taken", "error"),
        (5, "national_registry_no_locked", "warning"),
    ]
    assert rec.problems[0].column == "学籍号" and rec.problems[0].column_index == 6
    assert {d.kind for d in rec.differences} == {"registry_no_missing"}
    assert not rec.markable  # neither can be marked while its number is missing


def test_the_list_needs_an_id_or_registry_column(s: Session) -> None:
    sheet = Sheet("名单", (("姓名", "性别", "学籍状态"), ("张三", "男", "在籍")), ("名单",))
    with pytest.raises(ImportColumnsMissing):
        plan_national_list(s, sheet)


def test_numbers_excel_mangled_and_unknown_statuses_are_reported(s: Session) -> None:
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], name="林一", report_status="reported")
    idn = _row(s, sid)["id_number"]
    sheet = Sheet(
        "名单",
        (
            ("姓名", "身份证号", "学籍状态"),
            ("林一", idn, "休学中"),
            ("林二", 4.30502201003151e17, "在籍"),
        ),
        ("名单",),
    )
    rec = plan_national_list(s, sheet, today=TODAY)
    assert [(c.row, c.column, c.code) for c in rec.problems] == [
        (2, "学籍状态", "national_unknown_status"),
        (3, "身份证号", "id_number_as_number"),
        (3, "", "national_no_key"),
    ]
    assert rec.matched == (sid,)
    assert rec.markable == ()  # its status was not compared: not known to match


def test_only_clerks_reconcile(s: Session, planted: Planted, archive: Created) -> None:
    add_account(s, "viewer1", "viewer-passphrase-1", [Role.VIEWER])
    add_clerk(archive)
    viewer = login(s.archive.layout.root, "viewer1", "viewer-passphrase-1")
    try:
        with pytest.raises(PermissionDenied):
            plan_national_list(viewer, planted.sheet)
    finally:
        viewer.close()
    clerk = login(s.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        rec = plan_national_list(clerk, planted.sheet, today=TODAY)
        assert rec.matched
    finally:
        clerk.close()


def test_a_demo_archive_against_its_own_list_shows_only_the_planted_differences(
    make_archive: Any, tmp_path: Path
) -> None:
    from xueji_desktop.core.demo_data import generate_demo
    from xueji_desktop.services.demo import DEMO_INTAKES, load_demo_data

    created = make_archive("demo", binding="none")
    load_demo_data(created, generate_demo(7, intakes=DEMO_INTAKES, students_per_intake=25), 7)
    s = created.session
    cur = s.archive.db.conn.execute(
        "SELECT s.id, s.name, s.gender, s.birth_date, s.id_number, s.registry_no, c.name, "
        "m.name, s.enrolment_month, s.status, s.report_status FROM students s "
        "JOIN class_groups c ON c.id = s.class_group_id JOIN majors m ON m.code = s.major_code "
        "WHERE s.voided = 0 AND s.report_status != 'draft' ORDER BY s.id"
    )
    status_words = {"enrolled": "在籍", "on_leave": "休学", "graduated": "毕业",
                    "withdrawn": "退学", "transferred_out": "转出"}  # fmt: skip
    rows: list[list[object]] = []
    for sid, name, gender, birth, idn, reg, cls, major, month, status, _ in cur.fetchall():
        if status not in status_words:
            continue
        rows.append([sid, name, "男" if gender == "1" else "女", birth, "居民身份证", idn,
                     reg or "", cls, major, month, status_words[status]])  # fmt: skip
    assert len(rows) > 50
    in_school = [r for r in rows if r[10] in ("在籍", "休学")]
    gone, renamed, moved = in_school[0], in_school[1], in_school[2]
    rows.remove(gone)
    renamed[1] = str(renamed[1]) + "某"
    moved[10] = "转出" if moved[10] == "在籍" else "在籍"
    sheet = read_sheet(_national_file(tmp_path / "demo.xlsx", rows))
    before = _hash(s)
    rec = plan_national_list(s, sheet, today=datetime.date(2026, 11, 16))
    assert _hash(s) == before
    planted = {
        ("missing_there", gone[0], "status"),
        ("field_differs", renamed[0], "name"),
        ("status_differs", moved[0], "status"),
    }
    assert _kinds(rec) == planted
    assert not rec.problems
    assert len(rec.matched) == len(rows)
