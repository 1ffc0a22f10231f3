"""Worker-side calls of the backup page, the backup scheduler and the restore wizard.

Everything here runs on the session worker, never on the GUI thread, and touches no widget: one
small function per user action (house style, practice 2). The services check the roles
(Permission.BACKUP, MANAGE_SETTINGS for drives, RESTORE), write the audit entries and the
backup state file. ``Bytes`` turns the services' "bytes since the last call" progress into the
(done, total) pair the progress widgets show.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import backup, backup_drives, backup_state, restore, restore_drill
from xueji_desktop.services.backup import BackupInfo, BackupResult, BackupStatus
from xueji_desktop.services.backup_state import EnrolledDrive, HistoryEntry
from xueji_desktop.services.context import Session

Report = Callable[[int, int], None]  # (done, total) on the worker; the GUI side relays it
Cancelled = Callable[[], bool]
HISTORY_SHOWN = 200  # the page lists the newest entries; the file keeps up to 500
RECHECK_SUBSET = 0.2  # the least recently checked fifth of a drive's backups, after each backup


class Bytes:
    """Adds up the services' byte counts (each call: bytes since the last one) for ``report``."""

    def __init__(self, report: Report) -> None:
        self._report = report
        self.done = 0
        self.total = 0

    def set_total(self, total: int) -> None:
        self.total = max(total, 0)
        self._report(self.done, self.total)

    def __call__(self, count: int) -> None:
        self.done += max(count, 0)
        self._report(self.done, max(self.total, self.done))


# -- reading the state -------------------------------------------------------------------------


@dataclass(frozen=True)
class DriveView:
    """An enrolled drive as the page shows it: plugged in now (``path`` where) or not."""

    drive: EnrolledDrive
    path: Path | None  # where it is plugged in now; None when it is not

    @property
    def plugged(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class PageState:
    status: BackupStatus
    drives: list[DriveView]
    history: list[HistoryEntry]  # newest first
    backups: list[BackupInfo] = field(default_factory=list)  # on the plugged drives, newest first
    daily_time: str = "12:30"
    failed_checks: list[HistoryEntry] = field(default_factory=list)  # failed since the last pass


def plugged_drives(root: Path) -> dict[str, Path]:
    """drive_id -> where the enrolled drive is plugged in now. Nothing enrolled: no search at
    all (no scan of mount points in an archive that never enrolled a drive)."""
    if not backup_state.load_state(root).drives:
        return {}
    return {identity.drive_id: layout.root for layout, identity in backup_drives.find_drives(root)}


def load_page(session: Session) -> PageState:
    root = session.archive.layout.root
    state = backup_state.load_state(root)
    plugged = plugged_drives(root)
    drives = [DriveView(d, plugged.get(d.drive_id)) for d in state.drives]
    backups: list[BackupInfo] = []
    for path in plugged.values():
        backups.extend(backup.list_backups(session, path))
    backups.sort(key=lambda b: b.time, reverse=True)
    history = list(reversed(state.history))[:HISTORY_SHOWN]
    return PageState(
        status=backup.backup_status(root),
        drives=drives,
        history=history,
        backups=backups,
        daily_time=state.daily_time,
        failed_checks=failed_checks(state.history),
    )


def failed_checks(history: list[HistoryEntry]) -> list[HistoryEntry]:
    """Checks of a backup that failed and that no later check of the same backup passed."""
    latest: dict[str, HistoryEntry] = {}
    for entry in history:  # oldest first: the last word on each backup wins
        if entry.action in ("verify", "drill", "complete") and entry.backup_id:
            latest[entry.backup_id] = entry
    return [e for e in latest.values() if e.outcome == "failed"]


def status(root: Path) -> BackupStatus:
    """For the status bar: no session needed (a state file read)."""
    return backup.backup_status(root)


# -- the scheduler --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleFacts:
    status: BackupStatus
    daily_time: str
    plugged: dict[str, Path]  # drive_id -> mount point


def schedule_facts(root: Path) -> ScheduleFacts:
    state = backup_state.load_state(root)
    return ScheduleFacts(backup.backup_status(root), state.daily_time, plugged_drives(root))


def due_now(facts: ScheduleFacts, now: datetime.datetime) -> bool:
    """The daily backup is due: its time of day has passed today, an enrolled drive is plugged
    in, and the last good backup is older than a day (by ``now``, the scheduler's clock)."""
    if not facts.plugged:
        return False
    try:
        hour, minute = (int(part) for part in facts.daily_time.split(":"))
        daily = datetime.time(hour, minute)
    except ValueError:
        daily = datetime.time(12, 30)
    local = now.astimezone()
    if local.time() < daily:
        return False
    last = parse_stamp(facts.status.last_good_at)
    return last is None or local - last >= datetime.timedelta(days=1)


def parse_stamp(stamp: str | None) -> datetime.datetime | None:
    if not stamp:
        return None
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def complete_pending(session: Session, report: Report, cancelled: Cancelled) -> list[BackupInfo]:
    """At sign-in: pending backups made without a password become checked ones."""
    return backup.complete_pending(session, progress=Bytes(report), cancelled=cancelled)


@dataclass(frozen=True)
class BackupRun:
    result: BackupResult | None  # None: a pending backup (made while no one could unlock it)
    rechecked: list[tuple[BackupInfo, str]]  # (backup, problem) of the rotating re-check


def back_up(
    session: Session,
    drive: Path | None,
    report: Report,
    cancelled: Cancelled,
    *,
    recheck: Callable[[], None] = lambda: None,
) -> BackupRun:
    """One backup (the first enrolled drive plugged in when ``drive`` is None), then the
    re-check of older backups on that drive. ``recheck`` tells the GUI the second phase began."""
    counter = Bytes(report)
    result = backup.make_backup(
        session, drive, progress=counter, cancelled=cancelled, total=counter.set_total
    )
    recheck()
    checks = recheck_subset(session, result.drive_root, report, cancelled)
    return BackupRun(result, checks)


def recheck_subset(
    session: Session, drive: Path, report: Report, cancelled: Cancelled
) -> list[tuple[BackupInfo, str]]:
    if cancelled():
        return []
    return backup.verify_backups(
        session, drive, subset=RECHECK_SUBSET, progress=Bytes(report), cancelled=cancelled
    )


def back_up_unattended(root: Path, drive: Path | None, report: Report) -> BackupRun:
    """While the session is locked (or its user may not make backups): the password-less
    backup the scheduled ``xueji backup`` makes; the next unlocked tick completes it."""
    backup.scheduled_backup(root, drive, progress=Bytes(report))
    return BackupRun(None, [])


def exit_backup_needed(session: Session) -> Path | None:
    """Closing the window: where to back up first (None: nothing changed or no drive)."""
    plugged = plugged_drives(session.archive.layout.root)
    if not plugged or not backup.changed_since_last_backup(session):
        return None
    return next(iter(plugged.values()))


# -- the page's buttons -------------------------------------------------------------------------


def verify_all(
    session: Session, drives: list[Path], report: Report, cancelled: Cancelled
) -> list[tuple[BackupInfo, str]]:
    """核对备份: every backup on every plugged drive, every byte."""
    results: list[tuple[BackupInfo, str]] = []
    counter = Bytes(report)
    for drive in drives:
        if cancelled():
            break
        results += backup.verify_backups(session, drive, progress=counter, cancelled=cancelled)
    return results


def drill(
    session: Session, drive: Path | None, report: Report, cancelled: Cancelled
) -> restore_drill.DrillResult:
    return restore_drill.drill(session, drive, progress=Bytes(report), cancelled=cancelled)


def enroll(session: Session, path: Path, label: str) -> str:
    """登记备份盘; returns the drive's label as stored."""
    return backup_drives.enroll_drive(session, path, label=label).label


def forget(session: Session, drive_id: str) -> None:
    backup_drives.forget_drive(session, drive_id)


def set_daily_time(session: Session, daily_time: str) -> str:
    return backup_drives.set_daily_time(session, daily_time)


def filesystem_type(path: Path) -> str:
    return backup_drives.filesystem_type(path)


# -- the restore wizard ---------------------------------------------------------------------------


def check_password(session: Session, password: str) -> None:
    """The wizard's first step: the admin's password again (throttled like a login)."""
    archive_service.reauthenticate(session, password)


def restorable(session: Session, drive: Path) -> list[BackupInfo]:
    """The checked backups on ``drive``, newest first: only these may be restored."""
    return [b for b in backup.list_backups(session, drive) if b.verified]


def verify_one(
    session: Session, drive: Path, backup_id: str, report: Report, cancelled: Cancelled
) -> str:
    """Every byte of the chosen backup, before anything is touched: "" when it passed."""
    results = backup.verify_backups(
        session, drive, backup_id, progress=Bytes(report), cancelled=cancelled
    )
    problems = [problem for _info, problem in results if problem]
    return problems[0] if problems else ("" if results else "no_backup:not_found")


def prepare_restore(
    session: Session,
    drive: Path,
    backup_id: str,
    password: str,
    report: Report,
    cancelled: Cancelled,
) -> restore.PreparedRestore:
    """The restore's first step: checked and built beside; the session is closed after it."""
    return restore.prepare_restore_in_place(
        session,
        drive,
        backup_id,
        admin_password=password,
        progress=Bytes(report),
        cancelled=cancelled,
    )


def finish_restore(prepared: restore.PreparedRestore) -> restore.RestoreOutcome:
    """The swap, once the application let go of its own files in the archive folder."""
    return restore.finish_restore_in_place(prepared)


# -- reasons kept in the state file ---------------------------------------------------------------


def error_from_reason(reason: str, **fields: object) -> XuejiError | None:
    """The error behind a history entry's ``reason`` ("drive_full:no_space"), so the page can
    say it in the clerk's words; None for a reason that names no known error."""
    code, _, detail = reason.partition(":")
    for cls in _error_classes():
        if cls.code == code:
            try:
                return cls(reason=detail, **fields) if detail else cls(**fields)
            except TypeError:  # an error with its own constructor: not one of the backup's
                return None
    return None


def _error_classes() -> list[type[XuejiError]]:
    found: list[type[XuejiError]] = []
    todo: list[type[XuejiError]] = [XuejiError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def restore_drives(root: Path) -> list[tuple[str, Path]]:
    """(label, where) of each enrolled drive plugged in now, for the wizard's choice."""
    labels = {d.drive_id: d.label for d in backup_state.load_state(root).drives}
    return [
        (labels.get(drive_id, str(path)), path) for drive_id, path in plugged_drives(root).items()
    ]
