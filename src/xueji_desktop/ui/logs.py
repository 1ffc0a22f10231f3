"""The log file, the last-resort exception hook, and what the clerk reads when something fails.

The log holds no student data: programming errors are logged as their type and stack only (never
their message, which may carry values from the archive: ``worker.log_unexpected``), expected errors
(``XuejiError``) are not logged at all. One rotating file in the per-user log folder.

``app.main`` calls, before any window exists::

    log_file = logs.setup_logging()
    logs.install_excepthook()
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from xueji_desktop.core.errors import RecordInvalid, XuejiError
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import problem_text
from xueji_desktop.ui import i18n
from xueji_desktop.ui.i18n import error_text

log = logging.getLogger("xueji_desktop")

LOG_ENV = "XUEJI_LOG_DIR"  # tests and portable installs point the log elsewhere
LOG_NAME = "xueji-desktop.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override)
    return Path(user_log_dir("xueji-desktop", appauthor=False))


def setup_logging(level: int = logging.INFO) -> Path:
    """Send our loggers to a rotating file (1 MB × 4) and warnings to stderr; returns the file."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path.resolve()
        ):
            return path  # already set up (a second main window, a test)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    if os.name == "posix":
        os.chmod(path, 0o600)  # the log is the clerk's own, like every file the app writes
    return path


def unexpected_text() -> str:
    return QCoreApplication.translate(
        "Errors",
        "Something went wrong in the program. Your saved work is safe. Try again; if it happens "
        "again, close Xueji Desktop, start it again and tell the administrator.",
    )


def error_sentence(error: BaseException) -> str:
    """What the clerk reads for a failed worker call: the error's own sentence followed by each
    problem it carries (a refused record lists what is wrong), else a calm sentence."""
    if not isinstance(error, XuejiError):
        return unexpected_text()
    found = error.problems if isinstance(error, RecordInvalid) else error.fields.get("missing")
    problems = [p for p in found if isinstance(p, Problem)] if isinstance(found, list) else []
    lang = i18n.language()
    return "\n".join([error_text(error), *(problem_text(p, lang) for p in problems)])


def log_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Type and stack only: the message of an exception may carry a name or an ID number."""
    # File, line and function of each frame; no source text and no locals.
    frames = "\n".join(
        f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in traceback.extract_tb(tb)
    )
    log.error("unexpected %s\n%s", kind.__name__, frames)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if isinstance(error, XuejiError):
        text = error_text(error)  # an expected error that no one caught: still say it plainly
    else:
        log_exception(kind, error, tb)
        text = unexpected_text()
    if QApplication.instance() is not None:
        show_error(text)


def show_error(text: str) -> None:
    """A calm message box (never a traceback)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Errors", "Xueji Desktop"),
        text,
        QMessageBox.StandardButton.Ok,
        QApplication.activeWindow(),
    )
    box.setObjectName("unexpectedErrorBox")
    box.exec()


def install_excepthook() -> None:
    """Uncaught exceptions (in slots and callbacks on the GUI thread too) are logged and shown."""
    sys.excepthook = _excepthook
