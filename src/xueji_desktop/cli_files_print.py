"""``xueji file print receipt|labels|shelf-list|slips``: the archive room's papers into one PDF
file (cli_files has the parsers and the contract).

The receipt, labels and shelf list are rendered in memory (services/room_papers.py) and written
once (owner-only, temp file + rename). The 档案转递单 (slips) are issued documents: numbered and
registered by services/dispatch_slips.py. The file's place is checked before anything is made:
its folder exists and is writable, and no file of that name is there unless ``--overwrite``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from xueji_desktop.cli_files import text
from xueji_desktop.cli_input import class_id, out
from xueji_desktop.core.errors import NotFound, OutputFileError
from xueji_desktop.services.context import Session


def _target(args: argparse.Namespace) -> Path:
    from xueji_desktop.services.documents_files import check_destination

    path = Path(args.out).expanduser()
    if path.is_dir():
        raise OutputFileError(path=str(path)[:200], reason="exists")
    check_destination(path.parent, [], overwrite=args.overwrite)
    if path.exists() and not args.overwrite:
        raise OutputFileError(path=str(path)[:200], reason="exists")
    return path


def _write(path: Path, data: bytes) -> None:
    from xueji_desktop.services.documents_files import os_reason
    from xueji_desktop.storage.files import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise OutputFileError(path=str(path)[:200], reason=os_reason(exc)) from None


def cmd_print(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import room_papers

    path = _target(args)
    verb = args.print_command
    serials: list[str] = []
    if verb == "receipt":
        pdf = room_papers.intake_receipt_pdf(
            session, args.intake_id, today=datetime.date.today(), mark_missing=args.mark_missing
        )
    elif verb in ("labels", "shelf-list"):
        place = {
            "cabinet": args.cabinet,
            "shelf": args.shelf,
            "box": args.box,
            "class_group_id": class_id(session, args.class_group),
            "mark_missing": args.mark_missing,
        }
        if verb == "labels":
            pdf = room_papers.box_labels_pdf(session, per_page=args.per_page, **place)
        else:
            pdf = room_papers.shelf_list_pdf(session, today=datetime.date.today(), **place)
    else:
        pdf, serials = _slips(args, session)
    try:
        _write(path, pdf)
    except OutputFileError as exc:
        if serials:  # issued and registered already: "nothing changed" would be untrue
            return _slips_unsaved(args, path, serials, exc)
        raise
    payload = {"ok": True, "files": [str(path)], "serials": serials}
    out(args, payload, text("printed", path=str(path)))
    return 0


def _slips(args: argparse.Namespace, session: Session) -> tuple[bytes, list[str]]:
    """The 档案转递单 of the dispatches named, or of a batch's dispatches not yet printed."""
    from xueji_desktop.services import dispatch_slips, file_dispatch

    ids = list(args.dispatch_ids)
    if args.batch is not None:
        batch = file_dispatch.list_dispatches(session, batch_id=args.batch, limit=5000)
        fresh = [d.id for d in batch if d.document_serial is None]
        # All printed already: pass them on, so the refusal says so (not "none named").
        ids += fresh or [d.id for d in batch]
        if not ids:
            raise NotFound(kind="file_dispatch", id=args.batch[:40])
        ids.sort()
    issued = dispatch_slips.issue_dispatch_slips(session, ids, mark_missing=args.mark_missing)
    return issued.pdf, list(issued.serials)


def _slips_unsaved(
    args: argparse.Namespace, path: Path, serials: list[str], exc: OutputFileError
) -> int:
    """The slips are issued and registered (one committed transaction) but their PDF could not
    be written after all (a disk that filled up meanwhile): say so truthfully, with the serials,
    instead of the usual "nothing changed" (exit 1)."""
    first, last = (serials[0], serials[-1]) if serials else ("", "")
    message = text("slips_unsaved", path=str(path)[:200], first=first, last=last)
    if getattr(args, "json", False):
        doc = {"ok": False, "error": exc.code, "message": message, "problems": [],
               "serials": serials}  # fmt: skip
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        sys.stderr.write(message + "\n")
    return 1
