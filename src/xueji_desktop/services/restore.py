"""Restoring a backup: into a new folder with the recovery code, or in place of the live archive.

Both check the backup completely (``verify_backup``, deep) before anything is written, copy its
encrypted files checking every byte against the manifest again, open the copy (which replays its
WAL) and compare its content hash with the manifest before the accounts are changed.

- ``restore_to_folder`` (a new machine: the drive, the recovery code and a new admin password):
  the folder is built like ``init`` builds one (archive.json "creating" first, "ready" last; a
  failure removes what was written). The recovery slot is sealed again with the code typed, the
  admin gets a new password slot (bound to this machine's keyring when it has one); other users
  keep their accounts without a slot here: an admin resets their passwords.
- ``restore_in_place`` = ``prepare_restore_in_place`` + ``finish_restore_in_place``
  (services/restore_place.py: two steps so that nothing in the live folder is open during the
  swap) and ``drill`` (services/restore_drill.py), importable from here too.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
from dataclasses import replace
from pathlib import Path

from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import BackupCorrupt, BindingLost, FolderNotEmpty, PermissionDenied
from xueji_desktop.core.passwords import check_password, check_username, normalize_password
from xueji_desktop.core.roles import Permission, Role, format_roles, parse_roles
from xueji_desktop.services import audit
from xueji_desktop.services.archive import login
from xueji_desktop.services.auth import DEVICE_ITEM, common_passwords, throttle_file
from xueji_desktop.services.backup_state import (
    BackupState,
    EnrolledDrive,
    update_state,
)
from xueji_desktop.services.backup_verify import verify_backup
from xueji_desktop.services.context import ArchiveHandle, Session
from xueji_desktop.services.restore_drill import DrillResult, drill
from xueji_desktop.services.restore_open import (
    anchor_head,
    copy_backup,
    drive_lock,
    history_entry,
    locate,
    newest_claimed,
    open_checked,
    record_restored,
    unlock_backup,
)
from xueji_desktop.services.restore_place import (
    PreparedRestore,
    RestoreOutcome,
    finish_restore_in_place,
    prepare_restore_in_place,
    restore_in_place,
)
from xueji_desktop.storage import keyslots, keystore
from xueji_desktop.storage.backup_format import (
    META_NAME,
    Cancelled,
    DriveLayout,
    Manifest,
    Progress,
    read_identity,
)
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.files import create_private_file, ensure_private_dir
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.keyslots import KeyBundle
from xueji_desktop.storage.layout import ArchiveLayout, ArchiveMeta, now_utc, read_meta, write_meta
from xueji_desktop.storage.throttle import ThrottleState

ADMIN_ROLES = frozenset({Role.ADMIN, Role.CLERK})

# -- restore to a new folder ------------------------------------------------------------------


def restore_to_folder(
    backup: Path,
    to: Path,
    code: str,
    *,
    admin: str,
    new_password: str,
    kdf: KdfParams = PRODUCTION,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Session:
    """A new archive folder ``to`` from a backup, opened with the recovery code alone (no live
    archive needed). ``backup``: a backup folder, or a drive (its newest verified backup).
    Returns the admin's logged-in session."""
    compact = recovery_code.normalize(code)  # a typo is told before the drive is read
    admin = check_username(admin)
    # The school name is not known yet: the full check runs once the copy is open.
    check_password(new_password, ADMIN_ROLES, common=common_passwords(), context=(admin,))
    to = Path(to)
    _check_empty(to)
    drive, backup_id = locate(backup)
    with drive_lock(drive):
        backup_id = backup_id or newest_claimed(drive)
        archive_id, keys = unlock_backup(drive, backup_id, compact)
        manifest = verify_backup(
            drive, backup_id, keys, archive_id, deep=True, progress=progress, cancelled=cancelled
        )
        old_meta = _backup_meta(drive, manifest)
        _check_empty(to)
        made_dir = not to.exists()
        ensure_private_dir(to)
        made_secret = False
        try:
            binding = _binding_for(archive_id)
            made_secret = binding[1] is not None
            _build_new(
                drive, manifest, keys, old_meta, to, compact, admin, new_password, kdf, binding,
                progress, cancelled,
            )  # fmt: skip
        except BaseException:
            _undo_new(to, made_dir, archive_id if made_secret else None)
            raise
    return login(to, admin, new_password)


def _check_empty(to: Path) -> None:
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise FolderNotEmpty(path=str(to))


def _backup_meta(drive: DriveLayout, manifest: Manifest) -> ArchiveMeta:
    """The backup's archive.json (its bytes were checked by verify_backup)."""
    backup_dir = drive.backup_dir(manifest.backup_id)
    try:
        meta = read_meta(ArchiveLayout(backup_dir), allow_unfinished=True)
    except Exception:
        raise BackupCorrupt(reason="integrity", file=META_NAME) from None
    if meta.archive_id != manifest.archive_id:
        raise BackupCorrupt(reason="wrong_archive", file=META_NAME)
    return meta


def _binding_for(archive_id: str) -> tuple[str | None, bytes | None]:
    """Bind the restored archive to this machine's keyring when it has one. (backend, secret)

    When the keyring already holds this archive's device secret, the archive also lives on this
    machine (a restore beside it): the copy is made password-only, so the two never overwrite
    each other's audit anchor or secret. A keyring that exists but does not answer stops the
    restore: never a silent downgrade (as ``recover``)."""
    backend = keystore.backend_name()
    if backend is None:
        return None, None
    try:
        if keystore.get_secret(archive_id, DEVICE_ITEM) is not None:
            return None, None
        secret = os.urandom(32)
        keystore.set_secret(archive_id, DEVICE_ITEM, secret)
    except keystore.KeystoreUnavailable:
        raise BindingLost(backend=backend, reason="keyring_unavailable") from None
    return backend, secret


def _build_new(
    drive: DriveLayout,
    manifest: Manifest,
    keys: KeyBundle,
    old_meta: ArchiveMeta,
    to: Path,
    compact: str,
    admin: str,
    new_password: str,
    kdf: KdfParams,
    binding: tuple[str | None, bytes | None],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    layout = ArchiveLayout(to)
    backend, device_secret = binding
    meta = ArchiveMeta(
        archive_id=manifest.archive_id,
        created_at=old_meta.created_at,
        binding="keyring" if device_secret else "none",
        keyring_backend=backend if device_secret else None,
        throttle_salt=base64.b64encode(os.urandom(16)).decode(),
        practice=old_meta.practice,
        state="creating",
        extra=old_meta.extra,
    )
    write_meta(layout, meta)  # first: an interrupted restore is recognisable like an init
    copy_backup(drive, manifest, to, progress=progress, cancelled=cancelled)
    db = Database(layout.db, keys.data_key, layout.writer_lock)
    handle = ArchiveHandle(layout, meta, keys, db, device_secret)
    try:
        open_checked(handle, manifest)
        roles, school, existing = _admin_row(handle, admin)
        check_password(new_password, roles, common=common_passwords(), context=(school, admin))
        user_slot = keyslots.seal(
            meta.archive_id,
            keys,
            kind="user",
            user=admin,
            secret=normalize_password(new_password).encode(),
            params=kdf,
            device_secret=device_secret,
        )
        rec_slot = keyslots.seal(
            meta.archive_id,
            keys,
            kind="recovery",
            user="",
            secret=compact.encode("ascii"),
            params=kdf,
            device_secret=None,
        )
        keyslots.save(layout.keyslots, keyslots.SlotFile(meta.archive_id, (user_slot, rec_slot)))
        with db.atomic() as conn:
            ts = now_utc()
            if existing:
                conn.execute("UPDATE users SET disabled = 0 WHERE username = ?", (admin,))
            else:
                conn.execute(
                    "INSERT INTO users (username, display_name, roles, created_at) "
                    "VALUES (?,?,?,?)",
                    (admin, admin, format_roles(roles), ts),
                )
            # The users' own slots did not travel with the backup: their accounts stay, without
            # a slot, until an admin resets their passwords.
            conn.execute("DELETE FROM slot_registry")
            conn.execute(
                "INSERT INTO slot_registry VALUES (?, 'user', ?, ?)", (user_slot.slot_id, admin, ts)
            )
            conn.execute(
                "INSERT INTO slot_registry VALUES (?, 'recovery', NULL, ?)", (rec_slot.slot_id, ts)
            )
            record_restored(handle, admin, manifest, {"admin_created": not existing})
        anchor_head(handle)
        throttle_file(layout, meta, device_secret, handle.clock).save(ThrottleState())
        create_private_file(layout.login_lock)
        _remember_drive(to, drive, keys, admin, manifest)
    finally:
        db.close()
    write_meta(layout, replace(meta, state="ready"))  # last: from now on the folder is an archive


def _admin_row(handle: ArchiveHandle, admin: str) -> tuple[frozenset[Role], str, bool]:
    conn = handle.db.conn
    row = conn.execute("SELECT roles FROM users WHERE username = ?", (admin,)).fetchone()
    roles = parse_roles(row[0]) if row else ADMIN_ROLES
    if Role.ADMIN not in roles:
        raise PermissionDenied(permission=Permission.RESTORE.value, user=admin)
    school = conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return roles, str(school[0]) if school else "", row is not None


def _remember_drive(
    to: Path, drive: DriveLayout, keys: KeyBundle, user: str, manifest: Manifest
) -> None:
    """The drive restored from stays this archive's backup drive (its identity is checked with
    the archive's key), and the restore goes into the backup history."""
    try:
        identity = read_identity(drive)
    except Exception:
        identity = None
    if identity is not None and not (
        identity.archive_id == manifest.archive_id and identity.tag_holds(keys.audit_key)
    ):
        identity = None

    def change(state: BackupState) -> None:
        if identity is not None and state.drive(identity.drive_id) is None:
            found = EnrolledDrive(
                identity.drive_id, identity.label, identity.enrolled_at, str(drive.root)
            )
            state.drives.append(found)
        entry = history_entry("restore", manifest.drive_id, manifest.backup_id, user, "")
        state.add_history(entry)

    update_state(to, change)


def _undo_new(to: Path, made_dir: bool, archive_id: str | None) -> None:
    """Remove everything a failed restore wrote (``to`` was empty or absent before)."""
    if to.is_dir():
        for entry in list(to.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()
        if made_dir:
            with contextlib.suppress(OSError):
                to.rmdir()
    if archive_id is not None:
        with contextlib.suppress(keystore.KeystoreUnavailable):
            keystore.delete_secret(archive_id, DEVICE_ITEM)
            keystore.delete_secret(archive_id, audit.ANCHOR_ITEM)


__all__ = [
    "DrillResult",
    "PreparedRestore",
    "RestoreOutcome",
    "drill",
    "finish_restore_in_place",
    "prepare_restore_in_place",
    "restore_in_place",
    "restore_to_folder",
]
