"""The canonical content hash (issue 2 §2): equal records give equal hashes whatever the insertion
order; any change to a record table changes it; the audit log and login bookkeeping do not; values
are typed (1, '1', 1.0 and b'1' differ)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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

_MAJOR = "INSERT INTO majors (code, name, catalogue_version, program_length) VALUES (?, ?, ?, ?)"
_CLASS = (
    "INSERT INTO class_groups (id, key, name, intake_year, major_code, head_teacher) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_FAMILY = (
    "INSERT INTO family_members (id, student_id, seq, relation, name, phone, is_guardian) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
# One statement list per record table; together they fill every table of the schema.
ROWS: list[tuple[str, tuple[object, ...]]] = [
    ("INSERT INTO school (id, name, code) VALUES (?, ?, ?)", (1, "测试市职业中专", "3301")),
    ("INSERT INTO settings (key, value) VALUES (?, ?)", ("backup.drive", "abc")),
    ("INSERT INTO settings (key, value) VALUES (?, ?)", ("idle.minutes", "10")),
    ("INSERT INTO users VALUES (?, ?, ?, ?, ?)", ("admin", "管理员", "admin,clerk", 0, TS)),
    ("INSERT INTO users VALUES (?, ?, ?, ?, ?)", ("clerk", "档案员", "clerk", 0, TS)),
    (_MAJOR, ("660101", "数控技术应用", "2021", 3)),
    (_MAJOR, ("710201", "计算机应用", "2021", 3)),
    (_CLASS, (1, "2024-660101-1", "24数控1班", 2024, "660101", "王老师")),
    (_CLASS, (2, "2025-710201-1", "25计算机1班", 2025, "710201", "")),
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
    (_FAMILY, (1, 1, 1, "父亲", "张大", "", 1)),
    (_FAMILY, (2, 2, 1, "母亲", "李妈", "", 1)),
    ("INSERT INTO blobs VALUES (?, ?, ?, ?, ?)", ("a" * 64, "b" * 64, 123, "image/png", TS)),
    (
        "INSERT INTO number_aliases (student_id, kind, old_value, new_value, reason, actor, ts) "
        "VALUES (?,?,?,?,?,?,?)",
        (1, "student_no", "S0", "S1", "录错", "admin", TS),
    ),
    (
        "INSERT INTO field_history (student_id, field, old_value, new_value, change_kind, actor, "
        "ts) VALUES (?,?,?,?,?,?,?)",
        (1, "phone", "1", "2", "edit", "admin", TS),
    ),
    (
        "INSERT INTO terms (id, code, name, school_year, semester, start_date, end_date) "
        "VALUES (?,?,?,?,?,?,?)",
        (1, "2025-2026-1", "第一学期", 2025, 1, "2025-09-01", "2026-01-20"),
    ),
    (
        "INSERT INTO courses (id, code, name, course_type, credits) VALUES (?,?,?,?,?)",
        (1, "GB001", "数学", "public_basic", 4.0),
    ),
    (
        "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) VALUES (?,?,?,?,?)",
        (1, 1, 1, 75.5, TS),
    ),
    ("INSERT INTO conduct_evaluations (student_id, term_id, grade) VALUES (?,?,?)", (1, 1, "良好")),
    (
        "INSERT INTO rewards_punishments (student_id, kind, level, decided_on, created_at) "
        "VALUES (?,?,?,?,?)",
        (1, "punishment", "警告", "2025-10-01", TS),
    ),
    ("INSERT INTO attendance (student_id, term_id, truancy_hours) VALUES (?,?,?)", (1, 1, 2)),
    (
        "INSERT INTO internships (student_id, employer, start_date) VALUES (?,?,?)",
        (1, "某公司", "2027-03-01"),
    ),
    (
        "INSERT INTO skill_certificates (student_id, name, issued_on) VALUES (?,?,?)",
        (1, "计算机操作员", "2026-06-01"),
    ),
    (
        "INSERT INTO financial_aid (student_id, term_id, kind, amount_fen) VALUES (?,?,?,?)",
        (1, 1, "state_grant", 100000),
    ),
    (
        "INSERT INTO destinations (student_id, kind, recorded_on) VALUES (?,?,?)",
        (1, "employment", "2027-07-01"),
    ),
    (
        "INSERT INTO attachments (student_id, doc_type, blob_name, sha256, media_type, size, "
        "added_at, added_by) VALUES (?,?,?,?,?,?,?,?)",
        (1, "photo", "a" * 64, "b" * 64, "image/png", 123, TS, "admin"),
    ),
    (
        "INSERT INTO status_changes (student_id, kind, effective_date, status_before, "
        "status_after, created_at, created_by) VALUES (?,?,?,?,?,?,?)",
        (1, "leave_of_absence", "2025-10-01", "enrolled", "on_leave", TS, "admin"),
    ),
    ("INSERT INTO graduation_rules (major_code, rules) VALUES (?, ?)", ("", '{"min_credits": 1}')),
    (
        "INSERT INTO document_register (serial, kind, year, seq, student_id, subject, template, "
        "issued_by, issued_at, content_digest, signature, batch_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "CJD2026-000001",
            "transcript",
            2026,
            1,
            1,
            "S1 张三",
            "standard",
            "clerk",
            TS,
            "ab" * 32,
            "A" * 103,
            "b1",
        ),
    ),
    (
        "INSERT INTO document_templates (kind, name, label, body, imported_by, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ("transcript", "mine", "本校成绩单", "{}", "admin", TS),
    ),
    (
        "INSERT INTO file_intakes (kind, source, received_on, received_by, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        ("new_intake", "某某初级中学", "2025-09-01", "clerk", TS),
    ),
    (
        "INSERT INTO file_intake_items (intake_id, student_id, contents) VALUES (?, ?, ?)",
        (1, 1, '{"photo": 1}'),
    ),
    (
        "INSERT INTO paper_files (student_id, cabinet, updated_at, updated_by) VALUES (?,?,?,?)",
        (1, "A", TS, "clerk"),
    ),
    (
        "INSERT INTO paper_file_contents (student_id, doc_type, noted_at, noted_by) "
        "VALUES (?, ?, ?, ?)",
        (1, "photo", TS, "clerk"),
    ),
    (
        "INSERT INTO file_loans (student_id, borrower, purpose, lent_on, due_on, lent_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (1, "王老师", "征兵政审", "2026-03-01", "2026-03-15", "clerk"),
    ),
    (
        "INSERT INTO file_dispatches (student_id, receiver_kind, receiver, via, dispatch_no, "
        "dispatched_on, dispatched_by, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            2,
            "talent_centre",
            "某市人才中心",
            "confidential_mail",
            "JY001",
            "2026-07-01",
            "clerk",
            "b",
        ),
    ),
    (
        "INSERT INTO transfer_packages (direction, package_id, reason, made_at, recorded_at, "
        "recorded_by, source_archive_id, signer_fingerprint, file_sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("in", "p1", "transfer_out", TS, TS, "clerk", "a1", "f" * 16, "0" * 64),
    ),
    (
        "INSERT INTO transfer_records (package_row, student_id, section, payload) "
        "VALUES (?, ?, ?, ?)",
        (1, 1, "grades", "[]"),
    ),
    (
        "INSERT INTO retention_rules (doc_type, years, updated_at, updated_by) VALUES (?,?,?,?)",
        ("other", 10, TS, "admin"),
    ),
    (
        "INSERT INTO destruction_register (serial, attachment_id, student_id, doc_type, "
        "media_type, size, sha256, added_at, rule_years, rule_counted_from, due_on, "
        "proposed_at, proposed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("XH1", 1, 1, "other", "image/png", 1, "0" * 64, TS, 10, "left", "2036-07-01", TS, "c"),
    ),
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
        "UPDATE students SET status = 'on_leave' WHERE id = 1",
    ],
    "family_members": [
        "UPDATE family_members SET is_guardian = 0 WHERE id = 2",
        "DELETE FROM family_members WHERE id = 1",
    ],
    "blobs": ["UPDATE blobs SET sha256 = '" + "c" * 64 + "'", "DELETE FROM blobs"],
    "number_aliases": ["UPDATE number_aliases SET reason = '更正'"],
    "field_history": [  # append-only: only an insert can change it
        "INSERT INTO field_history (student_id, field, change_kind, actor, ts) "
        "VALUES (1, 'name', 'edit', 'x', 't')"
    ],
    "terms": ["UPDATE terms SET end_date = '2026-01-21'"],
    "courses": ["UPDATE courses SET credits = 4.5"],
    "grades": ["UPDATE grades SET score = 75.0", "UPDATE grades SET makeup_score = 60"],
    "conduct_evaluations": ["UPDATE conduct_evaluations SET grade = '优秀'"],
    "rewards_punishments": ["UPDATE rewards_punishments SET lifted_on = '2026-04-01'"],
    "attendance": ["UPDATE attendance SET late_count = 1"],
    "internships": ["UPDATE internships SET assessment = '合格'"],
    "skill_certificates": ["UPDATE skill_certificates SET is_1x = 1"],
    "financial_aid": ["UPDATE financial_aid SET amount_fen = 100001"],
    "destinations": ["UPDATE destinations SET matches_major = 1"],
    "document_types": ["UPDATE document_types SET required_when = 'never' WHERE code = 'photo'"],
    "attachments": ["UPDATE attachments SET voided = 1"],
    "status_changes": ["UPDATE status_changes SET report_status = 'reported'"],
    "graduation_rules": ["UPDATE graduation_rules SET rules = '{}'"],
    "document_register": [
        "UPDATE document_register SET voided_at = '2026-04-01T00:00:00Z'",
        "UPDATE document_register SET superseded_by = serial",
    ],
    "document_templates": ["UPDATE document_templates SET body = '{ }'"],
    "file_intakes": [  # fixed: only an insert can change it
        "INSERT INTO file_intakes (kind, source, received_on, received_by, created_at) "
        "VALUES ('other', 'x', '2026-01-01', 'c', 't')"
    ],
    "file_intake_items": ["INSERT INTO file_intake_items (intake_id, student_id) VALUES (1, 2)"],
    "paper_files": ["UPDATE paper_files SET box = '12'", "UPDATE paper_files SET kept = 1"],
    "paper_file_contents": ["UPDATE paper_file_contents SET pieces = 2"],
    "file_loans": ["UPDATE file_loans SET returned_on = '2026-03-10', returned_by = 'c'"],
    "file_dispatches": [
        "UPDATE file_dispatches SET receipt_on = '2026-07-20', receipt_by = 'c'",
        "UPDATE file_dispatches SET voided_at = 't', voided_by = 'c'",
    ],
    "transfer_packages": [  # fixed: only an insert can change it
        "INSERT INTO transfer_packages (direction, package_id, reason, made_at, recorded_at, "
        "recorded_by, source_archive_id, signer_fingerprint, file_sha256) "
        "VALUES ('out', 'p2', 'handover', 't', 't', 'c', 'a', 'f', '0')"
    ],
    "transfer_records": [
        "INSERT INTO transfer_records (package_row, student_id, section, payload) "
        "VALUES (1, 2, 'grades', '[]')"
    ],
    "retention_rules": ["UPDATE retention_rules SET years = 11"],
    "destruction_register": [
        "UPDATE destruction_register SET status = 'rejected', decided_at = 't', decided_by = 'a'"
    ],
    "destroyed_blobs": [
        "INSERT INTO destroyed_blobs (name, destroyed_at, register_id) "
        "SELECT name, 't', 1 FROM blobs LIMIT 1"
    ],
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
    assert not [t for t in tables if t.startswith("search_")]


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
    filled.conn.execute("CREATE TABLE extra_grades (student_id INTEGER, score REAL)")
    empty_table = content_hash(filled.conn)
    assert empty_table != before  # the schema is part of the content
    filled.conn.execute("INSERT INTO extra_grades VALUES (1, 90.5)")
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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.floats(allow_nan=False),
            st.text(),
            st.binary(),
        ),
        max_size=8,
    )
)
def test_the_fast_row_encoding_is_the_reference_encoding(row: list[object]) -> None:
    from xueji_desktop.storage.content_hash import _encode, _encode_row

    reference = b"(" + b"".join(_encode(v) for v in row) + b")"
    assert _encode_row(tuple(row)) == reference
