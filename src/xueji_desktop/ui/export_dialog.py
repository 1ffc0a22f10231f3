"""导出: which list, for which class / term / course / year, and where the file goes.

The clerk picks an export on the left; only the choices that export needs are shown. 导出…
asks for the file (or the folder, for photos and the head teachers' check sheets) with the
system's file dialog, then the export runs on the session worker with a progress dialog and
Cancel (export_ops.py). The services decide who may export (admins and clerks) and audit it;
the dialog is not offered to other roles, and refuses politely if opened anyway.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.roles import Permission
from xueji_desktop.ui import export_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP
from xueji_desktop.ui.widgets import ErrorLine, window_title

_CTX = "ExportDialog"


@dataclass(frozen=True)
class ExportKind:
    """One export: its key (export_ops.RUN), the name shown, the choices it needs ("class" or
    "class_opt", "term", "course_opt", "year", "dates"), and whether it writes a folder."""

    key: str
    name: str
    needs: tuple[str, ...]
    folder: bool = False
    about: str = ""


KINDS: tuple[ExportKind, ...] = (
    ExportKind("students", QT_TRANSLATE_NOOP("ExportDialog", "Student records (national template)"),
               ("class_opt",), about=QT_TRANSLATE_NOOP("ExportDialog",
               "Every field in the layout of the national system's template, labels instead of "
               "codes. Large lists are split into several sheets or files.")),
    ExportKind("roster", QT_TRANSLATE_NOOP("ExportDialog", "Class roster"), ("class",)),
    ExportKind("grades", QT_TRANSLATE_NOOP("ExportDialog", "Grade sheet"),
               ("class", "term", "course_opt")),
    ExportKind("blank_grades", QT_TRANSLATE_NOOP("ExportDialog", "Blank grade sheet"),
               ("class", "term", "course_opt"), about=QT_TRANSLATE_NOOP("ExportDialog",
               "For teachers to fill in; the filled sheet can be imported again.")),
    ExportKind("status_changes", QT_TRANSLATE_NOOP("ExportDialog", "Status changes list"),
               ("dates",)),
    ExportKind("graduates", QT_TRANSLATE_NOOP("ExportDialog", "Graduates list"), ("year",),
               about=QT_TRANSLATE_NOOP("ExportDialog", "With the diploma numbers.")),
    ExportKind("aid", QT_TRANSLATE_NOOP("ExportDialog", "Financial aid list"), ("term",)),
    ExportKind("photos", QT_TRANSLATE_NOOP("ExportDialog", "Photos"), ("class_opt",),
               folder=True, about=QT_TRANSLATE_NOOP("ExportDialog",
               "One JPG per student, named by ID number, for uploading to the national system.")),
    ExportKind("health", QT_TRANSLATE_NOOP("ExportDialog", "Data-health report"), ()),
    ExportKind("head_teachers", QT_TRANSLATE_NOOP("ExportDialog", "Check sheets for head teachers"),
               ("class_opt",), folder=True, about=QT_TRANSLATE_NOOP("ExportDialog",
               "One file per class for its head teacher to check. The returned sheets are "
               "imported as corrections from a head teacher.")),
)  # fmt: skip
KINDS_BY_KEY = {k.key: k for k in KINDS}


def kind_name(kind: ExportKind) -> str:
    return QCoreApplication.translate("ExportDialog", kind.name)


class ExportDialog(QDialog):
    """``exported(list[Path])`` after files were written; ``exportStarted(WorkProgress)``."""

    exported = Signal(list)
    exportStarted = Signal(object)

    def __init__(self, ctx: PageContext, *, kind: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.written: list[Path] = []
        self._failed = False  # the last export ended in an error the error line shows
        self._choices: export_ops.ExportChoices | None = None
        self._running = False
        self.work = WorkProgress(
            self,
            self.tr("Export"),
            self.tr("Exporting…"),
            lambda d, t: self.tr("%1 of %2…").replace("%1", str(d)).replace("%2", str(t)),
        )
        self.setObjectName("exportDialog")
        self.setWindowTitle(window_title(self.tr("Export to Excel"), practice=ctx.practice))
        # In lines of text, so the larger text sizes (1.25x, 1.5x) get a larger window.
        line = self.fontMetrics().lineSpacing()
        self.setMinimumSize(line * 51, line * 30)

        self.kind_list = QListWidget(self)
        self.kind_list.setObjectName("exportKinds")
        for k in KINDS:
            item = QListWidgetItem(kind_name(k), self.kind_list)
            item.setData(Qt.ItemDataRole.UserRole, k.key)
        # As wide as the longest name: the choices on the right get the rest.
        self.kind_list.setFixedWidth(
            self.kind_list.sizeHintForColumn(0) + 2 * self.kind_list.frameWidth() + 24
        )
        self.kind_list.currentRowChanged.connect(lambda _r: self._kind_switched())

        self.about = QLabel(self)
        self.about.setObjectName("exportAbout")
        self.about.setWordWrap(True)
        self.about.setStyleSheet("color: #555;")
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("classCombo")
        self.term_combo = QComboBox(self)
        self.term_combo.setObjectName("termCombo")
        self.course_combo = QComboBox(self)
        self.course_combo.setObjectName("courseCombo")
        for combo in (self.class_combo, self.term_combo, self.course_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        today = datetime.date.today()
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(1949, today.year + 1)
        self.year_spin.setValue(today.year)
        self.since_edit = QDateEdit(QDate(today.year, 1, 1), self)
        self.since_edit.setObjectName("sinceEdit")
        self.until_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.until_edit.setObjectName("untilEdit")
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates = QHBoxLayout()
        dates.addWidget(self.since_edit)
        dates.addWidget(QLabel(self.tr("to"), self))
        dates.addWidget(self.until_edit)
        dates.addStretch(1)
        self.dates_box = QWidget(self)
        self.dates_box.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        self.replace_check = QCheckBox(
            self.tr("Replace files of the same name in the folder"), self
        )
        self.replace_check.setObjectName("replaceCheck")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.about)
        form.addRow(self.tr("Class:"), self.class_combo)
        form.addRow(self.tr("Term:"), self.term_combo)
        form.addRow(self.tr("Course:"), self.course_combo)
        form.addRow(self.tr("Year of graduation:"), self.year_spin)
        form.addRow(self.tr("Effective from:"), self.dates_box)
        form.addRow(self.replace_check)
        self._form = form

        self.result_label = QLabel(self)
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton(self.tr("Open folder"), self)
        self.open_button.setObjectName("openFolder")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_folder)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        self.error_line = ErrorLine(self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.choose_target)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        panel = QWidget(self)
        right = QVBoxLayout(panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(form)
        right.addStretch(1)
        right.addLayout(result_row)
        right.addWidget(self.error_line)
        top = QHBoxLayout()
        top.addWidget(self.kind_list)
        top.addWidget(panel, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)

        self.allowed = ctx.can(Permission.EXPORT)
        if not self.allowed:
            self.error_line.show_message(self.tr("Your account may not export."))
        self._show_result([])
        index = next((i for i, k in enumerate(KINDS) if k.key == kind), 0)
        self.kind_list.setCurrentRow(index)
        self._loaded = False
        session = ctx.session
        ctx.worker.run(
            lambda: export_ops.choices(session),
            on_done=self._fill,
            on_error=self._on_error,
            context=self,
        )

    # -- choices ------------------------------------------------------------------------------

    def kind(self) -> ExportKind:
        item = self.kind_list.currentItem()
        key = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else KINDS[0].key
        return KINDS_BY_KEY[key]

    def select(self, key: str) -> None:
        self.kind_list.setCurrentRow(next(i for i, k in enumerate(KINDS) if k.key == key))

    def _fill(self, choices: export_ops.ExportChoices) -> None:
        self._loaded = True
        self._classes = choices.classes
        for cls in sorted(choices.classes, key=lambda c: (-c.intake_year, c.name)):
            self.class_combo.addItem(cls.name, cls.id)
        for term in sorted(choices.terms, key=lambda t: t.start_date, reverse=True):
            self.term_combo.addItem(term.name, term.id)
        self._choices = choices
        self._fill_courses()
        self.class_combo.currentIndexChanged.connect(lambda _i: self._fill_courses())
        self._kind_changed()

    def _fill_courses(self) -> None:
        """The chosen class's courses only: another major's course would make a sheet the
        teachers fill in vain (the import warns about it too)."""
        choices = self._choices
        if choices is None:
            return
        chosen = self.course_combo.currentData()
        class_id = self.class_combo.currentData()
        allowed = choices.class_courses.get(class_id) if class_id is not None else None
        self.course_combo.blockSignals(True)
        self.course_combo.clear()
        self.course_combo.addItem(self.tr("All courses (one column each)"), None)
        for course in choices.courses:
            if allowed is None or course.id in allowed:
                self.course_combo.addItem(course.name, course.id)
        self.course_combo.setCurrentIndex(max(0, self.course_combo.findData(chosen)))
        self.course_combo.blockSignals(False)

    def _kind_switched(self) -> None:
        # the last export's file (or error) belongs to that export, not to the one now chosen
        if self.written or self._failed:
            self._show_result([])
            self.error_line.clear_message()
            self._failed = False
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        needs = set(kind.needs)
        self.about.setText(
            QCoreApplication.translate("ExportDialog", kind.about) if kind.about else ""
        )
        self.about.setVisible(bool(kind.about))
        all_classes = self.tr("All classes")
        has_all = self.class_combo.count() > 0 and self.class_combo.itemData(0) is None
        if "class_opt" in needs and not has_all:
            self.class_combo.insertItem(0, all_classes, None)
            self.class_combo.setCurrentIndex(0)
        elif "class" in needs and has_all:
            self.class_combo.removeItem(0)
        rows = (
            (self.class_combo, bool(needs & {"class", "class_opt"})),
            (self.term_combo, "term" in needs),
            (self.course_combo, "course_opt" in needs),
            (self.year_spin, "year" in needs),
            (self.dates_box, "dates" in needs),
            (self.replace_check, kind.folder),
        )
        for widget, shown in rows:
            self._form.setRowVisible(widget, shown)
        self.export_button.setEnabled(self.allowed and not self._running and self._ready())

    def _ready(self) -> bool:
        needs = set(self.kind().needs)
        if "class" in needs and self.class_combo.currentData() is None:
            return False
        return not ("term" in needs and self.term_combo.currentData() is None)

    def request(self, target: Path, *, replace: bool) -> export_ops.ExportRequest:
        kind = self.kind()
        needs = set(kind.needs)
        since, until = self.since_edit.date(), self.until_edit.date()
        return export_ops.ExportRequest(
            kind=kind.key,
            target=target,
            class_id=self.class_combo.currentData() if needs & {"class", "class_opt"} else None,
            term_id=self.term_combo.currentData() if "term" in needs else None,
            course_id=self.course_combo.currentData() if "course_opt" in needs else None,
            year=self.year_spin.value() if "year" in needs else None,
            since=datetime.date(since.year(), since.month(), since.day())
            if "dates" in needs
            else None,
            until=datetime.date(until.year(), until.month(), until.day())
            if "dates" in needs
            else None,
            replace=replace,
            lang=language(),
        )

    def suggested_name(self) -> str:
        kind = self.kind()
        parts = [kind_name(kind)]
        if set(kind.needs) & {"class", "class_opt"} and self.class_combo.currentData() is not None:
            parts.append(self.class_combo.currentText())
        if "term" in kind.needs and self.term_combo.currentData() is not None:
            parts.append(self.term_combo.currentText())
        if "year" in kind.needs:
            parts.append(str(self.year_spin.value()))
        return "_".join(parts) + ".xlsx"

    # -- exporting ----------------------------------------------------------------------------

    def choose_target(self) -> None:
        kind = self.kind()
        if kind.folder:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export into the folder"))
            if folder:
                self.export_to(Path(folder), replace=self.replace_check.isChecked())
            return
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save the export as"), self.suggested_name(),
            self.tr("Excel workbooks (*.xlsx)"),
        )  # fmt: skip
        if path:
            target = Path(path)
            if target.suffix.lower() != ".xlsx":
                target = target.with_name(target.name + ".xlsx")
            # The file dialog has asked whether to replace an existing file.
            self.export_to(target, replace=True)

    def export_to(self, target: Path, *, replace: bool = False) -> None:
        if not self.allowed or self._running:
            return
        request = self.request(target, replace=replace)
        self.error_line.clear_message()
        self._show_result([])
        self._running = True
        self.export_button.setEnabled(False)
        work, session = self.work, self.ctx.session
        work.begin()
        self.exportStarted.emit(work)
        self.ctx.worker.run(
            lambda: export_ops.run(session, request, work.report, work.cancelled),
            on_done=self._on_done,
            on_error=self._on_error,
            context=self,
        )

    def _end(self) -> None:
        self.work.finish()
        self._running = False
        self._kind_changed()

    def _on_done(self, paths: list[Path]) -> None:
        self._end()
        self._show_result(list(paths))
        self.exported.emit(list(paths))

    def _show_result(self, paths: list[Path]) -> None:
        self.written = paths
        if len(paths) == 1:
            text = self.tr("Saved: %1").replace("%1", str(paths[0]))
        elif paths:
            text = (
                self.tr("%1 files saved in %2")
                .replace("%1", str(len(paths)))
                .replace("%2", str(paths[0].parent))
            )
        else:
            text = ""
        self.result_label.setText(text)
        self.result_label.setVisible(bool(paths))
        self.open_button.setVisible(bool(paths))

    def open_folder(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written[0].parent)))

    def _on_error(self, exc: BaseException) -> None:
        self._failed = True
        if self._running:
            self._end()
        if isinstance(exc, OperationCancelled):
            self.error_line.show_message(self.tr("Stopped. No file was written."))
            return
        self.error_line.show_message(error_sentence(exc))

    def reject(self) -> None:
        if self._running:
            self.work.cancel()
            return
        super().reject()
