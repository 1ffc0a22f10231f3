"""The preview of issued documents: the PDF from memory, then 打印, 另存为 or 关闭.

The PDF never touches the disk unless the clerk saves it. ``PdfPane`` shows bytes through QtPdf
(``QPdfDocument`` over a ``QBuffer``, ``QPdfView`` renders pages on its own threads). Printing goes
through the system print dialog and ``pdf_printer.PdfPrintJob`` on a thread of its own, then the
register hears of it (``record_printed``). Documents closed neither printed nor saved are voided
in the register with the reason "未打印", after the clerk has been told so and agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui import print_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import PdfBytes, PdfPrintJob, printer_label
from xueji_desktop.ui.widgets import ErrorLine, window_title

UNPRINTED_REASON = "未打印"  # recorded in the register (Chinese whatever the UI language)
ZOOM_STEP = 1.25


class PdfPane(QWidget):
    """A multi-page view of PDF bytes with zoom buttons and the page count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf: PdfBytes | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.pages_label = QLabel(self)
        self.pages_label.setObjectName("pageCount")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for text, slot, name in (
            (self.tr("Fit width"), self.fit_width, "fitWidth"),
            (self.tr("Whole page"), self.fit_page, "fitPage"),
            (self.tr("Zoom out"), lambda: self.zoom(1 / ZOOM_STEP), "zoomOut"),
            (self.tr("Zoom in"), lambda: self.zoom(ZOOM_STEP), "zoomIn"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def show_pdf(self, data: bytes) -> bool:
        self._pdf = PdfBytes(data, self)
        self.view.setDocument(self._pdf.document)
        count = self._pdf.page_count() if self._pdf.ok else 0
        self.pages_label.setText(self.tr("%1 pages").replace("%1", str(count)))
        return self._pdf.ok

    def page_count(self) -> int:
        return self._pdf.page_count() if self._pdf is not None and self._pdf.ok else 0

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def zoom(self, factor: float) -> None:
        # From a fitted mode, start at the factor the fit shows now, not at the last custom one.
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom and self._pdf is not None:
            size = self._pdf.document.pagePointSize(0)
            if size.width() > 0:
                current = self.view.viewport().width() / (size.width() / 72 * self.logicalDpiX())
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, current * factor)))
        self.view.pageNavigator().jump(self.view.pageNavigator().currentPage(), QPointF())


class PrintPreview(QDialog):
    """Issued documents (``serials``) in ``pdf``: print, save, or close (voids if neither)."""

    printed = Signal(str, int)  # printer, copies (after the register has recorded it)
    saved = Signal(str)  # path
    voided = Signal()

    def __init__(
        self,
        ctx: PageContext,
        pdf: bytes,
        serials: Sequence[str],
        *,
        title: str,
        file_name: str = "",
        printer_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pdf = pdf
        self.serials = tuple(serials)
        self.file_name = file_name or "document.pdf"
        self.printer_name = printer_name  # 套打: the printer whose offset the PDF already has
        self.was_printed = False
        self.was_saved = False
        self.was_voided = False
        self._job: PdfPrintJob | None = None
        self._progress: QProgressDialog | None = None
        self._closing = False
        self.setObjectName("printPreview")
        self.setWindowTitle(window_title(title, practice=ctx.practice))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        # 860 x 960 shows a whole A4 page, but a 1366 x 768 screen must still show the buttons.
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None or room.isEmpty():
            self.resize(860, 960)
        else:
            self.resize(min(860, room.width() - 40), min(960, room.height() - 60))

        self.pane = PdfPane(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("previewStatus")
        self.status_label.setWordWrap(True)
        self.error_line = ErrorLine(self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.setObjectName("saveButton")
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("closeButton")
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.choose_file)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        if not self.pane.show_pdf(pdf):
            self.error_line.show_message(
                self.tr("The document could not be shown. Save it as PDF and open it elsewhere.")
            )
        self._show_status()

    def _show_status(self) -> None:
        count = len(self.serials)
        if count == 1:
            text = self.tr("Serial number %1.").replace("%1", self.serials[0])
        else:
            text = (
                self.tr("%1 documents, serial numbers %2 to %3.")
                .replace("%1", str(count))
                .replace("%2", self.serials[0] if count else "")
                .replace("%3", self.serials[-1] if count else "")
            )
        if self.was_printed:
            text += " " + self.tr("Printed.")
        if self.was_saved:
            text += " " + self.tr("Saved.")
        self.status_label.setText(text)

    # -- printing -------------------------------------------------------------------------------

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name:
            printer.setPrinterName(self.printer_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print"))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(dialog.deleteLater)
        # QPrintDialog.open() wants (receiver, slot) in PySide6 6.11 and raises TypeError when
        # called bare; QDialog.open is the window-modal open of the base class.
        QDialog.open(dialog)

    def print_to(self, printer: QPrinter) -> PdfPrintJob:
        """Print on ``printer`` (already chosen) on a thread; the buttons wait meanwhile."""
        printer.setDocName(self.windowTitle())
        copies = max(1, printer.copyCount())
        name = printer_label(printer)
        job = PdfPrintJob(self.pdf, printer, self)
        self._job = job
        progress = QProgressDialog(
            self.tr("Sending the pages to the printer…"), self.tr("Cancel"), 0, 0, self
        )
        progress.setObjectName("printProgress")
        progress.setWindowTitle(self.tr("Printing"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(job.cancel)
        self._progress = progress
        job.progressed.connect(self._on_page)
        job.succeeded.connect(lambda _pages: self._on_printed(name, copies))
        job.failed.connect(self._on_print_failed)
        job.finished.connect(self._job_finished)
        self._set_buttons(False)
        job.start()
        progress.show()
        return job

    def _on_page(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)

    def _job_finished(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        if self._job is not None:
            self._job.deleteLater()
            self._job = None
        self._set_buttons(True)

    def _on_printed(self, printer: str, copies: int) -> None:
        session, serials = self.ctx.session, self.serials

        def recorded(_: object) -> None:
            self.was_printed = True
            self._show_status()
            self.printed.emit(printer, copies)

        self.ctx.worker.run(
            lambda: print_ops.record_printed(session, serials, printer, copies),
            on_done=recorded,
            on_error=self._on_error,
            context=self,
        )

    def _on_print_failed(self, reason: str) -> None:
        if reason == "cancelled":
            text = self.tr(
                "Printing was stopped. Pages already sent may still come out of the printer."
            )
        elif reason == "unreadable":
            text = self.tr("The document could not be read for printing. Nothing was printed.")
        else:
            text = self.tr(
                "The printer did not accept the document. Check that it is switched on and has "
                "paper, then try again."
            )
        self.error_line.show_message(text)

    def is_printing(self) -> bool:
        return self._job is not None

    # -- saving ---------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), self.file_name, self.tr("PDF files (*.pdf)")
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        session, pdf, serials = self.ctx.session, self.pdf, self.serials
        self._set_buttons(False)

        def done(written: Path) -> None:
            self._set_buttons(True)
            self.was_saved = True
            self._show_status()
            self.error_line.clear_message()
            self.saved.emit(str(written))

        self.ctx.worker.run(
            lambda: print_ops.save_pdf(session, pdf, path, serials),
            on_done=done,
            on_error=self._on_error,
            context=self,
        )

    # -- closing --------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.is_printing() or self._closing:
            return
        if self.was_printed or self.was_saved or self.was_voided or not self.serials:
            super().reject()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Close without printing"),
            self.tr(
                "These documents were neither printed nor saved. If you close now, their serial "
                "numbers are marked as void in the issue register (reason: not printed) and will "
                "not be used again. Close?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._closing = True
        self._set_buttons(False)
        session, serials = self.ctx.session, self.serials

        def done(_: object) -> None:
            self.was_voided = True
            self._closing = False
            self.voided.emit()
            super(PrintPreview, self).reject()

        def failed(exc: BaseException) -> None:
            self._closing = False
            self._on_error(exc)

        self.ctx.worker.run(
            lambda: print_ops.void_documents(session, serials, UNPRINTED_REASON),
            on_done=done,
            on_error=failed,
            context=self,
        )

    def _on_error(self, exc: BaseException) -> None:
        self._set_buttons(True)
        self.error_line.show_message(error_sentence(exc))

    def _set_buttons(self, enabled: bool) -> None:
        for button in (self.print_button, self.save_button, self.close_button):
            button.setEnabled(enabled)
