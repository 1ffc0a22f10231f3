"""档案转递 (services/file_dispatch.py): only for students who have left, not on loan, not kept,
once; receipts once and not before the dispatch; void with a reason, then send again; a batch is
one transaction (a bad order writes nothing); the overdue receipts against an injected today."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from tests.services.test_file_loans import CJK, INTERNAL, audit_rows
from tests.services.test_structure import codes, refused
from xueji_desktop.core.errors import (
    NotFound,
    PaperFileUnavailable,
    ReasonRequired,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.messages import message_for, message_key
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import calendar_settings, file_dispatch, file_dispatch_read, file_loans
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch import DispatchOrder
from xueji_desktop.storage.content_hash import content_hash

Env = tuple[Session, dict[str, int]]
CENTRE = "邵阳市人才交流服务中心"


@pytest.fixture
def env(archive: Created) -> Env:
    s = archive.session
    ids = setup_structure(s)
    for n, key in enumerate(("g1", "g2", "g3", "g4", "g5")):
        ids[key] = insert_student(
            s, ids["c1"], status="graduated", name=f"毕业{n}", student_no=f"202571020{n}"
        )
    ids["out"] = insert_student(s, ids["c2"], status="transferred_out", name="转出生")
    ids["in"] = insert_student(s, ids["c1"], name="在籍生", student_no="2025710299")
    ids["leave"] = insert_student(s, ids["c1"], status="on_leave", name="休学生")
    ids["voided"] = insert_student(s, ids["c1"], status="graduated", name="作废生")
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids["voided"],))
    return s, ids


def order(sid: int, **kw: Any) -> DispatchOrder:
    args: dict[str, Any] = {
        "receiver_kind": "talent_centre",
        "receiver": CENTRE,
        "via": "confidential_mail",
        "dispatch_no": "JY2026-001",
    }
    args.update(kw)
    return DispatchOrder(sid, **args)


def send(s: Session, *sids: int, day: str = "2026-07-01", **kw: Any) -> list[int]:
    return file_dispatch.dispatch_files(s, [order(i, **kw) for i in sids], dispatched_on=day)


def keep(s: Session, sid: int) -> None:
    """The school keeps the file (paper_files.kept, helper "paper"'s service writes it)."""
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO paper_files (student_id, kept, updated_at, updated_by)"
            " VALUES (?, 1, '2026-07-01T00:00:00.000000Z', 'test')",
            (sid,),
        )


def unavailable(s: Session, fn: Any) -> str:
    e = refused(s, PaperFileUnavailable, fn)
    return str(e.fields["reason"])  # type: ignore[attr-defined]


def test_dispatch_one_file(env: Env) -> None:
    s, ids = env
    (did,) = send(s, ids["g1"], receiver_address="邵阳市双清区宝庆路1号", remark="毕业生档案")
    d = file_dispatch.get_dispatch(s, did)
    assert (d.student_id, d.name, d.student_no) == (ids["g1"], "毕业0", "2025710200")
    assert (d.receiver_kind, d.receiver, d.via, d.dispatch_no) == (
        "talent_centre",
        CENTRE,
        "confidential_mail",
        "JY2026-001",
    )
    assert (d.dispatched_on, d.dispatched_by, d.receiver_address) == (
        "2026-07-01",
        s.username,
        "邵阳市双清区宝庆路1号",
    )
    assert d.receipt_on is None and d.voided_at is None and d.document_serial is None
    assert len(d.batch_id) == 32
    row = s.archive.db.conn.execute(
        "SELECT kept, updated_by FROM paper_files WHERE student_id = ?", (ids["g1"],)
    ).fetchone()
    assert tuple(row) == (0, s.username)
    ((target, details),) = audit_rows(s, "file_dispatched")
    assert target == str(ids["g1"])
    assert details == {
        "dispatch_id": did,
        "batch_id": d.batch_id,
        "receiver_kind": "talent_centre",
        "via": "confidential_mail",
    }
    # In person: the name of who takes it, no number.
    (other,) = send(
        s,
        ids["g2"],
        via="in_person",
        dispatch_no="",
        carrier="王大明",
        receiver_kind="employer",
        receiver="示范机械厂",
    )
    assert file_dispatch.get_dispatch(s, other).carrier == "王大明"


def test_the_rules_refuse_and_change_nothing(env: Env) -> None:
    s, ids = env
    assert unavailable(s, lambda: send(s, ids["in"])) == "in_school"
    assert unavailable(s, lambda: send(s, ids["leave"])) == "in_school"
    file_loans.lend_file(s, ids["g1"], borrower="刘干事", purpose="政审", lent_on="2026-06-01")
    assert unavailable(s, lambda: send(s, ids["g1"])) == "on_loan"
    keep(s, ids["g2"])
    assert unavailable(s, lambda: send(s, ids["g2"])) == "kept"
    send(s, ids["g3"])
    assert unavailable(s, lambda: send(s, ids["g3"])) == "dispatched"
    e = refused(s, PaperFileUnavailable, lambda: send(s, ids["in"]))
    assert e.fields["student"] == "在籍生（2025710299）"  # type: ignore[attr-defined]
    refused(
        s,
        RecordVoided,
        lambda: file_loans.lend_file(
            s, ids["voided"], borrower="x", purpose="y", lent_on="2026-06-01"
        ),
    )


def test_receipt_once_not_before_the_dispatch(env: Env) -> None:
    s, ids = env
    (did,) = send(s, ids["g1"])
    e = refused(
        s, RecordInvalid, lambda: file_dispatch.record_receipt(s, did, receipt_on="2026-06-30")
    )
    assert codes(e) == {"receipt_before_dispatch"}
    file_dispatch.record_receipt(s, did, receipt_on="2026-07-01", signer="李老师", remark="已收")
    d = file_dispatch.get_dispatch(s, did)
    assert (d.receipt_on, d.receipt_signer, d.receipt_remark) == ("2026-07-01", "李老师", "已收")
    assert (
        unavailable(s, lambda: file_dispatch.record_receipt(s, did, receipt_on="2026-07-02"))
        == "receipt_recorded"
    )
    assert audit_rows(s, "file_receipt_recorded") == [
        (str(ids["g1"]), {"dispatch_id": did, "receipt_on": "2026-07-01"})
    ]
    refused(s, NotFound, lambda: file_dispatch.record_receipt(s, 999, receipt_on="2026-07-02"))


def test_void_with_a_reason_then_send_again(env: Env) -> None:
    s, ids = env
    (first,) = send(s, ids["g1"], receiver="错误的单位")
    refused(s, ReasonRequired, lambda: file_dispatch.void_dispatch(s, first, reason="  "))
    e = refused(s, ReasonRequired, lambda: file_dispatch.void_dispatch(s, first, reason=None))  # type: ignore[arg-type]
    assert message_key(e) == "reason_required:void_dispatch"  # type: ignore[arg-type]
    refused(s, RecordInvalid, lambda: file_dispatch.void_dispatch(s, first, reason="错" * 501))
    file_dispatch.void_dispatch(s, first, reason="寄错单位")
    assert unavailable(s, lambda: file_dispatch.void_dispatch(s, first, reason="又")) == "voided"
    assert (
        unavailable(s, lambda: file_dispatch.record_receipt(s, first, receipt_on="2026-07-05"))
        == "voided"
    )
    (second,) = send(s, ids["g1"], day="2026-07-03")
    listed = file_dispatch.list_dispatches(s, student_id=ids["g1"])
    assert [d.id for d in listed] == [second]
    both = file_dispatch.list_dispatches(s, student_id=ids["g1"], include_voided=True)
    assert [d.id for d in both] == [second, first]
    assert both[1].void_reason == "寄错单位" and both[1].voided_at
    assert audit_rows(s, "file_dispatch_voided") == [
        (str(ids["g1"]), {"dispatch_id": first, "batch_id": both[1].batch_id})
    ]


def test_batch_dispatch_of_a_class(env: Env) -> None:
    s, ids = env
    file_loans.lend_file(s, ids["g1"], borrower="刘干事", purpose="政审", lent_on="2026-06-01")
    keep(s, ids["g2"])
    send(s, ids["g3"], day="2026-06-20")
    orders = file_dispatch.dispatch_orders_for_class(
        s,
        ids["c1"],
        receiver_kind="talent_centre",
        receiver=CENTRE,
        via="confidential_mail",
        dispatch_no="JY2026-100",
    )
    # Left, not sent, not kept, not on loan, not voided; in 学号 order; nobody of class c2.
    assert [o.student_id for o in orders] == [ids["g4"], ids["g5"]]
    assert {(o.receiver, o.dispatch_no) for o in orders} == {(CENTRE, "JY2026-100")}
    dids = file_dispatch.dispatch_files(s, orders, dispatched_on="2026-07-01")
    batch = {file_dispatch.get_dispatch(s, d).batch_id for d in dids}
    assert len(batch) == 1
    (batch_id,) = batch
    assert [d.id for d in file_dispatch.list_dispatches(s, batch_id=batch_id)] == dids[::-1]
    assert (
        file_dispatch.dispatch_orders_for_class(
            s, ids["c1"], receiver_kind="talent_centre", receiver=CENTRE, via="other"
        )
        == []
    )
    refused(
        s,
        NotFound,
        lambda: file_dispatch.dispatch_orders_for_class(
            s, 999, receiver_kind="school", receiver="x", via="other"
        ),
    )
    e = refused(
        s,
        RecordInvalid,
        lambda: file_dispatch.dispatch_orders_for_class(
            s, ids["c1"], receiver_kind="moon", receiver="", via="confidential_mail"
        ),
    )
    assert {(p.field, p.code) for p in e.problems} == {  # type: ignore[attr-defined]
        ("receiver_kind", "invalid_choice_of"),
        ("receiver", "required"),
        ("dispatch_no", "dispatch_no_required"),
    }


def test_a_bad_choice_lists_the_clerks_words_not_the_codes(env: Env) -> None:
    s, ids = env
    e = refused(s, RecordInvalid, lambda: send(s, ids["g1"], receiver_kind="foo", via="bar"))
    texts = {lang: [problem_text(p, lang) for p in e.problems] for lang in ("zh", "en")}  # type: ignore[attr-defined]
    assert texts["zh"] == [
        "转递名单第1行的接收方类别只能是：升学学校、工作单位、人才中心、户籍所在地、部队、其他单位。",
        "转递名单第1行的转递方式只能是：机要、专人送达、其他方式。",
    ]
    for text in texts["zh"] + texts["en"]:
        assert "{" not in text and not INTERNAL.search(text), text
        assert "talent_centre" not in text and "in_person" not in text
    assert "talent centre" in texts["en"][0] and "confidential mail" in texts["en"][1]


def test_a_bad_batch_writes_nothing(env: Env) -> None:
    s, ids = env
    conn = s.archive.db.conn
    before = content_hash(conn), conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    # The last order is for a student still at school: the four before it are not sent either.
    reason = unavailable(s, lambda: send(s, ids["g1"], ids["g2"], ids["g3"], ids["out"], ids["in"]))
    assert reason == "in_school"
    bad = [
        order(ids["g1"]),
        order(ids["g2"], via="in_person", dispatch_no=""),
        order(ids["g3"], receiver="人" * 201),
        order(ids["g1"]),
        order(999_999),
        order(ids["voided"]),
        order("7"),
        "not an order",
    ]  # type: ignore[arg-type]
    e = refused(
        s, RecordInvalid, lambda: file_dispatch.dispatch_files(s, bad, dispatched_on="2026-07-01")
    )  # type: ignore[arg-type]
    got = {(p.field, p.code) for p in e.problems}  # type: ignore[attr-defined]
    assert got == {
        ("orders[1].carrier", "carrier_required"),
        ("orders[2].receiver", "too_long"),
        ("orders[6].student_id", "invalid_type"),
        ("orders[7]", "invalid_type"),
    }
    bad = [order(ids["g1"]), order(ids["g1"]), order(999_999), order(ids["voided"]), order(10**30)]
    e = refused(
        s, RecordInvalid, lambda: file_dispatch.dispatch_files(s, bad, dispatched_on="2026-07-01")
    )
    got = {(p.field, p.code) for p in e.problems}  # type: ignore[attr-defined]
    assert got == {
        ("orders[1].student_id", "duplicate_order"),
        ("orders[2].student_id", "not_found"),
        ("orders[3].student_id", "record_voided"),
        ("orders[4].student_id", "not_found"),
    }
    for args in ([], "abc", None, [order(ids["g1"])] * 2001):
        refused(
            s,
            RecordInvalid,
            lambda a=args: file_dispatch.dispatch_files(s, a, dispatched_on="2026-07-01"),
        )
    for day in ("2026-13-01", "", "2999-01-01", 20260701):
        refused(s, RecordInvalid, lambda d=day: send(s, ids["g1"], day=d))
    assert (
        content_hash(conn),
        conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0],
    ) == before
    assert conn.execute("SELECT count(*) FROM file_dispatches").fetchone()[0] == 0


def test_receipts_overdue_against_the_callers_today(env: Env) -> None:
    s, ids = env
    a, b, c = (
        send(s, sid, day=day)[0]
        for sid, day in (
            (ids["g1"], "2026-03-01"),
            (ids["g2"], "2026-04-01"),
            (ids["g3"], "2026-04-02"),
        )
    )
    today = datetime.date(2026, 5, 31)  # 2026-04-01 + 60 days = 2026-05-31: not yet overdue
    assert [d.id for d in file_dispatch.receipts_overdue(s, today=today)] == [a]
    later = today + datetime.timedelta(days=1)
    assert [d.id for d in file_dispatch.receipts_overdue(s, today=later)] == [a, b]
    file_dispatch.record_receipt(s, a, receipt_on="2026-06-01")
    file_dispatch.void_dispatch(s, b, reason="退回")
    assert [d.id for d in file_dispatch.receipts_overdue(s, today=later)] == []
    waiting = file_dispatch.list_dispatches(s, awaiting_receipt=True)
    assert [d.id for d in waiting] == [c]
    calendar = calendar_settings.get_calendar(s)
    calendar_settings.set_calendar(s, dataclasses.replace(calendar, receipt_wait_days=30))
    assert [d.id for d in file_dispatch.receipts_overdue(s, today=later)] == [c]
    with pytest.raises(RecordInvalid):
        file_dispatch.receipts_overdue(s, today="2026-06-01")  # type: ignore[arg-type]


def test_dispatch_due_lists_left_students_not_sent_nor_kept(env: Env) -> None:
    s, ids = env
    keep(s, ids["g2"])
    (did,) = send(s, ids["g3"])
    file_loans.lend_file(s, ids["g4"], borrower="刘干事", purpose="政审", lent_on="2026-06-01")
    due = file_dispatch.dispatch_due(s)
    # On loan still counts: the file must go once it is back. Voided and in-school never.
    assert set(due) == {ids["g1"], ids["g4"], ids["g5"], ids["out"]}
    file_dispatch.void_dispatch(s, did, reason="退回")
    assert ids["g3"] in file_dispatch.dispatch_due(s)


def test_dispatch_due_rows_name_the_same_students_in_one_read(env: Env) -> None:
    s, ids = env
    keep(s, ids["g2"])
    send(s, ids["g3"])
    with s.archive.db.atomic() as conn:
        for day, revoked in (("2025-07-01", 0), ("2025-08-01", 1)):  # a revoked change is no day
            conn.execute(
                "INSERT INTO status_changes (student_id, kind, effective_date, status_before,"
                " status_after, revoked, created_at, created_by) VALUES (?, 'transfer_out', ?,"
                " 'enrolled', 'transferred_out', ?, '2025-07-01T00:00:00Z', 'test')",
                (ids["out"], day, revoked),
            )
    before = s.archive.db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    rows = file_dispatch_read.dispatch_due_rows(s)
    assert [r.student_id for r in rows] == file_dispatch.dispatch_due(s)  # same ones, same order
    by_id = {r.student_id: r for r in rows}
    assert set(by_id) == {ids["g1"], ids["g4"], ids["g5"], ids["out"]}
    g1 = by_id[ids["g1"]]
    assert (g1.name, g1.student_no, g1.status, g1.left_on) == (
        "毕业0",
        "2025710200",
        "graduated",
        None,  # graduated without a status change (imported): no day known
    )
    assert g1.class_name and by_id[ids["out"]].class_name != g1.class_name
    assert by_id[ids["out"]].left_on == "2025-07-01"
    after = s.archive.db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert after == before  # a list of names, not a record view: no audit entry per student


def test_the_printed_slips_serial(env: Env) -> None:
    s, ids = env
    (did,) = send(s, ids["g1"])
    (other,) = send(s, ids["g2"])
    with s.archive.db.atomic() as conn:
        for serial, kind, sid in (
            ("ZD2026000001", "handover_list", ids["g1"]),
            ("ZD2026000002", "handover_list", ids["g2"]),
            ("ZM2026000001", "enrolment_certificate", ids["g1"]),
        ):
            conn.execute(
                "INSERT INTO document_register (serial, kind, year, seq, student_id, template,"
                " issued_by, issued_at, content_digest, signature, batch_id)"
                " VALUES (?,?,2026,?,?,'t','test','2026-07-01T00:00:00Z','d','s','b')",
                (serial, kind, int(serial[-1]) + len(kind), sid),
            )
    e = refused(s, RecordInvalid, lambda: file_dispatch.set_dispatch_serial(s, did, "ZD2026000002"))
    assert codes(e) == {"serial_not_for_dispatch"}  # another student's slip
    refused(s, RecordInvalid, lambda: file_dispatch.set_dispatch_serial(s, did, "ZM2026000001"))
    refused(s, NotFound, lambda: file_dispatch.set_dispatch_serial(s, did, "ZD2026999999"))
    refused(s, RecordInvalid, lambda: file_dispatch.set_dispatch_serial(s, did, ""))
    file_dispatch.set_dispatch_serial(s, did, "ZD2026000001")
    file_dispatch.set_dispatch_serial(s, did, "ZD2026000001")  # the same again: nothing to do
    assert file_dispatch.get_dispatch(s, did).document_serial == "ZD2026000001"
    assert len(audit_rows(s, "file_dispatch_serial_set")) == 1
    file_dispatch.void_dispatch(s, other, reason="寄错")
    assert (
        unavailable(s, lambda: file_dispatch.set_dispatch_serial(s, other, "ZD2026000002"))
        == "voided"
    )


def test_voiding_a_dispatch_voids_its_slip(env: Env) -> None:
    """The printed 档案转递单 of a voided dispatch no longer verifies as valid: voided in the
    documents register in the same step, with the same reason and a ``document_voided`` entry."""
    s, ids = env
    conn = s.archive.db.conn
    (did,) = send(s, ids["g1"])
    (other,) = send(s, ids["g2"])
    with s.archive.db.atomic():
        for serial, sid, seq in (("ZD2026000001", ids["g1"], 1), ("ZD2026000002", ids["g2"], 2)):
            conn.execute(
                "INSERT INTO document_register (serial, kind, year, seq, student_id, template,"
                " issued_by, issued_at, content_digest, signature, batch_id)"
                " VALUES (?,'handover_list',2026,?,?,'t','test','2026-07-01T00:00:00Z','d','s',"
                "'b')",
                (serial, seq, sid),
            )
    file_dispatch.set_dispatch_serial(s, did, "ZD2026000001")
    file_dispatch.set_dispatch_serial(s, other, "ZD2026000002")
    file_dispatch.void_dispatch(s, did, reason="寄错单位")
    rows = dict(
        (r[0], (r[1] is not None, r[2]))
        for r in conn.execute("SELECT serial, voided_at, void_reason FROM document_register")
    )
    assert rows == {"ZD2026000001": (True, "寄错单位"), "ZD2026000002": (False, "")}
    voided_at = conn.execute(
        "SELECT d.voided_at = r.voided_at FROM file_dispatches d"
        " JOIN document_register r ON r.serial = d.document_serial WHERE d.id = ?",
        (did,),
    ).fetchone()[0]
    assert voided_at == 1  # one step, one time
    entries = conn.execute(
        "SELECT target_type, target_id, details FROM audit_log WHERE action = 'document_voided'"
    ).fetchall()
    assert [(t, i, json.loads(d)) for t, i, d in entries] == [
        ("document", "ZD2026000001", {"dispatch_id": did})
    ]
    # The file can be sent again and take a new slip.
    (again,) = send(s, ids["g1"], day="2026-07-05")
    assert file_dispatch.get_dispatch(s, again).document_serial is None
    # A slip voided before (closed unprinted) is left as it was.
    with s.archive.db.atomic():
        conn.execute(
            "UPDATE document_register SET voided_at = '2026-07-02T00:00:00Z',"
            " void_reason = '未打印' WHERE serial = 'ZD2026000002'"
        )
    file_dispatch.void_dispatch(s, other, reason="退回")
    assert conn.execute(
        "SELECT void_reason FROM document_register WHERE serial = 'ZD2026000002'"
    ).fetchone() == ("未打印",)
    assert (
        len(entries)
        == 1
        == len(conn.execute("SELECT 1 FROM audit_log WHERE action = 'document_voided'").fetchall())
    )


def test_reads_refuse_garbage(env: Env) -> None:
    s, _ = env
    for bad in (999, "1", None, True, 10**30, -5):
        with pytest.raises((NotFound, RecordInvalid)):
            file_dispatch.get_dispatch(s, bad)  # type: ignore[arg-type]
    for kw in ({"limit": -1}, {"awaiting_receipt": "x"}, {"batch_id": 5}, {"student_id": 999}):
        with pytest.raises((NotFound, RecordInvalid)):
            file_dispatch.list_dispatches(s, **kw)  # type: ignore[arg-type]


def test_audit_entries_carry_no_names(env: Env) -> None:
    s, ids = env
    (did,) = send(s, ids["g1"], receiver="张某某所在单位", carrier="王大明")
    file_dispatch.record_receipt(s, did, receipt_on="2026-07-02", signer="李签收")
    file_dispatch.void_dispatch(s, did, reason="张某某要求")
    file_loans.lend_file(s, ids["g1"], borrower="刘干事", purpose="政审", lent_on="2026-07-03")
    file_loans.return_file(s, ids["g1"], returned_on="2026-07-04")
    rows = s.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action LIKE 'file_%'"
    ).fetchall()
    assert len(rows) == 5
    text = " ".join(r[0] for r in rows)
    for name in ("毕业0", "张某某", "王大明", "李签收", "刘干事", CENTRE, "政审"):
        assert name not in text
    assert all(isinstance(json.loads(r[0]), dict) for r in rows)


@pytest.mark.parametrize(
    "code",
    [
        "due_before_lent",
        "due_too_far",
        "return_before_lent",
        "receipt_before_dispatch",
        "dispatch_no_required",
        "carrier_required",
        "duplicate_order",
        "too_many_orders",
        "serial_not_for_dispatch",
        "serial_already_recorded",
    ],
)
def test_every_problem_reads_as_a_sentence(code: str) -> None:
    from xueji_desktop.core.problems import Problem

    params = {
        "max_days": "366",
        "lent_on": "2025-10-09",
        "dispatched_on": "2026-07-01",
        "first": "1",
        "max": "2000",
        "serial": "ZD2026000001",
    }
    for lang in ("zh", "en"):
        text = problem_text(Problem("due_on", code, params=params), lang)
        assert "{" not in text and not INTERNAL.search(text), text
        assert bool(CJK.search(text)) == (lang == "zh"), text
    error = NotFound(kind="file_dispatch", id=3)
    assert "转递" in message_for(error, "zh") and "dispatch" in message_for(error, "en")
