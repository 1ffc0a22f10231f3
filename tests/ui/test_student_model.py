"""The student table model and its search filter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from xueji_desktop.services.students import StudentRow
from xueji_desktop.ui.student_model import (
    COLUMNS,
    STATUSES,
    StudentFilterProxy,
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


def cell(model: StudentTableModel | StudentFilterProxy, row: int, field: str) -> object:
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


def test_filtered_proxy_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = model_with_rows()
    proxy = StudentFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_search("会计")
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    proxy.set_search("")
    model.set_rows(ROWS[1:])


def test_headers_and_cells_are_in_chinese() -> None:
    model = model_with_rows()
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == ["学号", "姓名", "性别", "出生日期", "身份证件号", "专业", "班级", "学籍状态"]
    assert [cell(model, r, "gender") for r in range(4)] == ["男", "女", "女", "未说明"]
    assert [cell(model, r, "status") for r in range(4)] == ["在籍", "休学", "毕业", "something_new"]
    assert cell(model, 0, "id_number_masked") == "110101********1234"  # masked by the service
    assert model.row_at(2).id == 3


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


def test_search_filters_rows_on_every_visible_column() -> None:
    model = model_with_rows()
    proxy = StudentFilterProxy()
    proxy.setSourceModel(model)

    def names(search: str) -> list[object]:
        proxy.set_search(search)
        return [cell(proxy, r, "name") for r in range(proxy.rowCount())]

    assert names("") == ["张伟", "李娜", "王芳", "Ma Li"]
    assert names("李娜") == ["李娜"]
    assert names("202502") == ["王芳", "Ma Li"]
    assert names("会计事务1班") == ["王芳", "Ma Li"]
    assert names("ma li") == ["Ma Li"]  # case-insensitive
    assert names("2024 休学") == ["李娜"]  # several words must all match
    assert names("女 会计") == ["王芳"]
    assert names("312x") == ["王芳"]  # the visible part of a masked ID number
    assert names("不存在的学生") == []
    assert names("  ") == ["张伟", "李娜", "王芳", "Ma Li"]
