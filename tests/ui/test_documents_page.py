"""发放登记: newest first, filters, void with a reason, read-only for viewers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from xueji_desktop.printing import model as m
from xueji_desktop.services import documents
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.services.student_list import ListQuery, list_page
from xueji_desktop.ui.documents_page import DocumentsPage
from xueji_desktop.ui.page_registry import PAGES
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.verify_dialog import VerifyDialog
from xueji_desktop.ui.worker import SessionWorker


def issue(session: Session, kind: str, sid: int, purpose: str = "") -> str:
    request = PrintRequest(kind=kind, student_ids=(sid,), purpose=purpose)
    return documents.issue(session, request).serials[0]


@pytest.fixture
def issued(school: Created) -> tuple[list[int], list[str]]:
    rows = list_page(school.session, ListQuery(limit=3)).rows
    ids = [r.id for r in rows]
    serials = [
        issue(school.session, m.TRANSCRIPT, ids[0], "升学"),
        issue(school.session, m.REGISTRATION_CARD, ids[1]),
        issue(school.session, m.REGISTRATION_CARD, ids[2]),
    ]
    return ids, serials


def open_page(
    qtbot: QtBot, session: Session, worker: SessionWorker, **args: object
) -> DocumentsPage:
    page = DocumentsPage(PageContext(session, worker))
    qtbot.addWidget(page)
    page.show()
    page.activate(**args)
    qtbot.waitUntil(lambda: page.busy.isHidden(), timeout=10_000)
    return page


def shown_serials(page: DocumentsPage) -> list[str]:
    return [str(page.proxy.index(r, 0).data()) for r in range(page.proxy.rowCount())]


def test_the_page_is_in_the_navigation() -> None:
    assert DocumentsPage in PAGES


def test_newest_first_and_filters(
    qtbot: QtBot,
    school: Created,
    worker: SessionWorker,
    issued: tuple[list[int], list[str]],
    qtmodeltester: ModelTester,
) -> None:
    ids, serials = issued
    page = open_page(qtbot, school.session, worker)
    qtmodeltester.check(page.model)
    assert page.title() == "发放登记" and "核验文书" in page.help_text()
    assert shown_serials(page) == list(reversed(serials))
    assert page.proxy.index(2, 3).data() == "升学" and page.proxy.index(0, 6).data() == "有效"
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(m.TRANSCRIPT))
    qtbot.waitUntil(lambda: shown_serials(page) == [serials[0]], timeout=10_000)
    page.kind_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(shown_serials(page)) == 3, timeout=10_000)
    page.find_edit.setText(serials[1])
    assert shown_serials(page) == [serials[1]]
    page.find_edit.clear()
    page.activate(student_id=ids[2], caption="第三名")
    qtbot.waitUntil(lambda: shown_serials(page) == [serials[2]], timeout=10_000)
    assert page.caption.isVisible() and "第三名" in page.caption.text()
    page.show_all_students()
    qtbot.waitUntil(lambda: len(shown_serials(page)) == 3, timeout=10_000)
    assert page.caption.isHidden()


def test_void_with_a_reason(
    qtbot: QtBot,
    school: Created,
    worker: SessionWorker,
    issued: tuple[list[int], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _ids, serials = issued
    page = open_page(qtbot, school.session, worker)
    assert page.void_button.isVisible() and not page.void_button.isEnabled()
    page.table.selectRow(0)
    assert page.void_button.isEnabled()
    answers = iter([("", True), ("打印有误", True)])  # an empty reason is asked again
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    page.void_selected()
    qtbot.waitUntil(lambda: str(page.proxy.index(0, 6).data()).startswith("已作废"), timeout=10_000)
    assert "打印有误" in str(page.proxy.index(0, 6).data())
    entry = next(e for e in documents.register_entries(school.session) if e.serial == serials[2])
    assert entry.void_reason == "打印有误"
    page.table.selectRow(0)
    assert not page.void_button.isEnabled()  # already void


def test_a_viewer_reads_only(
    qtbot: QtBot,
    school: Created,
    viewer_session: Session,
    worker: SessionWorker,
    issued: tuple[list[int], list[str]],
) -> None:
    page = open_page(qtbot, viewer_session, worker)
    assert len(shown_serials(page)) == 3
    assert page.void_button.isHidden() and "作废…" not in page.help_text()
    dialog = page.open_verify()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, VerifyDialog)


def test_every_graduate_of_a_year_from_the_register_page(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    # The small demo school has no graduates yet: three of its students left in 2026 (set up
    # directly; graduation itself is tested in tests/services/test_graduation.py).
    with session.archive.db.atomic() as conn:
        conn.execute(
            "UPDATE students SET status = 'graduated', graduation_date = '2026-06-30' "
            "WHERE id IN (SELECT id FROM students WHERE voided = 0 ORDER BY id LIMIT 3)"
        )
    year, count = 2026, 3
    page = open_page(qtbot, session, worker)
    dialog = page.print_year(year)
    assert dialog is not None and str(year) in dialog.windowTitle() + dialog.target.label
    kinds = [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())]
    assert m.GRADUATION_ATTESTATION in kinds and m.ENROLMENT_CERTIFICATE not in kinds
    assert m.ROSTER not in kinds
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(m.TRANSCRIPT))
    dialog.one_pdf.setChecked(True)
    with qtbot.waitSignal(dialog.previewOpened, timeout=60_000) as signal:
        dialog.start()
    preview = signal.args[0]
    assert len(preview.serials) == count
    preview.was_saved = True  # not voided on close: this test is about whom it was issued for
    preview.close()


def test_a_viewer_has_no_year_button(
    qtbot: QtBot, school: Created, worker: SessionWorker, viewer_session: Session
) -> None:
    page = open_page(qtbot, viewer_session, worker)
    assert page.year_button.isHidden()
