"""Finding students by 学号 (old ones too), 学籍号, name, 曾用名, 拼音, 首字母, part of an ID.

Every search term is a prefix lookup in ``search_keys(key, student_id, source)``, a derived table
(excluded from the content hash, rebuilt at any time) with one row per key of a student:

- ``name``, ``former_name``: the names, normalised (core/name_keys.normalize_key);
- ``pinyin``, ``initials`` and ``former_pinyin``, ``former_initials``: every reading of the
  surname and the bounded readings of the given name (core/name_keys.py);
- ``student_no``, ``registry_no``, ``alias`` and ``registry_alias`` (old numbers from
  ``number_aliases``);
- ``id_number``: the whole ID number; ``id_part``: its suffixes of ``MIN_ID_PART`` characters or
  more, so that a prefix range over them finds any part of the number.

A prefix is looked up as an index range (``key >= p AND key < successor(p)``), never with
``LIKE '%…%'`` (docs/design/search.md has the figures and why suffix keys rather than an FTS5
trigram table). Hits always carry the masked ID number, and a 学籍号 with the ID number inside
(G + ID number) masked the same way. Partial ID numbers are matched only for those who may see
full ID numbers (clerks, admins): for a viewer a partial-number search would be an oracle that
reveals the masked digits one at a time, so a viewer's ID number and 学籍号 searches match the
whole number only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import lifecycle, roles
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.id_number import mask_id_number, mask_id_numbers_in_text
from xueji_desktop.core.name_keys import normalize_key, pinyin_keys, query_keys
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

__all__ = [
    "MIN_ID_PART",
    "STATUSES",
    "SearchHit",
    "prefix_range",
    "rebuild_search_index",
    "rebuild_search_keys",
    "refresh_search_keys",
    "search_students",
    "student_keys",
]

MIN_ID_PART = 4
CANDIDATE_ROWS_PER_HIT = 8
MAX_LIMIT = 5000
STATUSES = frozenset(lifecycle.STATUSES)
# Which match a hit is shown with when several keys of a student match (lower wins).
_SOURCE_RANK = {
    "student_no": 0,
    "registry_no": 1,
    "id_number": 2,
    "name": 3,
    "alias": 4,
    "registry_alias": 4,
    "former_name": 5,
    "pinyin": 6,
    "initials": 7,
    "former_pinyin": 8,
    "former_initials": 9,
    "id_part": 10,
}


@dataclass(frozen=True, slots=True)
class SearchHit:
    student_id: int
    student_no: str
    registry_no: str
    name: str
    former_name: str
    class_group_id: int | None
    class_name: str
    status: str
    report_status: str
    id_number_masked: str
    voided: bool
    matched: str  # the source of the best matching key ("" when listing without a term)


def prefix_range(prefix: str) -> tuple[str, str]:
    """(low, high) such that ``low <= key < high`` holds exactly for keys starting with prefix.

    The successor of the last character (not ``prefix + '\\uffff'``, which misses characters
    outside the BMP, e.g. rare name characters of CJK Extension B): SQLite compares TEXT as
    UTF-8 bytes, and UTF-8 keeps code point order.
    """
    if not prefix:
        raise ValueError("empty prefix")
    last = ord(prefix[-1])
    if last >= 0x10FFFF:
        return prefix, prefix + "\U0010ffff"
    nxt = last + 1
    if 0xD800 <= nxt <= 0xDFFF:  # surrogates cannot be encoded: skip them
        nxt = 0xE000
    return prefix, prefix[:-1] + chr(nxt)


def student_keys(
    name: Any,
    former_name: Any,
    student_no: Any,
    registry_no: Any,
    id_number: Any,
    aliases: Iterable[Any] = (),
) -> set[tuple[str, str]]:
    """Every (key, source) of one student."""
    keys: set[tuple[str, str]] = set()

    def add(value: Any, source: str) -> None:
        if isinstance(value, str) and (key := normalize_key(value)):
            keys.add((key, source))

    add(name, "name")
    add(former_name, "former_name")
    for prefix, value in (("", name), ("former_", former_name)):
        pk = pinyin_keys(value)
        keys.update((k, prefix + "pinyin") for k in pk.full)
        keys.update((k, prefix + "initials") for k in pk.initials)
    add(student_no, "student_no")
    add(registry_no, "registry_no")
    for alias in aliases:
        add(alias, "alias")
    idn = normalize_key(id_number) if isinstance(id_number, str) else ""
    if idn:
        keys.add((idn, "id_number"))
        keys.update((idn[i:], "id_part") for i in range(1, len(idn) - MIN_ID_PART + 1))
    return keys


_STUDENT_SQL = (
    "SELECT s.id, s.name, s.former_name, s.student_no, s.registry_no, s.id_number, "
    "(SELECT group_concat(a.old_value, char(31)) FROM number_aliases a WHERE a.student_id = s.id "
    "AND a.kind = 'student_no'), "
    "(SELECT group_concat(a.old_value, char(31)) FROM number_aliases a WHERE a.student_id = s.id "
    "AND a.kind = 'registry_no') "
    "FROM students s"
)


def _rows_for(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[str, int, str]]:
    for sid, name, former, sno, rno, idn, aliases, registry_aliases in rows:
        keys = student_keys(name, former, sno, rno, idn, aliases.split("\x1f") if aliases else ())
        for old in registry_aliases.split("\x1f") if registry_aliases else ():
            if key := normalize_key(old):
                keys.add((key, "registry_alias"))
        for key, source in keys:
            yield key, int(sid), source


def refresh_search_keys(conn: Connection, student_id: int) -> None:
    """Rewrite one student's keys; call inside the transaction that changed the student."""
    conn.execute("DELETE FROM search_keys WHERE student_id = ?", (int(student_id),))
    rows = conn.execute(_STUDENT_SQL + " WHERE s.id = ?", (int(student_id),)).fetchall()
    conn.executemany(
        "INSERT OR IGNORE INTO search_keys (key, student_id, source) VALUES (?, ?, ?)",
        list(_rows_for(rows)),
    )


def refresh_search_keys_for(
    conn: Connection, student_ids: Sequence[int], *, fresh: bool = False
) -> None:
    """refresh_search_keys for many students at once (an import); ``fresh``: new ids, no keys
    to delete. The keys of all of them go in with one executemany."""
    rows: list[tuple[str, int, str]] = []
    for start in range(0, len(student_ids), 500):
        chunk = [int(i) for i in student_ids[start : start + 500]]
        marks = ", ".join("?" * len(chunk))
        if not fresh:
            conn.execute(f"DELETE FROM search_keys WHERE student_id IN ({marks})", chunk)  # noqa: S608
        found = conn.execute(_STUDENT_SQL + f" WHERE s.id IN ({marks})", chunk).fetchall()
        rows.extend(_rows_for(found))
    conn.executemany(
        "INSERT OR IGNORE INTO search_keys (key, student_id, source) VALUES (?, ?, ?)", rows
    )


def rebuild_search_keys(
    conn: Connection, progress: Callable[[int, int], None] | None = None, *, chunk: int = 5000
) -> int:
    """Rebuild the whole table from the records (inside the caller's transaction); rows written."""
    conn.execute("DELETE FROM search_keys")
    total = int(conn.execute("SELECT count(*) FROM students").fetchone()[0])
    done = written = 0
    last_id = -1
    while True:
        rows = conn.execute(
            _STUDENT_SQL + " WHERE s.id > ? ORDER BY s.id LIMIT ?", (last_id, chunk)
        ).fetchall()
        if not rows:
            break
        last_id = int(rows[-1][0])
        batch = list(_rows_for(rows))
        conn.executemany(
            "INSERT OR IGNORE INTO search_keys (key, student_id, source) VALUES (?, ?, ?)", batch
        )
        written += len(batch)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    return written


def rebuild_search_index(
    session: Session, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild ``search_keys`` for every student (after an upgrade or a repair). Audited."""
    session.require(Permission.CHECK_ARCHIVE)
    h = session.archive
    with h.db.atomic() as conn:
        written = rebuild_search_keys(conn, progress)
        audit.record(h, session.username, "search_index_rebuilt", details={"keys": written})
    return written


def sees_full_id_numbers(session: Session) -> bool:
    return roles.sees_full_id_numbers(session.roles)


def _filters(
    class_group_id: object,
    status: object,
    intake_year: object,
    include_voided: object,
    limit: object,
) -> tuple[list[str], list[Any], int]:
    where: list[str] = []
    params: list[Any] = []
    if class_group_id is not None:
        if type(class_group_id) is not int:
            raise ValidationError(field="class_group_id", reason="invalid")
        where.append("s.class_group_id = ?")
        params.append(class_group_id)
    if status is not None:
        statuses = [status] if isinstance(status, str) else status
        if not isinstance(statuses, list | tuple | set | frozenset) or not statuses:
            raise ValidationError(field="status", reason="invalid")
        if any(s not in STATUSES for s in statuses):
            raise ValidationError(field="status", reason="invalid")
        where.append(f"s.status IN ({', '.join('?' * len(statuses))})")
        params.extend(sorted(statuses))
    if intake_year is not None:
        if type(intake_year) is not int or not 1900 <= intake_year <= 2200:
            raise ValidationError(field="intake_year", reason="invalid")
        where.append(
            "COALESCE(c.intake_year, CAST(substr(s.enrolment_month, 1, 4) AS INTEGER)) = ?"
        )
        params.append(intake_year)
    if not include_voided:
        where.append("s.voided = 0")
    if type(limit) is not int or limit < 1:
        raise ValidationError(field="limit", reason="invalid")
    return where, params, min(limit, MAX_LIMIT)


def search_students(
    session: Session,
    text: str = "",
    *,
    class_group_id: int | None = None,
    status: str | Iterable[str] | None = None,
    intake_year: int | None = None,
    include_voided: bool = False,
    limit: int = 200,
) -> list[SearchHit]:
    """Students matching ``text`` (any key, as a prefix) and the filters, best matches first.

    An empty ``text`` lists by the filters alone, ordered by 学号. All statuses and drafts are
    included unless ``status`` narrows them; voided records only with ``include_voided``. A broad
    prefix (one letter, a year) gives the first matches in key order, exact matches first.
    """
    session.require(Permission.READ_RECORDS)
    if not isinstance(text, str):
        raise ValidationError(field="text", reason="invalid")
    where, params, limit = _filters(class_group_id, status, intake_year, include_voided, limit)
    conn = session.archive.db.conn
    select = (
        "SELECT s.id, s.student_no, s.registry_no, s.name, s.former_name, s.class_group_id, "
        "COALESCE(c.name, ''), s.status, s.report_status, s.id_number, s.voided"
    )
    keys = query_keys(text)
    if not keys:
        sql = (
            f"{select}, '' FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id"
            f"{' WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY s.student_no IS NULL, s.student_no, s.id LIMIT ?"
        )
        rows = conn.execute(sql, [*params, limit]).fetchall()
        return [_hit(r) for r in rows]
    ranges: list[str] = []
    key_params: list[Any] = []
    for key in keys:
        lo, hi = prefix_range(key)
        cond = "(k.key >= ? AND k.key < ?"
        key_params += [lo, hi]
        if not sees_full_id_numbers(session):
            # Whole numbers only: see the module docstring (a 学籍号 is mostly G + ID number).
            cond += (
                " AND k.source <> 'id_part' AND (k.source NOT IN ('id_number', 'registry_no', "
                "'registry_alias') OR k.key = ?)"
            )
            key_params.append(key)
        elif len(key) < MIN_ID_PART:
            cond += " AND k.source <> 'id_part'"
        ranges.append(cond + ")")
    rank = " ".join(f"WHEN '{s}' THEN {r}" for s, r in _SOURCE_RANK.items())
    exact = ", ".join("?" * len(keys))
    # Walk the matching keys in key order and stop after CANDIDATE_ROWS_PER_HIT * limit of them:
    # a broad prefix ("w", "2024") costs a bounded range, not every match; key order puts the
    # exact key (the shortest) first. Filters that narrow (class, status, year) apply per key row
    # (CROSS JOIN keeps search_keys the outer loop); voided records, rare, are dropped at the end,
    # so without filters only the shown students are read. A bare column next to min() comes from
    # the minimum's row (SQLite).
    narrowing = [w for w in where if w != "s.voided = 0"]
    join = (
        " CROSS JOIN students s ON s.id = k.student_id "
        "LEFT JOIN class_groups c ON c.id = s.class_group_id"
        if narrowing
        else ""
    )
    sql = (
        "WITH m AS (SELECT k.student_id AS sid, k.source AS source, k.key AS key "  # noqa: S608
        f"FROM search_keys k{join} "
        f"WHERE ({' OR '.join(ranges)}){''.join(' AND ' + w for w in narrowing)} "
        "ORDER BY k.key LIMIT ?), "
        "hits AS (SELECT sid, source, "
        f"min((CASE WHEN key IN ({exact}) THEN 0 ELSE 100 END) + CASE source {rank} END) "
        "AS rank FROM m GROUP BY sid ORDER BY rank, sid LIMIT ?) "
        f"{select}, h.source FROM hits h JOIN students s ON s.id = h.sid "
        "LEFT JOIN class_groups c ON c.id = s.class_group_id"
        f"{'' if include_voided else ' WHERE s.voided = 0'} "
        "ORDER BY h.rank, s.student_no IS NULL, s.student_no, s.id LIMIT ?"
    )
    args = [*key_params, *params, limit * CANDIDATE_ROWS_PER_HIT, *keys, limit + 50, limit]
    rows = conn.execute(sql, args).fetchall()
    return [_hit(r) for r in rows]


def _hit(r: tuple[Any, ...]) -> SearchHit:
    return SearchHit(
        student_id=int(r[0]),
        student_no=r[1] or "",
        registry_no=mask_id_numbers_in_text(r[2] or ""),  # G + ID number is common
        name=r[3],
        former_name=r[4] or "",
        class_group_id=None if r[5] is None else int(r[5]),
        class_name=r[6],
        status=r[7],
        report_status=r[8],
        id_number_masked=mask_id_number(r[9]) if r[9] else "",
        voided=bool(r[10]),
        matched=r[11],
    )
