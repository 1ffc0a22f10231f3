"""Appearance and the log: text sizes, saved language, remembered layouts, a log file without
student data, and the calm message for an unexpected error."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QTableView
from pytestqt.qtbot import QtBot

from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.messages import message_for
from xueji_desktop.ui import appearance, logs
from xueji_desktop.ui.prefs import ui_settings


@pytest.fixture(autouse=True)
def normal_text(qapp: QApplication) -> Iterator[None]:
    yield
    appearance.apply_text_size(qapp, "normal")


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.LOG_ENV, str(folder))
    root = logging.getLogger()
    before = list(root.handlers)
    yield folder
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_text_sizes_scale_the_application_font(qtbot: QtBot, qapp: QApplication) -> None:
    base = qapp.font().pointSizeF()
    styled = QLabel("样式")
    styled.setStyleSheet("color: #555;")  # styled widgets follow too
    qtbot.addWidget(styled)
    styled.show()
    for size, factor in (("large", 1.25), ("larger", 1.5), ("normal", 1.0), ("odd", 1.0)):
        appearance.apply_text_size(qapp, size)
        qapp.processEvents()
        assert qapp.font().pointSizeF() == pytest.approx(base * factor)
        assert styled.font().pointSizeF() == pytest.approx(base * factor)


def test_saved_preferences(qapp: QApplication) -> None:
    assert appearance.saved_language() is None
    assert appearance.current_text_size() == "normal"
    appearance.save_language("en")
    appearance.save_text_size("larger")
    assert appearance.saved_language() == "en"
    base = qapp.font().pointSizeF()
    appearance.apply_saved_preferences(qapp)
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.5)
    with pytest.raises(ValueError):
        appearance.save_language("fr")
    with pytest.raises(ValueError):
        appearance.save_text_size("huge")


def test_column_and_splitter_layouts_are_remembered(qtbot: QtBot) -> None:
    def table() -> QTableView:
        model = QStandardItemModel(2, 3)
        view = QTableView()
        view.setModel(model)
        view._model = model  # type: ignore[attr-defined]  # kept alive with the view
        qtbot.addWidget(view)
        return view

    first = table()
    appearance.remember_state("students/columns", first.horizontalHeader())
    first.horizontalHeader().resizeSection(1, 217)
    first.horizontalHeader().moveSection(2, 0)
    qtbot.waitUntil(lambda: ui_settings().contains("layout/students/columns"))  # once at rest
    second = table()
    appearance.remember_state("students/columns", second.horizontalHeader())
    assert second.horizontalHeader().sectionSize(1) == 217
    assert second.horizontalHeader().logicalIndex(0) == 2

    split = QSplitter(Qt.Orientation.Horizontal)
    qtbot.addWidget(split)
    for text in ("左", "右"):
        split.addWidget(QLabel(text))
    split.resize(600, 200)
    split.show()
    split.setSizes([150, 450])
    appearance.save_state("record/splitter", split)
    other = QSplitter(Qt.Orientation.Horizontal)
    qtbot.addWidget(other)
    for text in ("左", "右"):
        other.addWidget(QLabel(text))
    other.resize(600, 200)
    other.show()
    assert appearance.restore_state("record/splitter", other)
    assert other.sizes()[0] == split.sizes()[0]
    assert not appearance.restore_state("never/saved", other)


def test_the_log_file_is_the_users_own_and_rotates(log_dir: Path) -> None:
    path = logs.setup_logging()
    assert path == log_dir / "xueji-desktop.log" and path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert logs.setup_logging() == path  # a second call adds no second handler
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") ==
                str(path.resolve())]  # fmt: skip
    assert len(handlers) == 1 and handlers[0].maxBytes == logs.MAX_BYTES  # type: ignore[attr-defined]


def test_an_unexpected_error_is_logged_without_its_message_and_said_calmly(
    log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = logs.setup_logging()
    shown: list[str] = []
    monkeypatch.setattr(logs, "show_error", shown.append)
    logs.install_excepthook()
    try:
        try:
            raise ValueError("张三 430502201003150011")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "unexpected ValueError" in text and "test_appearance.py" in text
        assert "张三" not in text and "430502201003150011" not in text
        assert shown == [logs.unexpected_text()]
        assert shown[0].startswith("程序出了点问题。")

        sys.excepthook(ArchiveBusy, ArchiveBusy(), None)  # an expected error: its own sentence
        assert shown[-1] == message_for(ArchiveBusy(), "zh")
    finally:
        sys.excepthook = sys.__excepthook__


def test_error_sentence() -> None:
    assert logs.error_sentence(ArchiveBusy()) == message_for(ArchiveBusy(), "zh")
    assert logs.error_sentence(KeyError("110101199003077777")) == logs.unexpected_text()
