"""Schema 1: school, users, key-slot registry, majors, classes, students, family members, blobs,
settings and the audit log."""

from __future__ import annotations

from xueji_desktop.storage.connection import Connection

VERSION = 1

SCHEMA = """
CREATE TABLE school (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE users (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
);
-- Which key slots are current. Login bookkeeping: not part of the content hash.
CREATE TABLE slot_registry (
    slot_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'recovery')),
    username TEXT REFERENCES users(username),
    created_at TEXT NOT NULL
);
CREATE TABLE majors (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    catalogue_version TEXT NOT NULL,
    program_length INTEGER NOT NULL DEFAULT 3
);
CREATE TABLE class_groups (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    intake_year INTEGER NOT NULL,
    major_code TEXT NOT NULL REFERENCES majors(code),
    head_teacher TEXT NOT NULL DEFAULT ''
);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    student_no TEXT NOT NULL UNIQUE,
    registry_no TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    name_pinyin TEXT NOT NULL DEFAULT '',
    former_name TEXT NOT NULL DEFAULT '',
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    id_type TEXT NOT NULL DEFAULT '1',
    id_number TEXT NOT NULL,
    ethnicity TEXT NOT NULL DEFAULT '',
    political_status TEXT NOT NULL DEFAULT '',
    native_place TEXT NOT NULL DEFAULT '',
    hukou_place TEXT NOT NULL DEFAULT '',
    hukou_type TEXT NOT NULL DEFAULT '',
    major_code TEXT REFERENCES majors(code),
    class_group_id INTEGER REFERENCES class_groups(id),
    enrolment_month TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'enrolled',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (id_type, id_number)
);
CREATE INDEX students_class ON students(class_group_id);
CREATE INDEX students_name ON students(name);
CREATE TABLE family_members (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    seq INTEGER NOT NULL,
    relation TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    is_guardian INTEGER NOT NULL DEFAULT 0 CHECK (is_guardian IN (0, 1)),
    UNIQUE (student_id, seq)
);
CREATE TABLE blobs (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL,
    mac BLOB NOT NULL
);
-- The app only appends. (Edits from outside the app are caught by the chain, not by this.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"""


def apply(conn: Connection) -> None:
    # Not executescript(): it would commit the surrounding transaction.
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
