"""The login dialog: user name, password, 登录. The key derivation runs on the session worker.

Every refusal is ``messages.message_for``'s sentence; where that sentence does not say what to do
next (a wrong password, a workstation tie that is gone, a replaced password) a second plain line
says it (``hint_line``).

The practice archive (练习库): the button 打开练习库 makes it on first use (the demo data of
``xueji demo``, on the worker, with the busy bar) and the dialog ends with ``PRACTICE_RESULT``;
``app.main`` then opens a login on it with the public demo account filled in. It lives in the
per-user data folder, ``<user data>/XuejiDesktop/practice`` (:func:`practice_root`), beside the
default archive folder but never inside or beside an archive given with ``--archive``: practice
data must not end up in the school's archive folder, its backups or its copies.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
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
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.ui import operations
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.widgets import (
    BusyIndicator,
    ErrorLine,
    PracticeBanner,
    on_enter,
    window_title,
)
from xueji_desktop.ui.worker import SessionWorker

USER_MAX = 64
PASSWORD_MAX = 1024  # accounts allow 128; longer input is still sent so it counts as a failure
PRACTICE_RESULT = 2  # QDialog result: the clerk chose the practice archive
PRACTICE_STUDENTS_PER_INTAKE = 300  # as ``xueji demo``: 1,200 students


def practice_root() -> Path:
    """Where the practice archive lives (one per user of the computer)."""
    return Path(platformdirs.user_data_dir("XuejiDesktop", appauthor=False)) / "practice"


def prepare_practice_job(kdf: KdfParams) -> Path:
    """The worker job behind every 练习库 button."""
    return operations.prepare_practice(
        practice_root(), kdf=kdf, students_per_intake=PRACTICE_STUDENTS_PER_INTAKE
    )


class LoginDialog(QDialog):
    """Ask for user name and password; on success ``logged_in`` holds the open session."""

    loginFailed = Signal(str)

    def __init__(
        self,
        archive_root: Path,
        worker: SessionWorker,
        *,
        practice: bool = False,
        user: str = "",
        password: str = "",
        kdf: KdfParams = PRODUCTION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = archive_root
        self._worker = worker
        self._practice = practice
        self._kdf = kdf  # for making the practice archive (tests pass a fast one)
        self._busy = False
        self.logged_in: LoggedIn | None = None
        self.practice_root: Path | None = None

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
        self.hint_line = QLabel(self)
        self.hint_line.setObjectName("hintLine")
        self.hint_line.setWordWrap(True)
        self.hint_line.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_line.hide()
        layout.addWidget(self.hint_line)
        self.busy_indicator = BusyIndicator(self.tr("Opening the archive…"), self)
        layout.addWidget(self.busy_indicator)

        buttons = QDialogButtonBox(self)
        self.login_button = QPushButton(self.tr("Sign in"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.practice_button: QPushButton | None = None
        if not practice:
            self.practice_button = QPushButton(self.tr("Open the practice archive"), self)
            self.practice_button.setObjectName("practiceButton")
            self.practice_button.setToolTip(
                self.tr(
                    "Made-up students to learn with. Nothing you do there touches the real archive."
                )
            )
            self.practice_button.setAutoDefault(False)
            buttons.addButton(self.practice_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.practice_button.clicked.connect(self.open_practice)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        on_enter(self.user_edit, self.password_edit.setFocus)
        on_enter(self.password_edit, self.submit)
        self.user_edit.setText(user)
        self.password_edit.setText(password)
        if user and password:
            self.login_button.setFocus()
        else:
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
        self._clear_messages()
        self.busy_indicator.label.setText(self.tr("Opening the archive…"))
        self._set_busy(True)
        root = self._root
        self._worker.run(
            lambda: operations.log_in(root, user, password),
            on_done=self._on_logged_in,
            on_error=self._on_failed,
            context=self,
        )

    def open_practice(self) -> None:
        """Make the practice archive if needed (on the worker), then end with PRACTICE_RESULT."""
        if self._busy:
            return
        self._clear_messages()
        self.busy_indicator.label.setText(
            self.tr("Preparing the practice archive (the first time takes a minute)…")
        )
        self._set_busy(True)
        kdf = self._kdf
        self._worker.run(
            lambda: prepare_practice_job(kdf),
            on_done=self._on_practice_ready,
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

    def _on_practice_ready(self, root: Path) -> None:
        self._set_busy(False)
        self.practice_root = root
        self.done(PRACTICE_RESULT)

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
        hint = self.hint_for(error)
        self.hint_line.setText(hint)
        self.hint_line.setVisible(bool(hint))
        self._refuse(text, self.password_edit)

    def hint_for(self, error: BaseException) -> str:
        """What to do next, where the error's own sentence does not say it."""
        code = error.code if isinstance(error, XuejiError) else ""
        reason = error.fields.get("reason") if isinstance(error, XuejiError) else None
        if code in ("wrong_credentials", "login_throttled"):
            return self.tr(
                "Check that Caps Lock is off and the input method types English letters. "
                "Forgot the password? The administrator can set a new one; if the administrator "
                "forgot theirs, the archive opens with the recovery code from the safe "
                "(command: xueji recover)."
            )
        if code == "binding_lost" and reason != "keyring_unavailable":
            return self.tr(
                "What to do: take the recovery sheet from the safe and ask the administrator to "
                "run the command xueji recover on this computer. Your records are not lost."
            )
        if code == "stale_key_slot":
            return self.tr(
                "Sign in with your new password. If you did not change it, ask the administrator."
            )
        return ""

    # -- helpers ------------------------------------------------------------------------------

    def _clear_messages(self) -> None:
        self.error_line.clear_message()
        self.hint_line.clear()
        self.hint_line.hide()

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
        widgets = [self.user_edit, self.password_edit, self.login_button, self.quit_button]
        if self.practice_button is not None:
            widgets.append(self.practice_button)
        for widget in widgets:
            widget.setEnabled(not busy)
        self.busy_indicator.setVisible(busy)
