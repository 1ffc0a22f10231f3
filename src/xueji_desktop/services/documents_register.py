"""The issuance register (table ``document_register``, schema 4): rows, serials, verification.

Helpers that take a connection or handle; the public services in services/documents.py check the
role first and call these inside their own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xueji_desktop.services import document_signing as signing
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.services.documents_kinds import SERIAL_PREFIXES
from xueji_desktop.storage.connection import Connection

GENUINE = "genuine"
SUPERSEDED = "superseded"
NOT_ISSUED = "not_issued"


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    serial: str
    kind: str
    student_id: int | None
    class_group_id: int | None
    subject: str
    template: str
    purpose: str
    issued_by: str
    issued_at: str
    content_digest: str
    signature: str
    batch_id: str
    superseded_by: str | None
    voided_at: str | None
    void_reason: str

    @property
    def current(self) -> bool:
        return self.superseded_by is None and self.voided_at is None


@dataclass(frozen=True, slots=True)
class Verification:
    """``outcome``: genuine | superseded | not_issued. ``reason`` says why a check failed
    ("unreadable", "unknown_serial", "signature", "digest") or "" — for the log and the curious;
    a clerk is told only the outcome. The other fields are filled when the serial is known here.
    """

    outcome: str
    serial: str = ""
    kind: str = ""
    subject: str = ""
    issued_at: str = ""
    issued_by: str = ""
    superseded_by: str = ""
    voided_at: str = ""
    void_reason: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class NewEntry:
    serial: str
    kind: str
    student_id: int | None
    class_group_id: int | None
    subject: str
    content_digest: str
    signature: str


_COLUMNS = (
    "serial, kind, student_id, class_group_id, subject, template, purpose, issued_by, issued_at, "
    "content_digest, signature, batch_id, superseded_by, voided_at, void_reason"
)


def _entry(r: Sequence[object]) -> RegisterEntry:
    return RegisterEntry(
        str(r[0]), str(r[1]),
        None if r[2] is None else int(str(r[2])), None if r[3] is None else int(str(r[3])),
        str(r[4]), str(r[5]), str(r[6]), str(r[7]), str(r[8]), str(r[9]), str(r[10]), str(r[11]),
        None if r[12] is None else str(r[12]), None if r[13] is None else str(r[13]), str(r[14]),
    )  # fmt: skip


def allocate_serials(conn: Connection, kind: str, year: int, count: int) -> list[str]:
    """The next ``count`` serials of ``kind`` in ``year`` (not yet written: the caller inserts
    them in its transaction and checks again there, ``serials_free``)."""
    row = conn.execute(
        "SELECT max(seq) FROM document_register WHERE kind = ? AND year = ?", (kind, year)
    ).fetchone()
    start = int(row[0] or 0) + 1
    if start + count - 1 > 999_999:
        raise RuntimeError("serial numbers of this kind and year are used up")
    prefix = SERIAL_PREFIXES[kind]
    return [f"{prefix}{year:04d}-{seq:06d}" for seq in range(start, start + count)]


def serials_free(conn: Connection, serials: Sequence[str]) -> bool:
    for serial in serials:
        if conn.execute("SELECT 1 FROM document_register WHERE serial = ?", (serial,)).fetchone():
            return False
    return True


def insert(
    conn: Connection,
    entries: Sequence[NewEntry],
    *,
    template: str,
    purpose: str,
    issued_by: str,
    issued_at: str,
    batch_id: str,
) -> list[str]:
    """Write the rows and mark what each one replaces; returns the serials it superseded."""
    replaced: list[str] = []
    for e in entries:
        year, seq = int(e.serial[-11:-7]), int(e.serial[-6:])
        if e.student_id is not None:
            olds = conn.execute(
                "SELECT serial FROM document_register WHERE student_id = ? AND kind = ? "
                "AND superseded_by IS NULL",
                (e.student_id, e.kind),
            ).fetchall()
        else:
            olds = conn.execute(
                "SELECT serial FROM document_register WHERE class_group_id = ? AND kind = ? "
                "AND superseded_by IS NULL",
                (e.class_group_id, e.kind),
            ).fetchall()
        conn.execute(
            "INSERT INTO document_register (serial, kind, year, seq, student_id, class_group_id, "
            "subject, template, purpose, issued_by, issued_at, content_digest, signature, "
            "batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (e.serial, e.kind, year, seq, e.student_id, e.class_group_id, e.subject, template,
             purpose, issued_by, issued_at, e.content_digest, e.signature, batch_id),
        )  # fmt: skip
        for (old,) in olds:
            conn.execute(
                "UPDATE document_register SET superseded_by = ? WHERE serial = ?", (e.serial, old)
            )
            replaced.append(str(old))
    return replaced


def get(conn: Connection, serial: str) -> RegisterEntry | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM document_register WHERE serial = ?",  # noqa: S608
        (serial,),
    ).fetchone()
    return _entry(row) if row else None


def entries(
    conn: Connection, *, student_id: int | None, kind: str | None, limit: int
) -> list[RegisterEntry]:
    where: list[str] = []
    args: list[object] = []
    if student_id is not None:
        where.append("student_id = ?")
        args.append(student_id)
    if kind is not None:
        where.append("kind = ?")
        args.append(kind)
    sql = f"SELECT {_COLUMNS} FROM document_register"  # noqa: S608 - fixed column names
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY issued_at DESC, serial DESC LIMIT ?"
    return [_entry(r) for r in conn.execute(sql, (*args, limit))]


def void(conn: Connection, serial: str, reason: str, at: str) -> bool:
    """Mark one document void; False when it already was. The documents it had superseded are
    current again: a transcript issued and then voided unprinted (the preview closed) must not
    make the one the student actually holds read as "superseded"."""
    row = conn.execute(
        "SELECT voided_at, superseded_by FROM document_register WHERE serial = ?", (serial,)
    ).fetchone()
    if row is None or row[0] is not None:
        return False
    conn.execute(
        "UPDATE document_register SET voided_at = ?, void_reason = ? WHERE serial = ?",
        (at, reason, serial),
    )
    # What it replaced is replaced by whatever replaced it (NULL: current again), so a later
    # issue stays the current one.
    conn.execute(
        "UPDATE document_register SET superseded_by = ? WHERE superseded_by = ?", (row[1], serial)
    )
    return True


def check(handle: ArchiveHandle, text: str) -> Verification:
    """Verify a serial or QR text against this archive's register and key."""
    payload = signing.parse_verification_text(text)
    if payload is None:
        return Verification(NOT_ISSUED, reason="unreadable")
    entry = get(handle.db.conn, payload.serial)
    if entry is None:
        return Verification(NOT_ISSUED, serial=payload.serial, reason="unknown_serial")
    public = signing.public_key_bytes(signing.signing_key(handle.keys.audit_key, handle.archive_id))
    aid = handle.archive_id
    # The register's own row must carry a valid signature: a row edited behind the app's back
    # (or a digest changed) verifies as not issued, whether a serial or a QR text was given.
    if not signing.signature_valid(
        public, aid, entry.serial, entry.kind, entry.content_digest, entry.signature
    ):
        return Verification(NOT_ISSUED, serial=payload.serial, reason="signature")
    if payload.signature:
        if not entry.content_digest.upper().startswith(payload.digest_prefix):
            return Verification(NOT_ISSUED, serial=payload.serial, reason="digest")
        if not signing.signature_valid(
            public, aid, entry.serial, entry.kind, entry.content_digest, payload.signature
        ):
            return Verification(NOT_ISSUED, serial=payload.serial, reason="signature")
    outcome = GENUINE if entry.current else SUPERSEDED
    return Verification(
        outcome,
        serial=entry.serial,
        kind=entry.kind,
        subject=entry.subject,
        issued_at=entry.issued_at,
        issued_by=entry.issued_by,
        superseded_by=entry.superseded_by or "",
        voided_at=entry.voided_at or "",
        void_reason=entry.void_reason,
    )
