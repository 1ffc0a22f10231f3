"""Schema 4: printed documents (issue 5) — the issuance register and imported templates.

- ``document_register``: one row per issued document (every kind but the recovery sheet), written
  in the same transaction as its ``document_issued`` audit entry, after the PDF was made. The
  serial is ``<prefix><year>-<6 digits>``, numbered per kind and year (``kind, year, seq`` unique).
  A row names a student or a class, never both. The content digest and the Ed25519 signature
  (Base32, over ``xueji-document-v1|archive_id|serial|kind|digest``) are kept whole: a printed QR
  code carries only a prefix of the digest. Only ``superseded_by`` and the void columns may change
  later; a row is never deleted (triggers), so a serial once printed always verifies to something.
- ``document_templates``: templates a school imported (JSON text, checked by
  ``printing.templates.parse_template`` before it is stored), by kind and name.

docs/design/document-register.md explains the choices.
"""

from __future__ import annotations

from xueji_desktop.storage.connection import Connection

VERSION = 4

SCHEMA = """
CREATE TABLE document_register (
    serial TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999999),
    student_id INTEGER REFERENCES students(id),
    class_group_id INTEGER REFERENCES class_groups(id),
    subject TEXT NOT NULL DEFAULT '',
    template TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    issued_by TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    content_digest TEXT NOT NULL,
    signature TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    superseded_by TEXT REFERENCES document_register(serial),
    voided_at TEXT,
    void_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, year, seq),
    CHECK ((student_id IS NULL) <> (class_group_id IS NULL))
);
CREATE INDEX document_register_student ON document_register(student_id, kind);
CREATE INDEX document_register_class ON document_register(class_group_id, kind);
CREATE INDEX document_register_issued ON document_register(issued_at);
CREATE TRIGGER document_register_no_delete BEFORE DELETE ON document_register
BEGIN SELECT RAISE(ABORT, 'document_register rows are never deleted'); END;
CREATE TRIGGER document_register_fixed BEFORE UPDATE OF serial, kind, year, seq, student_id,
    class_group_id, subject, template, purpose, issued_by, issued_at, content_digest, signature,
    batch_id ON document_register
BEGIN SELECT RAISE(ABORT, 'an issued document is not changed'); END;
CREATE TABLE document_templates (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    body TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (kind, name)
)
"""


def apply(conn: Connection) -> None:
    # Not executescript(): it would commit the surrounding transaction. Split on ";\n" only
    # between statements: the trigger bodies end in "END" on the same line as their ";".
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
