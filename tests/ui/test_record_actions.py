"""Record actions: only what the state and the role allow; confirming assigns a 学号."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.records_fixtures import add_account, setup_structure, student_values
from xueji_desktop.core.roles import Role
from xueji_desktop.services import registration, students
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_actions import RecordActions
from xueji_desktop.ui.worker import SessionWorker

Button = QMessageBox.StandardButton
ALL = {"confirm", "report", "approve", "return", "correct_number", "void"}


@pytest.fixture
def session(make_archive: Callable[..., Created]) -> Session:
    created = make_archive()
    setup_structure(created.session)
    return created.session


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: shown.append(str(a[2])) or Button.Yes)
    )
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *a: shown.append(str(a[2])) or Button.Ok)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a: shown.append(str(a[2])) or Button.Ok)
    )
    return shown


def new_student(session: Session) -> int:
    values = student_values()
    values["class_group"] = "2025级计算机1班"
    return students.add_student(session, values).student_id


def names(actions: RecordActions, student: dict[str, object]) -> set[str]:
    return {a.objectName() for a in actions.actions_for(student)}


def make(qtbot: QtBot, session: Session, worker: SessionWorker) -> RecordActions:
    parent = QWidget()
    qtbot.addWidget(parent)
    return RecordActions(PageContext(session, worker), parent)


def test_actions_follow_the_report_status(
    qtbot: QtBot, session: Session, worker: SessionWorker
) -> None:
    actions = make(qtbot, session, worker)  # the archive's owner: admin and clerk
    base = {"id": 1, "student_no": None, "registry_no": None, "voided": 0}
    assert names(actions, {**base, "report_status": "draft"}) == {"confirm", "void"}
    assert names(actions, {**base, "report_status": "returned"}) == {"confirm", "void"}
    numbered = {**base, "student_no": "2025710201001"}
    assert names(actions, {**numbered, "report_status": "confirmed"}) == {
        "report",
        "correct_number",
        "void",
    }
    assert names(actions, {**numbered, "report_status": "reported"}) == {
        "approve",
        "return",
        "correct_number",
        "void",
    }
    assert names(actions, {**numbered, "report_status": "approved"}) == {"correct_number", "void"}
    assert names(actions, {**numbered, "report_status": "approved", "voided": 1}) == set()


def test_roles_hide_actions(qtbot: QtBot, session: Session, worker: SessionWorker) -> None:
    add_account(session, "viewer1", "viewer-password-123", [Role.VIEWER])
    add_account(session, "clerk2", "clerk-password-1234", [Role.CLERK])
    add_account(session, "admin2", "admin-password-1234", [Role.ADMIN])
    root = session.archive.layout.root
    student = {
        "id": 1,
        "student_no": "2025710201001",
        "registry_no": None,
        "voided": 0,
        "report_status": "reported",
    }
    seen = {}
    for user, password in (
        ("viewer1", "viewer-password-123"),
        ("clerk2", "clerk-password-1234"),
        ("admin2", "admin-password-1234"),
    ):
        other = login(root, user, password)
        try:
            seen[user] = names(make(qtbot, other, worker), student)
        finally:
            other.close()
    assert seen["viewer1"] == set()
    assert seen["clerk2"] == {"approve", "return", "void"}  # no number correction
    assert seen["admin2"] == {"correct_number"}


def test_confirm_assigns_a_student_number(
    qtbot: QtBot, session: Session, worker: SessionWorker, answers: list[str]
) -> None:
    sid = new_student(session)
    actions = make(qtbot, session, worker)
    [confirm] = [
        a
        for a in actions.actions_for(students.get_student(session, sid))
        if a.objectName() == "confirm"
    ]
    with qtbot.waitSignal(actions.done, timeout=10_000) as done:
        confirm.trigger()
    worker.wait()
    assert done.args == [sid]
    assert "学号" in answers[0] and "学籍异动" in answers[0]  # says what will happen
    record = students.get_student(session, sid)
    assert record["report_status"] == "confirmed"
    assert record["student_no"]
    assert record["student_no"] in answers[-1]  # the clerk is told the number


def test_saying_no_changes_nothing(
    qtbot: QtBot, session: Session, worker: SessionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = new_student(session)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: Button.No))
    actions = make(qtbot, session, worker)
    [confirm] = [
        a
        for a in actions.actions_for(students.get_student(session, sid))
        if a.objectName() == "confirm"
    ]
    confirm.trigger()
    worker.wait()
    qtbot.wait(10)
    assert students.get_student(session, sid)["report_status"] == "draft"


def test_return_and_void_take_a_reason(
    qtbot: QtBot,
    session: Session,
    worker: SessionWorker,
    answers: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sid = new_student(session)
    registration.confirm_student(session, sid)
    registration.set_report_status(session, sid, "reported")
    reasons = [("", True), ("姓名与户口簿不一致", True), ("重复录入", True)]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a: reasons.pop(0)))
    actions = make(qtbot, session, worker)

    def trigger(name: str) -> None:
        [action] = [
            a
            for a in actions.actions_for(students.get_student(session, sid))
            if a.objectName() == name
        ]
        with qtbot.waitSignal(actions.done, timeout=10_000):
            action.trigger()
        worker.wait()

    trigger("return")  # an empty reason is asked again
    record = students.get_student(session, sid)
    assert (record["report_status"], record["returned_reason"]) == (
        "returned",
        "姓名与户口簿不一致",
    )
    trigger("void")
    assert students.get_student(session, sid)["voided"] == 1
    assert reasons == []


def test_a_refusal_is_explained(
    qtbot: QtBot, session: Session, worker: SessionWorker, answers: list[str]
) -> None:
    sid = students.add_student(session, {"姓名": "钱七"}).student_id  # a draft, far from complete
    actions = make(qtbot, session, worker)
    [confirm] = [
        a
        for a in actions.actions_for(students.get_student(session, sid))
        if a.objectName() == "confirm"
    ]
    confirm.trigger()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=10_000)
    worker.wait()
    assert "不能核对确认" in answers[1] and "不能为空" in answers[1]
    assert students.get_student(session, sid)["report_status"] == "draft"
