"""``xueji file print receipt|labels|shelf-list|slips``: the archive room's papers into one PDF
file (cli_files has the parsers and the contract).

The receipt, labels and shelf list are made by services/room_papers.py; the 档案转递单 (slips)
are issued documents, numbered and registered by services/dispatch_slips.py. Both save the file
themselves (``out=``): the file's place is checked before anything is made (its folder exists
and is writable, no file of that name is there unless ``--overwrite``), the PDF is written
owner-only to a temporary file in that folder, and renamed into place inside the transaction
that audits the printing or registers the slips. A file that cannot be written therefore
leaves no slip issued and no printing audited.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

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


def cmd_print(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import room_papers

    path = _target(args)
    verb = args.print_command
    # The services save the file themselves (out=): written to a temporary file first and renamed
    # into place in the same transaction as the audit entry (room papers) or the register rows
    # (slips), so a file that cannot be written leaves nothing printed or issued.
    saving: dict[str, Any] = {"out": path, "overwrite": args.overwrite}
    serials: list[str] = []
    if verb == "receipt":
        room_papers.intake_receipt_pdf(session, args.intake_id, today=datetime.date.today(),
                                       mark_missing=args.mark_missing, **saving)  # fmt: skip
    elif verb in ("labels", "shelf-list"):
        place = {
            "cabinet": args.cabinet,
            "shelf": args.shelf,
            "box": args.box,
            "class_group_id": class_id(session, args.class_group),
            "mark_missing": args.mark_missing,
        }
        if verb == "labels":
            room_papers.box_labels_pdf(session, per_page=args.per_page, **place, **saving)
        else:
            room_papers.shelf_list_pdf(session, today=datetime.date.today(), **place, **saving)
    else:
        serials = _slips(args, session, saving)
    payload = {"ok": True, "files": [str(path)], "serials": serials}
    out(args, payload, text("printed", path=str(path)))
    return 0


def _slips(args: argparse.Namespace, session: Session, saving: dict[str, Any]) -> list[str]:
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
    issued = dispatch_slips.issue_dispatch_slips(
        session, ids, mark_missing=args.mark_missing, **saving
    )
    return list(issued.serials)
