"""``xueji-desktop [--archive DIR]`` (or ``python -m xueji_desktop``): start the application.

1. Language and text size: ``XUEJI_LANG`` if set, else the language saved in 设置
   (``appearance.saved_language``); then the translators and the saved text size.
2. One application per archive (``single_instance``): a second start on the same archive brings
   the first one's window to the front and exits 0 without showing anything.
3. No archive in the folder: the first-run wizard (``wizard.FirstRunWizard``) creates one and
   signs its new administrator in. An archive: the login dialog (``login.LoginDialog``).
   Both offer the practice archive (练习库): it is prepared on the worker and then a login on it
   opens with the public demo account filled in; every window of it is marked 练习.
4. The main window (with its lock: ``lock.LockController``). Every service call runs on one
   :class:`SessionWorker`; the session is closed on that worker after the event loop ends.
5. A restore in place lets go of the archive here (``backup_events().releaseArchive``: Windows
   renames no folder with an open file, and ``desktop.lock`` is one), then the login comes back
   and takes the lock again on the restored folder.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from xueji_desktop import about
from xueji_desktop.core.errors import ArchiveNotFound, XuejiError
from xueji_desktop.resources import resources_root
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import ArchiveLayout, default_archive_dir, read_meta
from xueji_desktop.ui import appearance, gc_guard, logs
from xueji_desktop.ui.backup_widgets import backup_events
from xueji_desktop.ui.i18n import error_text, install_translators
from xueji_desktop.ui.login import PRACTICE_RESULT, LoginDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.single_instance import InstanceGuard
from xueji_desktop.ui.wizard import FirstRunWizard
from xueji_desktop.ui.worker import SessionWorker

APP_NAME = about.APP_NAME
LANG_ENV = "XUEJI_LANG"


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
    # installer/smoke_test.py: sign in with two lines from stdin, close the main window (ui/smoke).
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"xueji-desktop {about.VERSION}")
    # Qt's own options (-platform offscreen, -style fusion …) are passed on to Qt. Any other
    # "--name" is a typo: "--archve D:\\X" must not silently open the default archive.
    args, rest = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    typos = [a for a in rest if a.startswith("--") and a[2:].split("=")[0] not in QT_OPTIONS]
    if typos:
        parser.error(f"unknown option: {' '.join(typos)}")
    return args, rest


# Qt's command-line options (QGuiApplication/QApplication), which Qt also takes with two dashes.
QT_OPTIONS = frozenset(
    {
        "platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry",
        "qwindowicon", "qwindowtitle", "reverse", "session", "style", "stylesheet",
        "widgetcount", "display", "geometry", "name", "title", "visual", "sync",
        "nograb", "dograb", "qmljsdebugger",
    }
)  # fmt: skip


def _application(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0] if sys.argv else "xueji-desktop", *qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Xueji")
    icon = resources_root() / "icons" / "xueji.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _tell(icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok)
    box.setObjectName("startupMessage")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def _install_language(app: QApplication) -> None:
    if not os.environ.get(LANG_ENV):
        saved = appearance.saved_language()
        if saved:
            os.environ[LANG_ENV] = saved  # messages.language() reads it too: one language
    install_translators(app)
    appearance.apply_saved_preferences(app)


class _Start:
    """The way from start-up to a signed-in session: wizard or login, maybe the practice archive."""

    def __init__(self, worker: SessionWorker, guards: list[InstanceGuard], kdf: KdfParams) -> None:
        self.worker = worker
        self.guards = guards
        self.kdf = kdf
        self.practice = False

    def _guard(self, root: Path) -> bool:
        guard = InstanceGuard(root)
        if not guard.acquire():
            return False
        self.guards.append(guard)
        return True

    def sign_in(self, root: Path) -> LoggedIn | int:
        """A signed-in session, or the exit code when there is none."""
        if not self._guard(root):
            return 0  # the application already open on this archive was brought to the front
        credentials = ("", "")
        while True:
            if not ArchiveLayout(root).exists():
                outcome = self._wizard(root)
            else:
                try:
                    meta = read_meta(ArchiveLayout(root))  # a small JSON file, before any window
                except ArchiveNotFound:
                    outcome = self._wizard(root)  # an interrupted init (set aside)
                except XuejiError as exc:
                    _tell(
                        QMessageBox.Icon.Warning,
                        QCoreApplication.translate("App", "The archive cannot be opened"),
                        error_text(exc),
                    )
                    return 1
                else:
                    self.practice = meta.practice
                    outcome = self._login(root, credentials)
            if isinstance(outcome, Path):  # the practice archive, prepared: sign in there
                # Imported here: the demo module pulls in the demo generator (slow to import).
                from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD

                root, self.practice, credentials = outcome, True, (DEMO_ADMIN, DEMO_PASSWORD)
                if not self._guard(root):
                    return 0
                continue
            return outcome

    def _wizard(self, root: Path) -> LoggedIn | Path | int:
        wizard = FirstRunWizard(root, self.worker, kdf=self.kdf)
        self.guards[-1].set_window(wizard)
        result = wizard.exec()
        wizard.deleteLater()
        if result == PRACTICE_RESULT and wizard.practice_root is not None:
            return wizard.practice_root
        if result != QDialog.DialogCode.Accepted or wizard.logged_in is None:
            return 0
        self.guards[-1].lock_archive()  # the folder is an archive now: hold it
        return wizard.logged_in

    def _login(self, root: Path, credentials: tuple[str, str]) -> LoggedIn | Path | int:
        user, password = credentials
        dialog = LoginDialog(
            root, self.worker, practice=self.practice, user=user, password=password, kdf=self.kdf
        )
        self.guards[-1].set_window(dialog)
        result = dialog.exec()
        dialog.deleteLater()
        if result == PRACTICE_RESULT and dialog.practice_root is not None:
            return dialog.practice_root
        if result != QDialog.DialogCode.Accepted or dialog.logged_in is None:
            return 0
        return dialog.logged_in


def main(argv: Sequence[str] | None = None, *, kdf: KdfParams = PRODUCTION) -> int:
    """``kdf`` protects the passwords of an archive made here (tests pass a fast one)."""
    # Large print batches render on worker processes (printing/parallel.py); in a frozen build a
    # worker starts this same program, which must hand over to multiprocessing at once.
    multiprocessing.freeze_support()
    args, qt_args = parse_args(argv)
    if os.name == "posix":
        os.umask(0o077)  # every file the app creates is owner-only
    logs.setup_logging()
    app = _application(qt_args)
    if args.smoke_test:
        from xueji_desktop.ui import smoke

        smoke_test = smoke.install(app)  # noqa: F841 - kept alive while the app runs
    gc_guard.install(app)  # cyclic garbage is freed on the GUI thread, never on the worker's
    _install_language(app)
    logs.install_excepthook()

    root: Path = (args.archive or default_archive_dir()).expanduser()
    worker = SessionWorker()
    guards: list[InstanceGuard] = []

    def release_for_restore(archive: str) -> None:
        # On the GUI thread, which took the locks (the wizard emits from there).
        for guard in guards:
            if guard.root.resolve() == Path(archive).resolve():
                guard.release()

    backup_events().releaseArchive.connect(release_for_restore)
    try:
        start = _Start(worker, guards, kdf)
        signed_in = start.sign_in(root)
        if not isinstance(signed_in, LoggedIn):
            worker.shutdown()
            return signed_in
        while True:
            window = MainWindow(signed_in, worker, practice=start.practice)
            for guard in guards:
                guard.set_window(window)
            window.show()
            try:
                code = app.exec()
            finally:
                worker.shutdown(signed_in.session.close)
            if not window.backup.sign_in_again:
                return int(code)
            # A restore replaced the archive folder (the session is closed): sign in to it.
            window.deleteLater()
            for guard in guards:
                guard.release()
            guards.clear()
            signed_in = start.sign_in(signed_in.session.archive.layout.root)
            if not isinstance(signed_in, LoggedIn):
                return signed_in
    finally:
        backup_events().releaseArchive.disconnect(release_for_restore)
        for guard in guards:
            guard.release()
