"""The grade-entry sheet: spreadsheet keys, paste from Excel, invalid cells, all-or-nothing save."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services.archive import Created
from xueji_desktop.services.grade_sheets import check_entry
from xueji_desktop.services.transcripts import grades_for_class
from xueji_desktop.ui.grade_model import FIELDS, INVALID_ROLE, SCORE_COLUMN, GradeSheetModel
from xueji_desktop.ui.grades_page import GradesPage, parse_clipboard
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

STUDENTS = 20


@pytest.fixture
def sheet(
    make_archive: Callable[..., Created], worker: SessionWorker, qtbot: QtBot
) -> tuple[GradesPage, dict[str, int], Created]:
    created = make_archive()
    ids = setup_structure(created.session)
    for n in range(STUDENTS):
        insert_student(created.session, ids["c1"], student_no=f"2025710201{n + 1:04d}")
    page = GradesPage(PageContext(created.session, worker))
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    page.activate()
    qtbot.waitUntil(lambda: page.class_combo.count() > 0, timeout=10_000)
    page.select(ids["c1"], ids["math"], ids["t1"])
    qtbot.waitUntil(lambda: page.model.rowCount() == STUDENTS, timeout=10_000)
    return page, ids, created


def _type(text: str) -> None:
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None
        if ch.isascii():
            QTest.keyClick(target, ch)
        else:  # Chinese arrives as text without a key of its own, as from an input method
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )


def _enter() -> None:
    """Enter in the cell editor; Qt commits it on the next turn of the event loop."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_typing_enter_and_arrows_move_like_a_spreadsheet(
    sheet: tuple[GradesPage, dict[str, int], Created], qtbot: QtBot
) -> None:
    page, _, _ = sheet
    table, model = page.table, page.model
    table.setFocus()
    table.setCurrentIndex(model.index(0, SCORE_COLUMN))
    _type("88")
    _enter()
    assert model.cell_text(0, "score") == "88"
    assert table.currentIndex().row() == 1  # Enter moved down
    _type("7")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # commit and move while typing
    assert model.cell_text(1, "score") == "7"
    assert table.currentIndex().row() == 2
    QTest.keyClick(table, Qt.Key.Key_Down)
    QTest.keyClick(table, Qt.Key.Key_Right)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (3, SCORE_COLUMN + 1)
    QTest.keyClick(table, Qt.Key.Key_Up)
    QTest.keyClick(table, Qt.Key.Key_Left)
    QTest.keyClick(table, Qt.Key.Key_Up)
    table.setCurrentIndex(model.index(0, SCORE_COLUMN))
    _type("9")  # typing overwrites the 88
    _enter()
    assert model.cell_text(0, "score") == "9"
    table.setCurrentIndex(model.index(0, SCORE_COLUMN))
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert model.cell_text(0, "score") == ""
    assert model.unsaved_count() == 1  # row 1 only: row 0 is back to its saved (empty) value
    assert page.has_unsaved_changes()


def test_paste_a_column_with_one_invalid_then_fix_and_save(
    sheet: tuple[GradesPage, dict[str, int], Created], qtbot: QtBot
) -> None:
    page, ids, created = sheet
    table, model = page.table, page.model
    scores = [str(60 + n) for n in range(STUDENTS)]
    scores[5] = "120"
    QGuiApplication.clipboard().setText("\r\n".join(scores) + "\r\n")  # as Excel copies it
    table.setFocus()
    table.setCurrentIndex(model.index(0, SCORE_COLUMN))
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [model.cell_text(r, "score") for r in range(STUDENTS)] == scores
    assert model.unsaved_count() == STUDENTS
    assert model.invalid_count() == 1
    bad = model.index(5, SCORE_COLUMN)
    assert model.data(bad, Qt.ItemDataRole.BackgroundRole) is not None
    tip = model.data(bad, Qt.ItemDataRole.ToolTipRole)
    assert "0 到 100" in tip
    assert model.data(model.index(4, SCORE_COLUMN), Qt.ItemDataRole.ToolTipRole) is None
    assert "1" in page.counts.text()
    page.grab().save("/tmp/shots-e/grades_invalid.png")

    page.save()  # refused: nothing is sent while a cell is red
    assert page.error_line.isVisible()
    assert table.currentIndex() == bad
    assert model.data(bad, INVALID_ROLE) is True
    assert model.data(model.index(4, SCORE_COLUMN), INVALID_ROLE) is False
    assert_painted_red(page, bad)
    page.ctx.worker.wait()
    qtbot.wait(5)
    assert grades_for_class(created.session, ids["c1"], ids["t1"]) == []

    assert model.setData(bad, "95")
    assert model.invalid_count() == 0
    page.save()
    qtbot.waitUntil(lambda: not page.has_unsaved_changes(), timeout=10_000)
    qtbot.waitUntil(lambda: not page.busy.isVisible(), timeout=10_000)
    saved = grades_for_class(created.session, ids["c1"], ids["t1"])
    assert len(saved) == STUDENTS
    assert sorted(g.score for g in saved) == sorted(
        float(s) for s in [*scores[:5], "95", *scores[6:]]
    )
    assert model.cell_text(5, "score") == "95"  # reloaded from the archive
    assert "20" in page.message.text()


def test_service_refusal_marks_the_row_and_saves_nothing(
    sheet: tuple[GradesPage, dict[str, int], Created], qtbot: QtBot
) -> None:
    page, ids, created = sheet
    model = page.model
    model.setData(model.index(0, SCORE_COLUMN), "70")
    model.setData(model.index(1, FIELDS.index("remark")), "x" * 201)  # the service's own limit
    model.setData(model.index(1, SCORE_COLUMN), "80")
    assert model.invalid_count() == 0
    page.save()
    qtbot.waitUntil(lambda: page.error_line.isVisible(), timeout=10_000)
    assert model.invalid_count() == 1
    assert model.has_unsaved_changes()
    assert grades_for_class(created.session, ids["c1"], ids["t1"]) == []


def test_labels_and_full_width_digits_follow_the_service_rule() -> None:
    assert check_entry("８５").ok and check_entry("８５").score == 85.0
    assert check_entry("", "良好").ok
    assert not check_entry("", "").ok  # a score or a grade is required
    assert not check_entry("abc").ok
    assert not check_entry("", "很好").ok
    assert not check_entry("-1").ok


def test_clipboard_text_from_excel() -> None:
    assert parse_clipboard("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_clipboard("5") == [["5"]]


def test_model_passes_qtmodeltester(
    sheet: tuple[GradesPage, dict[str, int], Created], qtmodeltester: object
) -> None:
    page, _, _ = sheet
    page.model.setData(page.model.index(2, SCORE_COLUMN), "150")
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    empty = GradeSheetModel()
    qtmodeltester.check(empty)  # type: ignore[attr-defined]


def assert_painted_red(page: GradesPage, index: QModelIndex) -> None:
    """The selected invalid cell shows red on screen, not the selection colour."""
    table = page.table
    assert table.selectionModel().isSelected(index)
    QApplication.processEvents()
    image = table.viewport().grab().toImage()
    rect = table.visualRect(index)
    inside = image.pixelColor(rect.left() + 6, rect.center().y())  # left of the centred text
    frame = image.pixelColor(rect.left() + 1, rect.center().y())
    selection = table.palette().color(QPalette.ColorRole.Highlight)
    assert inside.name() == "#f8d0cc", inside.name()  # the mistake's fill, not the highlight
    assert inside != selection
    assert frame.red() > 150 and frame.green() < 80, frame.name()  # the red frame


def test_a_grade_typed_under_score_moves_to_the_grade_column(
    sheet: tuple[GradesPage, dict[str, int], Created], qtbot: QtBot
) -> None:
    page, ids, created = sheet
    table, model = page.table, page.model
    table.setFocus()
    table.setCurrentIndex(model.index(0, SCORE_COLUMN))
    _type("优秀")
    _enter()
    assert model.cell_text(0, "score") == ""
    assert model.cell_text(0, "grade_label") == "优秀"
    assert model.invalid_count() == 0
    assert table.currentIndex().row() == 1  # Enter moved down as usual
    # pasted from Excel as well: a column of mixed scores and grades
    QGuiApplication.clipboard().setText("85\r\n良好\r\n")
    table.setCurrentIndex(model.index(1, SCORE_COLUMN))
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert (model.cell_text(1, "score"), model.cell_text(1, "grade_label")) == ("85", "")
    assert (model.cell_text(2, "score"), model.cell_text(2, "grade_label")) == ("", "良好")
    # a score-and-grade block whose grade cell is empty keeps the moved grade
    assert model.paste(3, SCORE_COLUMN, [["及格", ""]]) == 1
    assert model.cell_text(3, "grade_label") == "及格"
    # a typed score replaces a grade typed before only where the clerk types it
    model.setData(model.index(2, SCORE_COLUMN), "77")
    assert (model.cell_text(2, "score"), model.cell_text(2, "grade_label")) == ("77", "良好")
    assert "优秀" in page.hint.text() and "等级" in page.hint.text()
    page.save()
    qtbot.waitUntil(lambda: not page.has_unsaved_changes(), timeout=10_000)
    saved = {g.student_id: g for g in grades_for_class(created.session, ids["c1"], ids["t1"])}
    first = saved[model.student_id(0)]
    assert (first.score, first.grade_label) == (None, "优秀")


def test_other_text_under_score_says_where_grades_go(
    sheet: tuple[GradesPage, dict[str, int], Created],
) -> None:
    page, _, _ = sheet
    model = page.model
    model.setData(model.index(0, SCORE_COLUMN), "良")  # neither a number nor a grade
    tip = model.data(model.index(0, SCORE_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert "0 到 100" in tip and "“等级”" in tip and "优秀" in tip
    assert "内容类型" not in tip
