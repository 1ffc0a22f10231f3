"""Where 出具文书 starts: the students list and an open record, the classes page, a record's
actions — and that a viewer finds no way to print."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from xueji_desktop.printing import model as m
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.ui.classes_page import ClassesPage
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.print_dialog import PrintDialog
from xueji_desktop.ui.record_actions import RecordActions
from xueji_desktop.ui.students_page import StudentsPage
from xueji_desktop.ui.worker import SessionWorker


def students_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> StudentsPage:
    page = StudentsPage(PageContext(session, worker))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    return page


def kinds(dialog: PrintDialog) -> list[str]:
    return [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())]


def test_students_list_prints_the_selection(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = students_page(qtbot, school.session, worker)
    assert page.print_button.isVisible()
    assert page.print_documents() is None and page.error_line.text()  # nothing selected yet
    page.table.selectRow(0)
    dialog = page.print_documents()
    assert dialog is not None
    row = page.model.row_at(0)
    assert dialog.target.student_ids == (row.id,) and row.name in dialog.target.label
    assert m.ROSTER not in kinds(dialog) and m.TRANSCRIPT in kinds(dialog)
    dialog.reject()


def test_an_open_record_prints_its_student(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = students_page(qtbot, school.session, worker)
    row = page.model.row_at(0)
    view = page.open_record(row.id)
    qtbot.waitUntil(lambda: bool(view.record), timeout=10_000)
    dialog = page.print_documents()
    assert dialog is not None
    assert dialog.target.student_ids == (row.id,)
    assert dialog.target.statuses == (row.status,)
    dialog.reject()


def test_record_actions_offer_print_and_the_register(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = students_page(qtbot, school.session, worker)
    gone: list[tuple[str, dict[str, object]]] = []
    ctx = PageContext(school.session, worker, navigate=lambda p, a: gone.append((p, a)))
    actions = RecordActions(ctx, page)
    row = page.model.row_at(0)
    student = {"id": row.id, "name": row.name, "student_no": row.student_no, "status": row.status}
    found = {a.objectName(): a for a in actions.document_actions(student)}
    assert set(found) == {"print", "issued"}
    found["issued"].trigger()
    assert gone == [
        ("documents", {"student_id": row.id, "caption": f"{row.student_no} {row.name}"})
    ]
    dialog = actions.print_dialog(student)
    assert dialog.target.student_ids == (row.id,)
    dialog.reject()
    assert actions.document_actions({**student, "voided": 1}) == []


def test_classes_page_prints_for_the_class(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = ClassesPage(PageContext(school.session, worker))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    assert page.print_button.isVisible() and not page.print_button.isEnabled()
    page.table.selectRow(0)
    assert page.print_button.isEnabled()
    dialog = page.open_print()
    assert dialog is not None
    assert dialog.target.class_group_id == page.selected().group.id  # type: ignore[union-attr]
    assert kinds(dialog)[:2] == [m.ROSTER, m.GRADUATE_REGISTER]
    dialog.reject()


def test_a_viewer_finds_no_print_button(
    qtbot: QtBot, viewer_session: Session, worker: SessionWorker
) -> None:
    page = students_page(qtbot, viewer_session, worker)
    assert page.print_button.isHidden()
    classes = ClassesPage(PageContext(viewer_session, worker))
    qtbot.addWidget(classes)
    assert classes.print_button.isHidden()
    actions = RecordActions(PageContext(viewer_session, worker), page)
    assert actions.document_actions({"id": 1, "name": "x"}) == []
