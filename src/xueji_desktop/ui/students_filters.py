"""The five filter lists above the student list: class, major, intake, status and report state.

The page owns the query; this keeps the lists, what each has chosen, and filters asked for before
the class/major/intake choices arrived from the worker. Texts keep the translation context
``StudentsPage``, where they were first written, so their Chinese stays with them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from xueji_desktop.ui import student_ops
from xueji_desktop.ui.student_model import (
    REPORT_STATUSES,
    STATUSES,
    report_status_label,
    status_label,
)

# The activate() arguments that preset a filter, in the order of StudentFilters.combos().
FILTER_KEYS = ("class_id", "major_code", "intake_year", "status", "report_status")


def chosen(combo: QComboBox) -> Any:
    """The value a filter list has chosen, None for "all"."""
    # Item 0 means "all"; it carries no data (an item holding None crashed PySide6 after
    # repeated currentData() calls: a refcount bug in the None conversion).
    return None if combo.currentIndex() <= 0 else combo.currentData()


class StudentFilters:
    """The filter lists (made as children of ``parent``, laid out in ``row``)."""

    def __init__(self, parent: QWidget, row: QHBoxLayout, changed: Callable[[], None]) -> None:
        self._parent = parent
        self._changed = changed
        self.pending: dict[str, object] = {}  # presets waiting for their choices to arrive
        self.class_combo = self._combo(
            "classFilter", QCoreApplication.translate("StudentsPage", "All classes")
        )
        self.major_combo = self._combo(
            "majorFilter", QCoreApplication.translate("StudentsPage", "All majors")
        )
        self.intake_combo = self._combo(
            "intakeFilter", QCoreApplication.translate("StudentsPage", "All intakes")
        )
        self.status_combo = self._combo(
            "statusFilter", QCoreApplication.translate("StudentsPage", "All statuses")
        )
        for code in STATUSES:
            self.status_combo.addItem(status_label(code), code)
        self.report_combo = self._combo(
            "reportFilter", QCoreApplication.translate("StudentsPage", "All report states")
        )
        for code in REPORT_STATUSES:
            self.report_combo.addItem(report_status_label(code), code)
        for combo in self.combos():
            row.addWidget(combo, 1)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self._parent)
        combo.setObjectName(name)
        combo.addItem(everything)  # no item data: see chosen()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.currentIndexChanged.connect(lambda _i: self._changed())
        return combo

    def combos(self) -> tuple[QComboBox, ...]:
        return (
            self.class_combo,
            self.major_combo,
            self.intake_combo,
            self.status_combo,
            self.report_combo,
        )

    def any_chosen(self) -> bool:
        return any(c.currentIndex() > 0 for c in self.combos())

    def clear(self) -> None:
        """Back to "all" everywhere, without asking for the list once per list."""
        for combo in self.combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def fill(self, choices: student_ops.FilterChoices) -> None:
        """Add the archive's classes, majors and intakes (read on the worker) to their lists."""
        years = [
            (y, QCoreApplication.translate("StudentsPage", "%1 intake").replace("%1", str(y)))
            for y in choices.intake_years
        ]
        # Every list holds (value, shown text) pairs.
        filled: tuple[tuple[QComboBox, list[tuple[Any, str]]], ...] = (
            (self.class_combo, list(choices.classes)),
            (self.major_combo, list(choices.majors)),
            (self.intake_combo, years),
        )
        for combo, items in filled:
            combo.blockSignals(True)
            for data, text in items:
                combo.addItem(text, data)
            combo.blockSignals(False)

    def apply_pending(self) -> bool:
        """Choose the pending presets; True when there were any (the list must be asked again).

        A preset whose choice is not there yet stays pending until the choices arrive."""
        pending, self.pending = self.pending, {}
        if not pending:
            return False
        missing = False
        for key, combo in zip(FILTER_KEYS, self.combos(), strict=True):
            if key not in pending:
                continue
            index = combo.findData(pending[key])
            combo.blockSignals(True)
            if index >= 0:
                combo.setCurrentIndex(index)
            else:
                missing = True
            combo.blockSignals(False)
        if missing and not self.loaded_fully():
            self.pending = pending  # choices not here yet: apply when they arrive
        return True

    def loaded_fully(self) -> bool:
        return self.class_combo.count() > 1 or self.major_combo.count() > 1
