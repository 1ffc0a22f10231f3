"""How the application looks for this user on this workstation: text size, language, remembered
window, splitter and column layouts. Everything here lives in ``prefs.ui_settings()`` (no student
data), never in the archive.

Text size scales the QApplication font; every widget that does not set its own font follows, so
pages must size text relative to the application font (``scaled_font``), never in pixels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHeaderView, QSplitter, QWidget

from xueji_desktop.ui.prefs import ui_settings

TEXT_SIZES = ("normal", "large", "larger")
TEXT_FACTORS = {"normal": 1.0, "large": 1.25, "larger": 1.5}
LANGUAGES = ("zh", "en")
_TEXT_KEY = "appearance/text_size"
_LANGUAGE_KEY = "appearance/language"
_BASE_PROPERTY = "xuejiBasePointSize"  # the platform's own size, kept on the app object
_SAVE_DELAY_MS = 400  # a dragged splitter or column is saved once it rests


# -- text size ------------------------------------------------------------------------------------


def _base_point_size(app: QApplication) -> float:
    base = app.property(_BASE_PROPERTY)
    if isinstance(base, float) and base > 0:
        return base
    size = app.font().pointSizeF()
    base = size if size > 0 else 10.0
    app.setProperty(_BASE_PROPERTY, base)
    return base


def apply_text_size(app: QApplication, size: str) -> None:
    """Set the application font to ``size`` × the platform's default; unknown sizes mean normal."""
    factor = TEXT_FACTORS.get(size, 1.0)
    font = QFont(app.font())
    font.setPointSizeF(_base_point_size(app) * factor)
    app.setFont(font)
    # A widget styled by a style sheet keeps the font it was polished with (Qt resolves its
    # font once): polish those again so they follow like every other widget.
    for widget in app.allWidgets():
        if widget.testAttribute(Qt.WidgetAttribute.WA_StyleSheet):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


def current_text_size() -> str:
    size = str(ui_settings().value(_TEXT_KEY, "normal"))
    return size if size in TEXT_SIZES else "normal"


def save_text_size(size: str) -> None:
    if size not in TEXT_SIZES:
        raise ValueError(f"unknown text size {size!r}")
    settings = ui_settings()
    settings.setValue(_TEXT_KEY, size)
    settings.sync()


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The application font times ``factor`` (headings, big counts): follows the text size."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    font.setBold(bold)
    return font


# -- language -------------------------------------------------------------------------------------


def saved_language() -> str | None:
    """The language chosen in 设置 ("zh" / "en"), or None when never chosen."""
    value = ui_settings().value(_LANGUAGE_KEY)
    return value if isinstance(value, str) and value in LANGUAGES else None


def save_language(language: str) -> None:
    """Remembered for the next start (translators are installed before any window exists)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    settings = ui_settings()
    settings.setValue(_LANGUAGE_KEY, language)
    settings.sync()


def apply_saved_preferences(app: QApplication) -> None:
    """At start-up, after the translators: the saved text size."""
    apply_text_size(app, current_text_size())


# -- remembered layouts ---------------------------------------------------------------------------


def save_state(key: str, widget: QHeaderView | QSplitter | QWidget) -> None:
    """Store ``widget.saveState()`` (a header, a splitter, a main window) under ``layout/key``."""
    saver = getattr(widget, "saveState", None)
    if saver is None:
        raise TypeError(f"{type(widget).__name__} has no saveState")
    settings = ui_settings()
    settings.setValue(f"layout/{key}", saver())
    settings.sync()


def restore_state(key: str, widget: QHeaderView | QSplitter | QWidget) -> bool:
    """Restore what :func:`save_state` stored; False (and nothing changed) when there is none."""
    value = ui_settings().value(f"layout/{key}")
    restorer = getattr(widget, "restoreState", None)
    if value is None or restorer is None:
        return False
    return bool(restorer(value))


def remember_state(key: str, widget: QHeaderView | QSplitter) -> None:
    """For pages: restore a table header's or splitter's layout now, save it whenever it changes.

    Call after the model is set (a header restores its column sizes only once it has columns).
    """
    restore_state(key, widget)
    timer = QTimer(widget)
    timer.setSingleShot(True)
    timer.setInterval(_SAVE_DELAY_MS)
    timer.timeout.connect(lambda: save_state(key, widget))
    signals: list[object] = []
    if isinstance(widget, QHeaderView):
        signals = [widget.sectionResized, widget.sectionMoved, widget.sortIndicatorChanged]
    elif isinstance(widget, QSplitter):
        signals = [widget.splitterMoved]
    for signal in signals:
        signal.connect(lambda *_: timer.start())  # type: ignore[attr-defined]


def restore_geometry(key: str, widget: QWidget) -> bool:
    value = ui_settings().value(f"geometry/{key}")
    return value is not None and bool(widget.restoreGeometry(value))


def save_geometry(key: str, widget: QWidget) -> None:
    settings = ui_settings()
    settings.setValue(f"geometry/{key}", widget.saveGeometry())
    settings.sync()
