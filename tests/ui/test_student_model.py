"""The student table model: Chinese labels, rows as the archive chose them, sort by query."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from xueji_desktop.services.students import StudentRow
from xueji_desktop.ui.student_model import (
    COLUMNS,
    STATUSES,
    StudentTableModel,
    status_label,
)

ROWS = [
    StudentRow(1, "202401001", "张伟", "1", "2008-03-01", "110101********1234", "计算机应用",
               "2024级计算机应用1班", "enrolled"),
    StudentRow(2, "202401002", "李娜", "2", "2008-07-15", "110101********2345", "计算机应用",
               "2024级计算机应用1班", "on_leave"),
    StudentRow(3, "202502001", "王芳", "2", "2009-01-20", "430502********312X", "会计事务",
               "2025级会计事务1班", "graduated"),
    StudentRow(4, "202502002", "Ma Li", "9", "2009-11-02", "430502********0012", "会计事务",
               "2025级会计事务1班", "something_new"),
]  # fmt: skip


def model_with_rows() -> StudentTableModel:
    model = StudentTableModel()
    model.set_rows(ROWS)
    return model


def cell(model: StudentTableModel, row: int, field: str) -> object:
    column = [f for f, _ in COLUMNS].index(field)
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = model_with_rows()
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected: these resets are checked as they happen.
    model.set_rows([])
    model.set_rows(ROWS[:2])


def test_empty_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(StudentTableModel(), force_py=True)


def test_headers_and_cells_are_in_chinese() -> None:
    model = model_with_rows()
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == [
        "学号", "姓名", "性别", "出生日期", "身份证件号", "专业", "班级", "学籍状态", "上报状态"
    ]  # fmt: skip
    assert [cell(model, r, "gender") for r in range(4)] == ["男", "女", "女", "未说明"]
    assert [cell(model, r, "status") for r in range(4)] == ["在籍", "休学", "毕业", "something_new"]
    assert cell(model, 0, "id_number_masked") == "110101********1234"  # masked by the service
    assert model.row_at(2).id == 3


def test_sort_asks_the_archive_instead_of_sorting_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = model_with_rows()
    with qtbot.waitSignal(model.sortRequested) as blocker:
        model.sort([f for f, _ in COLUMNS].index("id_number_masked"), Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["id_number", True]
    assert [model.row_at(r).id for r in range(4)] == [1, 2, 3, 4]  # rows unchanged


def test_every_status_has_a_chinese_label() -> None:
    labels = {code: status_label(code) for code in STATUSES}
    assert labels["enrolled"] == "在籍"
    assert labels["completed_without_diploma"] == "结业"
    assert labels["studied_without_completing"] == "肄业"
    assert all(label and label.isascii() is False for label in labels.values())


def test_out_of_range_and_child_indexes_are_harmless() -> None:
    model = model_with_rows()
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(99, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(99, Qt.Orientation.Horizontal) is None
