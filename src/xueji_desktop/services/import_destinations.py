"""毕业去向 from a sheet: a dry run, then an all-or-nothing commit (issue 8 §4, issue 6's shape).

The layout (import_destinations_read): 学号, 姓名, 毕业去向, 单位或学校, 是否对口, 登记日期, 备注
— the one ``destination_template`` writes. A student is found by 学号 (an old, corrected 学号
too); a 姓名 given must be the record's; a 学号 seen before in the sheet makes the row a
duplicate naming the first row.

Nothing here decides what a valid destination is: every row goes through
``destinations.set_destination`` (via destinations_bulk) inside a write transaction. The dry run
rolls that transaction back — so its verdict is exactly what the commit would do, and it writes
nothing (the content hash is unchanged); the commit runs the same rows again in ONE transaction,
and writes nothing unless the outcome is the one the clerk saw (the fingerprint), nor when rows
have errors and ``valid_only`` is not given. Each student written gets set_destination's own
history and ``destination_set`` audit entry, and the commit one ``destinations_imported`` entry
(counts and student id ranges; never names).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from xueji_desktop.core.errors import (
    ImportHasErrors,
    ImportOutdated,
    NotFound,
    NothingToImport,
    OperationCancelled,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.core.normalize import fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, xlsx_out
from xueji_desktop.services.context import Session
from xueji_desktop.services.destinations_bulk import (
    FIELD_NAMES,
    DestinationRow,
    _stored,
    _student_problems,
    _write_row,
    class_destinations,
)
from xueji_desktop.services.import_destinations_read import (
    KIND_LABELS,
    TEMPLATE_HEADERS,
    Layout,
    read_cells,
    read_layout,
)
from xueji_desktop.services.import_model import (
    CellProblem,
    FieldChange,
    ImportPlan,
    ImportResult,
    PlannedRow,
)
from xueji_desktop.services.sheets import Sheet
from xueji_desktop.storage.connection import Connection

__all__ = [
    "DestinationPlan",
    "commit_destinations",
    "destination_template",
    "plan_destinations",
]

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None
_COLUMNS = ("kind", "employer", "matches_major", "recorded_on", "remark")


@dataclass(frozen=True, slots=True)
class DestinationPlan(ImportPlan):
    """An ImportPlan (what="destinations") that keeps the date an empty 登记日期 takes, so the
    commit reads the sheet exactly as the dry run did."""

    default_date: str = ""


class _DryRun(Exception):
    """Raised to roll the dry run's trial writes back."""


_STUDENT_SQL = "SELECT s.id, s.name, s.voided FROM "
_BY_NUMBER = (
    _STUDENT_SQL + "students s WHERE s.student_no = ? ORDER BY s.voided, s.id",
    _STUDENT_SQL + "number_aliases a JOIN students s ON s.id = a.student_id"
    " WHERE a.kind = 'student_no' AND a.old_value = ? ORDER BY a.id DESC",
)


def _find(conn: Connection, number: str) -> tuple[int, str, bool] | None:
    for sql in _BY_NUMBER:
        found = conn.execute(sql, (number,)).fetchone()
        if found is not None:
            return int(found[0]), str(found[1]), bool(found[2])
    return None


@dataclass
class _Run:
    """What one pass over the sheet found: the plan's rows and what was written."""

    rows: list[PlannedRow]
    written: list[tuple[int, bool]]  # (student id, new destination) of the rows written


def _run(
    session: Session,
    sheet: Sheet,
    lay: Layout,
    default_date: str,
    progress: Progress,
    cancelled: Cancelled,
) -> _Run:
    """Every data row through set_destination, inside the caller's transaction (a failed row's
    savepoint is rolled back; the others stay until the caller commits or rolls back)."""
    conn = session.archive.db.conn
    out = _Run([], [])
    first_rows: dict[str, int] = {}
    data = sheet.rows[lay.header_index + 1 :]
    for offset, cells in enumerate(data):
        if offset % 100 == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(offset, len(data))
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        out.rows.append(_row(session, conn, lay, lay.header_index + 2 + offset, cells,
                             first_rows, default_date, out.written))  # fmt: skip
    if progress is not None:
        progress(len(data), len(data))
    return out


def _row(
    session: Session,
    conn: Connection,
    lay: Layout,
    row: int,
    cells: Sequence[object],
    first_rows: dict[str, int],
    default_date: str,
    written: list[tuple[int, bool]],
) -> PlannedRow:
    read = read_cells(lay, cells, default_date)
    found: list[CellProblem] = []

    def put(problem: Problem) -> None:
        index = lay.fields.get(problem.field)
        header = lay.headers[index] if index is not None else ""
        found.append(CellProblem(row, header, index, problem))

    for p in read.problems:
        put(p)
    number = read.student_no
    sid: int | None = None
    label = number or ""
    if number is not None and number in first_rows:
        first = first_rows[number]
        problem = Problem("student_no", "duplicate_in_sheet", params={"first_row": str(first)})
        index = lay.fields["student_no"]
        dup = CellProblem(row, lay.headers[index], index, problem)
        return PlannedRow(row, "duplicate", number, problems=(dup,), first_row=first)
    if number is not None:
        first_rows[number] = row
        student = _find(conn, number)
        if student is None:
            put(Problem("student_no", "no_such_student", params={"value": number[:40]}))
        else:
            sid, name, voided = student
            label = f"{number} {name}"
            if voided:
                put(Problem("student_no", "record_voided"))
            if read.name is not None and fold(read.name) != fold(name):
                put(Problem("name", "name_mismatch"))
    if any(p.is_error for p in found) or sid is None or read.kind is None:
        return PlannedRow(row, "error", label, sid, problems=tuple(found))
    values = DestinationRow(sid, read.kind, read.recorded_on, read.employer,
                            read.matches_major, read.remark)  # fmt: skip
    before = _stored(conn, sid)
    try:
        _write_row(session, values)
    except (RecordInvalid, RecordVoided, NotFound) as exc:
        for p in _student_problems(exc):
            put(replace(p, field="student_no") if p.field == "student_id" else p)
        return PlannedRow(row, "error", label, sid, problems=tuple(found))
    after = _stored(conn, sid)
    assert after is not None  # set_destination wrote it or it was already there
    old, new = _shown(before), _shown(after)
    changes = tuple(FieldChange(f, old[f], new[f]) for f in new if old[f] != new[f])
    kind = "new" if before is None else "update" if changes else "unchanged"
    if kind != "unchanged":
        written.append((sid, before is None))
    return PlannedRow(row, kind, label, sid, MappingProxyType(new), changes, tuple(found))


def _shown(stored_row: tuple[object, ...] | None) -> dict[str, object]:
    """A stored destination as the preview shows it, by the clerk's field names
    (destinations_bulk.FIELD_NAMES): the kind's word (就业), 是/否; None fields when absent."""
    values = dict(zip(_COLUMNS, stored_row or (None,) * len(_COLUMNS), strict=True))
    kind, flag = values["kind"], values["matches_major"]
    values["kind"] = KIND_LABELS.get(str(kind), kind) if kind is not None else None
    values["matches_major"] = None if flag is None else ("是" if flag else "否")
    return {FIELD_NAMES[f]: v for f, v in values.items()}


def _fingerprint(plan: DestinationPlan) -> str:
    """What the plan would do, row by row: a commit's run must come out the same."""
    body = [
        plan.headers, plan.header_row, plan.default_date, sorted(plan.columns.items()),
        [(r.row, r.kind, r.student_id, [(c.field, c.old, c.new) for c in r.changes],
          [(p.column_index, p.code) for p in r.problems]) for r in plan.rows],
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(body, default=str).encode()).hexdigest()


def _plan(
    session: Session,
    sheet: Sheet,
    source: str,
    default_date: str,
    progress: Progress,
    cancelled: Cancelled,
) -> tuple[DestinationPlan, _Run]:
    lay = read_layout(sheet)
    run = _run(session, sheet, lay, default_date, progress, cancelled)
    plan = DestinationPlan(
        "destinations", source, sheet.name, lay.header_index + 1, lay.headers, lay.columns,
        tuple(run.rows), "", lay.notes, default_date,
    )  # fmt: skip
    return replace(plan, fingerprint=_fingerprint(plan)), run


def plan_destinations(
    session: Session,
    sheet: Sheet,
    *,
    source: str = "",
    today: datetime.date | None = None,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> DestinationPlan:
    """The dry run: every data row classified (new, update, unchanged, duplicate, error) by the
    very rules set_destination applies; nothing is kept. ``today``: the date an empty 登记日期
    takes (None: an empty 登记日期 is an error)."""
    session.require(Permission.WRITE_RECORDS)
    default_date = today.isoformat() if today is not None else ""
    try:
        with session.archive.db.atomic():
            plan = _plan(session, sheet, source, default_date, progress, cancelled)[0]
            raise _DryRun()
    except _DryRun:
        pass
    return plan


def commit_destinations(
    session: Session,
    sheet: Sheet,
    plan: ImportPlan,
    *,
    valid_only: bool = False,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> ImportResult:
    """Write what ``plan`` showed, in one transaction with its audit entries: every row, or
    with ``valid_only`` the new and update rows only. The sheet is run again inside the write
    transaction; if that differs from ``plan`` nothing is written (ImportOutdated)."""
    session.require(Permission.WRITE_RECORDS)
    if not isinstance(plan, DestinationPlan):
        raise ImportOutdated()
    h = session.archive
    with h.db.atomic():
        fresh, run = _plan(session, sheet, plan.source, plan.default_date, progress, cancelled)
        if fresh.fingerprint != plan.fingerprint:
            raise ImportOutdated()
        bad = sum(1 for r in fresh.rows if r.kind in ("error", "duplicate"))
        if bad and not valid_only:
            raise ImportHasErrors(count=bad)
        if not run.written:
            raise NothingToImport(reason="no_valid_rows" if bad else "no_rows")
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        ids = sorted(sid for sid, _new in run.written)
        added = sum(1 for _sid, new in run.written if new)
        audit.record(
            h,
            session.username,
            "destinations_imported",
            target_type="sheet",
            details={
                "added": added,
                "updated": len(run.written) - added,
                "rows": len(fresh.rows),
                "rows_skipped": sum(1 for r in fresh.rows if not r.importable),
                "valid_only": valid_only,
                "student_ids": _ranges(ids),
            },
        )
    skipped = sum(1 for r in fresh.rows if not r.importable)
    return ImportResult(added, len(run.written) - added, skipped, tuple(ids))


def _ranges(ids: Sequence[int]) -> list[list[int]]:
    """[[first, last], …] of consecutive ids: a class's ids are mostly one run."""
    out: list[list[int]] = []
    for i in ids:
        if out and i == out[-1][1] + 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


# -- the blank template -------------------------------------------------------------------------


def destination_template(
    session: Session, class_group_id: int | None = None, *, title: str = ""
) -> bytes:
    """The sheet to fill in, as .xlsx bytes (services/xlsx_out; the caller saves it with
    ``xlsx_out.write_xlsx``). With a class: one row per student of the class who has left, 学号
    and 姓名 filled in, and the destination recorded so far (so the sheet imported back as it is
    changes nothing). Without: the header row alone. ``title``: a line above the header."""
    session.require(Permission.READ_RECORDS)
    rows: list[list[object]] = []
    if class_group_id is not None:
        for leaver in class_destinations(session, class_group_id):
            d = leaver.destination
            if d is None:
                rows.append([leaver.student_no, leaver.name, "", "", "", "", ""])
                continue
            flag = "" if d.matches_major is None else ("是" if d.matches_major else "否")
            rows.append([leaver.student_no, leaver.name, KIND_LABELS[d.kind], d.employer, flag,
                         d.recorded_on, d.remark])  # fmt: skip
    widths: Mapping[str, float] = {"单位或学校": 30.0, "备注": 30.0, "学号": 16.0}
    columns = [xlsx_out.Column(h, widths.get(h, 12.0)) for h in TEMPLATE_HEADERS]
    hint = "毕业去向填：" + "、".join(KIND_LABELS.values()) + "；是否对口填“是”或“否”"
    above: list[list[object]] = [[title]] if title else []
    above.append([hint])
    sheet = xlsx_out.SheetOut("毕业去向", columns, rows, above=above)
    return xlsx_out.workbook_bytes([sheet])
