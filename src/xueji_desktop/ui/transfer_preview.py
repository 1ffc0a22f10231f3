"""The preview step of the 转入 dialog: what a student record package holds, its fingerprint to
compare, the class its 转出 students join, and each student with what stands in the way.

Only display: the checks are the service's (transfer_import.read_package), which has already
verified every file's hash and the signature before anything here is shown.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.transfer_import import PackagePreview
from xueji_desktop.ui import transfer_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.record_tabs import fit, rows_table
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.transfer_export_dialog import mono, note

_CTX = "PreviewStudentsModel"


def local_time(stamp: str) -> str:
    """A UTC ISO time from the package as this computer's local "YYYY-MM-DD HH:MM"."""
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:16].replace("T", " ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class PreviewStudentsModel(RowTableModel):
    """The students a package would add, with what stands in the way of each."""

    CONTEXT = _CTX
    HEADERS = (
        QT_TRANSLATE_NOOP("PreviewStudentsModel", "Name"),
        QT_TRANSLATE_NOOP("PreviewStudentsModel", "Student no."),
        QT_TRANSLATE_NOOP("PreviewStudentsModel", "ID number"),
        QT_TRANSLATE_NOOP("PreviewStudentsModel", "Status at the sender"),
        QT_TRANSLATE_NOOP("PreviewStudentsModel", "Can be taken in?"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = language()
        self.class_chosen = False  # a chosen class resolves the students' class_problems

    def set_class_chosen(self, chosen: bool) -> None:
        if chosen != self.class_chosen:
            self.class_chosen = chosen
            rows = self.rowCount()
            if rows:
                self.dataChanged.emit(self.index(0, 4), self.index(rows - 1, 4))

    def open_problems(self, student: object) -> list[Problem]:
        found = list(getattr(student, "problems", ()))
        if not self.class_chosen:
            found += list(getattr(student, "class_problems", ()))
        return found

    def problems(self, student: object) -> list[str]:
        return [problem_text(p, self.lang) for p in self.open_problems(student)]

    def hard_blocked(self, student: object) -> bool:
        """Refused whatever class is chosen."""
        return bool(getattr(student, "problems", ())) or bool(getattr(student, "exists", False))

    def blocked(self, student: object) -> bool:
        # Any problem left refuses the whole package (the service takes it in whole or not at
        # all); a problem the chosen class resolves (the major) no longer counts once chosen.
        return bool(self.open_problems(student)) or bool(getattr(student, "exists", False))

    def cell(self, item: object, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and self.blocked(item):
            return QColor("#a61b0f")
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return "\n".join(self.problems(item)) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return getattr(item, "name", "")
        if column == 1:
            return getattr(item, "student_no", "")
        if column == 2:
            return getattr(item, "id_masked", "")
        if column == 3:
            return messages.status_label(getattr(item, "status", ""), self.lang)
        found = self.problems(item)
        if found:
            return "；".join(found) if self.lang == "zh" else "; ".join(found)
        if getattr(item, "exists", False):
            return self.tr_header("No: already in this archive")
        return self.tr_header("Yes")


QT_TRANSLATE_NOOP("PreviewStudentsModel", "No: already in this archive")
QT_TRANSLATE_NOOP("PreviewStudentsModel", "Yes")


class PreviewStep(QWidget):
    """``changed`` when the clerk ticks the comparison or picks the class."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start: transfer_ops.ImportStart | None = None
        self.school_label = QLabel(self)
        self.school_label.setObjectName("sourceSchool")
        self.made_label = QLabel(self)
        self.reason_label = QLabel(self)
        self.receiver_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.fingerprint_label = mono(QLabel(self))
        self.fingerprint_label.setObjectName("packageFingerprint")
        self.compared_check = QCheckBox(
            self.tr("It is the same fingerprint the sending school told me"), self
        )
        self.compared_check.setObjectName("comparedCheck")
        self.compared_check.toggled.connect(lambda _c: self.changed.emit())
        self.class_label = QLabel(self.tr("Class they join:"), self)
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("transferClass")
        self.class_combo.setMinimumContentsLength(16)
        self.class_combo.currentIndexChanged.connect(lambda _i: self._class_changed())
        self.placement_note = note(
            self.tr(
                "The students join this class and take its major; the sending school's major "
                "stays in their transferred records."
            ),
            self,
        )
        self.placement_note.setObjectName("placementNote")
        # Whether this sending archive was seen before, and with which fingerprint.
        self.key_label = QLabel(self)
        self.key_label.setObjectName("keyState")
        self.key_label.setWordWrap(True)
        self.practice_label = note(
            self.tr("Made in a practice archive: its students are fictitious."), self
        )
        self.practice_label.setObjectName("practicePackage")
        form = QFormLayout()
        form.addRow(self.tr("From:"), self.school_label)
        form.addRow(self.tr("Made on:"), self.made_label)
        form.addRow(self.tr("Why:"), self.reason_label)
        form.addRow(self.tr("For:"), self.receiver_label)
        form.addRow(self.tr("Contents:"), self.counts_label)
        form.addRow(self.class_label, self.class_combo)
        form.addRow("", self.placement_note)
        form.addRow("", self.practice_label)
        # The comparison is the receiver's proof of who made the package: a box of its own.
        check = QGroupBox(self.tr("Fingerprint"), self)
        check.setObjectName("fingerprintBox")
        check_layout = QVBoxLayout(check)
        check_layout.addWidget(self.fingerprint_label)
        check_layout.addWidget(self.key_label)
        check_layout.addWidget(
            note(
                self.tr(
                    "Compare it with the fingerprint the sending school told you (by telephone "
                    "or on their handover list), or with the verification key fingerprint "
                    "printed on their transcripts. If they differ, do not take the package in."
                ),
                check,
            )
        )
        check_layout.addWidget(self.compared_check)
        self.model = PreviewStudentsModel(self)
        self.table = rows_table(self.model, self)  # type: ignore[arg-type]
        self.table.setObjectName("previewStudents")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(check)
        layout.addWidget(self.table, 1)

    def needs_class(self) -> bool:
        return self.start is not None and self.start.preview.reason == "transfer_out"

    def offers_class(self) -> bool:
        """A 转出 package needs a class; a handover one may take one to resolve its students'
        major (not set up here): they then take the class's major."""
        if self.start is None:
            return False
        return self.needs_class() or any(s.class_problems for s in self.start.preview.students)

    def _class_changed(self) -> None:
        self.model.set_class_chosen(isinstance(self.class_combo.currentData(), int))
        self.changed.emit()

    def show_start(self, start: transfer_ops.ImportStart) -> None:
        self.start = start
        p = start.preview
        self.school_label.setText(p.source_school)
        self.made_label.setText(local_time(p.made_at))
        self.reason_label.setText(
            self.tr("Transfer out") if p.reason == "transfer_out" else self.tr("Archive handover")
        )
        self.receiver_label.setText(p.receiver)
        self.counts_label.setText(self.counts_text(p))
        self.fingerprint_label.setText(p.fingerprint)
        self.compared_check.setChecked(False)
        self.model.set_class_chosen(False)
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItem(
            self.tr("(choose the class)") if self.needs_class() else self.tr("(keep their class)"),
            None,
        )
        for group in start.classes:
            self.class_combo.addItem(group.name, group.id)
        self.class_combo.blockSignals(False)
        offered = self.offers_class()
        self.class_label.setVisible(offered)
        self.class_combo.setVisible(offered)
        self.placement_note.setText(
            self.tr(
                "The students join this class and take its major; the sending school's major "
                "stays in their transferred records."
            )
            if self.needs_class()
            else self.tr(
                "Their major is not set up here: choose a class, and they join it and take its "
                "major; the sending school's major stays in their transferred records."
            )
        )
        self.placement_note.setVisible(offered)
        self.practice_label.setVisible(p.practice)
        self.show_key_state(p.key_state)
        self.model.set_rows(list(p.students))
        fit(self.table)

    def show_key_state(self, state: str) -> None:
        if state == "different":
            # The one sign of a package re-made by someone who learnt the passphrase.
            self.key_label.setText(
                self.tr(
                    "Warning: earlier packages from this school had another fingerprint. "
                    "This package may have been made by someone else. Telephone the school "
                    "before you take it in."
                )
            )
            self.key_label.setStyleSheet("color: #a61b0f; font-weight: bold;")
        else:
            self.key_label.setText(
                self.tr("Earlier packages from this school had the same fingerprint.")
                if state == "same"
                else self.tr("No package came from this school before.")
            )
            self.key_label.setStyleSheet("color: #555;")

    def counts_text(self, preview: PackagePreview) -> str:
        """ "1 student; 3 grades, 1 status change, 2 scans, 1 photo, 2 generated documents"."""
        count = len(preview.students)
        students = self.tr("%1 student") if count == 1 else self.tr("%1 students")
        parts = [students.replace("%1", str(count))]
        counts = preview.counts
        for key, text in (
            ("grades", self.tr("%1 grades")),
            ("status_changes", self.tr("%1 status changes")),
            ("attachments", self.tr("%1 scans")),
            ("photos", self.tr("%1 photos")),
            ("documents_generated", self.tr("%1 generated documents")),
        ):
            if counts.get(key):
                if counts[key] == 1 and language() == "en" and text.endswith("s"):
                    text = text[:-1]  # "1 scan": these English nouns take a plain -s
                parts.append(text.replace("%1", str(counts[key])))
        comma = "，" if language() == "zh" else ", "
        return (
            parts[0] + ("；" if language() == "zh" else "; ") + comma.join(parts[1:])
            if len(parts) > 1
            else parts[0]
        )
