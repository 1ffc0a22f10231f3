"""毕业去向 of a class: one row per student who has left, entered together, saved at once.

The clerk picks the kind (就业, 升学, 参军, 转段, 其他), types the employer or school, ticks 对口,
sets the date and a remark; Save sends every changed row to destinations_bulk.set_destinations
on the worker, which writes all of them in one transaction or none. When a row is refused, each
row's problems appear in its own "Problem" column, in the clerk's language, and nothing is saved.
The class's sheet to fill in can be exported from here (destinations_ops.write_template); a
filled-in sheet comes back through the import wizard.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.destinations import DESTINATION_KINDS
from xueji_desktop.services.destinations_bulk import ClassLeaver
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.ui import destinations_ops
from xueji_desktop.ui.destinations_table import (
    DATE_COL,
    EMPLOYER_COL,
    KIND_COL,
    MATCHES_COL,
    PROBLEM_COL,
    REMARK_COL,
    DateDelegate,
    DestinationModel,
    KindDelegate,
    kind_name,
)
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, window_title


class DestinationsDialog(QDialog):
    """毕业去向 of ``group``'s leavers. ``saved(int)`` after a save (students changed)."""

    saved = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: PageContext, group: ClassGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group = group
        self._busy_count = 0
        self._sent: list[int] = []  # model rows of the last save, in the order sent
        self.setObjectName("destinationsDialog")
        self.setWindowTitle(
            window_title(
                self.tr("Destinations of %1").replace("%1", group.name), practice=ctx.practice
            )
        )
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 80, line * 34)
        today = datetime.date.fromtimestamp(ctx.session.archive.clock())
        self.model = DestinationModel(today.isoformat(), self)
        self.summary = QLabel(self)
        self.summary.setObjectName("destinationSummary")
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("destinationTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self._kind_delegate = KindDelegate(self.table)
        self._date_delegate = DateDelegate(self.table)
        self.table.setItemDelegateForColumn(KIND_COL, self._kind_delegate)
        self.table.setItemDelegateForColumn(DATE_COL, self._date_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.hint = QLabel(
            self.tr("Double-click a cell to fill it in. Only rows with a destination chosen "
                    "are saved; all of them are saved together, or none if one is wrong."),
            self,
        )  # fmt: skip
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.busy = BusyIndicator(self.tr("Loading…"), self)
        self.error_line = ErrorLine(self)
        self.template_button = QPushButton(self.tr("Export sheet to fill in…"), self)
        self.template_button.setObjectName("exportTemplate")
        self.template_button.setAutoDefault(False)
        self.template_button.clicked.connect(lambda: self.export_template(None))
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("saveDestinations")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        self.model.dataChanged.connect(lambda *_a: self._update())
        self.reload()

    # -- loading -------------------------------------------------------------------------------

    def _start(self) -> None:
        self._busy_count += 1
        self.busy.show()
        self._update()

    def _stop(self) -> None:
        self._busy_count = max(0, self._busy_count - 1)
        if not self._busy_count:
            self.busy.hide()
        self._update()

    @property
    def working(self) -> bool:
        return self._busy_count > 0

    def reload(self) -> None:
        self._start()
        session, cid = self.ctx.session, self.group.id
        self.ctx.worker.run(
            lambda: destinations_ops.load(session, cid),
            on_done=self._on_loaded,
            on_error=self._on_error,
            context=self,
        )

    def _on_loaded(self, leavers: list[ClassLeaver]) -> None:
        self.model.set_leavers(leavers)
        em = self.fontMetrics().horizontalAdvance("中")
        for col in (0, 1, 2):  # 学号 and names as long as they are
            self.table.resizeColumnToContents(col)
        widths = {KIND_COL: 6, EMPLOYER_COL: 16, MATCHES_COL: 5, DATE_COL: 7, REMARK_COL: 10}
        header = self.table.horizontalHeader()
        kinds = max(self.fontMetrics().horizontalAdvance(kind_name(k)) for k in DESTINATION_KINDS)
        for col, chars in widths.items():
            wide = kinds + em * 2 if col == KIND_COL else 0  # any language's longest kind
            self.table.setColumnWidth(col, max(em * chars, header.sectionSizeHint(col), wide))
        self._stop()
        self.loaded.emit()

    def _on_error(self, exc: BaseException) -> None:
        self._stop()
        self.error_line.show_message(error_sentence(exc))

    def _update(self) -> None:
        entries = self.model.entries
        missing = sum(1 for e in entries if e.leaver.destination is None)
        text = self.tr("%1 students of this class have left; %2 have no destination recorded.")
        self.summary.setText(text.replace("%1", str(len(entries))).replace("%2", str(missing)))
        if not entries and not self.working:
            self.summary.setText(self.tr("No student of this class has left yet."))
        self.save_button.setEnabled(not self.working and bool(self.model.changed_entries()))
        self.template_button.setEnabled(not self.working)

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        if self.working:
            return
        changed = self.model.changed_entries()
        if not changed:
            return
        self.error_line.clear_message()
        self.model.set_problems({})
        self._sent = [i for i, _e in changed]
        rows = [e.row() for _i, e in changed]
        session = self.ctx.session
        self._start()
        self.ctx.worker.run(
            lambda: destinations_ops.save(session, rows),
            on_done=self._on_saved,
            on_error=self._on_save_error,
            context=self,
        )

    def _on_saved(self, count: int) -> None:
        self._stop()
        self.error_line.clear_message()
        self.saved.emit(count)
        self.summary.setText(
            self.tr("Saved: the destinations of %1 students were recorded or changed.")
            .replace("%1", str(count))
        )  # fmt: skip
        self.reload()

    def _on_save_error(self, exc: BaseException) -> None:
        self._stop()
        if not isinstance(exc, RecordInvalid):
            self.error_line.show_message(error_sentence(exc))
            return
        by_row: dict[int, list[str]] = {}
        other: list[str] = []
        lang = language()
        for p in exc.problems:
            if not isinstance(p, Problem):
                continue
            index, leaf = _split(p.field)
            if index is None or index >= len(self._sent):
                other.append(problem_text(p, lang))
                continue
            by_row.setdefault(self._sent[index], []).append(
                problem_text(Problem(leaf, p.code, p.severity, p.params), lang)
            )
        self.model.set_problems(by_row)
        self.table.resizeRowsToContents()
        if by_row:  # the first wrong row in sight
            self.table.scrollTo(self.model.index(min(by_row), PROBLEM_COL))
        text = self.tr("Nothing was saved: %1 rows have problems (shown in the last column).")
        self.error_line.show_message("\n".join([text.replace("%1", str(len(by_row))), *other]))

    # -- the sheet to fill in --------------------------------------------------------------------

    def export_template(self, target: Path | None) -> None:
        if self.working:
            return
        if target is None:
            name = self.tr("%1 destinations.xlsx").replace("%1", self.group.name)
            chosen, _f = QFileDialog.getSaveFileName(
                self, self.tr("Export sheet to fill in"), name, self.tr("Excel workbooks (*.xlsx)")
            )
            if not chosen:
                return
            target = Path(chosen)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        session, cid, title, out = self.ctx.session, self.group.id, self.group.name, target
        self._start()
        self.ctx.worker.run(
            lambda: destinations_ops.write_template(session, cid, title, out),
            on_done=self._on_exported,
            on_error=self._on_error,
            context=self,
        )

    def _on_exported(self, path: Path) -> None:
        self._stop()
        self.summary.setText(self.tr("The sheet was saved: %1").replace("%1", str(path)))

    # -- closing --------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.model.changed_entries() and not self.working:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("Close without saving the changes?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def _split(path: str) -> tuple[int | None, str]:
    """("rows[3].destination_kind") -> (3, "destination_kind"); (None, path) otherwise."""
    if not path.startswith("rows["):
        return None, path
    head, _, leaf = path.partition("].")
    number = head[len("rows[") :].rstrip("]")
    return (int(number), leaf) if number.isdigit() else (None, path)


def destinations_button(page: Any) -> QPushButton:
    """The classes page's "Destinations…" button: opens the dialog for the selected class
    (``page.selected()`` -> a row with ``.group``). Shown to those who may record them."""
    button = QPushButton(QCoreApplication.translate("ClassesPage", "Destinations…"), page)
    button.setObjectName("classDestinations")
    button.setVisible(page.ctx.can(Permission.WRITE_RECORDS))

    def open_dialog() -> None:
        row = page.selected()
        if row is None:
            return
        dialog = DestinationsDialog(page.ctx, row.group, page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        page.destinations_dialog = dialog  # tests and screenshots find it here

    button.clicked.connect(open_dialog)
    return button
