"""借阅登记 (services/file_loans.py): one open loan per file, the due date from the calendar, a
return once and not before the loan, the overdue list against an injected today, and garbage
input refused with a sentence and nothing changed."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from tests.services.test_structure import codes, refused
from xueji_desktop import messages
from xueji_desktop.core.errors import (
    NotFound,
    PaperFileUnavailable,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import calendar_settings, file_loans
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session

Env = tuple[Session, dict[str, int]]
CJK = re.compile(r"[\u4e00-\u9fff]")
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b|\[\d+\]")


@pytest.fixture
def env(archive: Created) -> Env:
    s = archive.session
    ids = setup_structure(s)
    ids["s1"] = insert_student(s, ids["c1"], name="张三", student_no="2025710201")
    ids["s2"] = insert_student(s, ids["c1"], name="李四")
    ids["left"] = insert_student(s, ids["c1"], status="graduated", name="王五")
    ids["voided"] = insert_student(s, ids["c1"], name="赵六")
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids["voided"],))
    return s, ids


def lend(s: Session, sid: int, lent_on: str = "2025-10-09", **kw: Any) -> int:
    return file_loans.lend_file(
        s, sid, borrower="县人武部 刘干事", purpose="征兵政审", lent_on=lent_on, **kw
    )


def audit_rows(s: Session, action: str) -> list[tuple[str, dict[str, Any]]]:
    rows = s.archive.db.conn.execute(
        "SELECT target_id, details FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    )
    return [(r[0], json.loads(r[1])) for r in rows]


def test_lend_makes_the_file_row_and_defaults_the_due_date(env: Env) -> None:
    s, ids = env
    conn = s.archive.db.conn
    assert conn.execute("SELECT count(*) FROM paper_files").fetchone()[0] == 0
    loan_id = lend(s, ids["s1"], borrower_unit="县人武部", remark="两周内归还")
    (loan,) = file_loans.list_loans(s)
    assert (loan.id, loan.student_id, loan.name, loan.student_no) == (
        loan_id,
        ids["s1"],
        "张三",
        "2025710201",
    )
    assert (loan.lent_on, loan.due_on) == ("2025-10-09", "2025-11-08")  # + 30 calendar days
    assert (loan.borrower_unit, loan.purpose, loan.remark) == ("县人武部", "征兵政审", "两周内归还")
    assert loan.lent_by == s.username and loan.returned_on is None
    row = conn.execute(
        "SELECT cabinet, kept, updated_by, updated_at FROM paper_files WHERE student_id = ?",
        (ids["s1"],),
    ).fetchone()
    assert row[:3] == ("", 0, s.username) and row[3]
    # The audit entry: ids and dates only, never the borrower's or the student's name.
    ((target, details),) = audit_rows(s, "file_lent")
    assert target == str(ids["s1"])
    assert details == {"loan_id": loan_id, "lent_on": "2025-10-09", "due_on": "2025-11-08"}


def test_the_due_date_follows_the_calendar_and_can_be_given(env: Env) -> None:
    s, ids = env
    calendar = calendar_settings.get_calendar(s)
    calendar_settings.set_calendar(s, dataclasses.replace(calendar, loan_days=14))
    lend(s, ids["s1"])
    lend(s, ids["s2"], due_on="2025-10-09")  # back the same day
    lend(s, ids["left"], due_on="")  # a form's empty field: the default
    due = {x.student_id: x.due_on for x in file_loans.list_loans(s)}
    assert due == {ids["s1"]: "2025-10-23", ids["s2"]: "2025-10-09", ids["left"]: "2025-10-23"}


def test_one_open_loan_per_file_and_a_return_once(env: Env) -> None:
    s, ids = env
    first = lend(s, ids["s1"])
    e = refused(s, PaperFileUnavailable, lambda: lend(s, ids["s1"], "2025-10-10"))
    assert e.fields == {"reason": "on_loan", "student": "张三（2025710201）"}  # type: ignore[attr-defined]
    e = refused(
        s, RecordInvalid, lambda: file_loans.return_file(s, ids["s1"], returned_on="2025-10-08")
    )
    assert codes(e) == {"return_before_lent"}
    assert file_loans.return_file(s, ids["s1"], returned_on="2025-10-09", remark="完好") == first
    e = refused(
        s,
        PaperFileUnavailable,
        lambda: file_loans.return_file(s, ids["s1"], returned_on="2025-10-20"),
    )
    assert e.fields["reason"] == "not_on_loan"  # type: ignore[attr-defined]
    second = lend(s, ids["s1"], "2025-11-01")  # back on the shelf: it may go out again
    loans = file_loans.list_loans(s, student_id=ids["s1"])
    assert [x.id for x in loans] == [second, first]  # newest first
    assert (loans[1].returned_on, loans[1].returned_by, loans[1].return_remark) == (
        "2025-10-09",
        s.username,
        "完好",
    )
    assert [x.id for x in file_loans.list_loans(s, open_only=True)] == [second]
    assert file_loans.list_loans(s, student_id=ids["s2"]) == []
    assert [t for t, _ in audit_rows(s, "file_returned")] == [str(ids["s1"])]
    assert audit_rows(s, "file_returned")[0][1] == {"loan_id": first, "returned_on": "2025-10-09"}


def test_a_dispatched_file_is_not_lent(env: Env) -> None:
    from xueji_desktop.services import file_dispatch

    s, ids = env
    order = file_dispatch.DispatchOrder(
        ids["left"], "talent_centre", "邵阳市人才中心", "confidential_mail", dispatch_no="JY001"
    )
    file_dispatch.dispatch_files(s, [order], dispatched_on="2025-07-01")
    e = refused(s, PaperFileUnavailable, lambda: lend(s, ids["left"]))
    assert e.fields["reason"] == "dispatched"  # type: ignore[attr-defined]


def test_overdue_loans_against_the_callers_today(env: Env) -> None:
    s, ids = env
    lend(s, ids["s1"], "2025-09-01", due_on="2025-09-30")
    lend(s, ids["s2"], "2025-09-10", due_on="2025-09-20")
    lend(s, ids["left"], "2025-09-15", due_on="2025-10-31")
    today = datetime.date(2025, 9, 30)
    assert [x.student_id for x in file_loans.overdue_loans(s, today=today)] == [ids["s2"]]
    later = datetime.date(2025, 10, 1)
    overdue = file_loans.overdue_loans(s, today=later)
    assert [x.student_id for x in overdue] == [ids["s2"], ids["s1"]]  # oldest due first
    file_loans.return_file(s, ids["s2"], returned_on="2025-09-25")
    assert [x.student_id for x in file_loans.overdue_loans(s, today=later)] == [ids["s1"]]
    assert file_loans.overdue_loans(s, today=datetime.date(2025, 9, 1)) == []


@pytest.mark.parametrize(
    ("kw", "field", "code"),
    [
        ({"borrower": ""}, "borrower", "required"),
        ({"borrower": 5}, "borrower", "invalid_type"),
        ({"borrower": "人" * 5000}, "borrower", "too_long"),
        ({"purpose": "   "}, "purpose", "required"),
        ({"borrower_unit": ["x"]}, "borrower_unit", "invalid_type"),
        ({"remark": "备" * 501}, "remark", "too_long"),
        ({"lent_on": "2025-02-30"}, "lent_on", "invalid_date"),
        ({"lent_on": "2025-2-3"}, "lent_on", "invalid_date"),
        ({"lent_on": "2025-W41-4"}, "lent_on", "invalid_date"),  # an ISO week date
        ({"lent_on": "20251009"}, "lent_on", "invalid_date"),  # the basic ISO form
        ({"lent_on": "２０２５-１０-０９"}, "lent_on", "invalid_date"),  # full-width digits
        ({"due_on": "2025-W45-1"}, "due_on", "invalid_date"),
        ({"due_on": "20251109"}, "due_on", "invalid_date"),
        ({"lent_on": "2999-01-01"}, "lent_on", "date_in_future"),
        ({"lent_on": None}, "lent_on", "required"),
        ({"lent_on": 20251009}, "lent_on", "invalid_type"),
        ({"due_on": "2025-10-01"}, "due_on", "due_before_lent"),
        ({"due_on": "2027-10-09"}, "due_on", "due_too_far"),
        ({"due_on": "next week"}, "due_on", "invalid_date"),
        ({"due_on": 3.5}, "due_on", "invalid_type"),
    ],
)
def test_garbage_is_refused_with_a_sentence(
    env: Env, kw: dict[str, Any], field: str, code: str
) -> None:
    s, ids = env
    args: dict[str, Any] = {"borrower": "刘干事", "purpose": "征兵政审", "lent_on": "2025-10-09"}
    args.update(kw)
    e = refused(s, RecordInvalid, lambda: file_loans.lend_file(s, ids["s1"], **args))
    assert isinstance(e, RecordInvalid)
    assert [(p.field, p.code) for p in e.problems] == [(field, code)]
    for lang in ("zh", "en"):
        text = problem_text(e.problems[0], lang)
        assert "{" not in text and not INTERNAL.search(text), text
        assert bool(CJK.search(text)) == (lang == "zh"), text


def test_unknown_voided_and_wrong_ids(env: Env) -> None:
    s, ids = env
    refused(s, NotFound, lambda: lend(s, 999_999))
    refused(s, NotFound, lambda: lend(s, 10**30))  # beyond what SQLite can even compare
    refused(s, NotFound, lambda: lend(s, -1))
    refused(s, RecordVoided, lambda: lend(s, ids["voided"]))
    e = refused(s, RecordInvalid, lambda: lend(s, "1"))  # type: ignore[arg-type]
    assert codes(e) == {"invalid_type"}
    refused(s, NotFound, lambda: file_loans.return_file(s, 999_999, returned_on="2025-10-09"))
    refused(s, NotFound, lambda: file_loans.return_file(s, 2**70, returned_on="2025-10-09"))
    refused(s, RecordInvalid, lambda: file_loans.return_file(s, ids["s1"], returned_on="x"))
    with pytest.raises(NotFound):
        file_loans.list_loans(s, student_id=999_999)
    for bad in ({"limit": 0}, {"limit": "10"}, {"open_only": "yes"}):
        with pytest.raises(RecordInvalid):
            file_loans.list_loans(s, **bad)  # type: ignore[arg-type]
    for today in ("2025-10-01", None, datetime.datetime(2025, 10, 1, 8, 0)):
        with pytest.raises(RecordInvalid):
            file_loans.overdue_loans(s, today=today)  # type: ignore[arg-type]


def test_a_voided_students_open_loan_stays_listed_and_can_be_returned(env: Env) -> None:
    """The paper is out with a borrower whatever happened to the record: the loan shows in the
    open and the overdue lists alike, and its return is recorded (a loan is always closable)."""
    s, ids = env
    loan_id = lend(s, ids["s2"], "2025-09-01", due_on="2025-09-02")
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids["s2"],))
    today = datetime.date(2025, 10, 1)
    assert [x.id for x in file_loans.overdue_loans(s, today=today)] == [loan_id]
    assert [x.id for x in file_loans.list_loans(s, open_only=True)] == [loan_id]
    assert file_loans.return_file(s, ids["s2"], returned_on="2025-09-20") == loan_id
    assert file_loans.overdue_loans(s, today=today) == []
    assert file_loans.list_loans(s, open_only=True) == []
    (loan,) = file_loans.list_loans(s, student_id=ids["s2"])  # the register keeps it
    assert loan.returned_on == "2025-09-20"
    assert audit_rows(s, "file_returned") == [
        (str(ids["s2"]), {"loan_id": loan_id, "returned_on": "2025-09-20"})
    ]
    # still no new loan of a voided record
    refused(s, RecordVoided, lambda: lend(s, ids["s2"]))


@pytest.mark.parametrize(
    "reason",
    [
        "on_loan",
        "not_on_loan",
        "dispatched",
        "receipt_recorded",
        "in_school",
        "kept",
        "voided",
        "not_dispatched",
    ],
)
def test_every_refusal_reads_as_a_sentence_naming_the_student(reason: str) -> None:
    error = PaperFileUnavailable(reason=reason, student="张三（2025001）")
    assert messages.message_key(error) == f"paper_file_unavailable:{reason}"
    assert "张三（2025001）" in messages.message_for(error, "zh")
    assert "2025001" in messages.message_for(error, "en")
    assert messages.unfilled_placeholders(error, "zh") == []
