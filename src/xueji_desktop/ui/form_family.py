"""家庭成员 on the entry form: one box per member (the template's 成员1, 成员2 …), editors from
``form_fields``, the member's problems listed under its fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.fields import FAMILY_FIELDS
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import FIELD_NAMES_EN, problem_text
from xueji_desktop.ui import i18n
from xueji_desktop.ui.form_fields import make_editor

PER_ROW = 3  # fields side by side in a member's box


def set_problem(editor: QWidget, severity: str) -> None:
    """Mark an editor red (error), amber (warning) or plain ("")."""
    if editor.property("problem") == severity:
        return
    editor.setProperty("problem", severity)
    for widget in (editor, *editor.findChildren(QWidget)):
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def required_label(text: str, required: bool) -> str:
    """Rich text of a field label; a red star marks what confirmation needs."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return escaped + ('<span style="color:#c62828"> *</span>' if required else "")


class FamilyMemberBox(QGroupBox):
    committed = Signal()
    removeRequested = Signal(object)

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        lang = i18n.language()
        for i, spec in enumerate(FAMILY_FIELDS):
            row, col = divmod(i, PER_ROW)
            shown = FIELD_NAMES_EN.get(spec.name, spec.label) if lang == "en" else spec.label
            label = QLabel(required_label(shown, spec.required), self)
            editor = make_editor(spec, self)
            editor.setMinimumWidth(150)
            editor.setObjectName(f"family_{spec.name}")
            editor.committed.connect(self.committed.emit)
            label.setBuddy(editor)
            grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(editor, row, col * 2 + 1)
            self.editors[spec.name] = editor
        layout.addLayout(grid)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #8a1c12;")
        self.message.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        self.remove_button = QPushButton(self.tr("Remove this member"), self)
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        bottom.addStretch(0)
        bottom.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bottom)
        self.set_number(number)

    def set_number(self, number: int) -> None:
        self.setTitle(self.tr("Family member %1").replace("%1", str(number)))

    def values(self) -> dict[str, str]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def set_values(self, member: Mapping[str, Any]) -> None:
        for name, editor in self.editors.items():
            value = member.get(name)
            editor.set_value("" if value is None else str(value))

    def is_empty(self) -> bool:
        return not any(self.values().values())

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Problems of this member, with paths "family_members.<i>.<name>"."""
        worst: dict[str, str] = {}
        for p in problems:
            name = p.field.rsplit(".", 1)[-1]
            if worst.get(name) != "error":
                worst[name] = p.severity
        for name, editor in self.editors.items():
            set_problem(editor, worst.get(name, ""))
        lang = i18n.language()
        text = "\n".join(problem_text(p, lang) for p in problems)
        self.message.setText(text)
        self.message.setVisible(bool(text))


class FamilySection(QWidget):
    """The list of family members with 添加/删除; the template has room for two, more are fine."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: list[FamilyMemberBox] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add a family member"), self)
        self.add_button.clicked.connect(self._add_clicked)
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _add_clicked(self) -> None:
        box = self.add_member()
        next(iter(box.editors.values())).setFocus()

    def add_member(self, member: Mapping[str, Any] | None = None) -> FamilyMemberBox:
        box = FamilyMemberBox(len(self.boxes) + 1, self)
        if member:
            box.set_values(member)
        box.committed.connect(self.committed.emit)
        box.removeRequested.connect(self._remove)
        self._layout.insertWidget(len(self.boxes), box)
        self.boxes.append(box)
        return box

    def _remove(self, box: FamilyMemberBox) -> None:
        self.boxes.remove(box)
        box.deleteLater()
        for i, other in enumerate(self.boxes, start=1):
            other.set_number(i)
        self.committed.emit()

    def set_members(self, members: Iterable[Mapping[str, Any]]) -> None:
        for box in self.boxes:
            box.deleteLater()
        self.boxes = []
        for member in members:
            self.add_member(member)

    def values(self) -> list[dict[str, str]]:
        """The members the clerk filled in (boxes left completely empty are ignored)."""
        return [box.values() for box in self.boxes if not box.is_empty()]

    def show_problems(self, problems: Sequence[Problem]) -> None:
        filled = [box for box in self.boxes if not box.is_empty()]
        for box in self.boxes:
            box.show_problems([])
        for i, box in enumerate(filled):
            prefix = f"family_members.{i}."
            box.show_problems([p for p in problems if p.field.startswith(prefix)])

    def set_editable(self, editable: bool) -> None:
        self.add_button.setVisible(editable)
        for box in self.boxes:
            box.remove_button.setVisible(editable)
            for editor in box.editors.values():
                editor.setEnabled(editable)
