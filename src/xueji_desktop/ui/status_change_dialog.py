"""学籍异动 for one student: only the legal kinds, the fields each needs, a proof scan, a preview.

The kinds offered come from core/lifecycle (the student's state → legal transitions, SPECS for
the fields). Every change of the form asks the service for a preview (``preview_change``, the
same plan ``record_change`` applies) and shows what moves before anything is recorded.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core import lifecycle
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.status_changes import Preview
from xueji_desktop.ui import events_ops, i18n
from xueji_desktop.ui.events_ops import ChangeForm, Recorded
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.status_change_preview import legal_kinds, preview_text
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, window_title

_TEXT_DETAILS = ("to_school", "from_school", "diploma_no", "remark")
_MOVES = {"class_group_id", "major_code"}

__all__ = ["StatusChangeDialog", "legal_kinds", "preview_text"]  # the pure parts moved out


def _qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _iso(edit: QDateEdit) -> str:
    return str(edit.date().toString("yyyy-MM-dd"))


class StatusChangeDialog(QDialog):
    """Record one 学籍异动; ``recorded(student_id)`` after it is in the archive."""

    recorded = Signal(int)

    def __init__(self, ctx: PageContext, student_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id = student_id
        self.form_data: ChangeForm | None = None
        self.preview: Preview | None = None
        self.proof: Path | None = None
        self._asked: dict[str, Any] | None = None
        self.setObjectName("statusChangeDialog")
        self.setWindowTitle(window_title(self.tr("Status change"), practice=ctx.practice))
        self.setMinimumWidth(560)

        self.who = QLabel(self)
        self.who.setWordWrap(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        today = datetime.date.fromtimestamp(ctx.session.archive.clock())
        self.date_edit = QDateEdit(_qdate(today), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(_qdate(today))
        self.reason_combo = QComboBox(self)
        self.reason_combo.addItem("", "")
        for code, label in lifecycle.REASON_CODES.items():
            self.reason_combo.addItem(f"{code} {label}", code)
        self.document_edit = QLineEdit(self)
        self.document_edit.setMaxLength(100)
        self.approver_edit = QLineEdit(self)
        self.approver_edit.setMaxLength(100)
        self.return_edit = QDateEdit(_qdate(today.replace(year=today.year + 1)), self)
        self.return_edit.setCalendarPopup(True)
        self.return_edit.setDisplayFormat("yyyy-MM-dd")
        self.class_combo = QComboBox(self)
        self.major_combo = QComboBox(self)
        self.text_edits = {key: QLineEdit(self) for key in _TEXT_DETAILS}
        for edit in self.text_edits.values():
            edit.setMaxLength(lifecycle.MAX_TEXT)
        self.proof_label = QLabel(self.tr("No scan chosen"), self)
        self.proof_button = QPushButton(self.tr("Choose scan…"), self)
        self.proof_button.clicked.connect(self._choose_proof)

        self.form = QFormLayout()
        self.form.addRow(self.tr("Kind of change"), self.kind_combo)
        self.form.addRow(self.tr("Effective date"), self.date_edit)
        self.form.addRow(self.tr("Reason"), self.reason_combo)
        self.form.addRow(self.tr("Document no."), self.document_edit)
        self.form.addRow(self.tr("Approved by"), self.approver_edit)
        self._detail_rows: dict[str, QWidget] = {
            "expected_return_date": self.return_edit,
            "class_group_id": self.class_combo,
            "major_code": self.major_combo,
            **self.text_edits,
        }
        labels = {
            "expected_return_date": self.tr("Expected return date"),
            "class_group_id": self.tr("New class"),
            "major_code": self.tr("New major"),
            "to_school": self.tr("School transferred to"),
            "from_school": self.tr("Previous school"),
            "diploma_no": self.tr("Diploma no. (blank: the next number)"),
            "remark": self.tr("Remark"),
        }
        for key, widget in self._detail_rows.items():
            self.form.addRow(labels[key], widget)
            self.form.setRowVisible(widget, False)
        proof_row = QHBoxLayout()
        proof_row.addWidget(self.proof_label, 1)
        proof_row.addWidget(self.proof_button)
        self.form.addRow(self.tr("Proof (scan)"), proof_row)

        self.preview_box = QGroupBox(self.tr("What will change"), self)
        self.preview_label = QLabel(self.preview_box)
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        box = QVBoxLayout(self.preview_box)
        box.addWidget(self.preview_label)
        self.error_line = ErrorLine(self)
        self.busy = BusyIndicator(self.tr("Working…"), self)
        self.buttons = QDialogButtonBox(self)
        self.record_button = self.buttons.addButton(
            self.tr("Record the change"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setObjectName("recordChange")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addLayout(self.form)
        layout.addWidget(self.preview_box)
        layout.addWidget(self.error_line)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._ask_preview)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.major_combo.currentIndexChanged.connect(self._fill_classes)
        for combo in (self.class_combo, self.major_combo):
            combo.currentIndexChanged.connect(self._timer.start)
        self.return_edit.dateChanged.connect(self._timer.start)
        self.date_edit.dateChanged.connect(self._timer.start)
        self._set_ready(False)
        self._load()

    # -- loading ------------------------------------------------------------------------------

    def _load(self) -> None:
        self.busy.show()
        session, sid = self.ctx.session, self.student_id
        self.ctx.worker.run(
            lambda: events_ops.change_form(session, sid),
            on_done=self._on_form,
            on_error=self._on_error,
            context=self,
        )

    def _on_form(self, form: ChangeForm) -> None:
        self.busy.hide()
        self.form_data = form
        st = form.student
        lang = i18n.language()
        self.who.setText(
            self.tr("%1 (student no. %2), now: %3")
            .replace("%1", st.name)
            .replace("%2", st.student_no or "—")
            .replace("%3", messages.status_label(st.status, lang))
        )
        kinds = legal_kinds(st.status, st.report_status, st.voided)
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind in kinds:
            self.kind_combo.addItem(messages.kind_label(kind, lang), kind)
        self.kind_combo.blockSignals(False)
        if not kinds:
            self.error_line.show_message(
                self.tr(
                    "This record is still a draft: check and confirm it before recording a"
                    " status change."
                )
                if st.report_status == "draft" and not st.voided
                else self.tr("No status change is possible for this record.")
            )
        self.major_combo.blockSignals(True)
        self.major_combo.clear()
        for m in form.majors:
            self.major_combo.addItem(f"{m.name}（{m.code}）", m.code)
        self.major_combo.blockSignals(False)
        self._kind_changed()

    # -- the form follows the kind --------------------------------------------------------------

    def kind(self) -> str:
        value = self.kind_combo.currentData()
        return value if isinstance(value, str) else ""

    def _kind_changed(self) -> None:
        kind = self.kind()
        spec = lifecycle.SPECS.get(kind)
        wanted = set(spec.required_details) | set(spec.optional_details) if spec else set()
        for key, widget in self._detail_rows.items():
            self.form.setRowVisible(widget, key in wanted)
        if kind == "change_major" and self.form_data is not None:
            other = self.major_combo.findData(self.form_data.student.major_code)
            if self.major_combo.currentIndex() in (-1, other):
                self.major_combo.setCurrentIndex(
                    0 if other != 0 else min(1, self.major_combo.count() - 1)
                )
        self._fill_classes()
        self._timer.start()

    def _fill_classes(self) -> None:
        """The classes a student may move to for this kind (the service checks again)."""
        if self.form_data is None:
            return
        st, kind = self.form_data.student, self.kind()
        spec = lifecycle.SPECS.get(kind)
        major = (
            self.major_combo.currentData()
            if kind in ("change_major", "transfer_in")
            else st.major_code
        )
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        if spec is not None and "class_group_id" in spec.optional_details:
            self.class_combo.addItem(self.tr("(no change of class)"), None)
        for g in self.form_data.classes:
            if g.id == st.class_group_id or (major and g.major_code != major):
                continue
            if kind == "change_class" and st.intake_year not in (None, g.intake_year):
                continue
            if (
                kind in ("repeat_year", "demotion")
                and st.intake_year is not None
                and g.intake_year <= st.intake_year
            ):
                continue
            self.class_combo.addItem(g.name, g.id)
        self.class_combo.blockSignals(False)

    def details(self) -> dict[str, Any]:
        spec = lifecycle.SPECS.get(self.kind())
        if spec is None:
            return {}
        out: dict[str, Any] = {}
        for key in (*spec.required_details, *spec.optional_details):
            if key == "expected_return_date":
                out[key] = _iso(self.return_edit)
            elif key == "class_group_id":
                if isinstance(self.class_combo.currentData(), int):
                    out[key] = self.class_combo.currentData()
                elif key in spec.required_details:
                    out[key] = None  # the service says it is required
            elif key == "major_code":
                out[key] = self.major_combo.currentData() or ""
            elif self.text_edits[key].text().strip():
                out[key] = self.text_edits[key].text().strip()
        return {k: v for k, v in out.items() if v is not None or k in spec.required_details}

    def values(self) -> dict[str, Any]:
        return {
            "effective_date": _iso(self.date_edit),
            "details": self.details(),
            "reason_code": self.reason_combo.currentData() or "",
            "document_no": self.document_edit.text().strip(),
            "approver": self.approver_edit.text().strip(),
        }

    # -- preview -----------------------------------------------------------------------------

    def _ask_preview(self) -> None:
        kind = self.kind()
        self._set_ready(False)
        if not kind:
            self.preview_label.setText("")
            return
        details = self.details()
        self._asked = {"kind": kind, "details": details}
        session, sid = self.ctx.session, self.student_id
        self.ctx.worker.run(
            lambda: events_ops.preview_change(session, sid, kind, details),
            on_done=lambda p: self._on_preview(kind, details, p),
            on_error=lambda e: self._on_preview_error(kind, details, e),
            context=self,
        )

    def _current(self, kind: str, details: dict[str, Any]) -> bool:
        return self._asked == {"kind": kind, "details": details} and kind == self.kind()

    def _on_preview(self, kind: str, details: dict[str, Any], preview: Preview) -> None:
        if not self._current(kind, details):
            return  # the clerk changed the form meanwhile; a newer preview is on its way
        self.preview = preview
        self.error_line.clear_message()
        self.preview_label.setText(preview_text(preview, i18n.language()))
        self._set_ready(True)

    def _on_preview_error(self, kind: str, details: dict[str, Any], error: BaseException) -> None:
        if not self._current(kind, details):
            return
        self.preview = None
        self.preview_label.setText("")
        self.error_line.show_message(error_sentence(error))

    def _set_ready(self, ready: bool) -> None:
        self.record_button.setEnabled(ready and self.ctx.can(Permission.WRITE_RECORDS))

    # -- proof and recording ---------------------------------------------------------------------

    def _choose_proof(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the scan of the approval"),
            "",
            self.tr("Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        if name:
            self.set_proof(Path(name))

    def set_proof(self, path: Path | None) -> None:
        self.proof = path
        self.proof_label.setText(path.name if path else self.tr("No scan chosen"))

    def record(self) -> None:
        if self.preview is None or not self.kind():
            return
        kind, values, proof = self.kind(), self.values(), self.proof
        session, sid = self.ctx.session, self.student_id
        self.busy.show()
        self._set_ready(False)
        self.ctx.worker.run(
            lambda: events_ops.record_change(session, sid, kind, values, proof),
            on_done=self._on_recorded,
            on_error=self._on_record_error,
            context=self,
        )

    def _on_recorded(self, result: Recorded) -> None:
        self.busy.hide()
        if result.proof_error is not None:
            QMessageBox.warning(
                self,
                self.tr("Scan not stored"),
                self.tr(
                    "The status change is recorded, but the scan could not be stored: %1"
                    " Add it later on the Attachments tab."
                ).replace("%1", error_sentence(result.proof_error)),
            )
        self.recorded.emit(self.student_id)
        self.accept()

    def _on_record_error(self, error: BaseException) -> None:
        self.busy.hide()
        self.error_line.show_message(error_sentence(error))
        self._set_ready(self.preview is not None)

    def _on_error(self, error: BaseException) -> None:
        self.busy.hide()
        self.error_line.show_message(error_sentence(error))
