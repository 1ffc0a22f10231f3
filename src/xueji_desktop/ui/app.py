"""``xueji-desktop [--archive DIR]``: start the desktop application.

No archive at the path: a calm message saying how to create one (the first-run wizard comes with
issue 4). Otherwise the login dialog, then the main window. Every service call runs on one
:class:`SessionWorker`; the session is closed on that worker after the event loop ends.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from xueji_desktop.core.errors import ArchiveNotFound, XuejiError
from xueji_desktop.storage.layout import ArchiveLayout, default_archive_dir, read_meta
from xueji_desktop.ui.i18n import error_text, install_translators
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.worker import SessionWorker

APP_NAME = "Xueji Desktop"


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="xueji-desktop", description="Xueji Desktop (学籍档案室): the desktop application."
    )
    parser.add_argument(
        "--archive",
        type=Path,
        default=None,
        metavar="DIR",
        help="archive folder (default: $XUEJI_ARCHIVE, then the per-user data folder)",
    )
    # Unknown options (e.g. Qt's -platform) are passed on to Qt.
    return parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))


def _application(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0] if sys.argv else "xueji-desktop", *qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Xueji")
    return app


def _tell(icon: QMessageBox.Icon, title: str, text: str, details_html: str = "") -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok)
    box.setObjectName("startupMessage")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details_html:
        box.setInformativeText(details_html)
    box.exec()


def _command(line: str) -> str:
    # Commands stay on one line (and can be selected and copied) however long the path is.
    style = "white-space: pre; margin-left: 16px; margin-right: 16px;"
    return f'<p style="{style}"><code>{html.escape(line)}</code></p>'


def show_no_archive(root: Path) -> None:
    where = str(root)
    quoted = f'"{where}"' if " " in where else where
    school = QCoreApplication.translate("App", "SCHOOL-NAME")
    admin = QCoreApplication.translate("App", "ADMIN-NAME")
    create = QCoreApplication.translate("App", "To create a new archive, an administrator runs:")
    practise = QCoreApplication.translate("App", "To practise with made-up students first, run:")
    details = (
        f"<p>{html.escape(create)}</p>"
        + _command(f"xueji --archive {quoted} init --school {school} --admin {admin}")
        + f"<p>{html.escape(practise)}</p>"
        + _command(f"xueji demo {quoted}")
    )
    _tell(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("App", "No archive found"),
        error_text(ArchiveNotFound(path=where)),
        details,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(argv)
    if os.name == "posix":
        os.umask(0o077)  # every file the app creates is owner-only
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = _application(qt_args)
    install_translators(app)

    root: Path = (args.archive or default_archive_dir()).expanduser()
    layout = ArchiveLayout(root)
    if not layout.exists():
        show_no_archive(root)
        return 1
    try:
        meta = read_meta(layout)  # a small JSON file, read before any window exists
    except XuejiError as exc:
        _tell(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("App", "The archive cannot be opened"),
            error_text(exc),
        )
        return 1

    worker = SessionWorker()
    dialog = LoginDialog(root, worker, practice=meta.practice)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.logged_in is None:
        worker.shutdown()
        return 0
    logged_in = dialog.logged_in
    dialog.deleteLater()
    window = MainWindow(logged_in, worker, practice=meta.practice)
    window.show()
    try:
        code = app.exec()
    finally:
        worker.shutdown(logged_in.session.close)
    return int(code)
