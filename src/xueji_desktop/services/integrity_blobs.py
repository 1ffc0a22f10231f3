"""The 四性检测's pass over every scan and photo (services/integrity_report.py).

Every registered blob (``blobs`` table) is looked up on disk, decrypted and authenticated with the
blob key (AES-256-GCM, its name checked against the content), and its SHA-256, size and format
mark compared with what was recorded when it was added. Blobs destroyed under the retention rules
(schema 6 ``destroyed_blobs``, while nothing live refers to them) are expected to be gone; one
still on disk is a removal a crash cut short. An archive older than schema 6 has destroyed
nothing. Voided attachments count: their files are kept as evidence like any other.

Read-only; one file in memory at a time; ``progress(done, total)`` after each blob and
``cancelled()`` before each (OperationCancelled).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from xueji_desktop.core.errors import ArchiveDamaged, OperationCancelled
from xueji_desktop.services.attachments import MEDIA_TYPES, sniff
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.services.retention_blobs import absent_blobs, has_destruction
from xueji_desktop.storage.blobs import MAGIC
from xueji_desktop.storage.connection import Connection

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
MAX_NAMED = 20  # blob names kept as evidence per kind of problem: enough to find them

# Attachment rows whose recorded digest or size disagrees with their blob's.
_DISAGREE_SQL = """
SELECT COUNT(*) FROM attachments a JOIN blobs b ON b.name = a.blob_name
WHERE a.sha256 <> b.sha256 OR a.size <> b.size
"""


@dataclass
class BlobFacts:
    expected: int = 0  # registered and meant to be present
    destroyed: int = 0  # meant to be absent
    leftover: int = 0  # destroyed, yet the file is still there
    cleaned: int = 0  # such files the archive check of this run removed (services/check.py)
    missing: list[str] = field(default_factory=list)
    plain: int = 0  # a file that is not in the encrypted blob format
    unreadable: list[str] = field(default_factory=list)  # does not decrypt / authenticate
    # Of those, the ones that failed authentication (AES-GCM tag or the name-as-HMAC check):
    # evidence the bytes were changed, not merely an I/O error.
    altered: list[str] = field(default_factory=list)
    approved: int = 0  # 销毁清册 entries approved (status destroyed)
    kept: int = 0  # of those, scans whose bytes something live still uses: file not deleted
    mismatched: list[str] = field(default_factory=list)  # digest or size differs from the record
    records_disagree: int = 0  # attachment rows disagreeing with their blob row
    wrong_format: list[str] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)  # media type -> readable files

    @property
    def present(self) -> int:
        return self.expected - len(self.missing)

    @property
    def readable(self) -> int:
        return self.present - len(self.unreadable)


def count_blobs(conn: Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0])


# Approved destructions, and those whose blob never got a destroyed_blobs row (its bytes were
# still used by a live scan or a photo when approved): the register's rule (retention_register).
_APPROVED_SQL = """
SELECT COUNT(*), COALESCE(SUM(NOT EXISTS (SELECT 1 FROM destroyed_blobs d
                                         WHERE d.name = a.blob_name)), 0)
FROM destruction_register r JOIN attachments a ON a.id = r.attachment_id
WHERE r.status = 'destroyed'
"""


def approved_counts(conn: Connection) -> tuple[int, int]:
    """(approved destructions, of which the file was kept because its bytes are still used)."""
    if not has_destruction(conn):
        return 0, 0
    row = conn.execute(_APPROVED_SQL).fetchone()
    return int(row[0]), int(row[1])


def leftover_count(handle: ArchiveHandle) -> int:
    """Files of destroyed blobs still on disk (a removal a crash cut short)."""
    store = handle.blobs()
    return sum(1 for name in absent_blobs(handle.db.conn) if store.path_for(name).exists())


def check_blobs(
    handle: ArchiveHandle,
    *,
    leftover_before: int = 0,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> BlobFacts:
    conn = handle.db.conn
    store = handle.blobs()
    facts = BlobFacts()
    absent = absent_blobs(conn)
    facts.destroyed = len(absent)
    facts.approved, facts.kept = approved_counts(conn)
    facts.leftover = sum(1 for name in absent if store.path_for(name).exists())
    facts.cleaned = max(leftover_before - facts.leftover, 0)
    facts.records_disagree = int(conn.execute(_DISAGREE_SQL).fetchone()[0])
    rows = [
        (str(n), str(sha), int(size), str(media))
        for n, sha, size, media in conn.execute(
            "SELECT name, sha256, size, media_type FROM blobs ORDER BY name"
        )
        if str(n) not in absent
    ]
    facts.expected = len(rows)
    total = len(rows)
    for done, (name, sha, size, media) in enumerate(rows, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        path = store.path_for(name)
        try:
            with path.open("rb") as fh:
                head = fh.read(len(MAGIC))
        except FileNotFoundError:
            facts.missing.append(name)
        except OSError:
            facts.unreadable.append(name)  # there, but the system will not read it
        else:
            if head != MAGIC:
                facts.plain += 1
            try:
                data = store.get(name)  # decrypted, authenticated, its name checked
            except ArchiveDamaged as exc:
                facts.unreadable.append(name)
                if exc.fields.get("reason") in ("blob_corrupt", "blob_mismatch"):
                    facts.altered.append(name)
            except OSError:
                facts.unreadable.append(name)
            else:
                if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
                    facts.mismatched.append(name)
                kind = sniff(data)
                if kind != media or kind not in MEDIA_TYPES:
                    facts.wrong_format.append(name)
                else:
                    facts.formats[kind] += 1
        if progress is not None:
            progress(done, total)
    return facts
