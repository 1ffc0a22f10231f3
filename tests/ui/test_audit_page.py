"""审计日志 page (issue 9 §2): the chain sentence on open (green, then red after tampering), the
filters by user, action, student and time, "older" paging, the detail pane with before/after,
garbage filters answered in Chinese, the access report with its Excel and PDF files read back,
and the "who touched this record" dialog. Real archives; the entries are written by real service
calls (records added, edited, viewed, printed, exported) by an admin+clerk and a clerk."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import MAJOR, insert_student, setup_structure
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import (
    audit_view,
    documents,
    exports,
    search,
    status_changes,
    students,
)
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.ui import audit_ops
from xueji_desktop.ui.audit_page import AuditPage
from xueji_desktop.ui.audit_touched import WhoTouchedDialog, may_see
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.page_registry import PAGES
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

SHOTS = Path("/tmp/shots-a")
TODAY = datetime.date(2026, 1, 5)
WAIT = 15_000


@dataclass
class Env:
    admin: Session
    root: Path
    added: int  # added and edited by the admin+clerk
    viewed: int  # viewed, printed and exported by the clerk
    other: int  # exported only


@pytest.fixture
def env(archive: Created, tmp_path: Path) -> Iterator[Env]:
    s = archive.session
    add_clerk(archive)
    ids = setup_structure(s)
    added = students.add_student(s, {"姓名": "钱多多", "性别": "男"}, today=TODAY).student_id
    students.edit_student(s, added, {"phone": "13700000001"}, today=TODAY)
    viewed = insert_student(s, ids["c1"], name="孙悟空", student_no="2025000301")
    other = insert_student(s, ids["c1"], name="猪八戒", student_no="2025000302")
    with s.archive.db.atomic() as conn:
        search.refresh_search_keys_for(conn, [added, viewed, other])
    clerk = login(s.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        students.get_student(clerk, viewed)
        documents.issue(clerk, PrintRequest("registration_card", (viewed,)))
        exports.export_students(clerk, tmp_path / "out.xlsx", student_ids=[viewed, other])
    finally:
        clerk.close()
    yield Env(s, s.archive.layout.root, added, viewed, other)


def open_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> AuditPage:
    page = AuditPage(PageContext(session, worker))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.chain is not None and page.log.model.rowCount() > 0, timeout=WAIT)
    qtbot.waitUntil(lambda: not page.ctx.worker.busy, timeout=WAIT)
    return page


def shown(page: AuditPage) -> list[tuple[str, str]]:
    m = page.log.model
    return [(m.item(r).actor, m.item(r).action) for r in range(m.rowCount())]


def reload(qtbot: QtBot, page: AuditPage) -> None:
    page.log.show_button.click()
    qtbot.waitUntil(lambda: not page.log._busy, timeout=WAIT)


def test_opens_with_the_chain_sentence_and_the_newest_entries(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    page = open_page(qtbot, env.admin, worker)
    assert page.title() == "审计日志"
    assert AuditPage.permission == Permission.MANAGE_SETTINGS
    assert page.chain is not None and page.chain.intact
    assert page.chain_label.text().startswith("操作记录完整")
    assert page.chain_label.property("state") == "intact"
    whole = audit_view.audit_entries(env.admin, limit=5000).entries
    assert [page.log.model.item(r).seq for r in range(page.log.model.rowCount())] == [
        e.seq for e in whole
    ]
    qtmodeltester.check(page.log.model)  # type: ignore[attr-defined]
    assert "全部显示" in page.log.count_label.text()
    assert not page.log.older_button.isEnabled()
    # the export names two students: the row says so, the pane names both
    row = shown(page).index((CLERK, "students_exported"))
    assert page.log.model.index(row, 4).data() == "2 名学生"
    page.log.table.selectRow(row)
    text = page.log.detail.text.toPlainText()
    assert "涉及学生：孙悟空 2025000301、猪八戒 2025000302" in text
    assert "student_ids" not in text  # named above, not repeated as ids
    row = shown(page).index((CLERK, "record_viewed"))
    assert page.log.model.index(row, 4).data() == "孙悟空 2025000301"
    page.log.table.selectRow(row)
    assert "涉及学生：孙悟空（2025000301，2025级计算机1班）" in page.log.detail.text.toPlainText()
    assert page.log.detail.changes_table.isHidden()
    # an edit shows each field before and after
    row = shown(page).index((ADMIN, "student_edited"))
    page.log.table.selectRow(row)
    changes = page.log.detail.changes
    qtmodeltester.check(changes)  # type: ignore[attr-defined]
    assert not page.log.detail.changes_table.isHidden()
    cells = [[changes.index(r, c).data() for c in range(4)] for r in range(changes.rowCount())]
    assert any(r[2] == "13700000001" and r[1] == "" for r in cells), cells
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "test-audit.png"))


def test_filters_by_user_action_student_and_time(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    page = open_page(qtbot, env.admin, worker)
    log = page.log
    assert log.user_combo.findText(CLERK) > 0  # the users were listed
    log.user_combo.setEditText(CLERK)
    reload(qtbot, page)
    assert shown(page) and {a for a, _ in shown(page)} == {CLERK}
    log.user_combo.setCurrentIndex(0)
    log.action_combo.setCurrentIndex(log.action_combo.findData("record_viewed"))
    reload(qtbot, page)
    assert shown(page) == [(CLERK, "record_viewed")]
    # a whole kind: every change
    groups = [i for i in range(log.action_combo.count()) if "修改" in log.action_combo.itemText(i)]
    log.action_combo.setCurrentIndex(groups[0])
    reload(qtbot, page)
    assert shown(page) and {page.log.model.item(r).kind for r in range(len(shown(page)))} == {
        "changed"
    }
    log.action_combo.setCurrentIndex(0)
    # a student, found by name through the search
    log.student_edit.setText("猪八戒")
    log.find_students()
    qtbot.waitUntil(lambda: log.student_combo.count() == 2, timeout=WAIT)
    assert log.student_combo.currentData() == env.other
    reload(qtbot, page)
    assert shown(page) == [(CLERK, "students_exported")]
    log.student_combo.setCurrentIndex(0)
    # a period long past holds nothing
    log.period_check.setChecked(True)
    log.from_edit.setDate(datetime.date(2001, 1, 1))
    log.to_edit.setDate(datetime.date(2001, 12, 31))
    reload(qtbot, page)
    assert shown(page) == []
    assert log.count_label.text() == "没有符合这些条件的记录。"


def test_opened_for_one_student(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    page = AuditPage(PageContext(env.admin, worker))
    qtbot.addWidget(page)
    page.activate(student_id=env.other, label="猪八戒")  # ctx.go("audit", student_id=…)
    qtbot.waitUntil(lambda: page.chain is not None and not worker.busy, timeout=WAIT)
    assert shown(page) == [(CLERK, "students_exported")]
    assert page.log.student_combo.currentText() == "猪八戒"


def test_older_pages_follow_the_first(
    env: Env, worker: SessionWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_ops, "PAGE_SIZE", 3)
    page = open_page(qtbot, env.admin, worker)
    whole = [e.seq for e in audit_view.audit_entries(env.admin, limit=5000).entries]
    assert len(whole) > 6
    assert page.log.model.rowCount() == 3 and page.log.older_button.isEnabled()
    assert "较早" in page.log.count_label.text()
    page.log.user_combo.setEditText(CLERK)  # changed but not applied: paging keeps the filter
    while page.log.older_button.isEnabled():
        before = page.log.model.rowCount()
        page.log.older_button.click()
        qtbot.waitUntil(lambda b=before: page.log.model.rowCount() > b, timeout=WAIT)
        qtbot.waitUntil(lambda: not page.log._busy, timeout=WAIT)
    got = [page.log.model.item(r).seq for r in range(page.log.model.rowCount())]
    assert got == whole


def test_a_tampered_chain_shows_the_red_sentence(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    (edit,) = audit_view.audit_entries(env.admin, actions=["student_edited"]).entries
    with env.admin.archive.db.atomic() as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute(
            "UPDATE audit_log SET details = ? WHERE seq = ?",
            (json.dumps({"fields": ["nothing"]}), edit.seq),
        )
    page = open_page(qtbot, env.admin, worker)
    assert page.chain is not None and not page.chain.intact
    assert page.chain_label.property("state") == "broken"
    assert page.chain_label.text().startswith(f"操作记录从第 {edit.seq} 条起被改动或缺失")
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "test-broken.png"))


def test_garbage_filters_get_a_chinese_sentence(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    page = open_page(qtbot, env.admin, worker)
    rows = page.log.model.rowCount()
    page.log.user_combo.setEditText("x" * 80)
    reload(qtbot, page)
    text = page.log.error_line.text()
    assert page.log.error_line.isVisible() and "操作人填写有误" in text and "audit_" not in text
    assert rows and page.log.model.rowCount() == 0  # the old rows would read as the answer
    page.log.user_combo.setCurrentIndex(0)
    page.log.period_check.setChecked(True)
    page.log.from_edit.setDate(datetime.date(2026, 3, 1))
    page.log.to_edit.setDate(datetime.date(2026, 2, 1))
    reload(qtbot, page)
    assert "结束日期早于开始日期" in page.log.error_line.text()
    # the access report says the same of a reversed period
    page.report.from_edit.setDate(datetime.date(2026, 3, 1))
    page.report.to_edit.setDate(datetime.date(2026, 2, 1))
    page.report.make()
    qtbot.waitUntil(lambda: not page.report.error_line.isHidden(), timeout=WAIT)
    assert "结束日期早于开始日期" in page.report.error_line.text()
    assert not page.report.excel_button.isEnabled()


def test_access_report_and_its_files(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object, tmp_path: Path
) -> None:
    page = open_page(qtbot, env.admin, worker)
    view = page.report
    page.tabs.setCurrentWidget(view)
    view.from_edit.setDate(datetime.date(2000, 1, 1))
    view.to_edit.setDate(datetime.date(2099, 12, 31))
    view.make()
    qtbot.waitUntil(lambda: view.students.rowCount() == 3, timeout=WAIT)
    for model in (view.users, view.students, view.unattributed):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    users = {view.users.index(r, 0).data(): r for r in range(view.users.rowCount())}
    assert [view.users.index(users[CLERK], c).data() for c in range(1, 5)] == ["1", "1", "2", "0"]
    names = [view.students.index(r, 1).data() for r in range(3)]
    assert set(names) == {"钱多多", "孙悟空", "猪八戒"}
    row = names.index("孙悟空")
    assert [view.students.index(row, c).data() for c in (3, 4, 5)] == [CLERK, CLERK, CLERK]
    assert "3 名学生" in view.summary.text()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "test-report.png"))
    with qtbot.waitSignal(view.saved, timeout=WAIT):
        view.save("xlsx", tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    cells = [c for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    book.close()
    assert "孙悟空" in cells and "2025000302" in cells and CLERK in cells
    with qtbot.waitSignal(view.saved, timeout=WAIT):
        view.save("pdf", tmp_path / "report.pdf")
    reader = PdfReader(io.BytesIO((tmp_path / "report.pdf").read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "学生信息访问报告" in text and "猪八戒" in text
    assert "report.pdf" in view.done_label.text()
    # a name taken: the view never replaces a file it was not told to
    view.save("pdf", tmp_path / "report.pdf")
    qtbot.waitUntil(lambda: not view.error_line.isHidden(), timeout=WAIT)
    assert "已有" in view.error_line.text() or "存在" in view.error_line.text()
    # both writings were audited, with the students
    last = audit_view.audit_entries(env.admin, actor=ADMIN, limit=2).entries
    assert [e.action for e in last] == ["access_report_printed", "access_report_exported"]
    assert set(last[0].student_ids) == {env.added, env.viewed, env.other}
    # double-click a student: the log shows their entries
    view._student_chosen(view.students.index(names.index("猪八戒"), 0))
    assert page.tabs.currentWidget() is page.log
    # the clerk's export, and the admin's two report files that name every student
    want = [(ADMIN, "access_report_printed"), (ADMIN, "access_report_exported"),
            (CLERK, "students_exported")]  # fmt: skip
    qtbot.waitUntil(lambda: shown(page) == want, timeout=WAIT)


def test_who_touched_this_record(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    ctx = PageContext(env.admin, worker)
    assert may_see(ctx)
    # Read before the dialog's worker starts: the session's connection is the worker's then.
    expected = [(e.actor, e.action) for e in audit_view.who_touched(env.admin, env.viewed)]
    dialog = WhoTouchedDialog(ctx, env.viewed, "孙悟空")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == len(expected), timeout=WAIT)
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    got = [(dialog.model.item(r).actor, dialog.model.item(r).action) for r in range(len(expected))]
    assert got == expected and (CLERK, "record_viewed") in got
    assert "孙悟空" in dialog.heading.text()
    assert "孙悟空" in dialog.detail.text.toPlainText()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "test-touched.png"))


def test_in_the_main_window_for_admins_only(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    # Until ui/page_registry.py lists the page (the lead's file), add it here.
    pages = PAGES if AuditPage in PAGES else (*PAGES, AuditPage)
    window = MainWindow(LoggedIn(env.admin, "测试学校"), worker, pages=pages)
    qtbot.addWidget(window)
    window.show()
    titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert "审计日志" in titles
    window.navigate("audit", {"student_id": env.viewed, "label": "孙悟空"})
    page = window.pages["audit"]
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.chain is not None and not worker.busy, timeout=WAIT)
    assert (CLERK, "record_viewed") in shown(page)
    clerk = login(env.root, CLERK, CLERK_PASSWORD)
    try:
        other = MainWindow(LoggedIn(clerk, "测试学校"), worker, pages=pages)
        qtbot.addWidget(other)
        names = [other.navigation.item(r).text() for r in range(other.navigation.count())]
        assert "审计日志" not in names
    finally:
        worker.wait()
        clerk.close()


def test_not_for_clerks(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    clerk = login(env.root, CLERK, CLERK_PASSWORD)
    try:
        ctx = PageContext(clerk, worker)
        assert not may_see(ctx) and not ctx.can(AuditPage.permission)
        dialog = WhoTouchedDialog(ctx, env.viewed)  # the service refuses, plainly
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: not dialog.error_line.isHidden(), timeout=WAIT)
        assert dialog.model.rowCount() == 0 and "permission" not in dialog.error_line.text()
    finally:
        worker.wait()
        clerk.close()


def test_details_in_words_and_the_class_by_its_name(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    """N2: the pane words the detail keys, names the target by name and 学号, puts codes
    (异动类别, 学籍状态) in words and a class in a before/after by its name, not its row id."""
    s = env.admin
    with s.archive.db.atomic() as conn:
        new_class = int(
            conn.execute(
                "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
                "graduation_year) VALUES ('2025-c3', '2025级计算机2班', 2025, ?, '王老师', 2028)",
                (MAJOR,),
            ).lastrowid
        )
    status_changes.record_change(
        s, env.viewed, "change_class", effective_date="2026-01-05",
        details={"class_group_id": new_class},
    )  # fmt: skip
    students.edit_student(s, env.added, {"phone": "13700000002"}, today=TODAY, reason="核对更正")
    dialog = WhoTouchedDialog(PageContext(s, worker), env.viewed, "孙悟空")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=WAIT)
    items = [dialog.model.item(r) for r in range(dialog.model.rowCount())]
    dialog.table.selectRow(next(i for i, e in enumerate(items) if e.changes))
    text = dialog.detail.text.toPlainText()
    assert "类别：调班" in text and "原学籍状态：在籍" in text, text
    assert "kind:" not in text and "status_before" not in text and "change_id" not in text
    assert "操作对象：学生 孙悟空 2025000301" in text, text
    changes = dialog.detail.changes
    cells = [[changes.index(r, c).data() for c in range(4)] for r in range(changes.rowCount())]
    assert ["班级", "2025级计算机1班", "2025级计算机2班", "调班"] in cells, cells
    assert all(str(new_class) not in row[1:3] for row in cells)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "test-touched-class.png"))
    dialog.close()
    page = open_page(qtbot, s, worker)
    row = next(
        r for r in range(page.log.model.rowCount())
        if page.log.model.item(r).action == "student_edited"
        and page.log.model.item(r).details.get("reason") == "核对更正"
    )  # fmt: skip
    page.log.table.selectRow(row)
    text = page.log.detail.text.toPlainText()
    assert "改动的项目：联系电话" in text and "原因：核对更正" in text, text
    assert "fields:" not in text and "reason:" not in text


def test_a_refused_query_gets_a_query_heading_and_clears_the_rows(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    """N7: a reversed period is a query to correct, not a record not saved; the old rows go."""
    page = open_page(qtbot, env.admin, worker)
    assert page.log.model.rowCount() > 0
    page.log.period_check.setChecked(True)
    page.log.from_edit.setDate(datetime.date(2026, 3, 1))
    page.log.to_edit.setDate(datetime.date(2026, 2, 1))
    reload(qtbot, page)
    text = page.log.error_line.text()
    assert text.startswith("查询条件有 1 处需要修改：") and "结束日期早于开始日期" in text, text
    assert "没有保存" not in text
    assert page.log.model.rowCount() == 0 and "全部显示" not in page.log.count_label.text()
    page.report.from_edit.setDate(datetime.date(2026, 3, 1))
    page.report.to_edit.setDate(datetime.date(2026, 2, 1))
    page.report.make()
    qtbot.waitUntil(lambda: not page.report.error_line.isHidden(), timeout=WAIT)
    assert page.report.error_line.text().startswith("查询条件有 1 处需要修改：")
