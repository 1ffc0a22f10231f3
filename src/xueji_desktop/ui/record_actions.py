"""The explicit actions on one student record: 信息核对确认, 上报状态, 更正学号/学籍号, 作废.

``RecordActions.actions_for(student)`` offers only what the record's state and the user's roles
allow; the services check both again. Each action first says in plain words what will happen and
asks; the call runs on the worker; ``done(student_id)`` follows success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from xueji_desktop.core.errors import RecordInvalid, XuejiError
from xueji_desktop.core.problems import errors_only
from xueji_desktop.core.roles import Permission
from xueji_desktop.problem_text import problem_text
from xueji_desktop.ui import form_ops, i18n
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.print_dialog import PrintDialog
from xueji_desktop.ui.print_kinds import PrintTarget

MAX_LISTED = 12  # problems listed in a refusal; the form shows every one on its field


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """A short reason typed by the clerk; None when cancelled. An empty reason is asked again."""
    text = prompt
    while True:
        reason, ok = QInputDialog.getText(parent, title, text)
        if not ok:
            return None
        if reason.strip():
            return reason.strip()
        text = (
            prompt
            + "\n\n"
            + QCoreApplication.translate("RecordActions", "The reason cannot be left empty.")
        )


class NumberCorrectionDialog(QDialog):
    """更正学号/学籍号: which number, the new value, and why (an admin's audited correction)."""

    def __init__(self, student: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct a number"))
        self._student = student
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "The old number stays findable: a search for it still finds this student. "
                "The change is kept in the record's history."
            ),
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.kind = QComboBox(self)
        for kind, label in (
            ("student_no", self.tr("Student number")),
            ("registry_no", self.tr("Registry number")),
        ):
            if student.get(kind):
                self.kind.addItem(label, kind)
        self.current = QLabel(self)
        self.new_value = QLineEdit(self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("e.g. typing error when the number was given"))
        form.addRow(self.tr("Number"), self.kind)
        form.addRow(self.tr("Now"), self.current)
        form.addRow(self.tr("Correct number"), self.new_value)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._show_current)
        self._show_current()

    def _show_current(self) -> None:
        self.current.setText(str(self._student.get(self.kind.currentData() or "", "") or ""))

    def _accept(self) -> None:
        if self.new_value.text().strip() and self.reason.text().strip():
            self.accept()


def _label(student: dict[str, Any]) -> str:
    return " ".join(str(student.get(k) or "") for k in ("student_no", "name")).strip()


class RecordActions(QObject):
    done = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self._actions: list[QAction] = []

    def actions_for(self, student: dict[str, Any]) -> list[QAction]:
        for old in self._actions:
            old.deleteLater()
        self._actions = []
        if student.get("voided"):
            return []
        sid = int(student["id"])
        state = str(student.get("report_status") or "draft")
        if self.ctx.can(Permission.WRITE_RECORDS):
            if state in ("draft", "returned"):
                self._add(
                    "confirm",
                    self.tr("Confirm checked information…"),
                    lambda: self._confirm(student),
                )
            if state == "confirmed":
                self._add(
                    "report", self.tr("Mark as reported…"), lambda: self._report(sid, "reported")
                )
            if state == "reported":
                self._add(
                    "approve", self.tr("Mark as approved…"), lambda: self._report(sid, "approved")
                )
                self._add("return", self.tr("Mark as returned…"), lambda: self._return(sid))
        if self.ctx.can(Permission.CORRECT_RECORDS) and (
            student.get("student_no") or student.get("registry_no")
        ):
            self._add(
                "correct_number",
                self.tr("Correct student or registry number…"),
                lambda: self._correct(student),
            )
        if self.ctx.can(Permission.WRITE_RECORDS):
            self._add("void", self.tr("Void this record…"), lambda: self._void(student))
        return list(self._actions)

    def _add(self, name: str, text: str, slot: Callable[[], None]) -> None:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        self._actions.append(action)

    # --- the actions --------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.parent_widget,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _confirm(self, student: dict[str, Any]) -> None:
        sid = int(student["id"])
        number = student.get("student_no")
        if number:
            first = self.tr("The student keeps the student number %1.").replace("%1", number)
        else:
            first = self.tr("The student will be given a student number by the school's rule.")
        text = " ".join(
            (
                self.tr(
                    "Confirm only after the student has checked the printed information sheet."
                ),
                first,
                self.tr(
                    "After confirmation, class and major change only through a status change, and "
                    "every other change needs a reason."
                ),
            )
        )
        if self._ask(self.tr("Confirm checked information"), text):
            self._run(lambda s: form_ops.confirm(s, sid), sid, self._confirmed)

    def _confirmed(self, number: str) -> None:
        QMessageBox.information(
            self.parent_widget,
            self.tr("Confirmed"),
            self.tr("Confirmed. Student number: %1").replace("%1", number),
        )

    def _report(self, sid: int, status: str) -> None:
        if status == "reported":
            title = self.tr("Mark as reported")
            text = self.tr(
                "Mark this record as sent to the national student registry system? "
                "After that any correction sends it back to 'confirmed' to be "
                "reported again."
            )
        else:
            title = self.tr("Mark as approved")
            text = self.tr("Mark this record as approved by the national system?")
        if self._ask(title, text):
            self._run(lambda s: form_ops.set_report_status(s, sid, status), sid)

    def _return(self, sid: int) -> None:
        reason = ask_reason(
            self.parent_widget,
            self.tr("Mark as returned"),
            self.tr(
                "The national system sent this record back. What did it say? "
                "The record can then be corrected and confirmed again."
            ),
        )
        if reason is not None:
            self._run(lambda s: form_ops.set_report_status(s, sid, "returned", reason), sid)

    def _correct(self, student: dict[str, Any]) -> None:
        dialog = NumberCorrectionDialog(student, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        sid = int(student["id"])
        kind = str(dialog.kind.currentData())
        new, reason = dialog.new_value.text().strip(), dialog.reason.text().strip()
        self._run(lambda s: form_ops.correct_number(s, sid, kind, new, reason), sid)

    def _void(self, student: dict[str, Any]) -> None:
        sid = int(student["id"])
        reason = ask_reason(
            self.parent_widget,
            self.tr("Void this record"),
            self.tr(
                "Void this record of %1? It is not deleted: it stays readable and findable, "
                "but takes no more changes and no longer counts as a student. Its ID number and "
                "numbers become free again. Why is it voided (e.g. entered twice)?"
            ).replace("%1", str(student.get("name") or "")),
        )
        if reason is not None:
            self._run(lambda s: form_ops.void(s, sid, reason), sid)

    def document_actions(self, student: dict[str, Any]) -> list[QAction]:
        """出具文书 and 发放记录 for this student (kept apart from ``actions_for``, whose list
        is the record's state changes)."""
        if student.get("voided") or not self.ctx.can(Permission.PRINT):
            return []
        actions = []
        for name, text, slot in (
            ("print", self.tr("Issue a document…"), lambda: self.print_dialog(student)),
            ("issued", self.tr("Documents issued…"), lambda: self._show_issued(student)),
        ):
            action = QAction(text, self)
            action.setObjectName(name)
            action.triggered.connect(slot)
            actions.append(action)
        return actions

    def _show_issued(self, student: dict[str, Any]) -> None:
        self.ctx.go("documents", student_id=int(student["id"]), caption=_label(student))

    def print_dialog(self, student: dict[str, Any]) -> PrintDialog:
        target = PrintTarget(
            label=_label(student),
            student_ids=(int(student["id"]),),
            statuses=(str(student.get("status") or ""),),
        )
        dialog = PrintDialog(self.ctx, target, parent=self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- running --------------------------------------------------------------------------------

    def _run(
        self, fn: Callable[[Any], Any], sid: int, then: Callable[[Any], None] | None = None
    ) -> None:
        session = self.ctx.session

        def done(result: Any) -> None:
            if then is not None:
                then(result)
            self.done.emit(sid)

        self.ctx.worker.run(
            lambda: fn(session), on_done=done, on_error=self._failed, context=self.parent_widget
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, XuejiError):
            text = i18n.error_text(exc)
        else:
            text = self.tr("Something went wrong. Nothing was changed; please try again.")
        if isinstance(exc, RecordInvalid):
            lang = i18n.language()
            problems = errors_only(exc.problems)
            lines = [f"• {problem_text(p, lang)}" for p in problems[:MAX_LISTED]]
            if len(problems) > MAX_LISTED:
                lines.append("…")
            text += "\n\n" + "\n".join(lines)
        QMessageBox.warning(self.parent_widget, self.tr("Not done"), text)
