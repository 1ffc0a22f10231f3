"""Row-level helpers shared by the record services (students, registration, status changes).

They take an open connection inside the caller's ``atomic()``; they check no permission and write
no audit entry themselves: the calling service does both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from xueji_desktop.core.errors import NotFound, RecordVoided
from xueji_desktop.core.fields import STUDENT_FIELDS
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

# Columns of ``students`` that hold template fields (class_group is stored as class_group_id).
FIELD_COLUMNS: tuple[str, ...] = tuple(f.name for f in STUDENT_FIELDS if f.name != "class_group")
NUMBER_COLUMNS = ("student_no", "registry_no")
FAMILY_COLUMNS = (
    "name",
    "relation",
    "is_guardian",
    "phone",
    "birth_month",
    "id_type",
    "id_number",
    "ethnicity",
    "political_status",
    "health_status",
    "employer",
    "position",
)


def load_student(conn: Connection, student_id: int) -> dict[str, Any]:
    """The ``students`` row as a dict (with ``class_group`` = the class name), or NotFound."""
    cur = conn.execute(
        "SELECT s.*, COALESCE(c.name, '') AS class_group, c.intake_year AS class_intake_year "
        "FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE s.id = ?",
        (int(student_id),),
    )
    row = cur.fetchone()
    if row is None:
        raise NotFound(kind="student", id=student_id)
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def load_writable(conn: Connection, student_id: int) -> dict[str, Any]:
    row = load_student(conn, student_id)
    if row["voided"]:
        raise RecordVoided(kind="student", id=student_id)
    return row


def load_family(conn: Connection, student_id: int) -> list[dict[str, Any]]:
    cur = conn.execute(
        f"SELECT {', '.join(FAMILY_COLUMNS)} FROM family_members "  # noqa: S608 - fixed names
        "WHERE student_id = ? ORDER BY seq",
        (student_id,),
    )
    return [dict(zip(FAMILY_COLUMNS, r, strict=True)) for r in cur.fetchall()]


def write_family(conn: Connection, student_id: int, members: Iterable[Mapping[str, Any]]) -> None:
    """Replace the student's family members (family_members is not history-bearing by itself:
    callers write the old and new lists to field_history)."""
    conn.execute("DELETE FROM family_members WHERE student_id = ?", (student_id,))
    for seq, member in enumerate(members, start=1):
        values = [_family_value(c, member.get(c)) for c in FAMILY_COLUMNS]
        conn.execute(
            f"INSERT INTO family_members (student_id, seq, {', '.join(FAMILY_COLUMNS)}) "  # noqa: S608
            f"VALUES (?, ?, {', '.join('?' * len(FAMILY_COLUMNS))})",
            [student_id, seq, *values],
        )


def _family_value(column: str, value: Any) -> Any:
    if column == "is_guardian":
        return 1 if value in (1, True, "1") else 0
    return "" if value is None else str(value)


def history(
    conn: Connection,
    student_id: int,
    field: str,
    old: Any,
    new: Any,
    *,
    kind: str,
    actor: str,
    reason: str = "",
    entity: str = "student",
    entity_id: int | None = None,
) -> None:
    conn.execute(
        "INSERT INTO field_history (student_id, entity, entity_id, field, old_value, new_value, "
        "reason, change_kind, actor, ts) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            student_id,
            entity,
            student_id if entity_id is None else entity_id,
            field,
            _text(old),
            _text(new),
            reason,
            kind,
            actor,
            now_utc(),
        ),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def class_by_name(conn: Connection, name: str) -> tuple[int, int, str] | None:
    """(id, intake_year, major_code) of the class with that name."""
    row = conn.execute(
        "SELECT id, intake_year, major_code FROM class_groups WHERE name = ?", (name,)
    ).fetchone()
    return (int(row[0]), int(row[1]), str(row[2])) if row else None


def archive_majors(conn: Connection) -> dict[str, str]:
    """code -> catalogue version of the majors configured in this archive."""
    return {
        str(r[0]): str(r[1]) for r in conn.execute("SELECT code, catalogue_version FROM majors")
    }


def refresh_keys(conn: Connection, student_id: int) -> None:
    # Imported here: search imports name_keys (pypinyin), which is slow to load and not needed
    # by every caller of this module.
    from xueji_desktop.services import search

    search.refresh_search_keys(conn, student_id)
