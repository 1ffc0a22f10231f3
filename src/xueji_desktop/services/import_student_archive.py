"""What the rows of a student sheet meet in the archive: the records they may name (read once
per plan, never per row), the update of an existing record planned under edit_student's rules,
and the writes of a commit (bulk inserts of new records, updates with their field_history).

Called by services/import_students.py (the commit inside its transaction); no permission
check or audit entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from xueji_desktop.core import codes, lifecycle, validation
from xueji_desktop.core.fields import STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.normalize import fold, fold_upper
from xueji_desktop.core.problems import Problem
from xueji_desktop.services import search
from xueji_desktop.services.import_model import CellProblem, FieldChange, PlannedRow
from xueji_desktop.services.record_rows import (
    FAMILY_COLUMNS,
    FIELD_COLUMNS,
    history,
    write_family,
)
from xueji_desktop.services.students import (
    EDITABLE_REPORT_STATUSES,
    _duplicate,
    _major_from_class,
    _resolve_class,
    _touched,
)
from xueji_desktop.storage.connection import Connection, IntegrityError
from xueji_desktop.storage.layout import now_utc

if TYPE_CHECKING:
    from xueji_desktop.services.import_student_rows import Classifier

__all__ = [
    "CachedReads",
    "Existing",
    "apply_updates",
    "family_norm",
    "has_error",
    "insert_new",
    "load_existing",
    "load_family_of",
    "load_rows_of",
    "update_row",
]


# -- the archive's students --------------------------------------------------------------------


class CachedReads:
    """The connection as students._major_from_class and _resolve_class use it (a class by name,
    the majors), each distinct query run once per plan instead of once per row. Reads only."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._cache: dict[tuple[str, tuple[object, ...]], list[tuple[Any, ...]]] = {}

    def execute(self, sql: str, params: Sequence[object] = ()) -> _Rows:
        key = (sql, tuple(params))
        rows = self._cache.get(key)
        if rows is None:
            rows = self._cache[key] = list(self._conn.execute(sql, params).fetchall())
        return _Rows(rows)


class _Rows:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


@dataclass(frozen=True, slots=True)
class Existing:
    """Every record that is not voided, by the numbers a row may name: ID number (-> [(type,
    id)]), 学号, 学籍号, and (name, birth date) of records without an ID number (old graduates)."""

    by_id_number: dict[str, list[tuple[str, int]]]
    by_student_no: dict[str, int]
    by_registry_no: dict[str, int]
    by_name_birth: dict[tuple[str, str], int]
    classes: dict[str, tuple[int, int, str]]
    diplomas: frozenset[str] = frozenset()  # 毕业证书编号 (unique among non-voided records)

    def match_id(self, id_type: str, number: str) -> int | None:
        for stored_type, sid in self.by_id_number.get(fold_upper(number), ()):
            if not id_type or stored_type == id_type:
                return sid
        return None


def load_existing(conn: Connection) -> Existing:
    """One read of the keys of all records (an archive may hold 100,000): no query per row."""
    by_id: dict[str, list[tuple[str, int]]] = {}
    by_no: dict[str, int] = {}
    by_registry: dict[str, int] = {}
    by_name_birth: dict[tuple[str, str], int] = {}
    diplomas: set[str] = set()
    cur = conn.execute(
        "SELECT id, id_type, id_number, student_no, registry_no, name, birth_date, diploma_no "
        "FROM students WHERE voided = 0"
    )
    for sid, id_type, number, student_no, registry_no, name, birth, diploma in cur:
        if diploma:
            diplomas.add(str(diploma))
        if number:
            by_id.setdefault(str(number), []).append((str(id_type), int(sid)))
        else:
            by_name_birth.setdefault((str(name), str(birth)), int(sid))
        if student_no:
            by_no[str(student_no)] = int(sid)
        if registry_no:
            by_registry[str(registry_no)] = int(sid)
    classes = {
        str(r[0]): (int(r[1]), int(r[2]), str(r[3]))
        for r in conn.execute("SELECT name, id, intake_year, major_code FROM class_groups")
    }
    return Existing(by_id, by_no, by_registry, by_name_birth, classes, frozenset(diplomas))


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def load_rows_of(conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The full rows (with ``class_group`` = class name) of the records rows update."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ", ".join("?" * len(chunk))  # only placeholders are formatted in
        cur = conn.execute(
            "SELECT s.*, COALESCE(c.name, '') AS class_group FROM students s "  # noqa: S608
            f"LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE s.id IN ({marks})",
            list(chunk),
        )
        names = [d[0] for d in cur.description]
        for row in cur.fetchall():
            record = dict(zip(names, row, strict=True))
            out[int(record["id"])] = record
    return out


def load_family_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {sid: [] for sid in ids}
    for chunk in _chunks(sorted(set(ids))):
        cur = conn.execute(
            f"SELECT student_id, {', '.join(FAMILY_COLUMNS)} FROM family_members "  # noqa: S608
            f"WHERE student_id IN ({', '.join('?' * len(chunk))}) ORDER BY student_id, seq",
            list(chunk),
        )
        for sid, *values in cur.fetchall():
            out[int(sid)].append(dict(zip(FAMILY_COLUMNS, values, strict=True)))
    return out


_FAMILY_TEXT = tuple(c for c in FAMILY_COLUMNS if c != "is_guardian")


def family_norm(members: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Family members as family_members stores them (is_guardian 0/1, text never None)."""
    out = []
    for m in members:
        row: dict[str, Any] = {c: "" if m.get(c) is None else str(m.get(c)) for c in _FAMILY_TEXT}
        row["is_guardian"] = 1 if m.get("is_guardian") in (1, True, "1") else 0
        out.append({c: row[c] for c in FAMILY_COLUMNS})
    return out


def has_error(problems: Sequence[CellProblem]) -> bool:
    return any(p.problem.severity == "error" for p in problems)


_CLASS_MOVES = frozenset({"class_group_id", "major_code", "major_catalogue"})


def _merge_family(
    before: Sequence[Mapping[str, Any]], sheet: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The stored members with the sheet's non-empty cells laid over them, member by member."""
    merged = [dict(m) for m in before]
    for index, member in enumerate(sheet):
        if index < len(merged):
            merged[index].update(member)
        else:
            merged.append(dict(member))
    return merged


def update_row(
    c: Classifier,
    row_no: int,
    label: str,
    raw: dict[str, Any],
    cells: list[CellProblem],
    current: dict[str, Any],
    family_before: list[dict[str, Any]],
) -> PlannedRow:
    """A row naming an existing record: its changes (only the sheet's non-empty cells), or why
    they cannot be made (edit_student's rules)."""
    sid = int(current["id"])
    values, mapped = validation.to_internal(raw)
    problems = [*cells, *(c.locate(row_no, p) for p in mapped)]
    old_class = str(values.get("class_group", "")).strip()
    if c.mode == "history" and old_class and old_class not in c.existing.classes:
        del values["class_group"]  # an old class is not kept (as for new records)
        dropped = Problem("class_group", "history_class_dropped", "warning")
        problems.append(c.locate(row_no, dropped))
    for number in ("student_no", "registry_no"):
        if number in values and current[number] is not None:
            if fold(str(values[number] or "")).upper() != str(current[number]).upper():
                problems.append(c.locate(row_no, Problem(number, "number_fixed")))
            del values[number]
    draft = current["report_status"] in EDITABLE_REPORT_STATUSES
    merged: dict[str, Any] = {col: current[col] for col in FIELD_COLUMNS}
    merged["class_group"] = current["class_group"]
    sheet_family: list[dict[str, Any]] = values.pop("family_members", None) or []  # type: ignore[assignment]
    merged["family_members"] = _merge_family(family_before, sheet_family)
    merged.update(values)
    if "class_group" in values and "major_code" not in values:
        merged["major_code"] = ""
        _major_from_class(c.reads, merged)
    # 历史补录 records keep the minimal set: the template's required fields are not asked for
    lenient = draft or c.mode == "history"
    checked = validation.check_student(merged, today=c.today, majors=c.majors, draft=lenient)
    # Only what the row changes is judged (with the fields that belong to it): a mistake already
    # in the record that the sheet does not touch is the data-health report's, not this row's.
    differs = {k for k in values if checked.values.get(k, values[k]) != current.get(k)}
    if "class_group" in values and str(checked.values.get("class_group") or "") == str(
        current.get("class_group") or ""
    ):
        differs.discard("class_group")
    touched = _touched(differs | ({"family_members"} if sheet_family else set()))
    problems += [c.locate(row_no, p) for p in checked.problems if p.field.split(".")[0] in touched]
    row, more = _resolve_class(c.reads, checked.values)
    problems += [c.locate(row_no, p) for p in more]
    allowed_cols = set(values) | (_CLASS_MOVES if "class_group" in values else set())
    if "major_code" in values:
        allowed_cols.add("major_catalogue")
    changed = {
        k: v for k, v in row.items() if k in allowed_cols and k in current and v != current[k]
    }
    changed.pop("status", None)
    _keep_finer_codes(changed, current)
    if not draft:  # on a confirmed record class and major move only by 学籍异动
        for moved, field in (("class_group_id", "class_group"), ("major_code", "major_code")):
            if moved in changed:
                problems.append(c.locate(row_no, Problem(field, "use_status_change")))
    for number, index in (("student_no", c.existing.by_student_no),
                          ("registry_no", c.existing.by_registry_no)):  # fmt: skip
        if changed.get(number) and index.get(str(changed[number]), sid) != sid:
            problems.append(c.locate(row_no, Problem(number, "number_taken")))
    if "id_number" in changed or "id_type" in changed:
        other = c.existing.match_id(str(row["id_type"]), str(row["id_number"]))
        if other is not None and other != sid:
            problems.append(c.locate(row_no, Problem("id_number", "number_taken")))
    after = family_norm(checked.family) if sheet_family else family_norm(family_before)
    before = family_norm(family_before)
    changes = [
        FieldChange("class_group", current["class_group"], str(checked.values["class_group"]))
        if k == "class_group_id" else FieldChange(k, current[k], v)
        for k, v in changed.items()
    ]  # fmt: skip
    if after != before:
        changed["family_members"] = after
        changes.append(FieldChange("family_members", before, after))
    if changes and lifecycle.is_locked(str(current["status"])) and not c.may_correct_left:
        # a left student's record: only an admin corrects it (a row repeating it is no error)
        problems.append(CellProblem(row_no, "", None, Problem("", "record_left")))
    kind = "error" if has_error(problems) else "update" if changes else "unchanged"
    return PlannedRow(row_no, kind, label, sid, MappingProxyType(changed), tuple(changes),
                      tuple(problems))  # fmt: skip


def _keep_finer_codes(changed: dict[str, Any], current: Mapping[str, Any]) -> None:
    """A sheet holds labels, and some codes share one (学生类别 33110 调整后中职学生（全日制） and
    331 both export as 调整后中职学生): a label that also names the stored code is no change, so
    an exported sheet imported back changes nothing."""
    for name in list(changed):
        spec = STUDENT_FIELDS_BY_NAME.get(name)
        if spec is None or spec.kind != "code" or not spec.table or not current.get(name):
            continue
        old, new = str(current[name]), str(changed[name] or "")
        if new and codes.label_of(spec.table, old) == codes.label_of(spec.table, new):
            del changed[name]


# -- writes ------------------------------------------------------------------------------------

_FIXED = ("status", "report_status", "graduation_outcome", "graduation_date", "diploma_no")


def insert_new(
    conn: Connection,
    actor: str,
    rows: Sequence[PlannedRow],
    *,
    step: Callable[[int], None],
    every: int,
) -> list[int]:
    """Insert the new records in bulk (ids in sheet order), their families and search keys."""
    if not rows:
        return []
    first = int(conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM students").fetchone()[0])
    ts = now_utc()
    columns = [*FIELD_COLUMNS, "class_group_id", *_FIXED, "confirmed_at", "confirmed_by",
               "created_at", "created_by", "updated_at"]  # fmt: skip
    records: list[tuple[Any, ...]] = []
    family: list[tuple[Any, ...]] = []
    for n, planned in enumerate(rows):
        if n % every == 0:
            step(n)
        v = planned.values
        confirmed = v.get("report_status") == "confirmed"
        records.append((
            first + n,
            *(v[col] for col in FIELD_COLUMNS),
            v["class_group_id"],
            v.get("status", "enrolled"),
            v.get("report_status", "draft"),
            v.get("graduation_outcome", ""),
            v.get("graduation_date", ""),
            v.get("diploma_no") or None,  # NULL: the unique index skips records without one
            ts if confirmed else None,
            actor if confirmed else None,
            ts, actor, ts,
        ))  # fmt: skip
        members: list[dict[str, Any]] = v["family_members"]  # type: ignore[assignment]
        for seq, member in enumerate(members, start=1):
            family.append((first + n, seq, *(member[col] for col in FAMILY_COLUMNS)))
    try:
        conn.executemany(
            f"INSERT INTO students (id, {', '.join(columns)}) "  # noqa: S608 - fixed names
            f"VALUES ({', '.join('?' * (len(columns) + 1))})",
            records,
        )
    except IntegrityError as exc:  # the plan checked every number: only a damaged archive
        raise _duplicate(exc) from None
    conn.executemany(
        f"INSERT INTO family_members (student_id, seq, {', '.join(FAMILY_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * (len(FAMILY_COLUMNS) + 2))})",
        family,
    )
    ids = list(range(first, first + len(rows)))
    search.refresh_search_keys_for(conn, ids, fresh=True)
    return ids


def apply_updates(
    conn: Connection,
    actor: str,
    rows: Sequence[PlannedRow],
    reason: str,
    *,
    step: Callable[[int], None],
    every: int,
) -> list[int]:
    """Write each update with one field_history row per changed field, under edit_student's
    change kinds: a draft is edited, a confirmed record corrected (a reported one goes back to
    已核对, to be reported again), a left student's record corrected by an admin."""
    ids: list[int] = []
    for n, planned in enumerate(rows):
        if n % every == 0:
            step(n)
        sid = int(planned.student_id or 0)
        status, report_status, class_id = conn.execute(
            "SELECT status, report_status, class_group_id FROM students WHERE id = ?", (sid,)
        ).fetchone()
        if lifecycle.is_locked(str(status)):
            kind = "locked_correction"
        else:
            kind = "edit" if report_status in EDITABLE_REPORT_STATUSES else "correction"
        sets = {k: v for k, v in planned.values.items() if k != "family_members"}
        for change in planned.changes:
            field, old, new = change.field, change.old, change.new
            if field == "class_group":  # the preview shows names; history keeps the column
                field, old, new = "class_group_id", class_id, sets["class_group_id"]
            history(conn, sid, field, old, new, kind=kind, actor=actor, reason=reason)
        if "family_members" in planned.values:
            write_family(conn, sid, planned.values["family_members"])  # type: ignore[arg-type]
        sets["updated_at"] = now_utc()
        if kind == "correction" and report_status in ("reported", "approved"):
            sets["report_status"] = "confirmed"
            history(conn, sid, "report_status", report_status, "confirmed", kind=kind,
                    actor=actor, reason=reason)  # fmt: skip
        try:
            conn.execute(
                f"UPDATE students SET {', '.join(f'{c} = ?' for c in sets)} WHERE id = ?",  # noqa: S608
                [*sets.values(), sid],
            )
        except IntegrityError as exc:
            raise _duplicate(exc) from None
        ids.append(sid)
    if ids:
        search.refresh_search_keys_for(conn, ids)
    return ids
