""" "Where is my file?" (档案去向): one answer per student from the paper-file registers, and the
shelf lists of the archive room.

``locate`` searches every student the archive ever held (graduates decades back, every status)
through the search index: name, former name, 学号, 学籍号 or ID number. Each answer says where the
file is now (``state``) and how it got there (``events``, oldest first). Reading it is audited
like a record view (``file_located``: ids only, never the words searched for).

The state, first match wins: a live dispatch = "dispatched" (the file has left the school); an
open loan = "on_loan"; kept = "kept" (归档保存, still in the room); a registered file =
"in_room"; no ``paper_files`` row = "unregistered" (a file from before the registers).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import NotFound
from xueji_desktop.core.name_keys import query_keys
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch import Dispatch, list_dispatches
from xueji_desktop.services.file_loans import Loan, checked_id, list_loans
from xueji_desktop.services.paper_file_rows import PLACE_FIELDS, Location, check_place
from xueji_desktop.services.records_common import Checks
from xueji_desktop.services.search import search_students
from xueji_desktop.storage.connection import Connection

STATES = ("in_room", "on_loan", "dispatched", "kept", "unregistered")
EVENT_KINDS = (
    "received",
    "located",
    "kept",
    "lent",
    "returned",
    "dispatched",
    "receipt",
    "dispatch_voided",
)
MAX_TEXT = 100
MAX_LOCATE = 500


@dataclass(frozen=True, slots=True)
class FileEvent:
    date: str  # ISO day
    kind: str  # one of EVENT_KINDS
    params: dict[str, object]


@dataclass(frozen=True, slots=True)
class Whereabouts:
    student_id: int
    name: str
    student_no: str
    status: str
    class_name: str
    graduation_year: int | None  # the year of the graduation outcome, else the class's 届
    left_on: str | None  # the day the student left (None while in school)
    state: str  # one of STATES
    location: Location  # the last place on the shelf (kept after a dispatch, for the record)
    loan: Loan | None  # the open loan
    dispatch: Dispatch | None  # the live dispatch
    events: tuple[FileEvent, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class ShelfEntry:
    student_id: int
    name: str
    student_no: str
    class_name: str
    graduation_year: int | None
    status: str
    location: Location
    state: str


def _state(registered: bool, kept: bool, loan: bool, dispatch: bool) -> str:
    if dispatch:
        return "dispatched"
    if loan:
        return "on_loan"
    if kept:
        return "kept"
    return "in_room" if registered else "unregistered"


def _local_day(ts: object) -> str:
    """The clerk's day of a UTC entry time (a change at 07:30 in Beijing is 23:30Z the day
    before); the registers' own dates are days already."""
    text = str(ts)
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:10]
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone().date().isoformat()


def _year(graduation_date: str | None, class_year: int | None) -> int | None:
    text = graduation_date or ""
    if len(text) >= 4 and text[:4].isdigit():
        return int(text[:4])
    return None if class_year is None else int(class_year)


# -- one student ----------------------------------------------------------------------------------

_WHO_SQL = (
    "SELECT s.id, s.name, COALESCE(s.student_no, ''), s.status, COALESCE(c.name, ''),"
    " c.graduation_year, s.graduation_date,"
    " (SELECT sc.effective_date FROM status_changes sc WHERE sc.student_id = s.id"
    " AND sc.revoked = 0 AND sc.status_after NOT IN ('enrolled', 'on_leave', 'none')"
    " ORDER BY sc.effective_date DESC, sc.id DESC LIMIT 1)"
    " FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE s.id = ?"
)


def _events(
    conn: Connection, sid: int, loans: Sequence[Loan], dispatches: Sequence[Dispatch]
) -> tuple[FileEvent, ...]:
    found: list[tuple[str, int, FileEvent]] = []

    def add(date: str, kind: str, **params: object) -> None:
        found.append((date, EVENT_KINDS.index(kind), FileEvent(date, kind, params)))

    for day, iid, kind, source in conn.execute(
        "SELECT f.received_on, f.id, f.kind, f.source FROM file_intake_items i"
        " JOIN file_intakes f ON f.id = i.intake_id WHERE i.student_id = ? ORDER BY f.id",
        (sid,),
    ):
        add(str(day), "received", intake_id=int(iid), intake_kind=kind, source=source)
    # Place and kept from their history: each change (one timestamp) is one event with the
    # whole place after it.
    place = dict.fromkeys(PLACE_FIELDS, "")
    rows = conn.execute(
        "SELECT ts, field, new_value, reason FROM field_history WHERE student_id = ?"
        " AND entity = 'paper_file' ORDER BY ts, id",
        (sid,),
    ).fetchall()
    for i, (ts, fld, new, reason) in enumerate(rows):
        if fld == "kept":
            add(_local_day(ts), "kept", kept=new == "1", reason=reason)
        elif fld in place:
            place[fld] = new or ""
            if i + 1 == len(rows) or rows[i + 1][0] != ts or rows[i + 1][1] == "kept":
                add(_local_day(ts), "located", **place)
    for loan in reversed(loans):
        add(
            loan.lent_on,
            "lent",
            loan_id=loan.id,
            borrower=loan.borrower,
            borrower_unit=loan.borrower_unit,
            purpose=loan.purpose,
            due_on=loan.due_on,
        )
        if loan.returned_on:
            add(loan.returned_on, "returned", loan_id=loan.id)
    for d in reversed(dispatches):
        add(
            d.dispatched_on,
            "dispatched",
            dispatch_id=d.id,
            receiver_kind=d.receiver_kind,
            receiver=d.receiver,
            via=d.via,
            dispatch_no=d.dispatch_no,
            carrier=d.carrier,
        )
        if d.receipt_on:
            add(d.receipt_on, "receipt", dispatch_id=d.id, signer=d.receipt_signer)
        if d.voided_at:
            add(_local_day(d.voided_at), "dispatch_voided", dispatch_id=d.id, reason=d.void_reason)
    found.sort(key=lambda e: (e[0], e[1]))
    return tuple(e[2] for e in found)


def _whereabouts(session: Session, sid: int) -> Whereabouts:
    conn = session.archive.db.conn
    who = conn.execute(_WHO_SQL, (sid,)).fetchone()
    if who is None:
        raise NotFound(kind="student", id=sid)
    pf = conn.execute(
        "SELECT cabinet, shelf, box, kept FROM paper_files WHERE student_id = ?", (sid,)
    ).fetchone()
    loans = list_loans(session, student_id=sid)
    dispatches = list_dispatches(session, student_id=sid, include_voided=True)
    loan = next((x for x in loans if x.returned_on is None), None)
    dispatch = next((d for d in dispatches if d.voided_at is None), None)
    status = str(who[3])
    left = status in lifecycle.LEFT_STATES
    return Whereabouts(
        student_id=sid,
        name=str(who[1]),
        student_no=str(who[2]),
        status=status,
        class_name=str(who[4]),
        graduation_year=_year(who[6], who[5]),
        left_on=(who[7] or who[6] or None) if left else None,
        state=_state(pf is not None, bool(pf and pf[3]), loan is not None, dispatch is not None),
        location=Location() if pf is None else Location(str(pf[0]), str(pf[1]), str(pf[2])),
        loan=loan,
        dispatch=dispatch,
        events=_events(conn, sid, loans, dispatches),
    )


def whereabouts(session: Session, student_id: int) -> Whereabouts:
    """Where the student's paper file is and its story; audited as ``file_located``."""
    session.require(Permission.READ_RECORDS)
    sid = checked_id("student", student_id)
    found = _whereabouts(session, sid)
    h = session.archive
    with h.db.atomic():
        audit.record(
            h,
            session.username,
            "file_located",
            target_type="student",
            target_id=sid,
            details={"state": found.state},
        )
    return found


def locate(session: Session, text: str, *, limit: int = 50) -> list[Whereabouts]:
    """Every student matching ``text`` (name, former name, 学号, 学籍号, ID number; any status,
    any year) with where the file is, best matches first. One audit entry with the ids found."""
    session.require(Permission.READ_RECORDS)
    ck = Checks()
    query = ck.text("text", text, max_len=MAX_TEXT)
    most = ck.integer("limit", limit, low=1, high=MAX_LOCATE)
    ck.done()
    if not query_keys(query):
        # Nothing searchable (only punctuation, a lone pinyin apostrophe): search_students would
        # list everybody, as it does for an empty text, and this would audit them all.
        return []
    hits = search_students(session, query, limit=most)
    found = [_whereabouts(session, hit.student_id) for hit in hits]
    if found:
        h = session.archive
        ids = [w.student_id for w in found]
        with h.db.atomic():
            audit.record(
                h,
                session.username,
                "file_located",
                target_type="student",
                details={"count": len(ids), "student_ids": ids},
            )
    return found


# -- shelf lists ----------------------------------------------------------------------------------

_PARTS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """ "2" < "10", "A2" < "A10"; an empty place sorts last."""
    parts: list[tuple[int, int, str]] = []
    for part in _PARTS.split(text.casefold()):
        if not part:
            continue
        parts.append((0, int(part), part) if part.isdigit() else (1, 0, part))
    return (not text, tuple(parts))


def shelf_list(
    session: Session,
    *,
    cabinet: str | None = None,
    shelf: str | None = None,
    box: str | None = None,
    class_group_id: int | None = None,
) -> list[ShelfEntry]:
    """The registered files at a place (each given part matches exactly; "" = not set) or of a
    class, by cabinet, shelf, box (natural order: "2" before "10") and 学号."""
    session.require(Permission.READ_RECORDS)
    ck = Checks()
    where = ["s.voided = 0"]
    params: list[object] = []
    for part, value in zip(PLACE_FIELDS, (cabinet, shelf, box), strict=True):
        if value is not None:
            where.append(f"p.{part} = ?")
            params.append(check_place(ck, part, value))
    if class_group_id is not None:
        where.append("s.class_group_id = ?")
        params.append(ck.integer("class_group_id", class_group_id, low=1, high=2**62))
    ck.done()
    rows = session.archive.db.conn.execute(
        "SELECT s.id, s.name, COALESCE(s.student_no, ''), COALESCE(c.name, ''),"  # noqa: S608
        " c.graduation_year, s.graduation_date, s.status, p.cabinet, p.shelf, p.box, p.kept,"
        " EXISTS (SELECT 1 FROM file_loans l WHERE l.student_id = s.id"
        " AND l.returned_on IS NULL),"
        " EXISTS (SELECT 1 FROM file_dispatches d WHERE d.student_id = s.id"
        " AND d.voided_at IS NULL)"
        " FROM paper_files p JOIN students s ON s.id = p.student_id"
        f" LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE {' AND '.join(where)}",
        params,
    ).fetchall()
    entries = [
        ShelfEntry(
            student_id=int(r[0]),
            name=str(r[1]),
            student_no=str(r[2]),
            class_name=str(r[3]),
            graduation_year=_year(r[5], r[4]),
            status=str(r[6]),
            location=Location(str(r[7]), str(r[8]), str(r[9])),
            state=_state(True, bool(r[10]), bool(r[11]), bool(r[12])),
        )
        for r in rows
    ]
    entries.sort(
        key=lambda e: (
            natural_key(e.location.cabinet),
            natural_key(e.location.shelf),
            natural_key(e.location.box),
            natural_key(e.student_no),
            e.student_id,
        )
    )
    return entries
