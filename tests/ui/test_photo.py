"""The photo: from a file, cropped to the ID-photo ratio, stored as JPEG; no camera, no button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from tests.records_fixtures import setup_structure, student_values
from xueji_desktop.services import students
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.ui import form_ops, photo
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.photo import PHOTO_SIZE, CropDialog, PhotoBox, crop_photo
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture
def session(make_archive: Callable[..., Created]) -> Session:
    created = make_archive()
    setup_structure(created.session)
    return created.session


def picture(width: int = 800, height: int = 600) -> QImage:
    """Left half red, right half blue: a crop shows which part was taken."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    for x in range(width // 2, width):
        for y in range(0, height, 1):
            image.setPixelColor(x, y, QColor("blue"))
    return image


def test_crop_gives_the_id_photo_size_as_jpeg() -> None:
    data = crop_photo(picture(), QRectF(0, 0, 300, 369))
    assert data.startswith(b"\xff\xd8\xff")
    out = QImage.fromData(data)
    assert (out.width(), out.height()) == PHOTO_SIZE
    red = out.pixelColor(out.width() // 2, out.height() // 2)
    assert red.red() > 200 and red.blue() < 60


def test_the_crop_frame_keeps_the_ratio_and_stays_inside(qtbot: QtBot) -> None:
    dialog = CropDialog(picture())
    qtbot.addWidget(dialog)
    view = dialog.view
    frame = view.frame
    assert frame.height() == pytest.approx(600)  # the largest frame that fits a wide picture
    assert frame.width() / frame.height() == pytest.approx(PHOTO_SIZE[0] / PHOTO_SIZE[1])
    dialog.slider.setValue(50)
    assert view.frame.height() == pytest.approx(300)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseMove(view, QPoint(2000, 100))  # far to the right: stops at the edge
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(2000, 100))
    assert view.frame.right() == pytest.approx(800)
    out = QImage.fromData(dialog.jpeg())
    blue = out.pixelColor(out.width() // 2, out.height() // 2)
    assert blue.blue() > 200 and blue.red() < 60


def test_photo_from_a_file_is_cropped_and_saved(
    qtbot: QtBot,
    session: Session,
    worker: SessionWorker,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = student_values()
    values["class_group"] = "2025级计算机1班"
    sid = students.add_student(session, values).student_id
    file = tmp_path / "photo.png"
    assert picture(400, 500).save(str(file), "PNG")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(file), "")))
    monkeypatch.setattr(CropDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    box = PhotoBox(PageContext(session, worker))
    qtbot.addWidget(box)
    box.load(sid)
    worker.wait()
    assert box.file_button.isEnabled()
    with qtbot.waitSignal(box.changed, timeout=10_000) as changed:
        box.choose_file()
    worker.wait()
    assert changed.args == [sid]
    stored = form_ops.read_photo(session, sid)
    assert stored is not None and stored.startswith(b"\xff\xd8\xff")
    assert (QImage.fromData(stored).width(), QImage.fromData(stored).height()) == PHOTO_SIZE
    qtbot.waitUntil(lambda: not box.picture.pixmap().isNull(), timeout=10_000)


def test_a_file_that_is_no_picture_is_refused(
    qtbot: QtBot,
    session: Session,
    worker: SessionWorker,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = student_values()
    values["class_group"] = "2025级计算机1班"
    sid = students.add_student(session, values).student_id
    file = tmp_path / "notes.png"
    file.write_bytes(b"not a picture at all")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(file), "")))
    box = PhotoBox(PageContext(session, worker))
    qtbot.addWidget(box)
    box.load(sid)
    box.choose_file()
    qtbot.waitUntil(lambda: not box.busy, timeout=10_000)
    worker.wait()
    assert "JPG" in box.message.text()
    assert form_ops.read_photo(session, sid) is None


def test_without_a_camera_the_capture_button_says_why(
    qtbot: QtBot, session: Session, worker: SessionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photo, "camera_inputs", lambda: [])
    box = PhotoBox(PageContext(session, worker))
    qtbot.addWidget(box)
    box.load(1)
    worker.wait()
    assert not box.camera_button.isEnabled()
    assert "摄像头" in box.camera_button.toolTip()


def test_a_new_record_has_no_photo_buttons_yet(
    qtbot: QtBot, session: Session, worker: SessionWorker
) -> None:
    box = PhotoBox(PageContext(session, worker))
    qtbot.addWidget(box)
    assert not box.file_button.isEnabled()
    assert "先保存" in box.picture.text()
