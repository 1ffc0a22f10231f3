"""Schema 5: the archive room's paper files (issue 8) — location, contents, receiving, loans,
dispatch and receipts.

- ``paper_files``: one row per student whose paper file (纸质档案) the room has registered: where
  it is shelved (cabinet / shelf / box, free text as the room is organised), when it arrived
  (``received_on``, the intake batch that brought it), and ``kept`` = 1 when the school keeps the
  file of a student who has left (归档保存) instead of sending it on. Changes of the location
  and of ``kept`` write ``field_history`` rows (entity ``paper_file``) and an audit entry.
- ``paper_file_contents``: which papers of the document checklist (``document_types``) are in the
  folder and how many pieces; whether a paper is also scanned is read from ``attachments``.
- ``file_intakes`` / ``file_intake_items``: the receiving register (新生档案接收登记), one batch
  per delivery: from where, when, by whom, and per student what arrived and what was missing.
  Rows are never changed or deleted.
- ``file_loans``: the loan register (借阅登记). At most one open loan per file. Only the return
  columns change, once, from empty; rows are never deleted.
- ``file_dispatches``: the dispatch register (档案转递): to whom, how (机要 with its number, or in
  person with the receiver's name), when, the printed 档案转递单's serial, and the receipt (回执)
  when it comes back. At most one live (not voided) dispatch per student. The fixed columns
  never change; only the receipt (once), the printed serial (once, unless that slip was voided
  in the documents register: then a new slip may replace it) and the void columns do; rows are
  never deleted.

The school calendar (terms' dates, deadlines, rest days, aid reporting dates, loan and receipt
periods) is one JSON setting (``settings`` key ``school_calendar``), not a table.
docs/design/paper-files.md explains the choices.
"""

from __future__ import annotations

from xueji_desktop.storage.connection import Connection

VERSION = 5

SCHEMA = """
CREATE TABLE file_intakes (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('new_intake', 'transfer_in', 'other')),
    source TEXT NOT NULL,
    received_on TEXT NOT NULL,
    delivered_by TEXT NOT NULL DEFAULT '',
    received_by TEXT NOT NULL,
    remark TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE file_intake_items (
    intake_id INTEGER NOT NULL REFERENCES file_intakes(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    contents TEXT NOT NULL DEFAULT '{}',
    missing TEXT NOT NULL DEFAULT '[]',
    remark TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (intake_id, student_id)
);
CREATE INDEX file_intake_items_student ON file_intake_items(student_id);
CREATE TRIGGER file_intakes_no_delete BEFORE DELETE ON file_intakes
BEGIN SELECT RAISE(ABORT, 'the receiving register is never deleted'); END;
CREATE TRIGGER file_intakes_fixed BEFORE UPDATE ON file_intakes
BEGIN SELECT RAISE(ABORT, 'the receiving register is never changed'); END;
CREATE TRIGGER file_intake_items_no_delete BEFORE DELETE ON file_intake_items
BEGIN SELECT RAISE(ABORT, 'the receiving register is never deleted'); END;
CREATE TRIGGER file_intake_items_fixed BEFORE UPDATE ON file_intake_items
BEGIN SELECT RAISE(ABORT, 'the receiving register is never changed'); END;
CREATE TABLE paper_files (
    student_id INTEGER PRIMARY KEY REFERENCES students(id),
    cabinet TEXT NOT NULL DEFAULT '',
    shelf TEXT NOT NULL DEFAULT '',
    box TEXT NOT NULL DEFAULT '',
    received_on TEXT,
    intake_id INTEGER REFERENCES file_intakes(id),
    kept INTEGER NOT NULL DEFAULT 0 CHECK (kept IN (0, 1)),
    remark TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX paper_files_place ON paper_files(cabinet, shelf, box);
CREATE TRIGGER paper_files_no_delete BEFORE DELETE ON paper_files
BEGIN SELECT RAISE(ABORT, 'paper_files rows are never deleted'); END;
CREATE TABLE paper_file_contents (
    student_id INTEGER NOT NULL REFERENCES students(id),
    doc_type TEXT NOT NULL REFERENCES document_types(code),
    pieces INTEGER NOT NULL DEFAULT 1 CHECK (pieces BETWEEN 0 AND 999),
    remark TEXT NOT NULL DEFAULT '',
    noted_at TEXT NOT NULL,
    noted_by TEXT NOT NULL,
    PRIMARY KEY (student_id, doc_type)
);
CREATE TABLE file_loans (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    borrower TEXT NOT NULL,
    borrower_unit TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL,
    lent_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    lent_by TEXT NOT NULL,
    remark TEXT NOT NULL DEFAULT '',
    returned_on TEXT,
    returned_by TEXT,
    return_remark TEXT NOT NULL DEFAULT '',
    CHECK (due_on >= lent_on),
    CHECK (returned_on IS NULL OR returned_on >= lent_on)
);
CREATE UNIQUE INDEX file_loans_open ON file_loans(student_id) WHERE returned_on IS NULL;
CREATE INDEX file_loans_due ON file_loans(due_on) WHERE returned_on IS NULL;
CREATE INDEX file_loans_student ON file_loans(student_id, lent_on);
CREATE TRIGGER file_loans_no_delete BEFORE DELETE ON file_loans
BEGIN SELECT RAISE(ABORT, 'the loan register is never deleted'); END;
CREATE TRIGGER file_loans_fixed BEFORE UPDATE OF id, student_id, borrower, borrower_unit,
    purpose, lent_on, due_on, lent_by, remark ON file_loans
BEGIN SELECT RAISE(ABORT, 'a loan entry is not changed'); END;
CREATE TRIGGER file_loans_return_once BEFORE UPDATE OF returned_on, returned_by, return_remark
    ON file_loans WHEN OLD.returned_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a return is recorded once'); END;
CREATE TABLE file_dispatches (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    receiver_kind TEXT NOT NULL CHECK (receiver_kind IN
        ('school', 'employer', 'talent_centre', 'hukou_place', 'military', 'other')),
    receiver TEXT NOT NULL,
    receiver_address TEXT NOT NULL DEFAULT '',
    via TEXT NOT NULL CHECK (via IN ('confidential_mail', 'in_person', 'other')),
    dispatch_no TEXT NOT NULL DEFAULT '',
    carrier TEXT NOT NULL DEFAULT '',
    dispatched_on TEXT NOT NULL,
    dispatched_by TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    remark TEXT NOT NULL DEFAULT '',
    document_serial TEXT REFERENCES document_register(serial),
    receipt_on TEXT,
    receipt_signer TEXT NOT NULL DEFAULT '',
    receipt_by TEXT,
    receipt_remark TEXT NOT NULL DEFAULT '',
    voided_at TEXT,
    voided_by TEXT,
    void_reason TEXT NOT NULL DEFAULT '',
    CHECK (via <> 'confidential_mail' OR dispatch_no <> ''),
    CHECK (via <> 'in_person' OR carrier <> ''),
    CHECK (receipt_on IS NULL OR receipt_on >= dispatched_on)
);
CREATE UNIQUE INDEX file_dispatches_live ON file_dispatches(student_id) WHERE voided_at IS NULL;
CREATE INDEX file_dispatches_open ON file_dispatches(dispatched_on)
    WHERE voided_at IS NULL AND receipt_on IS NULL;
CREATE INDEX file_dispatches_batch ON file_dispatches(batch_id);
CREATE TRIGGER file_dispatches_no_delete BEFORE DELETE ON file_dispatches
BEGIN SELECT RAISE(ABORT, 'the dispatch register is never deleted'); END;
CREATE TRIGGER file_dispatches_fixed BEFORE UPDATE OF id, student_id, receiver_kind, receiver,
    receiver_address, via, dispatch_no, carrier, dispatched_on, dispatched_by, batch_id, remark
    ON file_dispatches
BEGIN SELECT RAISE(ABORT, 'a dispatch entry is not changed: void it and dispatch again'); END;
CREATE TRIGGER file_dispatches_receipt_once BEFORE UPDATE OF receipt_on, receipt_signer,
    receipt_by, receipt_remark ON file_dispatches WHEN OLD.receipt_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a receipt is recorded once'); END;
CREATE TRIGGER file_dispatches_serial_once BEFORE UPDATE OF document_serial ON file_dispatches
    WHEN OLD.document_serial IS NOT NULL AND NOT EXISTS (SELECT 1 FROM document_register r
        WHERE r.serial = OLD.document_serial AND r.voided_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'the dispatch slip serial is recorded once (void the slip first)'); END;
CREATE TRIGGER file_dispatches_void_once BEFORE UPDATE OF voided_at, voided_by, void_reason
    ON file_dispatches WHEN OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a voided dispatch stays voided'); END
"""


def apply(conn: Connection) -> None:
    # Not executescript(): it would commit the surrounding transaction. Split on ";\n" only
    # between statements: the trigger bodies end in "END" on the same line as their ";".
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
