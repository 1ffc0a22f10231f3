"""Reconciliation with the student list exported from the national 学籍 system (issue 6 §4).

The clerk exports the school's students from the national system and reads the sheet here. Each
row is matched to a record by ID number (type + number), then by 学籍号, and the two sides are
compared: students missing on either side, a different 学籍状态, different key fields (the ones
the national system holds: 姓名, 性别, 出生日期, 身份证件号, 班级名称, 专业, 入学年月, 学号,
学籍号), and 学籍号 the archive has not recorded yet. The preview changes nothing.

On request the apply step, in one transaction with its audit entries:
- fills empty 学籍号 from the list. Not through edit_student: on a record already 已上报 that is
  a correction and would send the record back to 已核对, yet a number taken from the national
  system itself makes the record agree with it. The number is validated like a form's and must
  not belong to another record; records of students who have left stay locked (an admin fills
  those in the record, with a reason);
- marks matching records (no difference left) 已核准 through registration.set_report_status,
  move by move: 已上报 → 已核准, and 已核对 → 已上报 → 已核准 (the list proves it was reported).
  草稿 and 退回 records cannot be marked (they must be confirmed first): listed in ``unmarkable``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import import_cells as cells_
from xueji_desktop.core import lifecycle, validation
from xueji_desktop.core.errors import ImportColumnsMissing, ImportOutdated, OperationCancelled
from xueji_desktop.core.id_number import mask_id_numbers_in_text
from xueji_desktop.core.import_cells import CellIssue, header_key
from xueji_desktop.core.labels import STATUS_LABELS
from xueji_desktop.core.normalize import clean_text, fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.core.template import field_label, to_template
from xueji_desktop.services import audit, registration
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import CellProblem, ImportResult
from xueji_desktop.services.record_rows import FIELD_COLUMNS, archive_majors, history, refresh_keys
from xueji_desktop.services.sheets import Sheet
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

__all__ = ["COMPARED", "KINDS", "Difference", "Reconciliation", "apply_reconciliation",
           "plan_national_list"]  # fmt: skip

KINDS = ("missing_here", "missing_there", "status_differs", "field_differs", "registry_no_missing")
# The key fields the national list holds, in the order they are shown.
COMPARED = ("name", "gender", "birth_date", "id_number", "class_group", "major_code",
            "enrolment_month", "student_no", "registry_no")  # fmt: skip
# Records the national list must hold: students still at school.
_IN_SCHOOL = ("enrolled", "on_leave")
_STATUS_HEADERS = frozenset(header_key(h) for h in ("学籍状态", "学生状态", "学籍状况", "在籍状态"))
# The national system's 学籍状态 labels: ours, and the other words its exports use.
_THEIR_STATUS = {fold(label): name for name, label in STATUS_LABELS.items()} | {
    "在校": "enrolled", "开除学籍": "expelled", "取消学籍": "deregistered",
    "转学": "transferred_out",
}  # fmt: skip
# A cell the reader refused -> the validation code whose sentence says why.
_CELL_CODES = {"scientific": "id_number_as_number", "number_lost_digits": "id_number_as_number",
               "not_a_date": "date_format", "not_a_month": "month_format"}  # fmt: skip
# The reason the record's history shows for a 学籍号 taken from the list (data, like 班主任核对).
FILL_REASON = "国家学籍系统名单"
_HEADER_SCAN = 10  # title rows above the header (merged 标题 cells) are skipped
_STEP = 100


@dataclass(frozen=True, slots=True)
class Difference:
    """One disagreement. ``field`` is the internal field name ("status" for 学籍状态, "" when the
    student is missing on one side); ``ours``/``theirs`` are shown values (labels, not codes);
    ``row`` the Excel row of the list (None for missing_there); ``label`` names the student
    (姓名 and 学号, never an ID number)."""

    kind: str
    student_id: int | None
    row: int | None
    field: str
    ours: str
    theirs: str
    label: str

    def problem(self) -> Problem:
        """The difference as a Problem for problem_text (ID numbers masked)."""
        values = {"ours": self.ours, "theirs": self.theirs}
        params = {k: mask_id_numbers_in_text(v) for k, v in values.items()}
        code = f"national_{self.kind}"  # RECONCILE_PROBLEMS has a sentence for each kind
        return Problem(self.field, code, "warning", params)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The preview. ``matched``: ids of records a row matched; ``fillable``: (student id, 学籍号)
    an apply may fill; ``markable``: matched records without differences (but a fillable 学籍号)
    that may become 已核准; ``unmarkable``: (student id, 上报状态) of such records that cannot
    (草稿, 退回); ``problems``: rows or cells of the list that could not be used as they are."""

    source: str
    sheet: str
    rows: int
    matched: tuple[int, ...]
    differences: tuple[Difference, ...]
    fillable: tuple[tuple[int, str], ...]
    markable: tuple[int, ...] = ()
    unmarkable: tuple[tuple[int, str], ...] = ()
    problems: tuple[CellProblem, ...] = ()
    header_row: int = 1

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for d in self.differences:
            out[d.kind] += 1
        return out


Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


def plan_national_list(
    session: Session,
    sheet: Sheet,
    *,
    source: str = "",
    progress: Progress = None,
    cancelled: Cancelled = None,
    today: datetime.date | None = None,
) -> Reconciliation:
    """Compare the national list in ``sheet`` with the archive; writes nothing."""
    session.require(Permission.WRITE_RECORDS)
    return _plan(session.archive.db.conn, sheet, source, progress, cancelled, today)


def apply_reconciliation(
    session: Session,
    sheet: Sheet,
    rec: Reconciliation,
    *,
    fill_registry_numbers: bool,
    mark_approved: bool,
    progress: Progress = None,
    cancelled: Cancelled = None,
    today: datetime.date | None = None,
) -> ImportResult:
    """Fill 学籍号 and/or mark matching records 已核准, all in one transaction; ImportOutdated
    when the archive (or the sheet) no longer gives the preview ``rec``."""
    session.require(Permission.WRITE_RECORDS)
    h = session.archive
    with h.db.atomic() as conn:
        fresh = _plan(conn, sheet, rec.source, None, cancelled, today)
        if _essence(fresh) != _essence(rec):
            raise ImportOutdated()
        fills = list(fresh.fillable) if fill_registry_numbers else []
        filled = {sid for sid, _ in fills}
        pending = {d.student_id for d in fresh.differences if d.kind == "registry_no_missing"}
        marks = (
            [s for s in fresh.markable if s not in pending or s in filled] if mark_approved else []
        )
        total = len(fills) + len(marks)
        if total == 0:
            return ImportResult(skipped=fresh.rows)
        done = 0
        for sid, number in fills:
            _fill_registry_no(session, conn, sid, number)
            done = _tick(done, total, progress, cancelled)
        for sid in marks:
            state = conn.execute("SELECT report_status FROM students WHERE id = ?", (sid,))
            if state.fetchone()[0] == "confirmed":  # in the national list, so it was reported
                registration.set_report_status(session, sid, "reported")
            registration.set_report_status(session, sid, "approved")
            done = _tick(done, total, progress, cancelled)
        counts = {"rows": fresh.rows, "matched": len(fresh.matched),
                  "differences": len(fresh.differences), "registry_no_filled": len(fills),
                  "approved": len(marks)}  # fmt: skip
        audit.record(h, session.username, "national_list_reconciled", details=counts)
    ids = tuple(sorted(filled | set(marks)))
    return ImportResult(updated=len(ids), skipped=fresh.rows - len(ids), ids=ids)


def _tick(done: int, total: int, progress: Progress, cancelled: Cancelled) -> int:
    done += 1
    if cancelled is not None and cancelled():
        raise OperationCancelled()  # inside the transaction: everything rolls back
    if progress is not None:
        progress(done, total)
    return done


def _essence(rec: Reconciliation) -> tuple[object, ...]:
    return (rec.rows, rec.matched, rec.differences, rec.fillable, rec.markable, rec.unmarkable)


def _fill_registry_no(session: Session, conn: Connection, sid: int, number: str) -> None:
    # The plan, re-made in this transaction, found the number valid, free and the field empty.
    conn.execute(
        "UPDATE students SET registry_no = ?, updated_at = ? WHERE id = ? AND registry_no IS NULL",
        (number, now_utc(), sid),
    )
    history(conn, sid, "registry_no", None, number, kind="national_list",
            actor=session.username, reason=FILL_REASON)  # fmt: skip
    refresh_keys(conn, sid)
    audit.record(
        session.archive,
        session.username,
        "registry_no_filled",
        target_type="student",
        target_id=sid,
        details={"source": "national_list"},
    )


# -- the comparison -------------------------------------------------------------------------------


def _header(sheet: Sheet) -> tuple[int, dict[int, str]]:
    """(0-based header row, column -> field) of the first row naming >= 2 fields."""
    for index, cells in enumerate(sheet.rows[:_HEADER_SCAN]):
        columns = dict(cells_.match_headers(cells, required=()).columns)
        for col, cell in enumerate(cells):
            if col not in columns and header_key(cell) in _STATUS_HEADERS:
                columns[col] = "status"
        if len(columns) >= 2 and set(columns.values()) & {"id_number", "registry_no"}:
            return index, columns
    raise ImportColumnsMissing(columns="身份证件号、学籍号")


def _cell_text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):  # datetime too
        return value.isoformat()[:10]
    return clean_text(str(value))


_READERS: dict[str, Callable[[object], str | CellIssue | None]] = {
    "id_number": cells_.id_number_cell, "birth_date": cells_.date_cell,
    "enrolment_month": cells_.month_cell,
}  # fmt: skip


def _who(row: Mapping[str, Any]) -> str:
    return f"{row['name']}（{row['student_no']}）" if row.get("student_no") else str(row["name"])


class _Comparison:
    """One pass over the list against the archive's records (voided ones left out)."""

    def __init__(self, conn: Connection, sheet: Sheet, today: datetime.date) -> None:
        self.index, self.columns = _header(sheet)
        self.headers = sheet.rows[self.index]
        self.today = today
        cur = conn.execute(
            "SELECT s.*, COALESCE(c.name, '') AS class_group FROM students s "
            "LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE s.voided = 0 ORDER BY s.id"
        )
        names = [d[0] for d in cur.description]
        self.ours = {int(r[0]): dict(zip(names, r, strict=True)) for r in cur.fetchall()}
        self.by_key: dict[tuple[str, str], int] = {}
        self.by_number: dict[str, list[int]] = {}
        for sid, row in self.ours.items():
            if row["id_number"]:
                self.by_key[(str(row["id_type"]), str(row["id_number"]))] = sid
                self.by_number.setdefault(str(row["id_number"]), []).append(sid)
        self.taken = {r["registry_no"]: s for s, r in self.ours.items() if r["registry_no"]}
        self.majors = archive_majors(conn)
        self.major_names = {
            str(c): str(n) for c, n in conn.execute("SELECT code, name FROM majors")
        }
        self.by_major_name = {fold(n): c for c, n in self.major_names.items()}
        self.problems: list[CellProblem] = []
        self.diffs: list[Difference] = []
        self.seen: dict[int, int] = {}  # student id -> the row that matched it first
        self.fillable: list[tuple[int, str]] = []
        self.unsure: set[int] = set()

    def problem(self, row_no: int, field: str, code: str, **params: str) -> None:
        col = next((c for c, f in self.columns.items() if f == field), None)
        header = _cell_text(self.headers[col]) if col is not None else ""
        locked = code == "national_registry_no_locked"  # an admin may fill it: a warning
        problem = Problem(field, code, "warning" if locked else "error", params)
        self.problems.append(CellProblem(row_no, header, col, problem))

    def read(self, cells: Sequence[object], row_no: int) -> dict[str, str]:
        raw: dict[str, str] = {}
        for col, name in self.columns.items():
            if name not in COMPARED and name not in ("status", "id_type"):
                continue
            value = cells[col] if col < len(cells) else None
            reader = _READERS.get(name)
            got = reader(value) if reader is not None else _cell_text(value)
            if isinstance(got, CellIssue):
                self.problem(row_no, name, _CELL_CODES.get(got.code, "wrong_type"))
            elif got:
                raw[name] = got
        return raw

    def normalise(self, raw: Mapping[str, str]) -> tuple[dict[str, str], set[str]]:
        """The row's values as stored (codes, ISO dates) and the fields that are not valid
        (compared as written)."""
        values: dict[str, str] = {k: v for k, v in raw.items() if k != "status"}
        major = raw.get("major_code", "")
        if major and major not in self.majors:  # the national list names the major
            values["major_code"] = self.by_major_name.get(fold(major), major)
        checked = validation.check_student(values, today=self.today, majors=self.majors)
        bad = {p.field for p in checked.problems if p.severity == "error"}
        return {
            k: v if k in bad else str(checked.values.get(k) or v) for k, v in values.items()
        }, bad

    def match(self, theirs: Mapping[str, str], bad: set[str]) -> int | None:
        number = theirs.get("id_number", "")
        if number and "id_number" not in bad:
            kind = theirs.get("id_type", "")
            if kind and "id_type" not in bad:
                if (kind, number) in self.by_key:
                    return self.by_key[(kind, number)]
            elif len(self.by_number.get(number, [])) == 1:  # one number, two types: not by it
                return self.by_number[number][0]
        return self.taken.get(theirs.get("registry_no", ""))

    def shown(self, field: str, value: str) -> str:
        if not value or field == "class_group":
            return value
        if field == "major_code":
            return self.major_names.get(value, value)
        return str(to_template({field: value}).get(field_label(field), value))

    def compare(self, cells: Sequence[object], row_no: int) -> bool:
        """Compare one data row; False for an empty row."""
        problems_before = len(self.problems)
        raw = self.read(cells, row_no)
        if not raw:
            return False
        theirs, bad = self.normalise(raw)
        sid = self.match(theirs, bad)
        if sid is None:
            if {"id_number", "registry_no"} & theirs.keys():
                diff = Difference("missing_here", None, row_no, "status", "",
                                  raw.get("status", ""), raw.get("name", ""))  # fmt: skip
                self.diffs.append(diff)
            else:
                self.problem(row_no, "", "national_no_key")
            return True
        if sid in self.seen:
            self.problem(row_no, "", "national_duplicate_row", first_row=str(self.seen[sid]))
            return True
        self.seen[sid] = row_no
        row, label = self.ours[sid], _who(self.ours[sid])
        status = raw.get("status")
        if status is not None:
            mapped = _THEIR_STATUS.get(fold(status))
            ours = STATUS_LABELS.get(str(row["status"]), "")
            if mapped is None:
                self.problem(row_no, "status", "national_unknown_status", value=status[:20])
            elif mapped != row["status"]:
                self.diffs.append(Difference("status_differs", sid, row_no, "status", ours,
                                             status, label))  # fmt: skip
        for name in COMPARED:
            value, mine = theirs.get(name, ""), "" if row[name] is None else str(row[name])
            if not value or value == mine or (name == "class_group" and fold(value) == fold(mine)):
                continue
            if name == "registry_no" and row[name] is None:
                self.diffs.append(Difference("registry_no_missing", sid, row_no, name, "", value,
                                             label))  # fmt: skip
                self.fill(sid, row, value, bad, row_no)
            else:
                self.diffs.append(Difference("field_differs", sid, row_no, name,
                                             self.shown(name, mine), self.shown(name, value),
                                             label))  # fmt: skip
        if len(self.problems) > problems_before:
            self.unsure.add(sid)  # a cell left uncompared: not known to match
        return True

    def fill(
        self, sid: int, row: Mapping[str, Any], number: str, bad: set[str], row_no: int
    ) -> None:
        """Keep the list's 学籍号 as fillable, or say why it cannot fill the record's empty one."""
        if lifecycle.is_locked(str(row["status"])):
            return self.problem(row_no, "registry_no", "national_registry_no_locked")
        if "registry_no" in bad:
            return self.problem(row_no, "registry_no", "registry_no_format")
        if self.taken.get(number, sid) != sid:
            return self.problem(row_no, "registry_no", "national_registry_no_taken")
        merged = {c: row[c] for c in FIELD_COLUMNS} | {"registry_no": number}
        checked = validation.check_student(merged, today=self.today, majors=self.majors)
        if any(p.field == "registry_no" and p.severity == "error" for p in checked.problems):
            return self.problem(row_no, "registry_no", "registry_no_format")
        self.fillable.append((sid, number))
        self.taken[number] = sid
        return None

    def result(self, source: str, sheet: Sheet, rows: int) -> Reconciliation:
        for sid, row in self.ours.items():
            if (
                sid not in self.seen
                and row["status"] in _IN_SCHOOL
                and row["report_status"] != "draft"
            ):
                ours = STATUS_LABELS.get(str(row["status"]), "")
                self.diffs.append(
                    Difference("missing_there", sid, None, "status", ours, "", _who(row))
                )
        other = {d.student_id for d in self.diffs if d.kind != "registry_no_missing"}
        unfilled = {d.student_id for d in self.diffs if d.kind == "registry_no_missing"}
        blocked = self.unsure | other | (unfilled - {s for s, _ in self.fillable})
        markable, unmarkable = [], []
        for sid in sorted(self.seen):
            state = str(self.ours[sid]["report_status"])
            if sid in blocked or state == "approved":
                continue
            if state in ("reported", "confirmed"):
                markable.append(sid)
            else:
                unmarkable.append((sid, state))
        return Reconciliation(source, sheet.name, rows, tuple(sorted(self.seen)), tuple(self.diffs),
                              tuple(self.fillable), tuple(markable), tuple(unmarkable),
                              tuple(self.problems), self.index + 1)  # fmt: skip


def _plan(conn: Connection, sheet: Sheet, source: str, progress: Progress,
          cancelled: Cancelled, today: datetime.date | None) -> Reconciliation:  # fmt: skip
    work = _Comparison(conn, sheet, today or datetime.date.today())
    data = sheet.rows[work.index + 1 :]
    rows = 0
    for offset, cells in enumerate(data):
        if offset % _STEP == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(offset, len(data))
        rows += work.compare(cells, work.index + offset + 2)
    if progress is not None:
        progress(len(data), len(data))
    return work.result(source, sheet, rows)
