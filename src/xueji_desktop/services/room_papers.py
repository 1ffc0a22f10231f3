"""Printing the archive room's own papers: the receiving receipt of an intake batch, box labels
and shelf lists (docs/design/paper-files.md, "Printing").

They certify nothing outside the room, so they are not numbered or registered like issued
documents; but they list names, so printing one is audited like an export:
``room_paper_printed`` with the kind and the number of files (no names). Each function reads
the registers (schema 5) with plain SQL, hands plain texts to printing/room_papers.py and
returns the PDF bytes. Given ``out`` (the command line), the PDF is also saved as that file,
written owner-only to a temporary name and renamed into place inside the audit's transaction:
a file that could not be written is not audited as printed. A cancel or a failure writes no
audit entry and no file.
The 档案转递单 of a dispatch is an issued document: services/dispatch_slips.py.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import NotFound, NothingToExport, OutputFileError
from xueji_desktop.core.labels import STATUS_LABELS
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing import room_labels
from xueji_desktop.printing import room_papers as paper
from xueji_desktop.services import audit, paper_file_rows
from xueji_desktop.services import documents_files as files
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_fields import cn_date
from xueji_desktop.services.document_settings import load_letterhead
from xueji_desktop.services.file_loans import check_today, checked_id
from xueji_desktop.services.records_common import Checks
from xueji_desktop.storage.connection import Connection

__all__ = [
    "INTAKE_TITLES",
    "LABELS_PER_PAGE",
    "STATE_LABELS",
    "box_labels_pdf",
    "intake_receipt_pdf",
    "shelf_list_pdf",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

ACTION = "room_paper_printed"
# The receipt's title and the batch's kind as printed, by file_intakes.kind.
INTAKE_TITLES: dict[str, tuple[str, str]] = {
    "new_intake": ("新生档案接收登记回执", "新生入学"),
    "transfer_in": ("转入学生档案接收登记回执", "转学转入"),
    "other": ("学生档案接收登记回执", "其他"),
}
# Where the file is now, as the shelf list's 档案状态 column prints it.
STATE_LABELS: dict[str, str] = {"in_room": "在室", "on_loan": "借出", "kept": "归档保存"}
LABELS_PER_PAGE: tuple[int, ...] = tuple(room_labels.LABEL_LAYOUTS)
# The longest place part a filter takes: the same as shelving takes (paper_file_rows).
MAX_PLACE = paper_file_rows.MAX_PLACE

_SHELF_SQL = """
SELECT COALESCE(s.student_no, ''), s.name, COALESCE(c.name, ''), c.graduation_year, s.status,
       p.cabinet, p.shelf, p.box, p.kept,
       EXISTS (SELECT 1 FROM file_loans l WHERE l.student_id = s.id AND l.returned_on IS NULL)
FROM paper_files p
JOIN students s ON s.id = p.student_id
LEFT JOIN class_groups c ON c.id = s.class_group_id
WHERE s.voided = 0
  AND NOT EXISTS (SELECT 1 FROM file_dispatches d
                  WHERE d.student_id = s.id AND d.voided_at IS NULL)
"""


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key in which "2" < "10" (cabinets, shelves and boxes are numbered by hand)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p)


def _check_out(out: Path | None, overwrite: bool) -> None:
    """Before any work: the file's folder exists and is writable, its name is free."""
    if out is None:
        return
    if not isinstance(out, Path):
        raise OutputFileError(path=str(out)[:80], reason="no_folder")
    files.check_destination(out.parent, [out.name], overwrite=overwrite)


def _finish(
    session: Session,
    pdf: bytes,
    kind: str,
    count: int,
    *,
    intake_id: int | None = None,
    out: Path | None = None,
    overwrite: bool = False,
) -> bytes:
    """Audit the printing; with ``out`` also save the PDF there, all or nothing: written
    owner-only to a temporary file first, renamed into place inside the audit's transaction.
    A file that could not be written is not audited as printed."""
    h = session.archive
    with files.Batch(overwrite=overwrite) as batch:  # a failure removes its files
        if out is not None:
            batch.add(out, pdf)
        with h.db.atomic():
            audit.record(
                h,
                session.username,
                ACTION,
                target_type="file_intake" if intake_id is not None else "",
                target_id=intake_id if intake_id is not None else "",
                details={"kind": kind, "count": count},
            )
            batch.publish()
    return pdf


# --- the receiving receipt --------------------------------------------------------------------


def _doc_names(conn: Connection) -> dict[str, tuple[int, str]]:
    rows = conn.execute("SELECT code, sort_order, name FROM document_types")
    return {str(code): (int(order), str(name)) for code, order, name in rows}


def _papers(names: dict[str, tuple[int, str]], items: dict[str, int] | list[str]) -> str:
    """ "入学登记表、照片×2" in checklist order (×n only for more than one piece)."""
    counts = items if isinstance(items, dict) else dict.fromkeys(items, 1)
    ordered = sorted(
        ((names.get(code, (10**6, code)), int(n)) for code, n in counts.items() if int(n) > 0),
        key=lambda x: x[0],
    )
    return "、".join(name if n == 1 else f"{name}×{n}" for (_, name), n in ordered)


def intake_receipt_pdf(
    session: Session,
    intake_id: int,
    *,
    today: datetime.date,
    mark_missing: bool = False,
    out: Path | None = None,
    overwrite: bool = False,
) -> bytes:
    """The receipt of one intake batch (接收登记回执): the batch's facts, a line per student
    with what arrived and what is missing, signature lines for who brought and who received."""
    session.require(Permission.PRINT)
    iid = checked_id("file_intake", intake_id)
    check_today(today)
    _check_out(out, overwrite)
    conn = session.archive.db.conn
    row = conn.execute(
        "SELECT i.kind, i.source, i.received_on, i.delivered_by, i.received_by, i.remark, "
        "COALESCE(NULLIF(u.display_name, ''), i.received_by) FROM file_intakes i "
        "LEFT JOIN users u ON u.username = i.received_by WHERE i.id = ?",
        (iid,),
    ).fetchone()
    if row is None:
        raise NotFound(kind="file_intake", id=iid)
    names = _doc_names(conn)
    lines = []
    for no, name, class_name, contents, missing, remark in conn.execute(
        "SELECT COALESCE(s.student_no, ''), s.name, COALESCE(c.name, ''), it.contents, "
        "it.missing, it.remark FROM file_intake_items it JOIN students s ON s.id = it.student_id "
        "LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE it.intake_id = ? "
        "ORDER BY s.student_no, s.id",
        (iid,),
    ):
        lines.append(
            paper.ReceiptLine(
                str(no),
                str(name),
                str(class_name),
                _papers(names, _json(contents, {})),
                _papers(names, _json(missing, [])),
                str(remark),
            )
        )
    title, kind_label = INTAKE_TITLES.get(str(row[0]), INTAKE_TITLES["other"])
    receipt = paper.IntakeReceipt(
        title=title,
        intake_no=str(iid),
        kind_label=kind_label,
        source=str(row[1]),
        received_on=cn_date(row[2]),
        delivered_by=str(row[3]),
        received_by=str(row[6]),
        remark=str(row[5]),
        printed_on=cn_date(today),
        lines=tuple(lines),
    )
    pdf = paper.intake_receipt_pdf(receipt, load_letterhead(conn), mark_missing=mark_missing)
    return _finish(session, pdf, "intake_receipt", len(lines), intake_id=iid, out=out,
                   overwrite=overwrite)  # fmt: skip


def _json(text: object, default: Any) -> Any:
    try:
        value = json.loads(str(text))
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


# --- shelf lists and box labels ---------------------------------------------------------------


def _boxes(
    session: Session,
    cabinet: str | None,
    shelf: str | None,
    box: str | None,
    class_group_id: int | None,
    *,
    located_only: bool,
) -> tuple[list[paper.BoxContents], str]:
    """The files of the chosen place (each part None = any) and class, grouped by box in
    natural order, and the scope as printed ("柜号：3　班级：2025级计算机1班")."""
    ck = Checks()
    parts = [
        None if v is None else ck.text(f, v, max_len=MAX_PLACE)
        for f, v in (("cabinet", cabinet), ("shelf", shelf), ("box", box))
    ]
    if class_group_id is not None:
        ck.integer("class_group_id", class_group_id, low=1, high=2**62)
    ck.done()
    conn = session.archive.db.conn
    sql = _SHELF_SQL
    args: list[object] = []
    for column, value in zip(("cabinet", "shelf", "box"), parts, strict=True):
        if value is not None:
            sql += f" AND p.{column} = ?"
            args.append(value)
    scope = [paper.place_text(*(p or "" for p in parts))] if any(parts) else []
    if class_group_id is not None:
        found = conn.execute("SELECT name FROM class_groups WHERE id = ?", (class_group_id,))
        name = found.fetchone()
        if name is None:
            raise NotFound(kind="class_group", id=class_group_id)
        sql += " AND s.class_group_id = ?"
        args.append(class_group_id)
        scope.append(f"班级：{name[0]}")
    if located_only:
        sql += " AND (p.cabinet <> '' OR p.shelf <> '' OR p.box <> '')"
    grouped: dict[tuple[str, str, str], list[paper.ShelfFile]] = {}
    for no, name, class_name, year, status, cab, shf, bx, kept, on_loan in conn.execute(sql, args):
        state = "on_loan" if on_loan else "kept" if kept else "in_room"
        grouped.setdefault((str(cab), str(shf), str(bx)), []).append(
            paper.ShelfFile(
                str(no),
                str(name),
                str(class_name),
                f"{year}届" if year else "",
                STATUS_LABELS.get(str(status), str(status)),
                STATE_LABELS[state],
            )
        )

    def place_key(place: tuple[str, str, str]) -> tuple[object, ...]:
        return (not any(place), *(_natural(p) for p in place))  # the unshelved come last

    boxes = [
        paper.BoxContents(*place, tuple(sorted(files, key=lambda f: _natural(f.student_no))))
        for place, files in sorted(grouped.items(), key=lambda kv: place_key(kv[0]))
    ]
    return boxes, "\u3000".join(scope) or "全部"


def shelf_list_pdf(
    session: Session,
    *,
    today: datetime.date,
    cabinet: str | None = None,
    shelf: str | None = None,
    box: str | None = None,
    class_group_id: int | None = None,
    mark_missing: bool = False,
    out: Path | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The shelf list (上架清单): a table per cabinet/shelf/box of the files kept there (files
    sent on are left out; lent ones say 借出). Files with no place come last, unless a place was
    chosen. NothingToExport when nothing matches."""
    session.require(Permission.PRINT)
    check_today(today)
    _check_out(out, overwrite)
    boxes, scope = _boxes(session, cabinet, shelf, box, class_group_id, located_only=False)
    if not boxes:
        raise NothingToExport(what="shelf_list")
    conn = session.archive.db.conn
    pdf = paper.shelf_list_pdf(
        boxes,
        load_letterhead(conn),
        scope=scope,
        printed_on=cn_date(today),
        mark_missing=mark_missing,
        progress=progress,
        cancelled=cancelled,
    )
    count = sum(len(b.files) for b in boxes)
    return _finish(session, pdf, "shelf_list", count, out=out, overwrite=overwrite)


def box_labels_pdf(
    session: Session,
    *,
    cabinet: str | None = None,
    shelf: str | None = None,
    box: str | None = None,
    class_group_id: int | None = None,
    per_page: int = 6,
    mark_missing: bool = False,
    out: Path | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """Box labels (档案盒标签), ``per_page`` (4, 6 or 8) to an A4 sheet with cut marks: one per
    box of the chosen place or class that has a place. NothingToExport when none."""
    session.require(Permission.PRINT)
    if isinstance(per_page, bool) or per_page not in room_labels.LABEL_LAYOUTS:
        ck = Checks()
        ck.add("per_page", "invalid_choice", allowed="/".join(map(str, LABELS_PER_PAGE)))
        ck.done()
    _check_out(out, overwrite)
    boxes, _ = _boxes(session, cabinet, shelf, box, class_group_id, located_only=True)
    if not boxes:
        raise NothingToExport(what="box_labels")
    conn = session.archive.db.conn
    pdf = room_labels.box_labels_pdf(
        boxes,
        load_letterhead(conn),
        per_page=per_page,
        mark_missing=mark_missing,
        progress=progress,
        cancelled=cancelled,
    )
    count = sum(len(b.files) for b in boxes)
    return _finish(session, pdf, "box_labels", count, out=out, overwrite=overwrite)
