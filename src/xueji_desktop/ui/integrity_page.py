"""四性检测: the archive's authenticity, integrity, usability and security, checked now.

"Run the check" calls services/integrity_report.four_properties on the worker with a progress bar
and 停止 on the page; the outcome shows as four cards (green / amber / red) and a table of every
item, what was found and, below it, how the selected item was checked and its evidence. The report
prints to PDF and exports to Excel (file dialog, then the services on the worker).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_integrity import SECTION_TITLES
from xueji_desktop.services.integrity_report import SECTION_KEYS, IntegrityReport, Item
from xueji_desktop.ui import integrity_ops as ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.backup_widgets import ProgressRelay, add_progress_rows, percent
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.integrity_widgets import COLOURS, IntegrityModel, SectionCard
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.widgets import stamp_text

DONE_STYLE = "QLabel#integrityDone { color: #1e6b34; }"


class IntegrityPage(Page):
    page_id = "integrity"
    permission = Permission.CHECK_ARCHIVE

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: IntegrityReport | None = None
        self.busy = False
        self.relay = ProgressRelay(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        self.heading = QLabel(self.title(), self)
        self.heading.setObjectName("pageHeading")
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
        layout.addWidget(self.heading)
        intro = QLabel(
            self.tr(
                "Checks the archive the way archive inspectors do (authenticity, integrity, "
                "usability and security of electronic records): every record, every scan and "
                "the activity record are read and compared now. It takes a few minutes on a "
                "large archive; you can keep it running and stop it at any time."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        actions = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Run the check"), self)
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(self.run_check)
        self.print_button = QPushButton(self.tr("Print PDF…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.choose_pdf)
        self.export_button = QPushButton(self.tr("Export Excel…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.choose_xlsx)
        actions.addWidget(self.run_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        add_progress_rows(
            self,
            layout,
            label=self.tr("Checking…"),
            stop_text=self.tr("Stop"),
            stop=self.stop,
            done_name="integrityDone",
            done_style=DONE_STYLE,
        )

        self.conclusion = QLabel(self)
        self.conclusion.setObjectName("integrityConclusion")
        self.conclusion.setWordWrap(True)
        self.conclusion.hide()
        layout.addWidget(self.conclusion)
        cards = QHBoxLayout()
        self.cards = {key: SectionCard(key, self) for key in SECTION_KEYS}
        for card in self.cards.values():
            cards.addWidget(card, 1)
        layout.addLayout(cards)

        self.model = IntegrityModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("integrityTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.details = QTextBrowser(self)
        self.details.setObjectName("integrityDetails")
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        self.relay.progressed.connect(self._progress)
        self._show(None)

    def title(self) -> str:
        return self.tr("Four-property check")

    def help_text(self) -> str:
        return self.tr(
            "<p>The four-property check (authenticity, integrity, usability, security) is what "
            "archive inspectors ask for. Each item says what was checked, how, and what was "
            "found.</p><p><b>Green</b>: passed. <b>Amber</b>: needs attention (for example no "
            "recent backup, or empty required fields); follow the sentence. <b>Red</b>: failed "
            "(for example a changed activity record or a missing scan): tell the administrator "
            "at once.</p><p><b>Print PDF…</b> makes the signed paper report for the "
            "inspection; <b>Export Excel…</b> gives the same items with their figures.</p>"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.heading.setFont(scaled_font(self, 1.6, bold=True))
        super().changeEvent(event)

    # -- running ----------------------------------------------------------------------------

    def run_check(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.relay.reset()
        self.error_line.clear_message()
        self.done_line.hide()
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(self.tr("Checking…"))
        self.stop_button.setEnabled(True)
        for widget in self.progress_widgets:
            widget.show()
        self._update_buttons()
        session, relay = self.ctx.session, self.relay
        today = datetime.date.today()  # the clock is read here, never in a service
        self.ctx.worker.run(
            lambda: ops.run_check(session, today, relay.report, relay.cancelled),
            on_done=self._checked,
            on_error=self._failed,
            context=self,
        )

    def stop(self) -> None:
        """Ask the check to stop; it does at the end of the step it is in (the database's own
        checks of a large archive run for minutes without a pause)."""
        self.relay.cancel()
        self.stop_button.setEnabled(False)
        self.progress_label.setText(self.tr("Stopping after the current step…"))

    def _idle(self) -> None:
        self.busy = False
        for widget in self.progress_widgets:
            widget.hide()
        self._update_buttons()

    def _checked(self, report: IntegrityReport) -> None:
        self._idle()
        self._show(report)

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        if isinstance(exc, OperationCancelled):
            self._say(self.tr("Stopped. Nothing was recorded; run the check again when ready."))
            return
        self.error_line.show_message(error_sentence(exc))

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if total > 0 and self.busy:
            self.progress_bar.setRange(0, 100)
            self.progress_bar.setValue(percent(done, total))

    def _update_buttons(self) -> None:
        self.run_button.setEnabled(not self.busy)
        has = self.report is not None and not self.busy
        self.print_button.setEnabled(has)
        self.export_button.setEnabled(has)

    def _say(self, text: str) -> None:
        self.done_line.setText(text)
        self.done_line.show()

    # -- showing ------------------------------------------------------------------------------

    def _show(self, report: IntegrityReport | None) -> None:
        self.report = report
        lang = language()
        sections = {s.key: s for s in report.sections} if report else {}
        for key, card in self.cards.items():
            section = sections.get(key)
            title = SECTION_TITLES[key][1 if lang == "en" else 0]
            card.show_section(section, title)
        self.model.set_sections(report.sections if report else ())
        self.table.resizeRowsToContents()
        if report is None:
            self.conclusion.hide()
            self.details.setPlainText(self.tr("Click “Run the check” to check the archive now."))
        else:
            mark, pale, dark = COLOURS[report.result]
            self.conclusion.setStyleSheet(
                f"QLabel#integrityConclusion {{ background: {pale}; color: {dark}; border: 1px "
                f"solid {mark}; border-radius: 4px; padding: 8px 12px; font-weight: bold; }}"
            )
            self.conclusion.setText(
                self.tr("%1 (checked %2 by %3)")
                .replace("%1", report.conclusion(lang))
                .replace("%2", stamp_text(report.made_at))
                .replace("%3", report.made_by)
            )
            self.conclusion.show()
            self.details.setPlainText(self.tr("Select an item to see how it was checked."))
            first_bad = next(
                (n for n, (_s, i) in enumerate(self.model.rows()) if i.result == "fail"), 0
            )
            self.table.selectRow(first_bad)
        self._update_buttons()

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        _section, item = self.model.row_at(rows[0].row())
        self.details.setPlainText(self.item_text(item))

    def item_text(self, item: Item) -> str:
        lang = language()
        evidence = item.evidence_text(lang)
        return "\n".join(
            (
                item.label(lang),
                self.tr("How it was checked: %1").replace("%1", item.method(lang)),
                self.tr("Found: %1").replace("%1", item.detail(lang)),
                self.tr("Evidence: %1").replace("%1", evidence),
            )
        )

    # -- printing and exporting ---------------------------------------------------------------

    def _suggested(self, suffix: str) -> str:
        day = self.report.made_at[:10].replace("-", "") if self.report else ""
        return self.tr("Four-property check %1").replace("%1", day) + suffix

    def choose_pdf(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as"), self._suggested(".pdf"),
            self.tr("PDF files (*.pdf)"),
        )  # fmt: skip
        if path:
            self.save_to(Path(path), "pdf")

    def choose_xlsx(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as"), self._suggested(".xlsx"),
            self.tr("Excel workbooks (*.xlsx)"),
        )  # fmt: skip
        if path:
            self.save_to(Path(path), "xlsx")

    def save_to(self, target: Path, kind: str) -> None:
        report = self.report
        if report is None or self.busy:
            return
        suffix = f".{kind}"
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self.busy = True
        self.error_line.clear_message()
        self.done_line.hide()
        self._update_buttons()
        session, lang = self.ctx.session, language()
        job = ops.print_pdf if kind == "pdf" else ops.export_xlsx
        self.ctx.worker.run(
            lambda: job(session, report, target, lang),
            on_done=self._saved,
            on_error=self._failed,
            context=self,
        )

    def _saved(self, path: Path) -> None:
        self._idle()
        self._say(self.tr("Saved: %1").replace("%1", str(path)))
