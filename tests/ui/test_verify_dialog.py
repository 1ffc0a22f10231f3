"""核验文书: genuine, superseded, voided, not issued, unreadable — each in plain words."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from xueji_desktop.printing import model as m
from xueji_desktop.services import document_signing as signing
from xueji_desktop.services import documents
from xueji_desktop.services.archive import Created
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.services.student_list import ListQuery, list_page
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.verify_dialog import VerifyDialog, local_time
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture
def dialog(qtbot: QtBot, school: Created, worker: SessionWorker) -> VerifyDialog:
    d = VerifyDialog(PageContext(school.session, worker))
    qtbot.addWidget(d)
    d.show()
    return d


def check(qtbot: QtBot, dialog: VerifyDialog, text: str) -> str:
    dialog.verification = None
    dialog.text_edit.setText(text)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.verification is not None, timeout=10_000)
    return dialog.outcome_label.text()


def issue_transcript(school: Created) -> str:
    sid = list_page(school.session, ListQuery(limit=1)).rows[0].id
    issued = documents.issue(school.session, PrintRequest(kind=m.TRANSCRIPT, student_ids=(sid,)))
    return issued.serials[0]


def qr_text(school: Created, serial: str) -> str:
    entry = next(e for e in documents.register_entries(school.session) if e.serial == serial)
    return signing.qr_text(serial, entry.content_digest, entry.signature)


def test_genuine_shows_what_the_register_knows(
    qtbot: QtBot, school: Created, dialog: VerifyDialog
) -> None:
    serial = issue_transcript(school)
    text = check(qtbot, dialog, qr_text(school, serial))
    assert text.startswith("真实有效")
    assert dialog._detail_labels["serial"].text() == serial
    assert dialog._detail_labels["kind"].text() == "成绩单"
    assert dialog._detail_labels["issued_by"].text() == school.session.username
    assert "年" in dialog._detail_labels["issued_at"].text()
    assert dialog._detail_labels["subject"].isVisible()
    assert check(qtbot, dialog, serial).startswith("真实有效")  # the serial alone works too


def test_superseded_voided_and_not_issued(
    qtbot: QtBot, school: Created, dialog: VerifyDialog
) -> None:
    first = issue_transcript(school)
    second = issue_transcript(school)  # the same student again: the first is replaced
    assert second in check(qtbot, dialog, first) and "换发" in dialog.outcome_label.text()
    documents.void_documents(school.session, [second], "遗失")
    assert "遗失" in check(qtbot, dialog, second) and "作废" in dialog.outcome_label.text()
    text = check(qtbot, dialog, "CJD2026-999999")
    assert "没有出具过" in text and not dialog._detail_labels["serial"].isVisible()
    prefix, serial, digest, signature = qr_text(school, first).split(":")
    altered = "0" * len(digest) if digest != "0" * len(digest) else "1" * len(digest)
    forged = ":".join((prefix, serial, altered, signature))
    assert "没有出具过" in check(qtbot, dialog, forged)
    assert "读不出" in check(qtbot, dialog, "hello")


def test_local_time_reads_the_register_stamp() -> None:
    assert local_time("not a time") == "not a time"
    assert local_time("2026-03-05T08:30:00.123456Z").startswith("2026年3月")


def test_an_empty_field_asks_for_the_serial(dialog: VerifyDialog) -> None:
    dialog.text_edit.setText("   ")
    dialog.check()
    assert "编号" in dialog.error_line.text() and dialog.check_button.isEnabled()
