"""Lists across the archive for the 学籍异动 and 班级 pages: recent events and class head-counts.

Read-only queries; the per-student reading of events is ``status_changes.list_changes``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session

__all__ = ["ChangeRow", "class_status_counts", "recent_changes"]

MAX_ROWS = 2000


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    student_id: int
    student_no: str
    name: str
    class_group_id: int | None
    class_name: str
    kind: str
    effective_date: str
    document_no: str
    status_before: str
    status_after: str
    report_status: str
    revoked: bool


def _day(field: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    return lifecycle.parse_date(field, value).isoformat()


def recent_changes(
    session: Session,
    *,
    kind: str | None = None,
    date_from: str | datetime.date | None = None,
    date_to: str | datetime.date | None = None,
    class_group_id: int | None = None,
    include_revoked: bool = True,
    limit: int = 500,
) -> list[ChangeRow]:
    """学籍异动 of the whole archive, newest effective date first, narrowed by the filters.

    ``class_group_id`` is the student's class now (a moved student shows under the new class).
    """
    session.require(Permission.READ_RECORDS)
    where = ["s.voided = 0"]
    params: list[object] = []
    if kind is not None:
        if kind not in lifecycle.SPECS:
            raise ValidationError(field="kind", reason="unknown")
        where.append("e.kind = ?")
        params.append(kind)
    start, end = _day("date_from", date_from), _day("date_to", date_to)
    if start is not None:
        where.append("e.effective_date >= ?")
        params.append(start)
    if end is not None:
        where.append("e.effective_date <= ?")
        params.append(end)
    if class_group_id is not None:
        if not lifecycle.is_int(class_group_id):
            raise ValidationError(field="class_group_id", reason="type")
        where.append("s.class_group_id = ?")
        params.append(class_group_id)
    if not include_revoked:
        where.append("e.revoked = 0")
    if not lifecycle.is_int(limit) or limit < 1:
        raise ValidationError(field="limit", reason="type")
    conditions = " AND ".join(where)  # fixed texts; every value is bound
    sql = (
        "SELECT e.id, e.student_id, COALESCE(s.student_no, ''), s.name, s.class_group_id, "
        "COALESCE(c.name, ''), e.kind, e.effective_date, e.document_no, e.status_before, "
        "e.status_after, e.report_status, e.revoked "
        "FROM status_changes e JOIN students s ON s.id = e.student_id "
        "LEFT JOIN class_groups c ON c.id = s.class_group_id "
        "WHERE " + conditions + " ORDER BY e.effective_date DESC, e.id DESC LIMIT ?"
    )
    rows = session.archive.db.conn.execute(sql, [*params, min(limit, MAX_ROWS)]).fetchall()
    return [
        ChangeRow(int(r[0]), int(r[1]), r[2], r[3], None if r[4] is None else int(r[4]), r[5],
                  r[6], r[7], r[8], r[9], r[10], r[11], bool(r[12]))
        for r in rows
    ]  # fmt: skip


def class_status_counts(session: Session) -> dict[int, dict[str, int]]:
    """Non-voided students per class and 学籍状态: {class id: {status: count}}."""
    session.require(Permission.READ_RECORDS)
    out: dict[int, dict[str, int]] = {}
    for cid, status, count in session.archive.db.conn.execute(
        "SELECT class_group_id, status, count(*) FROM students "
        "WHERE voided = 0 AND class_group_id IS NOT NULL GROUP BY class_group_id, status"
    ):
        out.setdefault(int(cid), {})[str(status)] = int(count)
    return out
