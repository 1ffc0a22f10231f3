"""出具文书: which document, which template, for whom, and where it goes.

Opened from the students list (the selected students), a record (one student) or the classes page
(a class: class kinds, or a per-student kind for every student of the class to whom it applies).
Issuing runs on the session worker with a progress dialog and Cancel; the service's progress
callback arrives on the worker thread and is carried to the GUI by a queued signal. One PDF opens
in the preview (print_preview.py); one PDF per student goes straight into a folder.

The dialog adds no rule of its own: the service decides what may be issued to whom, and its
refusals are shown as they come (an unprintable rare character offers printing it as □).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import UnprintableText, XuejiError
from xueji_desktop.printing import model as m
from xueji_desktop.services.document_settings import TemplateInfo
from xueji_desktop.services.documents import Issued, PrintRequest
from xueji_desktop.services.documents_files import DEFAULT_PATTERN
from xueji_desktop.services.documents_kinds import KIND_NAMES
from xueji_desktop.ui import print_ops
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.print_kinds import PrintTarget, kind_label, offered_kinds
from xueji_desktop.ui.print_preview import PrintPreview
from xueji_desktop.ui.widgets import ErrorLine, window_title


class PrintDialog(QDialog):
    previewOpened = Signal(object)  # the PrintPreview
    filesWritten = Signal(list)  # the paths of a split batch
    issueStarted = Signal(object)  # the WorkProgress, before the worker starts

    def __init__(
        self,
        ctx: PageContext,
        target: PrintTarget,
        *,
        kind: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.target = target
        self.preview: PrintPreview | None = None
        self._last_printer = ""
        self._seq = 0
        self._modes: dict[str, str] = {}
        self.work = WorkProgress(
            self,
            self.tr("Issue documents"),
            self.tr("Preparing the documents…"),
            lambda done, total: (
                self.tr("Document %1 of %2…").replace("%1", str(done)).replace("%2", str(total))
            ),
        )
        self.setObjectName("printDialog")
        self.setWindowTitle(window_title(self.tr("Issue documents"), practice=ctx.practice))
        self.setMinimumWidth(560)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.target_label = QLabel(target.label, self)
        self.target_label.setTextFormat(Qt.TextFormat.PlainText)
        self.target_label.setWordWrap(True)
        form.addRow(self.tr("For:"), self.target_label)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        for k in offered_kinds(target.statuses, for_class=target.class_group_id is not None):
            self.kind_combo.addItem(kind_label(k), k)
        form.addRow(self.tr("Document:"), self.kind_combo)
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("templateCombo")
        form.addRow(self.tr("Layout:"), self.template_combo)
        self.purpose_edit = QLineEdit(self)
        self.purpose_edit.setObjectName("purposeEdit")
        self.purpose_edit.setMaxLength(60)
        self.purpose_edit.setPlaceholderText(self.tr("e.g. further study, job application"))
        form.addRow(self.tr("Purpose:"), self.purpose_edit)

        # 档案移交清单: where the paper file goes and how.
        self.receiver_edit = QLineEdit(self)
        self.receiver_edit.setObjectName("receiverEdit")
        self.address_edit = QLineEdit(self)
        self.via_combo = QComboBox(self)
        self.via_combo.setObjectName("viaCombo")
        self.via_combo.setEditable(True)
        self.via_combo.addItems(["机要", "自取", "邮寄"])  # printed on the paper: Chinese data
        self.dispatch_edit = QLineEdit(self)
        self.dispatch_edit.setObjectName("dispatchEdit")
        self.papers_edit = QPlainTextEdit(self)
        self.papers_edit.setObjectName("papersEdit")
        self.papers_edit.setTabChangesFocus(True)
        self.papers_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.papers_edit.setPlaceholderText(
            self.tr(
                "One paper per line, copies after ×. Leave empty to list the papers the "
                "archive holds for the student."
            )
        )
        self._handover_rows = [
            (self.tr("Receiving unit:"), self.receiver_edit),
            (self.tr("Its address:"), self.address_edit),
            (self.tr("Sent by:"), self.via_combo),
            (self.tr("Confidential mail no.:"), self.dispatch_edit),
            (self.tr("Papers in the file:"), self.papers_edit),
        ]
        for text, widget in self._handover_rows:
            form.addRow(text, widget)
        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("printerCombo")
        self.printer_combo.addItems(QPrinterInfo.availablePrinterNames())
        default = QPrinterInfo.defaultPrinterName()
        if default:
            self.printer_combo.setCurrentText(default)
        form.addRow(self.tr("Printer (pre-printed form):"), self.printer_combo)
        self._form = form

        self.one_pdf = QRadioButton(self.tr("One PDF: preview it, then print or save"), self)
        self.one_pdf.setObjectName("onePdf")
        self.split = QRadioButton(self.tr("One PDF file per student, saved into a folder"), self)
        self.split.setObjectName("splitPdf")
        self.one_pdf.setChecked(True)
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("folderEdit")
        self.folder_button = QPushButton(self.tr("Choose…"), self)
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self._choose_folder)
        self.pattern_edit = QLineEdit(DEFAULT_PATTERN, self)
        self.pattern_edit.setObjectName("patternEdit")
        self.pattern_hint = QLabel(
            self.tr(
                "File names: {student_no} student no., {name} name, {kind} document, "
                "{serial} serial number, {class_name} class"
            ),
            self,
        )
        self.pattern_hint.setWordWrap(True)
        self.pattern_hint.setStyleSheet("color: #555;")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.split_box = QWidget(self)
        split_form = QFormLayout(self.split_box)
        split_form.setContentsMargins(24, 0, 0, 0)
        split_form.addRow(self.tr("Folder:"), folder_row)
        split_form.addRow(self.tr("File name:"), self.pattern_edit)
        split_form.addRow(self.pattern_hint)
        self.replace_check = QCheckBox(
            self.tr("Replace files of the same name in the folder"), self
        )
        self.replace_check.setObjectName("replaceCheck")
        split_form.addRow(self.replace_check)

        self.error_line = ErrorLine(self)
        self.buttons = QDialogButtonBox(self)
        self.issue_button = self.buttons.addButton(
            self.tr("Issue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.issue_button.setObjectName("issueButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.one_pdf)
        layout.addWidget(self.split)
        layout.addWidget(self.split_box)
        layout.addWidget(self.error_line)
        layout.addWidget(self.buttons)
        for widget in (self.one_pdf, self.split):
            widget.setVisible(target.several)
        self.split.toggled.connect(self._update_rows)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.template_combo.currentIndexChanged.connect(self._update_rows)
        if kind and self.kind_combo.findData(kind) >= 0:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self._kind_changed()
        if target.student_ids and target.class_group_id is None:
            # The forms of a 学籍异动 only for students who have one: asked of the service.
            session, ids = ctx.session, target.student_ids
            ctx.worker.run(
                lambda: print_ops.applicable_kinds(session, ids),
                on_done=self._keep_kinds,
                on_error=self._on_error,
                context=self,
            )

    def _keep_kinds(self, allowed: list[str]) -> None:
        """Drop the kinds the selected students cannot be given (the choice stays if it fits)."""
        current = self.kind()
        self.kind_combo.blockSignals(True)
        for i in reversed(range(self.kind_combo.count())):
            if self.kind_combo.itemData(i) not in allowed:
                self.kind_combo.removeItem(i)
        index = self.kind_combo.findData(current)
        self.kind_combo.setCurrentIndex(index if index >= 0 else 0)
        self.kind_combo.blockSignals(False)
        if self.kind() != current:
            self._kind_changed()

    # -- choices --------------------------------------------------------------------------------

    def kind(self) -> str:
        return str(self.kind_combo.currentData() or "")

    def _kind_changed(self) -> None:
        self._update_rows()
        self.template_combo.clear()
        kind = self.kind()
        if not kind:
            self.issue_button.setEnabled(False)
            return
        self._seq += 1
        seq, session = self._seq, self.ctx.session
        self.ctx.worker.run(
            lambda: print_ops.templates(session, kind),
            on_done=lambda infos: self._fill_templates(seq, infos),
            on_error=self._on_error,
            context=self,
        )

    def _fill_templates(self, seq: int, infos: list[TemplateInfo]) -> None:
        if seq != self._seq:
            return
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self._modes = {}
        for info in infos:
            self.template_combo.addItem(info.label or info.name, info.name)
            self._modes[info.name] = info.mode
            if info.chosen:
                self.template_combo.setCurrentIndex(self.template_combo.count() - 1)
        self.template_combo.blockSignals(False)
        self._update_rows()

    def _update_rows(self) -> None:
        kind = self.kind()
        for _text, widget in self._handover_rows:
            self._form.setRowVisible(widget, kind == m.HANDOVER_LIST)
        overlay = self._modes.get(str(self.template_combo.currentData() or "")) == "overlay"
        self._form.setRowVisible(self.printer_combo, overlay and self.printer_combo.count() > 0)
        per_student = kind in m.STUDENT_KINDS
        self.split.setEnabled(per_student)
        if not per_student:
            self.one_pdf.setChecked(True)
        self.split_box.setVisible(self.target.several and self.split.isChecked())
        self.issue_button.setEnabled(bool(kind))
        self.adjustSize()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the PDF files into"))
        if folder:
            self.folder_edit.setText(folder)

    def request(self, *, mark_missing: bool = False) -> PrintRequest:
        kind = self.kind()
        params: dict[str, str] = {}
        purpose = self.purpose_edit.text().strip()
        if kind == m.ENROLMENT_CERTIFICATE and purpose:
            params["purpose"] = purpose
        if kind == m.HANDOVER_LIST:
            for key, value in (
                ("receiver", self.receiver_edit.text()),
                ("receiver_address", self.address_edit.text()),
                ("via", self.via_combo.currentText()),
                ("dispatch_no", self.dispatch_edit.text()),
                ("documents", self.papers_edit.toPlainText()),
            ):
                if value.strip():
                    params[key] = value.strip()
        overlay = self._modes.get(str(self.template_combo.currentData() or "")) == "overlay"
        return PrintRequest(
            kind=kind,
            student_ids=self.target.student_ids,
            class_group_id=self.target.class_group_id,
            graduation_year=self.target.graduation_year,
            template=str(self.template_combo.currentData() or ""),
            params=params,
            mark_missing=mark_missing,
            printer=self.printer_combo.currentText() if overlay else "",
            purpose=purpose,
        )

    # -- issuing --------------------------------------------------------------------------------

    def start(self, *, mark_missing: bool = False) -> None:
        """Issue with the choices now in the dialog (the 出具 button)."""
        request = self.request(mark_missing=mark_missing)
        folder: Path | None = None
        if self.target.several and self.split.isChecked() and request.kind in m.STUDENT_KINDS:
            text = self.folder_edit.text().strip()
            if not text:
                self._say(self.tr("Choose the folder for the PDF files."))
                return
            folder = Path(text)
        self.error_line.clear_message()
        session = self.ctx.session
        pattern = self.pattern_edit.text().strip() or DEFAULT_PATTERN
        self._last_printer = request.printer
        work = self.work
        work.begin()
        self.issue_button.setEnabled(False)
        self.issueStarted.emit(work)
        if folder is None:
            self.ctx.worker.run(
                lambda: print_ops.issue(session, request, work.report, work.cancelled),
                on_done=self._on_issued,
                on_error=lambda exc: self._on_failed(exc, request),
                context=self,
            )
        else:
            target = folder
            replace = self.replace_check.isChecked()
            self.ctx.worker.run(
                lambda: print_ops.issue_to_folder(
                    session, request, target, pattern, work.report, work.cancelled, replace
                ),
                on_done=lambda paths: self._on_files(target, paths),
                on_error=lambda exc: self._on_failed(exc, request),
                context=self,
            )

    def _say(self, text: str) -> None:
        """Show ``text`` on the error line and grow so that nothing is squeezed (QA)."""
        self.error_line.show_message(text)
        self.resize(self.size().expandedTo(self.sizeHint()))

    def cancel_issue(self) -> None:
        self.work.cancel()

    def _end_progress(self) -> None:
        self.work.finish()
        self.issue_button.setEnabled(True)

    def _on_issued(self, issued: Issued) -> None:
        self._end_progress()
        kind = self.kind()
        first = issued.serials[0] if issued.serials else ""
        name = f"{KIND_NAMES.get(kind, kind)}_{first}.pdf" if first else ""
        title = self.tr("Preview: %1").replace("%1", kind_label(kind))
        preview = PrintPreview(
            self.ctx,
            issued.pdf,
            issued.serials,
            title=title,
            file_name=name,
            printer_name=self._last_printer,
            parent=self.parentWidget(),
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        preview.show()
        self.previewOpened.emit(preview)
        self.accept()

    def _on_files(self, folder: Path, paths: list[Path]) -> None:
        self._end_progress()
        self.filesWritten.emit(list(paths))
        QMessageBox.information(
            self,
            self.tr("Issue documents"),
            self.tr("%1 PDF files were saved in %2.")
            .replace("%1", str(len(paths)))
            .replace("%2", str(folder)),
        )
        self.accept()

    def _on_failed(self, exc: BaseException, request: PrintRequest) -> None:
        self._end_progress()
        if isinstance(exc, UnprintableText) and not request.mark_missing:
            answer = QMessageBox.question(
                self,
                self.tr("Characters missing from the font"),
                error_text(exc)
                + "\n\n"
                + self.tr("Print them as empty boxes (□) and write them in by hand?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.start(mark_missing=True)
            return
        self._on_error(exc)

    def _on_error(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, XuejiError) else error_sentence(exc)
        self._say(text)
