"""An opened archive and a logged-in session: what every service function receives."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from xueji_desktop.core.errors import ArchiveLocked, PermissionDenied
from xueji_desktop.core.roles import Permission, Role, allowed
from xueji_desktop.storage.blobs import BlobStore
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.keyslots import KeyBundle
from xueji_desktop.storage.layout import ArchiveLayout, ArchiveMeta

Clock = Callable[[], float]


@dataclass
class ArchiveHandle:
    layout: ArchiveLayout
    meta: ArchiveMeta
    keys: KeyBundle
    db: Database
    device_secret: bytes | None
    clock: Clock = time.time
    migrated: list[int] = field(default_factory=list)  # schema versions applied when opened

    @property
    def archive_id(self) -> str:
        return self.meta.archive_id

    def blobs(self) -> BlobStore:
        return BlobStore(self.layout.blobs, self.keys.blob_key)

    def close(self) -> None:
        self.db.close()


@dataclass
class Session:
    archive: ArchiveHandle
    username: str
    roles: frozenset[Role]
    slot_id: str
    viewed: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    locked: bool = False

    def require(self, permission: Permission) -> None:
        if self.locked:
            raise ArchiveLocked()
        if not allowed(self.roles, permission):
            raise PermissionDenied(permission=permission.value, user=self.username)

    def close(self) -> None:
        self.archive.close()
