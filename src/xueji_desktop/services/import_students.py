"""Students from a spreadsheet: the dry run (a plan, nothing written) and the all-or-nothing
commit, for new-student lists ("students"), 历史补录 of old graduates ("history") and 班主任核对
corrections ("corrections") (issue 6 §1).

The rules are the forms' rules (services/students.py, core/validation.py): a row is read into
the text a form would send (core/import_cells), mapped by to_internal and checked by
check_student; an existing record is changed under edit_student's rules (学号/学籍号 only filled
when empty, class and major of a confirmed record only by 学籍异动, a locked record only by an
admin). An empty cell never clears a stored value. Every data row is classified once:

- ``new``: no record has its ID number (or, for an old graduate without one, its name and birth
  date); ``update`` / ``unchanged``: the record it names, with the field changes;
- ``duplicate``: a later row naming the same ID number or 学号 as an earlier row of the file
  (the earliest row is judged on its own merits);
- ``error``: any error problem (a cell that cannot be read, a value validation refuses, a 学号
  another record holds, a locked record, no such student in corrections).

The commit re-plans inside its one transaction and refuses (ImportOutdated) when the archive no
longer gives the plan the clerk saw; new rows are inserted in bulk, updates write field_history
with the reason, and one audit entry "students_imported" records counts and ids.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping, Sequence

from xueji_desktop.core.errors import (
    ImportColumnsMissing,
    ImportHasErrors,
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
)
from xueji_desktop.core.fields import STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.import_cells import HeaderMatch, match_headers
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, import_layouts
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import CellProblem, ImportPlan, ImportResult, PlannedRow
from xueji_desktop.services.import_student_archive import (
    apply_updates,
    insert_new,
    load_existing,
    update_row,
)
from xueji_desktop.services.import_student_extra import STATUS_HEADERS
from xueji_desktop.services.import_student_rows import (
    DEFAULT_REASONS,
    HISTORY_HEADERS,
    Classifier,
    find_header,
    is_empty,
    read_row,
    sheet_layout,
)
from xueji_desktop.services.record_rows import archive_majors
from xueji_desktop.services.sheets import Sheet
from xueji_desktop.storage.connection import Connection

__all__ = ["MODES", "commit_students", "header_mapping", "plan_students"]

MODES = ("students", "history", "corrections")
_EVERY = 500  # rows between progress reports and cancel checks

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


def _check_mode(mode: str) -> None:
    if mode not in MODES:  # the callers offer MODES only: a programming error
        raise ValueError(f"unknown import mode {mode!r}")


def _extra(mode: str) -> Mapping[str, str] | None:
    # "students" reads an export's 学籍状态 columns back, to say they are not imported
    return {"history": HISTORY_HEADERS, "students": STATUS_HEADERS}.get(mode)


def _find(conn: Connection, sheet: Sheet, mode: str) -> tuple[int, HeaderMatch]:
    """The header row and its match, a layout remembered for that header winning."""
    index, match = find_header(sheet.rows, extra=_extra(mode))
    for candidate, row in enumerate(sheet.rows[:20]):
        chosen = import_layouts.remembered_in(conn, row)
        if chosen:
            return candidate, match_headers(row, remembered=chosen, extra=_extra(mode))
        if candidate == index:
            break
    return index, match


def header_mapping(
    session: Session, sheet: Sheet, *, mode: str = "students"
) -> tuple[int, HeaderMatch]:
    """(header row index, 0-based; the match of its cells) for the GUI's mapping page."""
    session.require(Permission.WRITE_RECORDS)
    _check_mode(mode)
    return _find(session.archive.db.conn, sheet, mode)


def plan_students(
    session: Session,
    sheet: Sheet,
    *,
    source: str = "",
    mode: str = "students",
    mapping: Mapping[int, str] | None = None,
    reason: str = "",
    today: datetime.date | None = None,
    header_row: int | None = None,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> ImportPlan:
    """The dry run: every data row classified (see the module text); nothing is written.

    ``mapping`` (0-based column index -> field) overrides the header match; ``header_row``
    (as Excel numbers it) overrides the header row found (the first row naming two fields).
    ``reason`` is not needed to plan (the commit takes it). Raises
    ImportColumnsMissing when the rows cannot name a student (no 身份证件号 column; in
    corrections neither 学号 nor 身份证件号; in 历史补录 the minimal set)."""
    session.require(Permission.WRITE_RECORDS)
    _check_mode(mode)
    if header_row is not None and not 1 <= header_row <= len(sheet.rows):
        raise ValueError("header_row outside the sheet")  # the GUI offers the sheet's rows
    return _plan(session, session.archive.db.conn, sheet, source, mode, mapping, reason,
                 today, progress, cancelled,
                 header_index=None if header_row is None else header_row - 1)  # fmt: skip


def commit_students(
    session: Session,
    sheet: Sheet,
    plan: ImportPlan,
    *,
    valid_only: bool = False,
    reason: str = "",
    today: datetime.date | None = None,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> ImportResult:
    """Write the plan's new and update rows in one transaction with its audit entry.

    Raises ImportOutdated (the archive changed since the plan), ImportHasErrors (error or
    duplicate rows and not ``valid_only``), NothingToImport, OperationCancelled; in every case
    nothing is written."""
    session.require(Permission.WRITE_RECORDS)
    _check_mode(plan.what)
    h = session.archive
    with h.db.atomic() as conn:
        state = _state(conn, session, sheet, plan.what, plan.columns, plan.header_row - 1, today)
        if plan.fingerprint.partition(":")[0] == state:
            fresh = plan  # nothing was written since the plan: a re-plan would give it again
        else:
            fresh = _plan(session, conn, sheet, plan.source, plan.what, plan.columns, reason,
                          today, None, cancelled, header_index=plan.header_row - 1)  # fmt: skip
            if fresh.fingerprint.partition(":")[2] != plan.fingerprint.partition(":")[2]:
                raise ImportOutdated()
        bad = sum(1 for r in fresh.rows if r.kind in ("error", "duplicate"))
        if bad and not valid_only:
            raise ImportHasErrors(count=bad)
        new = [r for r in fresh.rows if r.kind == "new"]
        updates = [r for r in fresh.rows if r.kind == "update"]
        if not new and not updates:
            raise NothingToImport(reason="no_valid_rows" if bad else "no_rows")
        why = reason.strip() or DEFAULT_REASONS[plan.what]
        total = len(new) + len(updates)

        def step(done: int) -> None:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(done, total)

        new_ids = insert_new(conn, session.username, new, step=step, every=_EVERY)
        updated_ids = apply_updates(conn, session.username, updates, why,
                                    step=lambda n: step(len(new) + n), every=_EVERY)  # fmt: skip
        audit.record(
            h,
            session.username,
            "students_imported",
            target_type="student",
            target_id="",
            details={
                "mode": plan.what,
                "added": len(new_ids),
                "updated": len(updated_ids),
                "skipped": len(fresh.rows) - total,
                "reason": why,
                "new_ids": _ranges(new_ids),
                "updated_ids": _ranges(updated_ids),
            },
        )
    if progress is not None:
        progress(total, total)
    return ImportResult(len(new_ids), len(updated_ids), len(fresh.rows) - total,
                        tuple(new_ids + updated_ids))  # fmt: skip


def _ranges(ids: Sequence[int]) -> list[list[int]]:
    """[[first, last], …] of runs of consecutive ids: a 10,000-row import is one pair."""
    out: list[list[int]] = []
    for sid in sorted(ids):
        if out and out[-1][1] + 1 == sid:
            out[-1][1] = sid
        else:
            out.append([sid, sid])
    return out


_KEY_COLUMNS = {
    "students": (("id_number",),),
    "corrections": (("student_no", "id_number"),),
    "history": (("name",), ("birth_date",), ("major_code", "class_group"),
                ("enrolment_month", "intake_year"), ("leaving_year", "leaving_date")),
}  # fmt: skip


def _require_columns(mode: str, columns: Mapping[int, str]) -> None:
    present = set(columns.values())
    lacking = [names for names in _KEY_COLUMNS[mode] if not present & set(names)]
    if lacking:
        labels = {**{v: k for k, v in HISTORY_HEADERS.items()}, "leaving_year": "离校年份",
                  "intake_year": "入学年份"}  # fmt: skip
        shown = [
            "或".join(
                STUDENT_FIELDS_BY_NAME[n].label if n in STUDENT_FIELDS_BY_NAME else labels[n]
                for n in names
            )
            for names in lacking
        ]
        raise ImportColumnsMissing(columns="、".join(shown))


def _notes(
    header_row: int, headers: Sequence[str], match: HeaderMatch | None, columns: Mapping[int, str]
) -> list[CellProblem]:
    notes: list[CellProblem] = []
    for index, text in enumerate(headers):
        if text and index not in columns:
            repeated = match is not None and any(i == index for i, _ in match.repeated)
            code = "column_repeated" if repeated else "column_unknown"
            notes.append(CellProblem(header_row, text, index, Problem("", code, "warning")))
    return notes


def _plan(
    session: Session,
    conn: Connection,
    sheet: Sheet,
    source: str,
    mode: str,
    mapping: Mapping[int, str] | None,
    reason: str,
    today: datetime.date | None,
    progress: Progress,
    cancelled: Cancelled,
    *,
    header_index: int | None = None,
) -> ImportPlan:
    today = today or datetime.date.today()
    match: HeaderMatch | None = None
    if header_index is None:
        header_index, match = _find(conn, sheet, mode)
    elif mapping is None:
        row = sheet.rows[header_index]
        chosen = import_layouts.remembered_in(conn, row)
        match = match_headers(row, remembered=chosen, extra=_extra(mode))
    columns = dict(mapping) if mapping is not None else dict(match.columns if match else {})
    _require_columns(mode, columns)
    layout = sheet_layout(sheet.rows, header_index, columns)
    notes = [*layout.notes, *_notes(header_index + 1, layout.headers, match, columns)]
    if mode == "students" and match is not None and match.missing:
        # one note for all of them: a short list may lack thirty template columns
        fields = {"fields": ",".join(match.missing)}
        missing = Problem("", "columns_missing", "warning", fields)
        notes.append(CellProblem(header_index + 1, "", None, missing))
    existing = load_existing(conn)
    classify = Classifier(conn, session.roles, mode, today, archive_majors(conn), existing, layout)
    data = sheet.rows[header_index + 1 :]
    total = len(data)
    for offset, cells in enumerate(data):
        if offset % _EVERY == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(offset, total)
        if is_empty(cells):
            continue
        row_no = header_index + 2 + offset
        raw, extra, problems = read_row(cells, layout, row_no)
        classify.add(row_no, raw, extra, problems)
    rows = classify.finish(update_row)
    if mode == "students" and not classify.family_mapped and any(r.kind == "new" for r in rows):
        # said once for the sheet, not as a "no guardian" warning on every new row
        nobody = Problem("family_members", "no_family_columns", "warning")
        notes.append(CellProblem(header_index + 1, "", None, nobody))
    if progress is not None:
        progress(total, total)
    return ImportPlan(
        what=mode,
        source=source,
        sheet=sheet.name,
        header_row=header_index + 1,
        headers=layout.headers,
        columns=columns,
        rows=tuple(rows),
        fingerprint=_state(conn, session, sheet, mode, columns, header_index, today)
        + ":"
        + _fingerprint(rows),
        notes=tuple(notes),
    )


def _state(
    conn: Connection,
    session: Session,
    sheet: Sheet,
    mode: str,
    columns: Mapping[int, str],
    header_index: int,
    today: datetime.date | None,
) -> str:
    """Everything a plan depends on besides the rules: the archive as last written (the head of
    the audit chain, which every service write extends, and the students' count, last id and
    last change, which even a write around the services moves), the sheet's cells (Python's
    hash: valid within this process, so a plan from another process is simply re-made), the
    mode, mapping, header row, day and the roles. Equal states give equal plans."""
    head = conn.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    students = conn.execute("SELECT count(*), max(id), max(updated_at) FROM students").fetchone()
    parts = (
        tuple(head) if head else (),
        tuple(students),
        hash(sheet.rows),
        sheet.name,
        mode,
        sorted(columns.items()),
        header_index,
        (today or datetime.date.today()).isoformat(),
        sorted(session.roles),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _fingerprint(rows: Sequence[PlannedRow]) -> str:
    """What a commit would do, row by row: kinds, matched records, changes, and for a new row
    what the archive gives it (its class); the rest of a new row comes from the sheet alone."""
    digest = hashlib.sha256()
    for r in rows:
        v = r.values
        new = (v.get("class_group_id"), v.get("major_code")) if r.kind == "new" else ()
        digest.update(repr((r.row, r.kind, r.student_id, r.first_row, r.changes, new)).encode())
    return digest.hexdigest()
