"""The 用户 section's dialogs: a new user, a password reset, and unlock / disable / enable.

Every one asks for the admin's own password again (the service re-authenticates, throttled like
a login) and runs one worker call when OK is pressed; it closes only when the service agreed
and hands the fresh user list on through ``saved``. A refusal (wrong password, a weak password,
an existing name, the last administrator) is shown in the dialog and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import WrongCredentials
from xueji_desktop.core.roles import Role
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.ui import users_ops
from xueji_desktop.ui.login import USER_MAX
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.password_dialog import NewPasswordFields, password_edit
from xueji_desktop.ui.widgets import on_enter
from xueji_desktop.ui.work_dialog import WorkDialog

ROLE_ORDER = (Role.ADMIN, Role.CLERK, Role.VIEWER)


def role_name(role: Role) -> str:
    if role is Role.ADMIN:
        return QCoreApplication.translate("UsersPanel", "Administrator")
    if role is Role.CLERK:
        return QCoreApplication.translate("UsersPanel", "Archive clerk")
    return QCoreApplication.translate("UsersPanel", "Read only")


def roles_text(roles: frozenset[Role]) -> str:
    separator = QCoreApplication.translate("UsersPanel", ", ")
    return separator.join(role_name(r) for r in ROLE_ORDER if r in roles)


def role_help(role: Role) -> str:
    if role is Role.ADMIN:
        return QCoreApplication.translate(
            "UsersPanel", "users, settings, backups and restore, audit log; cannot enter records"
        )
    if role is Role.CLERK:
        return QCoreApplication.translate(
            "UsersPanel", "find, enter and correct records, import, print, export, back up"
        )
    return QCoreApplication.translate("UsersPanel", "look only; ID numbers partly hidden")


class AdminDialog(WorkDialog):
    """A WorkDialog with the admin's own password at the bottom."""

    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.admin_edit = password_edit(self, "adminPassword")
        on_enter(self.admin_edit, self.submit)

    def add_admin_row(self, form: QFormLayout) -> None:
        form.addRow(QCoreApplication.translate("UsersPanel", "Your own password:"), self.admin_edit)

    def admin_password(self) -> str | None:
        """The admin's password, or None (the form said why)."""
        password = self.admin_edit.text()
        if not password:
            self.admin_edit.setFocus()
            self.error_line.show_message(
                QCoreApplication.translate(
                    "UsersPanel", "Type your own password: changes to users need it again."
                )
            )
            return None
        return password

    def submit(self) -> None:
        self.error_line.clear_message()
        super().submit()

    def _on_error(self, exc: BaseException) -> None:
        super()._on_error(exc)
        if isinstance(exc, WrongCredentials):  # signed in already: only the password can be wrong
            self.error_line.show_message(
                QCoreApplication.translate(
                    "UsersPanel",
                    "Your own password is wrong; nothing was changed. Type the password you "
                    "signed in with.",
                )
            )
            self.admin_edit.selectAll()
            self.admin_edit.setFocus()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


class NewUserDialog(AdminDialog):
    """新建用户: name, display name, roles, the password twice, the admin's password."""

    def __init__(
        self, ctx: PageContext, parent: QWidget | None = None, *, kdf: KdfParams = PRODUCTION
    ) -> None:
        super().__init__(ctx, self.tr("New user"), parent)
        self.setObjectName("newUserDialog")
        self.kdf = kdf
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("newUsername")
        self.username_edit.setMaxLength(USER_MAX)
        self.username_edit.setPlaceholderText(self.tr("e.g. the name in pinyin: lixia"))
        self.display_edit = QLineEdit(self)
        self.display_edit.setObjectName("newDisplayName")
        self.display_edit.setMaxLength(USER_MAX)
        self.display_edit.setPlaceholderText(self.tr("e.g. Li Xia"))
        form.addRow(self.tr("User name:"), self.username_edit)
        form.addRow(self.tr("Full name:"), self.display_edit)
        roles_box = QWidget(self)
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        roles_layout.setSpacing(2)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role in ROLE_ORDER:
            row = QHBoxLayout()
            box = QCheckBox(role_name(role), roles_box)
            box.setObjectName(f"role_{role.value}")
            note = QLabel(role_help(role), roles_box)
            note.setStyleSheet("color: #555;")
            row.addWidget(box)
            row.addWidget(note, 1)
            roles_layout.addLayout(row)
            self.role_boxes[role] = box
        self.role_boxes[Role.CLERK].setChecked(True)
        form.addRow(self.tr("Roles:"), roles_box)
        self.fields = NewPasswordFields(self, ctx)
        for box in self.role_boxes.values():
            box.toggled.connect(lambda _on: self._policy())
        self.fields.add_rows(form, self.tr("Password:"), self.tr("Password again:"))
        self.add_admin_row(form)
        layout.addLayout(form)
        for edit in (self.username_edit, self.display_edit):
            edit.textChanged.connect(lambda _text: self._policy())
        on_enter(self.username_edit, self.display_edit.setFocus)
        on_enter(self.display_edit, self.fields.password_edit.setFocus)
        on_enter(self.fields.repeat_edit, self.admin_edit.setFocus)
        self._policy()
        self.finish_layout(layout)
        self.ok_button.setText(self.tr("Add user"))
        self.resize(600, self.sizeHint().height())

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.role_boxes.items() if box.isChecked())

    def _policy(self) -> None:
        context = (self.ctx.school_name, self.username_edit.text(), self.display_edit.text())
        self.fields.set_policy(self.roles() or frozenset({Role.CLERK}), context)

    def request(self) -> Callable[[], Any] | None:
        username = self.username_edit.text().strip()
        if not username:
            self.username_edit.setFocus()
            self.error_line.show_message(self.tr("Type a user name."))
            return None
        roles = self.roles()
        if not roles:
            self.error_line.show_message(self.tr("Choose at least one role."))
            return None
        problem = self.fields.problem()
        if problem:
            self.error_line.show_message(problem)
            return None
        admin = self.admin_password()
        if admin is None:
            return None
        session, kdf = self.ctx.session, self.kdf
        display, password = self.display_edit.text().strip(), self.fields.password_edit.text()
        return lambda: users_ops.add_user(
            session,
            admin_password=admin,
            username=username,
            display_name=display,
            password=password,
            roles=roles,
            kdf=kdf,
        )


class ResetPasswordDialog(AdminDialog):
    """重置密码: a new password for another user; the old one is never shown or needed."""

    def __init__(
        self,
        ctx: PageContext,
        user: users_ops.UserInfo,
        parent: QWidget | None = None,
        *,
        kdf: KdfParams = PRODUCTION,
    ) -> None:
        super().__init__(ctx, self.tr("Reset password"), parent)
        self.setObjectName("resetPasswordDialog")
        self.user, self.kdf = user, kdf
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A new password for %1 (%2). Give it to them in person and ask them to change "
                "it at once with Change password… in the Archive menu."
            )
            .replace("%1", user.display_name or user.username)
            .replace("%2", user.username),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields = NewPasswordFields(self, ctx)
        self.fields.add_rows(form, self.tr("New password:"), self.tr("New password again:"))
        self.fields.set_policy(user.roles, (ctx.school_name, user.username))
        self.add_admin_row(form)
        layout.addLayout(form)
        on_enter(self.fields.repeat_edit, self.admin_edit.setFocus)
        self.finish_layout(layout)
        self.ok_button.setText(self.tr("Reset password"))
        self.resize(520, self.sizeHint().height())

    def request(self) -> Callable[[], Any] | None:
        problem = self.fields.problem()
        if problem:
            self.error_line.show_message(problem)
            return None
        admin = self.admin_password()
        if admin is None:
            return None
        session, name, kdf = self.ctx.session, self.user.username, self.kdf
        password = self.fields.password_edit.text()
        return lambda: users_ops.reset_password(
            session, admin_password=admin, username=name, new_password=password, kdf=kdf
        )


class UserActionDialog(AdminDialog):
    """解除锁定 / 停用 / 启用 one user, after the admin's password."""

    ACTIONS = ("unlock", "disable", "enable")

    def __init__(
        self,
        ctx: PageContext,
        user: users_ops.UserInfo,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        assert action in self.ACTIONS
        titles = {
            "unlock": self.tr("Unlock user"),
            "disable": self.tr("Disable user"),
            "enable": self.tr("Enable user"),
        }
        super().__init__(ctx, titles[action], parent)
        self.setObjectName(f"{action}UserDialog")
        self.user, self.action = user, action
        texts = {
            "unlock": self.tr(
                "%1 may sign in again at once, without waiting for the 15 minutes of the lockout."
            ),
            "disable": self.tr(
                "%1 can no longer sign in. Nothing is deleted: what they did stays in the audit "
                "log, and the account can be enabled again later."
            ),
            "enable": self.tr("%1 may sign in again with their password."),
        }
        name = f"{user.display_name} ({user.username})" if user.display_name else user.username
        layout = QVBoxLayout(self)
        self.text_label = QLabel(texts[action].replace("%1", name), self)
        self.text_label.setObjectName("actionText")
        self.text_label.setWordWrap(True)
        layout.addWidget(self.text_label)
        form = QFormLayout()
        self.add_admin_row(form)
        layout.addLayout(form)
        self.finish_layout(layout)
        buttons = {
            "unlock": self.tr("Unlock"),
            "disable": self.tr("Disable"),
            "enable": self.tr("Enable"),
        }
        self.ok_button.setText(buttons[action])
        self.resize(460, self.sizeHint().height())

    def request(self) -> Callable[[], Any] | None:
        admin = self.admin_password()
        if admin is None:
            return None
        session, name = self.ctx.session, self.user.username
        if self.action == "unlock":
            return lambda: users_ops.unlock(session, admin_password=admin, username=name)
        disabled = self.action == "disable"
        return lambda: users_ops.set_disabled(
            session, admin_password=admin, username=name, disabled=disabled
        )
