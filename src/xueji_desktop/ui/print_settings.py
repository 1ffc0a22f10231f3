"""The 打印 section of the settings page: letterhead logo, template per kind, 套打 offsets per
printer (with a test sheet), and which totals transcripts show.

Administrators set the school-wide parts (logo, templates, totals); clerks, who print, set the
offset of their printer. Everything is read and saved on the worker; a chosen logo or template
file is read there too. The test sheet is drawn in memory (ReportLab) and printed like any
document, off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.printing.model import Letterhead
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_settings import MAX_OFFSET_MM, SUMMARY_ITEMS, TemplateInfo
from xueji_desktop.services.documents_kinds import ISSUED_KINDS
from xueji_desktop.ui import print_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import PdfPrintJob, run_in_thread
from xueji_desktop.ui.print_kinds import kind_label
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP
from xueji_desktop.ui.widgets import ErrorLine

SUMMARY_LABELS = {
    "total_credits": QT_TRANSLATE_NOOP("PrintSettings", "Total credits"),
    "earned_credits": QT_TRANSLATE_NOOP("PrintSettings", "Credits earned"),
    "average_score": QT_TRANSLATE_NOOP("PrintSettings", "Average score"),
    "weighted_average": QT_TRANSLATE_NOOP("PrintSettings", "Credit-weighted average"),
}
LOGO_BOX = (160, 64)
T = TypeVar("T")


def _calibration(dx_mm: float, dy_mm: float) -> bytes:
    # Imported when used: ReportLab costs ~60 ms, and the settings page is built at start-up.
    from xueji_desktop.printing.calibration import calibration_sheet

    return calibration_sheet(dx_mm, dy_mm)


class PrintSettingsSection(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.admin = ctx.can(Permission.MANAGE_SETTINGS)
        self.clerk = ctx.can(Permission.PRINT)
        self._job: PdfPrintJob | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.letter_box = QGroupBox(self.tr("Letterhead"), self)
        letter = QHBoxLayout(self.letter_box)
        self.logo_label = QLabel(self.letter_box)
        self.logo_label.setObjectName("logoPreview")
        self.logo_label.setFixedSize(*LOGO_BOX)
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label.setStyleSheet("border: 1px solid #bbb; background: #fff; color: #777;")
        self.logo_button = QPushButton(self.tr("Choose a logo…"), self.letter_box)
        self.logo_button.clicked.connect(self._choose_logo)
        self.no_logo_button = QPushButton(self.tr("Remove the logo"), self.letter_box)
        self.no_logo_button.clicked.connect(self.clear_logo)
        letter.addWidget(self.logo_label)
        letter.addWidget(self.logo_button)
        letter.addWidget(self.no_logo_button)
        letter.addStretch(1)

        self.template_box = QGroupBox(self.tr("Layout of each document"), self)
        templates = QHBoxLayout(self.template_box)
        self._templates: dict[str, list[TemplateInfo]] = {}
        self.kind_combo = QComboBox(self.template_box)
        self.kind_combo.setObjectName("templateKind")
        for kind in ISSUED_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._fill_templates())
        self.template_combo = QComboBox(self.template_box)
        self.template_combo.setObjectName("templateChoice")
        self.template_combo.setMinimumContentsLength(16)
        self.template_combo.activated.connect(lambda _i: self.choose_template())
        self.import_button = QPushButton(self.tr("Add a layout from a file…"), self.template_box)
        self.import_button.clicked.connect(self._choose_template_file)
        templates.addWidget(QLabel(self.tr("Document:"), self.template_box))
        templates.addWidget(self.kind_combo)
        templates.addWidget(QLabel(self.tr("Layout:"), self.template_box))
        templates.addWidget(self.template_combo, 1)
        templates.addWidget(self.import_button)

        self.offset_box = QGroupBox(self.tr("Printing on pre-printed forms"), self)
        offsets = QFormLayout(self.offset_box)
        self.printer_combo = QComboBox(self.offset_box)
        self.printer_combo.setObjectName("offsetPrinter")
        self.printer_combo.addItems(QPrinterInfo.availablePrinterNames())
        self.printer_combo.currentTextChanged.connect(lambda _t: self.load_offset())
        self.dx_spin, self.dy_spin = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for spin in (self.dx_spin, self.dy_spin):
            spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(self.tr(" mm"))
        self.offset_save = QPushButton(self.tr("Save"), self.offset_box)
        self.offset_save.setObjectName("offsetSave")
        self.offset_save.clicked.connect(self.save_offset)
        self.test_button = QPushButton(self.tr("Print a test sheet"), self.offset_box)
        self.test_button.clicked.connect(self.print_test_sheet)
        self.offset_note = QLabel(self.offset_box)
        self.offset_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.offset_save)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        offsets.addRow(self.tr("Printer:"), self.printer_combo)
        offsets.addRow(self.tr("Move right by:"), self.dx_spin)
        offsets.addRow(self.tr("Move down by:"), self.dy_spin)
        offsets.addRow(buttons)
        offsets.addRow(self.offset_note)

        self.summary_box = QGroupBox(self.tr("Totals on transcripts"), self)
        summary = QHBoxLayout(self.summary_box)
        self.summary_checks: dict[str, QCheckBox] = {}
        for item in SUMMARY_ITEMS:
            text = QCoreApplication.translate("PrintSettings", SUMMARY_LABELS.get(item, item))
            check = QCheckBox(text, self.summary_box)
            check.setObjectName(f"summary_{item}")
            check.toggled.connect(lambda _on: self.save_summary())
            self.summary_checks[item] = check
            summary.addWidget(check)
        summary.addStretch(1)

        self.error_line = ErrorLine(self)
        for box, shown in (
            (self.letter_box, self.admin),
            (self.template_box, self.admin),
            (self.offset_box, self.clerk),
            (self.summary_box, self.admin),
        ):
            box.setVisible(shown)
            layout.addWidget(box)
        layout.addWidget(self.error_line)
        layout.addStretch(1)
        has_printer = self.printer_combo.count() > 0
        for widget in (self.dx_spin, self.dy_spin, self.offset_save, self.test_button):
            widget.setEnabled(has_printer)
        if not has_printer:
            self.offset_note.setText(self.tr("No printer is set up on this computer."))

    def any_visible(self) -> bool:
        return self.admin or self.clerk

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        if self.admin:
            session = self.ctx.session
            self.ctx.worker.run(
                lambda: print_ops.print_settings(session, ISSUED_KINDS),
                on_done=self._show_settings,
                on_error=self._on_error,
                context=self,
            )
        if self.clerk:
            self.load_offset()

    def _show_settings(self, settings: print_ops.PrintSettings) -> None:
        self.show_logo(settings.letterhead)
        self._templates = dict(settings.templates)
        self._fill_templates()
        for item, check in self.summary_checks.items():
            check.blockSignals(True)
            check.setChecked(item in settings.summary)
            check.blockSignals(False)

    def show_logo(self, letterhead: Letterhead) -> None:
        pixmap = QPixmap()
        if letterhead.logo and pixmap.loadFromData(letterhead.logo):
            w, h = LOGO_BOX
            keep, smooth = (
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.logo_label.setPixmap(pixmap.scaled(w - 4, h - 4, keep, smooth))
        else:
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText(self.tr("No logo"))
        self.no_logo_button.setEnabled(bool(letterhead.logo))

    def _fill_templates(self) -> None:
        combo = self.template_combo
        combo.clear()
        for info in self._templates.get(str(self.kind_combo.currentData()), []):
            # Only where the layout's own name does not already say so (built-in ones do).
            named = "套打" in info.label or "pre-printed" in info.label
            mode = self.tr(" (pre-printed form)") if info.mode == "overlay" and not named else ""
            combo.addItem((info.label or info.name) + mode, info.name)
            if info.chosen:
                combo.setCurrentIndex(combo.count() - 1)

    # -- saving -----------------------------------------------------------------------------------

    def _run(self, fn: Callable[[Session], T], then: Callable[[T], None] | None = None) -> None:
        self.error_line.clear_message()
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: fn(session),
            on_done=then or (lambda _r: None),
            on_error=self._on_error,
            context=self,
        )

    def _choose_logo(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Choose a logo"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.set_logo(Path(path))

    def set_logo(self, path: Path) -> None:
        self._run(
            lambda s: print_ops.set_logo_from_file(s, path),
            lambda data: self.show_logo(Letterhead("", logo=data)),
        )

    def clear_logo(self) -> None:
        self._run(print_ops.clear_logo, lambda _r: self.show_logo(Letterhead("")))

    def choose_template(self) -> None:
        kind = str(self.kind_combo.currentData())
        name = str(self.template_combo.currentData() or "")
        if name:
            self._run(lambda s: print_ops.choose_template(s, kind, name), lambda _r: self.load())

    def _choose_template_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Add a layout"), "", self.tr("Layouts (*.json)")
        )
        if path:
            self._run(lambda s: print_ops.import_template(s, Path(path)), lambda _i: self.load())

    def save_summary(self) -> None:
        items = [i for i, check in self.summary_checks.items() if check.isChecked()]
        self._run(lambda s: print_ops.set_summary(s, items))

    def load_offset(self) -> None:
        printer = self.printer_combo.currentText()
        if printer:
            self._run(lambda s: print_ops.offset_for(s, printer), self._show_offset)

    def _show_offset(self, offset: tuple[float, float]) -> None:
        self.dx_spin.setValue(offset[0])
        self.dy_spin.setValue(offset[1])

    def save_offset(self) -> None:
        printer, dx, dy = (
            self.printer_combo.currentText(),
            self.dx_spin.value(),
            self.dy_spin.value(),
        )
        self.offset_note.clear()
        self._run(
            lambda s: print_ops.set_offset(s, printer, dx, dy),
            lambda _r: self.offset_note.setText(self.tr("Saved.")),
        )

    def print_test_sheet(self, printer: QPrinter | None = None) -> None:
        """Draw the test sheet on a thread, then print it on ``printer`` (default: the chosen)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPrinterName(self.printer_combo.currentText())
        dx, dy = self.dx_spin.value(), self.dy_spin.value()
        self.test_button.setEnabled(False)
        target = printer
        run_in_thread(
            lambda: _calibration(dx, dy),
            self,
            lambda pdf: self._send(pdf, target),
            self._on_error,
        )

    def _send(self, pdf: bytes, printer: QPrinter) -> None:
        job = PdfPrintJob(pdf, printer, self)
        self._job = job
        job.succeeded.connect(lambda _n: self.offset_note.setText(self.tr("Test sheet sent.")))
        job.failed.connect(
            lambda _r: self.offset_note.setText(self.tr("The printer did not take the sheet."))
        )
        job.finished.connect(self._sent)
        job.start()

    def _sent(self) -> None:
        self.test_button.setEnabled(True)
        if self._job is not None:
            self._job.deleteLater()
            self._job = None

    def _on_error(self, exc: BaseException) -> None:
        self.test_button.setEnabled(self.printer_combo.count() > 0)
        self.error_line.show_message(error_sentence(exc))
