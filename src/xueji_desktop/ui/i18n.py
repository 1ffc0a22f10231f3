"""Qt Linguist translations: install them at start-up, compile ``.ts`` → ``.qm`` at build time.

Source strings in the code are English; ``resources/translations/xueji_zh_CN.ts`` holds the
Simplified Chinese translation, the default language. ``XUEJI_LANG=en`` switches to English (the
same switch ``messages.language()`` reads). A missing ``.qm`` means English for everything, error
messages included, so a window never mixes two languages.

``python -m xueji_desktop.ui.i18n`` (re)builds the ``.qm`` files; ``--update`` first refreshes the
``.ts`` from the ``tr()`` calls in ``ui/`` (new strings then need a translation).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from xueji_desktop import messages
from xueji_desktop.core.errors import XuejiError
from xueji_desktop.resources import resources_root

log = logging.getLogger(__name__)

CATALOGUE = "xueji"
LANGUAGES = {"zh": "zh_CN"}  # our language code -> Qt locale name of the .ts/.qm files
UI_DIR = Path(__file__).resolve().parent

_effective_language = "en"
_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators


def translations_dir() -> Path:
    return resources_root() / "translations"


def ts_files() -> list[Path]:
    return [translations_dir() / f"{CATALOGUE}_{locale}.ts" for locale in LANGUAGES.values()]


def language() -> str:
    """The language the UI really shows: "zh" or "en" (English when a translation is missing)."""
    return _effective_language


def error_text(error: XuejiError) -> str:
    """The clerk-facing sentence for an error, in the language the UI shows."""
    return messages.message_for(error, lang=language())


def warning_text(warning: str) -> str:
    """The clerk-facing sentence for a session warning, in the language the UI shows."""
    return messages.warning_text(warning, lang=language())


def install_translators(app: QApplication) -> str:
    """Install our translation and Qt's own; returns the language in effect ("zh" or "en")."""
    global _effective_language
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _effective_language = "en"
    wanted = messages.language()
    locale_name = LANGUAGES.get(wanted)
    if locale_name is None:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return _effective_language
    ours = QTranslator(app)
    qm = translations_dir() / f"{CATALOGUE}_{locale_name}.qm"
    if not ours.load(str(qm)):
        # Not a secret, but keep the log short: which file is missing and what happens now.
        log.warning("translation %s not found; showing English", qm.name)
        return _effective_language
    app.installTranslator(ours)
    _installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{locale_name}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    QLocale.setDefault(QLocale(locale_name))
    _effective_language = wanted
    return _effective_language


# --- build step -----------------------------------------------------------------------------


def _qt_tool(name: str) -> Path:
    """A Qt Linguist tool shipped with PySide6 (``lrelease``, ``lupdate``)."""
    exe = ".exe" if os.name == "nt" else ""
    candidates = [
        Path(PySide6.__file__).resolve().parent / f"{name}{exe}",
        Path(sys.executable).parent / f"pyside6-{name}{exe}",
    ]
    found = shutil.which(f"pyside6-{name}")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"Qt tool {name} not found (is PySide6 installed?)")


def update_sources(ts: Path | None = None) -> list[Path]:
    """Refresh the ``.ts`` files from the ``tr()`` calls in ``ui/`` (keeps existing translations).

    ``ts`` writes one file elsewhere instead (tests compare it with the committed one).
    """
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py"))
    targets = [ts] if ts is not None else ts_files()
    lupdate = str(_qt_tool("lupdate"))
    for target in targets:
        cmd = [
            lupdate,
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(target),
        ]
        subprocess.run(cmd, check=True)
    return targets


def compile_translations() -> list[Path]:
    """Compile every ``.ts`` in resources/translations into a ``.qm`` beside it; returns them."""
    lrelease = _qt_tool("lrelease")
    built: list[Path] = []
    for ts in sorted(translations_dir().glob("*.ts")):
        qm = ts.with_suffix(".qm")
        tmp = qm.with_name(qm.name + ".tmp")
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(tmp)], check=True)
        os.replace(tmp, qm)  # write-then-rename: a half-built .qm never sits under the real name
        built.append(qm)
    return built


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m xueji_desktop.ui.i18n")
    parser.add_argument("--update", action="store_true", help="refresh .ts sources from ui/ first")
    args = parser.parse_args(argv)
    if args.update:
        for ts in update_sources():
            print(f"updated {ts}")
    for qm in compile_translations():
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
