"""纸质档案 page, printing: room papers (no serial, closing voids nothing, saved 0600) and the
档案转递单 of dispatches (issued documents with serials, stored on the dispatch)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.test_paper_files_page import Env, env, open_page
from xueji_desktop.services import file_dispatch, search
from xueji_desktop.ui.paper_files_intake import IntakeDialog
from xueji_desktop.ui.paper_files_print import RoomPaperPreview
from xueji_desktop.ui.print_preview import PrintPreview
from xueji_desktop.ui.worker import SessionWorker

__all__ = ["env"]  # the fixture, shared with the page's tests


def test_dispatch_slips_are_issued_documents(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="dispatches")
    qtbot.waitUntil(lambda: page.dispatches.model.rowCount() == 1, timeout=10_000)
    page.dispatches.table.selectRow(0)
    assert page.dispatches.slips_button.isEnabled()
    with qtbot.waitSignal(page.printer.previewOpened, timeout=20_000) as blocker:
        page.dispatches.print_slips()
    preview = blocker.args[0]
    assert type(preview) is PrintPreview and len(preview.serials) == 1
    dispatch = file_dispatch.list_dispatches(s, student_id=ids["sent"])[0]
    assert dispatch.document_serial == preview.serials[0]
    preview.was_saved = True  # as if saved: close without the void question
    preview.reject()


def test_receipt_printed_after_saving_and_saved_as_pdf(
    env: Env, worker: SessionWorker, qtbot: QtBot, tmp_path: Path
) -> None:
    s, _ids = env
    page = open_page(qtbot, s, worker, view="intakes")
    dialog = page.intakes.receive()
    assert isinstance(dialog, IntakeDialog) and dialog.print_check.isChecked()
    dialog.add(search.search_students(s, "未登记生"))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.source_edit.setText("原就读学校")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("transfer_in"))
    with qtbot.waitSignal(page.printer.previewOpened, timeout=20_000) as blocker:
        dialog.submit()
    preview = blocker.args[0]
    assert isinstance(preview, RoomPaperPreview) and preview.pane.page_count() == 1
    assert "不登记" in preview.status_label.text()
    target = tmp_path / "回执.pdf"
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        preview.save_to(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.stat().st_mode & 0o077 == 0  # the clerk's own file, like every file we write
    preview.reject()
    qtbot.waitUntil(lambda: page.intakes.model.rowCount() == 1, timeout=10_000)
    assert page.intakes.model.index(0, 1).data() == "转学转入"


def test_a_slip_closed_unprinted_is_shown_void_and_can_be_printed_again(
    env: Env, worker: SessionWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="dispatches")
    view = page.dispatches
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    view.table.selectRow(0)
    with qtbot.waitSignal(page.printer.previewOpened, timeout=20_000) as blocker:
        view.print_slips()
    preview = blocker.args[0]
    serial = preview.serials[0]
    # The list shows the new serial without reopening the page.
    qtbot.waitUntil(lambda: view.model.index(0, 6).data() == serial, timeout=10_000)
    view.table.selectRow(0)
    assert not view.slips_button.isEnabled()  # a live slip: reprints go through the register
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: yes)
    with qtbot.waitSignal(preview.voided, timeout=10_000):
        preview.reject()  # closed unprinted: the serial is voided in the register
    voided = f"{serial}（已作废）"
    qtbot.waitUntil(lambda: view.model.index(0, 6).data() == voided, timeout=10_000)
    view.table.selectRow(0)
    assert view.slips_button.isEnabled()
    with qtbot.waitSignal(page.printer.previewOpened, timeout=20_000) as blocker:
        view.print_slips()
    again = blocker.args[0]
    assert again.serials and again.serials[0] != serial
    qtbot.waitUntil(lambda: view.model.index(0, 6).data() == again.serials[0], timeout=10_000)
    assert (
        file_dispatch.list_dispatches(s, student_id=ids["sent"])[0].document_serial
        == (again.serials[0])
    )
    again.was_saved = True
    again.reject()
