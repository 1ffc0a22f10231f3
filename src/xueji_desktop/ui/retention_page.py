"""保管期限: the retention rules, the yearly review of scans that are due, the proposals awaiting
an administrator, and the 销毁清册 (destruction register), one tab each.

学籍档案 are kept permanently; the school sets a period only for scans of temporary papers
(an admin, MANAGE_SETTINGS). A clerk proposes due scans for destruction with a reason; an admin
approves (the content is removed for good, the register keeps what it was and which backups
still hold it) or rejects, typing the password again. Everyone who may read records sees the
page; the buttons show only to the roles that may use them, and the services check again.
Everything is read in one call on the worker (retention_ops.load) and read again after a change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_retention import kept_warning
from xueji_desktop.services.retention_register import still_used_after
from xueji_desktop.ui import retention_ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.record_tabs import fit, rows_table
from xueji_desktop.ui.retention_dialogs import DecideDialog, ProposeDialog, RuleDialog, fixed_text
from xueji_desktop.ui.retention_models import (
    DestructionRegisterModel,
    DueListModel,
    RetentionRulesModel,
)
from xueji_desktop.ui.table_model import RowTableModel
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine

FIT_SAMPLE = 200  # rows measured when a table's columns are first sized


def note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def table(model: RowTableModel, parent: QWidget, *, many: bool = True) -> QTableView:
    view = rows_table(model, parent)  # type: ignore[arg-type]
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if many
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    return view


class RetentionPage(Page):
    page_id = "retention"
    permission = Permission.READ_RECORDS

    loaded = Signal()  # the tables show what the archive holds now
    dialogOpened = Signal(object)  # the rule/propose/decide dialog just opened (tests)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = datetime.date.today()
        self.view: retention_ops.RetentionView | None = None
        self._busy = False
        self._fitted: list[QTableView] = []  # tables whose columns were sized (once)
        self._again = False  # a year was changed while a load ran: load once more after it
        self.busy = BusyIndicator(self.tr("Reading the retention register…"), self)
        self.busy.hide()
        self.error_line = ErrorLine(self)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color: #2e6b30;")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("retentionTabs")
        self.rules_model = RetentionRulesModel(self)
        self.due_model = DueListModel(self)
        self.proposals_model = DestructionRegisterModel(self)
        self.register_model = DestructionRegisterModel(self)
        self.tabs.addTab(self._rules_tab(), "")
        self.tabs.addTab(self._review_tab(), "")
        self.tabs.addTab(self._proposals_tab(), "")
        self.tabs.addTab(self._register_tab(), "")
        self._tab_titles()
        self.heading = QLabel(self.title(), self)
        self.heading.setObjectName("pageHeading")
        self.heading.setFont(scaled_font(self.heading, 1.6, bold=True))
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.saved_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addLayout(head)
        layout.addWidget(self.busy)
        layout.addWidget(self.error_line)
        layout.addWidget(self.tabs, 1)
        self._update()

    # -- the tabs -----------------------------------------------------------------------------

    def _box(self) -> tuple[QWidget, QVBoxLayout, QHBoxLayout]:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        return tab, layout, bar

    def _rules_tab(self) -> QWidget:
        tab, layout, bar = self._box()
        bar.addWidget(
            note(
                self.tr(
                    "The student's registration papers (the enrolment form, transcripts, conduct, "
                    "rewards and punishments, aid, the graduate form) are kept permanently. The "
                    "school may set a period for scans of other papers; nothing is ever destroyed "
                    "without an administrator's approval."
                ),
                tab,
            ),
            1,
        )
        self.rule_button = QPushButton(self.tr("Change the period…"), tab)
        self.rule_button.setObjectName("ruleButton")
        self.rule_button.clicked.connect(self.open_rule_dialog)
        self.rule_button.setVisible(self.ctx.can(Permission.MANAGE_SETTINGS))
        bar.addWidget(self.rule_button)
        self.rules_table = table(self.rules_model, tab, many=False)
        self.rules_table.setObjectName("rulesTable")
        self.rules_table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.rules_table.doubleClicked.connect(lambda _i: self.open_rule_dialog())
        layout.addWidget(self.rules_table, 1)
        self.fixed_label = note("", tab)
        self.fixed_label.setObjectName("ruleFixed")
        self.fixed_label.hide()
        layout.addWidget(self.fixed_label)
        return tab

    def _review_tab(self) -> QWidget:
        tab, layout, bar = self._box()
        bar.addWidget(QLabel(self.tr("Due by the end of"), tab))
        self.year_spin = QSpinBox(tab)
        self.year_spin.setObjectName("reviewYear")
        self.year_spin.setRange(2000, 2200)
        self.year_spin.setValue(self.today.year)
        self.year_spin.setSuffix(self.tr(" (year)"))
        self.year_spin.valueChanged.connect(lambda _v: self.reload())
        bar.addWidget(self.year_spin)
        self.due_count = QLabel(tab)
        bar.addWidget(self.due_count, 1)
        self.propose_button = QPushButton(self.tr("Propose for destruction…"), tab)
        self.propose_button.setObjectName("proposeButton")
        self.propose_button.clicked.connect(self.open_propose_dialog)
        self.propose_button.setVisible(self.ctx.can(Permission.WRITE_RECORDS))
        bar.addWidget(self.propose_button)
        self.due_table = table(self.due_model, tab)
        self.due_table.setObjectName("dueTable")
        self.due_table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        layout.addWidget(self.due_table, 1)
        return tab

    def _proposals_tab(self) -> QWidget:
        tab, layout, bar = self._box()
        admin = self.ctx.can(Permission.DESTROY_RECORDS)
        bar.addWidget(
            note(
                self.tr(
                    "Approve or reject what the archive room proposed; you type your password "
                    "again."
                )
                if admin
                else self.tr("An administrator approves or rejects these proposals."),
                tab,
            ),
            1,
        )
        self.approve_button = QPushButton(self.tr("Approve the destruction…"), tab)
        self.approve_button.setObjectName("approveButton")
        self.approve_button.clicked.connect(lambda: self.open_decide_dialog(approve=True))
        self.reject_button = QPushButton(self.tr("Reject…"), tab)
        self.reject_button.setObjectName("rejectButton")
        self.reject_button.clicked.connect(lambda: self.open_decide_dialog(approve=False))
        for button in (self.approve_button, self.reject_button):
            button.setVisible(admin)
            bar.addWidget(button)
        self.proposals_table = table(self.proposals_model, tab)
        self.proposals_table.setObjectName("proposalsTable")
        self.proposals_table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        layout.addWidget(self.proposals_table, 1)
        return tab

    def _register_tab(self) -> QWidget:
        tab, layout, bar = self._box()
        bar.addWidget(QLabel(self.tr("Year:"), tab))
        self.register_year = QSpinBox(tab)
        self.register_year.setObjectName("registerYear")
        self.register_year.setRange(1999, 2200)
        self.register_year.setSpecialValueText(self.tr("every year"))
        self.register_year.setValue(1999)
        self.register_year.valueChanged.connect(lambda _v: self.reload())
        bar.addWidget(self.register_year)
        bar.addStretch(1)
        self.print_button = QPushButton(self.tr("Save as PDF for printing…"), tab)
        self.print_button.setObjectName("printRegister")
        self.print_button.clicked.connect(lambda: self.save_register("pdf"))
        self.export_button = QPushButton(self.tr("Export to Excel…"), tab)
        self.export_button.setObjectName("exportRegister")
        self.export_button.clicked.connect(lambda: self.save_register("xlsx"))
        for button in (self.print_button, self.export_button):
            button.setVisible(self.ctx.can(Permission.EXPORT))
            bar.addWidget(button)
        self.register_table = table(self.register_model, tab)
        self.register_table.setObjectName("registerTable")
        layout.addWidget(self.register_table, 1)
        return tab

    def _tab_titles(self) -> None:
        v = self.view
        waiting = len(v.proposals) if v is not None else 0
        due = len(v.due) if v is not None else 0
        self.tabs.setTabText(0, self.tr("Rules"))
        self.tabs.setTabText(1, self.tr("Due for review (%1)").replace("%1", str(due)))
        self.tabs.setTabText(2, self.tr("Awaiting approval (%1)").replace("%1", str(waiting)))
        self.tabs.setTabText(3, self.tr("Destruction register"))

    # -- Page ---------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Retention")

    def help_text(self) -> str:
        return self.tr(
            "<p><b>Rules</b>: how long each kind of scan is kept. The registration papers are "
            "kept permanently; "
            "an administrator may set a period (counted from the day the scan was added or the "
            "day the student left) for scans of temporary papers.</p>"
            "<p><b>Due for review</b>: the scans whose period has ended by the end of the chosen "
            "year. Select them and press <b>Propose for destruction</b> with a reason.</p>"
            "<p><b>Awaiting approval</b>: an administrator approves (the content is removed for "
            "good) or rejects each proposal, typing the password again.</p>"
            "<p><b>Destruction register</b>: what was destroyed, when, by whose "
            "approval, and which backups still hold it until they expire. Print it for the "
            "archive's files.</p>"
        )

    def activate(self, **args: object) -> None:
        today = args.get("today")
        if isinstance(today, datetime.date):
            self.today = today
            self.year_spin.blockSignals(True)  # loaded once, below
            self.year_spin.setValue(today.year)
            self.year_spin.blockSignals(False)
        tab = args.get("tab")
        keys = ("rules", "review", "proposals", "register")
        if isinstance(tab, str) and tab in keys:
            self.tabs.setCurrentIndex(keys.index(tab))
        self.reload()

    # -- loading ------------------------------------------------------------------------------

    def as_of(self) -> datetime.date:
        return datetime.date(self.year_spin.value(), 12, 31)

    def register_year_value(self) -> int | None:
        year = self.register_year.value()
        return None if year == self.register_year.minimum() else year

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._busy = True
        self.busy.show()
        self.error_line.clear_message()
        self._update()
        self.ctx.worker.run(fn, on_done=done, on_error=self._on_error, context=self)

    def _idle(self) -> None:
        self._busy = False
        self.busy.hide()
        self._update()

    def reload(self) -> None:
        if self._busy:
            self._again = True
            return
        self._again = False
        session, as_of, year = self.ctx.session, self.as_of(), self.register_year_value()
        self._run(lambda: retention_ops.load(session, as_of, year), self._on_loaded)

    def _on_loaded(self, view: retention_ops.RetentionView) -> None:
        self.view = view
        names = {r.doc_type: r.name for r in view.rules}
        for model in (self.rules_model, self.due_model, self.proposals_model, self.register_model):
            model.names = names
        self.rules_model.set_rows(view.rules)
        self.due_model.set_rows(view.due)
        self.proposals_model.set_rows(view.proposals)
        self.register_model.set_rows(view.register)
        for table_view in (self.rules_table, self.due_table, self.proposals_table,
                           self.register_table):  # fmt: skip
            self._fit_once(table_view)
        self.due_count.setText(
            self.tr("%1 scans due, %2 of them proposed")
            .replace("%1", str(len(view.due)))
            .replace("%2", str(sum(1 for d in view.due if d.proposed)))
        )
        self._tab_titles()
        self._idle()
        self.loaded.emit()
        self.changed.emit()
        if self._again:
            self.reload()

    def _fit_once(self, table_view: QTableView) -> None:
        """Size a table's columns when it first has rows, from a sample of them: measuring
        thousands of due scans at each reload held the window still for a second (QA N8), and
        it would undo the clerk's own column widths."""
        if table_view in self._fitted or not table_view.model().rowCount():
            return
        self._fitted.append(table_view)
        header = table_view.horizontalHeader()
        header.setResizeContentsPrecision(FIT_SAMPLE)
        fit(table_view)
        for column in range(header.count() - 1):  # long reasons and lists: not the width
            header.resizeSection(column, min(header.sectionSize(column), 280))

    def _on_error(self, error: BaseException) -> None:
        self._idle()
        self.error_line.show_message(error_sentence(error))

    def _update(self) -> None:
        idle = not self._busy and self.view is not None
        rules = self.selected(self.rules_table)
        fixed = bool(rules) and rules[0].fixed
        self.rule_button.setEnabled(idle and bool(rules) and not fixed)
        # a disabled button says why on hover; the line under the table says it outright
        self.rule_button.setToolTip(fixed_text(rules[0]) if fixed else "")
        self.fixed_label.setText(fixed_text(rules[0]) if fixed else "")
        self.fixed_label.setVisible(fixed)
        due = [d for d in self.selected(self.due_table) if not d.proposed]
        self.propose_button.setEnabled(idle and bool(due))
        chosen = bool(self.selected(self.proposals_table))
        self.approve_button.setEnabled(idle and chosen)
        self.reject_button.setEnabled(idle and chosen)
        has_rows = self.view is not None and bool(self.view.register)
        self.print_button.setEnabled(idle and has_rows)
        self.export_button.setEnabled(idle and has_rows)

    def selected(self, view: QTableView) -> list[Any]:
        model = view.model()
        assert isinstance(model, RowTableModel)
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.row_at(r) for r in rows if r < model.rowCount()]

    # -- actions ------------------------------------------------------------------------------

    def _open(self, dialog: Any, message: str) -> None:
        def saved(_result: object) -> None:
            self.saved_label.setText(message)
            self.reload()

        dialog.saved.connect(saved)
        dialog.setModal(True)
        dialog.show()
        self.dialogOpened.emit(dialog)

    def open_rule_dialog(self) -> None:
        rules = self.selected(self.rules_table)
        if not rules or not self.ctx.can(Permission.MANAGE_SETTINGS):
            return
        self.saved_label.clear()
        self._open(RuleDialog(self.ctx, rules[0], self), self.tr("The period was saved."))

    def open_propose_dialog(self) -> None:
        ids = [d.attachment_id for d in self.selected(self.due_table) if not d.proposed]
        if not ids or not self.ctx.can(Permission.WRITE_RECORDS):
            return
        self.saved_label.clear()
        self._open(
            ProposeDialog(self.ctx, ids, self.today, self),
            self.tr("The proposal was recorded; an administrator decides on it."),
        )

    def open_decide_dialog(self, *, approve: bool) -> None:
        chosen = self.selected(self.proposals_table)
        serials = [e.serial for e in chosen]
        if not serials or not self.ctx.can(Permission.DESTROY_RECORDS):
            return
        lang = "en" if language() == "en" else "zh"
        still_used = (
            [kept_warning(e, lang) for e in still_used_after(chosen, serials)] if approve else []
        )
        self.saved_label.clear()
        done = (
            self.tr("Destroyed and entered in the destruction register.")
            if approve
            else (self.tr("The proposal was rejected; the scans are kept."))
        )
        dialog = DecideDialog(
            self.ctx,
            serials,
            approve=approve,
            today=self.today,
            still_used=still_used,
            parent=self,
        )
        self._open(dialog, done)

    def save_register(self, kind: str, target: Path | None = None) -> None:
        """Ask where (unless ``target``), then write the 销毁清册 as PDF or xlsx on the worker."""
        if self._busy or not self.ctx.can(Permission.EXPORT):
            return
        year = self.register_year_value()
        if target is None:
            name = self.tr("Destruction register") + (f"_{year}" if year else "")
            pattern = (
                self.tr("PDF files (*.pdf)")
                if kind == "pdf"
                else self.tr("Excel workbooks (*.xlsx)")
            )
            chosen, _f = QFileDialog.getSaveFileName(
                self, self.tr("Save the destruction register"), f"{name}.{kind}", pattern
            )
            if not chosen:
                return
            target = Path(chosen)
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(f"{target.name}.{kind}")
        session, lang, out = self.ctx.session, language(), target
        call = retention_ops.print_register if kind == "pdf" else retention_ops.export_register
        self.saved_label.clear()
        self._run(lambda: call(session, out, year, lang), self._on_register_saved)

    def _on_register_saved(self, path: Path) -> None:
        self._idle()
        self.saved_label.setText(self.tr("Saved: %1").replace("%1", str(path)))
