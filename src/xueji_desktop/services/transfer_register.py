"""The transfer register (``transfer_packages``) as a clerk reads it: every package made or taken
in, newest first, with the students it carried (name and 学号 as they are here now) and who made
or took it in. The register rows themselves are never changed (schema triggers)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection


@dataclass(frozen=True)
class PackageEntry:
    id: int
    direction: str
    package_id: str
    reason: str
    made_at: str
    recorded_at: str
    recorded_by: str  # who made the package (out) or took it in (in)
    source_archive_id: str
    source_school: str
    receiver: str
    signer_fingerprint: str
    file_sha256: str
    file_name: str
    student_ids: tuple[int, ...]
    counts: Mapping[str, int]
    students: tuple[tuple[str, str], ...] = ()  # (name, 学号) of each student id, in order


def list_packages(session: Session) -> list[PackageEntry]:
    """The transfer register, newest first (both directions)."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    rows = conn.execute(
        "SELECT id, direction, package_id, reason, made_at, recorded_at, recorded_by, "
        "source_archive_id, source_school, receiver, signer_fingerprint, file_sha256, "
        "file_name, student_ids, counts FROM transfer_packages ORDER BY id DESC"
    ).fetchall()
    names = _names(conn)
    out = []
    for r in rows:
        ids = tuple(int(i) for i in json.loads(r[13]))
        counts = {str(k): int(v) for k, v in json.loads(r[14]).items()}
        t = [str(v) for v in r[1:13]]
        out.append(PackageEntry(int(r[0]), t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8],
                                t[9], t[10], t[11], ids, counts,
                                tuple(names.get(i, ("", "")) for i in ids)))  # fmt: skip
    return out


def _names(conn: Connection) -> dict[int, tuple[str, str]]:
    """Name and 学号 of every student some package carried: one query, whatever the count."""
    return {
        int(r[0]): (str(r[1]), str(r[2] or ""))
        for r in conn.execute(
            "SELECT id, name, student_no FROM students WHERE id IN (SELECT DISTINCT j.value "
            "FROM transfer_packages t, json_each(t.student_ids) j)"
        )
    }


def earlier_packages(conn: Connection, student_id: int) -> tuple[int, str, str]:
    """(how many, last made_at, last receiver) of the packages already made for a student."""
    row = conn.execute(
        "SELECT COUNT(*), MAX(t.made_at) FROM transfer_packages t, json_each(t.student_ids) j "
        "WHERE t.direction = 'out' AND j.value = ?",
        (student_id,),
    ).fetchone()
    if not row or not row[0]:
        return 0, "", ""
    last = conn.execute(
        "SELECT receiver FROM transfer_packages t, json_each(t.student_ids) j "
        "WHERE t.direction = 'out' AND j.value = ? ORDER BY t.id DESC LIMIT 1",
        (student_id,),
    ).fetchone()
    return int(row[0]), str(row[1]), str(last[0]) if last else ""


def local_minute(stamp: str) -> str:
    """A stored UTC time stamp as this computer's local "YYYY-MM-DD HH:MM" (as-is if odd)."""
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
