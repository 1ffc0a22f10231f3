"""Restoring a backup in place of the live archive (admin, with the password again).

The restored archive is built beside the live one as ``<root>.restoring-<ts>`` with the live
archive's binding and its current key slots (for the users the restored records know; the
recovery slot in force stays, so a rotated code keeps working), opened, checked, then swapped in
through ``storage/restore_swap`` (journal; a kill at any point leaves one whole archive live and
the other whole beside it). The live archive is kept as ``<root>.pre-restore-<ts>``.

Two steps, because Windows does not rename a folder while any file inside it is open:
``prepare_restore_in_place`` (checks, builds beside under the live writer lock, then closes the
session and releases that lock) and ``finish_restore_in_place`` (the swap, with no session and
no file of the live folder open). Between them the caller lets go of its own files in the folder
(the desktop application's ``desktop.lock``). ``restore_in_place`` does both in a row.

A writer in another process may commit to the live archive between the two steps: that change
is in the folder kept as ``<root>.pre-restore-<ts>``, so nothing is lost.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from xueji_desktop.core.errors import NoBackup
from xueji_desktop.core.roles import Permission, Role, parse_roles
from xueji_desktop.services import audit
from xueji_desktop.services.archive import reauthenticate
from xueji_desktop.services.backup_state import state_path, update_state
from xueji_desktop.services.backup_verify import inspect_copy, verify_backup
from xueji_desktop.services.context import ArchiveHandle, Session
from xueji_desktop.services.restore_open import (
    copy_backup,
    drive_layout,
    drive_lock,
    history_entry,
    open_checked,
    record_restored,
)
from xueji_desktop.storage import keyslots, keystore, restore_swap
from xueji_desktop.storage.backup_format import (
    Cancelled,
    DriveLayout,
    Manifest,
    Progress,
    is_backup_id,
)
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.files import atomic_write, create_private_file, ensure_private_dir
from xueji_desktop.storage.layout import ArchiveLayout, ArchiveMeta, now_utc, write_meta


@dataclass(frozen=True)
class RestoreOutcome:
    pre_restore: Path  # the archive as it was before the restore, kept beside it
    backup_id: str


# -- restore in place ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedRestore:
    """A restored archive built and checked beside the live one, ready for the swap. Holds no
    open file: the session it came from is closed and every lock released."""

    root: Path  # the live archive folder
    restored: Path  # ``<root>.restoring-<ts>``, whole and ready
    live: ArchiveHandle  # the closed live archive (its keys and meta, for the keyring anchor)
    meta: ArchiveMeta  # the restored archive's (ready)
    head: tuple[int, bytes] | None  # the restored archive's audit head
    drive_id: str
    backup_id: str
    username: str


def prepare_restore_in_place(
    session: Session,
    drive: Path,
    backup_id: str,
    *,
    admin_password: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PreparedRestore:
    """Check the backup and build the restored archive beside the live one (admin, password
    again). On success the session is closed and nothing of the live folder is held open; the
    caller releases its own files there too, then calls :func:`finish_restore_in_place`. On a
    failure nothing was changed and the session is still open."""
    session.require(Permission.RESTORE)
    reauthenticate(session, admin_password)
    h = session.archive
    root = h.layout.root
    drive_at = drive_layout(drive)
    if not is_backup_id(backup_id) or not drive_at.backup_dir(backup_id).is_dir():
        raise NoBackup(reason="not_found", name=backup_id)
    _remove_stale_restoring(root)
    target = restore_swap.restoring_path(root)
    # The live archive's writer lock is held from the copy of its key slots until the session
    # is closed: no password change can slip in while the restored archive takes the slots.
    # It is released before the swap (see the module docstring); what a writer commits after
    # that is in the folder kept from before.
    with h.db.writer_lock():
        try:
            with drive_lock(drive_at):
                manifest = verify_backup(
                    drive_at, backup_id, h.keys, h.archive_id, deep=True,
                    progress=progress, cancelled=cancelled,
                )  # fmt: skip
                ensure_private_dir(target)
                meta, head = _build_beside(h, session.username, drive_at, manifest, target,
                                           progress, cancelled)  # fmt: skip
            session.close()
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
    # Out of the ``with``: the writer lock's file is closed, so the folder can be renamed.
    return PreparedRestore(
        root, target, h, meta, head, manifest.drive_id, manifest.backup_id, session.username
    )


def finish_restore_in_place(prepared: PreparedRestore) -> RestoreOutcome:
    """Swap the prepared archive in. No session (it was closed by the prepare step); the caller
    holds no file inside the live folder. The live archive is kept as
    ``<root>.pre-restore-<ts>``. A failed swap leaves the live archive in place (``settle``) and
    removes the prepared one."""
    root, target = prepared.root, prepared.restored
    try:
        pre = restore_swap.swap_in(root, target)
    except BaseException:
        restore_swap.settle(root)
        if target.exists() and root.exists():
            shutil.rmtree(target, ignore_errors=True)
        raise
    h = prepared.live
    if prepared.meta.bound and prepared.head is not None:
        # The keyring's anchor follows the live archive, so it moves only once the swap is done.
        live = ArchiveHandle(ArchiveLayout(root), prepared.meta, h.keys, h.db, h.device_secret,
                             h.clock)  # fmt: skip
        with contextlib.suppress(keystore.KeystoreUnavailable):
            audit.write_anchor(live, *prepared.head)
    entry = history_entry("restore", prepared.drive_id, prepared.backup_id, prepared.username, "")
    update_state(root, lambda state: state.add_history(entry))
    return RestoreOutcome(pre, prepared.backup_id)


def restore_in_place(
    session: Session,
    drive: Path,
    backup_id: str,
    *,
    admin_password: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RestoreOutcome:
    """Replace the live archive by one of its backups (admin, password again): prepare, then
    finish. The session is closed; the caller signs in again. The live archive is kept as
    ``<root>.pre-restore-<ts>``."""
    session.require(Permission.RESTORE)
    prepared = prepare_restore_in_place(
        session, drive, backup_id, admin_password=admin_password,
        progress=progress, cancelled=cancelled,
    )  # fmt: skip
    return finish_restore_in_place(prepared)


def _remove_stale_restoring(root: Path) -> None:
    """Folders of restores that never reached the swap (killed while building): their backup is
    still on the drive, so they are removed, never kept as if they were archives."""
    restore_swap.settle(root)
    if restore_swap.journal_path(root).exists():
        return  # a swap is still unresolved: touch nothing
    prefix = f"{root.name}{restore_swap.RESTORING}"
    with contextlib.suppress(OSError):
        for entry in list(root.parent.iterdir()):
            if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


def _build_beside(
    live: ArchiveHandle,
    user: str,
    drive: DriveLayout,
    manifest: Manifest,
    target: Path,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[ArchiveMeta, tuple[int, bytes] | None]:
    """The restored archive in ``target``, with the live archive's binding and current key slots
    (of the users the restored records know). Returns its ready meta and its audit head."""
    layout = ArchiveLayout(target)
    meta = replace(live.meta, state="creating")
    write_meta(layout, meta)
    copy_backup(drive, manifest, target, progress=progress, cancelled=cancelled)
    db = Database(layout.db, live.keys.data_key, layout.writer_lock)
    handle = ArchiveHandle(layout, meta, live.keys, db, live.device_secret, live.clock)
    try:
        open_checked(handle, manifest)
        users = {r[0] for r in db.conn.execute("SELECT username FROM users")}
        registered = {r[0] for r in live.db.conn.execute("SELECT slot_id FROM slot_registry")}
        me = live.db.conn.execute(
            "SELECT display_name, roles, created_at FROM users WHERE username = ?", (user,)
        ).fetchone()
        kept = tuple(
            s
            for s in keyslots.load(live.layout.keyslots).slots
            if s.slot_id in registered and (s.kind == "recovery" or s.user in users | {user})
        )
        keyslots.save(layout.keyslots, keyslots.SlotFile(live.archive_id, kept))
        with db.atomic() as conn:
            ts = now_utc()
            if user not in users:
                # The admin restoring must be able to log in to what they restored.
                conn.execute(
                    "INSERT INTO users (username, display_name, roles, created_at) "
                    "VALUES (?,?,?,?)",
                    (user, *me),
                )
            else:
                row = conn.execute("SELECT roles FROM users WHERE username = ?", (user,))
                roles = parse_roles(row.fetchone()[0])
                if Role.ADMIN not in roles:
                    conn.execute("UPDATE users SET roles = ? WHERE username = ?", (me[1], user))
                conn.execute("UPDATE users SET disabled = 0 WHERE username = ?", (user,))
            conn.execute("DELETE FROM slot_registry")
            for s in kept:
                conn.execute(
                    "INSERT INTO slot_registry VALUES (?, ?, ?, ?)",
                    (s.slot_id, s.kind, s.user if s.kind == "user" else None, ts),
                )
            accounts = len({s.user for s in kept if s.kind == "user"})
            record_restored(handle, user, manifest, {"in_place": True, "accounts": accounts})
        head = audit.head(db.conn)
        if head is not None and not meta.bound:
            audit.write_anchor(handle, *head)  # the folder's own anchor file
        for src, dst in (
            (live.layout.throttle, layout.throttle),
            (state_path(live.layout.root), state_path(target)),
        ):
            with contextlib.suppress(FileNotFoundError):
                atomic_write(dst, src.read_bytes())  # counters and enrolled drives carry over
        create_private_file(layout.login_lock)
    finally:
        db.close()
    inspect_copy(layout.db, live.keys, live.archive_id)  # checked closed, as a backup would be
    ready = replace(meta, state="ready")
    write_meta(layout, ready)
    return ready, head
