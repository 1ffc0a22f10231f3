"""修改密码: every signed-in user changes their own password; and the new-password fields with their
live hints, shared with the 用户 section's dialogs (ui/users_dialogs.py).

The hints follow the policy itself (core/passwords.check_password with the bundled common
passwords, read once on the worker): length for the roles, not common, not the school, user or
program name, both entries the same. The service checks again when OK is pressed; its refusal is
shown in the dialog and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from xueji_desktop.core.errors import PasswordRejected, WrongCredentials
from xueji_desktop.core.passwords import MAX_LENGTH, MIN_LENGTH, check_password, normalize_password
from xueji_desktop.core.roles import Role
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.ui import users_ops
from xueji_desktop.ui.login import PASSWORD_MAX
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import on_enter
from xueji_desktop.ui.work_dialog import WorkDialog

_OK, _BAD, _OPEN = "#2e6b30", "#8a1c12", "#666666"
_MARK = {_OK: "✓", _BAD: "✗", _OPEN: "•"}
DONE_STYLE = "color: #2e6b30;"


def password_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PASSWORD_MAX)  # longer than the policy allows: the service says why
    return edit


class PasswordHints(QWidget):
    """Three lines under a new password, each marked ✓ (met), ✗ (not met) or • (not known yet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordHints")
        self.roles: frozenset[Role] = frozenset({Role.CLERK})
        self.context: tuple[str, ...] = ()
        self.common: frozenset[str] | None = None  # None until read on the worker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.length_line = QLabel(self)
        self.length_line.setObjectName("hintLength")
        self.words_line = QLabel(self)
        self.words_line.setObjectName("hintWords")
        self.match_line = QLabel(self)
        self.match_line.setObjectName("hintMatch")
        for line in (self.length_line, self.words_line, self.match_line):
            line.setWordWrap(True)
            layout.addWidget(line)
        self.state: dict[str, str] = {}
        self.update_hints("", "")

    def min_length(self) -> int:
        return max((MIN_LENGTH[r] for r in self.roles), default=MIN_LENGTH[Role.CLERK])

    def update_hints(self, password: str, repeat: str) -> None:
        pw = normalize_password(password)
        need = self.min_length()
        if len(pw) > MAX_LENGTH:
            length = self.tr("At most %1 characters (%2 typed)").replace("%1", str(MAX_LENGTH))
            length_state = _BAD
        else:
            length = self.tr("At least %1 characters (%2 typed)").replace("%1", str(need))
            length_state = _OPEN if not pw else (_OK if len(pw) >= need else _BAD)
        self._show("length", self.length_line, length.replace("%2", str(len(pw))), length_state)
        self._show(
            "words",
            self.words_line,
            self.tr("Not a common password, not the school, user or program name"),
            self._words_state(pw),
        )
        same = normalize_password(repeat) == pw
        match_state = _OPEN if not repeat else (_OK if same else _BAD)
        self._show("match", self.match_line, self.tr("Typed the same twice"), match_state)

    def _words_state(self, pw: str) -> str:
        if not pw or self.common is None:
            return _OPEN
        try:
            check_password(pw, self.roles, common=self.common, context=self.context)
        except PasswordRejected as exc:
            reason = exc.fields.get("reason")
            return _BAD if reason in ("common", "context", "blank") else _OPEN
        return _OK

    def _show(self, key: str, line: QLabel, text: str, state: str) -> None:
        self.state[key] = {_OK: "ok", _BAD: "bad", _OPEN: "open"}[state]
        line.setText(f"{_MARK[state]} {text}")
        line.setStyleSheet(f"color: {state};")


class NewPasswordFields:
    """The new password typed twice and its hints, added as rows to a dialog's form."""

    def __init__(self, parent: QWidget, ctx: PageContext) -> None:
        self.password_edit = password_edit(parent, "newPassword")
        self.repeat_edit = password_edit(parent, "repeatPassword")
        self.hints = PasswordHints(parent)
        for edit in (self.password_edit, self.repeat_edit):
            edit.textChanged.connect(lambda _text: self.refresh())
        on_enter(self.password_edit, self.repeat_edit.setFocus)
        ctx.worker.run(users_ops.common_words, on_done=self._set_common, on_error=lambda _e: None,
                       context=parent)  # fmt: skip

    def add_rows(self, form: QFormLayout, first: str, second: str) -> None:
        form.addRow(first, self.password_edit)
        form.addRow(second, self.repeat_edit)
        form.addRow("", self.hints)

    def set_policy(self, roles: frozenset[Role], context: Iterable[str]) -> None:
        self.hints.roles = roles
        self.hints.context = tuple(context)
        self.refresh()

    def _set_common(self, words: frozenset[str]) -> None:
        self.hints.common = words
        self.refresh()

    def refresh(self) -> None:
        self.hints.update_hints(self.password_edit.text(), self.repeat_edit.text())

    def problem(self) -> str | None:
        """What stops the form before the service is asked (empty, not typed the same)."""
        if not self.password_edit.text():
            self.password_edit.setFocus()
            return QCoreApplication.translate("PasswordHints", "Type the new password.")
        if normalize_password(self.password_edit.text()) != normalize_password(
            self.repeat_edit.text()
        ):
            self.repeat_edit.setFocus()
            return QCoreApplication.translate(
                "PasswordHints", "The two new passwords are not the same. Type them again."
            )
        return None

    def clear(self) -> None:
        self.password_edit.clear()
        self.repeat_edit.clear()


class ChangePasswordDialog(WorkDialog):
    """修改密码: the current password, the new one twice; ``saved(None)`` once it is changed."""

    def __init__(
        self, ctx: PageContext, parent: QWidget | None = None, *, kdf: KdfParams = PRODUCTION
    ) -> None:
        super().__init__(ctx, self.tr("Change password"), parent)
        self.setObjectName("changePasswordDialog")
        self.kdf = kdf
        self.changed = False
        session = ctx.session
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr(
                "Your password for %1. Type the current one, then the new one twice. From now on "
                "you sign in and unlock with the new password."
            ).replace("%1", session.username),
            self,
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.current_edit = password_edit(self, "currentPassword")
        form.addRow(self.tr("Current password:"), self.current_edit)
        self.fields = NewPasswordFields(self, ctx)
        self.fields.add_rows(form, self.tr("New password:"), self.tr("New password again:"))
        self.fields.set_policy(session.roles, (ctx.school_name, session.username))
        layout.addLayout(form)
        self.done_label = QLabel(self)
        self.done_label.setObjectName("passwordChanged")
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet(DONE_STYLE)
        self.done_label.hide()
        layout.addWidget(self.done_label)
        on_enter(self.current_edit, self.fields.password_edit.setFocus)
        on_enter(self.fields.repeat_edit, self.submit)
        self.finish_layout(layout)
        self.ok_button.setText(self.tr("Change password"))
        self.resize(540, self.sizeHint().height())

    def request(self) -> Callable[[], Any] | None:
        current = self.current_edit.text()
        if not current:
            self.current_edit.setFocus()
            self.error_line.show_message(self.tr("Type your current password."))
            return None
        problem = self.fields.problem()
        if problem:
            self.error_line.show_message(problem)
            return None
        session, new, kdf = self.ctx.session, self.fields.password_edit.text(), self.kdf
        return lambda: users_ops.change_own_password(
            session, current_password=current, new_password=new, kdf=kdf
        )

    def submit(self) -> None:
        if self.changed:
            self.accept()
            return
        self.error_line.clear_message()
        super().submit()

    def _on_done(self, result: object) -> None:
        self.changed = True
        self.ok_button.setEnabled(True)
        self.error_line.clear_message()
        self.current_edit.clear()
        self.fields.clear()
        for widget in (self.current_edit, self.fields.password_edit, self.fields.repeat_edit):
            widget.setEnabled(False)
        self.fields.hints.hide()
        self.done_label.setText(
            self.tr("Your password has been changed. Use the new one from now on.")
        )
        self.done_label.show()
        self.ok_button.setText(self.tr("Close"))
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        if cancel is not None:
            cancel.hide()
        self.saved.emit(None)

    def _on_error(self, exc: BaseException) -> None:
        super()._on_error(exc)
        if isinstance(exc, WrongCredentials):  # signed in already: only the password can be wrong
            self.error_line.show_message(
                self.tr("The current password is wrong; nothing was changed.")
            )
            self.current_edit.selectAll()
            self.current_edit.setFocus()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
