"""The record view's 奖惩 tab: entering awards and punishments, lifting, annulling, voiding.

Real archive, real worker. Garbage (empty 文号, future dates, huge text, empty reasons, a
punishment already lifted) gives a clear message and changes nothing; what is saved shows in
the list and in the audit log; viewers see no buttons.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.ui.test_record_view import enrolled_student, open_view, show
from xueji_desktop.services import audit, discipline
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.ui.discipline_dialogs import (
    AnnulDialog,
    AwardDialog,
    LiftDialog,
    PunishmentDialog,
    VoidDialog,
)
from xueji_desktop.ui.entry_dialog import EntryDialog
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_view import RecordView
from xueji_desktop.ui.worker import SessionWorker


def count_rows(session: Session) -> int:
    return int(
        session.archive.db.conn.execute("SELECT count(*) FROM rewards_punishments").fetchone()[0]
    )


def actions(session: Session) -> list[str]:
    return [e.action for e in audit.iter_entries(session.archive.db.conn)]


def discipline_view(qtbot: QtBot, session: Session, worker: SessionWorker, sid: int) -> RecordView:
    view = open_view(qtbot, session, worker, sid)
    show(qtbot, view, "discipline")
    return view


def reload_after(qtbot: QtBot, view: RecordView, dialog: EntryDialog) -> None:
    """Press OK and wait until the record view has shown the 奖惩 list again."""
    with qtbot.waitSignal(view.loaded, timeout=10_000, check_params_cb=lambda k: k == "discipline"):
        dialog.submit()


def refused(qtbot: QtBot, dialog: EntryDialog, worker: SessionWorker) -> str:
    """Press OK; the dialog stays open with its message (after the worker, if it was asked)."""
    dialog.submit()
    worker.wait()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert not dialog.error_line.isHidden()
    return dialog.error_line.text()


def list_texts(view: RecordView) -> list[list[str]]:
    model = view.discipline_model
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_an_award_entered_shows_in_the_list_and_the_audit_log(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    sid, _, _ = enrolled_student(school)
    view = discipline_view(qtbot, session, worker, sid)
    worker.wait()
    audited = len(actions(session))
    tab = view.discipline_tab
    assert not tab.bar.isHidden()
    assert tab.award_button.isEnabled() and not tab.lift_button.isEnabled()
    tab.award_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, AwardDialog)
    dialog.level_box.setCurrentText("市级")
    dialog.title_edit.setText("三好学生")
    dialog.doc_edit.setText("市教〔2026〕12号")
    dialog.date_edit.setDate(QDate(2026, 6, 1))
    reload_after(qtbot, view, dialog)
    worker.wait()
    rows = list_texts(view)
    assert any("三好学生" in r and "市级" in r and "2026-06-01" in r for r in rows)
    assert "reward_punishment_added" in actions(session)[audited:]


def test_a_punishment_needs_its_kind_and_document_number(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    sid, _, _ = enrolled_student(school)
    view = discipline_view(qtbot, session, worker, sid)
    worker.wait()
    before, audited = count_rows(session), len(actions(session))
    view.discipline_tab.punish_button.click()
    dialog = view.discipline_tab.dialog
    assert isinstance(dialog, PunishmentDialog)
    dialog.doc_edit.setText("   ")
    assert not dialog.hints["document_no"].isHidden()  # said as soon as the field is touched
    tomorrow = QDate.currentDate().addDays(1)
    dialog.date_edit.setDate(tomorrow)
    assert not dialog.hints["decided_on"].isHidden()
    dialog.reason_edit.setText("违" * 5000)
    assert "500" in dialog.hints["reason"].text()
    text = refused(qtbot, dialog, worker)
    assert text and not dialog.hints["level"].isHidden()
    assert not dialog.result()  # still open
    assert count_rows(session) == before and len(actions(session)) == audited


def test_punishment_lifted_once_and_never_annulled_after(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    sid, _, _ = enrolled_student(school)
    pid = discipline.add_punishment(
        session, sid, level="警告", decided_on="2025-10-09", document_no="校发〔2025〕3号"
    )
    view = discipline_view(qtbot, session, worker, sid)
    tab = view.discipline_tab
    row = next(i for i, r in enumerate(tab.rows) if r.id == pid)
    tab.select(row)
    assert tab.lift_button.isEnabled() and tab.annul_button.isEnabled()
    tab.lift_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, LiftDialog)
    dialog.date_edit.setDate(QDate(2025, 10, 1))  # before the decision
    dialog.doc_edit.setText("")
    refused(qtbot, dialog, worker)
    assert not dialog.hints["lifted_on"].isHidden()
    assert not dialog.hints["lifted_document_no"].isHidden()
    dialog.date_edit.setDate(QDate(2026, 4, 9))
    dialog.doc_edit.setText("校发〔2026〕8号")
    stale = tab.rows[row]
    reload_after(qtbot, view, dialog)
    worker.wait()
    assert "已解除" in list_texts(view)[row] or "Lifted" in list_texts(view)[row]
    row = next(i for i, r in enumerate(tab.rows) if r.id == pid)
    tab.select(row)
    assert not tab.lift_button.isEnabled() and not tab.annul_button.isEnabled()
    audited = len(actions(session))
    # A dialog opened on the row as it stood before (a second window): the service refuses.
    for dialog in (LiftDialog(view.ctx, stale, view), AnnulDialog(view.ctx, stale, view)):
        qtbot.addWidget(dialog)
        if isinstance(dialog, LiftDialog):
            dialog.doc_edit.setText("again")
        else:
            dialog.reason_edit.setText("复查撤销")
        dialog.date_edit.setDate(QDate(2026, 5, 1))
        text = refused(qtbot, dialog, worker)
        assert "解除" in text
    entry = next(r for r in discipline.list_rewards_punishments(session, sid) if r.id == pid)
    assert entry.state == "lifted" and entry.lifted_on == "2026-04-09"
    assert len(actions(session)) == audited


def test_annul_and_void_need_reasons(qtbot: QtBot, school: Created, worker: SessionWorker) -> None:
    session = school.session
    sid, _, _ = enrolled_student(school)
    pid = discipline.add_punishment(
        session, sid, level="开除学籍", decided_on="2025-11-01", document_no="校发〔2025〕9号"
    )
    view = discipline_view(qtbot, session, worker, sid)
    tab = view.discipline_tab
    row = next(i for i, r in enumerate(tab.rows) if r.id == pid)
    tab.select(row)
    assert not tab.lift_button.isEnabled()  # an expulsion is never lifted
    assert tab.annul_button.isEnabled() and tab.void_button.isEnabled()
    tab.void_button.click()
    void = tab.dialog
    assert isinstance(void, VoidDialog)
    void.reason_edit.setText("   ")
    audited = len(actions(session))
    refused(qtbot, void, worker)
    assert not void.hints["reason"].isHidden()
    void.reject()
    tab.annul_button.click()
    annul = tab.dialog
    assert isinstance(annul, AnnulDialog)
    refused(qtbot, annul, worker)
    assert not annul.hints["reason"].isHidden()
    assert len(actions(session)) == audited
    annul.reason_edit.setText("复查认定处分依据不足")
    annul.date_edit.setDate(QDate(2026, 1, 5))
    reload_after(qtbot, view, annul)
    worker.wait()
    entry = next(r for r in discipline.list_rewards_punishments(session, sid) if r.id == pid)
    assert entry.state == "annulled" and entry.annulled_reason == "复查认定处分依据不足"
    assert "punishment_annulled" in actions(session)[audited:]


def test_void_marks_the_entry_and_keeps_it(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    session = school.session
    sid, _, _ = enrolled_student(school)
    rid = discipline.add_award(
        session, sid, level="校级", title="优秀团员", decided_on="2025-05-04"
    )
    view = discipline_view(qtbot, session, worker, sid)
    worker.wait()
    audited = len(actions(session))
    tab = view.discipline_tab
    tab.select(next(i for i, r in enumerate(tab.rows) if r.id == rid))
    tab.void_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, VoidDialog)
    dialog.reason_edit.setText("重复录入")
    reload_after(qtbot, view, dialog)
    worker.wait()
    entry = next(r for r in discipline.list_rewards_punishments(session, sid) if r.id == rid)
    assert entry.voided and entry.void_reason == "重复录入"
    assert "reward_punishment_voided" in actions(session)[audited:]
    tab.select(next(i for i, r in enumerate(tab.rows) if r.id == rid))
    assert not tab.void_button.isEnabled()


def test_viewer_gets_no_buttons_and_the_service_refuses_anyway(
    qtbot: QtBot, school: Created, viewer_session: Session, worker: SessionWorker
) -> None:
    sid, _, _ = enrolled_student(school)
    before = count_rows(school.session)
    view = discipline_view(qtbot, viewer_session, worker, sid)
    assert view.discipline_tab.bar.isHidden()
    dialog = AwardDialog(PageContext(viewer_session, worker), sid)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("三好学生")
    text = refused(qtbot, dialog, worker)
    assert text and count_rows(school.session) == before


def test_dates_default_to_today_and_tomorrow_is_refused(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    sid, _, _ = enrolled_student(school)
    dialog = AwardDialog(PageContext(school.session, worker), sid)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.date().toPython() == datetime.date.today()
    dialog.title_edit.setText("x" * 101)
    dialog.date_edit.setDate(QDate.currentDate().addDays(1))
    assert set(dialog.problems()) == {"title", "decided_on"}


def test_a_voided_record_takes_no_entries(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    from xueji_desktop.services import students

    session = school.session
    sid, _, _ = enrolled_student(school)
    students.void_student(session, sid, "重复录入")
    view = discipline_view(qtbot, session, worker, sid)
    assert view.discipline_tab.bar.isHidden()
    show(qtbot, view, "grades")
    assert view.grades_tab.bar.isHidden()
