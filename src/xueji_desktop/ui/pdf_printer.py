"""Put a PDF held in memory on paper, off the GUI thread.

``PdfPrintJob`` is a QThread: it loads the bytes into a ``QPdfDocument`` (from a ``QBuffer``; no
file), renders each page to an image at the printer's resolution (at most ``MAX_DPI``) and paints
it onto the ``QPrinter`` the clerk chose in ``QPrintDialog``. Qt allows painting on a QPrinter
outside the GUI thread; the printer object is not touched by the GUI while the job runs. Progress
and the outcome come back as signals (queued to the GUI thread); ``cancel()`` stops before the next
page and aborts the print run.

``WorkProgress`` is the progress dialog with Cancel for a service call on the session worker: its
``report``/``cancelled`` are the service's callbacks (worker thread); a queued signal carries the
numbers to the dialog.

``BackgroundCall`` runs one plain function (building a recovery sheet, writing a file) on a thread
of its own, for the places that have no session worker (the first-run wizard's worker is waiting
for the clerk while the recovery code is shown).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QSize,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from xueji_desktop.ui.worker import log_unexpected

log = logging.getLogger(__name__)

MAX_DPI = 300  # sharper than any office printer needs; a 600 dpi page image would be 140 MB


class PdfBytes:
    """A ``QPdfDocument`` over bytes in memory; keeps the buffer alive as long as the document."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        self._array = QByteArray(data)
        self.buffer = QBuffer(self._array, parent)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent) if parent is not None else QPdfDocument()
        self.document.load(self.buffer)

    @property
    def ok(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready

    def page_count(self) -> int:
        return self.document.pageCount()


def printer_label(printer: QPrinter) -> str:
    """The printer's name for the register; a PDF output is "PDF" (never its path)."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return "PDF"
    return printer.printerName() or "?"


def page_image(doc: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page as an opaque image at ``dpi`` (QtPdf renders onto a transparent image)."""
    points = doc.pagePointSize(page)
    width, height = (max(1, round(v / 72 * dpi)) for v in (points.width(), points.height()))
    size = QSize(width, height)
    rendered = doc.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


class PdfPrintJob(QThread):
    """Prints ``pdf`` on ``printer``; ``succeeded(pages)`` or ``failed(reason)`` at the end.

    ``reason`` is "cancelled", "unreadable" (the bytes are not a PDF QtPdf can open) or
    "printer" (the printer refused to start or broke off).
    """

    progressed = Signal(int, int)  # pages sent, pages in all
    succeeded = Signal(int)
    failed = Signal(str)

    def __init__(self, pdf: bytes, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pdf = pdf
        self.printer = printer
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            reason = self._print()
        except Exception as exc:  # reported, never raised into Qt's thread machinery
            log_unexpected(exc)
            reason = "printer"
        if reason:
            self.failed.emit(reason)

    def _print(self) -> str:
        pdf = PdfBytes(self._pdf)  # created on this thread: it lives and dies here
        if not pdf.ok or pdf.page_count() == 0:
            return "unreadable"
        doc, printer = pdf.document, self.printer
        copies = 1
        if printer.copyCount() > 1 and not printer.supportsMultipleCopies():
            copies = printer.copyCount()  # the driver cannot repeat: send the pages again
            printer.setCopyCount(1)
        pages = [p for _ in range(copies) for p in range(doc.pageCount())]
        dpi = min(printer.resolution(), MAX_DPI)
        printer.setFullPage(True)  # the PDF already holds the margins
        self._layout_for(doc, pages[0])
        painter = QPainter()
        if not painter.begin(printer):
            return "printer"
        try:
            for done, page in enumerate(pages):
                if self._cancel.is_set():
                    printer.abort()
                    return "cancelled"
                if done:
                    self._layout_for(doc, page)
                    if not printer.newPage():
                        return "printer"
                target = printer.paperRect(QPrinter.Unit.DevicePixel)
                painter.drawImage(
                    QRectF(0, 0, target.width(), target.height()), page_image(doc, page, dpi)
                )
                self.progressed.emit(done + 1, len(pages))
        finally:
            painter.end()
        self.succeeded.emit(len(pages))
        return ""

    def _layout_for(self, doc: QPdfDocument, page: int) -> None:
        """Paper of the PDF page's own size and orientation (a landscape roster stays landscape)."""
        points = doc.pagePointSize(page)
        landscape = points.width() > points.height()
        size = points.transposed() if landscape else points
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        self.printer.setPageLayout(
            QPageLayout(QPageSize(size, QPageSize.Unit.Point), orientation, QMarginsF())
        )


class BackgroundCall(QThread):
    """``fn()`` on a thread of its own; ``on_done(result)`` or ``on_error(exception)`` then run on
    the GUI thread (this QThread object lives there, so its slots receive the queued signals).
    Deletes itself once finished."""

    _done = Signal(object)
    _error = Signal(object)

    def __init__(
        self,
        fn: Callable[[], Any],
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(parent)
        self._fn: Callable[[], Any] | None = fn
        self._on_done, self._on_error = on_done, on_error
        self._done.connect(self._deliver_done, Qt.ConnectionType.QueuedConnection)
        self._error.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)
        self.finished.connect(self.deleteLater)

    def run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None
        try:
            result = fn()
        except Exception as exc:
            log_unexpected(exc)
            self._error.emit(exc)
            return
        self._done.emit(result)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._on_error(error)


def run_in_thread(
    fn: Callable[[], Any],
    parent: QObject,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundCall:
    call = BackgroundCall(fn, parent, on_done, on_error)
    call.start()
    return call


class WorkProgress(QObject):
    """A window-modal progress dialog with Cancel, for long service calls on the worker.

    Made once per window and kept as long as it: the worker's callbacks hold it, and the last
    reference to a QObject must never be dropped on the worker thread (see ui/worker.py).
    """

    progressed = Signal(int, int)  # emitted on the worker thread; delivered queued

    def __init__(
        self, parent: QWidget, title: str, text: str, step: Callable[[int, int], str]
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._title, self._text, self._step = title, text, step
        self._cancel = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.progressed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def begin(self) -> None:
        self.finish()
        self._cancel = threading.Event()
        cancel = QCoreApplication.translate("PrintDialog", "Cancel")
        dialog = QProgressDialog(self._text, cancel, 0, 0, self._parent)
        dialog.setObjectName("workProgress")
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot(int, int)
    def _show(self, done: int, total: int) -> None:
        # One local reference: setValue() of a modal dialog runs pending events, among them the
        # worker's answer, whose finish() clears self.dialog in between.
        dialog = self.dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        if self.dialog is dialog:
            dialog.setLabelText(self._step(done, total))

    def finish(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
