"""The shape of the record view's small entry dialogs (奖惩, 补考, 重修).

Each field has a line under it that says what is wrong as soon as the clerk has touched the
field (after OK, for every field). The rules are the services' own limits, checked again by the
service: OK with a marked field saves nothing; OK with a clean form runs one worker call, and
the dialog closes only when the service agreed (a refusal is shown in the dialog, which stays
open so the clerk can correct it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.work_dialog import WorkDialog

HINT_STYLE = "color: #a32015;"


def required_text() -> str:
    return QCoreApplication.translate("EntryDialog", "Fill this in.")


def too_long_text(limit: int) -> str:
    return QCoreApplication.translate(
        "EntryDialog", "Too long: at most %1 characters (now %2)."
    ).replace("%1", str(limit))


def text_problem(value: str, *, required: bool = False, limit: int = 100) -> str:
    """The hint for a text field ("" when it is fine); limits are the services'."""
    value = value.strip()
    if required and not value:
        return required_text()
    if len(value) > limit:
        return too_long_text(limit).replace("%2", str(len(value)))
    return ""


def date_problem(day: str, *, not_before: str = "", before_what: str = "") -> str:
    """The hint for a date: not after today (the services refuse future dates) and not before
    ``not_before`` (ISO), named by ``before_what``."""
    try:
        value = datetime.date.fromisoformat(day)
    except ValueError:
        return QCoreApplication.translate("EntryDialog", "Not a valid date.")
    if value > datetime.date.today():
        return QCoreApplication.translate("EntryDialog", "This date is after today.")
    if not_before and day < not_before:
        return (
            QCoreApplication.translate("EntryDialog", "Cannot be before %1 (%2).")
            .replace("%1", before_what)
            .replace("%2", not_before)
        )
    return ""


def date_edit(parent: QWidget, value: QDate | None = None) -> QDateEdit:
    edit = QDateEdit(value or QDate.currentDate(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def iso(edit: QDateEdit) -> str:
    return str(edit.date().toString("yyyy-MM-dd"))


def plain(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class EntryDialog(WorkDialog):
    """A form whose fields are checked as they are filled; OK runs ``request()`` on the worker
    (the error line, buttons and worker call are ``WorkDialog``'s)."""

    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.form = QFormLayout()
        self.hints: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.finish_layout(layout)

    def add_field(self, name: str, label: str, widget: QWidget, note: str = "") -> None:
        """A row: the widget, an optional grey note, and the hint line for its problems."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if note:
            grey = plain(box, note)
            grey.setStyleSheet("color: #555;")
            column.addWidget(grey)
        hint = plain(box, "")
        hint.setObjectName(f"hint_{name}")
        hint.setStyleSheet(HINT_STYLE)
        hint.hide()
        column.addWidget(hint)
        self.hints[name] = hint
        self.form.addRow(label, box)

        def touched(*_args: object) -> None:
            self._touch(name)

        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(touched)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(touched)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(touched)

    def add_info(self, label: str, text: str) -> QLabel:
        info = plain(self, text)
        self.form.addRow(label, info)
        return info

    # -- checking -----------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Field name -> what is wrong with it (only wrong fields)."""
        raise NotImplementedError

    def request(self) -> Callable[[], Any]:
        """The worker call for what the (clean) form holds."""
        raise NotImplementedError

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self.refresh()

    def refresh(self) -> dict[str, str]:
        found = self.problems()
        for name, hint in self.hints.items():
            text = found.get(name, "") if name in self._touched else ""
            hint.setText(text)
            hint.setVisible(bool(text))
        if not any(found.get(n) for n in self._touched):
            self.error_line.clear_message()
        self._fit()
        return found

    def _fit(self) -> None:
        """Grow to the wrapped lines' height: a form's minimum size does not count them."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def submit(self) -> None:
        self._touched.update(self.hints)
        if self.refresh():
            self.error_line.show_message(
                QCoreApplication.translate(
                    "EntryDialog", "Correct the marked fields first. Nothing was saved."
                )
            )
            self._fit()
            return
        super().submit()

    def _on_error(self, exc: BaseException) -> None:
        super()._on_error(exc)
        self._fit()
