"""The main window: the school's student list with search-as-you-type.

Issue 4 grows this into the full desktop (start page, navigation, record view); for now it shows
the students. The list is loaded on the session worker; the GUI thread only fills the model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.ui import operations
from xueji_desktop.ui.i18n import error_text, warning_text
from xueji_desktop.ui.operations import LoggedIn, StudentList
from xueji_desktop.ui.student_model import StudentFilterProxy, StudentTableModel
from xueji_desktop.ui.widgets import (
    ERROR_STYLE,
    BusyIndicator,
    ErrorLine,
    PracticeBanner,
    window_title,
)
from xueji_desktop.ui.worker import SessionWorker

COLUMN_PADDING = 18  # pixels of air around the widest value of a column


class MainWindow(QMainWindow):
    studentsLoaded = Signal(int)
    loadFailed = Signal(str)

    def __init__(
        self,
        logged_in: LoggedIn,
        worker: SessionWorker,
        *,
        practice: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = logged_in.session
        self._worker = worker
        self._total = 0
        self._loaded = False
        self.setObjectName("mainWindow")
        title = logged_in.school_name or self.tr("Xueji Desktop")
        if logged_in.school_name:
            title = self.tr("%1 — Xueji Desktop").replace("%1", logged_in.school_name)
        self.setWindowTitle(window_title(title, practice=practice))
        self.resize(1180, 720)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        self.practice_banner: PracticeBanner | None = PracticeBanner(central) if practice else None
        if self.practice_banner is not None:
            layout.addWidget(self.practice_banner)

        search_row = QHBoxLayout()
        search_label = QLabel(self.tr("Find:"), central)
        self.search_edit = QLineEdit(central)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            self.tr("Student no., name, class or major — several words narrow the list")
        )
        self.search_edit.setClearButtonEnabled(True)
        search_label.setBuddy(self.search_edit)
        self.refresh_button = QPushButton(self.tr("Reload"), central)
        self.refresh_button.setToolTip(self.tr("Load the student list again (F5)"))
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.refresh_button)
        layout.addLayout(search_row)

        self.error_line = ErrorLine(central)
        layout.addWidget(self.error_line)
        # Integrity findings from login (e.g. a broken audit chain) stay visible all session.
        self.integrity_line = ErrorLine(central)
        self.integrity_line.setObjectName("integrityLine")
        self.integrity_line.setStyleSheet(ERROR_STYLE.replace("#errorLine", "#integrityLine"))
        self.integrity_line.show_message(
            "\n".join(dict.fromkeys(warning_text(w) for w in self._session.warnings))
        )
        layout.addWidget(self.integrity_line)
        self.notice = QLabel(central)
        self.notice.setObjectName("notice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # it may echo the search text
        self.notice.setStyleSheet("color: #4a4a4a; padding: 2px;")
        self.notice.hide()
        layout.addWidget(self.notice)

        self.model = StudentTableModel(self)
        self.proxy = StudentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(central)
        self.table.setObjectName("studentTable")
        self.table.setModel(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the archive's order
        self.table.setSortingEnabled(True)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        status = self.statusBar()
        self.busy_indicator = BusyIndicator(self.tr("Loading the student list…"), status)
        status.addWidget(self.busy_indicator, 1)
        self.user_label = QLabel(self.tr("Signed in as: %1").replace("%1", self._session.username))
        self.count_label = QLabel(status)
        self.count_label.setObjectName("countLabel")
        for label in (self.user_label, self.count_label):
            label.setContentsMargins(10, 0, 10, 0)
            status.addPermanentWidget(label)

        self.search_edit.textChanged.connect(self._search)
        self.refresh_button.clicked.connect(self.reload)
        find = QAction(self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self._focus_search)
        reload_action = QAction(self)
        reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        reload_action.triggered.connect(self.reload)
        self.addActions([find, reload_action])

        self.reload()
        self.search_edit.setFocus()

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.refresh_button.isEnabled():
            return  # a load is already running
        self.refresh_button.setEnabled(False)
        self.busy_indicator.show()
        self.error_line.clear_message()
        session = self._session
        self._worker.run(
            lambda: operations.load_students(session),
            on_done=self._on_loaded,
            on_error=self._on_load_failed,
            context=self,
        )

    def _on_loaded(self, result: StudentList) -> None:
        self._done_loading()
        self._loaded = True
        self._total = result.total
        self.model.set_rows(result.rows)
        self._fit_columns()
        self._update_counts()
        self.studentsLoaded.emit(len(result.rows))

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            header.resizeSection(column, header.sectionSize(column) + COLUMN_PADDING)

    def _on_load_failed(self, error: BaseException) -> None:
        self._done_loading()
        if isinstance(error, XuejiError):
            text = error_text(error)
        else:
            text = self.tr(
                "The student list could not be loaded because of an unexpected problem. "
                "Click Reload to try again; if it happens again, contact the administrator."
            )
        self.error_line.show_message(text)
        self.loadFailed.emit(text)

    def _done_loading(self) -> None:
        self.busy_indicator.hide()
        self.refresh_button.setEnabled(True)

    # -- search -------------------------------------------------------------------------------

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_counts()

    def _update_counts(self) -> None:
        shown = self.proxy.rowCount()
        loaded = self.model.rowCount()
        searching = bool(self.search_edit.text().strip())
        if searching:
            text = self.tr("%1 of %2 students shown")
            text = text.replace("%1", str(shown)).replace("%2", str(self._total))
        elif loaded < self._total:
            text = self.tr("First %1 of %2 students shown")
            text = text.replace("%1", str(loaded)).replace("%2", str(self._total))
        else:
            text = self.tr("%1 students").replace("%1", str(self._total))
        self.count_label.setText(text)
        if self._loaded and self._total == 0:
            self.notice.setText(self.tr("There are no students in this archive yet."))
        elif searching and shown == 0:
            self.notice.setText(
                self.tr("No student matches “%1”.").replace("%1", self.search_edit.text().strip())
            )
        else:
            self.notice.setText("")
        self.notice.setVisible(bool(self.notice.text()))
