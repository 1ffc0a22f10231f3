"""学籍档案转出: put chosen students' whole records into one encrypted, signed package file.

The clerk picks the students (a search, a whole class, or the students page's selection), says
why (转出 to another school, or 档案移交 of the archive), names the receiver and keeps the
suggested passphrase (or types one of at least 12 characters). The passphrase is shown here once
and never stored: the clerk gives it to the receiver separately, never with the file. The
package is written on the worker with progress and Cancel; the service refuses what may not go
(a voided record; for 转出 a student who has not transferred out) and writes nothing then. At
the end the dialog shows the fingerprint of this archive's key, which the receiver compares.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.search import SearchHit
from xueji_desktop.services.transfer_export import IN_SCHOOL, MAX_RECEIVER, ExportedPackage
from xueji_desktop.ui import transfer_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_picker import StudentPicker, hit_label
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.widgets import ErrorLine, window_title
from xueji_desktop.ui.work_runner import StepRunner

REASONS = ("transfer_out", "handover")
SUFFIX = ".xjpkg"


def note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def mono_font(widget: QWidget) -> QFont:
    """Passphrase and fingerprint in a fixed-width, larger face: read out letter by letter."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(widget.font().pointSizeF() * 1.25)
    return font


def mono(label: QLabel) -> QLabel:
    label.setFont(mono_font(label))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class TransferExportDialog(QDialog):
    """``exported(ExportedPackage)`` once the file is written; ``workStarted(WorkProgress)``."""

    exported = Signal(object)
    workStarted = Signal(object)
    ready = Signal()  # the suggested passphrase and the fingerprint are shown

    def __init__(
        self,
        ctx: PageContext,
        students: Sequence[tuple[int, str] | tuple[int, str, str]] = (),
        *,
        today: datetime.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or datetime.date.today()
        # id -> label; id -> 学籍状态 where the caller knew it (the list, the record, a search)
        self.students: dict[int, str] = {}
        self.statuses: dict[int, str] = {}
        for sid, label, *status in students:
            if status and status[0]:
                self.statuses[sid] = status[0]
                label = f"{label}　{messages.status_label(status[0], language())}"
            self.students[sid] = label
        self.package: ExportedPackage | None = None  # the last package written
        self.setObjectName("transferExportDialog")
        self.setWindowTitle(window_title(self.tr("Student record package"), practice=ctx.practice))
        self.work = WorkProgress(
            self,
            self.tr("Student record package"),
            self.tr("Writing the package…"),
            lambda d, t: (
                self.tr("Student %1 of %2 packed…").replace("%1", str(d)).replace("%2", str(t))
            ),
        )
        self.runner = StepRunner(
            self,
            ctx.worker,
            on_error=self._failed,
            on_change=self._update,
            on_start=self.workStarted.emit,
        )

        who = QGroupBox(self.tr("Students"), self)
        who_layout = QVBoxLayout(who)
        self.picker = StudentPicker(ctx, who)
        self.picker.picked.connect(self.add)
        self.chosen = QListWidget(who)
        self.chosen.setObjectName("transferStudents")
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.remove_button = QPushButton(self.tr("Remove"), who)
        self.remove_button.clicked.connect(self.remove_selected)
        self.count_label = QLabel(who)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.remove_button)
        who_layout.addWidget(self.picker)
        who_layout.addWidget(self.chosen, 1)
        self.refused_label = QLabel(who)  # why the chosen reason refuses some of them
        self.refused_label.setObjectName("transferRefused")
        self.refused_label.setWordWrap(True)
        self.refused_label.setStyleSheet("color: #8a1c12;")
        self.refused_label.hide()
        who_layout.addWidget(self.refused_label)
        who_layout.addLayout(row)

        self.reason_group = QButtonGroup(self)
        self.reason_buttons: dict[str, QRadioButton] = {}
        reasons = QVBoxLayout()
        for key, text in (
            (
                "transfer_out",
                self.tr("Transfer out: the students have moved to another school"),
            ),
            ("handover", self.tr("Archive handover: the records go to another archive")),
        ):
            button = QRadioButton(text, self)
            button.setObjectName(f"reason_{key}")
            self.reason_group.addButton(button)
            self.reason_buttons[key] = button
            reasons.addWidget(button)
        self.reason_buttons["transfer_out"].setChecked(True)
        self.reason_group.buttonToggled.connect(lambda *_: self._refresh())
        self.receiver_edit = QLineEdit(self)
        self.receiver_edit.setObjectName("transferReceiver")
        self.receiver_edit.setPlaceholderText(self.tr("The receiving school or archive"))
        self.receiver_edit.setMaxLength(MAX_RECEIVER)
        self.receiver_edit.textChanged.connect(lambda _t: self._update())
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setObjectName("transferPassphrase")
        self.passphrase_edit.setFont(mono_font(self.passphrase_edit))
        self.passphrase_edit.textChanged.connect(lambda _t: self._update())
        self.another_button = QPushButton(self.tr("Suggest another"), self)
        self.another_button.clicked.connect(self.suggest_another)
        pass_row = QHBoxLayout()
        pass_row.addWidget(self.passphrase_edit, 1)
        pass_row.addWidget(self.another_button)
        self.fingerprint_label = mono(QLabel(self))
        self.fingerprint_label.setObjectName("ownFingerprint")
        form = QFormLayout()
        form.addRow(self.tr("Why:"), reasons)
        form.addRow(self.tr("Receiver:"), self.receiver_edit)
        # The passphrase and the fingerprint each in a box of their own, with what to do with it.
        secret = QGroupBox(self.tr("Package password"), self)
        secret_layout = QVBoxLayout(secret)
        secret_layout.addLayout(pass_row)
        secret_layout.addWidget(
            note(
                self.tr(
                    "Write the package password down and give it to the receiver separately "
                    "(in person or by telephone), never together with the file. It is not kept "
                    "anywhere: without it the package cannot be opened."
                ),
                secret,
            )
        )
        own = QGroupBox(self.tr("This archive's fingerprint"), self)
        own_layout = QVBoxLayout(own)
        own_layout.addWidget(self.fingerprint_label)
        own_layout.addWidget(
            note(
                self.tr(
                    "Tell the receiver this fingerprint too: their archive shows the fingerprint "
                    "of the package, and the two must be the same."
                ),
                own,
            )
        )

        self.result_label = QLabel(self)
        self.result_label.setObjectName("transferResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setStyleSheet(
            "QLabel { background: #eaf5ea; color: #1f4d22; border: 1px solid #a9d3ab;"
            " border-radius: 4px; padding: 6px 10px; }"
        )
        self.result_label.hide()
        # Said after the package is written, never a refusal: another receiver than the 转出's
        # 转入学校, a student packaged before.
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("transferWarnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("QLabel { color: #8a4b00; }")
        self.warning_label.hide()
        self.error_line = ErrorLine(self)
        self.save_button = QPushButton(self.tr("Save the package…"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.choose_target)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(who, 1)
        layout.addLayout(form)
        layout.addWidget(secret)
        layout.addWidget(own)
        layout.addWidget(self.result_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 46, line * 44)
        self._refresh()
        self._starting = True
        session = ctx.session
        ctx.worker.run(
            lambda: transfer_ops.export_start(session),
            on_done=self._on_start,
            on_error=self._failed,
            context=self,
        )

    # -- the form -----------------------------------------------------------------------------

    def _on_start(self, start: transfer_ops.ExportStart) -> None:
        self._starting = False
        if not self.passphrase_edit.text():
            self.passphrase_edit.setText(start.passphrase)
        self.fingerprint_label.setText(start.fingerprint)
        self._update()
        self.ready.emit()

    def suggest_another(self) -> None:
        self.ctx.worker.run(
            transfer_ops.suggest_passphrase,
            on_done=self.passphrase_edit.setText,
            on_error=self._failed,
            context=self,
        )

    def reason(self) -> str:
        return next(k for k, b in self.reason_buttons.items() if b.isChecked())

    def add(self, hits: list[SearchHit]) -> None:
        for hit in hits:
            self.students.setdefault(hit.student_id, hit_label(hit))  # with the status
            self.statuses.setdefault(hit.student_id, hit.status)
        self._refresh()

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.students.pop(int(item.data(Qt.ItemDataRole.UserRole)), None)
        self._refresh()

    def refusals(self) -> dict[int, str]:
        """The chosen students the chosen reason refuses, with the service's own sentence (it
        checks again when writing): said before the clerk picks a file name (QA N14)."""
        reason, lang, out = self.reason(), language(), {}
        for sid, status in self.statuses.items():
            if sid not in self.students:
                continue
            name, _sep, rest = self.students[sid].partition("　")
            params = {"name": name, "student_no": rest.split("　")[0]}
            if reason == "transfer_out" and status != "transferred_out":
                out[sid] = problem_text(
                    Problem("student_ids", "transfer_not_transferred_out", params=params), lang
                )
            elif reason == "handover" and status in IN_SCHOOL:
                out[sid] = problem_text(
                    Problem("student_ids", "transfer_handover_in_school", params=params), lang
                )
        return out

    def _refresh(self) -> None:
        self.chosen.clear()
        refused = self.refusals()
        for sid, text in self.students.items():
            item = QListWidgetItem(("✗ " + text) if sid in refused else text, self.chosen)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            if sid in refused:
                item.setForeground(QColor("#8a1c12"))
                item.setToolTip(refused[sid])
        self.refused_label.setText("\n".join(refused.values()))
        self.refused_label.setVisible(bool(refused))
        self.count_label.setText(
            (
                self.tr("%1 student in the package")
                if len(self.students) == 1
                else self.tr("%1 students in the package")
            ).replace("%1", str(len(self.students)))
        )
        self._update()

    def _update(self) -> None:
        idle = not self.runner.busy and not getattr(self, "_starting", False)
        ready = bool(self.students and self.receiver_edit.text().strip())
        ready = ready and not self.refused_label.text()
        self.save_button.setEnabled(idle and ready and bool(self.passphrase_edit.text().strip()))
        for widget in (self.picker, self.chosen, self.remove_button, self.another_button):
            widget.setEnabled(not self.runner.busy)

    # -- writing ------------------------------------------------------------------------------

    def suggested_name(self) -> str:
        first = next(iter(self.students.values()), "").split("　")[0]
        label = (
            first
            if len(self.students) == 1
            else self.tr("%1 students").replace("%1", str(len(self.students)))
        )
        return f"{self.tr('Record package')}_{label}_{self.today.isoformat()}{SUFFIX}"

    def choose_target(self) -> None:
        if not self.save_button.isEnabled():
            return
        path, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the package as"),
            self.suggested_name(),
            self.tr("Student record packages (*.xjpkg)"),
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != SUFFIX:
                target = target.with_name(target.name + SUFFIX)
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        """Write the package to ``target`` (the file dialog has asked about replacing it)."""
        if self.runner.busy:
            return
        self.error_line.clear_message()
        self.result_label.hide()
        self.warning_label.hide()
        session, work, today = self.ctx.session, self.work, self.today
        ids, reason = list(self.students), self.reason()
        receiver = self.receiver_edit.text().strip()
        passphrase = self.passphrase_edit.text().strip()  # as the service and the receiver do
        self.runner.run(
            work,
            lambda: transfer_ops.export_package(
                session,
                ids,
                reason=reason,
                receiver=receiver,
                passphrase=passphrase,
                out=target,
                today=today,
                progress=work.report,
                cancelled=work.cancelled,
            ),
            self._on_exported,
        )

    def _on_exported(self, package: ExportedPackage) -> None:
        self.package = package
        text = (
            self.tr(
                "The package with %1 students was saved: %2\nFingerprint: %3\nGive the file "
                "and, separately, the package password to the receiver."
            )
            .replace("%1", str(package.student_count))
            .replace("%2", str(package.path))
            .replace("%3", package.fingerprint)
        )
        self.result_label.setText(text)
        self.result_label.show()
        lang = language()
        warnings = [problem_text(w, lang) for w in package.warnings]
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        self.exported.emit(package)

    def _failed(self, exc: BaseException) -> None:
        self._starting = False
        self._update()
        if isinstance(exc, OperationCancelled):
            self.error_line.show_message(self.tr("Stopped. No package was written."))
            return
        self.error_line.show_message(error_sentence(exc))

    def reject(self) -> None:
        """Cancel first stops the package being written (nothing is kept); then it closes."""
        if self.runner.cancel():
            return
        super().reject()


def open_export_dialog(
    ctx: PageContext,
    students: Sequence[tuple[int, str] | tuple[int, str, str]] = (),
    parent: QWidget | None = None,
) -> TransferExportDialog:
    dialog = TransferExportDialog(ctx, students, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
