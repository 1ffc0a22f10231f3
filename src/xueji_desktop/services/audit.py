"""The audit chain in the database: append inside the caller's transaction, verify, anchor.

Every change goes through a service in one ``atomic()`` block together with ``record(...)``. The
head (seq, MAC) is anchored outside the database after each commit: in the OS keyring when the
archive is bound, else in an authenticated side file (docs/design/audit-chain.md says what each
protects against).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

from xueji_desktop.core.audit_chain import (
    AuditEntry,
    ChainReport,
    canonical_json,
    entry_mac,
    genesis_mac,
    verify_chain,
)
from xueji_desktop.core.id_number import mask_id_numbers_in_text
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.storage import keystore
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.files import atomic_write
from xueji_desktop.storage.layout import now_utc

ANCHOR_ITEM = "audit-anchor"
_SECRET_KEYS = {"password", "new_password", "recovery_code", "key", "secret"}


def scrub(value: Any) -> Any:
    """Mask ID numbers in every string and drop secret-looking keys, recursively."""
    if isinstance(value, str):
        return mask_id_numbers_in_text(value)
    if isinstance(value, dict):
        return {str(k): scrub(v) for k, v in value.items() if str(k).lower() not in _SECRET_KEYS}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def record(
    handle: ArchiveHandle,
    actor: str,
    action: str,
    *,
    target_type: str = "",
    target_id: str | int = "",
    details: dict[str, Any] | None = None,
) -> int:
    """Append one entry inside ``handle.db.atomic()``: the entry commits with the change."""
    db = handle.db
    if not db.in_transaction:
        raise RuntimeError("audit.record outside a transaction")
    conn = db.conn
    row = conn.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev_seq, prev_mac = (
        (int(row[0]), bytes(row[1]))
        if row
        else (0, genesis_mac(handle.keys.audit_key, handle.archive_id))
    )
    seq = prev_seq + 1
    ts = now_utc()
    text = canonical_json(scrub(details or {}))
    tid = mask_id_numbers_in_text(str(target_id))
    mac = entry_mac(
        handle.keys.audit_key,
        prev_mac,
        seq=seq,
        ts=ts,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=tid,
        details=text,
    )
    conn.execute(
        "INSERT INTO audit_log (seq, ts, actor, action, target_type, target_id, details, mac) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, ts, actor, action, target_type, tid, text, mac),
    )
    db.after_commit(lambda: advance_anchor(handle, seq, mac))
    return seq


def iter_entries(conn: Connection) -> Iterator[AuditEntry]:
    cur = conn.execute(
        "SELECT seq, ts, actor, action, target_type, target_id, details, mac "
        "FROM audit_log ORDER BY seq"
    )
    for r in cur:
        yield AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], bytes(r[7]))


def head(conn: Connection) -> tuple[int, bytes] | None:
    row = conn.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), bytes(row[1])) if row else None


# -- the anchor --------------------------------------------------------------------------------


def _anchor_tag(handle: ArchiveHandle, seq: int, mac: bytes) -> str:
    msg = f"xueji-anchor|{handle.archive_id}|{seq}|{mac.hex()}".encode()
    return hmac.new(handle.keys.audit_key, msg, hashlib.sha256).hexdigest()


def read_anchor(handle: ArchiveHandle) -> tuple[int, bytes] | None:
    """The anchored head, or None when none was written. A forged one reads as (huge, b"")."""
    if handle.meta.bound:
        try:
            raw = keystore.get_secret(handle.archive_id, ANCHOR_ITEM)
        except keystore.KeystoreUnavailable:
            return None
        if raw is None:
            return None
        seq_text, _, mac_hex = raw.decode("ascii", "replace").partition(":")
        try:
            return int(seq_text), bytes.fromhex(mac_hex)
        except ValueError:
            return (2**62, b"")
    try:
        doc = json.loads(handle.layout.anchor.read_bytes())
        seq, mac = int(doc["seq"]), bytes.fromhex(doc["mac"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return (2**62, b"")
    if not hmac.compare_digest(_anchor_tag(handle, seq, mac), str(doc.get("tag", ""))):
        return (2**62, b"")
    return seq, mac


def write_anchor(handle: ArchiveHandle, seq: int, mac: bytes) -> None:
    if handle.meta.bound:
        value = f"{seq}:{mac.hex()}".encode("ascii")
        keystore.set_secret(handle.archive_id, ANCHOR_ITEM, value)
        return
    doc = {"seq": seq, "mac": mac.hex(), "tag": _anchor_tag(handle, seq, mac)}
    atomic_write(handle.layout.anchor, json.dumps(doc).encode() + b"\n")


def advance_anchor(handle: ArchiveHandle, seq: int, mac: bytes) -> None:
    """Move the anchor forward, but only from a head the database still agrees with: an anchor
    that shows a rollback or a cut tail is left as evidence until an admin has looked."""
    current = read_anchor(handle)
    if current is None and seq != 1:
        # Written with the very first entry; if it is gone, recreating it here would hide a cut
        # tail. It stays missing (check reports it) until an admin re-anchors (reanchor()).
        return
    latest = head(handle.db.conn)
    if current is not None and latest is not None and latest[0] > seq:
        # A later entry of the same commit (one after_commit callback each) anchors the head:
        # one keyring/file write per commit, not one per entry (1,000 documents issued at once).
        return
    if current is not None:
        if current[0] >= seq:
            return
        row = handle.db.conn.execute(
            "SELECT mac FROM audit_log WHERE seq = ?", (current[0],)
        ).fetchone()
        if row is None or not hmac.compare_digest(bytes(row[0]), current[1]):
            return
    # Runs after COMMIT: a keyring that is gone (recovery on another machine) must not turn a
    # committed change into an error. It cannot be read either, so nothing is checked against it.
    with contextlib.suppress(keystore.KeystoreUnavailable):
        write_anchor(handle, seq, mac)


def verify(handle: ArchiveHandle, conn: Connection | None = None) -> ChainReport:
    c = conn if conn is not None else handle.db.conn
    anchor = read_anchor(handle)
    report = verify_chain(iter_entries(c), handle.keys.audit_key, handle.archive_id, anchor)
    if report.ok and anchor is None and report.entries > 0:
        # The anchor is written with the very first entry; a chain without one had it removed
        # (or the keyring entry lost), so a cut tail could no longer be seen.
        return ChainReport(False, report.entries, report.head_seq, report.head_mac,
                           report.head_seq, "anchor_absent")  # fmt: skip
    return report
