"""The per-user, per-workstation UI preferences: window geometry, splitters, column layouts, text
size, language. They hold no student data and no secret, so they may live outside the archive.

One ini file in the user's config folder (``platformdirs``); ``XUEJI_UI_SETTINGS`` points elsewhere
(tests point it into ``tmp_path``). Always go through :func:`ui_settings`.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir
from PySide6.QtCore import QSettings

ENV = "XUEJI_UI_SETTINGS"


def settings_path() -> Path:
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    return Path(user_config_dir("xueji-desktop", appauthor=False)) / "ui.ini"


def ui_settings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)
