"""The 安全性 items of the 四性检测, and the backup facts (the restore drill is a 可用性 item).

Thresholds (docs/design/four-properties.md): a verified backup older than ``BACKUP_MAX_AGE_DAYS``
and a restore drill older than the backup page's 30 days are "需注意"; a failed latest drill is
"不通过"; password hashing below OWASP's Argon2id minimum (storage/kdf.OWASP_MINIMUM) is
"需注意"; ``FAILED_LOGINS_WARN`` failed sign-ins in 30 days (a lock takes 10 in a row) or
``RECOVERY_FAILED_WARN`` wrong recovery codes are "需注意".
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from xueji_desktop.core.errors import KeyFileDamaged
from xueji_desktop.core.roles import Permission, Role, parse_roles
from xueji_desktop.messages_integrity_details import PHRASES
from xueji_desktop.services.backup import DRILL_AFTER
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.services.context import Session
from xueji_desktop.services.integrity_blobs import BlobFacts
from xueji_desktop.services.integrity_report import Item, make_item
from xueji_desktop.storage import keyslots
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.kdf import OWASP_MINIMUM

BACKUP_MAX_AGE_DAYS = 7
DRILL_MAX_AGE_DAYS = DRILL_AFTER.days
FAILED_LOGINS_WARN = 10
RECOVERY_FAILED_WARN = 3
LOGIN_WINDOW_DAYS = 30
_PLAIN_HEADER = b"SQLite format 3\x00"
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def _local_day(stamp: str) -> datetime.date | None:
    """The school's calendar day of a UTC stamp ("…Z"), or None when it does not parse."""
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone().date()


def _utc_start(day: datetime.date) -> str:
    """The UTC stamp of the local midnight starting ``day`` (audit ts compare as text)."""
    local = datetime.datetime.combine(day, datetime.time()).astimezone()
    return local.astimezone(datetime.UTC).strftime(_STAMP)


def _phrase(key: str, **params: object) -> tuple[str, str]:
    zh, en = PHRASES[key]
    return zh.format(**params), en.format(**params)


def _ago(days: int | None) -> dict[str, tuple[str, str]]:
    """ "今天" or "3 天前" for a detail's {ago}."""
    if days is None:
        return {"ago": ("—", "—")}
    return {"ago": PHRASES["today"] if days == 0 else _phrase("days_ago", n=days)}


# -- backups and the drill ----------------------------------------------------------------------


def drill_item(conn: Connection, today: datetime.date) -> Item:
    """The latest ``backup_drill`` in the audit log: its day and whether it passed."""
    row = conn.execute(
        "SELECT ts, details, target_id FROM audit_log WHERE action = 'backup_drill' "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return make_item("restore_drill", "warn", "never", {"drilled": False})
    try:
        details = json.loads(str(row[1]))
    except ValueError:
        details = {}
    ok = isinstance(details, dict) and details.get("ok") is True
    day = _local_day(str(row[0]))
    age = (today - day).days if day else None
    ev: dict[str, Any] = {
        "drilled": True,
        "drill_date": day.isoformat() if day else str(row[0])[:10],
        "age_days": age,
        "backup_id": str(row[2]),
        "ok": ok,
        "problem": details.get("problem", "") if isinstance(details, dict) else "",
    }
    if not ok:
        return make_item("restore_drill", "fail", "fail", ev)
    if age is None or age > DRILL_MAX_AGE_DAYS:
        return make_item("restore_drill", "warn", "old", ev)
    return make_item("restore_drill", "pass", "pass", ev, texts=_ago(age))


def _backup_day(backup_id: str) -> datetime.date | None:
    try:
        moment = datetime.datetime.strptime(backup_id[:16], "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.UTC).astimezone().date()


def backup_item(session: Session, today: datetime.date) -> Item:
    """The newest backup a check passed (made verified, completed, re-verified or drilled) and
    not failed since, from backup-state.json; damaged backups counted."""
    session.require(Permission.CHECK_ARCHIVE)
    state = load_state(session.archive.layout.root)
    days = [
        d
        for e in state.history
        if e.action in ("backup", "complete", "verify", "drill")
        and e.outcome == "ok"
        and e.backup_id
        and e.backup_id not in state.failed
        and (d := _backup_day(e.backup_id) or _local_day(e.at)) is not None
    ]
    ev: dict[str, Any] = {"drives": len(state.drives), "damaged": len(state.failed)}
    if not days:
        return make_item("backup_recent", "warn", "none", ev)
    newest = max(days)
    ev.update(backup_date=newest.isoformat(), age_days=(today - newest).days)
    ago = _ago(ev["age_days"])
    if state.failed:
        return make_item("backup_recent", "warn", "damaged", ev, texts=ago)
    if ev["age_days"] > BACKUP_MAX_AGE_DAYS:
        return make_item("backup_recent", "warn", "old", ev)
    return make_item("backup_recent", "pass", "pass", ev, texts=ago)


# -- the security facts -------------------------------------------------------------------------


def _encryption(session: Session, blobs: BlobFacts) -> Item:
    h = session.archive
    try:
        with h.layout.db.open("rb") as fh:
            head = fh.read(len(_PLAIN_HEADER))
    except OSError:
        head = b""
    row = h.db.conn.execute("PRAGMA cipher_version").fetchone()
    cipher = f"SQLCipher {row[0]}" if row and row[0] else ""
    what: list[tuple[str, str]] = []
    if head == _PLAIN_HEADER:
        what.append(PHRASES["database_file"])
    if not cipher:
        what.append(PHRASES["no_cipher"])
    if blobs.plain:
        what.append(_phrase("plain_blobs", n=blobs.plain))
    ev: dict[str, Any] = {"cipher": cipher, "blobs": blobs.present, "plain_blobs": blobs.plain}
    if what:
        text = ("；".join(w[0] for w in what), "; ".join(w[1] for w in what))
        return make_item("encryption", "fail", "fail", ev, texts={"what": text})
    return make_item("encryption", "pass", "pass", ev)


def _password_protection(session: Session) -> Item:
    h = session.archive
    current = {str(r[0]) for r in h.db.conn.execute("SELECT slot_id FROM slot_registry")}
    try:
        slots = [s for s in keyslots.load(h.layout.keyslots).slots if s.slot_id in current]
    except (OSError, ValueError, KeyFileDamaged):
        slots = []
    weak = [
        s
        for s in slots
        if s.kdf.memory_kib < OWASP_MINIMUM.memory_kib
        or s.kdf.iterations < OWASP_MINIMUM.iterations
    ]
    ev: dict[str, Any] = {
        "slots": len(slots),
        "weak": len(weak),
        "min_memory_mib": OWASP_MINIMUM.memory_kib // 1024,
        "min_passes": OWASP_MINIMUM.iterations,
        "weakest_memory_kib": min((s.kdf.memory_kib for s in slots), default=None),
    }
    result = "warn" if weak or not slots else "pass"
    return make_item("password_protection", result, result, ev)


def _accounts(conn: Connection) -> Item:
    active = admins = disabled = 0
    by_role = dict.fromkeys(("admin", "clerk", "viewer"), 0)
    for roles_text, off in conn.execute("SELECT roles, disabled FROM users"):
        if off:
            disabled += 1
            continue
        active += 1
        try:
            roles = parse_roles(str(roles_text))
        except ValueError:
            continue
        for role in roles:
            by_role[role.value] += 1
        admins += Role.ADMIN in roles
    ev: dict[str, Any] = {"active": active, "admins": admins, "disabled": disabled, **by_role}
    result = "pass" if admins else "warn"
    return make_item("accounts", result, result, ev)


def _recovery(conn: Connection, today: datetime.date) -> Item:
    row = conn.execute(
        "SELECT created_at FROM slot_registry WHERE kind = 'recovery' "
        "ORDER BY created_at DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return make_item("recovery_code", "fail", "fail", {"exists": False})
    made = _local_day(str(row[0]))
    ev: dict[str, Any] = {
        "exists": True,
        "made_date": made.isoformat() if made else str(row[0])[:10],
        "age_days": (today - made).days if made else None,
    }
    check = conn.execute(
        "SELECT ts, details FROM audit_log WHERE action = 'recovery_code_verified' AND ts >= ? "
        "ORDER BY seq DESC LIMIT 1",
        (str(row[0]),),
    ).fetchone()
    ago = _ago(ev["age_days"])
    if check is None:
        note = PHRASES["never_verified"]
        ev["last_verified"] = None
        return make_item("recovery_code", "pass", "pass", ev, texts={"verified_note": note, **ago})
    try:
        ok = json.loads(str(check[1])).get("ok") is True
    except (ValueError, AttributeError):
        ok = False
    day = _local_day(str(check[0]))
    ev.update(last_verified=day.isoformat() if day else str(check[0])[:10], verified_ok=ok)
    if not ok:
        return make_item("recovery_code", "warn", "warn", ev)
    note = _phrase("verified_ok", date=ev["last_verified"])
    return make_item("recovery_code", "pass", "pass", ev, texts={"verified_note": note, **ago})


def _failed_logins(conn: Connection, today: datetime.date) -> Item:
    """Newest first, stopping at the window's start: only the last 30 days are read."""
    since = _utc_start(today - datetime.timedelta(days=LOGIN_WINDOW_DAYS))
    failed = recovery = 0
    for ts, action in conn.execute("SELECT ts, action FROM audit_log ORDER BY seq DESC"):
        if str(ts) < since:
            break
        if action == "login_failed":
            failed += 1
        elif action == "recovery_failed":
            recovery += 1
    ev: dict[str, Any] = {
        "failed": failed,
        "recovery_failed": recovery,
        "since": (today - datetime.timedelta(days=LOGIN_WINDOW_DAYS)).isoformat(),
    }
    many = failed >= FAILED_LOGINS_WARN or recovery >= RECOVERY_FAILED_WARN
    result = "warn" if many else "pass"
    return make_item("failed_logins", result, result, ev)


def _destruction(blobs: BlobFacts) -> Item:
    ev: dict[str, Any] = {
        "approved": blobs.approved,
        "destroyed": blobs.destroyed,
        "kept": blobs.kept,
        "leftover": blobs.leftover,
        "cleaned": blobs.cleaned,
    }
    # Counted from the register (approved entries), not only from removed files: an approved
    # destruction whose bytes another live scan still uses removes no file, yet it happened.
    texts = {"kept_note": _kept_note(blobs.kept)}
    if not blobs.approved and not blobs.destroyed:
        return make_item("destruction", "pass", "none", ev)
    if blobs.leftover:
        return make_item("destruction", "warn", "warn", ev, texts=texts)
    if not blobs.destroyed and not blobs.cleaned:  # every approved scan's bytes still in use
        return make_item("destruction", "pass", "kept", ev)
    variant = "cleaned" if blobs.cleaned else "pass"
    return make_item("destruction", "pass", variant, ev, texts=texts)


def _kept_note(kept: int) -> tuple[str, str]:
    if not kept:
        return ("", "")
    zh, en = PHRASES["kept_note"]
    return (zh.format(n=kept), en.format(n=kept))


def security_items(session: Session, blobs: BlobFacts, today: datetime.date) -> tuple[Item, ...]:
    session.require(Permission.CHECK_ARCHIVE)
    conn = session.archive.db.conn
    meta = session.archive.meta
    binding = make_item(
        "binding",
        "pass" if meta.bound else "warn",
        "pass" if meta.bound else "warn",
        {"bound": meta.bound, "backend": meta.keyring_backend or ""},
    )
    return (
        _encryption(session, blobs),
        binding,
        _password_protection(session),
        _accounts(conn),
        _recovery(conn, today),
        _failed_logins(conn, today),
        backup_item(session, today),
        _destruction(blobs),
        make_item("virus", "not_checked", "not_checked", {}),
    )
