"""The print section of the settings page, and the recovery sheet printed from the wizard."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.records_fixtures import add_account
from xueji_desktop.core.roles import Role
from xueji_desktop.printing import model as m
from xueji_desktop.printing.calibration import calibration_sheet
from xueji_desktop.services import document_settings
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.print_settings import PrintSettingsSection
from xueji_desktop.ui.settings_page import SettingsPage
from xueji_desktop.ui.wizard_pages import CodePage
from xueji_desktop.ui.worker import SessionWorker

CODE = "JKG5Y-LG7TG-EDJ4S-5J2JS-RZLHM-LHVUH"


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def section(qtbot: QtBot, session: Session, worker: SessionWorker) -> PrintSettingsSection:
    widget = PrintSettingsSection(PageContext(session, worker))
    qtbot.addWidget(widget)
    widget.show()
    widget.load()
    return widget


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), (180, 20, 20)).save(out, "PNG")
    return out.getvalue()


def test_admin_sets_logo_template_and_totals(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path
) -> None:
    session = school.session
    widget = section(qtbot, session, worker)
    qtbot.waitUntil(lambda: widget.template_combo.count() > 0, timeout=10_000)
    assert widget.letter_box.isVisible() and widget.summary_box.isVisible()
    assert widget.logo_label.text() == "没有校徽" and not widget.no_logo_button.isEnabled()

    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    widget.set_logo(logo)
    qtbot.waitUntil(lambda: widget.no_logo_button.isEnabled(), timeout=10_000)
    assert not widget.logo_label.pixmap().isNull()
    assert document_settings.letterhead(session).logo == logo.read_bytes()
    widget.clear_logo()
    qtbot.waitUntil(lambda: not widget.no_logo_button.isEnabled(), timeout=10_000)
    assert document_settings.letterhead(session).logo is None

    bad = tmp_path / "not-an-image.png"
    bad.write_bytes(b"plain text")
    widget.set_logo(bad)
    qtbot.waitUntil(lambda: bool(widget.error_line.text()), timeout=10_000)

    widget.kind_combo.setCurrentIndex(widget.kind_combo.findData(m.GRADUATION_ATTESTATION))
    names = [widget.template_combo.itemData(i) for i in range(widget.template_combo.count())]
    assert "overlay" in names
    widget.template_combo.setCurrentIndex(names.index("overlay"))
    widget.choose_template()
    qtbot.waitUntil(
        lambda: any(
            t.chosen and t.name == "overlay"
            for t in document_settings.templates(session, m.GRADUATION_ATTESTATION)
        ),
        timeout=10_000,
    )
    assert "套打" in widget.template_combo.currentText()

    widget.summary_checks["weighted_average"].setChecked(False)
    qtbot.waitUntil(
        lambda: "weighted_average" not in document_settings.transcript_summary(session),
        timeout=10_000,
    )


def test_offsets_are_saved_per_printer_and_the_test_sheet_prints(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path
) -> None:
    session = school.session
    widget = section(qtbot, session, worker)
    assert widget.offset_box.isVisible()
    # Offscreen there is no printer: name one as a clerk's machine would list it.
    widget.printer_combo.addItem("Office-Laser")
    for w in (widget.dx_spin, widget.dy_spin, widget.offset_save, widget.test_button):
        w.setEnabled(True)
    widget.dx_spin.setValue(2.5)
    widget.dy_spin.setValue(-1.0)
    widget.save_offset()
    qtbot.waitUntil(lambda: widget.offset_note.text() == "已保存。", timeout=10_000)
    assert document_settings.print_offset(session, "Office-Laser") == (2.5, -1.0)
    widget.dx_spin.setValue(0)
    widget.load_offset()
    qtbot.waitUntil(lambda: widget.dx_spin.value() == 2.5, timeout=10_000)

    out = tmp_path / "test-sheet.pdf"
    widget.print_test_sheet(pdf_printer(out))
    qtbot.waitUntil(lambda: widget.offset_note.text() == "测试页已送往打印机。", timeout=30_000)
    assert len(PdfReader(out).pages) == 1


def test_calibration_sheet_states_the_offset() -> None:
    text = PdfReader(io.BytesIO(calibration_sheet(2.5, -1))).pages[0].extract_text()
    assert "+2.5" in text and "-1.0" in text and "套打位置测试页" in text


def test_a_viewer_sees_no_print_settings(
    qtbot: QtBot, viewer_session: Session, worker: SessionWorker
) -> None:
    page = SettingsPage(PageContext(viewer_session, worker))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    assert page.print_scroll.isHidden()


def test_a_clerk_only_sets_offsets(qtbot: QtBot, school: Created, worker: SessionWorker) -> None:
    add_account(school.session, "clerk1", "steady-river-2026", [Role.CLERK])
    clerk = login(school.session.archive.layout.root, "clerk1", "steady-river-2026")
    try:
        widget = PrintSettingsSection(PageContext(clerk, worker))
        qtbot.addWidget(widget)
        widget.show()
        assert widget.offset_box.isVisible()
        assert widget.letter_box.isHidden() and widget.template_box.isHidden()
        assert widget.summary_box.isHidden()
    finally:
        worker.wait()
        clerk.close()


# -- the recovery sheet in the wizard -----------------------------------------------------------


HOSTS: list[QWidget] = []  # the pages' parents must outlive the test's use of them


def code_page(qtbot: QtBot) -> CodePage:
    host = QWidget()
    qtbot.addWidget(host)
    HOSTS[:] = [host]
    page = CodePage(host)
    page.code_label.setText(CODE)
    return page


def test_recovery_sheet_waits_for_the_archive_details(qtbot: QtBot) -> None:
    page = code_page(qtbot)
    assert not page.sheet.print_button.isEnabled() and not page.sheet.save_button.isEnabled()
    page.sheet.show_details("示范中学", "a-0123", "2026-11-26")
    assert page.sheet.print_button.isEnabled() and page.sheet.save_button.isEnabled()


def test_recovery_sheet_prints_from_memory(qtbot: QtBot, tmp_path: Path) -> None:
    page = code_page(qtbot)
    page.sheet.show_details("示范中学", "a-0123", "2026-11-26")
    out = tmp_path / "printer-output.pdf"  # the test's stand-in for paper
    with qtbot.waitSignal(page.sheet.sheetPrinted, timeout=30_000):
        page.sheet.print_to(pdf_printer(out))
    assert len(PdfReader(out).pages) >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["printer-output.pdf"]


def test_recovery_sheet_saved_only_where_asked(qtbot: QtBot, tmp_path: Path) -> None:
    page = code_page(qtbot)
    page.sheet.show_details("示范中学", "a-0123", "2026-11-26")
    target = tmp_path / "恢复单.pdf"
    with qtbot.waitSignal(page.sheet.sheetSaved, timeout=30_000):
        page.sheet.save_to(target)
    assert [p.name for p in tmp_path.iterdir()] == ["恢复单.pdf"]  # no temporary left behind
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "JKG5Y" in text and "示范中学" in text
