"""The searchable combo of the student entry form and the choice lists behind it.

Search matches the label, the code, the label's full pinyin and its initials (``han``, ``hz``,
``汉`` and ``01`` all find 汉族). The keys are computed once per list of choices.
"""

from __future__ import annotations

from collections.abc import Sequence

from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractProxyModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QCompleter, QWidget

from xueji_desktop.core.name_keys import normalize_key

Choice = tuple[str, str, str]  # (stored value, label shown, search key)
_Index = QModelIndex | QPersistentModelIndex


def search_key(code: str, label: str) -> str:
    """One lower-case string holding everything a clerk may type to find this entry."""
    syllables = lazy_pinyin(label, style=Style.NORMAL, errors="ignore")
    initials = "".join(s[0] for s in syllables if s)
    parts = [normalize_key(code), normalize_key(label), "".join(syllables), initials]
    if label.endswith("族") and len(syllables) > 1:  # 汉族: "han" names it exactly
        parts += [normalize_key(label[:-1]), "".join(syllables[:-1])]
    return "\x1f".join(parts)


def exact_match(key: str, query: str) -> bool:
    """True when ``query`` is one whole part of the key (a code, a label, a full spelling)."""
    return normalize_key(query) in key.split("\x1f")


def make_choices(pairs: Sequence[tuple[str, str]]) -> tuple[Choice, ...]:
    return tuple((code, label, search_key(code, label)) for code, label in pairs)


class ChoiceModel(QAbstractListModel):
    """The entries of one combo: label shown, stored value under UserRole."""

    ValueRole = Qt.ItemDataRole.UserRole

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Choice] = []

    def set_choices(self, rows: Sequence[Choice]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def add_choice(self, row: Choice) -> int:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()
        return len(self._rows) - 1

    def choice(self, row: int) -> Choice:
        return self._rows[row]

    def row_of(self, value: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r[0] == value), -1)

    def row_of_label(self, label: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r[1] == label), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        code, label, _ = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return label
        if role == self.ValueRole:
            return code
        return None


class ChoiceFilter(QSortFilterProxyModel):
    """Keeps the entries whose search key contains what the clerk typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = normalize_key(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not self._query or not isinstance(model, ChoiceModel):
            return True
        return self._query in model.choice(source_row)[2]


class SearchCombo(QComboBox):
    """An editable combo whose popup narrows to the entries matching what is typed."""

    committed = Signal()

    def __init__(self, choices: Sequence[Choice] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.choice_model = ChoiceModel(self)
        self.setModel(self.choice_model)
        self.filter = ChoiceFilter(self)
        self.filter.setSourceModel(self.choice_model)
        # The popup lists rows of the filter proxy. QComboBox's own completer handling
        # (setCompleter) applies the row it gets back to the full list, so the 2nd entry of a
        # filtered popup would store the 2nd entry of the whole table. So the completer is ours,
        # never handed to the combo or its line edit, and its pick is mapped through the proxy.
        self.setCompleter(None)
        self._completer = QCompleter(self.filter, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(15)
        self._completer.setWidget(self)  # keys it does not use go to the combo (Tab leaves)
        self._completer.activated[QModelIndex].connect(self._picked)
        self._completer.popup().installEventFilter(self)
        edit = self.lineEdit()
        edit.setClearButtonEnabled(True)
        edit.textEdited.connect(self._typed)
        edit.editingFinished.connect(self._left)
        self.activated.connect(lambda _row: self.committed.emit())
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        keep = self.value()
        self.choice_model.set_choices([("", "", ""), *choices])  # row 0: empty, to clear
        self.set_value(keep if self.choice_model.row_of(keep) > 0 else "")

    def _typed(self, text: str) -> None:
        self.filter.set_query(text)
        if text and self.hasFocus():
            self._completer.complete()

    def search_popup(self) -> QAbstractItemView:
        """The list of matching entries shown while typing."""
        return self._completer.popup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self._completer.popup()
        if watched is popup and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else 0
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self._highlighted().isValid():
                self._picked(self._highlighted())  # Tab takes the highlighted entry, then leaves
        elif watched is popup and event.type() == QEvent.Type.Hide:
            # While the popup is open the field's focus-out is swallowed (QCompleter), so a Tab
            # or a click elsewhere that closes it never finishes the edit: settle it here.
            QTimer.singleShot(0, self, self._popup_closed)  # dropped if we are deleted
        return super().eventFilter(watched, event)

    def _highlighted(self) -> QModelIndex:
        """The popup entry the clerk moved to with the arrow keys (none right after typing)."""
        selected = self._completer.popup().selectionModel().selectedIndexes()
        return selected[0] if selected else QModelIndex()

    def _popup_closed(self) -> None:
        if self.isVisible() and not self.hasFocus():
            self._left()

    def _picked(self, index: QModelIndex) -> None:
        """An entry chosen in the popup (Enter, Tab or a click): a row of the filter proxy."""
        # The index belongs to the completer's own model over the filter over the choices.
        model = index.model()
        while isinstance(model, QAbstractProxyModel) and index.isValid():
            index = model.mapToSource(index)
            model = index.model()
        if index.isValid() and model is self.choice_model:
            self.setCurrentIndex(index.row())
            self.setEditText(self.choice_model.choice(index.row())[1])
        self.filter.set_query("")
        self.committed.emit()

    def _left(self) -> None:
        """Leaving the field: settle typed text on the entry it names, then validate."""
        if self._completer.popup().isVisible() and self._highlighted().isValid():
            return  # Enter on a highlighted entry: _picked settles it right after
        text = self.lineEdit().text().strip()
        row = self.row_named(text)
        if row >= 0 and self.choice_model.choice(row)[1] != text:
            self.setCurrentIndex(row)
            self.setEditText(self.choice_model.choice(row)[1])
        elif row >= 0:
            self.setCurrentIndex(row)
        self.filter.set_query("")
        self.committed.emit()

    def row_named(self, text: str) -> int:
        """The entry typed text names, else -1 (-1 also when several entries fit the text).

        An exact label or stored code, the only entry the search finds, or the only one among
        them whose label, code or full spelling is exactly the text. Text that fits several
        entries (``hz``: 汉族, 回族, 拉祜族, 赫哲族) is never settled on one of them silently.
        """
        text = text.strip()
        if not text:
            return -1
        row = self.choice_model.row_of_label(text)
        if row < 0:
            row = self.choice_model.row_of(text)
        if row >= 0:
            return row
        found = self._found(text)
        exact = found
        if len(found) > 1:
            exact = [r for r in found if exact_match(self.choice_model.choice(r)[2], text)]
        if len(exact) == 1:
            return exact[0]
        tolerant = self.choice_model.row_of(self.resolve(text))
        if tolerant >= 0 and not self._spelling(text, found):
            return tolerant  # an alias, a legacy name, a code Excel stripped of its zeros
        return -1

    @staticmethod
    def _spelling(text: str, found: list[int]) -> bool:
        """Latin letters that fit several entries are a pinyin search, not a letter code.

        The code tables also know GB/T 3304 letter codes (HZ is 赫哲族), but a clerk typing
        ``hz`` here means the initials the popup matched (汉族, 回族 ...).
        """
        return len(found) > 1 and text.isascii() and text.isalpha()

    def _found(self, text: str) -> list[int]:
        """Rows whose search key holds the text (what the popup lists for it)."""
        query = normalize_key(text)
        model = self.choice_model
        return [r for r in range(1, model.rowCount()) if query and query in model.choice(r)[2]]

    def resolve(self, text: str) -> str:
        """A stored value for typed text (subclasses add tolerant code lookups)."""
        return text

    def value(self) -> str:
        text = self.lineEdit().text().strip() if self.lineEdit() else ""
        row = self.currentIndex()
        if row >= 0 and self.choice_model.choice(row)[1] == text:
            return self.choice_model.choice(row)[0]
        row = self.row_named(text)
        if row >= 0:
            return self.choice_model.choice(row)[0]
        resolved = self.resolve(text)
        if self.choice_model.row_of(resolved) > 0:
            # Text fitting several entries that the rules' tolerant lookup would still settle on
            # one of them (``hz`` -> 赫哲族 by letter code): marked as unfinished, so the rules
            # report "choose a value from the list" instead of storing an entry nobody chose.
            return text + "…"
        return resolved  # unknown text goes to validation as typed

    def set_value(self, value: str, label: str = "") -> None:
        value = "" if value is None else str(value)
        row = self.choice_model.row_of(value)
        if row < 0 and value:
            # A value no longer offered (a legacy code, an old region): keep and show it.
            row = self.choice_model.add_choice((value, label or value, ""))
        self.setCurrentIndex(max(row, 0))
        self.setEditText(self.choice_model.choice(max(row, 0))[1])
