"""The entry form's editors: searchable code combos, the region cascade, their models."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from xueji_desktop.core.validation import check_student
from xueji_desktop.ui.form_fields import (
    ChoiceFilter,
    ChoiceModel,
    CodeCombo,
    RegionField,
    search_key,
    table_choices,
)


def shown(combo: CodeCombo) -> list[str]:
    f = combo.filter
    return [str(f.data(f.index(r, 0), Qt.ItemDataRole.DisplayRole)) for r in range(f.rowCount())]


def test_a_search_key_holds_label_code_pinyin_and_initials() -> None:
    key = search_key("01", "汉族")
    for part in ("01", "汉族", "hanzu", "hz"):
        assert part in key


def test_typing_han_or_the_character_finds_the_han_ethnicity(qtbot: QtBot) -> None:
    combo = CodeCombo("ethnicity")
    qtbot.addWidget(combo)
    for typed in ("han", "汉", "hz", "HAN"):
        combo.filter.set_query(typed)
        assert "汉族" in shown(combo), typed
    combo.filter.set_query("han")
    assert "壮族" not in shown(combo)
    combo.filter.set_query("zzz")
    assert shown(combo) == []


def test_leaving_the_field_settles_on_the_entry_typed(qtbot: QtBot) -> None:
    combo = CodeCombo("ethnicity")
    qtbot.addWidget(combo)
    with qtbot.waitSignal(combo.committed):
        combo.lineEdit().setText("han")
        combo.lineEdit().editingFinished.emit()
    assert combo.value() == "01"
    assert combo.currentText() == "汉族"
    combo.lineEdit().setText("汉")
    combo.lineEdit().editingFinished.emit()
    assert combo.value() == "01"


def test_unknown_text_is_passed_on_for_the_rules_to_name(qtbot: QtBot) -> None:
    combo = CodeCombo("ethnicity")
    qtbot.addWidget(combo)
    combo.lineEdit().setText("火星族")
    combo.lineEdit().editingFinished.emit()
    assert combo.value() == "火星族"


def test_a_legacy_code_is_kept_and_shown(qtbot: QtBot) -> None:
    combo = CodeCombo("ethnicity")
    qtbot.addWidget(combo)
    combo.set_value("01")
    assert combo.currentText() == "汉族"
    combo.set_value("")
    assert combo.value() == ""


def test_region_cascade_province_city_county(qtbot: QtBot) -> None:
    field = RegionField()
    qtbot.addWidget(field)
    field.province.set_value("430000")
    assert field.city.choice_model.row_of("430500") > 0  # 邵阳市 under 湖南省
    assert field.value() == "430000"
    field.city.set_value("430500")
    assert field.county.choice_model.row_of("430502") > 0  # 双清区 under 邵阳市
    assert field.county.choice_model.row_of("440305") < 0  # not 南山区
    field.county.set_value("430502")
    assert field.value() == "430502"
    field.province.set_value("440000")
    assert field.county.choice_model.row_of("430502") < 0  # the cascade follows the province
    field.set_value("440305")
    assert (field.province.value(), field.city.value(), field.county.value()) == (
        "440000",
        "440300",
        "440305",
    )
    assert field.county.currentText() == "南山区"


def test_region_combos_search_by_pinyin(qtbot: QtBot) -> None:
    field = RegionField()
    qtbot.addWidget(field)
    field.province.filter.set_query("hunan")
    labels = [
        field.province.filter.index(r, 0).data() for r in range(field.province.filter.rowCount())
    ]
    assert "湖南省" in labels


def test_choice_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = ChoiceModel()
    model.set_choices(table_choices("ethnicity"))
    qtmodeltester.check(model, force_py=True)
    model.add_choice(("98", "旧代码", ""))
    model.set_choices(table_choices("gender"))
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_choice_filter_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = ChoiceModel()
    model.set_choices(table_choices("ethnicity"))
    proxy = ChoiceFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_query("han")
    proxy.set_query("")


# --- real keys in the popup ------------------------------------------------------------------


_HOSTS: list[QWidget] = []  # kept alive for the test; qtbot closes and deletes them


def _typing_host(qtbot: QtBot) -> tuple[CodeCombo, QLineEdit]:
    host = QWidget()
    _HOSTS[:] = [host]
    layout = QVBoxLayout(host)
    combo = CodeCombo("ethnicity", host)
    after = QLineEdit(host)  # where Tab goes
    layout.addWidget(combo)
    layout.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitExposed(host)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    return combo, after


def _type(edit: QLineEdit, text: str, qtbot: QtBot) -> None:
    """Type like a keyboard; Chinese arrives as key events carrying text, as from an IME."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
        return
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _key(combo: CodeCombo, key: Qt.Key, qtbot: QtBot) -> None:
    """A key where Qt delivers it: the open popup, else the field."""
    popup = combo.search_popup()
    qtbot.keyClick(popup if popup.isVisible() else combo, key)


@pytest.mark.parametrize(
    ("typed", "downs", "code", "label"),
    [("hui", 1, "03", "回族"), ("han", 2, "16", "哈尼族"), ("h", 3, "08", "壮族")],
)
def test_arrow_keys_and_enter_in_a_filtered_popup_store_the_entry_shown(
    qtbot: QtBot, typed: str, downs: int, code: str, label: str
) -> None:
    combo, after = _typing_host(qtbot)
    qtbot.keyClicks(combo.lineEdit(), typed)
    popup = combo.search_popup()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(downs):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(combo.committed):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert (combo.value(), combo.currentText()) == (code, label)
    _key(combo, Qt.Key.Key_Tab, qtbot)
    qtbot.waitUntil(after.hasFocus)
    assert (combo.value(), combo.currentText()) == (code, label)


def test_tab_takes_the_highlighted_entry(qtbot: QtBot) -> None:
    combo, after = _typing_host(qtbot)
    qtbot.keyClicks(combo.lineEdit(), "han")
    popup = combo.search_popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    assert (combo.value(), combo.currentText()) == ("16", "哈尼族")


def test_tab_after_ambiguous_initials_picks_nothing(qtbot: QtBot) -> None:
    combo, after = _typing_host(qtbot)
    qtbot.keyClicks(combo.lineEdit(), "hz")
    qtbot.waitUntil(combo.search_popup().isVisible)
    assert shown(combo) == ["汉族", "回族", "拉祜族", "赫哲族"]
    with qtbot.waitSignal(combo.committed):
        _key(combo, Qt.Key.Key_Tab, qtbot)
    qtbot.waitUntil(after.hasFocus)
    assert combo.currentText() == "hz"
    assert combo.value() not in ("01", "03", "52", "53")
    # The rules name it: "not in the code table; choose a value from the list".
    checked = check_student(
        {"ethnicity": combo.value()}, today=datetime.date(2026, 3, 1), majors={}, draft=True
    )
    assert [p.code for p in checked.problems if p.field == "ethnicity"] == ["unknown_code"]


@pytest.mark.parametrize("typed", ["汉", "han", "01", "汉族", "HAN"])
def test_tab_after_an_exact_or_unique_text_settles_it(qtbot: QtBot, typed: str) -> None:
    combo, after = _typing_host(qtbot)
    _type(combo.lineEdit(), typed, qtbot)
    with qtbot.waitSignal(combo.committed):
        _key(combo, Qt.Key.Key_Tab, qtbot)
    qtbot.waitUntil(after.hasFocus)
    assert (combo.value(), combo.currentText()) == ("01", "汉族")


def test_a_mouse_click_in_a_filtered_popup_stores_that_entry(qtbot: QtBot) -> None:
    combo, _ = _typing_host(qtbot)
    qtbot.keyClicks(combo.lineEdit(), "hui")
    popup = combo.search_popup()
    qtbot.waitUntil(popup.isVisible)
    rect = popup.visualRect(popup.model().index(1, 0))
    with qtbot.waitSignal(combo.committed):
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (combo.value(), combo.currentText()) == ("25", "水族")


def test_code_entries_that_share_a_label_are_told_apart() -> None:
    # 331, 33110 and 33120 all export as 调整后中职学生; the form shows which is which
    shown = {code: label for code, label, _key in table_choices("student_category")}
    assert shown["331"] == "调整后中职学生"
    assert shown["33110"] == "调整后中职学生（全日制）"
    assert shown["33120"] == "调整后中职学生（非全日制）"
    assert len(set(shown.values())) == len(shown)
    assert shown["33200"] == "普通中专学生"  # a label of its own stays the template's
