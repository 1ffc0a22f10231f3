"""读身份证 on the new-student form: a simulated reader fills the form, the form's own checks run,
errors read in Chinese, the GUI thread keeps running while a read waits, and a read can be
stopped. Real archives; the reader is the simulated one (core/id_card_sim)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.ui.test_student_form import enter, fill, valid_record
from xueji_desktop import messages
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.id_card import ReaderOption
from xueji_desktop.core.id_card_sim import (
    NO_CARD,
    RARE_GIVEN,
    READ_FAILED,
    SimulatedReader,
    demo_cards,
    make_card,
)
from xueji_desktop.core.id_number import check_char
from xueji_desktop.messages_id_card import ID_CARD_ERRORS
from xueji_desktop.services import attachments, students
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import load_demo_data
from xueji_desktop.ui.id_card_button import IdCardButton
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.photo import PHOTO_SIZE
from xueji_desktop.ui.student_form import StudentForm
from xueji_desktop.ui.worker import SessionWorker

TODAY = datetime.date.today()  # the form checks birth dates against today
CARD_FIELDS = ("name", "gender", "birth_date", "id_type", "id_number", "ethnicity")


@pytest.fixture(autouse=True)
def id_card_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's sentences, until messages.py merges messages_id_card (then a no-op)."""
    for key, pair in ID_CARD_ERRORS.items():
        if key not in messages._MESSAGES:
            monkeypatch.setitem(messages._MESSAGES, key, pair)


@pytest.fixture
def session(make_archive: Callable[..., Created]) -> Session:
    created = make_archive()
    load_demo_data(created, generate_demo(7, students_per_intake=2), 7)
    return created.session


@pytest.fixture
def ctx(session: Session, worker: SessionWorker) -> Iterator[PageContext]:
    yield PageContext(session, worker)
    worker.wait()


def open_form(qtbot: QtBot, ctx: PageContext, student_id: int | None = None) -> StudentForm:
    form = StudentForm(ctx, student_id)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.loaded, timeout=10_000)
    ctx.worker.wait()
    return form


def with_reader(form: StudentForm, reader: SimulatedReader) -> IdCardButton:
    button = IdCardButton(form, reader.option(), timeout_s=0.3)
    form.layout().addWidget(button)
    return button


def read(qtbot: QtBot, button: IdCardButton) -> None:
    button.click()
    qtbot.waitUntil(lambda: not button.reading, timeout=10_000)


def test_no_button_without_a_reader(qtbot: QtBot, ctx: PageContext) -> None:
    assert open_form(qtbot, ctx).id_card is None  # not Windows, not the practice archive


def test_the_practice_archive_offers_the_simulated_reader(
    qtbot: QtBot, session: Session, worker: SessionWorker
) -> None:
    practice = PageContext(session, worker, practice=True)
    form = open_form(qtbot, practice)
    assert form.id_card is not None and form.id_card.text() == "读身份证"
    assert form.id_card.option.tested
    read(qtbot, form.id_card)
    first = form.editor("id_number").value()
    assert first and form.editor("name").value()
    other = open_form(qtbot, practice)  # another new form: the next new person
    assert other.id_card is not None
    read(qtbot, other.id_card)
    assert other.editor("id_number").value() not in ("", first)
    # An existing record has no button: reading a card over a record is a correction.
    sid = students.add_student(session, valid_record(session)).student_id
    assert open_form(qtbot, practice, sid).id_card is None
    worker.wait()


def test_a_card_fills_the_form_and_its_photo_is_saved(
    qtbot: QtBot, ctx: PageContext, session: Session
) -> None:
    form = open_form(qtbot, ctx)
    reader = SimulatedReader(demo_cards(11, 1, today=TODAY), today=TODAY)
    button = with_reader(form, reader)
    assert button.text() == "读身份证"
    missing = len(form.validate().missing)
    read(qtbot, button)
    assert reader.closed  # connected for the read only
    name = form.editor("name").value()
    assert name.endswith(RARE_GIVEN)  # the rare character, as on the card
    assert form.editor("id_type").value() == "1"
    number = form.editor("id_number").value()
    assert form.editor("birth_date").value() == f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    assert form.editor("gender").value() == ("1" if int(number[16]) % 2 else "2")
    assert form.editor("ethnicity").value()
    assert form.editor("hukou_place").value()[:2] == "43"
    assert form.editor("hukou_address").value()
    # The form's own checks ran on every filled field, as for typed input.
    assert form.last_checked is not None
    assert len(form.last_checked.missing) == missing - len(CARD_FIELDS) - 1  # + 户口所在地
    assert not [p for p in form.last_checked.problems if p.field in CARD_FIELDS]
    assert "已按身份证填好" in form.note.text()
    assert "标准照片" in form.note.text()  # the card photo is small
    assert button.pending_photo is not None

    values = valid_record(session)
    for field in (*CARD_FIELDS, "hukou_place", "hukou_address", "name_pinyin"):
        values.pop(field, None)
    fill(form, values)
    assert form.counter.text() == "必填项已全部填写"
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    qtbot.waitUntil(lambda: button.pending_photo is None and not ctx.worker.busy, timeout=10_000)
    ctx.worker.wait()
    photo = attachments.read_photo(session, saved.args[0])
    assert photo is not None and photo[:3] == b"\xff\xd8\xff"
    image = QImage.fromData(photo)
    assert (image.width(), image.height()) == PHOTO_SIZE


@pytest.mark.parametrize(
    ("trouble", "key"),
    [(NO_CARD, "id_card_reader:no_card"), (READ_FAILED, "id_card_reader:read_failed")],
)
def test_reader_trouble_is_said_in_chinese(
    qtbot: QtBot, ctx: PageContext, trouble: str, key: str
) -> None:
    form = open_form(qtbot, ctx)
    enter(form, "name", "王小明")
    button = with_reader(form, SimulatedReader([trouble], today=TODAY))
    read(qtbot, button)
    assert form.error_line.isVisibleTo(form)
    assert form.error_line.text() == ID_CARD_ERRORS[key][0]
    assert form.editor("name").value() == "王小明"  # nothing was touched
    assert button.text() == "读身份证"


def test_an_empty_reader_says_no_card(qtbot: QtBot, ctx: PageContext) -> None:
    form = open_form(qtbot, ctx)
    button = with_reader(form, SimulatedReader(today=TODAY))  # nobody puts a card down
    read(qtbot, button)
    assert "读卡器上没有身份证" in form.error_line.text()


def test_the_gui_keeps_running_while_a_read_waits_and_it_can_be_stopped(
    qtbot: QtBot, ctx: PageContext
) -> None:
    form = open_form(qtbot, ctx)
    gate = threading.Event()  # the read is held "waiting for a card" until the test sets it
    reader = SimulatedReader(demo_cards(12, 1, today=TODAY), today=TODAY, gate=gate)
    button = with_reader(form, reader)
    button.click()
    assert button.reading and button.text() == "停止读卡"
    assert "平放在读卡器上" in form.note.text()
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=5_000)  # the event loop ran meanwhile
    enter(form, "phone", "13912345678")  # and the clerk can go on typing
    assert button.reading and reader.reads == 1
    button.click()  # stop
    qtbot.waitUntil(lambda: not button.reading, timeout=10_000)
    assert form.error_line.text() == ""  # stopping is not an error
    assert form.editor("name").value() == ""
    assert reader.closed
    # Read again, and let the card arrive.
    button.click()
    gate.set()
    qtbot.waitUntil(lambda: not button.reading, timeout=10_000)
    assert form.editor("name").value().endswith(RARE_GIVEN)
    assert form.editor("phone").value() == "13912345678"


def card_with_name(name: str) -> Any:
    birth = datetime.date(TODAY.year - 16, 3, 15)
    first17 = f"430502{birth:%Y%m%d}123"
    return make_card(
        name=name,
        gender="1",
        nation="01",
        birth=birth,
        address="湖南省邵阳市双清区中山路68号",
        id_number=first17 + check_char(first17),
        authority="邵阳市公安局双清分局",
        valid_from=TODAY - datetime.timedelta(days=100),
        valid_until=None,
    )


def test_an_unsure_name_is_said_and_checked_by_the_form(qtbot: QtBot, ctx: PageContext) -> None:
    form = open_form(qtbot, ctx)
    button = with_reader(form, SimulatedReader([card_with_name("李\ue000")], today=TODAY))
    read(qtbot, button)
    assert "核对姓名" in form.note.text()
    assert form.editor("name").property("problem") == "error"  # the form's rule on names
    assert form.editor("hukou_place").value() == "430502"
    assert form.editor("hukou_address").value() == "中山路68号"


def test_an_untested_adapter_says_so(qtbot: QtBot, ctx: PageContext) -> None:
    form = open_form(qtbot, ctx)
    reader = SimulatedReader(demo_cards(13, 1, today=TODAY), today=TODAY)
    button = IdCardButton(form, ReaderOption("termb", False, reader.reopen), timeout_s=0.3)
    assert "还没有在真的读卡器上试用过" in button.toolTip()
    read(qtbot, button)
    assert "还没有在真的读卡器上试用过" in form.note.text()
