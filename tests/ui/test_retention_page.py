"""保管期限 page (issue 9 §4) on a real archive: the rules (学籍档案 stay permanent), the review
list, a clerk's proposal, the admin's approval with the password (a wrong one destroys nothing),
the 销毁清册 saved as PDF and Excel; the buttons follow the roles."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN_PASSWORD
from tests.records_fixtures import insert_student, setup_structure
from tests.ui.conftest import VIEWER, VIEWER_PASSWORD
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Role
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import attachments, retention_register, retention_rules, users
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.retention_dialogs import DecideDialog, ProposeDialog, RuleDialog
from xueji_desktop.ui.retention_models import DestructionRegisterModel
from xueji_desktop.ui.retention_page import RetentionPage
from xueji_desktop.ui.worker import SessionWorker

SHOTS = Path("/tmp/shots-t2")
DECISION, BACKUPS = DestructionRegisterModel.DECISION, DestructionRegisterModel.BACKUPS
# Three years on: the one-year period of the scans added today has ended.
LATER = datetime.date.today() + datetime.timedelta(days=3 * 366)
SCAN = b"%PDF-1.4\n% a scanned ID copy\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


@pytest.fixture
def env(archive: Created) -> tuple[Session, dict[str, int]]:
    """Two students with an 身份证 copy each and an enrolment form (kept for good)."""
    s = archive.session
    ids = setup_structure(s)
    for key, name in (("a", "王小明"), ("b", "刘小红")):
        ids[key] = insert_student(s, ids["c1"], name=name, status="graduated")
        ids[f"scan_{key}"] = attachments.attach(s, ids[key], "id_copy", SCAN, "application/pdf",
                                                f"{name}身份证复印件")  # fmt: skip
        attachments.attach(s, ids[key], "enrolment_form", SCAN, "application/pdf", "入学登记表")
    return s, ids


def open_page(qtbot: QtBot, s: Session, worker: SessionWorker) -> RetentionPage:
    page = RetentionPage(PageContext(s, worker))
    qtbot.addWidget(page)
    page.resize(1100, 620)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.activate(today=LATER)
    return page


def select(page: RetentionPage, table: Any, rows: list[int]) -> None:
    table.clearSelection()
    model = table.model()
    for row in rows:
        table.selectionModel().select(
            model.index(row, 0),
            table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
        )


def dialog_of(page: RetentionPage, action: Any) -> Any:
    opened: list[Any] = []
    page.dialogOpened.connect(opened.append)
    action()
    assert opened, "no dialog opened"
    return opened[-1]


def submit(qtbot: QtBot, page: RetentionPage, dialog: Any) -> None:
    dialog.error_line.clear_message()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.submit()
        qtbot.waitUntil(
            lambda: not dialog.isVisible() or dialog.error_line.isVisible(), timeout=10_000
        )
        if dialog.isVisible():
            raise AssertionError(dialog.error_line.text())


def rule_row(page: RetentionPage, code: str) -> int:
    rows = page.rules_model.rows()
    return next(i for i, r in enumerate(rows) if r.doc_type == code)


def test_rules_review_propose_approve_and_the_register(
    qtbot: QtBot,
    env: tuple[Session, dict[str, int]],
    worker: SessionWorker,
    tmp_path: Path,
    qtmodeltester: Any,
) -> None:
    s, _ids = env
    page = open_page(qtbot, s, worker)
    assert page.title() == "保管期限"
    for model in (page.rules_model, page.due_model, page.proposals_model, page.register_model):
        qtmodeltester.check(model)
    assert page.due_model.rowCount() == 0  # every type is permanent until the school sets one
    assert page.rules_model.index(rule_row(page, "id_copy"), 1).data() == "永久"

    # a 学籍档案 type refuses a period: said in the dialog, nothing saved
    select(page, page.rules_table, [rule_row(page, "enrolment_form")])
    dialog = dialog_of(page, page.open_rule_dialog)
    assert isinstance(dialog, RuleDialog)
    dialog.years_radio.setChecked(True)
    dialog.submit()
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=10_000)
    refusal = Problem("years", "retention_permanent_type", params={"doc_type": "入学登记表"})
    assert dialog.isVisible() and problem_text(refusal, "zh") in dialog.error_line.text()
    dialog.reject()

    # the ID copies: one year from the day the scan was added
    select(page, page.rules_table, [rule_row(page, "id_copy")])
    dialog = dialog_of(page, page.open_rule_dialog)
    dialog.years_radio.setChecked(True)
    dialog.years_spin.setValue(1)
    dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("added"))
    submit(qtbot, page, dialog)
    assert page.rules_model.index(rule_row(page, "id_copy"), 1).data() == "1 年"
    assert retention_rules.rules_by_type(s.archive.db.conn)["id_copy"].years == 1
    assert page.due_model.rowCount() == 2
    assert page.tabs.tabText(1) == "到期待审查（2）"
    students = {page.due_model.index(r, 0).data() for r in range(2)}
    assert any("王小明" in x for x in students) and any("刘小红" in x for x in students)

    # the clerk proposes one of them, with a reason
    assert not page.propose_button.isEnabled()
    select(page, page.due_table, [0])
    assert page.propose_button.isEnabled()
    proposed_id = page.due_model.row_at(0).attachment_id
    dialog = dialog_of(page, page.open_propose_dialog)
    assert isinstance(dialog, ProposeDialog)
    dialog.submit()
    assert "说明" in dialog.error_line.text() or dialog.error_line.isVisible()  # no reason yet
    dialog.reason_edit.setPlainText("学校规定身份证复印件保存一年")
    submit(qtbot, page, dialog)
    assert page.proposals_model.rowCount() == 1
    assert page.proposals_model.row_at(0).attachment_id == proposed_id
    assert page.proposals_model.index(0, DECISION).data() == "待审批"
    assert page.tabs.tabText(2) == "待审批（1）"

    # a wrong password destroys nothing
    select(page, page.proposals_table, [0])
    dialog = dialog_of(page, lambda: page.open_decide_dialog(approve=True))
    assert isinstance(dialog, DecideDialog)
    # The same bytes are the other ID copy and both enrolment forms: said before approving
    # (QA F14).
    assert dialog.still_used_label.isVisibleTo(dialog)
    assert "不会删除" in dialog.still_used_label.text()
    assert "号材料" in dialog.still_used_label.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "retention-decide-zh.png"))
    dialog.password_edit.setText("not-my-password")
    dialog.submit()
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=10_000)
    assert dialog.isVisible()
    assert retention_register.register(s, status="destroyed") == []
    assert attachments.read_attachment(s, proposed_id) == SCAN  # still there
    # the admin approves with the password
    dialog.password_edit.setText(ADMIN_PASSWORD)
    dialog.remark_edit.setText("同意销毁")
    submit(qtbot, page, dialog)
    assert page.proposals_model.rowCount() == 0
    (entry,) = retention_register.register(s, status="destroyed")
    assert entry.attachment_id == proposed_id and entry.decided_by == s.username
    row = next(i for i, e in enumerate(page.register_model.rows()) if e.status == "destroyed")
    assert page.register_model.index(row, DECISION).data().startswith("已销毁")
    assert "同意销毁" in page.register_model.index(row, DECISION).data()
    # the file stayed: the register says so truthfully (QA F14)
    assert entry.content_kept and entry.shared_with
    assert "该文件仍在使用，未删除" in page.register_model.index(row, DECISION).data()
    tip = page.register_model.index(row, DECISION).data(Qt.ItemDataRole.ToolTipRole)
    assert "未删除" in tip
    assert attachments.get_attachment(s, entry.shared_with[0]).student_id > 0
    assert page.register_model.index(row, BACKUPS).data()  # the backups, or "none" in words
    assert page.due_model.rowCount() == 1  # the destroyed one is no longer due

    # the 销毁清册 as PDF and as Excel
    page.tabs.setCurrentIndex(3)
    assert page.print_button.isEnabled() and page.export_button.isEnabled()
    pdf = tmp_path / "out" / "清册.pdf"
    pdf.parent.mkdir()
    page.save_register("pdf", pdf)
    qtbot.waitUntil(lambda: pdf.exists() and not page._busy, timeout=20_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in page.saved_label.text()
    xlsx = tmp_path / "out" / "清册"
    page.save_register("xlsx", xlsx)
    qtbot.waitUntil(lambda: (tmp_path / "out" / "清册.xlsx").exists() and not page._busy,
                    timeout=20_000)  # fmt: skip
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "retention-register-zh.png"))


def test_reject_keeps_the_scan(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker
) -> None:
    s, ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    from xueji_desktop.services import destruction

    (serial,) = destruction.propose(s, [ids["scan_a"]], reason="到期", today=LATER)
    page = open_page(qtbot, s, worker)
    assert page.proposals_model.rowCount() == 1
    select(page, page.proposals_table, [0])
    dialog = dialog_of(page, lambda: page.open_decide_dialog(approve=False))
    assert dialog.ok_button.text() == "驳回"
    dialog.password_edit.setText(ADMIN_PASSWORD)
    submit(qtbot, page, dialog)
    (entry,) = retention_register.register(s, status="rejected")
    assert entry.serial == serial
    assert attachments.read_attachment(s, ids["scan_a"]) == SCAN
    assert page.register_model.index(0, DECISION).data().startswith("已驳回")


def test_a_viewer_reads_without_buttons(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    users.add_user(archive.session, admin_password=ADMIN_PASSWORD, username=VIEWER,
                   password=VIEWER_PASSWORD, roles=frozenset({Role.VIEWER}),
                   kdf=FAST_FOR_TESTS)  # fmt: skip
    viewer = archive_service.login(archive.session.archive.layout.root, VIEWER, VIEWER_PASSWORD)
    try:
        page = open_page(qtbot, viewer, worker)
        for button in (page.rule_button, page.propose_button, page.approve_button,
                       page.reject_button, page.print_button, page.export_button):  # fmt: skip
            assert not button.isVisibleTo(page)
        assert page.rules_model.rowCount() > 0
        page.open_rule_dialog()  # no selection, no right: nothing opens
    finally:
        worker.wait()
        viewer.close()


def test_the_review_year_reloads_the_list(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker
) -> None:
    s, _ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    page = open_page(qtbot, s, worker)
    assert page.due_model.rowCount() == 2
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.year_spin.setValue(datetime.date.today().year)  # a year from now: not yet due
    qtbot.waitUntil(lambda: not page._busy, timeout=10_000)
    assert page.due_model.rowCount() == 0
    assert page.tabs.tabText(1) == "到期待审查（0）"
    # two quick changes while a load runs: the list ends with the last year chosen
    page.year_spin.setValue(LATER.year - 1)
    page.year_spin.setValue(LATER.year)
    qtbot.waitUntil(lambda: not page._busy and page.view.as_of.year == LATER.year, timeout=10_000)
    assert page.due_model.rowCount() == 2


@pytest.fixture
def english(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    import os

    from xueji_desktop.ui import i18n

    monkeypatch.setenv("XUEJI_LANG", "en")
    assert i18n.install_translators(qapp) == "en"
    yield
    monkeypatch.undo()
    os.environ["XUEJI_LANG"] = "zh"
    assert i18n.install_translators(qapp) == "zh"


def test_english_ui_names_types_in_english(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker, english: None
) -> None:
    """QA F21: the English page shows the checklist types' English names and "1 year"."""
    s, ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    from xueji_desktop.services import destruction

    destruction.propose(s, [ids["scan_a"]], reason="due", today=LATER)
    page = open_page(qtbot, s, worker)
    row = rule_row(page, "id_copy")
    assert page.rules_model.index(row, 0).data() == "copy of the ID document"
    assert page.rules_model.index(row, 1).data() == "1 year"
    assert page.due_model.index(0, 1).data() == "copy of the ID document"
    assert page.proposals_model.index(0, 2).data() == "copy of the ID document"
    select(page, page.rules_table, [row])
    dialog = dialog_of(page, page.open_rule_dialog)
    assert dialog.years_spin.suffix() == " year"
    dialog.years_spin.setValue(3)
    assert dialog.years_spin.suffix() == " years"
    dialog.reject()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "retention-en.png"))


def test_a_registration_paper_type_says_why_it_has_no_period(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker
) -> None:
    """N11: for a 学籍档案 type the button is disabled with the reason, the dialog is read-only
    with it, and a refusal shows the problem sentence itself, not the form heading."""
    s, _ids = env
    page = open_page(qtbot, s, worker)
    refusal = problem_text(
        Problem("years", "retention_permanent_type", params={"doc_type": "入学登记表"}), "zh"
    )
    select(page, page.rules_table, [rule_row(page, "enrolment_form")])
    assert not page.rule_button.isEnabled()
    assert page.rule_button.toolTip() == refusal
    assert page.fixed_label.isVisibleTo(page) and page.fixed_label.text() == refusal
    select(page, page.rules_table, [rule_row(page, "id_copy")])
    assert page.rule_button.isEnabled() and not page.fixed_label.isVisibleTo(page)
    select(page, page.rules_table, [rule_row(page, "enrolment_form")])
    dialog = dialog_of(page, page.open_rule_dialog)  # a double-click still opens it: read-only
    assert not dialog.ok_button.isEnabled() and not dialog.years_radio.isEnabled()
    assert dialog.fixed_label.text() == refusal
    dialog.years_radio.setChecked(True)  # were it sent anyway, the sentence is the problem's
    dialog.resize(320, dialog.minimumSizeHint().height())  # QA's size: the line must wrap
    dialog.submit()
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=10_000)
    qtbot.wait(20)
    assert dialog.error_line.text() == refusal
    line = dialog.error_line  # the dialog grew: its last line is not cut off
    assert line.height() >= line.heightForWidth(line.width())
    assert line.geometry().bottom() < dialog.buttons.geometry().top()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "retention-rule-fixed-zh.png"))
    dialog.reject()


def test_the_propose_dialog_grows_with_a_long_problem(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker
) -> None:
    """N11: the too-long-reason line is not cut off at the bottom of the dialog."""
    s, _ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    page = open_page(qtbot, s, worker)
    select(page, page.due_table, [0])
    dialog = dialog_of(page, page.open_propose_dialog)
    dialog.reason_edit.setPlainText("长" * 800)
    dialog.submit()
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=10_000)
    qtbot.wait(20)
    assert "500" in dialog.error_line.text() and "记录有" not in dialog.error_line.text()
    line = dialog.error_line
    assert line.height() >= line.heightForWidth(line.width())  # every line of it has room
    assert line.geometry().bottom() < dialog.buttons.geometry().top()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "retention-propose-long-zh.png"))
    dialog.reject()


def test_approval_says_a_wrong_password_and_a_kept_file_once(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker
) -> None:
    """N1: the wrong password is called a wrong password (no user name in this dialog); when
    every chosen scan's file stays, the first line does not say it is deleted for good."""
    s, ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    from xueji_desktop.services import destruction

    destruction.propose(s, [ids["scan_a"]], reason="到期", today=LATER)
    page = open_page(qtbot, s, worker)
    select(page, page.proposals_table, [0])
    dialog = dialog_of(page, lambda: page.open_decide_dialog(approve=True))
    assert dialog.still_used_label.isVisibleTo(dialog)  # the same bytes as the other scans
    assert "永久" not in dialog.what_label.text() and "删除" not in dialog.what_label.text()
    assert "不能再打开" in dialog.what_label.text()
    dialog.password_edit.setText("not-my-password")
    dialog.submit()
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=10_000)
    assert "密码不正确" in dialog.error_line.text() and "用户名" not in dialog.error_line.text()
    assert "没有销毁" in dialog.error_line.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "retention-approve-wrongpw-zh.png"))
    dialog.reject()


def test_reload_keeps_the_column_widths(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker
) -> None:
    """N8: columns are sized once (from a sample of rows), not measured again at each reload."""
    s, _ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    page = open_page(qtbot, s, worker)
    header = page.due_table.horizontalHeader()
    assert header.resizeContentsPrecision() == 200
    header.resizeSection(0, 123)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert header.sectionSize(0) == 123


def test_approval_and_rule_dialogs_in_english(
    qtbot: QtBot, env: tuple[Session, dict[str, int]], worker: SessionWorker, english: None
) -> None:
    s, ids = env
    retention_rules.set_rule(s, "id_copy", years=1, counted_from="added")
    from xueji_desktop.services import destruction

    destruction.propose(s, [ids["scan_a"]], reason="due", today=LATER)
    page = open_page(qtbot, s, worker)
    select(page, page.proposals_table, [0])
    dialog = dialog_of(page, lambda: page.open_decide_dialog(approve=True))
    assert "no longer be opened" in dialog.what_label.text()
    assert "for good" not in dialog.what_label.text()
    dialog.password_edit.setText("not-my-password")
    dialog.submit()
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=10_000)
    assert dialog.error_line.text().startswith("The password is wrong; nothing was destroyed.")
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "retention-approve-wrongpw-en.png"))
    dialog.reject()
    select(page, page.rules_table, [rule_row(page, "enrolment_form")])
    assert not page.rule_button.isEnabled() and page.fixed_label.text()
    rule = dialog_of(page, page.open_rule_dialog)
    rule.grab().save(str(SHOTS / "retention-rule-fixed-en.png"))
    page.grab().save(str(SHOTS / "retention-rules-fixed-en.png"))
    rule.reject()
