"""Which backups still hold a scan being destroyed, and when each is expected to go
(docs/design/retention.md, "Backups that still hold it").

A destruction removes the scan from the archive, not from the backups made before: the 销毁清册
names them. Sources, best first:

- every enrolled backup drive plugged in now: the manifests that list the blob (verified,
  pending or damaged backups alike);
- for an enrolled drive that is not plugged in: the backup history in ``backup-state.json``
  (backups made since the blob was added and not pruned since; the history keeps the last 500
  events, so an old yearly backup may be missing there — the note says "from the history");
- restore leftovers beside the archive folder (``<archive>.pre-restore-<time>``), which hold a
  whole earlier archive until someone deletes them.

The expected expiry applies core/retention.py's policy assuming the daily backup keeps running
on that drive: simulated day by day from ``today`` (a pruned backup is gone for good), the day
of the first backup after which the policy no longer keeps it. None: the policy keeps it for
good (the newest backup of a school year or calendar year), or nothing prunes it automatically.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xueji_desktop.core.retention import Backup, Policy, kept
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.backup_catalog import VERIFIED, list_drive
from xueji_desktop.services.backup_drives import find_drives
from xueji_desktop.services.backup_state import BackupState, load_state
from xueji_desktop.services.context import Session
from xueji_desktop.storage.backup_format import is_backup_id

HORIZON_DAYS = 800  # past 12 monthly + 4 weekly + 7 daily periods only the yearly rules keep one
_UTC_FORMATS = ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class HeldBackup:
    """A backup that still holds the scan's (encrypted) content."""

    where: str  # "drive" (read from the drive), "history" (drive not plugged in), "pre_restore"
    drive_id: str
    drive_label: str
    backup_id: str  # the backup's id, or the leftover folder's name
    taken: str  # UTC ISO time the backup was made ("" when unknown)
    expires_on: str | None  # ISO day it is expected to be pruned; None: not by the policy
    note: str = ""  # "kept_yearly" | "not_pruned" (damaged/pending, or a leftover) | ""

    def to_json(self) -> dict[str, object]:
        return {
            "where": self.where,
            "drive_id": self.drive_id,
            "drive_label": self.drive_label,
            "backup_id": self.backup_id,
            "taken": self.taken,
            "expires_on": self.expires_on,
            "note": self.note,
        }


def held_from_json(doc: object) -> tuple[HeldBackup, ...]:
    """The register's ``backups`` column back as HeldBackup (unknown shapes are skipped)."""
    out = []
    for d in doc if isinstance(doc, list) else []:
        if not isinstance(d, dict):
            continue
        exp = d.get("expires_on")
        out.append(
            HeldBackup(
                str(d.get("where", "")),
                str(d.get("drive_id", "")),
                str(d.get("drive_label", "")),
                str(d.get("backup_id", "")),
                str(d.get("taken", "")),
                str(exp) if exp is not None else None,
                str(d.get("note", "")),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class BackupsHolding:
    """Per blob name, the backups holding it; which drives were read and which were not."""

    holding: Mapping[str, tuple[HeldBackup, ...]] = field(default_factory=dict)
    drives_read: tuple[str, ...] = ()  # labels of the drives plugged in and read
    drives_missing: tuple[str, ...] = ()  # labels of enrolled drives known only from history
    blob_of: Mapping[str, str] = field(default_factory=dict)  # proposal serial -> blob name

    def for_blob(self, name: str) -> tuple[HeldBackup, ...]:
        return self.holding.get(name, ())

    def for_serial(self, serial: str) -> tuple[HeldBackup, ...]:
        """The backups holding the scan of one proposal (what the approval page shows)."""
        return self.for_blob(self.blob_of.get(serial, ""))


def _utc(text: str) -> datetime.datetime | None:
    for fmt in _UTC_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
    return None


def _local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone().replace(tzinfo=None)  # the policy counts the school's days


def _id_time(backup_id: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.strptime(backup_id[:16], "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.UTC)


def expiries(
    backups: Iterable[Backup],
    wanted: Iterable[str],
    *,
    start: datetime.date,
    daily_at: datetime.time,
    policy: Policy | None = None,
) -> dict[str, datetime.date | None]:
    """For each name in ``wanted``: the day of the first future daily backup (from ``start``)
    after which ``policy`` no longer keeps it, or None when it keeps it through the horizon
    (for good: only the yearly rules keep a backup that long)."""
    current = [b for b in backups if b.verified]
    todo = {n for n in wanted if any(b.name == n for b in current)}
    out: dict[str, datetime.date | None] = dict.fromkeys(todo)
    day = start
    if any(b.taken >= datetime.datetime.combine(start, daily_at) for b in current):
        day += datetime.timedelta(days=1)  # today's backup is already made
    for _ in range(HORIZON_DAYS):
        if not todo:
            break
        current.append(Backup(f"~sim-{day.isoformat()}", datetime.datetime.combine(day, daily_at)))
        keep = kept(current, policy or Policy())
        for name in [n for n in todo if n not in keep]:
            out[name] = day
            todo.discard(name)
        current = [b for b in current if b.name in keep]
        day += datetime.timedelta(days=1)
    return out


def _daily_at(text: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(text)
    except ValueError:
        return datetime.time(12, 30)


def _blob_times(
    session: Session, serials: Sequence[str], blob_of: dict[str, str]
) -> dict[str, str]:
    """Blob name -> when its file was made, for the proposals ``serials`` (``blob_of`` gets
    serial -> blob name)."""
    conn = session.archive.db.conn
    out: dict[str, str] = {}
    for i in range(0, len(serials), 500):
        chunk = list(serials[i : i + 500])
        q = ",".join("?" * len(chunk))
        for serial, name, created in conn.execute(
            "SELECT dr.serial, b.name, b.created_at FROM destruction_register dr"  # noqa: S608
            " JOIN attachments a ON a.id = dr.attachment_id JOIN blobs b ON b.name = a.blob_name"
            f" WHERE dr.serial IN ({q})",
            chunk,
        ):
            out[str(name)] = str(created)
            blob_of[str(serial)] = str(name)
    return out


def backups_holding(
    session: Session, serials: Sequence[str], *, today: datetime.date
) -> BackupsHolding:
    """The backups that hold the scans of the proposals ``serials`` (see the module text)."""
    session.require(Permission.DESTROY_RECORDS)
    h = session.archive
    root = h.layout.root
    blob_of: dict[str, str] = {}
    blobs = _blob_times(session, list(serials), blob_of)
    state = load_state(root)
    daily_at = _daily_at(state.daily_time)
    found: dict[str, list[HeldBackup]] = {n: [] for n in blobs}
    read: list[str] = []
    for drive, identity in find_drives(root):
        if not identity.tag_holds(h.keys.audit_key):
            continue
        enrolled = state.drive(identity.drive_id)
        label = enrolled.label if enrolled else identity.label
        read.append(identity.drive_id)
        pairs = list_drive(drive, h.archive_id, audit_key=h.keys.audit_key, device_secret=None,
                           failed=state.failed)  # fmt: skip
        policy_set = [
            Backup(i.backup_id, _local(t), True)
            for i, _m in pairs
            if i.state == VERIFIED and (t := _utc(i.time)) is not None
        ]
        ends = expiries(policy_set, {b.name for b in policy_set}, start=today, daily_at=daily_at)
        for info, manifest in pairs:
            if manifest is None:
                continue
            listed = {b.path for b in manifest.blobs} & blobs.keys()
            for name in listed:
                end = ends.get(info.backup_id)
                verified = info.state == VERIFIED
                note = "" if end else ("kept_yearly" if verified else "not_pruned")
                expires = end.isoformat() if end else None
                found[name].append(
                    HeldBackup(
                        "drive", identity.drive_id, label, info.backup_id, info.time, expires, note
                    )
                )
    missing: list[str] = []
    for enrolled in state.drives:
        if enrolled.drive_id in read:
            continue
        missing.append(enrolled.label or enrolled.drive_id)
        _from_history(state, enrolled.drive_id, enrolled.label, blobs, found, today, daily_at)
    for folder in _leftovers(root):
        made = _id_time(folder.name.rpartition(".pre-restore-")[2])
        when = made.strftime("%Y-%m-%dT%H:%M:%SZ") if made else ""
        for name in blobs:
            if (folder / "blobs" / name[:2] / f"{name}.xjb").exists():
                found[name].append(
                    HeldBackup("pre_restore", "", "", folder.name, when, None, "not_pruned")
                )
    labels = {d.drive_id: d.label or d.drive_id for d in state.drives}
    return BackupsHolding(
        {n: tuple(v) for n, v in found.items()},
        tuple(labels.get(d, d) for d in read),
        tuple(missing),
        blob_of,
    )


def _from_history(
    state: BackupState,
    drive_id: str,
    label: str,
    blobs: Mapping[str, str],
    found: dict[str, list[HeldBackup]],
    today: datetime.date,
    daily_at: datetime.time,
) -> None:
    """A drive not plugged in: its backups as the history remembers them."""
    history = state.history
    pruned = {e.backup_id for e in history if e.action == "prune" and e.drive_id == drive_id}
    made: dict[str, datetime.datetime] = {}
    for e in history:
        if e.drive_id != drive_id or e.action not in ("backup", "complete"):
            continue
        if e.outcome not in ("ok", "pending") or not is_backup_id(e.backup_id):
            continue
        moment = _id_time(e.backup_id)
        if moment is not None and e.backup_id not in pruned:
            made[e.backup_id] = moment
    policy_set = [Backup(b, _local(t), True) for b, t in made.items()]
    ends = expiries(policy_set, set(made), start=today, daily_at=daily_at)
    for name, created in blobs.items():
        since = _utc(created)
        if since is not None:  # backup ids count whole seconds: the same second may hold it
            since = since.replace(microsecond=0)
        for backup_id, moment in sorted(made.items()):
            if since is not None and moment < since:
                continue  # made before the scan was added
            end = ends.get(backup_id)
            found[name].append(HeldBackup("history", drive_id, label, backup_id,
                                          moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                          end.isoformat() if end else None,
                                          "" if end else "kept_yearly"))  # fmt: skip


def _leftovers(root: Path) -> list[Path]:
    try:
        return sorted(p for p in root.parent.glob(f"{root.name}.pre-restore-*") if p.is_dir())
    except OSError:
        return []


__all__ = ["BackupsHolding", "HeldBackup", "backups_holding", "expiries", "held_from_json"]
