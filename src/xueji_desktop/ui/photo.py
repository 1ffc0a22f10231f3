"""The student's photo: shown, taken from a file or a camera, cropped to the ID-photo ratio.

Size: the national student-registry photo, 26 mm × 32 mm at 350 dpi = 358 × 441 pixels, JPEG
(the 全国中小学生学籍信息管理系统 / 中职学籍 photo rule). The clerk drags a frame of that ratio over
the picture; the cut is scaled to 358 × 441 and stored as JPEG bytes through
``attachments.set_photo``. Files are read and decoded on the worker; nothing is written to disk.

A document camera or webcam is used when Qt Multimedia is installed and finds one; otherwise the
capture button is disabled and its tooltip says why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.ui import form_ops, i18n
from xueji_desktop.ui.pages import PageContext

PHOTO_SIZE = (358, 441)  # pixels: 26 mm × 32 mm at 350 dpi
RATIO = PHOTO_SIZE[0] / PHOTO_SIZE[1]
PREVIEW = (120, 148)
JPEG_QUALITY = 90
VIEW_MAX = 560  # the crop dialog shows the picture at most this big (computed once)


def decode(data: bytes) -> QImage:
    """QImage is safe off the GUI thread (QPixmap is not): decode on the worker."""
    return QImage.fromData(data)


def to_jpeg(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", JPEG_QUALITY)
    return bytes(buffer.data().data())


def crop_photo(image: QImage, rect: QRectF) -> bytes:
    """The part of ``image`` under ``rect`` (image pixels), scaled to PHOTO_SIZE, as JPEG."""
    part = image.copy(rect.toAlignedRect())
    return to_jpeg(
        part.scaled(
            *PHOTO_SIZE,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )


# "found": the cameras; "devices": the QMediaDevices that reports cameras plugged in later.
_CAMERAS: dict[str, Any] = {}


def camera_inputs() -> list[object]:
    """The cameras Qt Multimedia finds ([] when it cannot load).

    Asked once per run: the first call loads Qt Multimedia (~40 ms on the GUI thread), and every
    photo box (one per opened record) would pay it again. Cameras plugged in later arrive through
    ``videoInputsChanged``.
    """
    if not _CAMERAS:
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError:  # not installed, or a system library missing (libpulse on Linux)
            _CAMERAS["found"] = []
            return []
        devices = QMediaDevices()
        devices.videoInputsChanged.connect(
            lambda: _CAMERAS.update(found=list(QMediaDevices.videoInputs()))
        )
        _CAMERAS.update(devices=devices, found=list(QMediaDevices.videoInputs()))
    return list(_CAMERAS["found"])


class CropView(QWidget):
    """The picture with a frame of the photo ratio: drag to move, the slider sets the size."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.shown = image.scaled(
            VIEW_MAX,
            VIEW_MAX,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.scale = self.shown.width() / max(1, image.width())
        self.setFixedSize(self.shown.size())
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self._drag: QPointF | None = None
        self.frame = QRectF()
        self.set_size(1.0)

    def max_frame(self) -> tuple[float, float]:
        w, h = float(self.image.width()), float(self.image.height())
        return (w, w / RATIO) if w / h < RATIO else (h * RATIO, h)

    def set_size(self, fraction: float) -> None:
        """Frame size as a fraction of the largest frame that fits; keeps its centre."""
        mw, mh = self.max_frame()
        centre = (
            self.frame.center()
            if self.frame.isValid()
            else QPointF(self.image.width() / 2, self.image.height() / 2)
        )
        w, h = mw * fraction, mh * fraction
        self.frame = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)
        self._keep_inside()

    def _keep_inside(self) -> None:
        f = self.frame
        x = min(max(f.x(), 0.0), self.image.width() - f.width())
        y = min(max(f.y(), 0.0), self.image.height() - f.height())
        self.frame = QRectF(x, y, f.width(), f.height())
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        delta = (event.position() - self._drag) / self.scale
        self._drag = event.position()
        self.frame.translate(delta)
        self._keep_inside()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawImage(0, 0, self.shown)
        s = self.scale
        f = QRectF(
            self.frame.x() * s, self.frame.y() * s, self.frame.width() * s, self.frame.height() * s
        )
        shade = QColor(0, 0, 0, 120)
        w, h = float(self.width()), float(self.height())
        for r in (
            QRectF(0, 0, w, f.top()),
            QRectF(0, f.bottom(), w, h - f.bottom()),
            QRectF(0, f.top(), f.left(), f.height()),
            QRectF(f.right(), f.top(), w - f.right(), f.height()),
        ):
            p.fillRect(r, shade)
        p.setPen(QPen(QColor("#ffffff"), 2))
        p.drawRect(f)
        p.end()


class CropDialog(QDialog):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Crop the photo"))
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "Drag the frame over the face and shoulders; the slider sets its "
                "size. The photo is saved at 358 × 441 pixels (26 × 32 mm)."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.view = CropView(image, self)
        layout.addWidget(self.view, 0, Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Size"), self))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(20, 100)
        self.slider.setValue(100)
        self.slider.valueChanged.connect(lambda v: self.view.set_size(v / 100))
        row.addWidget(self.slider, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def jpeg(self) -> bytes:
        return crop_photo(self.view.image, self.view.frame)


class CameraDialog(QDialog):
    """A live picture from the first camera (or a chosen one) and a 拍照 button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.setWindowTitle(self.tr("Take a photo"))
        self.image: QImage | None = None
        layout = QVBoxLayout(self)
        self.video = QVideoWidget(self)
        self.video.setMinimumSize(480, 360)
        layout.addWidget(self.video)
        self.session = QMediaCaptureSession(self)
        self.camera = QCamera(camera_inputs()[0], self)
        self.capture = QImageCapture(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.video)
        self.capture.imageCaptured.connect(self._captured)
        shoot = QPushButton(self.tr("Take photo"), self)
        shoot.clicked.connect(lambda: self.capture.capture())
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(shoot)
        row.addWidget(cancel)
        layout.addLayout(row)
        self.camera.start()

    def _captured(self, _request: int, image: QImage) -> None:
        self.image = image
        self.camera.stop()
        self.accept()


class PhotoBox(QWidget):
    """The photo of one student with 从文件选择 and 拍照; ``changed(student_id)`` after a save."""

    changed = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id: int | None = None
        self.busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.picture = QLabel(self)
        self.picture.setFixedSize(*PREVIEW)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setWordWrap(True)
        self.picture.setStyleSheet("border: 1px solid #b0b0b0; background: #f4f4f4; color: #666;")
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.file_button = QPushButton(self.tr("From file…"), self)
        self.file_button.clicked.connect(self.choose_file)
        self.camera_button = QPushButton(self.tr("Take photo…"), self)
        self.camera_button.clicked.connect(self.take_photo)
        layout.addWidget(self.file_button)
        layout.addWidget(self.camera_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(PREVIEW[0] + 40)
        self.message.setStyleSheet("color: #8a1c12;")
        self.message.hide()
        layout.addWidget(self.message)
        writer = ctx.can(Permission.WRITE_RECORDS)
        self.file_button.setVisible(writer)
        self.camera_button.setVisible(writer)
        self.has_camera = bool(camera_inputs())
        self.load(None)

    def load(self, student_id: int | None) -> None:
        self.student_id = student_id
        self.picture.setPixmap(QPixmap())
        self.picture.setText(
            self.tr("No photo")
            if student_id
            else self.tr("Save the record first, then add a photo")
        )
        self.file_button.setEnabled(student_id is not None)
        self.camera_button.setEnabled(student_id is not None and self.has_camera)
        if not self.has_camera:
            self.camera_button.setToolTip(self.tr("No camera was found on this computer."))
        if student_id is None:
            return
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: self._read(session, student_id),
            on_done=self._show,
            on_error=self._failed,
            context=self,
        )

    @staticmethod
    def _read(session: Session, student_id: int) -> QImage | None:
        data = form_ops.read_photo(session, student_id)
        return None if data is None else decode(data)

    def _show(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            return
        pixmap = QPixmap.fromImage(image).scaled(
            *PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(pixmap)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        text = (
            i18n.error_text(exc)
            if isinstance(exc, XuejiError)
            else self.tr("The photo could not be used. Please try another picture.")
        )
        self.message.setText(text)
        self.message.show()

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo"), "", self.tr("Pictures (*.jpg *.jpeg *.png)")
        )
        if not path:
            return
        self.message.hide()
        self.busy = True
        self.ctx.worker.run(
            lambda: decode(form_ops.read_image_file(path)),
            on_done=self._picked,
            on_error=self._failed,
            context=self,
        )

    def take_photo(self) -> None:
        if not self.has_camera:
            return
        dialog = CameraDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.image is not None:
            self.busy = True
            self._picked(dialog.image)

    def _picked(self, image: QImage) -> None:
        if image.isNull():
            self.busy = False
            self.message.setText(
                self.tr("This file is not a picture that can be read (use JPEG or PNG).")
            )
            self.message.show()
            return
        dialog = CropDialog(image, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or self.student_id is None:
            self.busy = False
            return
        jpeg, sid, session = dialog.jpeg(), self.student_id, self.ctx.session
        self.ctx.worker.run(
            lambda: form_ops.set_photo(session, sid, jpeg),
            on_done=lambda _name: self._saved(sid),
            on_error=self._failed,
            context=self,
        )

    def _saved(self, student_id: int) -> None:
        self.busy = False
        self.load(student_id)
        self.changed.emit(student_id)
