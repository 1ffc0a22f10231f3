"""``xueji check``: the archive's health, from the file up to the audit chain.

quick_check, cipher_integrity_check (page HMACs), integrity_check, foreign_key_check, the file size
(a truncated file passes cipher_integrity_check), the audit chain against its anchor, and a file
for every blob (a blob destroyed under the retention rules is meant to be absent; a destroyed
blob's file that a crash left behind is removed once the check is clean: retention.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import ArchiveDamaged, OperationCancelled
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, retention_blobs
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


def check_archive(session: Session, *, cancelled: Callable[[], bool] | None = None) -> CheckReport:
    """The archive's own checks; ``cancelled`` stops the long PRAGMA checks between pages
    (OperationCancelled, nothing recorded)."""
    session.require(Permission.CHECK_ARCHIVE)
    report = check_handle(session.archive, cancelled=cancelled)
    if report.ok:
        _finish_removals(session.archive)
    return report


def _finish_removals(handle: ArchiveHandle) -> None:
    """Complete a destruction a crash cut short (its decision is committed)."""
    with handle.db.writer_lock():
        retention_blobs.remove_files(handle.layout.blobs, handle.db.conn)


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
        _finish_removals(session.archive)
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


def check_handle(
    handle: ArchiveHandle, *, cancelled: Callable[[], bool] | None = None
) -> CheckReport:
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
    if cancelled is not None:
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, 1000)
    try:
        _pragma_checks(conn, report)
        if report.ok or not report.problems[-1].startswith(("quick_check", "cipher")):
            _logical_checks(handle, conn, report)
    except DatabaseError:
        if cancelled is not None and cancelled():
            raise OperationCancelled() from None
        raise
    finally:
        conn.close()
    if cancelled is not None and cancelled():
        raise OperationCancelled()
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
    _blob_checks(handle, conn, report)


def _blob_checks(handle: ArchiveHandle, conn: Any, report: CheckReport) -> None:
    """Every blob the database knows has its file, except those destroyed on purpose."""
    try:
        known = {str(r[0]) for r in conn.execute("SELECT name FROM blobs")}
        known -= retention_blobs.absent_blobs(conn)
    except DatabaseError as exc:
        report.fail(f"read: {exc}")
        return
    missing = sorted(known - retention_blobs.blob_file_names(handle.layout.blobs))
    for name in missing[:MAX_LINES]:
        report.fail(f"blob_missing: blobs/{name[:12]}…")
    if len(missing) > MAX_LINES:
        report.fail(f"blob_missing: … {len(missing) - MAX_LINES} more")
