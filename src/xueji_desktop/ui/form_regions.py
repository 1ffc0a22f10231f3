"""The region cascade of the student entry form (籍贯, 出生地, 户口所在地): province → city → county
over the current GB/T 2260 codes."""

from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from xueji_desktop.core.regions import region_last_years, region_name, region_periods
from xueji_desktop.ui.form_combo import Choice, SearchCombo, make_choices


@functools.cache
def _region_tree() -> tuple[tuple[Choice, ...], dict[str, tuple[Choice, ...]]]:
    """Current GB/T 2260 codes as provinces and children (prefecture or county level)."""
    current = sorted(code for code, last in region_last_years().items() if last is None)
    names = {code: region_periods(code)[-1].name for code in current}
    provinces = [c for c in current if c.endswith("0000")]
    children: dict[str, list[str]] = {}
    for code in current:
        if code.endswith("0000"):
            continue
        if code.endswith("00"):
            children.setdefault(code[:2] + "0000", []).append(code)
        else:
            parent = code[:4] + "00"
            if parent not in names:  # a county with no prefecture of its own
                parent = code[:2] + "0000"
            children.setdefault(parent, []).append(code)
    tree = {
        parent: tuple((c, names[c], "") for c in kids)  # keys filled lazily
        for parent, kids in children.items()
    }
    return tuple((c, names[c], "") for c in provinces), tree


@functools.cache
def region_choices(parent: str = "") -> tuple[Choice, ...]:
    """Provinces (parent ""), or the entries under a province or prefecture, with search keys."""
    provinces, tree = _region_tree()
    rows = provinces if not parent else tree.get(parent, ())
    return make_choices([(code, name) for code, name, _ in rows])


class RegionField(QWidget):
    """籍贯/出生地/户口所在地: province → city → county; the value is the deepest code chosen."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.province = SearchCombo(region_choices(), self)
        self.city = SearchCombo((), self)
        self.county = SearchCombo((), self)
        for combo, width in ((self.province, 130), (self.city, 150), (self.county, 170)):
            combo.setMinimumWidth(width)
            layout.addWidget(combo, width)
        self.province.currentIndexChanged.connect(lambda _i: self._fill(self.province, self.city))
        self.city.currentIndexChanged.connect(lambda _i: self._fill(self.city, self.county))
        for combo in (self.province, self.city, self.county):
            combo.committed.connect(self.committed.emit)
        self._fill(self.province, self.city)

    def _fill(self, upper: SearchCombo, lower: SearchCombo) -> None:
        code = upper.value()
        lower.set_choices(region_choices(code) if code.isdigit() and len(code) == 6 else ())
        if lower is self.city:
            self._fill(self.city, self.county)

    def value(self) -> str:
        for combo in (self.county, self.city, self.province):
            if combo.value():
                return combo.value()
        return ""

    def set_value(self, code: str) -> None:
        code = "" if code is None else str(code)
        if not (code.isdigit() and len(code) == 6):
            self.province.set_value(code)  # shown as typed; validation names the problem
            return
        self.province.set_value(code[:2] + "0000")
        if code.endswith("0000"):
            return
        if self.city.choice_model.row_of(code[:4] + "00") >= 0:
            self.city.set_value(code[:4] + "00")
            if not code.endswith("00"):
                self.county.set_value(code, region_name(code) or code)
        else:
            self.city.set_value(code, region_name(code) or code)
