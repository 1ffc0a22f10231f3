"""The import wizard's steps as widgets: the file, the columns, and the end (the preview is in
import_preview.py). They show what the wizard (import_wizard.py) gives them; no service calls."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS
from xueji_desktop.core.import_cells import FAMILY_MEMBERS_IN_TEMPLATE
from xueji_desktop.problem_text import field_text
from xueji_desktop.services.import_model import ImportResult
from xueji_desktop.services.records_common import Course, Term
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.services.xlsx_out import column_letter
from xueji_desktop.ui import import_ops
from xueji_desktop.ui.i18n import language

MODES = ("students", "history", "corrections", "grades", "destinations")


class FilePage(QWidget):
    """Step 1: the workbook, its sheet, and what kind of list it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(self.tr("Choose file…"), self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.setAutoDefault(False)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.setEnabled(False)
        self.sheet_info = QLabel(self)
        self.sheet_info.setObjectName("sheetInfo")
        self.sheet_info.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Excel file:"), path_row)
        form.addRow(self.tr("Sheet:"), self.sheet_combo)
        form.addRow("", self.sheet_info)
        self.mode_group = QButtonGroup(self)
        explained = {
            "students": (
                self.tr("New students"),
                self.tr("A list of new students, e.g. from the admissions office. Students "
                        "already in the archive (same ID number) are updated."),
            ),
            "history": (
                self.tr("Earlier graduates (from paper records)"),
                self.tr("Old records typed in from paper: name, birth date, major, year of "
                        "entry and year of leaving are enough."),
            ),
            "corrections": (
                self.tr("Corrections from a head teacher"),
                self.tr("The check sheet a head teacher returned: only changes of students "
                        "already in the archive, found by student no. or ID number."),
            ),
            "grades": (
                self.tr("Grade sheet"),
                self.tr("A grade sheet a teacher filled in (the grade sheet or blank grade "
                        "sheet exported from here, or a sheet with the student no. and one "
                        "column per course)."),
            ),
            "destinations": (
                self.tr("Graduates' destinations"),
                self.tr("Student no., name, destination (employment, further study, military, "
                        "stage transfer or other), employer or school, matches major, date, "
                        "remark: the sheet exported from Classes, Destinations…"),
            ),
        }  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("What kind of list is it?"), self))
        for mode in MODES:
            title, hint = explained[mode]
            button = QRadioButton(title, self)
            button.setObjectName(f"mode_{mode}")
            button.setProperty("mode", mode)
            self.mode_group.addButton(button)
            note = QLabel(hint, self)
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 4)
            note.setStyleSheet("color: #555;")
            layout.addWidget(button)
            layout.addWidget(note)
        # A grade sheet names its term, class and course in its title row; a sheet without
        # one needs them chosen here.
        self.grade_box = QWidget(self)
        grade_form = QFormLayout(self.grade_box)
        grade_form.setContentsMargins(24, 0, 0, 0)
        self.term_combo = QComboBox(self.grade_box)
        self.term_combo.setObjectName("gradeTerm")
        self.class_combo = QComboBox(self.grade_box)
        self.class_combo.setObjectName("gradeClass")
        self.course_combo = QComboBox(self.grade_box)
        self.course_combo.setObjectName("gradeCourse")
        grade_form.addRow(self.tr("Term:"), self.term_combo)
        grade_form.addRow(self.tr("Class:"), self.class_combo)
        grade_form.addRow(self.tr("Course:"), self.course_combo)
        layout.addWidget(self.grade_box)
        self.grade_box.hide()
        self.choices_loaded = False
        self.mode_group.buttons()[0].setChecked(True)
        layout.addStretch(1)

    def fill_grade_choices(self, terms: Sequence[Term], classes: Sequence[ClassGroup],
                           courses: Sequence[Course]) -> None:  # fmt: skip
        """The lists, each starting with "as the sheet's title says"."""
        self.choices_loaded = True
        for combo, items in (
            (self.term_combo, [(t.name, t.id) for t in terms]),
            (self.class_combo, [(c.name, c.id) for c in classes]),
            (self.course_combo, [(c.name, c.id) for c in courses]),
        ):
            combo.clear()
            combo.addItem(self.tr("As the sheet's title says"), None)
            for text, value in items:
                combo.addItem(text, value)

    def grade_ids(self) -> tuple[int | None, int | None, int | None]:
        """(term, course, class) chosen; None: from the sheet's title row."""
        return (self.term_combo.currentData(), self.course_combo.currentData(),
                self.class_combo.currentData())  # fmt: skip

    def mode(self) -> str:
        checked = self.mode_group.checkedButton()
        return str(checked.property("mode")) if checked is not None else MODES[0]

    def set_mode(self, mode: str) -> None:
        for button in self.mode_group.buttons():
            button.setChecked(button.property("mode") == mode)
        self.grade_box.setVisible(mode == "grades")


class MappingPage(QWidget):
    """Step 2: each column of the sheet as written, and the field it goes into."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._required: tuple[str, ...] = ()
        self._combos: dict[int, QComboBox] = {}
        self._notes: dict[int, str] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.unknown_label = QLabel(self)
        self.unknown_label.setObjectName("unknownColumns")
        self.unknown_label.setWordWrap(True)
        self.unknown_label.setTextFormat(Qt.TextFormat.PlainText)  # header texts from the file
        self.unknown_label.setStyleSheet("color: #5c3d00; background: #fff4d6; padding: 4px 8px;")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Header in the file"), self.tr("Imported as"),
             self.tr("Note")]
        )  # fmt: skip
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.missing_label = QLabel(self)
        self.missing_label.setObjectName("missingFields")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #8a1c12;")
        self.remember_check = QCheckBox(
            self.tr("Remember these columns for files laid out like this one"), self
        )
        self.remember_check.setObjectName("rememberLayout")
        self.remember_check.setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.unknown_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.remember_check)

    def set_loaded(self, loaded: import_ops.Loaded) -> None:
        match = loaded.match
        # Only a new-student list must hold every required field; the other modes name their
        # missing key columns when checked (the service decides, ImportColumnsMissing).
        self._required = (
            tuple(
                dict.fromkeys(
                    [*match.missing, *(f for f in match.columns.values() if _required(f))]
                )
            )
            if loaded.mode == "students"
            else ()
        )
        choices = self.field_choices(loaded.mode, match.columns.values())
        self.intro.setText(
            self.tr("Row %1 of sheet “%2” is taken as the header row. Check the field each "
                    "column goes into; choose “Not imported” for columns to leave out.")
            .replace("%1", str(loaded.header_index + 1))
            .replace("%2", loaded.sheet.name)
        )  # fmt: skip
        self._notes = {i: self.tr("Not recognised: not imported") for i, _ in match.unknown}
        for index, name in match.repeated:
            first = match.by_field.get(name)
            note = self.tr("Same field as column %1: not imported")
            self._notes[index] = note.replace(
                "%1", column_letter(first if first is not None else 0)
            )
        sep = ", " if language() == "en" else "、"
        unknown = sep.join(f"{column_letter(i)} {text}" for i, text in match.unknown)
        self.unknown_label.setText(
            self.tr("Columns not recognised (not imported unless you choose a field): %1").replace(
                "%1", unknown
            )
        )
        self.unknown_label.setVisible(bool(match.unknown))
        headers = loaded.headers
        shown = [i for i, text in enumerate(headers) if text.strip()]
        self.table.setRowCount(len(shown))
        self._combos = {}
        for row, index in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(column_letter(index)))
            self.table.setItem(row, 1, QTableWidgetItem(headers[index].replace("\n", " ")))
            combo = QComboBox(self.table)
            combo.setObjectName(f"fieldCombo_{index}")
            combo.addItem(self.tr("Not imported"), "")
            for name, label in choices:
                combo.addItem(label, name)
            chosen = match.columns.get(index, "")
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(self._refresh)
            self.table.setCellWidget(row, 2, combo)
            self.table.setItem(row, 3, QTableWidgetItem())
            self._combos[index] = combo
        self._refresh()

    def field_choices(self, mode: str, matched: Iterable[str]) -> list[tuple[str, str]]:
        """(field, label) for the combos: the record's fields, the family members' columns of
        the national template, 历史补录's years, and anything else the match used."""
        names = [spec.name for spec in STUDENT_FIELDS]
        names += [
            f"family_members.{n}.{spec.name}"
            for n in range(FAMILY_MEMBERS_IN_TEMPLATE)
            for spec in FAMILY_FIELDS
        ]
        history = {
            "intake_year": self.tr("Year of entry"),
            "leaving_year": self.tr("Year of leaving"),
            "leaving_mode": self.tr("How the student left"),
            "leaving_date": self.tr("Date of leaving"),
        }
        if mode == "history":
            # 离校方式 may also come from 学籍状态 or 毕业结论; 毕业证书编号 is kept
            names += [*history, "status", "graduation_outcome", "diploma_no"]
        names += [n for n in matched if n not in names]
        return [(n, history.get(n) or field_text(n, language())) for n in names]

    def mapping(self) -> dict[int, str]:
        return {i: str(c.currentData()) for i, c in self._combos.items() if c.currentData()}

    def set_field(self, column: int, name: str) -> None:
        combo = self._combos[column]
        combo.setCurrentIndex(max(0, combo.findData(name)))

    def conflicts(self) -> dict[int, int]:
        """Columns given a field an earlier column already has: column → that earlier column."""
        seen: dict[str, int] = {}
        out: dict[int, int] = {}
        for index, name in sorted(self.mapping().items()):
            if name in seen:
                out[index] = seen[name]
            else:
                seen[name] = index
        return out

    def _refresh(self) -> None:
        conflicts = self.conflicts()
        rows = {index: row for row, index in enumerate(self._combos)}
        for index, row in rows.items():
            item = self.table.item(row, 3)
            assert item is not None  # made with the row in set_loaded
            if index in conflicts:
                text = self.tr("Same field as column %1: choose another or “Not imported”")
                item.setText(text.replace("%1", column_letter(conflicts[index])))
                item.setForeground(Qt.GlobalColor.red)
            else:
                chosen = bool(self._combos[index].currentData())
                item.setText("" if chosen else self._notes.get(index, ""))
                item.setForeground(Qt.GlobalColor.darkGray)
        taken = set(self.mapping().values())
        missing = [field_text(f, language()) for f in self._required if f not in taken]
        sep = ", " if language() == "en" else "、"
        self.missing_label.setText(
            self.tr(
                "Required fields no column holds: %1. The records come in as drafts with these "
                "fields empty; fill them in before confirming."
            )
            .replace("%1", sep.join(missing)) if missing else ""
        )  # fmt: skip
        self.missing_label.setVisible(bool(missing))
        self.changed.emit()


def _required(name: str) -> bool:
    return any(spec.name == name and spec.required for spec in STUDENT_FIELDS)


class DonePage(QWidget):
    """Step 4: what was written, and the error file for the rows left out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("doneSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.save_errors_button = QPushButton(self.tr("Save the error file…"), self)
        self.save_errors_button.setObjectName("saveErrorsDone")
        self.save_errors_button.setAutoDefault(False)
        self.show_button = QPushButton(self.tr("Show these students"), self)
        self.show_button.setObjectName("showImported")
        self.show_button.setAutoDefault(False)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.save_errors_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.saved_label)
        layout.addStretch(1)

    def set_result(
        self, result: ImportResult, left_out: int, *, grades: bool = False,
        destinations: bool = False,
    ) -> None:  # fmt: skip
        text = (
            self.tr("Import finished: %1 grades added, %2 changed, %3 rows not imported.")
            if grades
            else self.tr(
                "Import finished: %1 destinations recorded, %2 changed, %3 rows not imported."
            )
            if destinations
            else self.tr("Import finished: %1 students added, %2 updated, %3 rows not imported.")
        )
        self.summary.setText(
            text.replace("%1", str(result.added))
            .replace("%2", str(result.updated))
            .replace("%3", str(result.skipped))
        )
        self.hint.setText(
            self.tr("%1 rows had errors or were duplicates. Save the error file, correct those "
                    "rows in it and import it again.").replace("%1", str(left_out))
            if left_out else ""
        )  # fmt: skip
        self.hint.setVisible(bool(left_out))
        self.save_errors_button.setVisible(bool(left_out))
        self.show_button.setVisible(bool(result.ids) and not grades)
        self.saved_label.clear()
