"""Key-slot plumbing shared by the account and recovery services (takes handles, not sessions).

Key-slot changes follow one order, under the writer lock, so a crash at any point leaves a working
archive: (1) the new slot is added to keyslots.json beside the old one, (2) the database commits
the slot registry change with its audit entry, (3) the replaced slot is removed from the file.
A slot the registry no longer lists is refused even if it still opens (StaleKeySlot), and pruned
at the next login.
"""

from __future__ import annotations

import contextlib

from xueji_desktop.core.passwords import normalize_password
from xueji_desktop.services import audit
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.storage import keyslots
from xueji_desktop.storage.kdf import KdfParams
from xueji_desktop.storage.layout import now_utc


def school_name_of(handle: ArchiveHandle) -> str:
    row = handle.db.conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def replace_slot(
    handle: ArchiveHandle,
    *,
    kind: str,
    username: str,
    secret: bytes,
    kdf: KdfParams,
    device_secret: bytes | None,
) -> tuple[keyslots.KeySlot, set[str]]:
    """Step 1: add a new slot to the file. Returns it and the ids of the slots it replaces."""
    slot_file = keyslots.load(handle.layout.keyslots)
    new = keyslots.seal(
        handle.archive_id,
        handle.keys,
        kind=kind,
        user=username,
        secret=secret,
        params=kdf,
        device_secret=device_secret,
    )
    if kind == "user":
        old = {s.slot_id for s in slot_file.for_user(username)}
    else:
        old = {s.slot_id for s in slot_file.recovery()}
    keyslots.save(handle.layout.keyslots, slot_file.with_slot(new))
    return new, old


def drop_slots(handle: ArchiveHandle, slot_ids: set[str]) -> None:
    """Step 3 (or the undo of step 1): remove slots from the file."""
    if not slot_ids:
        return
    slot_file = keyslots.load(handle.layout.keyslots)
    keyslots.save(handle.layout.keyslots, slot_file.without(drop=slot_ids))


def set_user_slot(
    handle: ArchiveHandle,
    actor: str,
    username: str,
    password: str,
    action: str,
    kdf: KdfParams,
    extra_sql: list[tuple[str, tuple[object, ...]]],
    details: dict[str, object],
) -> None:
    if handle.meta.bound != (handle.device_secret is not None):
        raise RuntimeError("binding and device secret disagree; refusing to seal a slot")
    db = handle.db
    with db.atomic() as conn:
        new, old = replace_slot(
            handle,
            kind="user",
            username=username,
            secret=normalize_password(password).encode(),
            kdf=kdf,
            device_secret=handle.device_secret,
        )
        try:
            with db.atomic():
                for sql, params in extra_sql:
                    conn.execute(sql, params)
                conn.execute(
                    "DELETE FROM slot_registry WHERE kind = 'user' AND username = ?", (username,)
                )
                conn.execute(
                    "INSERT INTO slot_registry VALUES (?, 'user', ?, ?)",
                    (new.slot_id, username, now_utc()),
                )
                audit.record(
                    handle, actor, action, target_type="user", target_id=username, details=details
                )
        except BaseException:
            with contextlib.suppress(Exception):
                drop_slots(handle, {new.slot_id})
            raise
        db.after_commit(lambda: drop_slots(handle, old))
