"""The archive folder: one SQLCipher database plus its side files.

  archive.json          plaintext metadata: format, archive id, binding mode and keyring backend
  keyslots.json         wrapped key bundle per user and for the recovery code
  xueji.db (-wal, -shm) the encrypted database
  login-throttle.json   authenticated failed-login counters
  audit-anchor.json     chain head for archives without a keyring (authenticated)
  blobs/xx/<name>.xjb   encrypted scans and photos
  pre-migration/        encrypted copies taken before each schema migration
  writer.lock           inter-process writer lock (empty)
  login.lock            serialises updates of the counter file (empty)
  desktop.lock          held by the one desktop application open on this archive (empty)

Nothing here holds student data or key material in clear. See docs/design/archive-folder.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from xueji_desktop.core.errors import ArchiveNotFound, ArchiveTooNew, KeyFileDamaged
from xueji_desktop.storage import restore_swap
from xueji_desktop.storage.files import atomic_write

META_FORMAT = "xueji-archive"
META_VERSION = 1
ENV_ARCHIVE = "XUEJI_ARCHIVE"


def default_archive_dir() -> Path:
    env = os.environ.get(ENV_ARCHIVE)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("XuejiDesktop", appauthor=False)) / "archive"


@dataclass(frozen=True)
class ArchiveLayout:
    root: Path

    @property
    def meta(self) -> Path:
        return self.root / "archive.json"

    @property
    def keyslots(self) -> Path:
        return self.root / "keyslots.json"

    @property
    def db(self) -> Path:
        return self.root / "xueji.db"

    @property
    def throttle(self) -> Path:
        return self.root / "login-throttle.json"

    @property
    def anchor(self) -> Path:
        return self.root / "audit-anchor.json"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def pre_migration(self) -> Path:
        return self.root / "pre-migration"

    @property
    def writer_lock(self) -> Path:
        return self.root / "writer.lock"

    @property
    def login_lock(self) -> Path:
        return self.root / "login.lock"

    @property
    def instance_lock(self) -> Path:
        return self.root / "desktop.lock"

    def exists(self) -> bool:
        return self.meta.exists() or self.db.exists() or self.keyslots.exists()


@dataclass(frozen=True)
class ArchiveMeta:
    archive_id: str
    created_at: str
    binding: str  # "keyring" | "none"
    keyring_backend: str | None
    throttle_salt: str
    practice: bool = False
    state: str = "ready"  # "creating" while init runs: such a folder is not an archive yet
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def bound(self) -> bool:
        return self.binding == "keyring"


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_meta(layout: ArchiveLayout, meta: ArchiveMeta) -> None:
    doc = {
        "format": META_FORMAT,
        "version": META_VERSION,
        "archive_id": meta.archive_id,
        "created_at": meta.created_at,
        "binding": meta.binding,
        "keyring_backend": meta.keyring_backend,
        "throttle_salt": meta.throttle_salt,
        "practice": meta.practice,
        "state": meta.state,
        **meta.extra,
    }
    atomic_write(layout.meta, json.dumps(doc, indent=1, ensure_ascii=True).encode() + b"\n")


def read_meta(layout: ArchiveLayout, *, allow_unfinished: bool = False) -> ArchiveMeta:
    restore_swap.settle(layout.root)  # a restore killed mid-swap is finished or undone first
    if not layout.exists():
        raise ArchiveNotFound(path=str(layout.root))
    try:
        data = json.loads(layout.meta.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise KeyFileDamaged(reason="meta_missing") from None
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…"
        raise KeyFileDamaged(reason="meta_unreadable") from None
    try:
        if data["format"] != META_FORMAT:
            raise KeyFileDamaged(reason="meta_format")
        _check_version(data["version"])
        binding = str(data["binding"])
        if binding not in ("keyring", "none"):
            raise KeyFileDamaged(reason="meta_binding")
        backend = data.get("keyring_backend")
        known = {
            "format",
            "version",
            "archive_id",
            "created_at",
            "binding",
            "keyring_backend",
            "throttle_salt",
            "practice",
            "state",
        }
        meta = ArchiveMeta(
            archive_id=str(data["archive_id"]),
            created_at=str(data["created_at"]),
            binding=binding,
            keyring_backend=str(backend) if backend else None,
            throttle_salt=str(data["throttle_salt"]),
            practice=bool(data.get("practice", False)),
            state=str(data.get("state", "ready")),
            extra={k: v for k, v in data.items() if k not in known},
        )
    except (KeyError, TypeError, AttributeError):
        raise KeyFileDamaged(reason="meta_fields") from None
    if meta.state != "ready" and not allow_unfinished:
        # init was interrupted before the recovery code was shown: nothing can be in it.
        raise ArchiveNotFound(path=str(layout.root), reason="unfinished")
    return meta


def _check_version(version: object) -> None:
    """A newer ``version`` is a newer program's archive, refused as such (never as damage); any
    other value than ours is damage. Checked before anything else of the file is read."""
    if type(version) is int and version > META_VERSION:
        raise ArchiveTooNew(
            reason="archive_file", found_version=version, supported_version=META_VERSION
        )
    if type(version) is not int or version != META_VERSION:
        raise KeyFileDamaged(reason="meta_format")
