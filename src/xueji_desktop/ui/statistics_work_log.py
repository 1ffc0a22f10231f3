"""今日工作记录 on the statistics page: what a user did on a day (from the audit log, through
``work_stats.work_log``), shown as a table and printed for filing. A user reads their own log;
an admin may choose anyone's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
)

from xueji_desktop.services.work_stats import WorkLog, WorkLogEntry
from xueji_desktop.ui import i18n, statistics_card, statistics_ops
from xueji_desktop.ui.statistics_card import file_name
from xueji_desktop.ui.statistics_filters import pydate, qdate
from xueji_desktop.ui.statistics_ops import Choices
from xueji_desktop.ui.statistics_sections import Section, date_edit
from xueji_desktop.ui.statistics_table import label
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel

if TYPE_CHECKING:
    import datetime

    from xueji_desktop.ui.statistics_page import StatisticsPage


class WorkLogModel(RowTableModel):
    CONTEXT = "WorkLogModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("WorkLogModel", "Time"),
        QT_TRANSLATE_NOOP("WorkLogModel", "What was done"),
        QT_TRANSLATE_NOOP("WorkLogModel", "Concerning"),
        QT_TRANSLATE_NOOP("WorkLogModel", "Number"),
    )

    def cell(self, item: WorkLogEntry, column: int, role: int) -> object:
        zh = i18n.language() == "zh"
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                item.time,
                item.action_zh if zh else item.action_en,
                item.subject_zh if zh else item.subject_en,
                str(item.count),
            )
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class WorkLogSection(Section):
    """今日工作记录: what a user did on a day, printable for filing (an admin may pick anyone)."""

    def __init__(self, page: StatisticsPage) -> None:
        super().__init__(page)
        self.day_edit = date_edit(self, "dayEdit")
        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("userCombo")
        self.user_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.user_label = QLabel(self.tr("User"), self)
        self.controls.addWidget(QLabel(self.tr("Day"), self))
        self.controls.addWidget(self.day_edit)
        self.controls.addWidget(self.user_label)
        self.controls.addWidget(self.user_combo)
        self.count_button.setText(self.tr("Show"))
        self.finish_controls()
        self.print_button = QPushButton(self.tr("Print to PDF…"), self)
        self.print_button.setObjectName("printLogButton")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_log)
        self.controls.addWidget(self.print_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("workLogSummary")
        self.summary.setWordWrap(True)
        self.model = WorkLogModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("workLogView")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.view, 1)
        self.log: WorkLog | None = None

    def set_choices(self, choices: Choices, today: datetime.date) -> None:
        super().set_choices(choices, today)
        self.day_edit.setDate(qdate(today))
        self.day_edit.setMaximumDate(qdate(today))
        own = self.page.ctx.session.username
        self.user_combo.clear()
        for name in (own, *(u for u in choices.users if u != own)):
            self.user_combo.addItem(name, name)
        several = len(choices.users) > 1
        self.user_combo.setVisible(several)
        self.user_label.setVisible(several)

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        self.log = None  # the previous day's list goes: it would read as this query's answer
        self.model.set_rows([])
        self.print_button.setEnabled(False)
        self.summary.setText(
            QCoreApplication.translate(
                "StatisticsSection", "Nothing is shown: correct the choices and count again."
            )
        )

    def count(self) -> None:
        session, day = self.page.ctx.session, pydate(self.day_edit.date())
        chosen = self.user_combo.currentData()
        user = None if chosen in (None, session.username) else str(chosen)
        self.ask(lambda: statistics_ops.work_log(session, day, user), self._show)

    def _show(self, log: WorkLog) -> None:
        self.log = log
        entries = list(log.entries)
        self.model.set_rows(entries)
        self.print_button.setEnabled(True)
        day = log.day.isoformat()
        n = len(entries)
        text = self.tr("%1 on %2: 1 entry") if n == 1 else self.tr("%1 on %2: %3 entries")
        text = text.replace("%1", log.user)
        self.summary.setText(text.replace("%2", day).replace("%3", str(n)))

    def print_log(self) -> None:
        if self.log is None:
            return
        suggested = file_name(f"{label('work_log')}_{self.log.day.isoformat()}") + ".pdf"
        target = statistics_card.ask_target(
            self, self.tr("Save the PDF as"), suggested, self.tr("PDF files (*.pdf)")
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        session, log = self.page.ctx.session, self.log
        lang = i18n.language()
        self.page.output.run(lambda: statistics_ops.print_work_log(session, log, target, lang))
