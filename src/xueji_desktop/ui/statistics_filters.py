"""The statistics page's filter bar: intake year, major, class, "as of" a date, graduates' year.

The filters select students by their record as it is now (current class and major: the services
do not trace a class back through the 学籍异动 history); the page says so under the bar. The
class list follows the chosen intake and major.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from xueji_desktop.services.statistics import StatFilter
from xueji_desktop.ui import i18n
from xueji_desktop.ui.statistics_ops import Choices


def qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> datetime.date:
    return datetime.date(day.year(), day.month(), day.day())


def year_text(year: int) -> str:
    return f"{year}级" if i18n.language() == "zh" else f"intake {year}"


class FilterBar(QWidget):
    """``changed`` whenever a filter, the date or the graduates' year changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsFilters")
        self._choices: Choices | None = None
        self.intake_combo = QComboBox(self)
        self.intake_combo.setObjectName("intakeCombo")
        self.major_combo = QComboBox(self)
        self.major_combo.setObjectName("majorCombo")
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("classCombo")
        self.class_combo.setMinimumContentsLength(12)
        self.as_of_check = QCheckBox(self.tr("As it stood on"), self)
        self.as_of_check.setObjectName("asOfCheck")
        self.as_of_check.setToolTip(
            self.tr("Count each student's status on that day, from the history of status changes")
        )
        self.as_of_edit = QDateEdit(self)
        self.as_of_edit.setObjectName("asOfEdit")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setEnabled(False)
        self.graduates_combo = QComboBox(self)
        self.graduates_combo.setObjectName("graduatesCombo")
        for combo in (
            self.intake_combo,
            self.major_combo,
            self.class_combo,
            self.graduates_combo,
        ):  # filled after the first show: as wide as the longest entry, whenever filled
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for caption, widget in (
            (self.tr("Intake"), self.intake_combo),
            (self.tr("Major"), self.major_combo),
            (self.tr("Class"), self.class_combo),
        ):
            row.addWidget(QLabel(caption, self))
            row.addWidget(widget)
        row.addSpacing(12)
        row.addWidget(self.as_of_check)
        row.addWidget(self.as_of_edit)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Graduates of"), self))
        row.addWidget(self.graduates_combo)
        row.addStretch(1)

        self.intake_combo.currentIndexChanged.connect(self._narrow_classes)
        self.major_combo.currentIndexChanged.connect(self._narrow_classes)
        self.class_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.graduates_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.as_of_check.toggled.connect(self._as_of_toggled)
        self.as_of_edit.dateChanged.connect(lambda _d: self._date_changed())

    def set_choices(self, choices: Choices, today: datetime.date) -> None:
        self._choices = choices
        for combo in (self.intake_combo, self.major_combo, self.graduates_combo):
            combo.blockSignals(True)
            combo.clear()
        self.intake_combo.addItem(self.tr("All intakes"), None)
        for year in choices.intake_years:
            self.intake_combo.addItem(year_text(year), year)
        self.major_combo.addItem(self.tr("All majors"), None)
        for major in choices.majors:
            self.major_combo.addItem(major.name, major.code)
        self.graduates_combo.addItem(self.tr("the latest year"), None)
        years = {c.graduation_year for c in choices.classes if c.graduation_year}
        for year in sorted(years, reverse=True):
            self.graduates_combo.addItem(str(year), year)
        for combo in (self.intake_combo, self.major_combo, self.graduates_combo):
            combo.blockSignals(False)
        self.as_of_edit.blockSignals(True)
        self.as_of_edit.setMaximumDate(qdate(today))
        self.as_of_edit.setDate(qdate(today))
        self.as_of_edit.blockSignals(False)
        self._fill_classes()

    def _fill_classes(self) -> None:
        kept = self.class_combo.currentData()
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItem(self.tr("All classes"), None)
        intake, major = self.intake_combo.currentData(), self.major_combo.currentData()
        for c in self._choices.classes if self._choices else ():
            if (intake is None or c.intake_year == intake) and (
                major is None or c.major_code == major
            ):
                self.class_combo.addItem(c.name, c.id)
        index = self.class_combo.findData(kept) if kept is not None else 0
        self.class_combo.setCurrentIndex(max(0, index))
        self.class_combo.blockSignals(False)

    def _narrow_classes(self, _index: int) -> None:
        self._fill_classes()
        self.changed.emit()

    def _as_of_toggled(self, on: bool) -> None:
        self.as_of_edit.setEnabled(on)
        self.changed.emit()

    def _date_changed(self) -> None:
        if self.as_of_check.isChecked():
            self.changed.emit()

    # -- what is chosen ---------------------------------------------------------------------

    def filters(self) -> StatFilter:
        return StatFilter(
            intake_year=self.intake_combo.currentData(),
            major_code=self.major_combo.currentData(),
            class_group_id=self.class_combo.currentData(),
        )

    def as_of(self) -> datetime.date | None:
        return pydate(self.as_of_edit.date()) if self.as_of_check.isChecked() else None

    def graduation_year(self) -> int | None:
        year = self.graduates_combo.currentData()
        return year if isinstance(year, int) else None

    def set_as_of(self, day: datetime.date | None) -> None:
        if day is not None:
            self.as_of_edit.setDate(qdate(day))
        self.as_of_check.setChecked(day is not None)

    def describe(self, today: datetime.date) -> str:
        """The filters in words, for the note of an Excel sheet or a PDF: each one labelled,
        with the punctuation of the language (统计日期：2025年1月1日；专业：…；班级：…。)."""
        day = self.as_of() or today
        zh = i18n.language() != "en"
        shown = f"{day.year}年{day.month}月{day.day}日" if zh else day.isoformat()
        parts = [self.tr("As of %1").replace("%1", shown)]
        for caption, combo in (
            (self.tr("Intake: %1"), self.intake_combo),
            (self.tr("Major: %1"), self.major_combo),
            (self.tr("Class: %1"), self.class_combo),
        ):
            if combo.currentData() is not None:
                parts.append(caption.replace("%1", combo.currentText()))
        text = ("；" if zh else "; ").join(parts)
        if len(parts) > 1:
            end = "。" if zh else ". "
            text += end + self.tr("Filtered by each student's current class and major.")
        return text

    def not_yet_text(self) -> str:
        """With a past date: the chosen class or intake had no students yet on that day (its
        intake came later), said instead of leaving the zeros unexplained; else empty."""
        day = self.as_of()
        if day is None or self._choices is None:
            return ""
        class_id = self.class_combo.currentData()
        found = [c for c in self._choices.classes if c.id == class_id]
        if found and found[0].intake_year > day.year:
            text = self.tr("%1 had no students yet on %2: its intake came later.")
            return text.replace("%1", found[0].name).replace("%2", day.isoformat())
        intake = self.intake_combo.currentData()
        if isinstance(intake, int) and intake > day.year:
            text = self.tr("The %1 intake had no students yet on %2.")
            return text.replace("%1", self.intake_combo.currentText()).replace(
                "%2", day.isoformat()
            )
        return ""
