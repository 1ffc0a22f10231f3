"""The backup drive's layout, the drive identity and the backup manifest (docs/design/backups.md).

  <drive>/XuejiBackup/
    drive.json                    which archive this drive serves (identity, sealed)
    drive.lock                    one backup / check / restore at a time on this drive
    blobs/xx/<name>.xjb           encrypted scans and photos, shared by all backups, copied once
    backups/<backup id>/          one backup: xueji.db [xueji.db-wal] keyslots.json archive.json
                                  manifest.json (written last)
    backups/.partial-<id>/        a backup being written; never listed, removed by the next run

A backup exists only when its folder has a final name and a manifest whose seal holds. Every
file is copied to a temporary name, flushed, fsynced, then renamed; the manifest comes last.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from xueji_desktop.core.audit_chain import canonical_json
from xueji_desktop.core.errors import (
    BackupCorrupt,
    BackupTooNew,
    DriveNotEnrolled,
    OperationCancelled,
)
from xueji_desktop.storage.files import FILE_MODE, atomic_write, ensure_private_dir, fsync_dir

DRIVE_FOLDER = "XuejiBackup"
MANIFEST_FORMAT = "xueji-backup"
MANIFEST_VERSION = 1
DRIVE_FORMAT = "xueji-backup-drive"
DRIVE_VERSION = 1
MANIFEST_NAME = "manifest.json"
PARTIAL_PREFIX = ".partial-"
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a manifest lists blobs: generous, but not unbounded

# The files of one backup folder besides the manifest (the WAL only when it held frames).
DB_NAME = "xueji.db"
WAL_NAME = "xueji.db-wal"
SLOTS_NAME = "keyslots.json"
META_NAME = "archive.json"
BACKUP_FILES = (DB_NAME, WAL_NAME, SLOTS_NAME, META_NAME)

# Seal kinds. "archive": HMAC under a key derived from the archive's audit key (only someone who
# opened the archive, or holds the recovery code, can make or check it): the only kind that makes
# a backup "verified". "workstation": a scheduled run's seal under a key derived from the
# workstation's device secret (keyring). "open": a scheduled run on an archive without a keyring;
# it guards against accidents only (the key is public), which is enough because a pending backup
# is trusted for nothing until a login has re-checked every byte of it with the archive's keys.
SEAL_ARCHIVE = "archive"
SEAL_WORKSTATION = "workstation"
SEAL_OPEN = "open"
SEAL_KINDS = (SEAL_ARCHIVE, SEAL_WORKSTATION, SEAL_OPEN)

STATE_PENDING = "pending"  # copied and hash-verified by a scheduled run; deep checks still to do
STATE_VERIFIED = "verified"  # deep-checked and sealed with the archive key
STATES = (STATE_PENDING, STATE_VERIFIED)

_BACKUP_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_BLOB_NAME = re.compile(r"^[0-9a-f]{64}$")


def _hkdf(ikm: bytes, salt: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt.encode(), info=info).derive(ikm)


def seal_key(
    kind: str, archive_id: str, *, audit_key: bytes | None, device_secret: bytes | None
) -> bytes:
    """The HMAC key of a manifest seal of ``kind`` (see SEAL_* above)."""
    if kind == SEAL_ARCHIVE:
        if audit_key is None:
            raise ValueError("the archive seal needs the audit key")
        return _hkdf(audit_key, archive_id, b"xueji-backup-manifest-v1")
    if kind == SEAL_WORKSTATION:
        if device_secret is None:
            raise ValueError("the workstation seal needs the device secret")
        return _hkdf(device_secret, archive_id, b"xueji-backup-pending-v1")
    if kind == SEAL_OPEN:
        return hashlib.sha256(f"xueji-backup-open-seal|{archive_id}".encode()).digest()
    raise ValueError(kind)


def drive_key(audit_key: bytes, archive_id: str) -> bytes:
    return _hkdf(audit_key, archive_id, b"xueji-backup-drive-v1")


def new_backup_id(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def is_backup_id(name: str) -> bool:
    return bool(_BACKUP_ID.match(name))


# -- the drive -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriveLayout:
    """The backup folder on a drive: ``root`` is what the admin chose (a volume or a folder)."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / DRIVE_FOLDER

    @property
    def identity(self) -> Path:
        return self.folder / "drive.json"

    @property
    def lock(self) -> Path:
        return self.folder / "drive.lock"

    @property
    def blobs(self) -> Path:
        return self.folder / "blobs"

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    def blob_path(self, name: str) -> Path:
        return self.blobs / name[:2] / f"{name}.xjb"

    def backup_dir(self, backup_id: str) -> Path:
        return self.backups / backup_id

    def backup_ids(self) -> list[str]:
        """Folders with a final backup name, newest first (whether their manifest holds is for
        the caller to check). Partial folders are never listed."""
        try:
            names = [p.name for p in self.backups.iterdir() if p.is_dir()]
        except OSError:
            return []
        return sorted((n for n in names if is_backup_id(n)), reverse=True)

    def partial_dirs(self) -> list[Path]:
        try:
            return [p for p in self.backups.iterdir() if p.name.startswith(PARTIAL_PREFIX)]
        except OSError:
            return []


@dataclass(frozen=True)
class DriveIdentity:
    drive_id: str
    archive_id: str
    label: str
    enrolled_at: str
    tag: str  # HMAC(drive_key, drive_id|archive_id|enrolled_at), hex

    def expected_tag(self, audit_key: bytes) -> str:
        msg = f"xueji-drive|{self.drive_id}|{self.archive_id}|{self.enrolled_at}".encode()
        return hmac.new(drive_key(audit_key, self.archive_id), msg, hashlib.sha256).hexdigest()

    def tag_holds(self, audit_key: bytes) -> bool:
        return hmac.compare_digest(self.expected_tag(audit_key), self.tag)

    def sealed(self, audit_key: bytes) -> DriveIdentity:
        return replace(self, tag=self.expected_tag(audit_key))

    def to_bytes(self) -> bytes:
        doc = {
            "format": DRIVE_FORMAT,
            "version": DRIVE_VERSION,
            "drive_id": self.drive_id,
            "archive_id": self.archive_id,
            "label": self.label,
            "enrolled_at": self.enrolled_at,
            "tag": self.tag,
        }
        return json.dumps(doc, indent=1, ensure_ascii=True).encode("ascii") + b"\n"


def write_identity(drive: DriveLayout, identity: DriveIdentity) -> None:
    ensure_private_dir(drive.folder)
    atomic_write(drive.identity, identity.to_bytes())


def read_identity(drive: DriveLayout) -> DriveIdentity:
    """The drive's identity. Raises DriveNotEnrolled(not_enrolled | damaged)."""
    path = str(drive.root)
    try:
        raw = drive.identity.read_bytes()
    except FileNotFoundError:
        raise DriveNotEnrolled(reason="not_enrolled", path=path) from None
    except OSError:
        raise DriveNotEnrolled(reason="damaged", path=path) from None
    try:
        if len(raw) > 64 * 1024:
            raise ValueError("too big")
        doc = json.loads(raw.decode("utf-8"))
        if doc.get("format") != DRIVE_FORMAT:
            raise ValueError("format")
        if _newer(doc.get("version"), DRIVE_VERSION):
            # A newer program enrolled this drive: refused, never "damaged" (which would let
            # an enrolment replace the identity).
            raise BackupTooNew(
                reason="drive", found_version=doc["version"], supported_version=DRIVE_VERSION
            )
        if doc.get("version") != DRIVE_VERSION:
            raise ValueError("format")
        values = [doc[k] for k in ("drive_id", "archive_id", "label", "enrolled_at", "tag")]
        if not all(isinstance(v, str) for v in values):
            raise ValueError("types")
        return DriveIdentity(*values)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        raise DriveNotEnrolled(reason="damaged", path=path) from None


# -- the manifest -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileEntry:
    path: str  # a name in the backup folder, or a blob name (64 hex)
    size: int
    sha256: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Manifest:
    backup_id: str
    archive_id: str
    drive_id: str
    created_at: str  # UTC ISO-8601 with Z: when the snapshot was taken
    app_version: str
    made_by: str  # a user name, or "" for a scheduled run without anyone logged in
    state: str  # STATE_PENDING | STATE_VERIFIED
    files: tuple[FileEntry, ...]
    blobs: tuple[FileEntry, ...]
    schema_version: int | None = None  # known once the copy was opened (verified)
    tables: dict[str, int] | None = None  # row counts per table (verified)
    content_hash: str | None = None  # storage/content_hash of the copy (verified)
    audit_head: tuple[int, str] | None = None  # (seq, mac hex) of the copy's chain (verified)
    verified_at: str | None = None
    seal: str = SEAL_ARCHIVE
    extra: dict[str, Any] = field(default_factory=dict)  # later versions' fields, kept verbatim

    @property
    def verified(self) -> bool:
        return self.state == STATE_VERIFIED and self.seal == SEAL_ARCHIVE

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files) + sum(b.size for b in self.blobs)

    def file(self, name: str) -> FileEntry | None:
        return next((f for f in self.files if f.path == name), None)

    def body(self) -> dict[str, Any]:
        return {
            **self.extra,
            "format": MANIFEST_FORMAT,
            "version": MANIFEST_VERSION,
            "backup_id": self.backup_id,
            "archive_id": self.archive_id,
            "drive_id": self.drive_id,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "made_by": self.made_by,
            "state": self.state,
            "files": [f.to_json() for f in self.files],
            "blobs": [b.to_json() for b in self.blobs],
            "schema_version": self.schema_version,
            "tables": self.tables,
            "content_hash": self.content_hash,
            "audit_head": (
                {"seq": self.audit_head[0], "mac": self.audit_head[1]} if self.audit_head else None
            ),
            "verified_at": self.verified_at,
            "seal": self.seal,
        }

    def mac(self, key: bytes) -> str:
        return hmac.new(key, canonical_json(self.body()).encode(), hashlib.sha256).hexdigest()

    def to_bytes(self, key: bytes) -> bytes:
        doc = {**self.body(), "mac": self.mac(key)}
        return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n"


_KNOWN = frozenset(
    {
        "format",
        "version",
        "backup_id",
        "archive_id",
        "drive_id",
        "created_at",
        "app_version",
        "made_by",
        "state",
        "files",
        "blobs",
        "schema_version",
        "tables",
        "content_hash",
        "audit_head",
        "verified_at",
        "seal",
        "mac",
    }
)


def _entry(d: object, *, blob: bool) -> FileEntry:
    if not isinstance(d, dict):
        raise ValueError("entry")
    path, size, digest = d["path"], d["size"], d["sha256"]
    if not isinstance(path, str) or not isinstance(size, int) or isinstance(size, bool):
        raise ValueError("entry types")
    if not isinstance(digest, str) or not _HEX64.match(digest) or size < 0:
        raise ValueError("entry values")
    if blob and not _BLOB_NAME.match(path):
        raise ValueError("blob name")
    if not blob and path not in BACKUP_FILES:
        raise ValueError("file name")  # never a path that could point outside the folder
    return FileEntry(path, size, digest)


def parse_manifest(raw: bytes) -> tuple[Manifest, str]:
    """Parse (not yet trust) a manifest. Returns it and its MAC. Raises BackupCorrupt."""
    try:
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ValueError("too big")
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict):
            raise ValueError("not an object")
        if doc["format"] != MANIFEST_FORMAT:
            raise ValueError("format")
        if _newer(doc["version"], MANIFEST_VERSION):
            _refuse_newer_manifest(doc)
        if doc["version"] != MANIFEST_VERSION:
            raise ValueError("format")
        head = doc.get("audit_head")
        tables = doc.get("tables")
        schema = doc.get("schema_version")
        content = doc.get("content_hash")
        if tables is not None and not (
            isinstance(tables, dict)
            and all(isinstance(k, str) and type(v) is int for k, v in tables.items())
        ):
            raise ValueError("tables")
        if schema is not None and type(schema) is not int:
            raise ValueError("schema")
        if content is not None and not (isinstance(content, str) and _HEX64.match(content)):
            raise ValueError("content hash")
        audit_head: tuple[int, str] | None = None
        if head is not None:
            if not isinstance(head, dict) or type(head["seq"]) is not int:
                raise ValueError("audit head")
            audit_head = (head["seq"], str(head["mac"]))
        texts = [doc[k] for k in ("backup_id", "archive_id", "drive_id", "created_at")]
        texts += [doc[k] for k in ("app_version", "made_by", "state", "seal", "mac")]
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("types")
        if not is_backup_id(doc["backup_id"]) or doc["state"] not in STATES:
            raise ValueError("values")
        if doc["seal"] not in SEAL_KINDS:
            raise ValueError("seal")
        verified_at = doc.get("verified_at")
        files = tuple(_entry(f, blob=False) for f in doc["files"])
        blobs = tuple(_entry(b, blob=True) for b in doc["blobs"])
        if len({f.path for f in files}) != len(files) or DB_NAME not in {f.path for f in files}:
            raise ValueError("files")
        manifest = Manifest(
            backup_id=doc["backup_id"],
            archive_id=doc["archive_id"],
            drive_id=doc["drive_id"],
            created_at=doc["created_at"],
            app_version=doc["app_version"],
            made_by=doc["made_by"],
            state=doc["state"],
            files=files,
            blobs=blobs,
            schema_version=schema,
            tables=tables,
            content_hash=content,
            audit_head=audit_head,
            verified_at=verified_at if isinstance(verified_at, str) else None,
            seal=doc["seal"],
            extra={k: v for k, v in doc.items() if k not in _KNOWN},
        )
        if raw != json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n":
            # Only the exact bytes written verify: a cut final newline or added spaces lie
            # outside the seal, and a backup file must not differ by a single byte.
            raise ValueError("not canonical")
        return manifest, doc["mac"]
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        raise BackupCorrupt(reason="manifest_unreadable", file=MANIFEST_NAME) from None


def _newer(version: object, ours: int) -> bool:
    return type(version) is int and version > ours


_APP_VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){1,3}$")


def _refuse_newer_manifest(doc: dict[str, Any]) -> None:
    """A manifest of a newer format: the backup is not damaged, this program cannot read it.
    Its maker's version is named when the manifest gives a plain one (``0.2.0``)."""
    made_with = doc.get("app_version")
    if isinstance(made_with, str) and _APP_VERSION.match(made_with):
        raise BackupTooNew(
            reason="manifest",
            found_version=doc["version"],
            supported_version=MANIFEST_VERSION,
            made_with=made_with,
        )
    raise BackupTooNew(
        reason="format", found_version=doc["version"], supported_version=MANIFEST_VERSION
    )


def read_manifest(backup_dir: Path) -> tuple[Manifest, str]:
    try:
        raw = (backup_dir / MANIFEST_NAME).read_bytes()
    except FileNotFoundError:
        raise BackupCorrupt(reason="manifest_missing", file=MANIFEST_NAME) from None
    except OSError:
        raise BackupCorrupt(reason="manifest_unreadable", file=MANIFEST_NAME) from None
    return parse_manifest(raw)


def seal_holds(manifest: Manifest, mac: str, key: bytes) -> bool:
    return hmac.compare_digest(manifest.mac(key), mac)


def write_manifest(backup_dir: Path, manifest: Manifest, key: bytes) -> None:
    """Write (or replace) the manifest: temporary name, fsync, rename, fsync the folder."""
    atomic_write(backup_dir / MANIFEST_NAME, manifest.to_bytes(key))


# -- copying and hashing --------------------------------------------------------------------------

Progress = Callable[[int], None]  # bytes done since the last call
Cancelled = Callable[[], bool]


def _drop_cache(fd: int) -> None:
    """Ask the OS to forget a file's cached pages, so the next read comes from the device (best
    effort: Linux honours it for clean pages; elsewhere it is a no-op)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def copy_hashed(
    src: Path,
    dst: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    limit: int | None = None,
) -> tuple[int, str]:
    """Copy ``src`` to a new file ``dst`` (must not exist), fsynced; return (size, SHA-256) of
    what was written. ``limit``: copy at most that many bytes (a file that grows while copied
    is cut at the size seen under the lock). Raises OperationCancelled; the partial ``dst`` is
    removed on any failure."""
    h = hashlib.sha256()
    size = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(dst, flags, FILE_MODE)
    try:
        with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
            while limit is None or size < limit:
                want = CHUNK if limit is None else min(CHUNK, limit - size)
                chunk = fin.read(want)
                if not chunk:
                    break
                if cancelled is not None and cancelled():
                    raise OperationCancelled()
                fout.write(chunk)
                h.update(chunk)
                size += len(chunk)
                if progress is not None:
                    progress(len(chunk))
            fout.flush()
            os.fsync(fout.fileno())
            _drop_cache(fout.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            dst.unlink()
        raise
    return size, h.hexdigest()


def hash_file(
    path: Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> tuple[int, str]:
    """(size, SHA-256) of a file as the device has it (its cached pages dropped first)."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        _drop_cache(fh.fileno())
        while chunk := fh.read(CHUNK):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            h.update(chunk)
            size += len(chunk)
            if progress is not None:
                progress(len(chunk))
    return size, h.hexdigest()


def place_blob(
    drive: DriveLayout,
    src: Path,
    name: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[int, str]:
    """Copy one blob file onto the drive under its name (temporary name, fsync, rename)."""
    target = drive.blob_path(name)
    ensure_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    size, digest = copy_hashed(src, tmp, progress=progress, cancelled=cancelled)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)
    return size, digest
