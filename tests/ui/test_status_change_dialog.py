"""学籍异动 dialog: only the legal kinds, the fields a kind needs, a preview, recording;
revoking."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import attachments
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.status_change_dialog import StatusChangeDialog, legal_kinds
from xueji_desktop.ui.status_change_list import StatusChangeList
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture
def env(
    make_archive: Callable[..., Created], worker: SessionWorker
) -> tuple[PageContext, dict[str, int]]:
    created = make_archive()
    ids = setup_structure(created.session)
    ids["enrolled"] = insert_student(created.session, ids["c1"], enrolment_month="202509")
    ids["on_leave"] = insert_student(created.session, ids["c1"], status="on_leave")
    ids["draft"] = insert_student(created.session, ids["c1"], report_status="draft")
    return PageContext(created.session, worker), ids


def _open(qtbot: QtBot, ctx: PageContext, sid: int) -> StatusChangeDialog:
    dialog = StatusChangeDialog(ctx, sid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.form_data is not None, timeout=10_000)
    return dialog


def _kinds(dialog: StatusChangeDialog) -> list[str]:
    return [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())]


def test_only_legal_kinds_are_offered(
    env: tuple[PageContext, dict[str, int]], qtbot: QtBot
) -> None:
    ctx, ids = env
    on_leave = _kinds(_open(qtbot, ctx, ids["on_leave"]))
    assert "return_from_leave" in on_leave
    assert "leave_of_absence" not in on_leave
    assert "graduation" not in on_leave
    enrolled = _kinds(_open(qtbot, ctx, ids["enrolled"]))
    assert "leave_of_absence" in enrolled and "return_from_leave" not in enrolled
    draft = _open(qtbot, ctx, ids["draft"])
    assert _kinds(draft) == []
    assert draft.error_line.isVisible()
    assert legal_kinds("graduated", "approved", False) == []
    assert legal_kinds("enrolled", "approved", True) == []


def test_record_leave_with_expected_return_then_revoke(
    env: tuple[PageContext, dict[str, int]], qtbot: QtBot
) -> None:
    ctx, ids = env
    sid = ids["enrolled"]
    dialog = _open(qtbot, ctx, sid)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("leave_of_absence"))
    assert dialog.form.isRowVisible(dialog.return_edit)
    assert not dialog.form.isRowVisible(dialog.class_combo)
    today = datetime.date.fromtimestamp(ctx.session.archive.clock())
    dialog.date_edit.setDate(QDate(today.year, today.month, today.day).addDays(-1))
    back = QDate(today.year + 1, 3, 1)
    dialog.return_edit.setDate(back)
    dialog.document_edit.setText("教学〔2026〕12号")
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("10"))
    qtbot.waitUntil(lambda: dialog.record_button.isEnabled(), timeout=10_000)
    text = dialog.preview_label.text()
    assert "在籍 → 休学" in text
    dialog.grab().save("/tmp/shots-e/status_change_dialog.png")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as blocker:
        dialog.record_button.click()
    assert blocker.args == [sid]
    changes = sc.list_changes(ctx.session, sid)
    assert [c.kind for c in changes] == ["leave_of_absence"]
    assert changes[0].details["expected_return_date"] == back.toString("yyyy-MM-dd")
    assert changes[0].reason_code == "10" and changes[0].document_no == "教学〔2026〕12号"
    assert changes[0].status_after == "on_leave"
    row = ctx.session.archive.db.conn.execute("SELECT status FROM students WHERE id = ?", (sid,))
    assert row.fetchone()[0] == "on_leave"

    listing = StatusChangeList(ctx)
    qtbot.addWidget(listing)
    listing.show()
    listing.load(sid)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=10_000)
    assert listing.revoke_button.isEnabled()
    listing.grab().save("/tmp/shots-e/status_change_list.png")
    with qtbot.waitSignal(listing.changed, timeout=10_000):
        listing.revoke(changes[0].id, "录入错误")
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1 and listing.model.change(0).revoked,
                    timeout=10_000)  # fmt: skip
    assert not listing.revoke_button.isEnabled()
    row = ctx.session.archive.db.conn.execute("SELECT status FROM students WHERE id = ?", (sid,))
    assert row.fetchone()[0] == "enrolled"


def test_refusal_is_a_plain_sentence(env: tuple[PageContext, dict[str, int]], qtbot: QtBot) -> None:
    ctx, ids = env
    dialog = _open(qtbot, ctx, ids["enrolled"])
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("change_class"))
    assert dialog.form.isRowVisible(dialog.class_combo)
    # The only other 2025级 class is of another major: none is offered, the service says why.
    assert dialog.class_combo.count() == 0
    qtbot.waitUntil(lambda: dialog.error_line.isVisible(), timeout=10_000)
    assert not dialog.record_button.isEnabled()
    assert "Traceback" not in dialog.error_line.text() and dialog.error_line.text()


def test_change_model_passes_qtmodeltester(
    env: tuple[PageContext, dict[str, int]], qtbot: QtBot, qtmodeltester: object
) -> None:
    ctx, ids = env
    sc.record_change(ctx.session, ids["on_leave"], "return_from_leave",
                     effective_date="2026-03-01")  # fmt: skip
    listing = StatusChangeList(ctx)
    qtbot.addWidget(listing)
    listing.load(ids["on_leave"])
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(listing.model)  # type: ignore[attr-defined]


def _leave_ready(qtbot: QtBot, ctx: PageContext, sid: int) -> StatusChangeDialog:
    dialog = _open(qtbot, ctx, sid)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("leave_of_absence"))
    today = datetime.date.fromtimestamp(ctx.session.archive.clock())
    dialog.date_edit.setDate(QDate(today.year, today.month, today.day).addDays(-1))
    dialog.return_edit.setDate(QDate(today.year + 1, 3, 1))
    dialog.document_edit.setText("教学〔2026〕13号")
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("10"))
    qtbot.waitUntil(lambda: dialog.record_button.isEnabled(), timeout=10_000)
    return dialog


def test_proof_scan_is_stored_with_the_change(
    env: tuple[PageContext, dict[str, int]], qtbot: QtBot, tmp_path: Path
) -> None:
    ctx, ids = env
    sid = ids["enrolled"]
    scan = tmp_path / "批复.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(scan))
    dialog = _leave_ready(qtbot, ctx, sid)
    dialog.set_proof(scan)
    assert dialog.proof_label.text() == "批复.png"
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        dialog.record_button.click()
    change = sc.list_changes(ctx.session, sid)[0]
    assert change.proof_attachment_id is not None
    assert attachments.read_attachment(ctx.session, change.proof_attachment_id) == (
        scan.read_bytes()
    )


def test_a_broken_proof_file_keeps_the_change_and_says_so(
    env: tuple[PageContext, dict[str, int]],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx, ids = env
    sid = ids["enrolled"]
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"not a picture at all" * 10)  # a .jpg name, garbage inside
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a, **k: warned.append(text)
    )
    dialog = _leave_ready(qtbot, ctx, sid)
    dialog.set_proof(scan)
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        dialog.record_button.click()
    change = sc.list_changes(ctx.session, sid)[0]
    assert change.kind == "leave_of_absence" and change.proof_attachment_id is None
    assert len(warned) == 1 and "附件" in warned[0] and "Traceback" not in warned[0]
