"""查找档案: "where is my file?" in one search, for every student the archive ever held.

A former student telephones years later: the clerk types a name, 学号, 学籍号 or ID number and
reads the answer aloud from the last column (在档案室 A柜3层12盒 / 已借出给 … / 已于 … 转递至 …，
回执 未收到 / 学校归档保存 / 未登记). The pane beside it gives the student's facts and the file's
whole history. Clerks act on the chosen file from here; viewers only look.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.services.paper_files import PaperFile, Whereabouts
from xueji_desktop.ui import i18n, paper_files_ops
from xueji_desktop.ui.dispatch_dialog import DispatchDialog
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_contents import ContentsDialog, ContentsModel, missing_summary
from xueji_desktop.ui.paper_files_dialogs import LendDialog, LocationDialog, ReturnDialog
from xueji_desktop.ui.paper_files_models import EventModel, WhereaboutsModel
from xueji_desktop.ui.paper_files_print import RoomPrinter
from xueji_desktop.ui.paper_files_text import state_text
from xueji_desktop.ui.paper_files_views import RegisterView, make_table
from xueji_desktop.ui.record_actions import ask_reason
from xueji_desktop.ui.widgets import on_enter


def student_line(w: Whereabouts) -> str:
    return f"{w.name}（{w.student_no}）"


class LocateView(RegisterView):
    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, printer, parent)
        self._text = ""
        self._student: int | None = None
        self._paper: PaperFile | None = None  # the chosen file's contents, once read
        self._contents_for: int | None = None  # the student they are read (or being read) for
        self._contents_seq = 0
        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("locateFind")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setPlaceholderText(
            self.tr("Name, former name, student no., registry no. or ID number")
        )
        self.find_button = QPushButton(self.tr("Find the file"), self)
        self.find_button.setObjectName("locateButton")
        self.find_button.clicked.connect(self.find_file)
        on_enter(self.find_edit, self.find_file)
        top = QHBoxLayout()
        top.addWidget(self.find_edit, 1)
        top.addWidget(self.find_button)

        self.model = WhereaboutsModel(self)
        self.table = make_table(self, self.model, "locateResults")
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda _i: self.open_record())
        self.table.setToolTip(self.tr("Double-click to open the student's record"))

        self.facts = QLabel(self)
        self.facts.setObjectName("locateFacts")
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setObjectName("locateState")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        self.state.setStyleSheet(
            "font-weight: bold; background: #eef4fb; border: 1px solid #c5d7ee;"
            " border-radius: 4px; padding: 6px 8px;"
        )
        self.contents = ContentsModel(self)
        self.contents_table = make_table(self, self.contents, "locateContents")
        self.contents_button = self.clerk_button(
            self.tr("Record papers…"), "locateContentsButton", self.edit_contents
        )
        self.contents_note = QLabel(self)
        self.contents_note.setObjectName("locateMissing")
        self.contents_note.setTextFormat(Qt.TextFormat.PlainText)
        self.contents_note.setWordWrap(True)
        self.contents_note.setStyleSheet("color: #b3261e;")
        self.events = EventModel(self)
        self.events_table = make_table(self, self.events, "locateHistory")
        self.lend_button = self.clerk_button(self.tr("Lend…"), "locateLend", self.lend)
        self.return_button = self.clerk_button(self.tr("Returned…"), "locateReturn", self.give_back)
        self.send_button = self.clerk_button(self.tr("Send on…"), "locateSend", self.send)
        self.shelve_button = self.clerk_button(self.tr("Shelve…"), "locateShelve", self.shelve)
        self.keep_button = self.clerk_button(
            self.tr("Kept by the school…"), "locateKeep", self.keep
        )
        actions = QHBoxLayout()
        for button in (
            self.lend_button,
            self.return_button,
            self.send_button,
            self.shelve_button,
            self.keep_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        detail = QWidget(self)
        side = QVBoxLayout(detail)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.facts)
        side.addWidget(self.state)
        papers = QWidget(detail)
        papers_box = QVBoxLayout(papers)
        papers_box.setContentsMargins(0, 0, 0, 0)
        papers_head = QHBoxLayout()
        papers_head.addWidget(QLabel(self.tr("Papers in the file:"), papers), 1)
        papers_head.addWidget(self.contents_button)
        papers_box.addLayout(papers_head)
        papers_box.addWidget(self.contents_table, 1)
        papers_box.addWidget(self.contents_note)
        history = QWidget(detail)
        history_box = QVBoxLayout(history)
        history_box.setContentsMargins(0, 0, 0, 0)
        history_box.addWidget(QLabel(self.tr("History of the paper file:"), history))
        history_box.addWidget(self.events_table, 1)
        parts = QSplitter(Qt.Orientation.Vertical, detail)
        parts.addWidget(papers)
        parts.addWidget(history)
        parts.setSizes([340, 160])  # the papers first: 14 checklist types
        side.addWidget(parts, 1)
        side.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([780, 480])  # the answer column of the table must be readable
        self.empty = QLabel(self)
        self.empty.setObjectName("locateEmpty")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        layout.addWidget(self.error_line)
        layout.addWidget(self.count_label)
        self.empty.setText(self.tr("Type what the person tells you and press Find the file."))
        self._show_detail()

    def find_file(self) -> None:
        text = self.find_edit.text().strip()
        if not text:
            return
        self._text, self._student = text, None
        self._search()

    def show_student(self, student_id: int) -> None:
        """One student's file (from a record: "where is this student's paper file?")."""
        self.find_edit.clear()
        self._text, self._student = "", student_id
        self._search()

    def _search(self) -> None:
        """Ask the register: audited (``file_located``), so only when the clerk asks."""
        session, text, student = self.ctx.session, self._text, self._student
        if student is not None:
            self.fetch(lambda: [paper_files_ops.whereabouts(session, student)], self._on_rows)
        elif text:
            self.fetch(lambda: paper_files_ops.locate(session, text), self._on_rows)

    def load(self) -> None:
        """After a register step on the chosen file: read that one file again.

        The other rows did not change by the step, and re-running the search would audit every
        student of it again; the file just acted on is read (and audited) once, so the answer and
        the history show the step."""
        w = self.selected()
        if w is None:
            return
        session, sid = self.ctx.session, w.student_id
        self.fetch(lambda: paper_files_ops.whereabouts(session, sid), self._on_one)

    def _on_one(self, fresh: Whereabouts) -> None:
        rows = [self.model.item(r) for r in range(self.model.rowCount())]
        self._on_rows([fresh if w.student_id == fresh.student_id else w for w in rows])

    def open_record(self) -> None:
        w = self.selected()
        if w is not None:
            self.ctx.go("students", student_id=w.student_id)

    def _on_rows(self, rows: list[Whereabouts]) -> None:
        keep = self.selected()
        self._contents_for = None  # a register step may have changed the contents: read again
        self.model.set_rows(rows)
        self._fit_columns()
        self.count_label.setText(
            self.tr("%1 students found (as of %2; press Find the file to look again)")
            .replace("%1", str(len(rows)))
            .replace("%2", QTime.currentTime().toString("HH:mm"))
        )
        self.empty.setText(self.tr("No student matches. Check the spelling or try the ID number."))
        self.empty.setVisible(not rows)
        ids = [w.student_id for w in rows]
        row = ids.index(keep.student_id) if keep is not None and keep.student_id in ids else 0
        if rows:
            self.table.selectRow(row)
        self._show_detail()

    def _fit_columns(self) -> None:
        """The answer (last column) is what the clerk reads aloud: the other columns give it
        room, and it wraps onto a second line rather than being cut (the tooltip has it too)."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        for column in range(last):
            header.resizeSection(column, min(header.sectionSize(column), 150))
        header.resizeSection(last, 80)  # then stretched to the table's width: wraps, not cut

    def selected(self) -> Whereabouts | None:
        row = self.table.currentIndex().row()
        return self.model.item(row) if 0 <= row < self.model.rowCount() else None

    def _show_detail(self) -> None:
        w = self.selected()
        lang = i18n.language()
        if w is None:
            self.facts.setText("")
            self.state.setText("")
            self.state.setVisible(False)
            self.events.set_rows([])
            self._paper, self._contents_for = None, None
            self._contents_seq += 1  # an answer still on its way is for another student
            self._show_contents()
        else:
            facts = [student_line(w), w.class_name, messages.status_label(w.status, lang)]
            if w.graduation_year:
                facts.append(self.tr("class of %1").replace("%1", str(w.graduation_year)))
            if w.left_on:
                facts.append(self.tr("left on %1").replace("%1", w.left_on))
            # Each fact stays on one line ("2026-06-30 离校" must not break after 离).
            self.facts.setText(
                "　".join(
                    f"<span style='white-space: nowrap'>{html.escape(f)}</span>" for f in facts if f
                )
            )
            self.state.setText(state_text(w, self.model.today))
            self.state.setVisible(True)
            self.events.set_rows(w.events)
            self.events_table.resizeColumnsToContents()
            if self._contents_for != w.student_id:
                self._read_contents(w.student_id)
        state = w.state if w is not None else ""
        self.lend_button.setEnabled(state in ("in_room", "unregistered", "kept"))
        self.return_button.setEnabled(state == "on_loan")
        self.send_button.setEnabled(state in ("in_room", "unregistered"))
        self.shelve_button.setEnabled(w is not None and state != "dispatched")
        self.keep_button.setEnabled(w is not None and state != "dispatched")
        self.keep_button.setText(
            self.tr("No longer kept…") if state == "kept" else self.tr("Kept by the school…")
        )

    def _read_contents(self, student_id: int) -> None:
        """The chosen file's papers (not audited: the answer above already was)."""
        self._contents_seq += 1
        seq, session = self._contents_seq, self.ctx.session
        self._paper, self._contents_for = None, student_id
        self._show_contents()

        def arrived(paper: PaperFile) -> None:
            if seq == self._contents_seq:
                self._paper = paper
                self._show_contents()

        self.ctx.worker.run(
            lambda: paper_files_ops.paper_file(session, student_id),
            on_done=arrived,
            on_error=self.show_error,
            context=self,
        )

    def _show_contents(self) -> None:
        paper = self._paper
        items = paper.contents if paper is not None else ()
        self.contents.set_rows(items)
        self.contents_table.resizeColumnsToContents()
        missing = missing_summary(items)
        self.contents_note.setText(
            self.tr("Required papers missing: %1").replace("%1", missing) if missing else ""
        )
        self.contents_note.setVisible(bool(missing))
        self.contents_button.setEnabled(paper is not None)

    # -- actions (clerks) --------------------------------------------------------------------------

    def lend(self) -> QDialog | None:
        w = self.selected()
        if w is None:
            return None
        return self.run_dialog(LendDialog(self.ctx, (w.student_id, student_line(w)), self))

    def give_back(self) -> QDialog | None:
        w = self.selected()
        if w is None or w.loan is None:
            return None
        return self.run_dialog(ReturnDialog(self.ctx, w.loan, self))

    def send(self) -> QDialog | None:
        w = self.selected()
        if w is None:
            return None
        dialog = DispatchDialog(self.ctx, [(w.student_id, student_line(w))], parent=self)
        dialog.saved.connect(lambda ids: self._sent(dialog.print_check.isChecked(), ids))
        return self.run_dialog(dialog)

    def _sent(self, print_it: bool, ids: object) -> None:
        if print_it and isinstance(ids, list) and ids:
            self.printer.dispatch_slips(ids)

    def edit_contents(self) -> QDialog | None:
        w, paper = self.selected(), self._paper
        if not self.writer or w is None or paper is None or paper.student_id != w.student_id:
            return None
        dialog = ContentsDialog(self.ctx, (w.student_id, student_line(w)), paper, self)
        return self.run_dialog(dialog)

    def shelve(self) -> QDialog | None:
        w = self.selected()
        if w is None:
            return None
        return self.run_dialog(
            LocationDialog(self.ctx, [(w.student_id, student_line(w))], w.location, self)
        )

    def keep(self, reason: str | None = None) -> None:
        w = self.selected()
        if w is None:
            return
        kept = w.state != "kept"
        if reason is None:
            prompt = (
                self.tr("Keep the paper file of %1 in the school instead of sending it on? Why?")
                if kept
                else self.tr("The paper file of %1 is no longer kept by the school. Why?")
            ).replace("%1", student_line(w))
            reason = ask_reason(self, self.tr("Kept by the school"), prompt)
            if reason is None:
                return
        session, sid, why = self.ctx.session, w.student_id, reason
        self.ctx.worker.run(
            lambda: paper_files_ops.set_kept(session, sid, kept, why),
            on_done=lambda _r: self.load(),
            on_error=self.show_error,
            context=self,
        )
