"""The entry form: live validation, the missing counter, save refused then done, ID-derived
fields, edits with a reason, and leaving with unsaved changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.records_fixtures import make_id_number, student_values
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.services import registration, structure, students
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import load_demo_data
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.student_form import StudentForm
from xueji_desktop.ui.worker import SessionWorker

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def informed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded, never shown (a modal box would wait for a click); questions
    are answered Yes unless a test answers otherwise."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *a: shown.append(str(a[2])) or Button.Ok)
    )
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: shown.append(str(a[2])) or Button.Yes)
    )
    return shown


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
    ctx.worker.wait()  # the photo's read too: the test then uses the session itself
    return form


def enter(form: StudentForm, name: str, value: object) -> None:
    """Type a value and leave the field, as the clerk does."""
    editor = form.editor(name)
    editor.set_value("" if value is None else str(value))
    editor.committed.emit()


def valid_record(session: Session) -> dict[str, Any]:
    klass = structure.list_class_groups(session)[0]
    major = next(m for m in structure.list_majors(session) if m.code == klass.major_code)
    values = student_values(id_number=make_id_number("20100315"), name="欧阳明月")
    values.update(
        class_group=klass.name,
        major_code=major.code,
        major_catalogue=major.catalogue_version,
        migrant_child="否",
        poverty_registered="否",
        enrolment_month=f"{klass.intake_year}09",
    )
    return values


def fill(form: StudentForm, values: dict[str, Any]) -> None:
    for name, value in values.items():
        enter(form, name, value)
    box = form.family.boxes[0]
    for name, value in (
        ("name", "欧阳大山"),
        ("relation", "父亲"),
        ("is_guardian", "是"),
        ("phone", "13912345678"),
    ):
        box.editors[name].set_value(value)
    box.committed.emit()


def test_invalid_then_valid_new_student(qtbot: QtBot, ctx: PageContext, session: Session) -> None:
    before = students.count_students(session)
    form = open_form(qtbot, ctx)
    assert form.counter.text().startswith("还差")
    assert form.title.text() == "新生录入"
    start = int("".join(c for c in form.counter.text() if c.isdigit()))

    enter(form, "name", "张3")
    enter(form, "phone", "12345")
    assert form.editor("name").property("problem") == "error"
    assert "汉字" in form.message("name").text()
    assert "电话号码" in form.message("phone").text()
    assert form.counter.text() == f"还差 {start - 2} 项必填"

    form.save()  # refused: nothing goes to the worker
    assert not form.busy
    assert "没有保存" in form.error_line.text()
    assert students.count_students(session) == before

    values = valid_record(session)
    fill(form, values)
    assert form.editor("name").property("problem") == ""
    assert form.message("name").text() == ""
    assert form.counter.text() == "必填项已全部填写"
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    ctx.worker.wait()
    sid = saved.args[0]
    record = students.get_student(session, sid)
    assert record["name"] == "欧阳明月"
    assert record["report_status"] == "draft"
    assert record["class_group"] == values["class_group"]
    assert [m["name"] for m in record["family_members"]] == ["欧阳大山"]
    assert students.count_students(session) == before + 1
    assert not form.has_unsaved_changes()


def test_a_draft_may_be_saved_with_required_fields_missing(
    qtbot: QtBot, ctx: PageContext, session: Session, informed: list[str]
) -> None:
    form = open_form(qtbot, ctx)
    enter(form, "name", "李小花")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    ctx.worker.wait()
    assert students.get_student(session, saved.args[0])["name"] == "李小花"
    assert any("监护人" in text for text in informed)  # no guardian yet: a warning, asked once


def test_the_id_number_fills_birth_date_and_gender(qtbot: QtBot, ctx: PageContext) -> None:
    form = open_form(qtbot, ctx)
    enter(form, "id_type", "1")
    enter(form, "id_number", make_id_number("20091102", male=False))
    assert form.editor("birth_date").value() == "2009-11-02"
    assert form.editor("gender").value() == "2"
    enter(form, "id_number", make_id_number("20080105", male=True))  # auto-filled: follows
    assert form.editor("birth_date").value() == "2008-01-05"
    assert form.editor("gender").value() == "1"
    enter(form, "birth_date", "2008-01-06")  # the clerk's own value is never overwritten
    enter(form, "id_number", make_id_number("20070707", male=True))
    assert form.editor("birth_date").value() == "2008-01-06"
    assert "不一致" in form.message("birth_date").text()


def test_another_id_type_fills_nothing(qtbot: QtBot, ctx: PageContext) -> None:
    form = open_form(qtbot, ctx)
    enter(form, "id_type", "2")  # 军官证
    enter(form, "id_number", make_id_number("20091102"))
    assert form.editor("birth_date").value() == ""


def test_a_warning_is_asked_once(
    qtbot: QtBot, ctx: PageContext, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(*args: object) -> Button:
        asked.append(str(args[2]))
        return Button.No if len(asked) == 1 else Button.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    form = open_form(qtbot, ctx)
    values = valid_record(session)
    values["id_number"] = make_id_number("20000315")  # 25 at enrolment: unusual, possible
    values["birth_date"] = "2000-03-15"
    fill(form, values)
    form.save()
    assert len(asked) == 1 and "岁" in asked[0] and not form.busy
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    assert len(asked) == 2


def test_editing_a_confirmed_record_asks_a_reason_kept_in_history(
    qtbot: QtBot, ctx: PageContext, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = students.add_student(session, valid_record(session)).student_id
    registration.confirm_student(session, sid)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: ("户口迁移", True)))
    form = open_form(qtbot, ctx, sid)
    assert not form.editor("class_group").isEnabled()  # class moves by 学籍异动 only
    assert not form.editor("student_no").isEnabled()
    enter(form, "home_address", "湖南省邵阳市大祥区新华路8号")
    assert form.changed_fields() == ["home_address"]
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    ctx.worker.wait()
    [entry] = students.field_history(session, sid, "home_address")
    assert (entry.reason, entry.change_kind) == ("户口迁移", "correction")
    assert entry.new_value == "湖南省邵阳市大祥区新华路8号"


def test_cancelling_the_reason_saves_nothing(
    qtbot: QtBot, ctx: PageContext, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = students.add_student(session, valid_record(session)).student_id
    registration.confirm_student(session, sid)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: ("", False)))
    form = open_form(qtbot, ctx, sid)
    enter(form, "home_address", "别处1号")
    form.save()
    assert not form.busy
    assert students.field_history(session, sid, "home_address") == []


def test_a_service_refusal_lands_on_its_field(
    qtbot: QtBot, ctx: PageContext, session: Session
) -> None:
    values = valid_record(session)
    students.add_student(session, values)
    form = open_form(qtbot, ctx)
    fill(form, dict(values, name="王五"))  # the same ID number as the first student
    form.save()
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)
    assert "身份证件号" in form.error_line.text()
    assert "欧阳明月" in form.error_line.text()  # says whom it clashes with
    assert form.editor("id_number").property("problem") == "error"


def test_unsaved_changes_ask_before_closing(
    qtbot: QtBot, ctx: PageContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = open_form(qtbot, ctx)
    assert form.maybe_close()  # nothing typed: no question
    enter(form, "name", "赵六")
    assert form.has_unsaved_changes()
    answers = [Button.Cancel, Button.Discard]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: answers.pop(0)))
    assert not form.maybe_close()
    closed: list[bool] = []
    form.closeRequested.connect(lambda: closed.append(True))
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.editor("name").setFocus()
    qtbot.keyClick(form.editor("name"), Qt.Key.Key_Escape)
    assert closed == [True] and answers == []


def test_a_viewer_sees_the_record_read_only(
    qtbot: QtBot, ctx: PageContext, session: Session, make_archive: Callable[..., Created]
) -> None:
    from tests.records_fixtures import add_account
    from xueji_desktop.core.roles import Role
    from xueji_desktop.services.archive import login

    sid = students.add_student(session, valid_record(session)).student_id
    add_account(session, "viewer1", "viewer-password-123", [Role.VIEWER])
    viewer = login(session.archive.layout.root, "viewer1", "viewer-password-123")
    try:
        form = open_form(qtbot, PageContext(viewer, ctx.worker), sid)
        assert not form.save_button.isVisible()
        assert not form.editor("name").isEnabled()
        assert "*" in form.editor("id_number").value()  # masked for viewers
    finally:
        ctx.worker.wait()
        viewer.close()


def saved_new_student(qtbot: QtBot, ctx: PageContext, session: Session) -> StudentForm:
    """A complete new record saved through the form, the form's re-read of it done."""
    form = open_form(qtbot, ctx)
    fill(form, valid_record(session))
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    qtbot.waitUntil(lambda: form.record is not None, timeout=10_000)
    ctx.worker.wait()
    return form


def test_a_saved_new_form_becomes_the_form_of_that_record(
    qtbot: QtBot, ctx: PageContext, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = saved_new_student(qtbot, ctx, session)
    sid = form.student_id
    assert sid is not None
    assert form.record is not None and form.record["report_status"] == "draft"
    assert form.title.text() == "欧阳明月"  # no longer "新生录入"
    assert "已保存" in form.note.text()
    assert not form.has_unsaved_changes()

    registration.confirm_student(session, sid)  # 信息核对确认, as the record tab does it
    form.reload()
    qtbot.waitUntil(lambda: form.record["report_status"] == "confirmed", timeout=10_000)
    assert not form.editor("class_group").isEnabled()  # class moves by 学籍异动 only
    assert form.editor("student_no").value()  # the number given at confirmation is shown
    assert not form.editor("student_no").isEnabled()
    assert "已保存" not in form.note.text()  # what is shown was re-read, not just saved
    assert "原因" in form.note.text()

    asked: list[str] = []

    def reason(*args: object) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return ("户口迁移", True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(reason))
    enter(form, "home_address", "湖南省邵阳市大祥区新华路8号")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    ctx.worker.wait()
    assert len(asked) == 1
    [entry] = students.field_history(session, sid, "home_address")
    assert (entry.reason, entry.change_kind) == ("户口迁移", "correction")


def test_an_action_in_the_record_view_refreshes_the_open_form_keeping_edits(
    qtbot: QtBot, ctx: PageContext, session: Session
) -> None:
    from xueji_desktop.ui.record_view import record_events

    form = saved_new_student(qtbot, ctx, session)
    sid = form.student_id
    assert sid is not None
    klass = form.editor("class_group").value()
    other = next(c.name for c in structure.list_class_groups(session) if c.name != klass)
    enter(form, "home_address", "湖南省邵阳市大祥区新华路9号")
    enter(form, "class_group", other)
    registration.confirm_student(session, sid)
    record_events().changed.emit(sid + 1000)  # another student: nothing happens
    record_events().changed.emit(sid)  # what RecordView sends after 信息核对确认
    qtbot.waitUntil(lambda: form.record["report_status"] == "confirmed", timeout=10_000)
    ctx.worker.wait()
    assert form.editor("home_address").value() == "湖南省邵阳市大祥区新华路9号"  # kept
    assert form.editor("class_group").value() == klass  # no longer changeable here: undone
    assert form.changed_fields() == ["home_address"]
    assert "保留" in form.note.text() and "班级" in form.note.text()


def test_a_refused_save_never_leaves_saved_on_show(
    qtbot: QtBot, ctx: PageContext, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = saved_new_student(qtbot, ctx, session)
    sid = form.student_id
    assert sid is not None
    registration.confirm_student(session, sid)  # confirmed behind the form's back, no reload
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a: asked.append("") or ("换号", True))
    )
    enter(form, "phone", "12345")
    form.save()  # refused by the form's own check
    assert "没有保存" in form.error_line.text()
    assert "已保存" not in form.note.text()

    enter(form, "phone", "13812345679")
    form.save()  # still thought a draft: no reason asked, the service refuses
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)
    assert "原因" in form.error_line.text()
    assert "已保存" not in form.note.text()
    assert asked == []
    # The refusal made the form read the record again: the next save asks for the reason.
    qtbot.waitUntil(lambda: form.record["report_status"] == "confirmed", timeout=10_000)
    ctx.worker.wait()
    assert form.changed_fields() == ["phone"]
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    ctx.worker.wait()
    assert asked == [""]
    assert students.get_student(session, sid)["phone"] == "13812345679"
