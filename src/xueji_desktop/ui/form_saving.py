"""Saving the student entry form, and leaving it with unsaved changes.

A mixin of ``StudentForm``: the form is one widget, but its save flow (refusals, warnings asked
once, the reason for a change to a confirmed record, the clash and duplicate answers, closing
after a save) is a whole of its own. The strings keep the form's translation context
(``StudentForm``), so they are written with ``QCoreApplication.translate`` and that literal
context rather than ``self.tr``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QScrollArea, QWidget

from xueji_desktop.core.errors import (
    ReasonRequired,
    RecordInvalid,
    RecordLocked,
    RecordVoided,
    XuejiError,
)
from xueji_desktop.core.problems import Problem, errors_only, warnings_only
from xueji_desktop.problem_text import problem_text
from xueji_desktop.ui import form_ops, i18n
from xueji_desktop.ui.form_family import set_problem
from xueji_desktop.ui.form_sections import clash_text, duplicates_text
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.photo import PhotoBox
from xueji_desktop.ui.record_actions import ask_reason
from xueji_desktop.ui.widgets import ErrorLine

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from xueji_desktop.core.validation import Checked


class FormSaving:
    """The save and leave half of ``StudentForm``; it uses the form's state listed below."""

    # Set up by StudentForm.__init__ / _build.
    ctx: PageContext
    student_id: int | None
    rows: dict[str, tuple[QWidget, QLabel]]
    loaded: bool
    busy: bool
    editable: bool
    error_line: ErrorLine
    save_button: QPushButton
    scroll: QScrollArea
    photo: PhotoBox
    _baseline: dict[str, Any]
    _sent: dict[str, Any]
    _acknowledged: frozenset[str]
    _close_after_save: bool
    _reload_pending: bool
    _elsewhere: bool

    if TYPE_CHECKING:  # provided by StudentForm
        saved: SignalInstance
        closeRequested: SignalInstance

        def editor(self, name: str) -> Any: ...
        def values(self) -> dict[str, Any]: ...
        def validate(self) -> Checked: ...
        def show_problems(self, problems: list[Problem]) -> None: ...
        def _needs_reason(self) -> bool: ...
        def _note(self, text: str) -> None: ...
        def _read_again(self) -> None: ...
        def _unexpected(self) -> str: ...

    # --- saving -----------------------------------------------------------------------------

    def changed_fields(self) -> list[str]:
        now = self.values()
        return [k for k, v in now.items() if self._baseline.get(k) != v]

    def has_unsaved_changes(self) -> bool:
        return self.loaded and bool(self.changed_fields())

    def save(self) -> None:
        if not self.loaded or self.busy or not getattr(self, "editable", False):
            return
        self.error_line.clear_message()
        self._note("")  # an earlier "Saved." must not stand next to a refusal
        checked = self.validate()
        changed = self.changed_fields()
        if self.student_id is not None and not changed:
            self._note(
                QCoreApplication.translate(
                    "StudentForm", "Nothing has changed since the last save."
                )
            )
            self._close_after_save = False
            return
        touched = set(changed) if self.student_id is not None else None
        errors = [
            p
            for p in errors_only(checked.problems)
            if touched is None or p.field.split(".")[0] in touched
        ]
        if errors:
            self.error_line.show_message(
                QCoreApplication.translate(
                    "StudentForm", "Not saved: %1 item(s) need correcting first (marked in red)."
                ).replace("%1", str(len(errors)))
            )
            self._focus(errors[0].field)
            return
        if not self._warnings_accepted(warnings_only(checked.problems)):
            return
        reason = ""
        if self.student_id is not None and self._needs_reason():
            asked = ask_reason(
                self,
                QCoreApplication.translate("StudentForm", "Reason for the change"),
                QCoreApplication.translate(
                    "StudentForm",
                    "This record has already been confirmed. Say briefly why it is changed "
                    "(for example: the student's household registration moved).",
                ),
            )
            if asked is None:
                return
            reason = asked
        now = self.values()
        payload = now if self.student_id is None else {k: now[k] for k in changed}
        if self.student_id is None and not payload["family_members"]:
            del payload["family_members"]
        self._set_busy(True)
        self._sent = now
        session, sid = self.ctx.session, self.student_id
        self.ctx.worker.run(
            lambda: form_ops.save_student(session, sid, payload, reason),
            on_done=self._saved,
            on_error=self._save_failed,
            context=self,
        )

    def _warnings_accepted(self, warnings: list[Problem]) -> bool:
        """Warnings (unusual but possible values) are asked about once, all in one dialog."""
        lang = i18n.language()
        texts = frozenset(problem_text(p, lang) for p in warnings)
        if not texts or texts <= self._acknowledged:
            return True
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("StudentForm", "Please check"),
            QCoreApplication.translate("StudentForm", "These values are unusual. Save anyway?")
            + "\n\n"
            + "\n".join(f"• {t}" for t in sorted(texts)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._acknowledged = self._acknowledged | texts
        return True

    def _focus(self, path: str) -> None:
        name = path.split(".")[0]
        if name in self.rows:
            editor = self.editor(name)
            self.scroll.ensureWidgetVisible(editor)
            editor.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        self.save_button.setText(
            QCoreApplication.translate("StudentForm", "Saving…")
            if busy
            else QCoreApplication.translate("StudentForm", "Save (Ctrl+S)")
        )

    def _saved(self, result: form_ops.SaveResult) -> None:
        self._set_busy(False)
        if result.clash is not None:
            self.error_line.show_message(clash_text(result))
            field = str(result.clash.fields.get("field", ""))
            if field in self.rows:
                set_problem(self.editor(field), "error")
                self._focus(field)
            self._close_after_save = False
            self._reload_if_pending()
            return
        assert result.saved is not None
        new = self.student_id is None
        self.student_id = result.saved.student_id
        self._baseline = self._sent  # what was typed while saving stays unsaved
        self._acknowledged = frozenset()
        if new:
            self.photo.load(self.student_id)
        self._note(QCoreApplication.translate("StudentForm", "Saved."))
        # From now on this is the form of the saved record, as the archive holds it (its report
        # status, its numbers): read it back rather than trust what was typed.
        self._reload_pending = False
        self._read_again()
        self.saved.emit(self.student_id)
        if result.duplicates:
            self._show_duplicates(result.duplicates)
        if self._close_after_save:
            self._close_after_save = False
            self.closeRequested.emit()

    def _show_duplicates(self, found: list[tuple[form_ops.Brief, tuple[str, ...]]]) -> None:
        QMessageBox.information(
            self,
            QCoreApplication.translate("StudentForm", "Possibly entered twice"),
            duplicates_text(found),
        )

    def _reload_if_pending(self) -> None:
        if self._reload_pending:
            self._reload_pending = False
            self._read_again()

    def _save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._close_after_save = False
        if isinstance(exc, ReasonRequired | RecordLocked | RecordVoided):
            self._elsewhere = True  # the record's state changed since it was read: read it again
            self._reload_pending = True
        self._reload_if_pending()
        if isinstance(exc, RecordInvalid):
            self.show_problems(exc.problems)
            if exc.problems:
                self._focus(exc.problems[0].field)
        text = i18n.error_text(exc) if isinstance(exc, XuejiError) else self._unexpected()
        self.error_line.show_message(text)

    # --- leaving ----------------------------------------------------------------------------

    def maybe_close(self) -> bool:
        """True when the form may close: nothing unsaved, or the clerk chose to discard."""
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("StudentForm", "Unsaved changes"),
            QCoreApplication.translate(
                "StudentForm", "This record has changes that are not saved yet. Save them now?"
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self._baseline = self.values()
            return True
        if answer == QMessageBox.StandardButton.Save:
            self._close_after_save = True
            self.save()
            if not self.busy:  # refused (errors, a reason not given): stay
                self._close_after_save = False
        return False
