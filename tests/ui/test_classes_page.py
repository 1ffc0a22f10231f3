"""班级 page: head-counts by status, opening a class's students, batch 毕业 after the check."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created
from xueji_desktop.storage.layout import now_utc
from xueji_desktop.ui import events_ops
from xueji_desktop.ui.batch_change import BatchGraduationDialog
from xueji_desktop.ui.classes_page import ClassesPage
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

TODAY = datetime.datetime(2028, 6, 30, 12)


@pytest.fixture
def env(
    make_archive: Callable[..., Created], worker: SessionWorker
) -> tuple[PageContext, dict[str, int], list[tuple[str, dict[str, object]]]]:
    created = make_archive()
    session = created.session
    session.archive.clock = lambda: TODAY.timestamp()
    ids = setup_structure(session)
    with session.archive.db.atomic() as conn:
        conn.execute("UPDATE school SET code = '430001' WHERE id = 1")
    for n, name in enumerate(("王一", "李二", "赵三")):
        ids[name] = insert_student(session, ids["c1"], name=name, student_no=f"2025710201{n:04d}")
    ids["休学"] = insert_student(session, ids["c1"], status="on_leave", student_no="20257102019998")
    ids["退学"] = insert_student(
        session, ids["c1"], status="withdrawn", student_no="20257102019999"
    )
    with session.archive.db.atomic() as conn:
        for name in ("王一", "李二"):  # 赵三 misses 程序设计基础
            for course, term in (("math", "t1"), ("chinese", "t1"), ("prog", "t2")):
                conn.execute(
                    "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) "
                    "VALUES (?,?,?,?,?)",
                    (ids[name], ids[course], ids[term], 75, now_utc()),
                )
        conn.execute(
            "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) "
            "VALUES (?,?,?,?,?)",
            (ids["赵三"], ids["math"], ids["t1"], 75, now_utc()),
        )
    went: list[tuple[str, dict[str, object]]] = []
    ctx = PageContext(session, worker, navigate=lambda page, args: went.append((page, args)))
    return ctx, ids, went


def _page(qtbot: QtBot, ctx: PageContext) -> ClassesPage:
    page = ClassesPage(ctx)
    qtbot.addWidget(page)
    page.resize(980, 460)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    return page


def test_counts_by_status_and_open_students(env, qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    ctx, ids, went = env
    page = _page(qtbot, ctx)
    qtmodeltester.check(page.model)
    rows = {page.model.class_row(r).group.id: page.model.class_row(r) for r in range(2)}
    counts = rows[ids["c1"]].counts
    assert counts == {"enrolled": 3, "on_leave": 1, "withdrawn": 1}
    assert rows[ids["c2"]].counts == {}
    page.select_class(ids["c1"])
    shown = [page.proxy.index(page.table.currentIndex().row(), c).data() for c in range(9)]
    assert shown[0] == "2025级计算机1班" and shown[5:] == ["3", "1", "1", "5"]
    page.open_students()
    assert went[-1] == ("students", {"class_id": ids["c1"]})
    page.open_changes()
    assert went[-1] == ("status_changes", {"class_id": ids["c1"]})
    page.grab().save("/tmp/shots-e/classes_page.png")


def test_batch_graduation_shows_who_is_not_eligible_and_why(env, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    ctx, ids, _ = env
    page = _page(qtbot, ctx)
    page.select_class(ids["c1"])
    dialog = page.open_batch()
    assert isinstance(dialog, BatchGraduationDialog)
    qtbot.waitUntil(lambda: len(dialog.candidates) == 3, timeout=10_000)
    assert "2" in dialog.summary.text() and "1" in dialog.summary.text()
    not_eligible = [c for c in dialog.candidates if not c.eligible]
    assert [c.name for c in not_eligible] == ["赵三"]
    item = dialog.tree.topLevelItem(2)
    assert item.text(0) == "赵三"
    reasons = [item.child(i).text(1) for i in range(item.childCount())]
    assert any("程序设计基础" in r and "尚未通过" in r for r in reasons)
    dialog.grab().save("/tmp/shots-e/batch_check.png")

    with qtbot.waitSignal(dialog.finished_batch, timeout=20_000) as blocker:
        dialog.start_button.click()
    outcome = blocker.args[0]
    assert sorted(n for _, n, _ in outcome.recorded) == ["李二", "王一"]
    assert outcome.failed == [] and not outcome.stopped
    text = dialog.report.toPlainText()
    assert "赵三" in text and "程序设计基础" in text
    dialog.grab().save("/tmp/shots-e/batch_summary.png")
    conn = ctx.session.archive.db.conn
    status = dict(conn.execute("SELECT name, status FROM students WHERE class_group_id = ?",
                               (ids["c1"],)).fetchall())  # fmt: skip
    assert status["王一"] == "graduated" and status["李二"] == "graduated"
    assert status["赵三"] == "enrolled"
    assert [c.kind for c in sc.list_changes(ctx.session, ids["王一"])] == ["graduation"]
    qtbot.waitUntil(lambda: page.selected() is not None or page.model.rowCount() == 2)


def test_batch_cancel_keeps_what_was_recorded(env) -> None:  # type: ignore[no-untyped-def]
    """Stopped after the first student: that one stays recorded, the others are listed as not
    done, and nothing of theirs changed (each student is its own transaction)."""
    ctx, ids, _ = env
    students = [(ids[n], n) for n in ("王一", "李二", "赵三")]
    seen: list[tuple[int, int]] = []
    outcome = events_ops.graduate_students(
        ctx.session, students, outcome="completion", effective_date=TODAY.date(),
        document_no="", progress=lambda d, t: seen.append((d, t)),
        cancelled=lambda: len(seen) >= 1,
    )  # fmt: skip
    assert [n for _, n, _ in outcome.recorded] == ["王一"]
    assert outcome.stopped and [n for _, n in outcome.not_done] == ["李二", "赵三"]
    conn = ctx.session.archive.db.conn
    status = dict(conn.execute("SELECT name, status FROM students WHERE class_group_id = ?",
                               (ids["c1"],)).fetchall())  # fmt: skip
    assert status["王一"] == "completed_without_diploma"
    assert status["李二"] == "enrolled" and status["赵三"] == "enrolled"
    assert seen[-1] == (1, 3)
