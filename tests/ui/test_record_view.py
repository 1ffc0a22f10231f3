"""The record view: header, masked or full ID numbers by role, tabs loading when shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import attachments, students
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.ui import logs, student_ops
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_tabs import RowsModel
from xueji_desktop.ui.record_view import RecordView
from xueji_desktop.ui.worker import SessionWorker


def enrolled_student(school: Created) -> tuple[int, str, str]:
    row = school.session.archive.db.conn.execute(
        "SELECT id, name, id_number FROM students WHERE status = 'enrolled' ORDER BY id LIMIT 1"
    ).fetchone()
    return int(row[0]), row[1], row[2]


def open_view(qtbot: QtBot, session: Session, worker: SessionWorker, sid: int) -> RecordView:
    view = RecordView(PageContext(session, worker), sid)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        pass
    return view


def show(qtbot: QtBot, view: RecordView, key: str) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000, check_params_cb=lambda k: k == key):
        view.show_tab(key)


def test_clerk_sees_the_full_id_number(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    sid, name, idn = enrolled_student(school)
    view = open_view(qtbot, school.session, worker, sid)
    assert view.name_label.text() == name
    assert view.basic.values["id_number"].text() == idn
    assert "在籍" in view.status_label.text()
    assert view.basic.values["gender"].text() in ("男", "女")
    assert view.findChild(type(view.edit_button), "editButton") is not None


def test_viewer_sees_it_masked_and_no_edit_button(
    qtbot: QtBot, school: Created, viewer_session: Session, worker: SessionWorker
) -> None:
    sid, _name, idn = enrolled_student(school)
    view = open_view(qtbot, viewer_session, worker, sid)
    shown = view.basic.values["id_number"].text()
    assert shown != idn and "*" in shown and shown[-4:] == idn[-4:]
    assert not hasattr(view, "edit_button")
    for row in range(view.family_model.rowCount()):
        for column in range(view.family_model.columnCount()):
            value = str(view.family_model.data(view.family_model.index(row, column)))
            assert not (len(value) == 18 and value.isalnum() and value[:6].isdigit())


def test_tabs_load_when_first_shown(
    qtbot: QtBot, school: Created, worker: SessionWorker, qtmodeltester: ModelTester
) -> None:
    sid, _name, _idn = enrolled_student(school)
    view = open_view(qtbot, school.session, worker, sid)
    assert view.grades_model.rowCount() == 0  # not read until shown
    show(qtbot, view, "grades")
    grades = school.session.archive.db.conn.execute(
        "SELECT count(*) FROM grades WHERE student_id = ?", (sid,)
    ).fetchone()[0]
    assert view.grades_model.rowCount() == grades
    show(qtbot, view, "attachments")
    assert view.files_tab.checklist.count() > 0
    texts = [
        view.files_tab.checklist.item(i).text() for i in range(view.files_tab.checklist.count())
    ]
    assert any("入学登记表" in t for t in texts)
    for key in ("discipline", "conduct", "history"):
        show(qtbot, view, key)
    for model in view.findChildren(RowsModel):
        qtmodeltester.check(model, force_py=True)


def test_history_shows_a_correction_made_through_the_services(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    sid, _name, _idn = enrolled_student(school)
    students.edit_student(school.session, sid, {"phone": "13912345678"}, reason="家长来电更正号码")
    view = open_view(qtbot, school.session, worker, sid)
    show(qtbot, view, "history")
    rows = [
        [view.history_model.data(view.history_model.index(r, c)) for c in range(6)]
        for r in range(view.history_model.rowCount())
    ]
    phone = [r for r in rows if r[2] == "联系电话"]
    assert phone and phone[-1][4] == "13912345678"
    assert phone[-1][5] == "家长来电更正号码"
    assert view.basic.values["phone"].text() == "13912345678"


def test_confirming_here_refreshes_an_open_entry_form_of_that_student(
    qtbot: QtBot, school: Created, worker: SessionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMessageBox

    from tests.records_fixtures import make_id_number, student_values
    from xueji_desktop.services import structure
    from xueji_desktop.ui.student_form import StudentForm

    session = school.session
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
    sid = students.add_student(session, values).student_id
    yes, ok = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: ok))
    form = StudentForm(PageContext(session, worker), sid)
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.loaded, timeout=10_000)
    assert form.editor("class_group").isEnabled()  # a draft: the class may still change

    view = open_view(qtbot, session, worker, sid)
    confirm = next(a for a in view.findChildren(QAction) if a.objectName() == "confirm")
    with qtbot.waitSignal(view.changed, timeout=10_000):
        confirm.trigger()
    qtbot.waitUntil(lambda: form.record["report_status"] == "confirmed", timeout=10_000)
    worker.wait()
    assert not form.editor("class_group").isEnabled()
    assert form.editor("student_no").value()  # the number given at confirmation


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "file_unreadable"),  # the file is gone by the time the worker reads it
        (b"", "empty_file"),
        (b"\x00garbage that is no scan" * 8, "unsupported_media_type"),
        (b"%PDF-1.4 half a file", None),  # a PDF head: accepted as a PDF, stored as it is
    ],
)
def test_adding_a_scan_from_a_bad_file_says_why_and_stores_nothing(
    school: Created, tmp_path: Path, content: bytes | None, code: str | None
) -> None:
    session = school.session
    sid, _, _ = enrolled_student(school)
    path = tmp_path / "scan.jpg"
    if content is not None:
        path.write_bytes(content)
    before = len(attachments.list_attachments(session, sid))
    if code is None:
        student_ops.add_scan(session, sid, "other", path)
        assert len(attachments.list_attachments(session, sid)) == before + 1
        return
    with pytest.raises(RecordInvalid) as info:
        student_ops.add_scan(session, sid, "other", path)
    assert code in {p.code for p in info.value.problems}
    sentence = logs.error_sentence(info.value)  # what the clerk reads: zh, each problem named
    assert all(problem_text(p, "zh") in sentence for p in info.value.problems)
    assert "Error" not in sentence and "Traceback" not in sentence
    assert len(attachments.list_attachments(session, sid)) == before
