"""Retention rules (保管期限) per document type (issue 9 §4; docs/design/retention.md).

Every document type is permanent unless the school sets a period: ``retention_rules`` (schema
6) holds a row only for the types the school has decided on. The types of the 学籍档案 that the
national 办法 (Art. 5) lists are permanent and cannot be given a period. The due day of a scan
follows the Civil Code's reckoning of periods (``due_on``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import Checks
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

CountedFrom = Literal["added", "left"]
COUNTED_FROM: tuple[str, ...] = ("added", "left")
MAX_YEARS = 100  # the schema's CHECK

# 《中等职业学校学生学籍管理办法》Art. 5: the contents of the 学籍档案 — 基本信息 (the
# enrolment form), 思想品德评价材料, 成绩, 资助信息, 奖惩材料, 毕业生信息登记表. Kept for good
# (domain.md §1.6).
PERMANENT_TYPES: frozenset[str] = frozenset(
    {
        "enrolment_form",
        "conduct_record",
        "transcript",
        "aid_record",
        "reward_punishment",
        "graduate_form",
    }
)


@dataclass(frozen=True, slots=True)
class RetentionRule:
    doc_type: str
    name: str  # the type's name (入学登记表 …)
    years: int | None  # None: kept permanently
    counted_from: CountedFrom
    permanent: bool  # no period set (or a 学籍档案 type, which never has one)
    fixed: bool = False  # a 学籍档案 type: the period cannot be set
    updated_at: str = ""
    updated_by: str = ""


def _rule_rows(conn: Connection) -> list[RetentionRule]:
    rows = conn.execute(
        "SELECT t.code, t.name, r.years, COALESCE(r.counted_from, 'left'),"
        " COALESCE(r.updated_at, ''), COALESCE(r.updated_by, '')"
        " FROM document_types t LEFT JOIN retention_rules r ON r.doc_type = t.code"
        " ORDER BY t.sort_order, t.code"
    )
    out = []
    for code, name, years, counted, at, by in rows:
        fixed = str(code) in PERMANENT_TYPES
        y = None if fixed or years is None else int(years)
        out.append(
            RetentionRule(str(code), str(name), y, counted, y is None, fixed, str(at), str(by))
        )
    return out


def rules_by_type(conn: Connection) -> dict[str, RetentionRule]:
    """The rules keyed by document type (no permission check: for services that checked)."""
    return {r.doc_type: r for r in _rule_rows(conn)}


def get_rules(session: Session) -> list[RetentionRule]:
    """Every document type with its retention period, in the checklist's order."""
    session.require(Permission.READ_RECORDS)
    return _rule_rows(session.archive.db.conn)


def set_rule(
    session: Session, doc_type: str, *, years: int | None, counted_from: str = "left"
) -> RetentionRule:
    """Set (or, with ``years=None``, clear back to permanent) the period of a document type.
    A 学籍档案 type refuses any period (problem ``retention_permanent_type``)."""
    session.require(Permission.MANAGE_SETTINGS)
    ck = Checks()
    code = ck.text("doc_type", doc_type, required=True, max_len=50)
    counted = ck.choice("counted_from", counted_from, COUNTED_FROM)
    if years is not None:
        ck.integer("years", years, low=1, high=MAX_YEARS)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        rules = rules_by_type(conn)
        before = rules.get(code)
        if before is None:
            ck.add("doc_type", "unknown_doc_type")
        elif before.fixed and years is not None:
            ck.add("years", "retention_permanent_type", doc_type=before.name)
        ck.done()
        assert before is not None
        ts = now_utc()
        conn.execute(
            "INSERT INTO retention_rules (doc_type, years, counted_from, updated_at, updated_by)"
            " VALUES (?,?,?,?,?) ON CONFLICT (doc_type) DO UPDATE SET years = excluded.years,"
            " counted_from = excluded.counted_from, updated_at = excluded.updated_at,"
            " updated_by = excluded.updated_by",
            (code, years, counted, ts, session.username),
        )
        audit.record(
            h,
            session.username,
            "retention_rule_set",
            target_type="document_type",
            target_id=code,
            details={
                "years": years,
                "counted_from": counted,
                "before": {"years": before.years, "counted_from": before.counted_from},
            },
        )
        return rules_by_type(conn)[code]


def period_end(start: datetime.date, years: int) -> datetime.date:
    """The last day of a period of ``years`` years from the event on ``start`` (民法典 Arts.
    201–203: the day of the event is not counted; the period ends on the corresponding day of
    the last year, or on the month's last day when that year has no such day — 29 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that has none
        return datetime.date(start.year + years, 2, 28)


def due_on(start: datetime.date, years: int) -> datetime.date:
    """The first day on which a scan kept ``years`` years from ``start`` may be destroyed."""
    return period_end(start, years) + datetime.timedelta(days=1)


__all__ = [
    "COUNTED_FROM",
    "PERMANENT_TYPES",
    "RetentionRule",
    "due_on",
    "get_rules",
    "period_end",
    "rules_by_type",
    "set_rule",
]
