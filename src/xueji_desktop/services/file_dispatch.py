"""档案转递: dispatching paper files (one student or a whole class in one batch), recording the
receipts (回执) that come back, voiding a mistaken dispatch, and storing the printed 档案转递单's
serial (docs/design/paper-files.md).

Rules: a file is sent only for a student who has left, not while it is on loan, not when the
school keeps it, and once (a mistaken or returned dispatch is voided with a reason, then the file
can be sent again). A batch is one transaction with one ``batch_id``: every order is checked
before anything is written, and one refusal writes nothing. Audit entries carry ids and codes
only (``file_dispatched``, ``file_receipt_recorded``, ``file_dispatch_voided``,
``file_dispatch_serial_set``). The records and the reads live in services/file_dispatch_read.py
and are importable from here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from xueji_desktop.core.errors import (
    NotFound,
    PaperFileUnavailable,
    ReasonRequired,
    RecordInvalid,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, documents_register
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch_read import (
    IN_SCHOOL,
    RECEIVER_KIND_LABELS,
    RECEIVER_KINDS,
    VIA_LABELS,
    VIAS,
    Dispatch,
    DispatchOrder,
    check_order_fields,
    dispatch_due,
    dispatch_orders_for_class,
    get_dispatch,
    list_dispatches,
    receipts_overdue,
    require_dispatch,
)
from xueji_desktop.services.file_loans import (
    MAX_ID,
    ensure_paper_file,
    file_state,
    student_label,
)
from xueji_desktop.services.records_common import MAX_REASON, Checks
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

__all__ = [
    "RECEIVER_KINDS",
    "RECEIVER_KIND_LABELS",
    "VIAS",
    "VIA_LABELS",
    "Dispatch",
    "DispatchOrder",
    "dispatch_due",
    "dispatch_files",
    "dispatch_orders_for_class",
    "get_dispatch",
    "list_dispatches",
    "receipts_overdue",
    "record_receipt",
    "set_dispatch_serial",
    "void_dispatch",
]

# A batch is a class or a year's leavers; more than this is a mistake in the caller.
MAX_BATCH = 2000
HANDOVER_KIND = "handover_list"  # the 档案转递单 of the documents register


def dispatch_files(
    session: Session, orders: Sequence[DispatchOrder], *, dispatched_on: str
) -> list[int]:
    """Send the files of ``orders`` on ``dispatched_on``: all or none, one ``batch_id``.
    Returns the dispatch ids in the orders' order."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    day = ck.date("dispatched_on", dispatched_on)
    if isinstance(orders, str | bytes) or not isinstance(orders, Sequence):
        ck.add("orders", "invalid_type", expected="list")
    elif not orders:
        ck.add("orders", "required")
    elif len(orders) > MAX_BATCH:
        ck.add("orders", "too_many_orders", max=MAX_BATCH)
    ck.done()
    checked: list[tuple[int, int, dict[str, str]]] = []
    for i, order in enumerate(orders):
        if not isinstance(order, DispatchOrder):
            ck.add(f"orders[{i}]", "invalid_type", expected="order")
            continue
        sid = order.student_id
        if isinstance(sid, bool) or not isinstance(sid, int):
            ck.add(f"orders[{i}].student_id", "invalid_type", expected="integer")
        checked.append((i, sid, check_order_fields(ck, f"orders[{i}].", order)))
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        first_seen: dict[int, int] = {}
        for i, sid, _ in checked:
            row = None
            if 0 < sid <= MAX_ID:
                row = conn.execute("SELECT voided FROM students WHERE id = ?", (sid,)).fetchone()
            if row is None:
                ck.add(f"orders[{i}].student_id", "not_found")
            elif row[0]:
                ck.add(f"orders[{i}].student_id", "record_voided")
            elif sid in first_seen:
                ck.add(f"orders[{i}].student_id", "duplicate_order", first=first_seen[sid] + 1)
            else:
                first_seen[sid] = i
        ck.done()
        for _, sid, _ in checked:
            _check_sendable(conn, sid)
        batch = uuid.uuid4().hex
        ts = now_utc()
        ids: list[int] = []
        for _, sid, f in checked:
            ensure_paper_file(conn, sid, ts, session.username)
            cur = conn.execute(
                "INSERT INTO file_dispatches (student_id, receiver_kind, receiver,"
                " receiver_address, via, dispatch_no, carrier, dispatched_on, dispatched_by,"
                " batch_id, remark) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (sid, f["receiver_kind"], f["receiver"], f["receiver_address"], f["via"],
                 f["dispatch_no"], f["carrier"], day, session.username, batch, f["remark"]),
            )  # fmt: skip
            ids.append(int(cur.lastrowid or 0))
            audit.record(
                h,
                session.username,
                "file_dispatched",
                target_type="student",
                target_id=sid,
                details={"dispatch_id": ids[-1], "batch_id": batch,
                         "receiver_kind": f["receiver_kind"], "via": f["via"]},
            )  # fmt: skip
    return ids


def _check_sendable(conn: Connection, student_id: int) -> None:
    """PaperFileUnavailable when the student's file cannot be sent now."""
    status = str(
        conn.execute("SELECT status FROM students WHERE id = ?", (student_id,)).fetchone()[0]
    )
    state = file_state(conn, student_id)
    reason = (
        "in_school" if status in IN_SCHOOL
        else "dispatched" if state.dispatch_id is not None
        else "on_loan" if state.loan_id is not None
        else "kept" if state.kept
        else ""
    )  # fmt: skip
    if reason:
        raise PaperFileUnavailable(reason=reason, student=student_label(conn, student_id))


def record_receipt(
    session: Session, dispatch_id: int, *, receipt_on: str, signer: str = "", remark: str = ""
) -> None:
    """The 回执 came back: recorded once, not before the dispatch date, not for a voided one."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    day = ck.date("receipt_on", receipt_on)
    who = ck.text("signer", signer, max_len=100)
    note = ck.text("remark", remark, max_len=500)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        d = require_dispatch(conn, dispatch_id)
        if d.voided_at is not None:
            raise PaperFileUnavailable(reason="voided", student=student_label(conn, d.student_id))
        if d.receipt_on is not None:
            raise PaperFileUnavailable(
                reason="receipt_recorded", student=student_label(conn, d.student_id)
            )
        if day < d.dispatched_on:
            raise RecordInvalid(
                problems=[
                    Problem(
                        "receipt_on",
                        "receipt_before_dispatch",
                        params={"dispatched_on": d.dispatched_on},
                    )
                ]
            )
        conn.execute(
            "UPDATE file_dispatches SET receipt_on = ?, receipt_signer = ?, receipt_by = ?,"
            " receipt_remark = ? WHERE id = ?",
            (day, who, session.username, note, d.id),
        )
        audit.record(
            h,
            session.username,
            "file_receipt_recorded",
            target_type="student",
            target_id=d.student_id,
            details={"dispatch_id": d.id, "receipt_on": day},
        )


def void_dispatch(session: Session, dispatch_id: int, *, reason: str) -> None:
    """Void a mistaken or returned dispatch (with a reason); the file may then be sent again.
    The reason stays on the row; the audit entry carries only the ids. The dispatch's 档案转递单,
    if one was issued, is voided in the documents register with the same reason."""
    session.require(Permission.WRITE_RECORDS)
    if not isinstance(reason, str) or not reason.strip():
        raise ReasonRequired(action="void_dispatch")
    why = reason.strip()
    if len(why) > MAX_REASON:
        raise RecordInvalid(
            problems=[Problem("reason", "too_long", params={"max_len": str(MAX_REASON)})]
        )
    h = session.archive
    with h.db.atomic() as conn:
        d = require_dispatch(conn, dispatch_id)
        if d.voided_at is not None:
            raise PaperFileUnavailable(reason="voided", student=student_label(conn, d.student_id))
        at = now_utc()
        conn.execute(
            "UPDATE file_dispatches SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
            (at, session.username, why, d.id),
        )
        audit.record(
            h,
            session.username,
            "file_dispatch_voided",
            target_type="student",
            target_id=d.student_id,
            details={"dispatch_id": d.id, "batch_id": d.batch_id},
        )
        # Its printed 档案转递单 goes with it: a live slip would verify as valid for a dispatch
        # the register says never happened, next to the new dispatch's own slip. Voided as
        # documents.void_documents does it (the register's void, a ``document_voided`` entry),
        # in this same transaction; the entry names the dispatch, not the reason, which is free
        # text (it may name a person) and stays on the register row and the dispatch row.
        if d.document_serial is not None and documents_register.void(
            conn, d.document_serial, why, at
        ):
            audit.record(
                h,
                session.username,
                "document_voided",
                target_type="document",
                target_id=d.document_serial,
                details={"dispatch_id": d.id},
            )


def slip_is_live(conn: Connection, serial: str) -> bool:
    """Whether the 档案转递单 ``serial`` still stands: a slip voided in the documents register
    (printed wrong, lost) frees its dispatch for a new one."""
    row = conn.execute(
        "SELECT voided_at FROM document_register WHERE serial = ?", (serial,)
    ).fetchone()
    return row is not None and row[0] is None


def set_dispatch_serial(session: Session, dispatch_id: int, serial: str) -> None:
    """Store the serial of the 档案转递单 issued for this dispatch (once). The serial must be a
    live ``handover_list`` of the same student in the documents register."""
    session.require(Permission.PRINT)
    ck = Checks()
    text = ck.text("serial", serial, required=True, max_len=40)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        d = require_dispatch(conn, dispatch_id)
        if d.voided_at is not None:
            raise PaperFileUnavailable(reason="voided", student=student_label(conn, d.student_id))
        doc = conn.execute(
            "SELECT kind, student_id, voided_at FROM document_register WHERE serial = ?", (text,)
        ).fetchone()
        if doc is None:
            raise NotFound(kind="document", id=text)
        if doc[0] != HANDOVER_KIND or doc[1] != d.student_id or doc[2] is not None:
            raise RecordInvalid(problems=[Problem("serial", "serial_not_for_dispatch")])
        if d.document_serial == text:
            return
        if d.document_serial is not None and slip_is_live(conn, d.document_serial):
            raise RecordInvalid(
                problems=[Problem("serial", "serial_already_recorded",
                                  params={"serial": d.document_serial})]
            )  # fmt: skip
        conn.execute("UPDATE file_dispatches SET document_serial = ? WHERE id = ?", (text, d.id))
        audit.record(
            h,
            session.username,
            "file_dispatch_serial_set",
            target_type="student",
            target_id=d.student_id,
            details={"dispatch_id": d.id, "serial": text},
        )
