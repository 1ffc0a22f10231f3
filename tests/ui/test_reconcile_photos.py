"""与国家学籍系统核对 and 批量导入照片 dialogs on real archives: the comparison changes nothing,
its differences can be filtered, applying fills the 学籍号; photos are matched, the misses are
explained, and the import stores them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from tests.services.test_reconcile import Planted
from xueji_desktop.services.archive import Created
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.photo_import_dialog import PhotoImportDialog
from xueji_desktop.ui.reconcile_dialog import ReconcileDialog
from xueji_desktop.ui.worker import SessionWorker

WAIT = 20_000


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    said: list[str] = []

    def reply(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        said.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(reply))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(reply))
    yield said


def test_compare_filter_and_fill_registry_numbers(
    qtbot: QtBot,
    worker: SessionWorker,
    archive: Created,
    tmp_path: Path,
    answer_yes: list[str],
    qtmodeltester: Any,
) -> None:
    s = archive.session
    planted = Planted(s, tmp_path)
    before = content_hash(s.archive.db.conn)
    dialog = ReconcileDialog(PageContext(s, worker))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(planted.path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.found is not None, dialog.error_line.text()
    assert content_hash(s.archive.db.conn) == before
    qtmodeltester.check(dialog.model)
    kinds = [dialog.model.row_at(i).kind for i in range(dialog.model.rowCount())]
    assert {"missing_here", "missing_there", "field_differs", "registry_no_missing"} <= set(kinds)
    index = dialog.filter_combo.findData("missing_here")
    dialog.filter_combo.setCurrentIndex(index)
    assert dialog.proxy.rowCount() == kinds.count("missing_here")
    sentence = dialog.proxy.index(0, 3).data()
    assert sentence == "国家学籍系统的名单中有这个学生，但档案中没有。"
    assert "行" in dialog.problems_label.text()  # the repeated row of the list is named
    assert dialog.fill_check.isChecked() and dialog.apply_button.isEnabled()

    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=WAIT)
    assert answer_yes[0].startswith("将补填")
    number = s.archive.db.conn.execute(
        "SELECT registry_no, id_number FROM students WHERE id = ?", (planted.no_registry,)
    ).fetchone()
    assert number[0] == "G" + number[1]
    assert dialog.found is not None  # compared again after applying
    assert "registry_no_missing" not in {d.kind for d in dialog.found.rec.differences}


def jpeg(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), color).save(out, "JPEG")
    return out.getvalue()


def test_photos_are_matched_explained_and_imported(
    qtbot: QtBot,
    worker: SessionWorker,
    archive: Created,
    tmp_path: Path,
    answer_yes: list[str],
    qtmodeltester: Any,
) -> None:
    s = archive.session
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], name="李明")
    id_number = s.archive.db.conn.execute(
        "SELECT id_number FROM students WHERE id = ?", (sid,)
    ).fetchone()[0]
    folder = tmp_path / "照片"
    folder.mkdir()
    (folder / f"{id_number}.jpg").write_bytes(jpeg())
    (folder / "110101199003070000.jpg").write_bytes(jpeg("blue"))
    (folder / "说明.jpg").write_bytes(b"not a picture")
    before = content_hash(s.archive.db.conn)
    dialog = PhotoImportDialog(PageContext(s, worker))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_source(folder)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.plan is not None, dialog.error_line.text()
    assert content_hash(s.archive.db.conn) == before
    qtmodeltester.check(dialog.matched)
    qtmodeltester.check(dialog.missed)
    assert dialog.matched.rowCount() == 1 and dialog.missed.rowCount() == 2
    reasons = {dialog.missed.index(r, 1).data() for r in range(2)}
    assert "文件名既不是档案中学生的身份证件号，也不是学号。" in reasons
    assert dialog.summary.text().startswith("1 张照片能对应到学生")

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert answer_yes == ["现在导入 1 张照片吗？"]
    photo = s.archive.db.conn.execute(
        "SELECT photo_blob FROM students WHERE id = ?", (sid,)
    ).fetchone()[0]
    assert photo
    assert not dialog.import_button.isEnabled()


def test_a_missing_photo_folder_is_said_plainly(
    qtbot: QtBot, worker: SessionWorker, archive: Created, tmp_path: Path
) -> None:
    dialog = PhotoImportDialog(PageContext(archive.session, worker))
    qtbot.addWidget(dialog)
    dialog.open_source(tmp_path / "nowhere")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.plan is None
    assert "找不到" in dialog.error_line.text()
