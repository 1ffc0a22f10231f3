"""Choosing students for a register step: by a search (name, 学号, 学籍号, ID number) or a class.

``StudentPicker`` adds no rule: it lists what the search index finds (every status: a file is
often sent years after the student left) and hands the chosen ones to its owner through
``picked``. ``WorkDialog`` (now in ui/work_dialog.py) is the shape every small register dialog
shares: a form, an error line, OK runs one worker call, the dialog closes only when the service
agreed.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.services.search import SearchHit
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.ui import i18n, paper_files_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import ErrorLine, on_enter


def hit_label(hit: SearchHit) -> str:
    status = messages.status_label(hit.status, i18n.language())
    return f"{hit.name}　{hit.student_no}　{hit.class_name}　{status}"


def date_edit(parent: QWidget, value: QDate | None = None) -> QDateEdit:
    edit = QDateEdit(value or QDate.currentDate(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def iso(edit: QDateEdit) -> str:
    return str(edit.date().toString("yyyy-MM-dd"))


class StudentPicker(QWidget):
    """A search box with its matches and a class chooser; ``picked`` carries the SearchHits."""

    picked = Signal(list)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._seq = 0
        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("pickerFind")
        self.find_edit.setPlaceholderText(self.tr("Name, student no., registry no. or ID number"))
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.clicked.connect(self.look_up)
        on_enter(self.find_edit, self.look_up)
        self.matches = QListWidget(self)
        self.matches.setObjectName("pickerMatches")
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.matches.setMaximumHeight(84)
        self.matches.itemDoubleClicked.connect(lambda _i: self.add_selected())
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.clicked.connect(self.add_selected)
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("pickerClass")
        self.class_combo.setMinimumContentsLength(16)
        self.class_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.class_button = QPushButton(self.tr("Add the whole class"), self)
        self.class_button.clicked.connect(self.add_class)
        self.class_button.setEnabled(False)
        self.error_line = ErrorLine(self)
        top = QHBoxLayout()
        top.addWidget(self.find_edit, 1)
        top.addWidget(self.find_button)
        top.addWidget(self.class_combo)
        top.addWidget(self.class_button)
        middle = QHBoxLayout()
        middle.addWidget(self.matches, 1)
        middle.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(middle)
        layout.addWidget(self.error_line)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        session = ctx.session
        ctx.worker.run(
            lambda: paper_files_ops.classes(session),
            on_done=self._on_classes,
            on_error=self._on_error,
            context=self,
        )

    def _on_classes(self, groups: list[ClassGroup]) -> None:
        for g in groups:
            self.class_combo.addItem(g.name, g.id)
        self.class_button.setEnabled(bool(groups))

    def look_up(self) -> None:
        text = self.find_edit.text().strip()
        if not text:
            return
        self._seq += 1
        seq, session = self._seq, self.ctx.session
        self.ctx.worker.run(
            lambda: paper_files_ops.find_students(session, text),
            on_done=lambda hits: self._on_hits(seq, hits),
            on_error=self._on_error,
            context=self,
        )

    def _on_hits(self, seq: int, hits: list[SearchHit]) -> None:
        if seq != self._seq:
            return
        self.error_line.clear_message()
        self.matches.clear()
        for hit in hits:
            item = QListWidgetItem(hit_label(hit), self.matches)
            item.setData(Qt.ItemDataRole.UserRole, hit)
        if not hits:
            self.error_line.show_message(self.tr("No student found."))
        elif len(hits) == 1:
            self.matches.setCurrentRow(0)

    def add_selected(self) -> None:
        hits = [i.data(Qt.ItemDataRole.UserRole) for i in self.matches.selectedItems()]
        if hits:
            self.picked.emit(hits)

    def add_class(self) -> None:
        class_id = self.class_combo.currentData()
        if not isinstance(class_id, int):
            return
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: paper_files_ops.class_students(session, class_id),
            on_done=lambda hits: self.picked.emit(list(hits)),
            on_error=self._on_error,
            context=self,
        )

    def _on_error(self, exc: BaseException) -> None:
        self.error_line.show_message(error_sentence(exc))
