"""The items of the 四性检测 for 真实性, 完整性 and 可用性 (services/integrity_report.py builds the
report; integrity_security.py has 安全性 and the backup facts).

Each builder turns facts gathered by a real check into items; nothing here restates a claim.
"""

from __future__ import annotations

import datetime
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xueji_desktop.core.audit_chain import verify_chain
from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_integrity_details import PHRASES
from xueji_desktop.services import audit, check, health
from xueji_desktop.services.context import ArchiveHandle, Session
from xueji_desktop.services.integrity_blobs import MAX_NAMED, BlobFacts
from xueji_desktop.services.integrity_report import Item, make_item
from xueji_desktop.services.integrity_security import drill_item, security_items
from xueji_desktop.storage.connection import Connection

_STRUCTURE = ("file_size", "open", "quick_check", "integrity_check", "read")
_MIB = 1024 * 1024


@dataclass
class BaseFacts:
    """``check.check_archive``'s report, its problems sorted by what they say."""

    size: int  # of the main file (a WAL beside it holds the newest pages)
    page_count: int  # the database's pages, WAL included
    tables: dict[str, int]
    content_hash: str
    pages: list[str] = field(default_factory=list)  # cipher_integrity_check (page HMACs)
    structure: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # foreign_key_check
    opened: bool = True


@dataclass(frozen=True)
class ChainFacts:
    entries: int  # verified from the first on
    ok: bool
    bad_seq: int | None
    count: int  # rows in audit_log
    max_seq: int
    min_seq: int
    anchor: tuple[int, bytes] | None
    anchor_matches: bool  # the entry at the anchor's seq carries the anchored MAC


def archive_checks(session: Session, cancelled: Callable[[], bool] | None = None) -> BaseFacts:
    session.require(Permission.CHECK_ARCHIVE)
    report = check.check_archive(session, cancelled=cancelled)
    path = session.archive.layout.db
    facts = BaseFacts(
        size=path.stat().st_size if path.exists() else 0,
        page_count=int(session.archive.db.conn.execute("PRAGMA page_count").fetchone()[0]),
        tables=dict(report.tables),
        content_hash=report.content_hash,
    )
    for problem in report.problems:
        name = problem.partition(":")[0]
        if name in ("audit_chain", "blob_missing"):
            # Each looked at on its own: the chain walked with its anchor compared separately,
            # every blob read and compared by integrity_blobs.
            continue
        if name == "cipher_integrity_check":
            facts.pages.append(problem)
        elif name == "foreign_key_check":
            facts.references.append(problem)
        else:  # the structure checks, and anything a later check.py adds
            facts.structure.append(problem)
        if name == "open":
            facts.opened = False
    return facts


def chain_facts(handle: ArchiveHandle) -> ChainFacts:
    """The MAC walk from the first entry (no anchor: a cut tail is the continuity item's), the
    numbering by SQL, and the anchor compared with the entry it names."""
    conn = handle.db.conn
    walk = verify_chain(audit.iter_entries(conn), handle.keys.audit_key, handle.archive_id, None)
    count, low, high = conn.execute(
        "SELECT COUNT(*), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM audit_log"
    ).fetchone()
    anchor = audit.read_anchor(handle)
    matches = False
    if anchor is not None:
        row = conn.execute("SELECT mac FROM audit_log WHERE seq = ?", (anchor[0],)).fetchone()
        matches = row is not None and hmac.compare_digest(bytes(row[0]), anchor[1])
    return ChainFacts(
        entries=walk.entries,
        ok=walk.ok,
        bad_seq=walk.first_bad_seq,
        count=int(count),
        max_seq=int(high),
        min_seq=int(low),
        anchor=anchor,
        anchor_matches=matches,
    )


def health_counts(
    session: Session, today: datetime.date, cancelled: Callable[[], bool] | None
) -> dict[str, int]:
    session.require(Permission.CHECK_ARCHIVE)
    report = health.health_report(session, today=today, cancelled=cancelled)
    if not report.complete:
        raise OperationCancelled()
    return dict(report.counts)


def school_name(conn: Connection) -> str:
    row = conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def _named(names: list[str]) -> list[str]:
    """Blob names as evidence: the first few, shortened (enough to find the file)."""
    return [n[:16] for n in names[:MAX_NAMED]]


# -- 真实性 -------------------------------------------------------------------------------------


def authenticity(
    base: BaseFacts, chain: ChainFacts, blobs: BlobFacts, counts: dict[str, int]
) -> tuple[Item, ...]:
    items: list[Item] = []
    ev: dict[str, Any] = {"entries": chain.entries, "count": chain.count}
    if chain.ok:
        variant = "pass" if chain.count else "empty"
        items.append(make_item("audit_chain", "pass", variant, ev))
    else:
        items.append(make_item("audit_chain", "fail", "fail", {**ev, "bad_seq": chain.bad_seq}))

    ev = {"pages": base.page_count, "problems": len(base.pages), "found": base.pages[:5]}
    if base.pages or not base.opened:
        ev["problems"] = max(len(base.pages), 1)
        items.append(make_item("database_pages", "fail", "fail", ev))
    else:
        items.append(make_item("database_pages", "pass", "pass", ev))

    compared = blobs.readable
    bad = len(blobs.mismatched) + blobs.records_disagree
    ev = {
        "checked": compared,
        "mismatched": bad,
        "unread": len(blobs.unreadable),
        "records_disagree": blobs.records_disagree,
        "altered": len(blobs.altered),
        "files": _named(blobs.mismatched + blobs.altered),
    }
    if bad:
        items.append(make_item("content_digest", "fail", "fail", ev))
    elif blobs.altered:  # a failed authentication is evidence of a change, not just damage
        items.append(make_item("content_digest", "fail", "altered", ev))
    elif blobs.unreadable:
        items.append(make_item("content_digest", "warn", "partial", ev))
    elif not blobs.expected:
        items.append(make_item("content_digest", "pass", "none", ev))
    else:
        items.append(make_item("content_digest", "pass", "pass", ev))

    ev = {k: counts.get(k, 0) for k in ("id_mismatch", "leave_overdue", "aid_not_enrolled")}
    result = "warn" if any(ev.values()) else "pass"
    items.append(make_item("metadata_plausible", result, result, ev))
    ev = {"likely_duplicate": counts.get("likely_duplicate", 0)}
    result = "warn" if ev["likely_duplicate"] else "pass"
    items.append(make_item("duplicates", result, result, ev))
    return tuple(items)


# -- 完整性 -------------------------------------------------------------------------------------


def _continuity(chain: ChainFacts) -> Item:
    ev: dict[str, Any] = {
        "count": chain.count,
        "head_seq": chain.max_seq,
        "anchor_seq": chain.anchor[0] if chain.anchor else None,
    }
    if not chain.count:
        return make_item("audit_continuity", "pass", "empty", ev)
    if chain.min_seq != 1 or chain.count != chain.max_seq:
        return make_item("audit_continuity", "fail", "gap", ev)
    if chain.anchor is None:
        return make_item("audit_continuity", "fail", "no_anchor", ev)
    if chain.anchor[0] > chain.max_seq or not chain.anchor_matches:
        if chain.anchor[0] >= 2**62:
            ev["anchor_seq"] = "?"  # a forged or unreadable anchor (audit.read_anchor)
        return make_item("audit_continuity", "fail", "cut", ev)
    if not chain.ok:
        return make_item("audit_continuity", "warn", "unverified", ev)
    return make_item("audit_continuity", "pass", "pass", ev)


def _destroyed_note(blobs: BlobFacts) -> dict[str, tuple[str, str]]:
    if not blobs.destroyed:
        return {"destroyed_note": ("", "")}
    zh, en = PHRASES["destroyed_note"]
    n = blobs.destroyed
    return {"destroyed_note": (zh.format(n=n), en.format(n=n))}


def integrity(
    base: BaseFacts, chain: ChainFacts, blobs: BlobFacts, counts: dict[str, int]
) -> tuple[Item, ...]:
    items: list[Item] = []
    ev: dict[str, Any] = {
        "size": base.size,
        "pages": base.page_count,
        "students": base.tables.get("students", 0),
        "problems": len(base.structure),
        "found": base.structure[:5],
    }
    result = "fail" if base.structure else "pass"
    items.append(make_item("database_structure", result, result, ev))
    ev = {"problems": len(base.references), "found": base.references[:5]}
    if not base.opened:
        items.append(make_item("references", "not_checked", "not_checked", ev))
    else:
        result = "fail" if base.references else "pass"
        items.append(make_item("references", result, result, ev))
    items.append(_continuity(chain))

    ev = {
        "expected": blobs.expected,
        "missing": len(blobs.missing),
        "destroyed": blobs.destroyed,
        "files": _named(blobs.missing),
    }
    note = _destroyed_note(blobs)
    if blobs.missing:
        items.append(make_item("content_present", "fail", "fail", ev, texts=note))
    elif not blobs.expected and not blobs.destroyed:
        items.append(make_item("content_present", "pass", "none", ev, texts=note))
    else:
        items.append(make_item("content_present", "pass", "pass", ev, texts=note))

    for key, kinds in (
        ("metadata_complete", ("missing_required",)),
        ("documents_complete", ("missing_documents",)),
        ("records_complete", ("no_grades", "graduate_without_destination", "not_approved")),
    ):
        ev = {k: counts.get(k, 0) for k in kinds}
        result = "warn" if any(ev.values()) else "pass"
        items.append(make_item(key, result, result, ev))
    return tuple(items)


# -- 可用性 -------------------------------------------------------------------------------------


def _fonts_item(conn: Connection) -> Item:
    from xueji_desktop.printing import fonts

    try:
        fonts.ensure_registered()
    except Exception:  # a missing or broken font file: ReportLab raises several types
        return make_item("print_fonts", "fail", "fail", {"gb2312_covered": 0})
    common = [
        bytes((hi, lo)).decode("gb2312")
        for hi in range(0xB0, 0xF8)
        for lo in range(0xA1, 0xFF)
        if not (hi == 0xD7 and lo > 0xF9)  # the last row of GB 2312 level 2 ends at D7F9
    ]
    covered = sum(1 for ch in common if fonts.covers(fonts.REGULAR, ch))
    school = fonts.unprintable(school_name(conn))
    chars: list[str] = list(school)
    people = 0
    for name, n in conn.execute(
        "SELECT name, COUNT(*) FROM students WHERE voided = 0 GROUP BY name"
    ):
        missing = fonts.unprintable(str(name))
        if missing:
            people += int(n)
            chars += [c for c in missing if c not in chars]
    ev: dict[str, Any] = {
        "gb2312": len(common),
        "gb2312_covered": covered,
        "school_unprintable": bool(school),
        "names_unprintable": people,
        "chars": "".join(chars[:10]),
    }
    if covered < len(common):
        return make_item("print_fonts", "fail", "fail", ev)
    if people or school:
        return make_item("print_fonts", "warn", "warn", ev)
    return make_item("print_fonts", "pass", "pass", ev)


def usability(
    session: Session, base: BaseFacts, blobs: BlobFacts, today: datetime.date
) -> tuple[Item, ...]:
    session.require(Permission.CHECK_ARCHIVE)
    items: list[Item] = []
    rows = sum(base.tables.values())
    ev: dict[str, Any] = {
        "tables": len(base.tables),
        "rows": rows,
        "content_hash": base.content_hash,
    }
    readable = (
        base.opened
        and bool(base.content_hash)
        and not any(p.startswith("read:") for p in base.structure)
    )
    result = "pass" if readable else "fail"
    items.append(make_item("database_readable", result, result, ev))

    ev = {
        "present": blobs.present,
        "readable": blobs.readable,
        "unreadable": len(blobs.unreadable),
        "files": _named(blobs.unreadable),
    }
    if blobs.unreadable:
        items.append(make_item("content_readable", "fail", "fail", ev))
    else:
        variant = "pass" if blobs.present else "none"
        items.append(make_item("content_readable", "pass", variant, ev))

    names = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG",
             "image/tiff": "TIFF"}  # fmt: skip
    ev = {
        "readable": blobs.readable,
        "wrong_format": len(blobs.wrong_format),
        "by_format": {names.get(k, k): v for k, v in sorted(blobs.formats.items())},
        "files": _named(blobs.wrong_format),
    }
    kinds = [names.get(k, k) for k in sorted(blobs.formats)]
    formats = {"formats": ("、".join(kinds), ", ".join(kinds))}
    if blobs.wrong_format:
        items.append(make_item("content_format", "warn", "warn", ev, texts=formats))
    else:
        variant = "pass" if blobs.readable else "none"
        items.append(make_item("content_format", "pass", variant, ev, texts=formats))
    items.append(drill_item(session.archive.db.conn, today))
    items.append(_fonts_item(session.archive.db.conn))
    return tuple(items)


def security(
    session: Session, base: BaseFacts, blobs: BlobFacts, today: datetime.date
) -> tuple[Item, ...]:
    session.require(Permission.CHECK_ARCHIVE)
    return security_items(session, blobs, today)


__all__ = [
    "BaseFacts",
    "ChainFacts",
    "archive_checks",
    "authenticity",
    "chain_facts",
    "health_counts",
    "integrity",
    "school_name",
    "security",
    "usability",
]
