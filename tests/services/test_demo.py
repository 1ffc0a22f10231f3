"""``xueji demo`` (services.demo): deterministic for a seed, the whole 学籍 model filled in, valid
records apart from the few deliberate mistakes the data-health report must find, searchable,
and never written over an existing archive."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.errors import ArchiveExists
from xueji_desktop.core.id_number import validate_id_number
from xueji_desktop.core.validation import check_student
from xueji_desktop.services import graduation, search, status_changes, students
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_INTAKES, create_demo, load_demo_data
from xueji_desktop.services.health import KINDS, health_report
from xueji_desktop.services.record_rows import load_family, load_student
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

PER_INTAKE = 60  # four intakes: 240 students
TODAY = datetime.date(2026, 11, 16)  # the demo's "today" (the newest intake is 2026)
PASSWORD = "Demo-Password-For-Tests-1"

# Every records table, in a stable order. Blob names are keyed by the archive's own blob key and
# the per-archive tables (users, school, slot_registry, audit_log, settings) belong to the
# archive, not to the demo data: left out.
TABLES = {
    "majors": "SELECT * FROM majors ORDER BY code",
    "class_groups": "SELECT * FROM class_groups ORDER BY id",
    "students": "SELECT * FROM students ORDER BY id",
    "family_members": "SELECT * FROM family_members ORDER BY id",
    "terms": "SELECT * FROM terms ORDER BY id",
    "courses": "SELECT * FROM courses ORDER BY id",
    "grades": "SELECT * FROM grades ORDER BY id",
    "conduct_evaluations": "SELECT * FROM conduct_evaluations ORDER BY id",
    "attendance": "SELECT * FROM attendance ORDER BY id",
    "rewards_punishments": "SELECT * FROM rewards_punishments ORDER BY id",
    "internships": "SELECT * FROM internships ORDER BY id",
    "skill_certificates": "SELECT * FROM skill_certificates ORDER BY id",
    "financial_aid": "SELECT * FROM financial_aid ORDER BY id",
    "destinations": "SELECT * FROM destinations ORDER BY student_id",
    "attachments": "SELECT * FROM attachments ORDER BY id",
    "status_changes": "SELECT * FROM status_changes ORDER BY id",
    "field_history": "SELECT * FROM field_history ORDER BY id",
    "graduation_rules": "SELECT * FROM graduation_rules ORDER BY major_code",
}
KEYED_BY_ARCHIVE = {"photo_blob", "blob_name"}


def demo(root: Path, seed: int, per_intake: int = PER_INTAKE) -> Created:
    return create_demo(
        root, seed=seed, password=PASSWORD, kdf=FAST_FOR_TESTS, students_per_intake=per_intake
    )


def rows(conn: Connection) -> dict[str, list[dict[str, object]]]:
    out = {}
    for table, sql in TABLES.items():
        cur = conn.execute(sql)
        names = [d[0] for d in cur.description]
        out[table] = [
            {k: v for k, v in zip(names, row, strict=True) if k not in KEYED_BY_ARCHIVE}
            for row in cur.fetchall()
        ]
    return out


@pytest.fixture
def made(tmp_path: Path) -> Iterator[Callable[..., Created]]:
    """Create demos; function-scoped, so they run under the per-test HOME and keyring."""
    opened: list[Created] = []

    def make(name: str = "demo", seed: int = 5, per_intake: int = PER_INTAKE) -> Created:
        c = demo(tmp_path / name, seed, per_intake)
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.session.close()


def test_same_seed_gives_identical_tables(made: Callable[..., Created]) -> None:
    a, b, c = (rows(made(n, seed).session.archive.db.conn) for n, seed in
               (("a", 5), ("b", 5), ("c", 6)))  # fmt: skip
    assert len(a["students"]) == len(DEMO_INTAKES) * PER_INTAKE
    for table in TABLES:
        assert a[table], table  # every records table has rows
        assert a[table] == b[table], table
    # A different seed gives different students and records.
    for table in ("students", "family_members", "grades", "status_changes", "financial_aid"):
        assert a[table] != c[table], table


def test_timestamps_come_from_the_demo_dates(made: Callable[..., Created]) -> None:
    conn = made().session.archive.db.conn
    for month, created, updated, confirmed, report in conn.execute(
        "SELECT enrolment_month, created_at, updated_at, confirmed_at, report_status FROM students"
    ):
        assert created == f"{month[:4]}-{month[4:]}-01T08:00:00.000000Z"
        assert created <= updated <= f"{TODAY.isoformat()}T23"
        assert (confirmed is None) == (report == "draft")
    latest = conn.execute("SELECT max(created_at) FROM status_changes").fetchone()[0]
    assert latest <= f"{TODAY.isoformat()}T23"


def test_one_audit_entry_and_the_search_index(made: Callable[..., Created]) -> None:
    conn = made().session.archive.db.conn
    entries = conn.execute(
        "SELECT actor, details FROM audit_log WHERE action = 'demo_data_loaded'"
    ).fetchall()
    assert len(entries) == 1 and entries[0][0] == DEMO_ADMIN
    details = json.loads(entries[0][1])
    assert details["students"] == 4 * PER_INTAKE and details["today"] == TODAY.isoformat()
    indexed = conn.execute("SELECT count(DISTINCT student_id) FROM search_keys").fetchone()[0]
    assert indexed == 4 * PER_INTAKE


def test_every_id_number_is_valid_and_agrees_with_birth_date_and_gender(
    made: Callable[..., Created],
) -> None:
    conn = made().session.archive.db.conn
    data = generate_demo(5, intakes=DEMO_INTAKES, students_per_intake=PER_INTAKE)
    defects = {d.student_no for d in data.defects}
    students_ = conn.execute(
        "SELECT student_no, id_type, id_number, birth_date, gender FROM students"
    ).fetchall()
    for no, id_type, number, birth, gender in students_:
        info = validate_id_number(number, today=TODAY)
        assert id_type == "1" and info.number == number
        if no not in defects:
            assert info.birth_date == datetime.date.fromisoformat(birth) and info.gender == gender
    assert len({s[2] for s in students_}) == len(students_)


def test_every_stored_record_is_valid_except_the_deliberate_mistakes(
    made: Callable[..., Created],
) -> None:
    conn = made().session.archive.db.conn
    majors = {r[0]: r[1] for r in conn.execute("SELECT code, catalogue_version FROM majors")}
    invalid = set()
    for (sid,) in conn.execute("SELECT id FROM students").fetchall():
        values = load_student(conn, sid)
        values["family_members"] = load_family(conn, sid)
        checked = check_student(values, today=TODAY, majors=majors, draft=False)
        if any(p.severity == "error" for p in checked.problems):
            invalid.add(values["student_no"])
    data = generate_demo(5, intakes=DEMO_INTAKES, students_per_intake=PER_INTAKE)
    assert invalid == {d.student_no for d in data.defects} and len(invalid) == 3


def test_health_finds_each_kind_and_mostly_clean_records(made: Callable[..., Created]) -> None:
    session = made().session
    report = health_report(session, today=TODAY)
    assert report.complete
    for kind in KINDS:
        assert report.counts[kind] >= 1, kind
    total = session.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()[0]
    flagged = {f.student_id for f in report.findings if f.kind != "not_approved"}
    assert len(flagged) < 0.15 * total  # most records are clean
    assert report.counts["not_approved"] < 0.25 * total  # most are 已核准
    assert report.counts["leave_overdue"] == 1 and report.counts["no_grades"] == 1
    assert report.counts["aid_not_enrolled"] == 1 and report.counts["id_mismatch"] == 2


def test_status_counts_and_history(made: Callable[..., Created]) -> None:
    conn = made().session.archive.db.conn
    statuses = dict(conn.execute("SELECT status, count(*) FROM students GROUP BY status"))
    assert statuses["enrolled"] > 0.6 * 4 * PER_INTAKE
    assert statuses["graduated"] > 0.8 * PER_INTAKE
    assert statuses["on_leave"] >= 2 and statuses["withdrawn"] >= 1  # overdue + enlisted
    reports = dict(conn.execute("SELECT report_status, count(*) FROM students GROUP BY 1"))
    assert reports["approved"] > 0.8 * 4 * PER_INTAKE and reports["returned"] == 2
    # A move's before_values hold the class the student left; details the class moved to.
    moves = conn.execute(
        "SELECT count(*) FROM status_changes WHERE kind IN ('change_major', 'change_class')"
    ).fetchone()[0]
    assert moves >= 1
    for sid, kind, before, details in conn.execute(
        "SELECT student_id, kind, before_values, details FROM status_changes "
        "WHERE kind IN ('change_major', 'change_class')"
    ):
        before, details = json.loads(before), json.loads(details)
        assert before["class_group_id"] != details["class_group_id"]
        now = conn.execute("SELECT class_group_id FROM students WHERE id = ?", (sid,)).fetchone()
        assert now[0] == details["class_group_id"], kind
    history = Counter(r[0] for r in conn.execute("SELECT field FROM field_history"))
    assert history["status"] >= statuses["graduated"] and history["diploma_no"] >= 1
    missing_proof = conn.execute(
        "SELECT count(*) FROM status_changes WHERE proof_attachment_id IS NULL "
        "AND kind NOT IN ('graduation', 'completion')"
    ).fetchone()[0]
    assert missing_proof == 0


def test_graduates_are_eligible_with_diploma_numbers(made: Callable[..., Created]) -> None:
    session = made().session
    conn = session.archive.db.conn
    graduates = conn.execute(
        "SELECT id, diploma_no, graduation_outcome, graduation_date FROM students "
        "WHERE status = 'graduated'"
    ).fetchall()
    assert graduates
    numbers = [g[1] for g in graduates]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("314305000126") and len(n) == 16 for n in numbers)  # code+届+serial
    for sid, _, outcome, day in graduates:
        assert outcome == "graduation" and day == "2026-06-30"
        assert graduation.eligibility(session, sid).eligible, sid
    # The app's own numbering continues after the demo's numbers.
    sid = conn.execute(
        "SELECT s.id FROM students s WHERE status = 'enrolled' AND report_status = 'approved' "
        "AND enrolment_month = '202409' LIMIT 1"
    ).fetchone()[0]
    status_changes.record_change(session, sid, "withdrawal", effective_date="2026-11-20")
    assert conn.execute("SELECT status FROM students WHERE id = ?", (sid,)).fetchone()[0] == (
        "withdrawn"
    )


def test_demo_events_can_be_revoked(made: Callable[..., Created]) -> None:
    """before_values and status_before are what record_change would have written: revoking the
    latest event of a student restores the record exactly."""
    session = made().session
    conn = session.archive.db.conn
    latest = conn.execute(
        "SELECT c.id, c.student_id, c.kind, c.status_before, c.before_values FROM status_changes c "
        "WHERE c.id = (SELECT max(id) FROM status_changes WHERE student_id = c.student_id) "
        "AND c.kind IN ('change_major', 'change_class', 'return_from_leave', 'withdrawal', "
        "'transfer_out', 'graduation') ORDER BY c.kind"
    ).fetchall()
    assert {r[2] for r in latest} >= {"change_major", "graduation", "withdrawal"}
    picked = [r for r in latest if r[2] in ("change_major", "change_class")]
    picked += [r for r in latest if r not in picked][:: max(1, len(latest) // 6)]
    for change_id, sid, _, status_before, before in picked:
        status_changes.revoke_change(session, change_id, "演示：撤销异动")
        row = load_student(conn, sid)
        assert row["status"] == status_before
        for name, value in json.loads(before).items():
            assert row[name] == value, name


def test_search_finds_a_demo_student_by_pinyin_initials(made: Callable[..., Created]) -> None:
    session = made().session
    conn = session.archive.db.conn
    for sid, name in conn.execute("SELECT id, name FROM students ORDER BY id LIMIT 20"):
        initials = "".join(p[0] for p in lazy_pinyin(name))
        hits = search.search_students(session, initials, limit=500)
        assert sid in {h.student_id for h in hits}, (name, initials)
    assert search.search_students(session, "zzzzzz") == []


def test_the_demo_archive_opens_and_lists_students(tmp_path: Path) -> None:
    created = demo(tmp_path / "d", 3, per_intake=12)
    created.session.close()
    session = login(tmp_path / "d", DEMO_ADMIN, PASSWORD)
    try:
        rows_ = students.list_students(session)
        assert len(rows_) == students.count_students(session) == 4 * 12
        assert rows_[0].class_group.startswith("2026级")  # newest intake first
        assert {r.status for r in rows_} >= {"enrolled", "graduated"}
        record = students.get_student(session, rows_[-1].id)
        assert record["family_members"] and record["name"] == rows_[-1].name
    finally:
        session.close()


def test_load_into_another_archive(make_archive: Callable[..., Created]) -> None:
    """The UI tests load demo data into an archive of another school: numbers follow it."""
    created = make_archive("other", binding="none")
    load_demo_data(created, generate_demo(7, intakes=DEMO_INTAKES, students_per_intake=8), 7)
    conn = created.session.archive.db.conn
    code = conn.execute("SELECT code FROM school").fetchone()[0]
    diplomas = [r[0] for r in conn.execute("SELECT diploma_no FROM students WHERE diploma_no "
                                           "IS NOT NULL")]  # fmt: skip
    assert diplomas and all(d.startswith(f"{code}26") for d in diplomas)
    assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 32


def digest_folder(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_demo_into_an_existing_archive_is_refused_and_leaves_it_untouched(make_archive) -> None:
    created = make_archive("existing", binding="none")
    created.session.close()
    root = created.session.archive.layout.root
    before = digest_folder(root)
    with pytest.raises(ArchiveExists):
        demo(root, 1)
    assert digest_folder(root) == before
    # Still the original archive: its own admin logs in, and it holds no demo students.
    s = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        assert s.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()[0] == 0
    finally:
        s.close()


# -- the archive room (issue 8): paper files, receiving, loans, dispatches -----------------------

ROOM_TABLES = {
    "file_intakes": "SELECT * FROM file_intakes ORDER BY id",
    "file_intake_items": "SELECT * FROM file_intake_items ORDER BY intake_id, student_id",
    "paper_files": "SELECT * FROM paper_files ORDER BY student_id",
    "paper_file_contents": "SELECT * FROM paper_file_contents ORDER BY student_id, doc_type",
    "file_loans": "SELECT * FROM file_loans ORDER BY id",
    "file_dispatches": "SELECT * FROM file_dispatches ORDER BY id",
}


def room_rows(conn: Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: [tuple(r) for r in conn.execute(sql)] for t, sql in ROOM_TABLES.items()}


def test_the_archive_room_registers_are_filled_in(made: Callable[..., Created]) -> None:
    from xueji_desktop.services import file_dispatch, file_loans

    created = made()
    s = created.session
    conn = s.archive.db.conn
    n = 4 * PER_INTAKE
    # Every student's file is registered, shelved and has papers; one batch per intake.
    assert (
        conn.execute(
            "SELECT count(*) FROM paper_files WHERE cabinet <> '' AND shelf <> '' AND box <> ''"
            " AND received_on IS NOT NULL AND intake_id IS NOT NULL"
        ).fetchone()[0]
        == n
    )
    assert (
        conn.execute("SELECT count(DISTINCT student_id) FROM paper_file_contents").fetchone()[0]
        == n
    )
    intakes = conn.execute(
        "SELECT i.kind, substr(i.received_on, 1, 4), count(*) FROM file_intakes i"
        " JOIN file_intake_items t ON t.intake_id = i.id GROUP BY i.id ORDER BY i.id"
    ).fetchall()
    assert [(k, int(y)) for k, y, _ in intakes] == [("new_intake", y) for y in DEMO_INTAKES]
    assert sum(c for _, _, c in intakes) == n
    missing = [json.loads(r[0]) for r in conn.execute("SELECT missing FROM file_intake_items")]
    assert any(missing) and not all(missing)  # a few papers did not arrive
    # Loans: six still out as of the demo's today, two of them overdue.
    assert len(file_loans.list_loans(s, open_only=True)) == 6
    assert len(file_loans.overdue_loans(s, today=TODAY)) == 2
    assert len(file_loans.list_loans(s)) > 6  # and returned ones
    # Dispatches: most leavers sent with a receipt, some waiting past the wait, some not sent,
    # a few kept, one voided and sent again.
    live = file_dispatch.list_dispatches(s, limit=10_000)
    with_receipt = [d for d in live if d.receipt_on]
    assert len(with_receipt) > len(live) // 2
    assert file_dispatch.receipts_overdue(s, today=TODAY)
    assert file_dispatch.dispatch_due(s)
    assert conn.execute("SELECT count(*) FROM paper_files WHERE kept = 1").fetchone()[0] >= 1
    everything = file_dispatch.list_dispatches(s, include_voided=True, limit=10_000)
    assert len(everything) == len(live) + 1
    kinds = {d.receiver_kind for d in live}
    assert {"talent_centre", "school", "hukou_place"} <= kinds
    batches = Counter(d.batch_id for d in live)
    assert max(batches.values()) > 1  # a class sent to the 人才中心 in one batch


def test_the_archive_room_keeps_its_rules(made: Callable[..., Created]) -> None:
    a = room_rows(made("a", 5).session.archive.db.conn)
    created = made("b", 5)
    conn = created.session.archive.db.conn
    assert room_rows(conn) == a  # the same seed gives the same registers
    assert (
        room_rows(made("c", 6).session.archive.db.conn)["file_dispatches"] != a["file_dispatches"]
    )
    today = TODAY.isoformat()
    # Dispatched only students who have left; never a kept file; never one on loan.
    assert (
        conn.execute(
            "SELECT count(*) FROM file_dispatches d JOIN students s ON s.id = d.student_id"
            " WHERE s.status IN ('enrolled', 'on_leave')"
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute(
            "SELECT count(*) FROM file_dispatches d JOIN paper_files p USING (student_id)"
            " WHERE d.voided_at IS NULL AND p.kept = 1"
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute(
            "SELECT count(*) FROM file_loans l JOIN file_dispatches d USING (student_id)"
            " WHERE l.returned_on IS NULL AND d.voided_at IS NULL"
        ).fetchone()[0]
        == 0
    )
    # Nothing happens after the demo's today; a receipt never before its dispatch.
    for sql in (
        "SELECT max(dispatched_on), max(receipt_on), max(substr(voided_at, 1, 10))"
        " FROM file_dispatches",
        "SELECT max(lent_on), max(returned_on), NULL FROM file_loans",
        "SELECT max(received_on), max(substr(created_at, 1, 10)), NULL FROM file_intakes",
    ):
        for value in conn.execute(sql).fetchone():
            assert value is None or value <= today, sql
    assert (
        conn.execute(
            "SELECT count(*) FROM file_dispatches WHERE receipt_on < dispatched_on"
        ).fetchone()[0]
        == 0
    )
    # The kept files carry their history row, as services/paper_files.set_kept writes it.
    kept = conn.execute("SELECT student_id FROM paper_files WHERE kept = 1").fetchall()
    history = conn.execute(
        "SELECT student_id FROM field_history WHERE entity = 'paper_file' AND field = 'kept'"
    ).fetchall()
    assert sorted(kept) == sorted(history)
    details = json.loads(
        conn.execute("SELECT details FROM audit_log WHERE action = 'demo_data_loaded'").fetchone()[
            0
        ]
    )
    assert details["paper_files"] == 4 * PER_INTAKE and details["file_dispatches"] > 0


def test_the_history_names_the_classes_a_student_moved_between(
    made: Callable[..., Created],
) -> None:
    """field_history stores a class as its row id; field_history() gives the clerk its name."""
    from xueji_desktop.services import student_reads

    session = made().session
    conn = session.archive.db.conn
    row = conn.execute(
        "SELECT student_id, old_value, new_value FROM field_history "
        "WHERE field = 'class_group_id' AND old_value <> '' AND new_value <> '' LIMIT 1"
    ).fetchone()
    assert row is not None
    names = dict(conn.execute("SELECT CAST(id AS TEXT), name FROM class_groups"))
    shown = [e for e in student_reads.field_history(session, row[0]) if e.field == "class_group_id"]
    assert (names[row[1]], names[row[2]]) in [(e.old_value, e.new_value) for e in shown]
