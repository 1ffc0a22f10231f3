"""The record view's 成绩 tab: 录入补考成绩 and 录入重修成绩 for the selected course.

Real archive, real worker. Only a failed original result offers them; garbage scores, future
dates and a date before the term are refused with a message and change nothing; a saved
result shows in the tab and in the audit log; viewers see no buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN_PASSWORD
from tests.records_fixtures import insert_student, setup_structure
from tests.ui.test_record_view import open_view, show
from xueji_desktop.core.roles import Role
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import audit, grades, transcripts, users
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui.entry_dialog import EntryDialog
from xueji_desktop.ui.makeup_dialogs import MakeupDialog, RetakeDialog, score_value
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_view import RecordView
from xueji_desktop.ui.worker import SessionWorker


@dataclass
class Setup:
    created: Created
    sid: int
    ids: dict[str, int]


@pytest.fixture
def failed(make_archive: Callable[..., Created]) -> Setup:
    """One student: 数学 failed (45) and 语文 passed (80) in 2025-2026-1; a later term exists."""
    created = make_archive()
    ids = setup_structure(created.session)
    sid = insert_student(created.session, ids["c1"], enrolment_month="202509")
    grades.record_grade(created.session, sid, ids["math"], ids["t1"], score=45)
    grades.record_grade(created.session, sid, ids["chinese"], ids["t1"], score=80)
    return Setup(created, sid, ids)


def grade_row(view: RecordView, course_code: str) -> int:
    return next(i for i, g in enumerate(view.grades_tab.rows) if g.course_code == course_code)


def grades_view(qtbot: QtBot, session: Session, worker: SessionWorker, sid: int) -> RecordView:
    view = open_view(qtbot, session, worker, sid)
    show(qtbot, view, "grades")
    worker.wait()
    return view


def audit_actions(session: Session) -> list[str]:
    return [e.action for e in audit.iter_entries(session.archive.db.conn)]


def stored(setup: Setup) -> list[transcripts.GradeRow]:
    return transcripts.grades_for_student(setup.created.session, setup.sid)


def terms_loaded(qtbot: QtBot, dialog: EntryDialog) -> None:
    qtbot.waitUntil(lambda: bool(getattr(dialog, "terms", None)), timeout=10_000)


def refused(qtbot: QtBot, dialog: EntryDialog, worker: SessionWorker) -> str:
    dialog.submit()
    worker.wait()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert not dialog.error_line.isHidden() and not dialog.result()
    return dialog.error_line.text()


def test_only_a_failed_course_offers_makeup_and_retake(
    qtbot: QtBot, failed: Setup, worker: SessionWorker
) -> None:
    view = grades_view(qtbot, failed.created.session, worker, failed.sid)
    tab = view.grades_tab
    assert not tab.bar.isHidden()
    assert not tab.makeup_button.isEnabled() and not tab.retake_button.isEnabled()
    tab.select(grade_row(view, "GB002"))
    assert not tab.makeup_button.isEnabled() and not tab.retake_button.isEnabled()
    assert tab.rule.text()
    tab.select(grade_row(view, "GB001"))
    assert tab.makeup_button.isEnabled() and tab.retake_button.isEnabled()


def test_a_makeup_score_is_saved_shown_and_audited(
    qtbot: QtBot, failed: Setup, worker: SessionWorker
) -> None:
    session = failed.created.session
    view = grades_view(qtbot, session, worker, failed.sid)
    audited = len(audit_actions(session))
    view.grades_tab.select(grade_row(view, "GB001"))
    view.grades_tab.makeup_button.click()
    dialog = view.grades_tab.dialog
    assert isinstance(dialog, MakeupDialog)
    terms_loaded(qtbot, dialog)
    dialog.score_edit.setText("72")
    dialog.date_edit.setDate(QDate(2026, 3, 2))
    with qtbot.waitSignal(view.loaded, timeout=10_000, check_params_cb=lambda k: k == "grades"):
        dialog.submit()
    worker.wait()
    row = grade_row(view, "GB001")
    model = view.grades_model
    assert model.data(model.index(row, 5)) == "72"
    assert model.data(model.index(row, 7)) in ("通过", "Passed", "及格", "合格")
    math = next(g for g in stored(failed) if g.course_code == "GB001")
    assert math.makeup_score == 72 and math.makeup_date == "2026-03-02"
    assert "grade_makeup_recorded" in audit_actions(session)[audited:]
    view.grades_tab.select(row)
    assert not view.grades_tab.retake_button.isEnabled()  # passed by the makeup: no retake


@pytest.mark.parametrize(
    ("score", "day", "field"),
    [
        ("", QDate(2026, 3, 2), "makeup_score"),
        ("abc", QDate(2026, 3, 2), "makeup_score"),
        ("101", QDate(2026, 3, 2), "makeup_score"),
        ("nan", QDate(2026, 3, 2), "makeup_score"),
        ("9" * 400, QDate(2026, 3, 2), "makeup_score"),
        ("70", QDate.currentDate().addDays(1), "makeup_date"),
        ("70", QDate(2025, 8, 1), "makeup_date"),  # before the term began
    ],
)
def test_garbage_makeup_is_refused_and_nothing_changes(
    qtbot: QtBot, failed: Setup, worker: SessionWorker, score: str, day: QDate, field: str
) -> None:
    session = failed.created.session
    view = grades_view(qtbot, session, worker, failed.sid)
    audited = len(audit_actions(session))
    view.grades_tab.select(grade_row(view, "GB001"))
    view.grades_tab.makeup_button.click()
    dialog = view.grades_tab.dialog
    assert isinstance(dialog, MakeupDialog)
    terms_loaded(qtbot, dialog)
    dialog.score_edit.setText(score)
    dialog.date_edit.setDate(day)
    refused(qtbot, dialog, worker)
    assert dialog.hints[field].text()
    assert len(audit_actions(session)) == audited
    assert next(g for g in stored(failed) if g.course_code == "GB001").makeup_score is None


def test_a_retake_needs_a_later_term_and_is_saved(
    qtbot: QtBot, failed: Setup, worker: SessionWorker
) -> None:
    session = failed.created.session
    view = grades_view(qtbot, session, worker, failed.sid)
    audited = len(audit_actions(session))
    view.grades_tab.select(grade_row(view, "GB001"))
    view.grades_tab.retake_button.click()
    dialog = view.grades_tab.dialog
    assert isinstance(dialog, RetakeDialog)
    terms_loaded(qtbot, dialog)
    assert dialog.term_box.count() == 1  # only 2025-2026-2 is later than the original term
    assert dialog.term_box.currentData() == failed.ids["t2"]
    dialog.score_edit.setText("-5")
    refused(qtbot, dialog, worker)
    assert len(audit_actions(session)) == audited
    dialog.score_edit.setText("66")
    with qtbot.waitSignal(view.loaded, timeout=10_000, check_params_cb=lambda k: k == "grades"):
        dialog.submit()
    worker.wait()
    math = next(g for g in stored(failed) if g.course_code == "GB001")
    assert math.retake_score == 66 and math.retake_term_id == failed.ids["t2"]
    assert "grade_retake_recorded" in audit_actions(session)[audited:]


def test_a_stale_dialog_on_a_passed_course_is_refused_by_the_service(
    qtbot: QtBot, failed: Setup, worker: SessionWorker
) -> None:
    """The clerk opened 补考 on a row that another window has since corrected to a pass."""
    session = failed.created.session
    row = next(g for g in stored(failed) if g.course_code == "GB001")
    grades.record_grade(session, failed.sid, failed.ids["math"], failed.ids["t1"], score=61)
    audited = len(audit_actions(session))
    dialog = MakeupDialog(PageContext(session, worker), row)
    qtbot.addWidget(dialog)
    terms_loaded(qtbot, dialog)
    dialog.score_edit.setText("75")
    dialog.date_edit.setDate(QDate(2026, 3, 2))
    text = refused(qtbot, dialog, worker)
    assert "及格" in text
    assert len(audit_actions(session)) == audited


def test_viewer_sees_no_buttons_and_is_refused(
    qtbot: QtBot, failed: Setup, worker: SessionWorker
) -> None:
    users.add_user(failed.created.session, admin_password=ADMIN_PASSWORD, username="viewer1",
                   password="quiet-harbour-77", roles=frozenset({Role.VIEWER}),
                   kdf=FAST_FOR_TESTS)  # fmt: skip
    root = failed.created.session.archive.layout.root
    viewer = archive_service.login(root, "viewer1", "quiet-harbour-77")
    try:
        view = grades_view(qtbot, viewer, worker, failed.sid)
        assert view.grades_tab.bar.isHidden()
        row = next(g for g in view.grades_tab.rows if g.course_code == "GB001")
        dialog = MakeupDialog(PageContext(viewer, worker), row)
        qtbot.addWidget(dialog)
        terms_loaded(qtbot, dialog)
        dialog.score_edit.setText("75")
        dialog.date_edit.setDate(QDate(2026, 3, 2))
        assert refused(qtbot, dialog, worker)
    finally:
        worker.wait()
        viewer.close()
    assert next(g for g in stored(failed) if g.course_code == "GB001").makeup_score is None


def test_score_value_reads_only_plain_scores() -> None:
    assert score_value(" 59.5 ") == 59.5 and score_value("60，5") == 60.5
    for junk in ("", "inf", "-1", "100.01", "1e3", "六十"):
        assert score_value(junk) is None


def test_a_retake_without_a_later_term_says_so_at_once(
    qtbot: QtBot, failed: Setup, worker: SessionWorker
) -> None:
    session = failed.created.session
    grades.record_grade(session, failed.sid, failed.ids["prog"], failed.ids["t2"], score=30)
    audited = len(audit_actions(session))
    view = grades_view(qtbot, session, worker, failed.sid)
    view.grades_tab.select(grade_row(view, "ZY101"))
    view.grades_tab.retake_button.click()
    dialog = view.grades_tab.dialog
    assert isinstance(dialog, RetakeDialog)
    terms_loaded(qtbot, dialog)
    assert dialog.term_box.count() == 0
    assert not dialog.hints["retake_term_id"].isHidden()
    dialog.score_edit.setText("70")
    refused(qtbot, dialog, worker)
    assert not any(a.startswith("grade_") for a in audit_actions(session)[audited:])
    assert next(g for g in stored(failed) if g.course_code == "ZY101").retake_score is None
