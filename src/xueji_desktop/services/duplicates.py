"""Likely duplicate records, shown for the clerk to decide (nothing here refuses or merges).

The same ID number on two non-voided records is refused by the unique index
``students_id_number``; the other signs only suggest one person entered twice:

- ``same_name_birth_date``: same 姓名 and 出生日期;
- ``same_name_family_phone``: same 姓名 and a family member (guardian) with the same phone;
- ``homophone_birth_date``: different characters, a common full-pinyin reading (from the
  ``search_keys`` rows of source ``pinyin``) and the same 出生日期;
- ``same_id_number``: only from ``likely_duplicates_of`` for values not yet saved.

Voided records are never candidates. ``all_likely_duplicates`` groups in one pass over each table
(no pairwise comparison), so it stays fast on 100,000 students.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import NotFound, ValidationError
from xueji_desktop.core.id_number import normalize_id_number
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

__all__ = [
    "REASONS",
    "DuplicateCandidate",
    "DuplicateGroup",
    "all_likely_duplicates",
    "likely_duplicates_of",
]

REASONS = (
    "same_id_number",
    "same_name_birth_date",
    "same_name_family_phone",
    "homophone_birth_date",
)


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    student_id: int
    reasons: tuple[str, ...]  # codes from REASONS, in that order


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    reason: str
    student_ids: tuple[int, ...]  # ascending
    params: Mapping[str, str]  # what they share: name, birth_date, phone or pinyin


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _load(conn: Connection, student_id: int) -> dict[str, Any]:
    row = conn.execute(
        "SELECT name, birth_date, id_type, id_number FROM students WHERE id = ?", (student_id,)
    ).fetchone()
    if row is None:
        raise NotFound(kind="student", id=student_id)
    phones = [
        r[0]
        for r in conn.execute(
            "SELECT phone FROM family_members WHERE student_id = ? AND phone <> ''", (student_id,)
        )
    ]
    return {
        "name": row[0],
        "birth_date": row[1],
        "id_type": row[2],
        "id_number": row[3],
        "family_members": [{"phone": p} for p in phones],
    }


def _family_phones(values: Mapping[str, Any]) -> list[str]:
    members = values.get("family_members", values.get("family", ()))
    if not isinstance(members, list | tuple):
        return []
    phones = {_text(m.get("phone")) for m in members if isinstance(m, Mapping)}
    phones.discard("")
    return sorted(phones)


def likely_duplicates_of(
    session: Session, values_or_student_id: Mapping[str, Any] | int
) -> list[DuplicateCandidate]:
    """Existing non-voided students that may be the same person as the given values (or student).

    ``values`` are internal field names (``name``, ``birth_date``, ``id_type``, ``id_number``,
    ``family_members`` — a list of dicts with ``phone``); missing or malformed values simply
    match nothing. A student id is compared with everyone but itself.
    """
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    own: int | None = None
    if isinstance(values_or_student_id, bool) or not isinstance(
        values_or_student_id, int | Mapping
    ):
        raise ValidationError(field="values", reason="invalid")
    if isinstance(values_or_student_id, int):
        own = values_or_student_id
        values: Mapping[str, Any] = _load(conn, own)
    else:
        values = values_or_student_id
    name = _text(values.get("name"))
    birth = _text(values.get("birth_date"))
    found: dict[int, set[str]] = {}

    def add(rows: list[tuple[Any, ...]], reason: str) -> None:
        for (sid,) in rows:
            if sid != own:
                found.setdefault(int(sid), set()).add(reason)

    idn = normalize_id_number(_text(values.get("id_number")))
    if idn:
        id_type = _text(values.get("id_type")) or "1"
        add(
            conn.execute(
                "SELECT id FROM students WHERE id_type = ? AND id_number = ? AND voided = 0",
                (id_type, idn),
            ).fetchall(),
            "same_id_number",
        )
    if name and birth:
        add(
            conn.execute(
                "SELECT id FROM students WHERE name = ? AND birth_date = ? AND voided = 0",
                (name, birth),
            ).fetchall(),
            "same_name_birth_date",
        )
    phones = _family_phones(values)
    if name and phones:
        add(
            conn.execute(
                "SELECT DISTINCT s.id FROM students s "  # noqa: S608 - placeholders only
                "JOIN family_members f ON f.student_id = s.id WHERE s.name = ? AND s.voided = 0 "
                f"AND f.phone IN ({', '.join('?' * len(phones))})",
                (name, *phones),
            ).fetchall(),
            "same_name_family_phone",
        )
    # Imported here: pypinyin's dictionaries take ~0.4 s to load, which every `xueji` command
    # (they all import the record services) would otherwise pay at start-up.
    from xueji_desktop.core.name_keys import pinyin_keys

    readings = sorted(pinyin_keys(name).full) if name else []
    if readings and birth:
        add(
            conn.execute(
                "SELECT DISTINCT k.student_id FROM search_keys k "  # noqa: S608 - placeholders only
                "JOIN students s ON s.id = k.student_id "
                f"WHERE k.key IN ({', '.join('?' * len(readings))}) AND k.source = 'pinyin' "
                "AND s.birth_date = ? AND s.name <> ? AND s.voided = 0",
                (*readings, birth, name),
            ).fetchall(),
            "homophone_birth_date",
        )
    return [
        DuplicateCandidate(sid, tuple(r for r in REASONS if r in reasons))
        for sid, reasons in sorted(found.items())
    ]


def all_likely_duplicates(session: Session) -> list[DuplicateGroup]:
    """Every group of non-voided students that share a likely-duplicate sign, one per reason."""
    session.require(Permission.READ_RECORDS)
    return find_duplicate_groups(session.archive.db.conn)


def find_duplicate_groups(conn: Connection) -> list[DuplicateGroup]:
    """The groups, on an open connection (used by the health report too).

    Three sequential scans (students, family_members, the ``pinyin`` rows of search_keys) grouped
    in hash maps: O(n). Grouping in SQL joins every row to ``students`` through its primary key,
    a random page read (and decryption) each: 2-4 s per sign on 100,000 students.
    """
    people: dict[int, tuple[str, str]] = {
        int(r[0]): (r[1], r[2])
        for r in conn.execute(
            "SELECT id, name, birth_date FROM students NOT INDEXED WHERE voided = 0"
        )
    }
    by_name_birth: dict[tuple[str, str], set[int]] = defaultdict(set)
    for sid, (name, birth) in people.items():
        if name and birth:
            by_name_birth[(name, birth)].add(sid)
    by_name_phone: dict[tuple[str, str], set[int]] = defaultdict(set)
    for sid, phone in conn.execute(
        "SELECT student_id, phone FROM family_members NOT INDEXED WHERE phone <> ''"
    ):
        person = people.get(int(sid))
        if person is not None and person[0]:
            by_name_phone[(person[0], phone)].add(int(sid))
    by_reading_birth: dict[tuple[str, str], set[int]] = defaultdict(set)
    for key, sid in conn.execute("SELECT key, student_id FROM search_keys WHERE source = 'pinyin'"):
        person = people.get(int(sid))
        if person is not None and person[1]:
            by_reading_birth[(key, person[1])].add(int(sid))
    groups = [
        DuplicateGroup("same_name_birth_date", tuple(sorted(ids)), {"name": n, "birth_date": b})
        for (n, b), ids in _shared(by_name_birth)
    ]
    groups += [
        DuplicateGroup("same_name_family_phone", tuple(sorted(ids)), {"name": n, "phone": p})
        for (n, p), ids in _shared(by_name_phone)
    ]
    seen: set[tuple[int, ...]] = set()
    for (reading, birth), ids in _shared(by_reading_birth):
        members = tuple(sorted(ids))
        # Only different characters (same names are the first sign); several shared readings of
        # one group are reported once.
        if len({people[i][0] for i in ids}) > 1 and members not in seen:
            seen.add(members)
            groups.append(
                DuplicateGroup(
                    "homophone_birth_date", members, {"pinyin": reading, "birth_date": birth}
                )
            )
    return groups


def _shared(groups: dict[tuple[str, str], set[int]]) -> list[tuple[tuple[str, str], set[int]]]:
    return sorted((k, ids) for k, ids in groups.items() if len(ids) > 1)
