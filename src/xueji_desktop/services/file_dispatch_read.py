"""档案转递: the dispatch register's records and its reads (lists, receipts overdue, files due to
be sent). The writes are in services/file_dispatch.py, which re-exports everything here.

"Live" means not voided: at most one live dispatch per student (a unique partial index). A
student "has left" in any status but 在籍 and 休学.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import NotFound
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_loans import (
    MAX_ID,
    MAX_LIST,
    check_today,
    checked_id,
    existing_student,
)
from xueji_desktop.services.records_common import Checks, fetch_by_id, require_id
from xueji_desktop.storage.connection import Connection

RECEIVER_KINDS = ("school", "employer", "talent_centre", "hukou_place", "military", "other")
VIAS = ("confidential_mail", "in_person", "other")
IN_SCHOOL = ("enrolled", "on_leave")
# The clerk's words for the codes, (zh, en): what a problem lists (never the code names).
RECEIVER_KIND_LABELS: dict[str, tuple[str, str]] = {
    "school": ("升学学校", "next school"),
    "employer": ("工作单位", "employer"),
    "talent_centre": ("人才中心", "talent centre"),
    "hukou_place": ("户籍所在地", "household registration office"),
    "military": ("部队", "military unit"),
    "other": ("其他单位", "other receiver"),
}
VIA_LABELS: dict[str, tuple[str, str]] = {
    "confidential_mail": ("机要", "confidential mail"),
    "in_person": ("专人送达", "in person"),
    "other": ("其他方式", "other means"),
}
# Until services/calendar_settings exists the receipt wait is the design's default.
DEFAULT_RECEIPT_WAIT_DAYS = 60


@dataclass(frozen=True, slots=True)
class DispatchOrder:
    """One student's file to send: whom to, how (机要 needs ``dispatch_no``, in person needs the
    receiver's name in ``carrier``)."""

    student_id: int
    receiver_kind: str
    receiver: str
    via: str
    receiver_address: str = ""
    dispatch_no: str = ""
    carrier: str = ""
    remark: str = ""


@dataclass(frozen=True, slots=True)
class Dispatch:
    id: int
    student_id: int
    name: str
    student_no: str
    receiver_kind: str
    receiver: str
    receiver_address: str
    via: str
    dispatch_no: str
    carrier: str
    dispatched_on: str
    dispatched_by: str
    batch_id: str
    remark: str
    document_serial: str | None
    receipt_on: str | None
    receipt_signer: str
    receipt_remark: str
    voided_at: str | None
    void_reason: str


DISPATCH_SQL = (
    "SELECT d.id, d.student_id, s.name, s.student_no, d.receiver_kind, d.receiver,"
    " d.receiver_address, d.via, d.dispatch_no, d.carrier, d.dispatched_on, d.dispatched_by,"
    " d.batch_id, d.remark, d.document_serial, d.receipt_on, d.receipt_signer, d.receipt_remark,"
    " d.voided_at, d.void_reason FROM file_dispatches d JOIN students s ON s.id = d.student_id"
)


def dispatch_from_row(row: Sequence[Any]) -> Dispatch:
    return Dispatch(int(row[0]), int(row[1]), *row[2:])


def require_dispatch(conn: Connection, dispatch_id: object) -> Dispatch:
    """The dispatch, or NotFound(kind="file_dispatch")."""
    rid = require_id("dispatch", dispatch_id)
    if not 0 < rid <= MAX_ID:
        raise NotFound(kind="file_dispatch", id=rid)
    row = conn.execute(DISPATCH_SQL + " WHERE d.id = ?", (rid,)).fetchone()
    if row is None:
        raise NotFound(kind="file_dispatch", id=rid)
    return dispatch_from_row(row)


def get_dispatch(session: Session, dispatch_id: int) -> Dispatch:
    session.require(Permission.READ_RECORDS)
    return require_dispatch(session.archive.db.conn, dispatch_id)


def list_dispatches(
    session: Session,
    *,
    student_id: int | None = None,
    batch_id: str | None = None,
    awaiting_receipt: bool = False,
    include_voided: bool = False,
    limit: int = 500,
) -> list[Dispatch]:
    """The dispatch register, newest first; voided entries only when asked; ``awaiting_receipt``
    keeps the live dispatches without a receipt."""
    session.require(Permission.READ_RECORDS)
    ck = Checks()
    waiting = ck.flag("awaiting_receipt", awaiting_receipt)
    voided = ck.flag("include_voided", include_voided)
    most = ck.integer("limit", limit, low=1, high=MAX_LIST)
    batch = None if batch_id is None else ck.text("batch_id", batch_id, max_len=64)
    ck.done()
    conn = session.archive.db.conn
    where: list[str] = []
    params: list[object] = []
    if student_id is not None:
        where.append("d.student_id = ?")
        params.append(existing_student(conn, student_id))
    if batch is not None:
        where.append("d.batch_id = ?")
        params.append(batch)
    if not voided:
        where.append("d.voided_at IS NULL")
    if waiting:
        where.append("d.voided_at IS NULL AND d.receipt_on IS NULL")
    sql = DISPATCH_SQL + (" WHERE " + " AND ".join(where) if where else "")
    rows = conn.execute(sql + " ORDER BY d.dispatched_on DESC, d.id DESC LIMIT ?", (*params, most))
    return [dispatch_from_row(r) for r in rows]


def receipts_overdue(session: Session, *, today: datetime.date) -> list[Dispatch]:
    """Live dispatches without a receipt whose wait (the calendar's receipt period) ended before
    ``today`` (the caller's clock), the oldest first."""
    session.require(Permission.READ_RECORDS)
    day = datetime.date.fromisoformat(check_today(today))
    cutoff = (day - datetime.timedelta(_receipt_wait_days(session))).isoformat()
    rows = session.archive.db.conn.execute(
        DISPATCH_SQL + " WHERE d.voided_at IS NULL AND d.receipt_on IS NULL"
        " AND d.dispatched_on < ? AND s.voided = 0 ORDER BY d.dispatched_on, d.id",
        (cutoff,),
    )
    return [dispatch_from_row(r) for r in rows]


# A student who has left, is not voided, has no live dispatch and whose file is not kept.
DUE_WHERE = (
    "s.voided = 0 AND s.status NOT IN ('enrolled', 'on_leave')"
    " AND NOT EXISTS (SELECT 1 FROM file_dispatches d WHERE d.student_id = s.id"
    " AND d.voided_at IS NULL)"
    " AND NOT EXISTS (SELECT 1 FROM paper_files p WHERE p.student_id = s.id AND p.kept = 1)"
)


def dispatch_due(session: Session) -> list[int]:
    """Ids of the students whose file should be sent on: left, not sent, not kept (学号 order)."""
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        f"SELECT s.id FROM students s WHERE {DUE_WHERE} ORDER BY s.student_no, s.id"  # noqa: S608
    )
    return [int(r[0]) for r in rows]


@dataclass(frozen=True, slots=True)
class DueRow:
    """One line of 待转递: a student whose file should be sent on, with what the list shows."""

    student_id: int
    name: str
    student_no: str
    class_name: str
    status: str
    left_on: str | None  # the effective day of the status change that took the student out


# The day the student left: the last standing status change out of school (file_locate's rule).
_LEFT_ON = (
    "(SELECT sc.effective_date FROM status_changes sc WHERE sc.student_id = s.id"
    " AND sc.revoked = 0 AND sc.status_after NOT IN ('enrolled', 'on_leave', 'none')"
    " ORDER BY sc.effective_date DESC, sc.id DESC LIMIT 1)"
)
_DUE_ROWS_SQL = (
    "SELECT s.id, s.name, COALESCE(s.student_no, ''), COALESCE(c.name, ''), s.status, "  # noqa: S608
    + _LEFT_ON
    + " FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE "
    + DUE_WHERE
    + " ORDER BY s.student_no, s.id"
)


def dispatch_due_rows(session: Session) -> list[DueRow]:
    """``dispatch_due`` with the names the list shows, in one query (学号 order).

    Not audited per student: it is a list of names like the student list, not a record view
    (after a graduation it holds hundreds of students; ``whereabouts`` would audit each one)."""
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(_DUE_ROWS_SQL)
    # left_on is NULL for a student whose status was set without a status change (an import).
    return [DueRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5]) for r in rows]


def dispatch_orders_for_class(
    session: Session,
    class_group_id: int,
    *,
    receiver_kind: str,
    receiver: str,
    via: str,
    receiver_address: str = "",
    dispatch_no: str = "",
    carrier: str = "",
) -> list[DispatchOrder]:
    """A batch dispatch's orders: one per student of the class whose file is due to be sent and
    is not on loan, all to the same receiver (学号 order). Checked like a dispatch's order."""
    session.require(Permission.READ_RECORDS)
    ck = Checks()
    template = check_order_fields(
        ck,
        "",
        DispatchOrder(0, receiver_kind, receiver, via, receiver_address, dispatch_no, carrier),
    )
    ck.done()
    conn = session.archive.db.conn
    fetch_by_id(
        conn,
        "class_group",
        "SELECT id FROM class_groups",
        checked_id("class_group", class_group_id),
    )
    rows = conn.execute(
        f"SELECT s.id FROM students s WHERE s.class_group_id = ? AND {DUE_WHERE}"  # noqa: S608
        " AND NOT EXISTS (SELECT 1 FROM file_loans l WHERE l.student_id = s.id"
        " AND l.returned_on IS NULL) ORDER BY s.student_no, s.id",
        (class_group_id,),
    )
    t = template
    return [
        DispatchOrder(
            int(r[0]),
            t["receiver_kind"],
            t["receiver"],
            t["via"],
            t["receiver_address"],
            t["dispatch_no"],
            t["carrier"],
        )
        for r in rows
    ]


def check_order_fields(ck: Checks, prefix: str, order: DispatchOrder) -> dict[str, str]:
    """The order's text fields, normalised; problems under ``prefix`` + the field name."""
    out = {
        "receiver_kind": ck.choice(
            prefix + "receiver_kind", order.receiver_kind, RECEIVER_KINDS, RECEIVER_KIND_LABELS
        ),
        "receiver": ck.text(prefix + "receiver", order.receiver, required=True, max_len=200),
        "via": ck.choice(prefix + "via", order.via, VIAS, VIA_LABELS),
        "receiver_address": ck.text(
            prefix + "receiver_address", order.receiver_address, max_len=300
        ),
        "dispatch_no": ck.text(prefix + "dispatch_no", order.dispatch_no, max_len=60),
        "carrier": ck.text(prefix + "carrier", order.carrier, max_len=60),
        "remark": ck.text(prefix + "remark", order.remark, max_len=500),
    }
    if out["via"] == "confidential_mail" and not out["dispatch_no"]:
        ck.add(prefix + "dispatch_no", "dispatch_no_required")
    if out["via"] == "in_person" and not out["carrier"]:
        ck.add(prefix + "carrier", "carrier_required")
    return out


def _receipt_wait_days(session: Session) -> int:
    """The calendar's receipt wait; the default until services/calendar_settings is there."""
    try:
        from xueji_desktop.services import calendar_settings
    except ModuleNotFoundError as exc:
        if exc.name != "xueji_desktop.services.calendar_settings":
            raise
        return DEFAULT_RECEIPT_WAIT_DAYS
    return int(calendar_settings.get_calendar(session).receipt_wait_days)
