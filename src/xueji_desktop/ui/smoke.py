"""``xueji-desktop --smoke-test``: prove that a build starts, signs in and closes.

A hidden option (no ``--help`` line) for ``installer/smoke_test.py`` and the frozen-build check in
CI (docs/design/frozen-build.md). It drives the real application, not a stand-in:

1. The user name and the password are the first two lines of standard input (never arguments:
   a command line is visible to every user of the computer).
2. The first time the login dialog is shown, ``login-window`` is printed; the dialog's own fields
   are filled and its own 登录 button clicked, so the real ``LoginDialog`` and session worker sign
   in.
3. When the main window is shown, ``main-window`` is printed and the window is closed as the
   clerk closes it; the application then ends through its normal path (exit status 0).

Failures end the process at once with a line on standard error (there is nothing to save, and a
hung GUI cannot be trusted to close itself): ``smoke-test: login refused: …`` (exit 4, e.g. a
wrong password), ``smoke-test: unexpected window: …`` (exit 4: a first-run wizard or a startup
message instead of the login), unreadable input (exit 2) and no main window within
``TIMEOUT_S`` seconds (exit 5).
"""

from __future__ import annotations

import os
import sys
import threading
from typing import NoReturn

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.main_window import MainWindow

TIMEOUT_S = 120.0  # the production KDF takes about a second; a cold start of a frozen app a few
EXIT_BAD_INPUT = 2
EXIT_FAILED = 4
EXIT_TIMEOUT = 5
LOGIN_LINE = "login-window"
MAIN_LINE = "main-window"


def _say(line: str) -> None:
    if sys.stdout is not None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def _abort(what: str, code: int) -> NoReturn:
    if sys.stderr is not None:
        sys.stderr.write(f"smoke-test: {what}\n")
        sys.stderr.flush()
    if sys.stdout is not None:
        sys.stdout.flush()
    os._exit(code)


def read_credentials() -> tuple[str, str]:
    """The user name and password from the first two lines of standard input."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        _abort("no standard input to read the user name and password from", EXIT_BAD_INPUT)
    try:
        user = stream.readline(256).decode("utf-8").rstrip("\r\n")
        password = stream.readline(2048).decode("utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        _abort("standard input is not two lines of UTF-8 text", EXIT_BAD_INPUT)
    if not user or not password:
        _abort("standard input needs two lines: user name, then password", EXIT_BAD_INPUT)
    return user, password


class SmokeTest(QObject):
    """Watches the application's windows (an event filter) and acts as the clerk would."""

    def __init__(self, app: QApplication, user: str, password: str) -> None:
        super().__init__(app)
        self._user = user
        self._password = password
        self._login_seen = False
        self._main_seen = False
        app.installEventFilter(self)
        self._watchdog = threading.Timer(TIMEOUT_S, self._timed_out)
        self._watchdog.daemon = True  # a thread, not a Qt timer: it fires even if the GUI hangs
        self._watchdog.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            if isinstance(watched, LoginDialog) and not self._login_seen:
                self._login_seen = True
                _say(LOGIN_LINE)
                QTimer.singleShot(0, lambda: self._sign_in(watched))
            elif isinstance(watched, MainWindow) and not self._main_seen:
                self._main_seen = True
                self._watchdog.cancel()
                _say(MAIN_LINE)
                QTimer.singleShot(0, watched.close)
            elif isinstance(watched, QDialog) and not self._main_seen:
                text = watched.text() if isinstance(watched, QMessageBox) else ""
                _abort(f"unexpected window: {watched.objectName()} {text}".strip(), EXIT_FAILED)
        return False

    def _sign_in(self, dialog: LoginDialog) -> None:
        dialog.loginFailed.connect(lambda text: _abort(f"login refused: {text}", EXIT_FAILED))
        dialog.user_edit.setText(self._user)
        dialog.password_edit.setText(self._password)
        self._password = ""
        dialog.login_button.click()

    def _timed_out(self) -> None:
        _abort(f"no main window after {TIMEOUT_S:.0f} s", EXIT_TIMEOUT)


def install(app: QApplication) -> SmokeTest:
    """Read the credentials and start watching; call before the first window is made."""
    user, password = read_credentials()
    return SmokeTest(app, user, password)
