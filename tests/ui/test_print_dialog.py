"""出具文书: issue on the worker, preview from memory, print through QPrinter, save, void on close,
cancel, one file per student, rare characters, and a viewer who may not print."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.printing import model as m
from xueji_desktop.services import documents
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.student_list import ListQuery, list_page
from xueji_desktop.ui import events_ops
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.print_dialog import PrintDialog
from xueji_desktop.ui.print_kinds import PrintTarget, offered_kinds
from xueji_desktop.ui.print_preview import UNPRINTED_REASON, PrintPreview
from xueji_desktop.ui.worker import SessionWorker

Button = QMessageBox.StandardButton


class Asked:
    """Questions and notices shown; questions get ``answer``."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.answer = Button.Yes


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    seen = Asked()

    def question(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        seen.texts.append(str(args[2]))
        return seen.answer

    def information(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        seen.texts.append(str(args[2]))
        return Button.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    return seen


def first_students(session: Session, count: int, status: str = "") -> list[tuple[int, str]]:
    rows = list_page(session, ListQuery(limit=200)).rows
    return [(r.id, r.status) for r in rows if not status or r.status == status][:count]


def make_dialog(
    qtbot: QtBot, session: Session, worker: SessionWorker, target: PrintTarget, kind: str
) -> PrintDialog:
    dialog = PrintDialog(PageContext(session, worker), target, kind=kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.template_combo.count() > 0, timeout=10_000)
    return dialog


OPEN: list[PrintPreview] = []


@pytest.fixture(autouse=True)
def close_previews() -> Iterator[None]:
    """Previews delete themselves on close; those a test leaves open are closed here."""
    yield
    for preview in OPEN:
        if shiboken6.isValid(preview):
            preview.was_saved = True  # closing must not ask
            preview.close()
    OPEN.clear()


def issue_one(qtbot: QtBot, dialog: PrintDialog) -> PrintPreview:
    with qtbot.waitSignal(dialog.previewOpened, timeout=60_000) as signal:
        dialog.start()
    preview = signal.args[0]
    OPEN.append(preview)
    return preview


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def entries(session: Session) -> dict[str, documents.RegisterEntry]:
    return {e.serial: e for e in documents.register_entries(session)}


def test_kinds_offered_follow_the_students_states() -> None:
    graduates = offered_kinds(["graduated", "graduated"], for_class=False)
    assert m.GRADUATION_ATTESTATION in graduates and m.ENROLMENT_CERTIFICATE not in graduates
    enrolled = offered_kinds(["enrolled"], for_class=False)
    assert m.ENROLMENT_CERTIFICATE in enrolled and m.GRADUATION_ATTESTATION not in enrolled
    assert m.ROSTER not in enrolled
    mixed = offered_kinds(["enrolled", "graduated"], for_class=False)
    assert m.GRADUATION_ATTESTATION not in mixed and m.TRANSCRIPT in mixed
    whole_class = offered_kinds([], for_class=True)
    assert whole_class[:2] == [m.ROSTER, m.GRADUATE_REGISTER] and m.TRANSCRIPT in whole_class


def test_issue_preview_print_and_register(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path, asked: Asked
) -> None:
    session = school.session
    sid, status = first_students(session, 1)[0]
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget("one", (sid,), statuses=(status,)), m.TRANSCRIPT
    )
    assert not dialog.split.isVisible()  # one student: one PDF, no folder choice
    dialog.purpose_edit.setText("升学")
    preview = issue_one(qtbot, dialog)
    assert preview.pane.page_count() >= 1
    (serial,) = preview.serials
    assert entries(session)[serial].purpose == "升学"
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(preview.printed, timeout=60_000) as printed:
        preview.print_to(pdf_printer(out))
    assert printed.args == ["PDF", 1]
    assert len(PdfReader(out).pages) == preview.pane.page_count()
    qtbot.waitUntil(lambda: not preview.is_printing())
    preview.reject()  # printed: closes without a question and voids nothing
    assert asked.texts == []
    assert entries(session)[serial].voided_at is None


def test_closing_unprinted_voids_after_asking(
    qtbot: QtBot, school: Created, worker: SessionWorker, asked: Asked
) -> None:
    session = school.session
    sid, status = first_students(session, 1)[0]
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget("one", (sid,), statuses=(status,)), m.TRANSCRIPT
    )
    preview = issue_one(qtbot, dialog)
    (serial,) = preview.serials
    asked.answer = Button.No
    preview.reject()
    assert len(asked.texts) == 1 and "作废" in asked.texts[0]
    assert preview.isVisible() and entries(session)[serial].voided_at is None
    asked.answer = Button.Yes
    with qtbot.waitSignal(preview.voided, timeout=10_000):
        preview.reject()
    entry = entries(session)[serial]
    assert entry.voided_at and entry.void_reason == UNPRINTED_REASON


def test_saving_keeps_the_documents_valid(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path, asked: Asked
) -> None:
    session = school.session
    sid, status = first_students(session, 1)[0]
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget("one", (sid,), statuses=(status,)), m.TRANSCRIPT
    )
    preview = issue_one(qtbot, dialog)
    out = tmp_path / "saved.pdf"
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        preview.save_to(out)
    assert out.read_bytes() == preview.pdf
    preview.reject()
    assert asked.texts == [] and entries(session)[preview.serials[0]].voided_at is None


def class_of(session: Session) -> tuple[int, str]:
    rows = [r for r in events_ops.classes_overview(session) if sum(r.counts.values()) >= 2]
    return rows[0].group.id, rows[0].group.name


def test_one_file_per_student_into_a_folder(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path, asked: Asked
) -> None:
    session = school.session
    class_id, name = class_of(session)
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget(name, class_group_id=class_id), m.REGISTRATION_CARD
    )
    assert dialog.split.isVisible() and dialog.split.isEnabled()
    dialog.split.setChecked(True)
    dialog.start()
    assert "folder" in dialog.error_line.text().lower() or "文件夹" in dialog.error_line.text()
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    dialog.pattern_edit.setText("{student_no}_{kind}")
    with qtbot.waitSignal(dialog.filesWritten, timeout=60_000) as written:
        dialog.start()
    paths = written.args[0]
    assert len(paths) >= 2 and sorted(out.iterdir()) == sorted(paths)
    assert all(p.name.endswith("_学籍卡.pdf") for p in paths)
    assert str(len(paths)) in asked.texts[-1]
    # Again into the same folder: refused (the files stay) unless "replace" is ticked.
    before = {p: p.read_bytes() for p in paths}
    with qtbot.waitSignal(dialog.issueStarted):
        dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.error_line.text()), timeout=60_000)
    assert {p: p.read_bytes() for p in paths} == before
    dialog.replace_check.setChecked(True)
    with qtbot.waitSignal(dialog.filesWritten, timeout=60_000) as again:
        dialog.start()
    assert sorted(again.args[0]) == sorted(paths) and sorted(out.iterdir()) == sorted(paths)
    assert {p: p.read_bytes() for p in paths} != before  # new serials inside
    # A class kind prints one PDF for the class: the per-student choice is off.
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(m.ROSTER))
    assert not dialog.split.isEnabled() and dialog.one_pdf.isChecked()


def test_cancel_leaves_nothing_registered(
    qtbot: QtBot, school: Created, worker: SessionWorker, asked: Asked
) -> None:
    session = school.session
    class_id, name = class_of(session)
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget(name, class_group_id=class_id), m.REGISTRATION_CARD
    )
    before = len(entries(session))
    cancelled = threading.Event()

    def cancel_on_worker(_done: int, _total: int) -> None:
        dialog.cancel_issue()  # on the worker thread, before it looks at the next student
        cancelled.set()

    dialog.issueStarted.connect(
        lambda work: work.progressed.connect(cancel_on_worker, Qt.ConnectionType.DirectConnection)
    )
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.error_line.text()), timeout=60_000)
    assert cancelled.is_set()
    assert "取消" in dialog.error_line.text()
    assert dialog.preview is None and len(entries(session)) == before


def test_rare_character_offers_boxes(
    qtbot: QtBot,
    make_archive: Callable[..., Created],
    worker: SessionWorker,
    asked: Asked,
) -> None:
    session = make_archive("rare").session
    ids = setup_structure(session)
    sid = insert_student(session, ids["c1"], name="王\U00020000")
    dialog = make_dialog(qtbot, session, worker, PrintTarget("rare", (sid,)), m.REGISTRATION_CARD)
    asked.answer = Button.No
    dialog.start()
    qtbot.waitUntil(lambda: bool(asked.texts), timeout=60_000)
    assert "\U00020000" in asked.texts[0]
    assert dialog.preview is None and documents.register_entries(session) == []
    asked.answer = Button.Yes
    with qtbot.waitSignal(dialog.previewOpened, timeout=60_000) as signal:
        dialog.start()
    OPEN.append(signal.args[0])
    assert len(documents.register_entries(session)) == 1


def test_a_viewer_cannot_issue(
    qtbot: QtBot, school: Created, viewer_session: Session, worker: SessionWorker
) -> None:
    sid, status = first_students(school.session, 1)[0]
    dialog = make_dialog(
        qtbot, viewer_session, worker, PrintTarget("one", (sid,), statuses=(status,)), m.TRANSCRIPT
    )
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.error_line.text()), timeout=10_000)
    assert dialog.preview is None and documents.register_entries(school.session) == []


def test_handover_list_with_the_clerks_own_papers(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    sid, status = first_students(session, 1)[0]
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget("one", (sid,), statuses=(status,)), m.HANDOVER_LIST
    )
    assert dialog.papers_edit.isVisible() and dialog.receiver_edit.isVisible()
    dialog.receiver_edit.setText("示范市人才交流中心")
    dialog.papers_edit.setPlainText("学籍卡\n成绩单×2\n\n")
    request = dialog.request()
    assert request.params["documents"] == "学籍卡\n成绩单×2" and request.params["via"] == "机要"
    preview = issue_one(qtbot, dialog)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    text = "".join(text.split())
    assert "示范市人才交流中心" in text and "成绩单2份" in text and "2项，共3份" in text


def test_forms_of_a_status_change_only_for_students_who_have_one(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    sid, status = session.archive.db.conn.execute(
        "SELECT id, status FROM students WHERE voided = 0 AND status = 'enrolled' "
        "AND id NOT IN (SELECT student_id FROM status_changes) LIMIT 1"
    ).fetchone()
    dialog = make_dialog(
        qtbot, session, worker, PrintTarget("one", (int(sid),), statuses=(status,)), m.LEAVE_FORM
    )
    qtbot.waitUntil(lambda: dialog.kind_combo.findData(m.LEAVE_FORM) < 0, timeout=10_000)
    offered = [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())]
    assert m.TRANSCRIPT in offered and m.STATUS_CHANGE_NOTICE not in offered
    assert dialog.kind() == offered[0]  # the asked-for kind did not fit: the first one is chosen
