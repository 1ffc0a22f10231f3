"""Schema 6: transfer packages and retention (issue 9 §3, §4).

- ``transfer_packages``: the register of student record packages made here (``direction = 'out'``:
  a 转出 or an archive handover, 档案移交) or taken in (``'in'``, 转入). One row per package file:
  its id (a random UUID written into the package), why it was made, the sending archive and
  school, the fingerprint of the key that signed it, the file's SHA-256, and the students it
  carries (ids of *this* archive, a JSON list). The passphrase is never stored. Rows are never
  changed or deleted.
- ``transfer_records``: what a package brought in that has no place in this archive's own tables:
  the sending school's grades, conduct, awards and punishments, status-change history, field
  history and the like, kept read-only per student and section as the JSON the package carried
  (``section`` names the source table). Never changed or deleted.
- ``retention_rules``: the school's retention period per document type (``document_types``):
  ``years`` NULL = permanent (the default for every type: nothing is ever due unless the school
  sets a period), counted from the day the scan was added (``added``) or the day the student
  left (``left``).
- ``destruction_register`` (销毁清册): one row per attachment proposed for destruction. It names
  what was destroyed (type, title, size, media type, the plaintext SHA-256, the student) but never
  holds the content. A row is proposed (``status = 'proposed'``), then either destroyed with an
  admin's approval or rejected; only the status and its columns change, once. ``backups`` is the
  JSON list of the backups that still held the content at destruction time and when each is
  expected to expire (null = kept for good by the backup retention policy).
- ``destroyed_blobs``: blobs whose file was removed by a destruction. The ``blobs`` row stays
  (attachments still refer to it); checks, drills and reads treat such a blob as intentionally
  absent. Never changed or deleted.

docs/design/transfer-package.md and docs/design/retention.md explain the choices.
"""

from __future__ import annotations

from xueji_desktop.storage.connection import Connection

VERSION = 6

SCHEMA = """
CREATE TABLE transfer_packages (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    package_id TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('transfer_out', 'handover')),
    made_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    source_archive_id TEXT NOT NULL,
    source_school TEXT NOT NULL DEFAULT '',
    receiver TEXT NOT NULL DEFAULT '',
    signer_fingerprint TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    student_ids TEXT NOT NULL DEFAULT '[]',
    counts TEXT NOT NULL DEFAULT '{}',
    remark TEXT NOT NULL DEFAULT '',
    UNIQUE (direction, package_id)
);
CREATE TRIGGER transfer_packages_no_delete BEFORE DELETE ON transfer_packages
BEGIN SELECT RAISE(ABORT, 'the transfer register is never deleted'); END;
CREATE TRIGGER transfer_packages_fixed BEFORE UPDATE ON transfer_packages
BEGIN SELECT RAISE(ABORT, 'the transfer register is never changed'); END;
CREATE TABLE transfer_records (
    id INTEGER PRIMARY KEY,
    package_row INTEGER NOT NULL REFERENCES transfer_packages(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    section TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX transfer_records_student ON transfer_records(student_id, section);
CREATE TRIGGER transfer_records_no_delete BEFORE DELETE ON transfer_records
BEGIN SELECT RAISE(ABORT, 'transferred records are never deleted'); END;
CREATE TRIGGER transfer_records_fixed BEFORE UPDATE ON transfer_records
BEGIN SELECT RAISE(ABORT, 'transferred records are never changed'); END;
CREATE TABLE retention_rules (
    doc_type TEXT PRIMARY KEY REFERENCES document_types(code),
    years INTEGER CHECK (years IS NULL OR years BETWEEN 1 AND 100),
    counted_from TEXT NOT NULL DEFAULT 'left' CHECK (counted_from IN ('added', 'left')),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE destruction_register (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    attachment_id INTEGER NOT NULL UNIQUE REFERENCES attachments(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    doc_type TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    added_at TEXT NOT NULL,
    rule_years INTEGER NOT NULL,
    rule_counted_from TEXT NOT NULL,
    due_on TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'destroyed', 'rejected')),
    decided_at TEXT,
    decided_by TEXT,
    decision_remark TEXT NOT NULL DEFAULT '',
    backups TEXT NOT NULL DEFAULT '[]',
    CHECK ((status = 'proposed') = (decided_at IS NULL))
);
CREATE INDEX destruction_register_status ON destruction_register(status);
CREATE TRIGGER destruction_register_no_delete BEFORE DELETE ON destruction_register
BEGIN SELECT RAISE(ABORT, 'the destruction register is never deleted'); END;
CREATE TRIGGER destruction_register_fixed BEFORE UPDATE OF id, serial, attachment_id, student_id,
    doc_type, title, media_type, size, sha256, added_at, rule_years, rule_counted_from, due_on,
    proposed_at, proposed_by, reason ON destruction_register
BEGIN SELECT RAISE(ABORT, 'a destruction entry is not changed'); END;
CREATE TRIGGER destruction_register_decided_once BEFORE UPDATE OF status, decided_at, decided_by,
    decision_remark, backups ON destruction_register WHEN OLD.status <> 'proposed'
BEGIN SELECT RAISE(ABORT, 'a destruction decision is recorded once'); END;
CREATE TABLE destroyed_blobs (
    name TEXT PRIMARY KEY REFERENCES blobs(name),
    destroyed_at TEXT NOT NULL,
    register_id INTEGER NOT NULL REFERENCES destruction_register(id)
);
CREATE TRIGGER destroyed_blobs_no_delete BEFORE DELETE ON destroyed_blobs
BEGIN SELECT RAISE(ABORT, 'a destroyed blob stays destroyed'); END;
CREATE TRIGGER destroyed_blobs_fixed BEFORE UPDATE ON destroyed_blobs
BEGIN SELECT RAISE(ABORT, 'a destroyed blob stays destroyed'); END
"""


def apply(conn: Connection) -> None:
    # Not executescript(): it would commit the surrounding transaction. Split on ";\n" only
    # between statements: the trigger bodies end in "END" on the same line as their ";".
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
