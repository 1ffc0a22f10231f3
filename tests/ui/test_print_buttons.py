"""The 打印… buttons open the printer dialog (PySide6 6.11's QPrintDialog.open() wants a slot).

The clerk presses 打印… in the print preview, or 打印恢复单… in the first-run wizard; the
system's printer dialog must appear, and its OK must hand the chosen printer to ``print_to``.
Before this test, both buttons raised TypeError and showed "程序出了点问题".
"""

from __future__ import annotations

import io

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from xueji_desktop.services.archive import Created
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.print_preview import PrintPreview
from xueji_desktop.ui.wizard_pages import RecoverySheetButtons
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture
def ctx(archive: Created, worker: SessionWorker) -> PageContext:
    return PageContext(archive.session, worker, school_name="青山县职业中专")


def one_page_pdf() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(100, 700, "page 1")
    c.showPage()
    c.save()
    return out.getvalue()


def open_print_dialog(qtbot: QtBot, owner: QWidget) -> QPrintDialog:
    found: list[QPrintDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintDialog)]
        found[:] = [w for w in found if w.isVisible() and w.parent() is owner]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def test_the_preview_print_button_opens_the_printer_dialog(qtbot: QtBot, ctx: PageContext) -> None:
    preview = PrintPreview(ctx, one_page_pdf(), [], title="成绩单")
    qtbot.addWidget(preview)
    chosen: list[QPrinter] = []
    preview.print_to = chosen.append  # type: ignore[method-assign,assignment]
    preview.show()
    preview.print_button.click()
    dialog = open_print_dialog(qtbot, preview)
    assert dialog.isModal() or dialog.windowModality() != 0
    dialog.accept()
    qtbot.waitUntil(lambda: len(chosen) == 1)
    assert isinstance(chosen[0], QPrinter)


def test_cancelling_the_printer_dialog_prints_nothing(qtbot: QtBot, ctx: PageContext) -> None:
    preview = PrintPreview(ctx, one_page_pdf(), [], title="成绩单")
    qtbot.addWidget(preview)
    chosen: list[QPrinter] = []
    preview.print_to = chosen.append  # type: ignore[method-assign,assignment]
    preview.show()
    preview.print_button.click()
    open_print_dialog(qtbot, preview).reject()
    qtbot.wait(50)
    assert chosen == []
    assert not preview.was_printed


def test_the_recovery_sheet_print_button_opens_the_printer_dialog(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    code = QLabel("ABCDE-FGHJK", host)
    sheet = RecoverySheetButtons(code, host)
    sheet.show_details("青山县职业中专", "a-1", "2026-11-26")
    chosen: list[QPrinter] = []
    sheet.print_to = chosen.append  # type: ignore[method-assign]
    host.show()
    sheet.print_button.click()
    dialog = open_print_dialog(qtbot, sheet)
    dialog.accept()
    qtbot.waitUntil(lambda: len(chosen) == 1)


def test_the_preview_fits_the_screen(qtbot: QtBot, ctx: PageContext) -> None:
    preview = PrintPreview(ctx, one_page_pdf(), [], title="成绩单")
    qtbot.addWidget(preview)
    room = preview.screen().availableGeometry()
    assert preview.height() <= room.height()
    assert preview.width() <= room.width()
