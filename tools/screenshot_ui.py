"""Screenshots of the login dialog and the main window on a demo archive, to look at.

    cd /tmp && rm -rf /tmp/shot-demo && /work/main/.venv/bin/xueji demo /tmp/shot-demo
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot_ui.py --archive /tmp/shot-demo
    xvfb-run -a .venv/bin/python tools/screenshot_ui.py --archive /tmp/shot-demo --screen

Widgets are captured with ``QWidget.grab()`` (works offscreen); ``--screen`` also captures the whole
screen with ``QScreen.grabWindow`` (a real X server such as Xvfb). The demo password is published in
the README; pass another one with ``--password-stdin``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from xueji_desktop.storage.layout import ArchiveLayout, read_meta
from xueji_desktop.ui.i18n import compile_translations, install_translators
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.worker import SessionWorker

TMP = Path(tempfile.gettempdir())


def wait_for(signal: SignalInstance, timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Shooter:
    def __init__(self, out: Path, lang: str, screen: bool) -> None:
        self.out = out
        self.lang = lang
        self.screen = screen
        self.saved: list[Path] = []

    def __call__(self, widget: QWidget, name: str, *, wait: bool = True) -> None:
        if wait:
            settle()
        else:
            QApplication.processEvents()  # lay out, but do not let the worker's answer in
        path = self.out / f"{name}-{self.lang}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        if self.screen:
            shot = QGuiApplication.primaryScreen().grabWindow(0)
            screen_path = self.out / f"{name}-{self.lang}-screen.png"
            shot.save(str(screen_path))
            self.saved.append(screen_path)


def run(app: QApplication, root: Path, password: str, shoot: Shooter) -> None:
    practice = read_meta(ArchiveLayout(root)).practice
    worker = SessionWorker()
    dialog = LoginDialog(root, worker, practice=practice)
    dialog.show()
    shoot(dialog, "01-login")

    dialog.user_edit.setText(DEMO_ADMIN)
    dialog.password_edit.setText("not-the-password")
    dialog.submit()
    shoot(dialog, "02-login-busy", wait=False)
    wait_for(dialog.loginFailed)
    shoot(dialog, "03-login-wrong-password")

    dialog.password_edit.setText(password)
    dialog.submit()
    wait_for(dialog.accepted)
    logged_in = dialog.logged_in
    if logged_in is None:
        raise SystemExit(f"login failed: {dialog.error_line.text()}")
    dialog.close()

    window = MainWindow(logged_in, worker, practice=practice)
    window.show()
    shoot(window, "04-main-loading", wait=False)
    if not window.model.rowCount():
        wait_for(window.studentsLoaded)
    shoot(window, "05-main")
    window.search_edit.setText("2025 计算机" if shoot.lang == "zh" else "2025")
    shoot(window, "06-main-search")
    window.search_edit.setText("no-such-student")
    shoot(window, "07-main-no-match")
    window.close()
    worker.shutdown(logged_in.session.close)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=TMP / "shot-demo")
    parser.add_argument("--out", type=Path, default=TMP / "xueji-shots")
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    parser.add_argument("--password-stdin", action="store_true")
    parser.add_argument("--screen", action="store_true", help="also grab the whole screen")
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else DEMO_PASSWORD
    args.out.mkdir(parents=True, exist_ok=True)
    compile_translations()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    saved: list[Path] = []
    for lang in ("zh", "en") if args.lang == "both" else (args.lang,):
        os.environ["XUEJI_LANG"] = lang
        install_translators(app)
        shoot = Shooter(args.out, lang, args.screen)
        run(app, args.archive, password, shoot)
        saved += shoot.saved
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
