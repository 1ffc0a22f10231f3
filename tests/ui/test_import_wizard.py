"""The student import wizard on a real archive and real workbooks: file → columns → preview →
import, the filters and an update's changes, valid rows only, the error file, cancel, a renamed
CSV, the remembered layout, and the preview models under qtmodeltester."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure, student_values
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.template import to_template
from xueji_desktop.services import export_grades, import_layouts
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import (
    CellProblem,
    FieldChange,
    ImportPlan,
    PlannedRow,
)
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.layout import now_utc
from xueji_desktop.ui import import_wizard as iw
from xueji_desktop.ui.import_preview import ChangesModel, KindFilter, PreviewModel, located_text
from xueji_desktop.ui.import_wizard import ImportWizard
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.worker import SessionWorker

CLASS = "2025级计算机1班"
WAIT = 15_000


@dataclass
class School:
    session: Session
    existing_id: int
    existing: dict[str, Any]


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> School:
    created = make_archive("imports")
    ids = setup_structure(created.session)
    old = student_values(name="王老", birth="20090101")
    sid = insert_student(created.session, ids["c1"], **old)
    return School(created.session, sid, old)


def template_row(**overrides: Any) -> dict[str, Any]:
    values = student_values(**overrides)
    values["class_group"] = CLASS
    return to_template(values)


def messy_file(folder: Path, school: School) -> Path:
    """A title row above the header, an unknown column, two new students, an update of the
    student already in the archive (new phone), a repeat of the first row, a bad date."""
    rows = [template_row(name="李明"), template_row(name="赵红", male=False)]
    update = dict(school.existing, class_group=CLASS, phone="13900001111")
    rows.append(to_template(update))
    rows.append(dict(rows[0]))
    bad = template_row(name="钱坏")
    bad["出生日期"] = "2008-13-45"
    rows.append(bad)
    headers = list(rows[0])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "新生"
    ws.append(["2025级新生名单"])
    ws.append([*headers, "家访记录"])
    for row in rows:
        ws.append([*(row.get(h, "") for h in headers), "已家访"])
    wb.create_sheet("说明").append(["本表由招生办提供"])
    path = folder / "新生名单.xlsx"
    wb.save(path)
    return path


def make_wizard(qtbot: QtBot, session: Session, worker: SessionWorker) -> ImportWizard:
    wizard = ImportWizard(PageContext(session, worker))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def wait_idle(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT)


def to_preview(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    assert wizard.error_line.isHidden(), wizard.error_line.text()
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.MAPPING
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.PREVIEW, wizard.error_line.text()


def names_in_archive(session: Session) -> set[str]:
    rows = session.archive.db.conn.execute("SELECT name FROM students").fetchall()
    return {r[0] for r in rows}


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_messy_file_end_to_end(
    qtbot: QtBot,
    worker: SessionWorker,
    school: School,
    tmp_path: Path,
    answer_yes: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = messy_file(tmp_path, school)
    wizard = make_wizard(qtbot, school.session, worker)
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    combo = wizard.file_page.sheet_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["新生", "说明"]
    assert wizard.file_page.sheet_info.text() == "工作表“新生”：表头在第 2 行，下面有 5 行"

    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.MAPPING
    page = wizard.mapping_page
    unknown = page.table.rowCount() - 1  # the last column: 家访记录
    assert page.table.item(unknown, 1).text() == "家访记录"
    assert page.table.item(unknown, 3).text() == "未识别，不导入"
    assert page.mapping()[0] == "name"

    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.PREVIEW
    preview = wizard.preview_page
    counts = preview.counts_label.text()
    for text in ("新增：2 行", "更新：1 行", "重复：1 行", "错误：1 行"):
        assert text in counts
    assert "家访记录" in preview.notes_label.text()

    preview.show_kind("update")
    assert preview.proxy.rowCount() == 1
    preview.table.selectRow(0)
    assert preview.current_row() is not None and preview.current_row().label == "王老"
    changed = {
        preview.changes.index(r, 0).data(): (
            preview.changes.index(r, 1).data(),
            preview.changes.index(r, 2).data(),
        )
        for r in range(preview.changes.rowCount())
    }
    assert changed["联系电话"] == ("13812345678", "13900001111")
    assert preview.changes_table.isVisibleTo(wizard)

    preview.show_kind("new")  # a new record shows what would be stored (labels, folded text)
    preview.table.selectRow(0)
    stored = {
        preview.changes.index(r, 0).data(): preview.changes.index(r, 2).data()
        for r in range(preview.changes.rowCount())
    }
    assert stored["姓名"] == preview.current_row().label and "民族" in stored
    assert "导入后保存为：" in preview.detail_label.text()

    preview.show_kind("error")
    assert preview.proxy.rowCount() == 1
    preview.table.selectRow(0)
    assert "第7行“出生日期”列" in preview.detail_label.text()
    preview.show_kind("duplicate")
    preview.table.selectRow(0)
    assert "与第 3 行是同一名学生" in preview.detail_label.text()
    preview.show_kind("")
    assert preview.proxy.rowCount() == 5

    assert not preview.all_rows.isEnabled()
    assert preview.valid_only()
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.DONE, wizard.error_line.text()
    assert answer_yes[0].startswith(
        "将新增 2 名学生，更新 1 名学生的信息。有错误或重复的 2 行不导入。"
    )
    assert wizard.outcome is not None
    assert (wizard.outcome.added, wizard.outcome.updated) == (2, 1)
    assert {"李明", "赵红", "王老"} <= names_in_archive(school.session)
    assert "钱坏" not in names_in_archive(school.session)
    phone = school.session.archive.db.conn.execute(
        "SELECT phone FROM students WHERE id = ?", (school.existing_id,)
    ).fetchone()[0]
    assert phone == "13900001111"

    # The error file holds only the rows left out, marked; nothing passes through temp files.
    empty = tmp_path / "tmpdir"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))
    assert wizard.done_page.save_errors_button.isVisibleTo(wizard)
    target = tmp_path / "errors.xlsx"
    wizard.save_error_file(iw.import_ops.not_imported_rows(wizard.plan), target)
    wait_idle(qtbot, wizard)
    assert target.exists(), wizard.error_line.text()
    assert list(empty.iterdir()) == []
    ws = openpyxl.load_workbook(target)["新生"]
    names = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    assert names == ["李明", "钱坏"]
    assert str(target) in wizard.done_page.saved_label.text()


def test_cancel_while_checking_changes_nothing(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path
) -> None:
    path = messy_file(tmp_path, school)
    before = content_hash(school.session.archive.db.conn)
    wizard = make_wizard(qtbot, school.session, worker)
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)

    def cancel_at_once(work: WorkProgress) -> None:
        work.cancel()  # as the clerk's Cancel in the progress dialog does

    wizard.workStarted.connect(cancel_at_once)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.MAPPING
    assert wizard.plan is None
    assert "已停止" in wizard.error_line.text()
    assert content_hash(school.session.archive.db.conn) == before


def test_cancel_while_importing_changes_nothing(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path, answer_yes: list[str]
) -> None:
    path = messy_file(tmp_path, school)
    wizard = make_wizard(qtbot, school.session, worker)
    to_preview(qtbot, wizard, path)
    before = content_hash(school.session.archive.db.conn)
    wizard.workStarted.connect(lambda work: work.cancel())
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.PREVIEW
    assert "已停止" in wizard.error_line.text()
    assert content_hash(school.session.archive.db.conn) == before
    assert wizard.outcome is None


def test_renamed_csv_gets_the_clerks_sentence(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path
) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,430502201003150011\n", encoding="utf-8")
    wizard = make_wizard(qtbot, school.session, worker)
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    assert wizard.loaded is None
    assert "不是 Excel 表格" in wizard.error_line.text()
    assert "另存为 .xlsx" in wizard.error_line.text()
    assert not wizard.file_page.sheet_combo.isEnabled()


def test_mapping_is_adjusted_and_remembered(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path, answer_yes: list[str]
) -> None:
    path = messy_file(tmp_path, school)
    wizard = make_wizard(qtbot, school.session, worker)
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    page = wizard.mapping_page
    last = max(page.mapping()) + 1  # 家访记录, not recognised
    page.set_field(last, "phone")  # the same field as the 联系电话 column: refused
    assert last in page.conflicts()
    assert not wizard.next_button.isEnabled()
    assert "选了同一项" in page.table.item(page.table.rowCount() - 1, 3).text()
    page.set_field(last, "")
    page.set_field(last, "email")
    assert not page.conflicts() and wizard.next_button.isEnabled()
    assert page.remember_check.isChecked()
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.plan is not None and wizard.plan.columns[last] == "email"
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.DONE, wizard.error_line.text()
    remembered = import_layouts.remembered(school.session, wizard.loaded.headers)
    assert "email" in remembered.values()

    # The next file of this layout opens with the clerk's choice.
    again = make_wizard(qtbot, school.session, worker)
    again.open_file(path)
    wait_idle(qtbot, again)
    again.next_button.click()
    wait_idle(qtbot, again)
    assert again.mapping_page.mapping()[last] == "email"


def test_nothing_importable_keeps_import_disabled(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path
) -> None:
    bad = template_row(name="钱坏")
    bad["出生日期"] = "不知道"
    wb = openpyxl.Workbook()
    wb.active.append(list(bad))
    wb.active.append(list(bad.values()))
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    wizard = make_wizard(qtbot, school.session, worker)
    to_preview(qtbot, wizard, path)
    assert wizard.plan is not None and wizard.plan.counts()["error"] == 1
    assert not wizard.next_button.isEnabled()
    wizard.back_button.click()
    assert wizard.step == iw.MAPPING


# -- the models ---------------------------------------------------------------------------------


def hand_plan() -> ImportPlan:
    problem = CellProblem(4, "出生日期", 2, Problem("birth_date", "not_a_date"))
    rows = (
        PlannedRow(2, "new", "李明"),
        PlannedRow(
            3,
            "update",
            "王老",
            7,
            changes=(
                FieldChange("phone", "13812345678", "13900001111"),
                FieldChange("gender", "1", "2"),
            ),
        ),
        PlannedRow(4, "error", "钱坏", problems=(problem,)),
        PlannedRow(5, "duplicate", "李明", first_row=2),
        PlannedRow(6, "unchanged", "赵红", 8),
    )
    return ImportPlan("students", "x.xlsx", "新生", 1, ("姓名",), {0: "name"}, rows)


def test_preview_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    plan = hand_plan()
    model = PreviewModel()
    model.set_rows(plan.rows)
    qtmodeltester.check(model)
    proxy = KindFilter()
    proxy.setSourceModel(model)
    proxy.set_kind("error")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    assert proxy.index(0, 3).data().startswith("出生日期")
    proxy.set_kind("")
    assert proxy.rowCount() == 5
    assert model.index(3, 3).data() == "与第 2 行是同一名学生"
    changes = ChangesModel()
    changes.set_changes(plan.rows[1].changes)
    qtmodeltester.check(changes)
    assert changes.index(1, 0).data() == "性别"
    assert (changes.index(1, 1).data(), changes.index(1, 2).data()) == ("男", "女")
    assert located_text(plan.rows[2].problems[0]).startswith("第4行“出生日期”列：")


def test_archive_changed_after_the_preview_is_refused(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path, answer_yes: list[str]
) -> None:
    path = messy_file(tmp_path, school)
    wizard = make_wizard(qtbot, school.session, worker)
    to_preview(qtbot, wizard, path)
    with school.session.archive.db.atomic() as conn:  # someone else edits the record meanwhile
        conn.execute(
            "UPDATE students SET phone = '13700000000', updated_at = ? WHERE id = ?",
            (now_utc(), school.existing_id),
        )
    before = content_hash(school.session.archive.db.conn)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.PREVIEW
    assert "预览之后档案库中的数据有了变化" in wizard.error_line.text()
    assert content_hash(school.session.archive.db.conn) == before


def test_done_page_shows_the_imported_students(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path, answer_yes: list[str]
) -> None:
    went: list[tuple[str, dict[str, object]]] = []
    wizard = ImportWizard(
        PageContext(school.session, worker, navigate=lambda p, a: went.append((p, a)))
    )
    qtbot.addWidget(wizard)
    wizard.show()
    to_preview(qtbot, wizard, messy_file(tmp_path, school))
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.outcome is not None
    wizard.done_page.show_button.click()
    assert went == [
        (
            "students",
            {"student_ids": list(wizard.outcome.ids), "caption": "从 新生名单.xlsx 导入的学生"},
        )
    ]
    assert len(wizard.outcome.ids) == 3


def test_a_grade_sheet_goes_straight_to_the_preview(
    qtbot: QtBot, worker: SessionWorker, archive: Created, tmp_path: Path, answer_yes: list[str]
) -> None:
    """The blank grade sheet exported here, filled in by a teacher, comes back in."""
    s = archive.session
    ids = setup_structure(s)
    for name in ("李明", "赵红", "钱坏"):
        insert_student(s, ids["c1"], name=name, enrolment_month="202509")
    path = export_grades.export_grade_sheet(
        s, tmp_path / "数学.xlsx", class_id=ids["c1"], term_id=ids["t1"],
        course_id=ids["math"], blank=True,
    )  # fmt: skip
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws["C3"], ws["D4"], ws["C5"] = 92, "良好", 130  # the last is out of range
    wb.save(path)
    wizard = ImportWizard(PageContext(s, worker), mode="grades")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.file_page.choices_loaded, timeout=WAIT)
    assert wizard.file_page.grade_box.isVisibleTo(wizard)
    assert wizard.file_page.grade_ids() == (None, None, None)  # the title row says
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.PREVIEW, wizard.error_line.text()
    counts = wizard.plan.counts() if wizard.plan else {}
    assert (counts["new"], counts["error"]) == (2, 1)
    wizard.back_button.click()
    assert wizard.step == iw.FILE  # no column page for a grade sheet
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.DONE, wizard.error_line.text()
    assert answer_yes[-1].startswith("有新成绩的行：2；成绩有改动的行：0。")
    assert wizard.done_page.summary.text().startswith("导入完成：新增 2 条成绩")
    assert not wizard.done_page.show_button.isVisibleTo(wizard)
    scores = s.archive.db.conn.execute("SELECT count(*) FROM grades").fetchone()[0]
    assert scores == 2


def test_history_mode_offers_the_years_of_entry_and_leaving(
    qtbot: QtBot, worker: SessionWorker, school: School, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "出生日期", "专业名称", "入学年份", "离校年份"])
    wb.active.append(["周老", "1980-05-06", "计算机应用", 1996, 1999])
    path = tmp_path / "1999届.xlsx"
    wb.save(path)
    wizard = ImportWizard(PageContext(school.session, worker), mode="history")
    qtbot.addWidget(wizard)
    wizard.open_file(path)
    wait_idle(qtbot, wizard)
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    page = wizard.mapping_page
    assert page.mapping() == {0: "name", 1: "birth_date", 2: "major_code", 3: "intake_year",
                              4: "leaving_year"}  # fmt: skip
    combo = page.table.cellWidget(3, 2)
    assert combo.currentText() == "入学年份"
    assert page.missing_label.isHidden()  # only a new-student list needs every field
    wizard.next_button.click()
    wait_idle(qtbot, wizard)
    assert wizard.step == iw.PREVIEW, wizard.error_line.text()
    assert wizard.plan is not None and wizard.plan.what == "history"
