"""The built-in help (F1): a few plain sentences about the page in front of the clerk.

One non-modal window beside the main window, large readable text that follows the text size;
opened again it shows the current page's help.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.widgets import window_title

_STYLE = "QTextBrowser { padding: 10px; background: #fcfcf8; }"


class HelpDialog(QDialog):
    """Shows a page's help text (rich text from ``Page.help_text()``)."""

    def __init__(self, parent: QWidget | None = None, *, practice: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self._practice = practice
        self.setModal(False)
        self.resize(520, 460)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("helpHeading")
        self.heading.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setStyleSheet(_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(self.heading)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.close)

    def show_help(self, title: str, text: str) -> None:
        self.setWindowTitle(
            window_title(self.tr("Help: %1").replace("%1", title), practice=self._practice)
        )
        self.heading.setText(title)
        self.heading.setFont(scaled_font(self, 1.3, bold=True))
        self.browser.document().setDefaultFont(scaled_font(self, 1.1))
        self.browser.setHtml(text)
        self.show()
        self.raise_()
        self.activateWindow()
