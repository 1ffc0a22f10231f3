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

    def problems(self, student: object) -> list[str]:
        return [problem_text(p, self.lang) for p in getattr(student, "problems", ())]

    def blocked(self, student: object) -> bool:
        # Any problem refuses the whole package (the service takes it in whole or not at all).
        return bool(getattr(student, "problems", ())) or bool(getattr(student, "exists", False))

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
        self.class_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        form = QFormLayout()
        form.addRow(self.tr("From:"), self.school_label)
        form.addRow(self.tr("Made on:"), self.made_label)
        form.addRow(self.tr("Why:"), self.reason_label)
        form.addRow(self.tr("For:"), self.receiver_label)
        form.addRow(self.tr("Contents:"), self.counts_label)
        form.addRow(self.class_label, self.class_combo)
        # The comparison is the receiver's proof of who made the package: a box of its own.
        check = QGroupBox(self.tr("Fingerprint"), self)
        check.setObjectName("fingerprintBox")
        check_layout = QVBoxLayout(check)
        check_layout.addWidget(self.fingerprint_label)
        check_layout.addWidget(
            note(
                self.tr(
                    "Compare it with the fingerprint the sending school told you (by telephone "
                    "or on their handover list). If they differ, do not take the package in."
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
        self.class_combo.clear()
        self.class_combo.addItem(self.tr("(choose the class)"), None)
        for group in start.classes:
            self.class_combo.addItem(group.name, group.id)
        self.class_label.setVisible(self.needs_class())
        self.class_combo.setVisible(self.needs_class())
        self.model.set_rows(list(p.students))
        fit(self.table)

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
