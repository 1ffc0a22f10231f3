"""``xueji check``: the archive's health, from the file up to the audit chain.

quick_check, cipher_integrity_check (page HMACs), integrity_check, foreign_key_check, the file size
(a truncated file passes cipher_integrity_check), and the audit chain against its anchor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import ArchiveDamaged
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.archive import login
from xueji_desktop.services.auth import unlock_user
from xueji_desktop.services.context import ArchiveHandle, Clock, Session
from xueji_desktop.storage.connection import DatabaseError, open_connection
from xueji_desktop.storage.content_hash import content_hash, table_counts
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.layout import ArchiveLayout

PAGE_SIZE = 4096
MAX_LINES = 5  # per check: enough to locate the damage, short enough to read


@dataclass
class CheckReport:
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    content_hash: str = ""
    audit_head: dict[str, Any] | None = None

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": self.problems,
            "tables": self.tables,
            "content_hash": self.content_hash,
            "audit_head": self.audit_head,
        }


def check_archive(session: Session) -> CheckReport:
    session.require(Permission.CHECK_ARCHIVE)
    return check_handle(session.archive)


def check_at(root: Path, username: str, password: str, *, clock: Clock = time.time) -> CheckReport:
    """``xueji check``: look before writing anything.

    The password opens the keys; the checks then run on a read-only connection, before the login
    entry, any migration or any other write touches a file that may be damaged. Only after a
    clean check is the login completed and the check recorded (``archive_checked``); the role is
    enforced there. A damaged archive is reported to whoever holds a valid password.
    """
    layout = ArchiveLayout(root)
    unlocked, _, _ = unlock_user(layout, username, password, clock=clock)
    db = Database(layout.db, unlocked.bundle.data_key, layout.writer_lock)
    handle = ArchiveHandle(
        layout, unlocked.meta, unlocked.bundle, db, unlocked.device_secret, clock
    )
    try:
        report = check_handle(handle)
    finally:
        db.close()
    if not report.ok:
        return report
    session = login(root, username, password, clock=clock)
    try:
        session.require(Permission.CHECK_ARCHIVE)
        with session.archive.db.atomic():
            audit.record(
                session.archive,
                session.username,
                "archive_checked",
                details={"ok": report.ok, "content_hash": report.content_hash},
            )
    finally:
        session.close()
    return report


def check_handle(handle: ArchiveHandle) -> CheckReport:
    report = CheckReport()
    path = handle.layout.db
    size = path.stat().st_size if path.exists() else 0
    if size == 0 or size % PAGE_SIZE:
        report.fail(f"file_size: {size} bytes is not a whole number of {PAGE_SIZE}-byte pages")
    try:
        conn = open_connection(path, handle.keys.data_key, readonly=True)
    except ArchiveDamaged as exc:
        report.fail(f"open: {exc.fields.get('detail', 'the database does not open')}")
        return report
    try:
        _pragma_checks(conn, report)
        if report.ok or not report.problems[-1].startswith(("quick_check", "cipher")):
            _logical_checks(handle, conn, report)
    finally:
        conn.close()
    return report


def _rows(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(sql).fetchall()]


def _pragma_checks(conn: Any, report: CheckReport) -> None:
    for name, sql in (
        ("quick_check", "PRAGMA quick_check"),
        ("cipher_integrity_check", "PRAGMA cipher_integrity_check"),
        ("integrity_check", "PRAGMA integrity_check"),
        ("foreign_key_check", "PRAGMA foreign_key_check"),
    ):
        try:
            rows = _rows(conn, sql)
        except DatabaseError as exc:
            report.fail(f"{name}: {exc}")
            continue
        if name in ("quick_check", "integrity_check"):
            lines = [ln for r in rows if r[0] != "ok" for ln in str(r[0]).splitlines()]
            lines = [ln for ln in lines if ln.strip() and not ln.startswith("*** in database")]
        else:
            lines = [" ".join(str(x) for x in r) for r in rows]
        for line in lines[:MAX_LINES]:
            report.fail(f"{name}: {line}")
        if len(lines) > MAX_LINES:
            report.fail(f"{name}: … {len(lines) - MAX_LINES} more")


def _logical_checks(handle: ArchiveHandle, conn: Any, report: CheckReport) -> None:
    try:
        report.tables = table_counts(conn)
        report.content_hash = content_hash(conn)
        chain = audit.verify(handle, conn)
    except DatabaseError as exc:
        report.fail(f"read: {exc}")
        return
    report.audit_head = {"seq": chain.head_seq, "mac": chain.head_mac.hex()}
    if not chain.ok:
        report.fail(f"audit_chain: {chain.reason} at entry {chain.first_bad_seq}")
