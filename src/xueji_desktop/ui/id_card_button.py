"""读身份证: fill the new-student form from a 居民身份证 reader (docs/design/id-card-reader.md).

The read waits for a card for a few seconds, so it runs on the button's own one-thread worker
(the reader's thread), never on the GUI thread and never on the session's worker, whose saves
and reads must not wait behind a card. A second click stops the wait. The reader is opened,
read and closed in one job: no device stays open when the form goes away.

What the card says is put into the form's fields and each field is "committed" as if the clerk
had typed it, so the form's own checks run. The photo (a 102 × 126 card photo) is shown and
saved with the record's first save. The button is there only on a new record the user may
write, when this computer has a reader or the archive is the practice archive (simulated
reader).
"""

from __future__ import annotations

import datetime
import functools
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton

from xueji_desktop.core import id_card
from xueji_desktop.core.errors import IdCardReaderError, XuejiError
from xueji_desktop.core.id_card import IdCardData, ReaderOption
from xueji_desktop.core.id_card_sim import practice_option
from xueji_desktop.core.roles import Permission
from xueji_desktop.ui import form_ops, i18n
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.photo import PHOTO_SIZE, PREVIEW, decode, to_jpeg
from xueji_desktop.ui.worker import SessionWorker

if TYPE_CHECKING:  # the form imports this module
    from xueji_desktop.ui.student_form import StudentForm

READ_TIMEOUT_S = 10.0  # how long a read waits for the card to be put down
ID_CARD_TYPE = "1"  # 身份证件类型 居民身份证


def attach(form: StudentForm, layout: QBoxLayout) -> IdCardButton | None:
    """Add the button to ``layout`` of a new-student ``form`` when a reader can serve it."""
    ctx = form.ctx
    if form.student_id is not None or not ctx.can(Permission.WRITE_RECORDS):
        return None
    option = reader_option(ctx)
    if option is None:
        return None
    button = IdCardButton(form, option)
    layout.addWidget(button)
    return button


def reader_option(ctx: PageContext) -> ReaderOption | None:
    """The practice archive's simulated reader, else this computer's first reader (Windows)."""
    if ctx.practice:
        return _practice_option()
    readers = id_card.available_readers()
    return readers[0] if readers else None


@functools.cache
def _practice_option() -> ReaderOption:
    """One simulated reader a run: each new form's read brings the next new person."""
    return practice_option(datetime.date.today())


def _read(option: ReaderOption, cancel: threading.Event, timeout_s: float) -> IdCardData:
    """Runs on the reader's thread: connect, wait for a card, read, disconnect."""
    reader = option.open()
    try:
        return reader.read(timeout_s, cancel.is_set)
    finally:
        reader.close()


def _photo_jpeg(data: bytes) -> tuple[bytes, QImage] | None:
    """The card photo scaled to the registry's photo size, as JPEG (QImage: off the GUI thread)."""
    image = decode(data)
    if image.isNull():
        return None
    scaled = image.scaled(
        *PHOTO_SIZE,
        Qt.AspectRatioMode.IgnoreAspectRatio,  # 102:126 and 358:441 differ by 0.3 %
        Qt.TransformationMode.SmoothTransformation,
    )
    return to_jpeg(scaled), scaled


class IdCardButton(QPushButton):
    """读身份证 (see the module docstring). ``io`` is the reader's worker (tests wait on it)."""

    def __init__(
        self, form: StudentForm, option: ReaderOption, *, timeout_s: float = READ_TIMEOUT_S
    ) -> None:
        super().__init__(form)
        self.form = form
        self.option = option
        self.timeout_s = timeout_s
        self.io = SessionWorker(self)
        self.reading = False
        self.pending_photo: bytes | None = None
        self._cancel = threading.Event()
        # Set before the worker goes away with the button: a waiting read stops at once.
        self.destroyed.connect(self._cancel.set)
        self.setObjectName("readIdCard")
        self._idle()
        self.clicked.connect(self.toggle)
        form.saved.connect(self._record_saved)

    def _idle(self) -> None:
        self.reading = False
        self.setText(self.tr("Read ID card"))
        tip = self.tr("Lay the resident ID card on the reader, then click.")
        if not self.option.tested:
            tip += "\n" + self.tr(
                "This reader connection is untested on a real reader: check every filled item "
                "against the card."
            )
        self.setToolTip(tip)

    def toggle(self) -> None:
        if self.reading:
            self._cancel.set()  # the job answers "cancelled" within a poll
            return
        if self.io.busy:  # a stopped read has not answered yet
            return
        self.reading = True
        self._cancel.clear()
        self.setText(self.tr("Stop reading"))
        self.setToolTip("")
        self.form.error_line.clear_message()
        self.form._note(self.tr("Lay the ID card flat on the reader and keep it still…"))
        option, cancel, timeout = self.option, self._cancel, self.timeout_s

        def job() -> tuple[IdCardData, tuple[bytes, QImage] | None]:
            card = _read(option, cancel, timeout)
            return card, (_photo_jpeg(card.photo) if card.photo else None)

        self.io.run(job, on_done=self._read_done, on_error=self._read_failed, context=self)

    def _read_failed(self, exc: BaseException) -> None:
        self._idle()
        self.form._note("")
        if isinstance(exc, IdCardReaderError) and exc.fields.get("cancelled"):
            return  # the clerk stopped it
        text = i18n.error_text(exc) if isinstance(exc, XuejiError) else self._unexpected()
        self.form.error_line.show_message(text)

    def _unexpected(self) -> str:
        return self.tr("The card could not be read. Please type the details from the card.")

    def _read_done(self, result: tuple[IdCardData, tuple[bytes, QImage] | None]) -> None:
        self._idle()
        card, photo = result
        self.fill(card)
        if photo is not None:
            self._show_photo(*photo)
        self.form._note(self._summary(card, photo is not None))

    def fill(self, card: IdCardData) -> None:
        """Put the card's items into the form and commit each, as typing does."""
        region, detail = id_card.split_address(card.address, card.id_number)
        values = {
            "name": card.name,
            "gender": card.gender,
            "birth_date": card.birth_date.isoformat(),
            "id_type": ID_CARD_TYPE,
            "id_number": card.id_number,
            "ethnicity": card.ethnicity,
            "hukou_address": detail,
        }
        if region is not None:
            values["hukou_place"] = region
        for name, value in values.items():
            editor = self.form.editor(name)
            editor.set_value(value)
            editor.committed.emit()

    def _summary(self, card: IdCardData, photo: bool) -> str:
        lines = [self.tr("Filled in from the ID card. Please check the items against the card.")]
        if card.name_unsure:
            lines.append(
                self.tr(
                    "The reader could not pass on every character of the name: compare the "
                    "name with the card and correct it."
                )
            )
        if card.address_unsure:
            lines.append(self.tr("The same is true of the address: compare it with the card."))
        if not card.ethnicity:
            lines.append(
                self.tr("Ethnic group on the card: %1. Choose it in the list.").replace(
                    "%1", card.ethnicity_on_card
                )
            )
        if photo:
            lines.append(
                self.tr(
                    "The card photo is small; it is saved with the record. Take a proper "
                    "photo before reporting."
                )
            )
        if not self.option.tested:
            lines.append(self.tr("This reader connection is untested on a real reader."))
        return "\n".join(lines)

    def _show_photo(self, jpeg: bytes, image: QImage) -> None:
        self.pending_photo = jpeg
        picture: QLabel = self.form.photo.picture
        picture.setPixmap(
            QPixmap.fromImage(image).scaled(
                *PREVIEW,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _record_saved(self, student_id: int) -> None:
        """The first save made the record: store the card photo with it."""
        jpeg, self.pending_photo = self.pending_photo, None
        if jpeg is None:
            return
        ctx: PageContext = self.form.ctx
        session, box = ctx.session, self.form.photo
        ctx.worker.run(
            lambda: form_ops.set_photo(session, student_id, jpeg),
            on_done=lambda _name: box.load(student_id),
            on_error=self._photo_failed,
            context=box,
        )

    def _photo_failed(self, exc: BaseException) -> None:
        text = (
            i18n.error_text(exc)
            if isinstance(exc, XuejiError)
            else QCoreApplication.translate(
                "IdCardButton", "The card photo could not be saved; add a photo by hand."
            )
        )
        self.form.error_line.show_message(text)
