"""Issuing the 档案转递单 (``handover_list``, with its tear-off 回执) of dispatches, and storing
each slip's serial on its dispatch row (docs/design/paper-files.md, "Printing").

The slips are issued documents: numbered, signed, registered and audited exactly as
services/documents.issue does it, with the same steps (services/documents_issue.py). They are
not issued through ``documents.issue`` itself because

- every dispatch prints its own receiver, address, way and 机要号, and the papers in its folder
  (the ``documents`` param, from paper_file_contents), while one PrintRequest carries one set of
  params for all its students; one issue per dispatch would give as many PDFs, and the clerk
  prints one file (pypdf, which could join them, is a test dependency only);
- the register rows and the serials on the dispatch rows go into ONE transaction: a slip is
  never registered without its dispatch knowing it, nor the other way round.

Order, as in documents.issue: check → build every slip → check the characters → number and sign
→ render → one transaction (register rows, ``document_issued`` entries, then
file_dispatch.set_dispatch_serial per dispatch with its ``file_dispatch_serial_set`` entry).
A cancel or a failure before the transaction leaves nothing behind. Saved as a file (``out``,
the command line), the PDF is written to a temporary file before that transaction and renamed
into place inside it, so slips whose file could not be written are not issued.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xueji_desktop.core.errors import (
    OperationCancelled,
    OutputFileError,
    PaperFileUnavailable,
    RecordInvalid,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing import model
from xueji_desktop.services import documents_files as files
from xueji_desktop.services import documents_issue as steps
from xueji_desktop.services import file_dispatch
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import ATTEMPTS, Issued
from xueji_desktop.services.documents_issue import Cancelled, PrintRequest, Progress
from xueji_desktop.services.file_dispatch_read import Dispatch, require_dispatch
from xueji_desktop.services.file_loans import student_label
from xueji_desktop.services.records_common import Checks, require_id
from xueji_desktop.storage.connection import Connection

__all__ = ["VIA_LABELS", "issue_dispatch_slips"]

# How the file travels, as the slip prints it (转递方式): the register's words.
VIA_LABELS: dict[str, str] = {code: zh for code, (zh, _) in file_dispatch.VIA_LABELS.items()}
NO_NUMBER = "无"  # the 机要号 of a file not sent by confidential mail


def _slip_params(conn: Connection, d: Dispatch) -> dict[str, str]:
    """The handover_list params of one dispatch: dated the dispatch's day (``dispatched_on``),
    an in-person dispatch names who collects the file (领取人) with the way, and the 机要号
    reads "无" when there is none (the 回执 sentence prints "机要号：…"). ``documents`` lists
    the papers registered in the folder (checklist order, "名称×2"); with none registered the
    slip lists what the archive holds, as any 档案转递单 does."""
    via = VIA_LABELS.get(d.via, d.via)
    if d.carrier:
        via = f"{via}（领取人：{d.carrier}）"
    params = {
        "receiver": d.receiver,
        "receiver_address": d.receiver_address,
        "via": via,
        "dispatch_no": d.dispatch_no or NO_NUMBER,
        "dispatched_on": d.dispatched_on,
    }
    papers = [
        str(name) if int(pieces) == 1 else f"{name}×{pieces}"
        for name, pieces in conn.execute(
            "SELECT t.name, c.pieces FROM paper_file_contents c "
            "JOIN document_types t ON t.code = c.doc_type "
            "WHERE c.student_id = ? AND c.pieces > 0 ORDER BY t.sort_order, t.code",
            (d.student_id,),
        )
    ]
    if papers:
        params["documents"] = "\n".join(papers)
    return params


def _dispatches(conn: Connection, dispatch_ids: object) -> list[Dispatch]:
    ck = Checks()
    if isinstance(dispatch_ids, str | bytes) or not isinstance(dispatch_ids, Sequence):
        ck.add("dispatch_ids", "invalid_type", expected="list")
    elif not dispatch_ids:
        ck.add("dispatch_ids", "required")
    elif len(dispatch_ids) > steps.MAX_SUBJECTS:
        ck.add("dispatch_ids", "too_long", max_len=steps.MAX_SUBJECTS)
    ck.done()
    assert isinstance(dispatch_ids, Sequence)
    ids = list(dict.fromkeys(require_id("file_dispatch", i) for i in dispatch_ids))
    out = []
    for did in ids:
        d = require_dispatch(conn, did)
        if d.voided_at is not None:
            raise PaperFileUnavailable(reason="voided", student=student_label(conn, d.student_id))
        if d.document_serial is not None and file_dispatch.slip_is_live(conn, d.document_serial):
            # The serial is stored once (a trigger): a slip already issued is reprinted from the
            # documents register, not issued again; a voided slip frees the dispatch.
            raise RecordInvalid(
                problems=[
                    Problem(
                        "serial", "serial_already_recorded", params={"serial": d.document_serial}
                    )
                ]
            )
        out.append(d)
    return out


def issue_dispatch_slips(
    session: Session,
    dispatch_ids: Sequence[int],
    *,
    mark_missing: bool = False,
    out: Path | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Issued:
    """One 档案转递单 per dispatch (live, without a slip yet), all in one PDF in the order given;
    each serial is stored on its dispatch. Raises NotFound(kind="file_dispatch"),
    PaperFileUnavailable("voided"), RecordInvalid("serial_already_recorded"), UnprintableText,
    OperationCancelled before anything is registered.

    With ``out`` the PDF is also saved as that file, all or nothing as documents.issue_to_files
    does it: the place is checked first (OutputFileError), the PDF is written owner-only to a
    temporary file in that folder before anything is registered, and renamed into place inside
    the register's transaction: slips that could not be saved are never issued."""
    session.require(Permission.PRINT)
    handle = session.archive
    conn = handle.db.conn
    if out is not None:
        if not isinstance(out, Path):
            raise OutputFileError(path=str(out)[:80], reason="no_folder")
        files.check_destination(out.parent, [out.name], overwrite=overwrite)
    dispatches = _dispatches(conn, dispatch_ids)
    request = PrintRequest(
        model.HANDOVER_LIST, tuple(d.student_id for d in dispatches), mark_missing=mark_missing
    )
    plan = steps.plan(handle, request)
    total = 2 * len(dispatches)
    from xueji_desktop.services import document_content as content

    docs: list[model.Document] = []
    for n, d in enumerate(dispatches, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        params = _slip_params(conn, d)
        docs.append(
            content.student_document(
                handle, model.HANDOVER_LIST, d.student_id, params=params, today=plan.today
            )
        )
        if progress is not None:
            progress(n, total)
    if not mark_missing:
        steps.check_printable(docs)
    done = len(docs)

    def render_progress(n: int, _: int) -> None:
        if progress is not None:
            progress(done + n, total)

    for attempt in range(ATTEMPTS):
        signed = steps.number_and_sign(handle, plan, docs)
        pdf = steps.render(plan, signed.documents, render_progress, cancelled)
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        serials = [e.serial for e in signed.entries]
        try:
            # Leaving the batch on any failure removes its temporary (and renamed) file.
            with files.Batch(overwrite=overwrite) as batch:
                if out is not None:
                    batch.add(out, pdf)
                with handle.db.atomic():
                    saved = [(out.name, serials)] if out is not None else []
                    steps.register(handle, session.username, plan, signed, saved)
                    for d, entry in zip(dispatches, signed.entries, strict=True):
                        file_dispatch.set_dispatch_serial(session, d.id, entry.serial)
                    batch.publish()
        except steps.SerialTaken:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return Issued(pdf, tuple(serials), steps.page_count(pdf))
    raise AssertionError("unreachable")
