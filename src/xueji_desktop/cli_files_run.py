"""``xueji file receive|lend|return|dispatch|receipt|void-dispatch|shelve|keep``: the register
steps (cli_files has the parsers and the contract). Each step is one service call, so one
transaction: a refusal leaves the archive as it was."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import replace

from xueji_desktop.cli_files import text, today
from xueji_desktop.cli_input import class_id, column, out, resolve_student
from xueji_desktop.core.errors import NotFound, PaperFileUnavailable, RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.messages import message_for
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.context import Session

# A batch's problems name their row: "items[3].contents", "orders[0].dispatch_no".
_ROW_FIELD = re.compile(r"^(?:items|orders)\[(\d+)\]\.?(.*)$")


def cmd_register(args: argparse.Namespace, session: Session) -> int:
    verb = args.file_command
    if verb == "receive":
        return _receive(args, session)
    if verb in ("lend", "return"):
        return _loan_step(args, session)
    if verb == "dispatch":
        return _dispatch(args, session)
    if verb in ("receipt", "void-dispatch"):
        return _receipt_or_void(args, session)
    if verb == "shelve":
        return _shelve(args, session)
    return _keep(args, session)


# -- naming students ----------------------------------------------------------------------------


def students_of(args: argparse.Namespace, session: Session) -> list[tuple[int, str]]:
    """(record id, label) of the named students (the reference as given) or of the class
    ("学号 姓名"); the label names the student in problems and previews."""
    if args.class_group is not None:
        from xueji_desktop.services.search import search_students

        cid = class_id(session, args.class_group)
        hits = search_students(session, "", class_group_id=cid, limit=5000)
        return [(h.student_id, f"{h.student_no or '#' + str(h.student_id)} {h.name}") for h in hits]
    found: dict[int, str] = {}
    for ref in args.students:
        found.setdefault(resolve_student(session, ref), ref.strip())
    return list(found.items())


def row_refusal(args: argparse.Namespace, exc: RecordInvalid, labels: Sequence[str]) -> int:
    """A refused batch: each problem said with the student it is about (exit 1)."""
    docs = []
    for p in exc.problems:
        match = _ROW_FIELD.match(p.field)
        who = ""
        if match:
            index = int(match.group(1))
            who = labels[index] if index < len(labels) else ""
            p = Problem(match.group(2), p.code, p.severity, p.params)
        docs.append({"field": column(p.field), "code": p.code, "severity": p.severity,
                     "message": problem_text(p), "student": who})  # fmt: skip
    if getattr(args, "json", False):
        doc = {"ok": False, "error": exc.code, "message": message_for(exc), "problems": docs}
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        lines = [message_for(exc)]
        lines += [f"  {d['student'] + ' ' if d['student'] else ''}{d['message']}" for d in docs]
        sys.stderr.write("\n".join(lines) + "\n")
    return 1


# -- receiving ----------------------------------------------------------------------------------


def _type_codes(session: Session, sid: int) -> dict[str, str]:
    """Checklist type names and codes -> code (``照片`` and ``photo`` both mean photo)."""
    from xueji_desktop.services.attachments import document_checklist

    codes: dict[str, str] = {}
    for item in document_checklist(session, sid):
        codes[item.code] = item.code
        codes[item.name] = item.code
    return codes


def _receive(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import paper_files

    who = students_of(args, session)
    if not who:
        return plain_refusal(args, "class_empty")
    codes = _type_codes(session, who[0][0])
    contents: dict[str, int] = {}
    for given in args.contents:
        contents.update({codes.get(k, k): n for k, n in given.items()})
    missing = None if args.missing is None else [codes.get(k, k) for k in args.missing]
    items = [
        paper_files.IntakeItem(student_id=sid, contents=contents, missing=missing) for sid, _ in who
    ]
    location = None
    if args.cabinet is not None or args.shelf is not None or args.box is not None:
        location = paper_files.Location(args.cabinet or "", args.shelf or "", args.box or "")
    try:
        intake_id = paper_files.receive_files(
            session,
            kind=args.kind,
            source=args.source,
            received_on=today(args.date),
            items=items,
            delivered_by=args.delivered_by,
            remark=args.remark,
            location=location,
        )
    except RecordInvalid as exc:
        return row_refusal(args, exc, [ref for _, ref in who])
    payload = {"ok": True, "intake_id": intake_id, "students": len(items)}
    out(args, payload, text("received", count=len(items), id=intake_id))
    return 0


# -- loans --------------------------------------------------------------------------------------


def _loan_step(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import file_loans

    sid = resolve_student(session, args.student)
    if args.file_command == "return":
        loan_id = file_loans.return_file(
            session, sid, returned_on=today(args.date), remark=args.remark
        )
        out(args, {"ok": True, "loan_id": loan_id}, text("returned"))
        return 0
    loan_id = file_loans.lend_file(
        session,
        sid,
        borrower=args.borrower,
        purpose=args.purpose,
        lent_on=today(args.date),
        due_on=args.due,
        borrower_unit=args.unit,
        remark=args.remark,
    )
    loans = file_loans.list_loans(session, open_only=True, student_id=sid, limit=1)
    due = loans[0].due_on if loans else ""
    out(args, {"ok": True, "loan_id": loan_id, "due_on": due}, text("lent", id=loan_id, due_on=due))
    return 0


# -- dispatch -----------------------------------------------------------------------------------


def _dispatch(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import file_dispatch

    how = {
        "receiver_kind": args.receiver_kind,
        "receiver": args.receiver,
        "via": args.via,
        "receiver_address": args.address,
        "dispatch_no": args.dispatch_no,
        "carrier": args.carrier,
    }
    if args.class_group is not None:
        cid = int(class_id(session, args.class_group) or 0)
        orders = file_dispatch.dispatch_orders_for_class(session, cid, **how)
        if args.remark:
            orders = [replace(o, remark=args.remark) for o in orders]
        names = dict(students_of(args, session))
        # Not names.get(): tests/test_messages_complete reads every `get(…)` call's arguments.
        labels = [names[o.student_id] if o.student_id in names else "" for o in orders]  # noqa: SIM401
    else:
        who = students_of(args, session)
        orders = [
            file_dispatch.DispatchOrder(student_id=sid, remark=args.remark, **how) for sid, _ in who
        ]
        labels = [ref for _, ref in who]
    if not orders:
        return plain_refusal(args, "nothing_to_dispatch")
    if args.dry_run:
        rows = [
            {"student_id": o.student_id, "student": lab}
            for o, lab in zip(orders, labels, strict=True)
        ]
        lines = [text("dispatch_preview", count=len(rows)), *labels]
        out(args, {"ok": True, "dry_run": True, "students": rows}, "\n".join(lines))
        return 0
    try:
        ids = file_dispatch.dispatch_files(session, orders, dispatched_on=today(args.date))
    except RecordInvalid as exc:
        return row_refusal(args, exc, labels)
    batch = file_dispatch.get_dispatch(session, ids[0]).batch_id if ids else ""
    payload = {"ok": True, "dry_run": False, "dispatch_ids": ids, "batch_id": batch}
    if len(ids) == 1:
        line = text("dispatched_one", first=ids[0])
    else:
        line = text("dispatched", count=len(ids), first=min(ids), last=max(ids))
    out(args, payload, line)
    return 0


def plain_refusal(args: argparse.Namespace, code: str) -> int:
    """A refusal that is no archive error (nobody to act on): its sentence, exit 1."""
    message = text(code)
    if getattr(args, "json", False):
        doc = {"ok": False, "error": code, "message": message, "problems": []}
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        sys.stderr.write(message + "\n")
    return 1


def live_dispatch(args: argparse.Namespace, session: Session) -> int:
    """The dispatch named by ``--dispatch`` or the student's live one."""
    from xueji_desktop.services import file_dispatch

    if args.dispatch is not None:
        return int(args.dispatch)
    sid = resolve_student(session, args.student)
    every = file_dispatch.list_dispatches(session, student_id=sid, include_voided=True, limit=50)
    live = [d for d in every if d.voided_at is None]
    if live:
        return live[0].id
    if args.file_command == "void-dispatch":
        raise NotFound(kind="file_dispatch", id=args.student.strip()[:40])
    who = f"{every[0].name}（{every[0].student_no}）" if every else args.student.strip()[:40]
    raise PaperFileUnavailable(reason="not_dispatched", student=who)


def _receipt_or_void(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import file_dispatch

    dispatch_id = live_dispatch(args, session)
    if args.file_command == "receipt":
        file_dispatch.record_receipt(
            session, dispatch_id, receipt_on=today(args.date), signer=args.signer,
            remark=args.remark,
        )  # fmt: skip
        out(args, {"ok": True, "dispatch_id": dispatch_id}, text("receipt_recorded"))
        return 0
    file_dispatch.void_dispatch(session, dispatch_id, reason=args.reason)
    out(args, {"ok": True, "dispatch_id": dispatch_id}, text("dispatch_voided"))
    return 0


# -- place and keeping ----------------------------------------------------------------------------


def _shelve(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import paper_files

    who = students_of(args, session)
    if not who:
        return plain_refusal(args, "class_empty")
    changed = paper_files.set_location(
        session,
        [sid for sid, _ in who],
        cabinet=args.cabinet,
        shelf=args.shelf or "",
        box=args.box or "",
    )
    line = text("shelved", count=changed) if changed else text("shelved_none")
    out(args, {"ok": True, "changed": changed, "students": len(who)}, line)
    return 0


def _keep(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import paper_files

    sid = resolve_student(session, args.student)
    paper_files.set_kept(session, sid, not args.undo, reason=args.reason)
    out(args, {"ok": True, "kept": not args.undo}, text("unkept" if args.undo else "kept"))
    return 0
