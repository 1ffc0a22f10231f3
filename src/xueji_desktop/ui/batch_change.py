"""Batch 毕业 / 结业 for a whole class, after the eligibility check, with progress and cancel.

First every 在籍 student of the class is checked (services/graduation.class_eligibility) and the
clerk sees who may graduate and, for the others, why not in plain words. Recording then runs
student by student on the worker, each in its own transaction (graduation.graduate): not all or
nothing. If a student is refused or the clerk cancels part-way, those already recorded stay
recorded (each can be revoked on its own) and the summary names who was and who was not done.
"""

from __future__ import annotations

import datetime
import threading

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.ui import events_ops, i18n
from xueji_desktop.ui.events_ops import BatchOutcome, Candidate
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, window_title


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits on it, Qt queues the call to the GUI thread."""

    progress = Signal(int, int)


class BatchGraduationDialog(QDialog):
    """毕业 (or 结业) for the class; ``finished_batch(outcome)`` when a run ended."""

    finished_batch = Signal(object)

    def __init__(self, ctx: PageContext, group: ClassGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group = group
        self.candidates: list[Candidate] = []
        self.outcome: BatchOutcome | None = None
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._progress: QProgressDialog | None = None
        self.setObjectName("batchGraduation")
        self.setWindowTitle(
            window_title(
                self.tr("Graduation of %1").replace("%1", group.name), practice=ctx.practice
            )
        )
        self.resize(680, 520)

        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Graduation"), "graduation")
        self.kind_combo.addItem(self.tr("Completion without diploma"), "completion")
        self.kind_combo.currentIndexChanged.connect(self._show_candidates)
        today = datetime.date.fromtimestamp(ctx.session.archive.clock())
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.document_edit = QLineEdit(self)
        self.document_edit.setMaxLength(100)
        form = QFormLayout()
        form.addRow(self.tr("Change"), self.kind_combo)
        form.addRow(self.tr("Effective date"), self.date_edit)
        form.addRow(self.tr("Document no."), self.document_edit)

        self.summary = QLabel(self)
        self.summary.setObjectName("eligibilitySummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("candidates")
        self.tree.setHeaderLabels([self.tr("Student"), self.tr("Result of the check")])
        self.tree.setColumnWidth(0, 160)
        self.tree.setWordWrap(True)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("batchReport")
        self.report.setReadOnly(True)
        self.report.hide()
        self.busy = BusyIndicator(self.tr("Checking each student…"), self)
        self.error_line = ErrorLine(self)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(
            self.tr("Record for the eligible students"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setObjectName("startBatch")
        self.start_button.setEnabled(False)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.error_line)
        layout.addWidget(self.buttons)
        self.check()

    # -- the check ------------------------------------------------------------------------

    def check(self) -> None:
        self.busy.show()
        session, cid = self.ctx.session, self.group.id
        self.ctx.worker.run(
            lambda: events_ops.class_candidates(session, cid),
            on_done=self._on_candidates,
            on_error=self._on_error,
            context=self,
        )

    def _on_candidates(self, candidates: list[Candidate]) -> None:
        self.busy.hide()
        self.candidates = candidates
        self._show_candidates()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def chosen(self) -> list[Candidate]:
        """Who the run records: the eligible for 毕业; every 在籍 student for 结业."""
        if self.kind() == "completion":
            return list(self.candidates)
        return [c for c in self.candidates if c.eligible]

    def _show_candidates(self) -> None:
        lang = i18n.language()
        self.tree.clear()
        for c in self.candidates:
            ok = c.eligible or self.kind() == "completion"
            why = [problem_text(p, lang) for p in c.missing]
            head = self.tr("Eligible") if c.eligible else self.tr("Not eligible")
            item = QTreeWidgetItem([c.name, head])
            item.setForeground(1, Qt.GlobalColor.darkGreen if ok else Qt.GlobalColor.darkRed)
            for sentence in why:
                child = QTreeWidgetItem(["", sentence])
                child.setToolTip(1, sentence)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(bool(why))
        eligible = sum(1 for c in self.candidates if c.eligible)
        if not self.candidates:
            text = self.tr("No student of this class is enrolled now.")
        else:
            text = (
                self.tr("%1 students are enrolled: %2 eligible, %3 not eligible (see why below).")
                .replace("%1", str(len(self.candidates)))
                .replace("%2", str(eligible))
                .replace("%3", str(len(self.candidates) - eligible))
            )
        self.summary.setText(text)
        self.start_button.setEnabled(bool(self.chosen()) and self.outcome is None)

    # -- the run ----------------------------------------------------------------------------

    def start(self) -> None:
        students = [(c.student_id, c.name) for c in self.chosen()]
        if not students:
            return
        self._cancel.clear()
        self.start_button.setEnabled(False)
        progress = QProgressDialog(
            self.tr("Recording…"), self.tr("Stop after this student"), 0, len(students), self
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(self._cancel.set)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self._progress = progress
        kind, day = self.kind(), self.date_edit.date().toPython()
        document, session, relay, cancel = (
            self.document_edit.text().strip(), self.ctx.session, self._relay, self._cancel
        )  # fmt: skip
        self.ctx.worker.run(
            lambda: events_ops.graduate_students(
                session,
                students,
                outcome=kind,
                effective_date=day,
                document_no=document,
                progress=relay.progress.emit,
                cancelled=cancel.is_set,
            ),
            on_done=self._on_done,
            on_error=self._on_error,
            context=self,
        )

    def cancel_run(self) -> None:
        """The clerk pressed stop: the student being recorded is finished, no further one."""
        self._cancel.set()

    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)

    def _on_done(self, outcome: BatchOutcome) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        self.outcome = outcome
        self.tree.hide()
        self.report.show()
        self.report.setPlainText(self.summary_text(outcome))
        self.summary.setText(self.headline(outcome))
        self.start_button.setEnabled(False)
        self.finished_batch.emit(outcome)

    def headline(self, outcome: BatchOutcome) -> str:
        text = self.tr("Recorded for %1 students.").replace("%1", str(len(outcome.recorded)))
        if outcome.failed:
            text += " " + self.tr("%1 refused.").replace("%1", str(len(outcome.failed)))
        if outcome.stopped:
            text += " " + self.tr("Stopped: %1 not done; they can be done later.").replace(
                "%1", str(len(outcome.not_done))
            )
        return text

    def summary_text(self, outcome: BatchOutcome) -> str:
        lines = [self.headline(outcome), ""]
        for _sid, name, diploma in outcome.recorded:
            line = self.tr("✓ %1").replace("%1", name)
            if diploma:
                line += "  " + self.tr("diploma no. %1").replace("%1", diploma)
            lines.append(line)
        for _sid, name, error in outcome.failed:
            reason = error_sentence(error).replace("\n", " ")
            lines.append(self.tr("✗ %1: %2").replace("%1", name).replace("%2", reason))
        for _sid, name in outcome.not_done:
            lines.append(self.tr("– %1: not done (stopped)").replace("%1", name))
        not_eligible = [
            c for c in self.candidates if not c.eligible and self.kind() != "completion"
        ]
        if not_eligible:
            lines += ["", self.tr("Not eligible, not recorded:")]
            lang = i18n.language()
            for c in not_eligible:
                why = "".join(problem_text(p, lang) for p in c.missing)
                lines.append(f"✗ {c.name}: {why}")
        return "\n".join(lines)

    def _on_error(self, error: BaseException) -> None:
        self.busy.hide()
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        self.error_line.show_message(error_sentence(error))
