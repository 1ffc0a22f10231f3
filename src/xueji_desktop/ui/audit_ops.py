"""Worker-side calls of the 审计日志 page and the "who touched this record" dialog: one small
function per user action. Everything here runs on the session worker (ui/worker.py) and touches
no widget; the services check the role (admins only) and the filters."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xueji_desktop.services import (
    audit_access,
    audit_access_export,
    audit_view,
    search,
    structure,
    users,
)
from xueji_desktop.services.audit_access import AccessReport
from xueji_desktop.services.audit_access_export import StudentLabel
from xueji_desktop.services.audit_view import AuditItem, AuditPage, ChainStatus
from xueji_desktop.services.context import Session
from xueji_desktop.services.search import SearchHit

PAGE_SIZE = 200
_LABELS_PER_ENTRY = 20  # the detail pane names this many students of a batch


@dataclass(frozen=True)
class EntryFilter:
    actor: str | None = None
    actions: tuple[str, ...] | None = None
    student_id: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass(frozen=True)
class EntriesPage:
    page: AuditPage
    labels: dict[int, StudentLabel]
    classes: dict[int, str] = field(default_factory=dict)  # class id -> name, for the details


def class_names(session: Session) -> dict[int, str]:
    """Every class's name by id: entries store a class as its id (a school has a few hundred)."""
    return {c.id: c.name for c in structure.list_class_groups(session)}


def _label_ids(items: Iterable[AuditItem]) -> list[int]:
    ids: set[int] = set()
    for item in items:
        ids.update(item.student_ids[:_LABELS_PER_ENTRY])
    return sorted(ids)


def chain(session: Session) -> ChainStatus:
    return audit_view.chain_status(session)


def user_names(session: Session) -> list[str]:
    return [u.username for u in users.list_users(session)]


def entries(session: Session, f: EntryFilter, before_seq: int | None) -> EntriesPage:
    """One page of entries (newest first) with the names of the students they touch."""
    actions: Collection[str] | None = f.actions
    page = audit_view.audit_entries(
        session,
        actor=f.actor,
        actions=actions,
        student_id=f.student_id,
        since=f.since,
        until=f.until,
        limit=PAGE_SIZE,
        before_seq=before_seq,
    )
    labels = audit_access_export.student_labels(session, _label_ids(page.entries))
    return EntriesPage(page, labels, class_names(session))


def find_students(session: Session, text: str) -> list[SearchHit]:
    return search.search_students(session, text, include_voided=True, limit=30)


@dataclass(frozen=True)
class Touched:
    items: list[AuditItem]
    labels: dict[int, StudentLabel]
    classes: dict[int, str] = field(default_factory=dict)


def who_touched(session: Session, student_id: int) -> Touched:
    items = audit_view.who_touched(session, student_id)
    labels = audit_access_export.student_labels(session, _label_ids(items))
    return Touched(items, labels, class_names(session))


@dataclass(frozen=True)
class NamedReport:
    report: AccessReport
    labels: dict[int, StudentLabel]


def access_report(session: Session, since: datetime.date, until: datetime.date) -> NamedReport:
    report = audit_access.access_report(session, since=since, until=until)
    labels = audit_access_export.student_labels(session, list(report.per_student))
    return NamedReport(report, labels)


@dataclass(frozen=True)
class SaveRequest:
    out: Path
    lang: str
    today: datetime.date
    overwrite: bool  # the save dialog asked about replacing a file of the name it returned


def export_report(session: Session, report: AccessReport, req: SaveRequest) -> Path:
    return audit_access_export.export_access_report(
        session, report, req.out, lang=req.lang, today=req.today, overwrite=req.overwrite
    )


def print_report(session: Session, report: AccessReport, req: SaveRequest) -> Path:
    return audit_access_export.print_access_report(
        session, report, req.out, lang=req.lang, today=req.today, overwrite=req.overwrite
    )
