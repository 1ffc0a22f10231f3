"""The editors of the student entry form: a searchable code combo, the region cascade, plain text.

Every editor offers the same small surface to the form: ``value() -> str`` (what goes to
``core.validation.check_student``: a code, a label, or the raw text the clerk typed, so that the
shared rules and not the widget say what is wrong), ``set_value(str)``, ``set_problem(severity)``
and the ``committed`` signal, emitted when the clerk leaves the field or picks an entry, which is
when the form validates (never at every keystroke).

The searchable combo and its pinyin search are in ``form_combo``, the region cascade in
``form_regions``; both are re-exported here, where the form and its tests find every editor.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from xueji_desktop.core import codes
from xueji_desktop.core.fields import FieldSpec
from xueji_desktop.ui.form_combo import (
    Choice,
    ChoiceFilter,
    ChoiceModel,
    SearchCombo,
    exact_match,
    make_choices,
    search_key,
)
from xueji_desktop.ui.form_regions import RegionField, region_choices

__all__ = [
    "BOOL_CHOICES",
    "PROBLEM_STYLE",
    "BoolCombo",
    "Choice",
    "ChoiceFilter",
    "ChoiceModel",
    "CodeCombo",
    "RegionField",
    "SearchCombo",
    "TextField",
    "exact_match",
    "make_choices",
    "make_editor",
    "region_choices",
    "search_key",
    "table_choices",
]

# Red frame for an error, amber for a warning (set through the "problem" dynamic property).
PROBLEM_STYLE = (
    '*[problem="error"] { border: 2px solid #c62828; border-radius: 3px; background: #fff5f5; }'
    '*[problem="warning"] { border: 2px solid #d08a00; border-radius: 3px; }'
)


@functools.cache
def table_choices(table: str) -> tuple[Choice, ...]:
    """The offered entries of a national code table with their search keys (computed once).

    Entries whose template label is shared (学生类别 331, 33110 and 33120 are all exported as
    调整后中职学生) show their full official label instead, so the clerk can tell them apart."""
    pairs = codes.choices(table)
    shown = [label for _code, label in pairs]
    full = codes.get_table(table).labels
    return make_choices(
        [(code, full[code] if shown.count(label) > 1 else label) for code, label in pairs]
    )


BOOL_CHOICES: tuple[Choice, ...] = make_choices((("是", "是"), ("否", "否")))


class CodeCombo(SearchCombo):
    """A combo over one national code table; typed codes, labels and aliases are understood."""

    def __init__(self, table: str, parent: QWidget | None = None) -> None:
        self.table = table
        super().__init__(table_choices(table), parent)

    def resolve(self, text: str) -> str:
        return (codes.code_of(self.table, text) or text) if text else ""

    def set_value(self, value: str, label: str = "") -> None:
        value = "" if value is None else str(value)
        super().set_value(value, label or (codes.label_of(self.table, value) if value else ""))


class BoolCombo(SearchCombo):
    """是 / 否; stored as 1 / 0 by the services."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BOOL_CHOICES, parent)

    def set_value(self, value: str, label: str = "") -> None:
        shown = {"1": "是", "0": "否", "True": "是", "False": "否"}.get(str(value), str(value))
        super().set_value("" if value in (None, "") else shown)


class TextField(QLineEdit):
    """Free text, a date (2010-03-15), a month (202509), a number or a phone."""

    committed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(max(spec.max_len * 2, 40))  # the rules report too_long, not the widget
        placeholder = {"date": "2010-03-15", "month": "202509", "phone": "13812345678"}
        self.setPlaceholderText(placeholder.get(spec.kind, ""))
        self.editingFinished.connect(self.committed.emit)

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: str) -> None:
        self.setText("" if value is None else str(value))


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> QWidget:
    """The editor for one field of the registry (major and class are filled by the form)."""
    if spec.kind == "code" and spec.table:
        return CodeCombo(spec.table, parent)
    if spec.kind == "bool":
        return BoolCombo(parent)
    if spec.kind == "region":
        return RegionField(parent)
    if spec.kind in ("major", "class_group"):
        return SearchCombo((), parent)
    return TextField(spec, parent)
