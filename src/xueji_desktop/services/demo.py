"""``xueji demo``: a practice archive (练习库) full of realistic synthetic students and records.

The data comes from core/demo_data.py: four intakes (the oldest graduated in June), the full
national-template record of every student with family members, terms, courses and grades,
conduct, attendance, rewards and punishments, internships, certificates, financial aid,
destinations, scanned documents (small placeholder images), the 学籍异动 history and the archive
room's registers (paper files, receiving batches, loans, dispatches; core/demo_files.py), as of
the demo's fixed "today". A few deliberate mistakes give ``xueji health`` something to find.

Deterministic for a seed: the rows of every records table are identical for the same seed
(timestamps come from the demo dates, not the clock). Only the archive's own rows (users,
key-slot registry, audit log) and blob names (keyed by the archive's blob key) differ.
The demo admin is ``admin`` with the password in ``DEMO_PASSWORD`` (documented in the README).
The archive is always password-only (not bound to the workstation), so the practice archive opens
anywhere, and it is marked as practice in every window.

Everything is written with bulk inserts (services/demo_load.py) in one ``atomic()`` with one
``demo_data_loaded`` audit entry, then the search index is rebuilt in the same transaction.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from xueji_desktop.core.demo_data import DEFAULT_REFERENCE_YEAR, DemoData, generate_demo
from xueji_desktop.core.demo_files import plan_files
from xueji_desktop.services import audit
from xueji_desktop.services.archive import Created, create_archive
from xueji_desktop.services.demo_load import (
    DOC_TITLES,
    demo_ts,
    enrolment_timestamp,
    write_documents,
    write_paper_files,
    write_school_life,
    write_status_changes,
    write_structure,
    write_students,
)
from xueji_desktop.services.search import rebuild_search_keys
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams

__all__ = [
    "DEMO_ADMIN",
    "DEMO_INTAKES",
    "DEMO_PASSWORD",
    "create_demo",
    "enrolment_timestamp",
    "load_demo_data",
]

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "xueji-demo-2026"  # noqa: S105 - published in the README on purpose
# Four intakes of 300: the oldest graduated in June of the demo year, the newest is registering.
DEMO_INTAKES = tuple(range(DEFAULT_REFERENCE_YEAR - 3, DEFAULT_REFERENCE_YEAR + 1))


def create_demo(
    root: Path,
    *,
    seed: int = 1,
    password: str = DEMO_PASSWORD,
    kdf: KdfParams = PRODUCTION,
    students_per_intake: int = 300,
    intakes: tuple[int, ...] = DEMO_INTAKES,
    progress: Callable[[int, int], None] | None = None,
) -> Created:
    data = generate_demo(seed, intakes=intakes, students_per_intake=students_per_intake)
    created = create_archive(
        root,
        school_name=data.school.name,
        school_code=data.school.code,
        admin=DEMO_ADMIN,
        password=password,
        kdf=kdf,
        binding="none",
        practice=True,
    )
    load_demo_data(created, data, seed, progress)
    return created


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain image of one colour with a white frame: the placeholder for scans and photos."""
    white, colour = b"\xff\xff\xff", bytes(rgb)
    edge = b"\x00" + white * width
    line = b"\x00" + white * 4 + colour * (width - 8) + white * 4
    raw = edge * 4 + line * (height - 8) + edge * 4

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _placeholders(created: Created, conn: Connection, ts: str) -> dict[str, tuple[str, str, int]]:
    """Encrypted placeholder blobs, one per document type and one photo: code -> (blob name,
    sha256, size). Equal bytes share one blob, so every student's scan of a type is the same."""
    out: dict[str, tuple[str, str, int]] = {}
    store = created.session.archive.blobs()
    kinds = [("photo", (70, 130, 200), (90, 126)), *[
        (code, (200 - 9 * i, 200 - 4 * i, 190 + 5 * i), (120, 170))
        for i, code in enumerate(DOC_TITLES)
    ]]  # fmt: skip
    for code, colour, (w, h) in kinds:
        data = _png(w, h, colour)
        name = store.put(data)
        digest = hashlib.sha256(data).hexdigest()
        conn.execute(
            "INSERT OR IGNORE INTO blobs (name, sha256, size, media_type, created_at) "
            "VALUES (?,?,?,?,?)",
            (name, digest, len(data), "image/png", ts),
        )
        out[code] = (name, digest, len(data))
    return out


def load_demo_data(
    created: Created, data: DemoData, seed: int, progress: Callable[[int, int], None] | None = None
) -> None:
    """Write ``data`` into the (new) archive of ``created``: one transaction, one audit entry,
    then the search index. ``progress(done, 4)`` after each part."""
    session = created.session
    h = session.archive
    actor = session.username

    def step(done: int) -> None:
        if progress is not None:
            progress(done, 4)

    with h.db.atomic() as conn:
        class_ids, term_ids, course_ids = write_structure(conn, data)
        blobs = _placeholders(created, conn, demo_ts(data.today))
        student_ids = write_students(conn, data, class_ids, blobs["photo"][0], actor)
        step(1)
        proofs = write_documents(conn, data, student_ids, blobs, actor)
        write_status_changes(conn, data, student_ids, class_ids, proofs, actor)
        step(2)
        write_school_life(conn, data, student_ids, course_ids, term_ids)
        room = write_paper_files(conn, plan_files(seed, data), student_ids, actor)
        step(3)
        details = {
            "seed": seed,
            "today": data.today.isoformat(),
            "students": len(data.students),
            "majors": len(data.majors),
            "class_groups": len(data.class_groups),
            "grades": len(data.grades),
            "status_changes": len(data.status_changes),
            **room,
        }
        audit.record(
            h, actor, "demo_data_loaded", target_type="archive", target_id=h.archive_id,
            details=details,
        )  # fmt: skip
        rebuild_search_keys(conn)
        step(4)
