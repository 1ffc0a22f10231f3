"""Create an archive, log in, re-authenticate, recover with the recovery code.

Creation order matters for crash safety: the folder is only an archive once ``archive.json`` exists,
and it is written last, after the key slots and a fully migrated database.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import (
    AccountDisabled,
    ArchiveDamaged,
    ArchiveExists,
    BindingLost,
    FolderNotEmpty,
    StaleKeySlot,
    ValidationError,
    WrongCredentials,
    XuejiError,
)
from xueji_desktop.core.passwords import check_password, check_username, normalize_password
from xueji_desktop.core.roles import Role, format_roles, parse_roles
from xueji_desktop.services import audit
from xueji_desktop.services.auth import (
    DEVICE_ITEM,
    RECOVERY_COUNTER,
    Unlocked,
    clear_counter,
    common_passwords,
    finish_success,
    throttle_file,
    unlock_recovery,
    unlock_user,
)
from xueji_desktop.services.context import ArchiveHandle, Clock, Session
from xueji_desktop.storage import keyslots, keystore, migrations
from xueji_desktop.storage.connection import DatabaseError, open_connection
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.files import (
    create_private_file,
    ensure_private_dir,
    remove_stale_temps,
)
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import (
    ArchiveLayout,
    ArchiveMeta,
    now_utc,
    read_meta,
    write_meta,
)
from xueji_desktop.storage.throttle import ThrottleFile, ThrottleState


@dataclass(frozen=True)
class Created:
    session: Session
    recovery_code: str  # shown once; never written anywhere by the app


def _bind(archive_id: str, mode: str) -> tuple[str | None, bytes | None]:
    """Try to bind to this workstation's keyring. Returns (backend name, device secret)."""
    if mode == "none":
        return None, None
    backend = keystore.backend_name()
    if backend is None:
        if mode == "keyring":
            raise BindingLost(backend="", reason="no_keyring")
        return None, None
    secret = os.urandom(32)
    try:
        keystore.set_secret(archive_id, DEVICE_ITEM, secret)
    except keystore.KeystoreUnavailable:
        if mode == "keyring":
            raise BindingLost(backend=backend, reason="no_keyring") from None
        return None, None
    return backend, secret


def create_archive(
    root: Path,
    *,
    school_name: str,
    admin: str,
    password: str,
    school_code: str = "",
    admin_roles: frozenset[Role] = frozenset({Role.ADMIN, Role.CLERK}),
    kdf: KdfParams = PRODUCTION,
    binding: str = "auto",  # "auto" | "keyring" | "none"
    practice: bool = False,
    clock: Clock = time.time,
    deliver: Callable[[str, ArchiveMeta], None] | None = None,
) -> Created:
    """Create an archive with its first admin.

    ``deliver(code, meta)`` shows the recovery code (prints it, puts it on screen): it runs before
    the archive is marked ready, so if it fails nothing is left behind and no archive exists whose
    code nobody saw.
    """
    layout = ArchiveLayout(root)
    admin = check_username(admin)
    school_name = school_name.strip()
    if not school_name or len(school_name) > 200:
        raise ValidationError(
            field="school_name", reason="required" if not school_name else "too_long"
        )
    school_code = school_code.strip()
    ten_digits = len(school_code) == 10 and school_code.isascii() and school_code.isdigit()
    if school_code and not ten_digits:
        # 学校标识码: ten digits (domain.md); it goes into diploma and temporary ID numbers.
        raise ValidationError(field="school_code", reason="format")
    check_password(password, admin_roles, common=common_passwords(), context=(school_name, admin))
    if layout.exists():
        _set_aside_unfinished(layout)  # raises ArchiveExists for anything but an interrupted init
    elif root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise FolderNotEmpty(path=str(root))
    ensure_private_dir(root)
    archive_id = str(uuid.uuid4())
    backend, device_secret = _bind(archive_id, binding)
    meta = ArchiveMeta(
        archive_id=archive_id,
        created_at=now_utc(),
        binding="keyring" if device_secret else "none",
        keyring_backend=backend,
        throttle_salt=base64.b64encode(os.urandom(16)).decode(),
        practice=practice,
        state="creating",
    )
    bundle = keyslots.KeyBundle.generate()
    code = recovery_code.generate()
    user_slot = keyslots.seal(
        archive_id,
        bundle,
        kind="user",
        user=admin,
        secret=normalize_password(password).encode(),
        params=kdf,
        device_secret=device_secret,
    )
    rec_slot = keyslots.seal(
        archive_id,
        bundle,
        kind="recovery",
        user="",
        secret=recovery_code.normalize(code).encode(),
        params=kdf,
        device_secret=None,
    )
    db: Database | None = None
    try:
        write_meta(layout, meta)  # first, marked "creating": an interrupted init is recognisable
        keyslots.save(layout.keyslots, keyslots.SlotFile(archive_id, (user_slot, rec_slot)))
        db = Database(layout.db, bundle.data_key, layout.writer_lock)
        open_connection(layout.db, bundle.data_key, create=True).close()
        migrations.migrate(db, layout.pre_migration, bundle.data_key)
        handle = ArchiveHandle(layout, meta, bundle, db, device_secret, clock)
        with db.atomic() as conn:
            ts = now_utc()
            conn.execute(
                "INSERT INTO school (id, name, code) VALUES (1, ?, ?)",
                (school_name.strip(), school_code.strip()),
            )
            conn.execute(
                "INSERT INTO users (username, display_name, roles, created_at) VALUES (?,?,?,?)",
                (admin, admin, format_roles(admin_roles), ts),
            )
            conn.execute(
                "INSERT INTO slot_registry VALUES (?, 'user', ?, ?)", (user_slot.slot_id, admin, ts)
            )
            conn.execute(
                "INSERT INTO slot_registry VALUES (?, 'recovery', NULL, ?)", (rec_slot.slot_id, ts)
            )
            audit.record(
                handle,
                admin,
                "archive_created",
                target_type="archive",
                target_id=archive_id,
                details={
                    "school": school_name.strip(),
                    "binding": meta.binding,
                    "keyring_backend": backend,
                    "practice": practice,
                },
            )
        tf = _throttle_for(handle)
        tf.save(ThrottleState())
        create_private_file(layout.login_lock)
        if deliver is not None:
            deliver(code, meta)
        handle.meta = meta = replace(meta, state="ready")
        write_meta(layout, meta)  # last: from now on the folder is an archive
    except BaseException:
        if db is not None:
            db.close()
        _remove_partial(layout, archive_id, device_secret is not None)
        raise
    session = Session(handle, admin, admin_roles, user_slot.slot_id)
    return Created(session, code)


def _set_aside_unfinished(layout: ArchiveLayout) -> None:
    """Move what an interrupted ``init`` left into ``.abandoned-<time>/``; refuse anything else.

    Moved, not deleted: ``archive.json`` is not authenticated, so "creating" in it is a claim,
    and a claim must never cost data.
    """
    try:
        meta = read_meta(layout, allow_unfinished=True)
    except XuejiError:
        raise ArchiveExists(path=str(layout.root)) from None
    if meta.state != "creating":
        raise ArchiveExists(path=str(layout.root))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = layout.root / f".abandoned-{stamp}"
    ensure_private_dir(aside)
    for entry in list(layout.root.iterdir()):
        if not entry.name.startswith(".abandoned-"):
            entry.rename(aside / entry.name)


def _remove_partial(layout: ArchiveLayout, archive_id: str, bound: bool) -> None:
    for path in (
        layout.keyslots,
        layout.db,
        layout.throttle,
        layout.anchor,
        layout.writer_lock,
        layout.login_lock,
        layout.meta,
        layout.db.with_name("xueji.db-wal"),
        layout.db.with_name("xueji.db-shm"),
    ):
        with contextlib.suppress(OSError):
            path.unlink()
    shutil.rmtree(layout.pre_migration, ignore_errors=True)
    if bound:
        with contextlib.suppress(keystore.KeystoreUnavailable):
            keystore.delete_secret(archive_id, DEVICE_ITEM)
            keystore.delete_secret(archive_id, audit.ANCHOR_ITEM)


def _throttle_for(handle: ArchiveHandle) -> ThrottleFile:
    return throttle_file(handle.layout, handle.meta, handle.device_secret, handle.clock)


def _open_handle(layout: ArchiveLayout, unlocked: Unlocked, clock: Clock) -> ArchiveHandle:
    remove_stale_temps(layout.root)
    db = Database(layout.db, unlocked.bundle.data_key, layout.writer_lock)
    try:
        db.conn  # noqa: B018 - opens and classifies damage
        applied = migrations.migrate(db, layout.pre_migration, unlocked.bundle.data_key)
    except BaseException:
        db.close()
        raise
    handle = ArchiveHandle(
        layout, unlocked.meta, unlocked.bundle, db, unlocked.device_secret, clock
    )
    handle.migrated = applied
    return handle


def _slot_current(handle: ArchiveHandle, slot_id: str) -> bool:
    row = handle.db.conn.execute("SELECT 1 FROM slot_registry WHERE slot_id = ?", (slot_id,))
    return row.fetchone() is not None


PENDING_EVENTS = frozenset({"login_failed", "recovery_failed", "throttle_file_reset"})


def _flush_pending(handle: ArchiveHandle, state: ThrottleState) -> list[dict[str, object]]:
    """Write failed attempts counted before this login into the chain (inside a transaction).

    The counter file is not trusted (on a password-only archive its MAC key is public): only the
    three events it can hold are accepted, the actor is always "?", and the name it carries goes
    into the details, marked as coming from that file. Returns the entries written.
    """
    flushed: list[dict[str, object]] = []
    for item in state.pending:
        flushed.append(item)
        event = item.get("event")
        if event not in PENDING_EVENTS:
            event = "throttle_file_entry_rejected"
        user = item.get("user")
        name = user[:64] if isinstance(user, str) else ""
        at = item.get("ts")
        audit.record(
            handle,
            "?",
            str(event),
            target_type="user" if name else "",
            target_id=name,
            details={
                "source": "login-throttle.json",
                "at": at if isinstance(at, int | float) else None,
                "locked": item.get("locked") is True,
            },
        )
    return flushed


def _record_migrations(handle: ArchiveHandle, applied: list[int], actor: str) -> None:
    if applied:
        with handle.db.atomic():
            audit.record(handle, actor, "schema_migrated", details={"versions": applied})


def login(root: Path, username: str, password: str, *, clock: Clock = time.time) -> Session:
    layout = ArchiveLayout(root)
    unlocked, tf, state = unlock_user(layout, username, password, clock=clock)
    handle = _open_handle(layout, unlocked, clock)
    try:
        user = unlocked.slot.user
        row = handle.db.conn.execute(
            "SELECT roles, disabled FROM users WHERE username = ?", (user,)
        ).fetchone()
        if row is None or not _slot_current(handle, unlocked.slot.slot_id):
            raise StaleKeySlot(user=user)
        if row[1]:
            raise AccountDisabled(user=user)
        session = Session(handle, user, parse_roles(row[0]), unlocked.slot.slot_id)
        _record_migrations(handle, handle.migrated, user)
        with handle.db.atomic():
            flushed = _flush_pending(handle, state)
            audit.record(handle, user, "login", target_type="user", target_id=user)
        finish_success(layout, tf, tf.key_for(username), flushed)
        _prune_unregistered_slots(handle, unlocked.slot_file)
        session.warnings.extend(_anchor_warnings(handle))
        return session
    except DatabaseError as exc:
        handle.close()
        # A page past page 1 that fails its HMAC: damage, not an internal error.
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            raise ArchiveDamaged(reason="read_failed", detail=str(exc)) from None
        raise
    except BaseException:
        handle.close()
        raise


def _prune_unregistered_slots(handle: ArchiveHandle, seen: keyslots.SlotFile) -> None:
    """Drop slots the registry does not list (left by a crash between a password change's commit
    and its clean-up): each would cost its user one more KDF run per login, and tell apart
    names that have them."""
    registered = {r[0] for r in handle.db.conn.execute("SELECT slot_id FROM slot_registry")}
    if all(s.slot_id in registered for s in seen.slots):
        return
    with handle.db.atomic():  # the writer lock also guards keyslots.json
        current = keyslots.load(handle.layout.keyslots)
        registered = {r[0] for r in handle.db.conn.execute("SELECT slot_id FROM slot_registry")}
        stale = {s.slot_id for s in current.slots if s.slot_id not in registered}
        if stale:
            keyslots.save(handle.layout.keyslots, current.without(drop=stale))


def _anchor_warnings(handle: ArchiveHandle) -> list[str]:
    report = audit.verify(handle)
    return [] if report.ok else [f"audit_chain:{report.reason}:{report.first_bad_seq}"]


def reauthenticate(session: Session, password: str) -> None:
    """Ask for the password again before an admin action (throttled like a login)."""
    unlocked, tf, _ = unlock_user(
        session.archive.layout, session.username, password, clock=session.archive.clock
    )
    if unlocked.slot.slot_id != session.slot_id and not _slot_current(
        session.archive, unlocked.slot.slot_id
    ):
        raise WrongCredentials()
    clear_counter(session.archive.layout, tf, tf.key_for(session.username))


def open_with_recovery(
    root: Path, code: str, *, clock: Clock = time.time
) -> tuple[ArchiveHandle, str]:
    """Open the archive with the recovery code alone. Returns the handle and the slot id used."""
    compact = recovery_code.normalize(code)
    layout = ArchiveLayout(root)
    unlocked, tf, state = unlock_recovery(layout, compact, clock=clock)
    handle = _open_handle(layout, unlocked, clock)
    if not _slot_current(handle, unlocked.slot.slot_id):
        handle.close()
        raise StaleKeySlot(user="")
    _record_migrations(handle, handle.migrated, "?")
    with handle.db.atomic():
        flushed = _flush_pending(handle, state)
    finish_success(layout, tf, RECOVERY_COUNTER, flushed)
    return handle, unlocked.slot.slot_id
