"""The login dialog: user name, password, 登录. The key derivation runs on the session worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.ui import operations
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, PracticeBanner, window_title
from xueji_desktop.ui.worker import SessionWorker

USER_MAX = 64
PASSWORD_MAX = 1024  # accounts allow 128; longer input is still sent so it counts as a failure


class LoginDialog(QDialog):
    """Ask for user name and password; on success ``logged_in`` holds the open session."""

    loginFailed = Signal(str)

    def __init__(
        self,
        archive_root: Path,
        worker: SessionWorker,
        *,
        practice: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = archive_root
        self._worker = worker
        self._practice = practice
        self._busy = False
        self.logged_in: LoggedIn | None = None

        self.setObjectName("loginDialog")
        self.setWindowTitle(window_title(self.tr("Sign in — Xueji Desktop"), practice=practice))
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        if practice:
            self.practice_banner: PracticeBanner | None = PracticeBanner(self)
            layout.addWidget(self.practice_banner)
        else:
            self.practice_banner = None

        heading = QLabel(self.tr("Xueji Desktop"), self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)
        hint = QLabel(self.tr("Enter your user name and password to open the archive."), self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setMaxLength(USER_MAX)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(PASSWORD_MAX)
        form.addRow(self.tr("User name:"), self.user_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        layout.addLayout(form)

        self.error_line = ErrorLine(self)
        layout.addWidget(self.error_line)
        self.busy_indicator = BusyIndicator(self.tr("Opening the archive…"), self)
        layout.addWidget(self.busy_indicator)

        buttons = QDialogButtonBox(self)
        self.login_button = QPushButton(self.tr("Sign in"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.submit)
        self.user_edit.setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        if self._busy:
            return
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not user:
            self._refuse(self.tr("Please enter your user name."), self.user_edit)
            return
        if not password:
            self._refuse(self.tr("Please enter your password."), self.password_edit)
            return
        self.error_line.clear_message()
        self._set_busy(True)
        root = self._root
        self._worker.run(
            lambda: operations.log_in(root, user, password),
            on_done=self._on_logged_in,
            on_error=self._on_failed,
            context=self,
        )

    def reject(self) -> None:
        if self._busy:
            return  # the login finishes in a moment; closing now would leave it half done
        super().reject()

    # -- worker callbacks (GUI thread) --------------------------------------------------------

    def _on_logged_in(self, result: LoggedIn) -> None:
        self._set_busy(False)
        self.logged_in = result
        self.password_edit.clear()
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, XuejiError):
            text = error_text(error)
        else:
            text = self.tr(
                "The archive could not be opened because of an unexpected problem. "
                "Please try again; if it happens again, contact the administrator."
            )
        self.password_edit.clear()
        self._refuse(text, self.password_edit)

    # -- helpers ------------------------------------------------------------------------------

    def _refuse(self, text: str, focus: QLineEdit) -> None:
        self.error_line.show_message(text)
        self._fit()
        focus.setFocus()
        self.loginFailed.emit(text)

    def _fit(self) -> None:
        # A wrapped message needs more height than the dialog had; grow (or shrink) to fit it.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.user_edit, self.password_edit, self.login_button, self.quit_button):
            widget.setEnabled(not busy)
        self.busy_indicator.setVisible(busy)
