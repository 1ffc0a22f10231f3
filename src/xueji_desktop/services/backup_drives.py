"""Backup drives: enrolment, finding the plugged-in ones, the file system and free space.

A drive is usable for an archive only when its identity (``XuejiBackup/drive.json``) names this
archive, its drive id is in the archive's ``backup-state.json``, and (when the caller holds the
audit key) its tag holds. Any other drive is refused before anything is written to it.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from xueji_desktop.core.errors import (
    DriveFull,
    DriveNotEnrolled,
    DriveUnavailable,
    NotFound,
    ValidationError,
    XuejiError,
)
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.backup_state import BackupState, EnrolledDrive, update_state
from xueji_desktop.services.backup_state import load_state as _load_state
from xueji_desktop.services.context import Session
from xueji_desktop.storage.backup_format import (
    DRIVE_FOLDER,
    DriveIdentity,
    DriveLayout,
    read_identity,
    write_identity,
)
from xueji_desktop.storage.files import ensure_private_dir
from xueji_desktop.storage.layout import ArchiveLayout, now_utc, read_meta

ENV_SEARCH = "XUEJI_BACKUP_SEARCH"
FAT_LIMIT = 4 * 1024**3 - 1  # the largest file FAT32 holds
FAT_NAMES = frozenset({"vfat", "fat", "fat32", "fat16", "fat12", "msdos", "umsdos"})
MAX_LABEL = 100


@dataclass(frozen=True)
class SpaceReport:
    free: int  # bytes left free AFTER this backup (free before, minus what it writes)
    warn_soon: bool  # that space is under three more backups' worth


# -- checks of a path ------------------------------------------------------------------------------


def _usable_path(path: Path) -> Path:
    """The drive root for ``path`` (the XuejiBackup folder itself is accepted too); raises
    DriveUnavailable when it is missing, not a folder, or not writable."""
    if path.name == DRIVE_FOLDER and (path / "drive.json").exists():
        path = path.parent
    try:
        if not path.exists():
            raise DriveUnavailable(reason="missing", path=str(path))
        if not path.is_dir():
            raise DriveUnavailable(reason="not_folder", path=str(path))
    except OSError:
        raise DriveUnavailable(reason="io", path=str(path)) from None
    if not os.access(path, os.W_OK):
        raise DriveUnavailable(reason="not_writable", path=str(path))
    return path


def _refuse_inside_archive(root: Path, path: Path) -> None:
    """DriveUnavailable(inside_archive) when ``path`` is the archive folder, inside it, or holds
    it inside its XuejiBackup folder: a copy in the same place is no backup (one disk failure or
    one deletion takes both)."""
    try:
        archive = root.resolve()
        target = path.resolve()
        backup_folder = (path / DRIVE_FOLDER).resolve()
    except (OSError, RuntimeError):
        raise DriveUnavailable(reason="io", path=str(path)) from None
    if target == archive or target.is_relative_to(archive) or archive.is_relative_to(backup_folder):
        raise DriveUnavailable(reason="inside_archive", path=str(path))


def _remember_path(root: Path, drive_id: str, path: Path) -> None:
    text = str(path.resolve())

    def change(state: BackupState) -> None:
        state.drives = [
            replace(d, last_path=text) if d.drive_id == drive_id else d for d in state.drives
        ]

    known = _load_state(root).drive(drive_id)
    if known is not None and known.last_path != text:
        with contextlib.suppress(XuejiError, OSError):  # a convenience: never fatal
            update_state(root, change)


# -- enrolment (admin) -----------------------------------------------------------------------------


def enroll_drive(session: Session, path: Path, *, label: str = "") -> DriveIdentity:
    """Bind the drive (or folder) at ``path`` to this archive: the identity file on the drive and
    the drive in ``backup-state.json``. A drive already enrolled for this archive keeps its id.
    A drive of another archive is refused (its backups are never touched)."""
    session.require(Permission.MANAGE_SETTINGS)
    h = session.archive
    label = label.strip()
    if len(label) > MAX_LABEL:
        raise ValidationError(field="drive_label", reason="too_long", max_length=MAX_LABEL)
    path = _usable_path(Path(path))
    _refuse_inside_archive(h.layout.root, path)
    drive = DriveLayout(path)
    identity: DriveIdentity | None = None
    try:
        existing = read_identity(drive)
    except DriveNotEnrolled:
        existing = None  # none, or damaged: the admin's enrolment replaces it
    if existing is not None:
        if existing.archive_id != h.archive_id:
            raise DriveNotEnrolled(reason="other_archive", path=str(path))
        if existing.tag_holds(h.keys.audit_key):
            identity = existing
    if identity is None:
        identity = DriveIdentity(
            drive_id=uuid.uuid4().hex,
            archive_id=h.archive_id,
            label=label or path.resolve().name or str(path),
            enrolled_at=now_utc(),
            tag="",
        ).sealed(h.keys.audit_key)
    label = label or identity.label
    try:
        if identity is not existing:
            write_identity(drive, identity)
        ensure_private_dir(drive.backups)
        ensure_private_dir(drive.blobs)
    except OSError as exc:
        raise drive_error(exc) from None
    entry = EnrolledDrive(identity.drive_id, label, identity.enrolled_at, str(path.resolve()))

    def change(state: BackupState) -> None:
        # A drive enrolled again keeps its place; an entry at the same path under another id
        # (the drive was re-formatted) is that drive's old entry and is replaced in place.
        out: list[EnrolledDrive] = []
        placed = False
        for d in state.drives:
            if d.drive_id == entry.drive_id or d.last_path == entry.last_path:
                if not placed:
                    out.append(entry)
                    placed = True
                if d.drive_id != entry.drive_id:
                    state.last_good.pop(d.drive_id, None)
                continue
            out.append(d)
        if not placed:
            out.append(entry)
        state.drives = out

    update_state(h.layout.root, change)
    with h.db.atomic():
        audit.record(
            h, session.username, "backup_drive_enrolled", target_type="backup_drive",
            target_id=identity.drive_id, details={"label": label},
        )  # fmt: skip
    return identity


def forget_drive(session: Session, drive_id: str) -> None:
    """Remove a drive from this archive's enrolled drives (the drive itself is not touched: it
    may not even be plugged in). Its backups stay readable by a restore with the recovery code."""
    session.require(Permission.MANAGE_SETTINGS)
    h = session.archive
    if not isinstance(drive_id, str) or _load_state(h.layout.root).drive(drive_id) is None:
        raise NotFound(kind="backup_drive", id=str(drive_id))

    def change(state: BackupState) -> None:
        state.drives = [d for d in state.drives if d.drive_id != drive_id]
        state.last_good.pop(drive_id, None)

    update_state(h.layout.root, change)
    with h.db.atomic():
        audit.record(
            h, session.username, "backup_drive_forgotten", target_type="backup_drive",
            target_id=drive_id,
        )  # fmt: skip


def set_daily_time(session: Session, daily_time: str) -> str:
    """The time of day ("HH:MM", 24-hour, local) the running application makes its daily
    backup (the scheduler reads it from ``backup-state.json`` at its next look). Returns the
    time as saved."""
    session.require(Permission.MANAGE_SETTINGS)
    h = session.archive
    text = daily_time.strip() if isinstance(daily_time, str) else ""
    hour, sep, minute = text.partition(":")
    if not (
        sep
        and len(hour) in (1, 2)
        and len(minute) == 2
        and hour.isascii()
        and minute.isascii()
        and hour.isdigit()
        and minute.isdigit()
        and int(hour) < 24
        and int(minute) < 60
    ):
        raise ValidationError(field="backup_time", reason="format")
    saved = f"{int(hour):02d}:{minute}"

    def change(state: BackupState) -> None:
        state.daily_time = saved

    update_state(h.layout.root, change)
    with h.db.atomic():
        audit.record(
            h, session.username, "backup_time_set", target_type="backup_schedule",
            target_id="daily", details={"time": saved},
        )  # fmt: skip
    return saved


# -- opening and finding drives --------------------------------------------------------------------


def open_drive(
    root: Path, path: Path, *, audit_key: bytes | None = None
) -> tuple[DriveLayout, DriveIdentity]:
    """The enrolled drive at ``path``. Raises DriveUnavailable (missing, not a folder, not
    writable) or DriveNotEnrolled (no identity, another archive's, not in this archive's list,
    or, when ``audit_key`` is given, a tag that does not hold)."""
    path = _usable_path(Path(path))
    _refuse_inside_archive(root, path)
    drive = DriveLayout(path)
    identity = read_identity(drive)
    archive_id = read_meta(ArchiveLayout(root)).archive_id
    if identity.archive_id != archive_id:
        raise DriveNotEnrolled(reason="other_archive", path=str(path))
    if _load_state(root).drive(identity.drive_id) is None:
        raise DriveNotEnrolled(reason="unknown", path=str(path))
    if audit_key is not None and not identity.tag_holds(audit_key):
        raise DriveNotEnrolled(reason="unknown", path=str(path))
    _remember_path(root, identity.drive_id, path)
    return drive, identity


def _default_candidates() -> list[Path]:
    if os.name == "nt":  # pragma: no cover - Windows only
        # A: and B: are skipped: an empty floppy or card reader may ask the user to insert a disk.
        return [Path(f"{letter}:\\") for letter in "DEFGHIJKLMNOPQRSTUVWXYZ"]
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    parents = [Path("/media") / user, Path("/run/media") / user, Path("/mnt"), Path("/Volumes")]
    out: list[Path] = []
    for parent in parents:
        with contextlib.suppress(OSError):
            out.extend(sorted(p for p in parent.iterdir() if p.is_dir()))
    return out


def _candidates(candidates: Sequence[Path] | None) -> list[Path]:
    if candidates is not None:
        return [Path(c) for c in candidates]
    env = os.environ.get(ENV_SEARCH)
    if env is not None:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return _default_candidates()


def find_drives(
    root: Path, *, candidates: Sequence[Path] | None = None
) -> list[tuple[DriveLayout, DriveIdentity]]:
    """The enrolled drives of this archive plugged in now, in enrolment order: each enrolled
    drive's last path, then the usual mount points (``XUEJI_BACKUP_SEARCH`` replaces those)."""
    state = _load_state(root)
    if not state.drives:
        return []
    order = {d.drive_id: i for i, d in enumerate(state.drives)}
    found: dict[str, tuple[DriveLayout, DriveIdentity]] = {}
    paths = [Path(d.last_path) for d in state.drives if d.last_path] + _candidates(candidates)
    seen: set[str] = set()
    for path in paths:
        key = os.path.normcase(str(path))
        if key in seen:
            continue
        seen.add(key)
        try:
            if not (path / DRIVE_FOLDER / "drive.json").is_file():
                continue
            drive, identity = open_drive(root, path)
        except (XuejiError, OSError):
            continue
        found.setdefault(identity.drive_id, (drive, identity))
    return sorted(found.values(), key=lambda pair: order.get(pair[1].drive_id, len(order)))


# -- the file system and space ---------------------------------------------------------------------


def _unescape_mount(text: str) -> str:
    """/proc/mounts writes spaces, tabs, newlines and backslashes as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        text = text.replace(code, char)
    return text


def _linux_fs(path: Path) -> str:
    try:
        lines = Path("/proc/mounts").read_text("utf-8", "replace").splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = _unescape_mount(parts[1])
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, parts[2]
    return kind


def _windows_fs(path: Path) -> str:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    volume = ctypes.create_unicode_buffer(261)
    if not kernel32.GetVolumePathNameW(str(path.resolve()), volume, 261):
        return ""
    name = ctypes.create_unicode_buffer(261)
    ok = kernel32.GetVolumeInformationW(volume.value, None, 0, None, None, None, name, 261)
    return str(name.value) if ok else ""


def filesystem_type(path: Path) -> str:
    """The file system of the volume holding ``path`` ("vfat", "FAT32", "exfat", "NTFS", "ext4",
    …), or "" when it cannot be told."""
    try:
        if os.name == "nt":  # pragma: no cover - Windows only
            return _windows_fs(path)
        if os.path.exists("/proc/mounts"):
            return _linux_fs(path)
    except (OSError, ValueError):
        return ""
    return ""


def _is_fat(fs: str) -> bool:
    return fs.strip().lower() in FAT_NAMES


def space_check(
    drive: DriveLayout, needed: int, largest_file: int, *, expected_per_backup: int
) -> SpaceReport:
    """Refuse a backup the drive cannot hold: DriveFull(file_too_large) when one file is over the
    file system's limit (FAT32: 4 GB), DriveFull(no_space) when ``needed`` bytes are not free.
    The report's ``free`` is what is left after this backup (``needed`` taken off); ``warn_soon``
    when fewer than three more backups of ``expected_per_backup`` bytes would fit in it."""
    fs = filesystem_type(drive.root)
    if _is_fat(fs) and largest_file > FAT_LIMIT:
        raise DriveFull(reason="file_too_large", fs="FAT32", size_mb=_mb(largest_file))
    try:
        free = shutil.disk_usage(drive.root).free
    except OSError as exc:
        raise drive_error(exc, drive) from None
    if needed > free:
        raise DriveFull(reason="no_space", needed_mb=_mb(needed), free_mb=free // 1024**2)
    after = free - needed
    return SpaceReport(free=after, warn_soon=after < 3 * max(expected_per_backup, 1))


def _mb(size: int) -> int:
    return -(-size // 1024**2)


def drive_error(exc: OSError, drive: DriveLayout | None = None, needed: int = 0) -> XuejiError:
    """The error a failed write or read on the drive stands for: DriveFull(file_too_large) for a
    file over FAT32's size limit (EFBIG on a FAT drive), DriveFull(file_limit) for another
    file-size limit, DriveFull(no_space) for a full drive (ENOSPC,
    EDQUOT), else DriveUnavailable(io)."""
    if exc.errno == errno.EFBIG:
        fs = filesystem_type(drive.root) if drive is not None else ""
        if _is_fat(fs):
            return DriveFull(reason="file_too_large", fs="FAT32", size_mb=_mb(needed))
        # Another limit (a quota, a process limit): not FAT's 4 GB, so not named as such.
        return DriveFull(reason="file_limit", size_mb=_mb(needed))
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        free = 0
        if drive is not None:
            with contextlib.suppress(OSError):
                free = shutil.disk_usage(drive.root).free
        return DriveFull(reason="no_space", needed_mb=_mb(needed), free_mb=free // 1024**2)
    return DriveUnavailable(reason="io", detail=exc.strerror or type(exc).__name__)


__all__ = [
    "ENV_SEARCH",
    "SpaceReport",
    "drive_error",
    "enroll_drive",
    "filesystem_type",
    "find_drives",
    "forget_drive",
    "open_drive",
    "space_check",
]
