"""Printing from the 纸质档案 page: the receiving receipt, box labels, shelf lists (room papers)
and the 档案转递单 of dispatches (issued documents).

The PDF is made on the session worker with the progress dialog and Cancel of the documents page
(``WorkProgress``) and shown in its preview (``PrintPreview``). Dispatch slips are issued
documents with serials, so their preview is the documents page's own (a slip closed unprinted is
voided in the register). Room papers certify nothing and carry no serial: ``RoomPaperPreview``
prints and saves them without the issue register (their making was audited by the service).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from xueji_desktop.core.errors import OperationCancelled, UnprintableText
from xueji_desktop.services import dispatch_slips, room_papers
from xueji_desktop.services.documents import Issued
from xueji_desktop.ui import paper_files_ops
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_ops import ShelfFilter
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.print_preview import PrintPreview


class RoomPaperPreview(PrintPreview):
    """The preview of a paper without a serial: print or save; closing voids nothing."""

    def __init__(
        self, ctx: PageContext, pdf: bytes, *, title: str, file_name: str, parent: QWidget
    ) -> None:
        super().__init__(ctx, pdf, (), title=title, file_name=file_name, parent=parent)
        self.setObjectName("roomPaperPreview")

    def _show_status(self) -> None:
        text = self.tr("A paper for the archive room; it is not entered in the issue register.")
        if self.was_printed:
            text += " " + self.tr("Printed.")
        if self.was_saved:
            text += " " + self.tr("Saved.")
        self.status_label.setText(text)

    def _on_printed(self, printer: str, copies: int) -> None:
        self.was_printed = True
        self._show_status()
        self.printed.emit(printer, copies)

    def save_to(self, path: Path) -> None:
        pdf = self.pdf
        self._set_buttons(False)

        def done(written: Path) -> None:
            self._set_buttons(True)
            self.was_saved = True
            self._show_status()
            self.error_line.clear_message()
            self.saved.emit(str(written))

        self.ctx.worker.run(
            lambda: paper_files_ops.save_room_paper(pdf, path),
            on_done=done,
            on_error=self._on_error,
            context=self,
        )


class RoomPrinter(QObject):
    """Makes the page's papers on the worker and opens their preview; ``failed(text)`` on error."""

    previewOpened = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self.preview: PrintPreview | None = None
        self.work = WorkProgress(
            parent,
            self.tr("Printing"),
            self.tr("Preparing the pages…"),
            lambda done, total: (
                self.tr("%1 of %2…").replace("%1", str(done)).replace("%2", str(total))
            ),
        )

    def _make(
        self, fn: Callable[..., object], title: str, file_name: str, mark_missing: bool = False
    ) -> None:
        """Run ``fn(session, progress, cancelled, mark_missing)`` on the worker, then preview."""
        work, session = self.work, self.ctx.session
        work.begin()
        self.ctx.worker.run(
            lambda: fn(session, work.report, work.cancelled, mark_missing),
            on_done=lambda result: self._show(result, title, file_name),
            on_error=lambda exc: self._on_error(exc, (fn, title, file_name, mark_missing)),
            context=self._parent,
        )

    def _show(self, result: object, title: str, file_name: str) -> None:
        self.work.finish()
        if isinstance(result, Issued):
            preview: PrintPreview = PrintPreview(
                self.ctx,
                result.pdf,
                result.serials,
                title=title,
                file_name=file_name,
                parent=self._parent,
            )
        else:
            assert isinstance(result, bytes)
            preview = RoomPaperPreview(
                self.ctx, result, title=title, file_name=file_name, parent=self._parent
            )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        preview.open()
        self.previewOpened.emit(preview)

    def _on_error(
        self, exc: BaseException, job: tuple[Callable[..., object], str, str, bool]
    ) -> None:
        self.work.finish()
        fn, title, file_name, mark_missing = job
        if isinstance(exc, UnprintableText) and not mark_missing:
            # As the documents page does: a rare character no font has may be written by hand.
            answer = QMessageBox.question(
                self._parent,
                self.tr("Characters missing from the font"),
                error_text(exc)
                + "\n\n"
                + self.tr("Print them as empty boxes (□) and write them in by hand?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._make(fn, title, file_name, mark_missing=True)
            return
        if not isinstance(exc, OperationCancelled):
            self.failed.emit(error_sentence(exc))

    # -- the papers ---------------------------------------------------------------------------

    def intake_receipt(self, intake_id: int) -> None:
        today = datetime.date.today()
        self._make(
            lambda s, p, c, m: room_papers.intake_receipt_pdf(
                s, intake_id, today=today, mark_missing=m
            ),
            self.tr("Receipt of received files"),
            self.tr("receipt-%1.pdf").replace("%1", str(intake_id)),
        )

    def box_labels(self, f: ShelfFilter) -> None:
        self._make(
            lambda s, p, c, m: room_papers.box_labels_pdf(
                s,
                cabinet=f.cabinet,
                shelf=f.shelf,
                box=f.box,
                class_group_id=f.class_group_id,
                progress=p,
                cancelled=c,
                mark_missing=m,
            ),
            self.tr("Box labels"),
            self.tr("box-labels.pdf"),
        )

    def shelf_list(self, f: ShelfFilter) -> None:
        self._make(
            lambda s, p, c, m: room_papers.shelf_list_pdf(
                s,
                today=datetime.date.today(),
                cabinet=f.cabinet,
                shelf=f.shelf,
                box=f.box,
                class_group_id=f.class_group_id,
                progress=p,
                cancelled=c,
                mark_missing=m,
            ),
            self.tr("Shelf list"),
            self.tr("shelf-list.pdf"),
        )

    def dispatch_slips(self, dispatch_ids: Sequence[int]) -> None:
        ids = list(dispatch_ids)
        self._make(
            lambda s, p, c, m: dispatch_slips.issue_dispatch_slips(
                s, ids, progress=p, cancelled=c, mark_missing=m
            ),
            self.tr("File transfer slips"),
            self.tr("transfer-slips.pdf"),
        )
