"""用户: the administrators' section of the 设置 page — the accounts, and who may sign in.

The list (user name, name, roles in words, 已停用 / 已锁定) is read on the worker when the page
is shown and after every change. 新建用户…, 重置密码…, 解除锁定… and 停用…/启用… each open a
dialog (ui/users_dialogs.py) that asks for the admin's own password again; the service decides
(the last administrator and one's own account cannot be disabled, one's own password is changed
with 修改密码… in the 档案 menu). Accounts are never deleted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.ui import users_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.password_dialog import DONE_STYLE
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.users_dialogs import (
    NewUserDialog,
    ResetPasswordDialog,
    UserActionDialog,
    roles_text,
)
from xueji_desktop.ui.widgets import ErrorLine


class UsersModel(RowTableModel):
    CONTEXT = "UsersModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("UsersModel", "User name"),
        QT_TRANSLATE_NOOP("UsersModel", "Name"),
        QT_TRANSLATE_NOOP("UsersModel", "Roles"),
        QT_TRANSLATE_NOOP("UsersModel", "Status"),
    )

    def status_text(self, user: users_ops.UserInfo) -> str:
        words = []
        if user.disabled:
            words.append(self.tr_header("Disabled"))
        if user.locked:
            words.append(self.tr_header("Locked"))
        return self.tr_header(", ").join(words) if words else self.tr_header("Active")

    def cell(self, item: Any, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.locked and column == 3:
                return QColor("#8a1c12")
            return QColor("#777777") if item.disabled else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return item.username
        if column == 1:
            return item.display_name
        if column == 2:
            return roles_text(item.roles)
        return self.status_text(item)

    def row_of(self, username: str) -> int:
        for row, user in enumerate(self.rows()):
            if user.username == username:
                return row
        return -1


# Status words for lupdate (used through tr_header in UsersModel's context).
_STATUS_WORDS = (
    QT_TRANSLATE_NOOP("UsersModel", "Disabled"),
    QT_TRANSLATE_NOOP("UsersModel", "Locked"),
    QT_TRANSLATE_NOOP("UsersModel", "Active"),
    QT_TRANSLATE_NOOP("UsersModel", ", "),
)


class UsersPanel(QGroupBox):
    """The 用户 group box; ``load()`` reads the list (the settings page calls it on each visit)."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Users"))
        self.setObjectName("usersPanel")
        self.ctx = ctx
        self.kdf: KdfParams = PRODUCTION  # protects new and reset passwords (tests: a fast one)
        self.loaded = False
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Everyone signs in with an account of their own. Accounts are never deleted: "
                "disable the account of someone who leaves. Changes ask for your own password "
                "again."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.model = UsersModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(90)
        self.table.setMinimumHeight(150)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _index: self.reset_password())
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New user…"), self)
        self.new_button.setObjectName("newUserButton")
        self.new_button.clicked.connect(self.new_user)
        self.reset_button = QPushButton(self.tr("Reset password…"), self)
        self.reset_button.setObjectName("resetPasswordButton")
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button = QPushButton(self.tr("Unlock…"), self)
        self.unlock_button.setObjectName("unlockUserButton")
        self.unlock_button.clicked.connect(lambda: self.user_action("unlock"))
        self.disable_button = QPushButton(self.tr("Disable…"), self)
        self.disable_button.setObjectName("disableUserButton")
        self.disable_button.clicked.connect(self.toggle_disabled)
        for button in (self.new_button, self.reset_button, self.unlock_button):
            row.addWidget(button)
        row.addWidget(self.disable_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.done_label = QLabel(self)
        self.done_label.setObjectName("usersDone")
        self.done_label.setStyleSheet(DONE_STYLE)
        self.done_label.setWordWrap(True)
        self.done_label.hide()
        layout.addWidget(self.done_label)
        self.error_line = ErrorLine(self)
        layout.addWidget(self.error_line)
        self._enable()

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: users_ops.load(session),
            on_done=self.show_users,
            on_error=self._on_error,
            context=self,
        )

    def show_users(self, users: list[users_ops.UserInfo]) -> None:
        chosen = self.selected()
        self.model.set_rows(users)
        self.loaded = True
        row = self.model.row_of(chosen.username) if chosen is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        self._enable()

    def _on_error(self, error: BaseException) -> None:
        self.error_line.show_message(error_sentence(error))

    # -- selection ---------------------------------------------------------------------------------

    def selected(self) -> users_ops.UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        user: users_ops.UserInfo = self.model.row_at(rows[0].row())
        return user

    def select(self, username: str) -> None:
        row = self.model.row_of(username)
        if row >= 0:
            self.table.selectRow(row)

    def _enable(self) -> None:
        user = self.selected()
        own = user is not None and user.username == self.ctx.session.username
        self.reset_button.setEnabled(user is not None and not own)
        self.reset_button.setToolTip(
            self.tr("Change your own password with Change password… in the Archive menu.")
            if own
            else ""
        )
        self.unlock_button.setEnabled(user is not None and user.locked)
        # Nobody disables their own account (the service refuses it after the password anyway).
        self.disable_button.setEnabled(user is not None and not own)
        self.disable_button.setToolTip(
            self.tr("Another administrator can disable this account; you cannot disable your own.")
            if own
            else ""
        )
        enable = user is not None and user.disabled
        self.disable_button.setText(self.tr("Enable…") if enable else self.tr("Disable…"))

    # -- actions -----------------------------------------------------------------------------------

    def new_user(self) -> None:
        self._open(NewUserDialog(self.ctx, self, kdf=self.kdf), "", "added")

    def reset_password(self) -> None:
        user = self.selected()
        if user is None or user.username == self.ctx.session.username:
            return
        self._open(ResetPasswordDialog(self.ctx, user, self, kdf=self.kdf), user.username, "reset")

    def user_action(self, action: str) -> None:
        user = self.selected()
        if user is None:
            return
        self._open(UserActionDialog(self.ctx, user, action, self), user.username, action)

    def toggle_disabled(self) -> None:
        user = self.selected()
        if user is not None and user.username != self.ctx.session.username:
            self.user_action("enable" if user.disabled else "disable")

    def _open(self, dialog: QDialog, username: str, action: str) -> None:
        self.error_line.clear_message()
        self.done_label.hide()
        self.dialog = dialog
        dialog.saved.connect(  # type: ignore[attr-defined]
            lambda users, dialog=dialog: self._changed(users, username or _new_name(dialog), action)
        )
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _changed(self, users: list[users_ops.UserInfo], username: str, action: str) -> None:
        self.show_users(users)
        self.select(username)
        texts = {
            "added": self.tr("User %1 was added."),
            "reset": self.tr("The password of %1 was reset. Give it to them in person."),
            "unlock": self.tr("%1 is unlocked and may sign in again."),
            "disable": self.tr("%1 is disabled and can no longer sign in."),
            "enable": self.tr("%1 is enabled and may sign in again."),
        }
        self.done_label.setText(texts[action].replace("%1", username))
        self.done_label.show()


def _new_name(dialog: QDialog) -> str:
    edit = getattr(dialog, "username_edit", None)
    return edit.text().strip() if edit is not None else ""
