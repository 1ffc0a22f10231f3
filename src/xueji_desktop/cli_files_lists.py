"""``xueji file locate|intakes|loans|dispatches``: the reads of the paper-file registers
(cli_files has the parsers and the contract). JSON keys are the services' field names; every
stored kind also comes with its label (``state`` + ``state_name``)."""

from __future__ import annotations

import argparse
import datetime
from types import SimpleNamespace
from typing import Any

from xueji_desktop.cli_files import label, place_of, place_text, text, today
from xueji_desktop.cli_input import out, resolve_student
from xueji_desktop.messages import language, status_label
from xueji_desktop.services.context import Session

PLACE = ("cabinet", "shelf", "box")


def cmd_list(args: argparse.Namespace, session: Session) -> int:
    verb = args.file_command
    if verb == "locate":
        return _locate(args, session)
    if verb == "intakes":
        return _intakes(args, session)
    if verb == "loans":
        return _loans(args, session)
    return _dispatches(args, session)


# -- JSON of the services' records --------------------------------------------------------------


def loan_json(loan: Any) -> dict[str, Any]:
    return {
        "id": loan.id,
        "student_id": loan.student_id,
        "student_no": loan.student_no,
        "name": loan.name,
        "borrower": loan.borrower,
        "borrower_unit": loan.borrower_unit,
        "purpose": loan.purpose,
        "lent_on": loan.lent_on,
        "due_on": loan.due_on,
        "lent_by": loan.lent_by,
        "remark": loan.remark,
        "returned_on": loan.returned_on,
        "returned_by": loan.returned_by,
        "return_remark": loan.return_remark,
    }


def dispatch_json(d: Any) -> dict[str, Any]:
    return {
        "id": d.id,
        "student_id": d.student_id,
        "student_no": d.student_no,
        "name": d.name,
        "receiver_kind": d.receiver_kind,
        "receiver_kind_name": label("receiver", d.receiver_kind),
        "receiver": d.receiver,
        "receiver_address": d.receiver_address,
        "via": d.via,
        "via_name": label("via", d.via),
        "dispatch_no": d.dispatch_no,
        "carrier": d.carrier,
        "dispatched_on": d.dispatched_on,
        "dispatched_by": d.dispatched_by,
        "batch_id": d.batch_id,
        "remark": d.remark,
        "document_serial": d.document_serial,
        "receipt_on": d.receipt_on,
        "receipt_signer": d.receipt_signer,
        "receipt_remark": d.receipt_remark,
        "voided_at": d.voided_at,
        "void_reason": d.void_reason,
    }


def whereabouts_json(w: Any) -> dict[str, Any]:
    return {
        "student_id": w.student_id,
        "student_no": w.student_no,
        "name": w.name,
        "status": w.status,
        "status_name": status_label(w.status),
        "class_name": w.class_name,
        "graduation_year": w.graduation_year,
        "left_on": w.left_on,
        "state": w.state,
        "state_name": label("state", w.state),
        "location": place_of(w.location),
        "loan": loan_json(w.loan) if w.loan is not None else None,
        "dispatch": dispatch_json(w.dispatch) if w.dispatch is not None else None,
        "events": [
            {
                "date": e.date,
                "kind": e.kind,
                "kind_name": label("event", e.kind),
                "params": dict(e.params),
            }
            for e in w.events
        ],
    }


# -- locate ---------------------------------------------------------------------------------------


def where_text(w: Any, day: str) -> str:
    """One sentence: where the student's paper file is now."""
    if w.state == "on_loan" and w.loan is not None:
        loan = w.loan
        late = text("overdue_mark") if loan.due_on < day else ""
        unit = text("unit", unit=loan.borrower_unit) if loan.borrower_unit else ""
        return text("where_on_loan", borrower=loan.borrower, unit=unit, lent_on=loan.lent_on,
                    due_on=loan.due_on, overdue=late)  # fmt: skip
    if w.state == "dispatched" and w.dispatch is not None:
        d = w.dispatch
        number = f" {d.dispatch_no}" if d.dispatch_no else ""
        number = number or (text("collector", name=d.carrier) if d.carrier else "")
        receipt = (
            text("receipt_back", receipt_on=d.receipt_on) if d.receipt_on
            else text("receipt_missing")
        )  # fmt: skip
        return text("where_dispatched", dispatched_on=d.dispatched_on, receiver=d.receiver,
                    receiver_kind=label("receiver", d.receiver_kind), via=label("via", d.via),
                    number=number, receipt=receipt)  # fmt: skip
    if w.state == "kept":
        return text("where_kept", place=place_text(w.location))
    if w.state == "in_room":
        return text("where_in_room", place=place_text(w.location))
    return text("where_unregistered")


def _who(w: Any) -> str:
    status = status_label(w.status)
    if w.left_on:
        status = text("who_left", status=status, left_on=w.left_on)
    return text("who", name=w.name, student_no=w.student_no or f"#{w.student_id}",
                class_name=w.class_name or "—", status=status)  # fmt: skip


def _locate(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import paper_files

    found = paper_files.locate(session, args.text, limit=args.limit)
    day = datetime.date.today().isoformat()
    lines = []
    for w in found:
        lines.append(text("locate_line", who=_who(w), where=where_text(w, day)))
        lines += [
            text("event_line", date=e.date, kind=label("event", e.kind), detail=_detail(e))
            for e in w.events
        ]
    payload = {"ok": True, "students": [whereabouts_json(w) for w in found]}
    out(args, payload, "\n".join(lines) or text("no_match", text=args.text[:40]))
    return 0


def _detail(event: Any) -> str:
    """A few words after an event's date and kind: from whom, to whom, where, why."""
    p, kind = event.params, event.kind
    words: list[str] = []
    if kind == "received":
        words = [str(p.get("source", ""))]
    elif kind == "located":
        words = [place_text(SimpleNamespace(**{k: p.get(k, "") for k in PLACE}))]
    elif kind == "lent":
        words = [str(p.get("borrower", "")), str(p.get("purpose", ""))]
    elif kind == "dispatched":
        words = [str(p.get("receiver", ""))]
    elif kind == "kept" and not p.get("kept", True):
        return text("kept_undone")
    elif kind in ("kept", "dispatch_voided"):
        words = [str(p.get("reason", ""))]
    zh = language() == "zh"
    shown = ("，" if zh else ", ").join(w for w in words if w)
    return (("：" if zh else ": ") + shown) if shown else ""


# -- the registers -------------------------------------------------------------------------------


def _intakes(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import paper_files

    rows = [
        {"id": i.id, "kind": i.kind, "kind_name": label("intake", i.kind), "source": i.source,
         "received_on": i.received_on, "delivered_by": i.delivered_by,
         "received_by": i.received_by, "remark": i.remark, "created_at": i.created_at}
        for i in paper_files.list_intakes(session, limit=args.limit)
    ]  # fmt: skip
    lines = [
        text("intake_line", id=r["id"], received_on=r["received_on"], kind=r["kind_name"],
             source=r["source"], delivered_by=r["delivered_by"])
        for r in rows
    ]  # fmt: skip
    out(args, {"ok": True, "intakes": rows}, "\n".join(lines) or text("no_intakes"))
    return 0


def _loans(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import file_loans

    day = today(args.today)
    sid = resolve_student(session, args.student) if args.student else None
    if args.overdue:
        loans = file_loans.overdue_loans(session, today=datetime.date.fromisoformat(day))
        if sid is not None:
            loans = [x for x in loans if x.student_id == sid]
        loans = loans[: args.limit]
    else:
        loans = file_loans.list_loans(
            session, open_only=args.open, student_id=sid, limit=args.limit
        )
    rows = [loan_json(x) for x in loans]
    for row in rows:
        row["overdue"] = row["returned_on"] is None and row["due_on"] < day
    lines = []
    for r in rows:
        if r["returned_on"]:
            state = text("loan_returned", returned_on=r["returned_on"])
        else:
            state = text("loan_overdue" if r["overdue"] else "loan_open")
        unit = text("unit", unit=r["borrower_unit"]) if r["borrower_unit"] else ""
        lines.append(text("loan_line", state=state, unit=unit, **_plain(r)))
    empty = text("no_overdue" if args.overdue else "no_loans")
    out(args, {"ok": True, "today": day, "loans": rows}, "\n".join(lines) or empty)
    return 0


def _dispatches(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import file_dispatch

    sid = resolve_student(session, args.student) if args.student else None
    if args.overdue:
        day = today(args.today)
        found = file_dispatch.receipts_overdue(session, today=datetime.date.fromisoformat(day))
        found = [
            d for d in found
            if (sid is None or d.student_id == sid) and args.batch in (None, d.batch_id)
        ][: args.limit]  # fmt: skip
    else:
        found = file_dispatch.list_dispatches(
            session,
            student_id=sid,
            batch_id=args.batch,
            awaiting_receipt=args.awaiting_receipt,
            include_voided=args.include_voided,
            limit=args.limit,
        )
    rows = [dispatch_json(d) for d in found]
    lines = []
    for r in rows:
        if r["voided_at"]:
            state = text("dispatch_voided_state")
        elif r["receipt_on"]:
            state = text("receipt_back", receipt_on=r["receipt_on"])
        else:
            state = text("receipt_missing")
        number = f" {r['dispatch_no']}" if r["dispatch_no"] else ""
        lines.append(text("dispatch_line", state=state, via=r["via_name"], number=number,
                          **_plain(r)))  # fmt: skip
    empty = text("no_receipts_overdue" if args.overdue else "no_dispatches")
    out(args, {"ok": True, "dispatches": rows}, "\n".join(lines) or empty)
    return 0


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """The row without the keys the line's own placeholders fill."""
    return {k: v for k, v in row.items() if k not in ("state", "unit", "via", "number")}
