"""The student list's table: how it is set up, its remembered column layout, its count line.

Column widths and order are kept between runs in ui_settings() under ``HEADER_KEY``. Texts keep
the translation context ``StudentsPage``, where they were first written.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from xueji_desktop.services.student_list import ListPage
from xueji_desktop.ui.prefs import ui_settings
from xueji_desktop.ui.student_model import StudentTableModel

HEADER_KEY = "students/list_header"


def student_table(model: StudentTableModel, parent: QWidget) -> QTableView:
    """The list's table, sorted by the first column until a saved layout says otherwise."""
    table = QTableView(parent)
    table.setObjectName("studentTable")
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    # Several students may be selected: 出具文书 prints for all of them.
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setSectionsMovable(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    return table


class ColumnLayout(QObject):
    """Restores the table's saved column layout and saves it shortly after each change."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        # A drag resizes a column many times a second: save once it has stopped.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save)

    def restore(self) -> bool:
        state = ui_settings().value(HEADER_KEY)
        if state is None:
            return False
        return bool(self.table.horizontalHeader().restoreState(state))

    def watch(self) -> None:
        header = self.table.horizontalHeader()
        header.sectionResized.connect(self._changed)
        header.sectionMoved.connect(self._changed)

    def _changed(self, *_: object) -> None:
        self._save_timer.start()

    def save(self) -> None:
        settings = ui_settings()
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
        settings.sync()

    def fit(self) -> None:
        """Columns as wide as their contents, with room to breathe (no saved layout yet)."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.table.model().columnCount() - 1):
            header.resizeSection(column, header.sectionSize(column) + 18)


def count_text(page: ListPage, narrowed: bool) -> str:
    """The line under the list; ``narrowed``: a search, a filter or a given set of students."""
    shown, total = len(page.rows), f"{page.total:,}"
    if page.total == 0:
        if narrowed:
            return QCoreApplication.translate(
                "StudentsPage", "No student matches. Check the spelling or clear the filters."
            )
        return QCoreApplication.translate(
            "StudentsPage", "There are no students in this archive yet."
        )
    if not page.total_exact:
        text = QCoreApplication.translate(
            "StudentsPage", "Showing the first %1 of more than %2 students — type more to narrow"
        )
        return text.replace("%1", f"{shown:,}").replace("%2", total)
    if shown < page.total:
        text = QCoreApplication.translate(
            "StudentsPage", "Showing the first %1 of %2 students — type more to narrow"
        )
        return text.replace("%1", f"{shown:,}").replace("%2", total)
    return QCoreApplication.translate("StudentsPage", "%1 students").replace("%1", total)
