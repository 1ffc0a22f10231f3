"""WorkProgress: the progress dialog of long work on the worker (printing, import, export)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from xueji_desktop.ui.pdf_printer import WorkProgress


def test_the_work_ending_while_progress_is_shown_is_no_crash(qtbot: QtBot) -> None:
    # setValue() of a modal progress dialog runs pending events; the worker's answer among them
    # finishes the work and drops the dialog before the label is set (seen once on a cancel).
    parent = QWidget()
    qtbot.addWidget(parent)
    work = WorkProgress(parent, "导入", "正在检查", lambda done, total: f"{done}/{total}")
    work.begin()
    dialog = work.dialog
    assert dialog is not None
    real = dialog.setValue

    def value_then_finish(value: int) -> None:
        real(value)
        work.finish()

    dialog.setValue = value_then_finish  # type: ignore[method-assign]
    work._show(5, 10)  # must not touch the dropped dialog
    assert work.dialog is None
