"""The audit chain: each entry's MAC covers the previous MAC and the entry's canonical bytes.

mac_0 = HMAC(k_audit, "xueji-audit-genesis|" + archive_id)
mac_i = HMAC-SHA256(k_audit, mac_{i-1} || canon(entry_i))

Pure functions only: storage reads the rows, this module decides whether they form an intact chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str  # UTC, ISO 8601 with 'Z'
    actor: str
    action: str
    target_type: str
    target_id: str
    details: str  # canonical JSON
    mac: bytes


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head_seq: int
    head_mac: bytes
    first_bad_seq: int | None = None
    reason: str | None = None  # "mac", "gap", "anchor_missing", "anchor_mismatch"


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def genesis_mac(audit_key: bytes, archive_id: str) -> bytes:
    return hmac.new(
        audit_key, b"xueji-audit-genesis|" + archive_id.encode(), hashlib.sha256
    ).digest()


def _canon(seq: int, ts: str, actor: str, action: str, tt: str, tid: str, details: str) -> bytes:
    return canonical_json([seq, ts, actor, action, tt, tid, details]).encode("utf-8")


def entry_mac(
    audit_key: bytes,
    prev_mac: bytes,
    *,
    seq: int,
    ts: str,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    details: str,
) -> bytes:
    msg = prev_mac + _canon(seq, ts, actor, action, target_type, target_id, details)
    return hmac.new(audit_key, msg, hashlib.sha256).digest()


def verify_chain(
    entries: Iterable[AuditEntry],
    audit_key: bytes,
    archive_id: str,
    anchor: tuple[int, bytes] | None = None,
) -> ChainReport:
    """Walk the chain in order; name the first entry that does not verify.

    ``anchor`` is (seq, mac) kept outside the database: the chain must reach that entry and carry
    that MAC there, else the tail was cut or the folder rolled back.
    """
    prev = genesis_mac(audit_key, archive_id)
    expected_seq = 1
    count = 0
    anchor_seen = False
    for e in entries:
        if e.seq != expected_seq:
            return ChainReport(False, count, expected_seq - 1, prev, expected_seq, "gap")
        mac = entry_mac(
            audit_key,
            prev,
            seq=e.seq,
            ts=e.ts,
            actor=e.actor,
            action=e.action,
            target_type=e.target_type,
            target_id=e.target_id,
            details=e.details,
        )
        if not hmac.compare_digest(mac, e.mac):
            return ChainReport(False, count, expected_seq - 1, prev, e.seq, "mac")
        if anchor is not None and e.seq == anchor[0]:
            if not hmac.compare_digest(anchor[1], e.mac):
                return ChainReport(False, count, e.seq, e.mac, e.seq, "anchor_mismatch")
            anchor_seen = True
        prev = e.mac
        expected_seq += 1
        count += 1
    if anchor is not None and anchor[0] > 0 and not anchor_seen:
        return ChainReport(False, count, expected_seq - 1, prev, expected_seq, "anchor_missing")
    return ChainReport(True, count, expected_seq - 1, prev)
