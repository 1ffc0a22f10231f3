"""The canonical content hash (issue 2 §2): equal records give equal hashes whatever the insertion
order; any change to a record table changes it; the audit log and login bookkeeping do not; values
are typed (1, '1', 1.0 and b'1' differ)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from xueji_desktop.storage import migrations
from xueji_desktop.storage.connection import Connection, open_connection
from xueji_desktop.storage.content_hash import (
    EXCLUDED_TABLES,
    _encode,
    content_hash,
    record_tables,
)
from xueji_desktop.storage.database import Database

TS = "2026-01-05T08:00:00.000000Z"

# One statement list per record table; together they fill every table of schema 1.
ROWS: list[tuple[str, tuple[object, ...]]] = [
    ("INSERT INTO school (id, name, code) VALUES (?, ?, ?)", (1, "测试市职业中专", "3301")),
    ("INSERT INTO settings (key, value) VALUES (?, ?)", ("backup.drive", "abc")),
    ("INSERT INTO settings (key, value) VALUES (?, ?)", ("idle.minutes", "10")),
    ("INSERT INTO users VALUES (?, ?, ?, ?, ?)", ("admin", "管理员", "admin,clerk", 0, TS)),
    ("INSERT INTO users VALUES (?, ?, ?, ?, ?)", ("clerk", "档案员", "clerk", 0, TS)),
    ("INSERT INTO majors VALUES (?, ?, ?, ?)", ("660101", "数控技术应用", "2021", 3)),
    ("INSERT INTO majors VALUES (?, ?, ?, ?)", ("710201", "计算机应用", "2021", 3)),
    (
        "INSERT INTO class_groups VALUES (?, ?, ?, ?, ?, ?)",
        (1, "2024-660101-1", "24数控1班", 2024, "660101", "王老师"),
    ),
    (
        "INSERT INTO class_groups VALUES (?, ?, ?, ?, ?, ?)",
        (2, "2025-710201-1", "25计算机1班", 2025, "710201", ""),
    ),
    (
        "INSERT INTO students (id, student_no, name, gender, birth_date, id_number, "
        "class_group_id, major_code, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (1, "S1", "张三", "1", "2008-01-01", "11010520080101001X", 1, "660101", TS, TS),
    ),
    (
        "INSERT INTO students (id, student_no, name, gender, birth_date, id_number, "
        "class_group_id, major_code, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (2, "S2", "李四", "2", "2009-02-02", "110105200902020024", 2, "710201", TS, TS),
    ),
    ("INSERT INTO family_members VALUES (?, ?, ?, ?, ?, ?, ?)", (1, 1, 1, "父亲", "张大", "", 1)),
    ("INSERT INTO family_members VALUES (?, ?, ?, ?, ?, ?, ?)", (2, 2, 1, "母亲", "李妈", "", 1)),
    ("INSERT INTO blobs VALUES (?, ?, ?, ?, ?)", ("a" * 64, "b" * 64, 123, "image/png", TS)),
]

# Changes to each record table (after ROWS): each must move the hash.
CHANGES: dict[str, list[str]] = {
    "school": ["UPDATE school SET code = '3302'", "UPDATE school SET name = name || ' '"],
    "settings": [
        "UPDATE settings SET value = '11' WHERE key = 'idle.minutes'",
        "DELETE FROM settings WHERE key = 'backup.drive'",
        "INSERT INTO settings VALUES ('new', '')",
    ],
    "users": [
        "UPDATE users SET disabled = 1 WHERE username = 'clerk'",
        "UPDATE users SET roles = 'viewer' WHERE username = 'clerk'",
    ],
    "majors": ["UPDATE majors SET program_length = 4 WHERE code = '660101'"],
    "class_groups": ["UPDATE class_groups SET head_teacher = '李老师' WHERE id = 2"],
    "students": [
        "UPDATE students SET name = '张叁' WHERE id = 1",
        "UPDATE students SET phone = '1' WHERE id = 2",
        "UPDATE students SET class_group_id = NULL WHERE id = 1",
        "UPDATE students SET id = 3 WHERE id = 2",
        "UPDATE students SET status = 'enrolled ' WHERE id = 1",
    ],
    "family_members": [
        "UPDATE family_members SET is_guardian = 0 WHERE id = 2",
        "DELETE FROM family_members WHERE id = 1",
    ],
    "blobs": ["UPDATE blobs SET sha256 = '" + "c" * 64 + "'", "DELETE FROM blobs"],
}


def fresh(tmp_path: Path, name: str) -> Database:
    key = os.urandom(32)
    path = tmp_path / f"{name}.db"
    open_connection(path, key, create=True).close()
    db = Database(path, key, tmp_path / f"{name}.lock")
    migrations.migrate(db, tmp_path / "pm", key)
    return db


def fill(conn: Connection, order: list[int]) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")  # any order, like a restore would
    conn.execute("BEGIN")
    for i in order:
        sql, params = ROWS[i]
        conn.execute(sql, params)
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")


@pytest.fixture
def filled(tmp_path) -> Database:
    db = fresh(tmp_path, "base")
    fill(db.conn, list(range(len(ROWS))))
    yield db
    db.close()


def test_every_record_table_is_covered_and_the_exclusions_are_exact(filled):
    tables = record_tables(filled.conn)
    assert set(CHANGES) == set(tables)
    assert not EXCLUDED_TABLES & set(tables)
    assert {"audit_log", "slot_registry"} == EXCLUDED_TABLES


@pytest.mark.parametrize("seed", range(5))
def test_equal_content_equal_hash_regardless_of_insertion_order(tmp_path, filled, seed):
    order = list(range(len(ROWS)))
    random.Random(seed).shuffle(order)
    other = fresh(tmp_path, f"other{seed}")
    try:
        fill(other.conn, order)
        assert content_hash(other.conn) == content_hash(filled.conn)
    finally:
        other.close()


def test_deleted_and_reinserted_rows_hash_the_same(filled):
    before = content_hash(filled.conn)
    row = filled.conn.execute("SELECT * FROM settings WHERE key = 'backup.drive'").fetchone()
    filled.conn.execute("DELETE FROM settings WHERE key = 'backup.drive'")
    assert content_hash(filled.conn) != before
    filled.conn.execute("INSERT INTO settings VALUES (?, ?)", row)
    assert content_hash(filled.conn) == before


@pytest.mark.parametrize("statement", [s for sqls in CHANGES.values() for s in sqls])
def test_any_change_to_a_record_table_changes_the_hash(filled, statement):
    before = content_hash(filled.conn)
    filled.conn.execute("PRAGMA foreign_keys = OFF")
    filled.conn.execute(statement)
    assert filled.conn.total_changes > 0
    assert content_hash(filled.conn) != before


def test_a_new_table_counts_too(filled):
    before = content_hash(filled.conn)
    filled.conn.execute("CREATE TABLE grades (student_id INTEGER, score REAL)")
    empty_table = content_hash(filled.conn)
    assert empty_table != before  # the schema is part of the content
    filled.conn.execute("INSERT INTO grades VALUES (1, 90.5)")
    assert content_hash(filled.conn) != empty_table


def test_audit_log_and_slot_registry_do_not_count(filled):
    before = content_hash(filled.conn)
    c = filled.conn
    c.execute("INSERT INTO slot_registry VALUES ('slot-1', 'user', 'admin', ?)", (TS,))
    c.execute("INSERT INTO slot_registry VALUES ('slot-2', 'recovery', NULL, ?)", (TS,))
    c.execute("DELETE FROM slot_registry WHERE slot_id = 'slot-1'")
    for seq in range(1, 4):
        c.execute(
            "INSERT INTO audit_log VALUES (?, ?, 'admin', 'login', 'user', 'admin', '{}', ?)",
            (seq, TS, os.urandom(32)),
        )
    assert content_hash(c) == before


def test_type_tags_and_boundaries(tmp_path):
    """Untyped columns keep what they are given: 1, '1', 1.0, b'1' and NULL must all differ, and so
    must ('ab', 'c') and ('a', 'bc')."""
    key = os.urandom(32)
    path = tmp_path / "typed.db"
    conn = open_connection(path, key, create=True)
    try:
        conn.execute("CREATE TABLE t (a, b)")
        seen = {}
        for a, b in [(1, None), ("1", None), (1.0, None), (b"1", None), (None, None), ("", None),
                     ("ab", "c"), ("a", "bc"), ("abc", None), (0, None), (-1, None),
                     ("N", None), (True, None)]:  # fmt: skip
            conn.execute("DELETE FROM t")
            conn.execute("INSERT INTO t VALUES (?, ?)", (a, b))
            h = content_hash(conn)
            key_ = (type(a).__name__, a, b)
            if a is True:
                assert h == seen[("int", 1, None)]  # SQLite stores True as the integer 1
                continue
            assert h not in seen.values(), f"{key_} collides"
            seen[key_] = h
    finally:
        conn.close()
    assert _encode(1) != _encode("1") != _encode(1.0) != _encode(b"1") != _encode(None)
    assert len({_encode(v) for v in (1, "1", 1.0, b"1", None, "", b"")}) == 7
    with pytest.raises(TypeError):
        _encode(object())


def test_hash_is_a_sha256_hex_digest_and_stable(filled):
    h1 = content_hash(filled.conn)
    h2 = content_hash(filled.conn)
    assert h1 == h2
    assert len(h1) == 64 and int(h1, 16) >= 0
