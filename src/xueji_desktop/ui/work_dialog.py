"""``WorkDialog``: a dialog whose OK runs one service call on the session worker.

Kept apart from the pickers that use it (``paper_files_picker``) so that dialogs reachable before
any page opens (users, passwords) do not import search and its pinyin tables at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import ErrorLine, window_title


class WorkDialog(QDialog):
    """OK runs ``call()`` (built by ``request()``) on the worker; ``saved(result)`` on success."""

    saved = Signal(object)

    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(window_title(title, practice=ctx.practice))
        self.error_line = ErrorLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def finish_layout(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.error_line)
        layout.addWidget(self.buttons)

    def request(self) -> Callable[[], Any] | None:
        """The worker call for what the form holds, or None (the form said why)."""
        raise NotImplementedError

    def submit(self) -> None:
        call = self.request()
        if call is None:
            return
        self.ok_button.setEnabled(False)
        self.ctx.worker.run(call, on_done=self._on_done, on_error=self._on_error, context=self)

    def _on_done(self, result: object) -> None:
        self.ok_button.setEnabled(True)
        self.error_line.clear_message()
        self.saved.emit(result)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error_line.show_message(error_sentence(exc))
