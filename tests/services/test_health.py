"""The data-health report: each finding kind from exactly its defect; clean records report none."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.health import KINDS, Finding, health_report
from xueji_desktop.services.search import refresh_search_keys
from xueji_desktop.storage.content_hash import content_hash

TODAY = datetime.date(2026, 8, 1)  # both fixture terms (2025-2026-1, -2) have ended
ALWAYS = (
    "enrolment_form",
    "id_copy",
    "hukou_copy",
    "admission_notice",
    "junior_diploma",
    "photo",
    "conduct_record",
    "transcript",
)
_N = itertools.count(1)
_GIVEN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def _name() -> str:
    n = next(_N)
    return "黄" + _GIVEN[n % len(_GIVEN)] + _GIVEN[(n // len(_GIVEN)) % len(_GIVEN)]


class World:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.ids = setup_structure(session)

    def clean(self, *, docs: tuple[str, ...] = ALWAYS, **kw: Any) -> int:
        """A record with nothing to report (as of TODAY)."""
        n = next(_N)
        kw.setdefault("name", _name())
        kw.setdefault(
            "family",
            [{"name": "黄大山", "relation": "父亲", "is_guardian": 1, "phone": f"139{n:08d}"}],
        )
        kw.setdefault("birth", f"2010{1 + n % 12:02d}{1 + n % 28:02d}")
        sid = insert_student(self.s, self.ids["c1"], **kw)
        with self.s.archive.db.atomic() as conn:
            refresh_search_keys(conn, sid)
            for term in ("t1", "t2"):
                conn.execute(
                    "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) "
                    "VALUES (?, ?, ?, 80, 'now')",
                    (sid, self.ids["math"], self.ids[term]),
                )
            for doc in docs:
                self.attach(conn, sid, doc)
        return sid

    def attach(self, conn: Any, sid: int, doc: str) -> int:
        blob = f"blob-{sid}-{doc}-{next(_N)}"
        conn.execute(
            "INSERT INTO blobs (name, sha256, size, media_type, created_at) "
            "VALUES (?, 'x', 1, 'image/png', 'now')",
            (blob,),
        )
        cur = conn.execute(
            "INSERT INTO attachments (student_id, doc_type, blob_name, sha256, media_type, size, "
            "added_at, added_by) VALUES (?, ?, ?, 'x', 'image/png', 1, 'now', 'clerk')",
            (sid, doc, blob),
        )
        return int(cur.lastrowid)

    def sql(self, statement: str, *params: Any) -> None:
        with self.s.archive.db.atomic() as conn:
            conn.execute(statement, params)

    def change(self, sid: int, kind: str, date: str, before: str, after: str, **det: str) -> None:
        self.sql(
            "INSERT INTO status_changes (student_id, kind, effective_date, details, status_before, "
            "status_after, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'now', 'clerk')",
            sid,
            kind,
            date,
            json.dumps(det),
            before,
            after,
        )

    def findings(self, sid: int | None = None) -> list[Finding]:
        report = health_report(self.s, today=TODAY)
        assert report.complete
        assert sum(report.counts.values()) == len(report.findings)
        return [f for f in report.findings if sid is None or f.student_id == sid]

    def kinds(self, sid: int) -> list[tuple[str, dict[str, str]]]:
        return [(f.kind, f.params) for f in self.findings(sid)]


@pytest.fixture
def w(archive: Created) -> World:
    return World(archive.session)


def test_clean_records_report_nothing(w: World) -> None:
    w.clean()
    w.clean()
    report = health_report(w.s, today=TODAY)
    assert report.findings == [] and report.complete
    assert report.counts == {k: 0 for k in KINDS}


def test_missing_required_field(w: World) -> None:
    sid = w.clean()
    w.sql("UPDATE students SET home_address = '' WHERE id = ?", sid)
    [(kind, params)] = w.kinds(sid)
    assert kind == "missing_required" and "home_address" in params["fields"].split(",")
    f = w.findings(sid)[0]
    assert (f.student_no, f.name) != ("", "")


def test_id_number_disagrees_with_birth_date_and_gender(w: World) -> None:
    a = w.clean()
    b = w.clean()
    w.sql("UPDATE students SET birth_date = '2009-01-01' WHERE id = ?", a)
    w.sql("UPDATE students SET gender = '2' WHERE id = ?", b)  # the ID number says male
    assert w.kinds(a) == [("id_mismatch", {"field": "birth_date"})]
    assert w.kinds(b) == [("id_mismatch", {"field": "gender"})]


def test_likely_duplicates(w: World) -> None:
    a = w.clean(name="王伟", birth="20100505")
    b = w.clean(name="王伟", birth="20100505")
    assert w.kinds(a) == [
        (
            "likely_duplicate",
            {"reason": "same_name_birth_date", "others": w.findings(b)[0].student_no},
        )
    ]
    assert [k for k, _ in w.kinds(b)] == ["likely_duplicate"]


def test_missing_checklist_documents(w: World) -> None:
    a = w.clean(docs=tuple(d for d in ALWAYS if d != "id_copy"))
    assert w.kinds(a) == [("missing_documents", {"documents": "id_copy"})]
    b = w.clean(docs=())
    assert w.kinds(b) == [("missing_documents", {"documents": ",".join(ALWAYS)})]
    # a voided attachment does not count; the record's photo counts for 'photo'
    c = w.clean(docs=tuple(d for d in ALWAYS if d != "photo"))
    with w.s.archive.db.atomic() as conn:
        old = w.attach(conn, c, "transcript")
        conn.execute(
            "UPDATE attachments SET voided = 1 WHERE student_id = ? AND doc_type = 'transcript'",
            (c,),
        )
        assert old
        conn.execute(
            "INSERT INTO blobs (name, sha256, size, media_type, created_at) "
            "VALUES ('photo-c', 'x', 1, 'image/jpeg', 'now')"
        )
        conn.execute("UPDATE students SET photo_blob = 'photo-c' WHERE id = ?", (c,))
    assert w.kinds(c) == [("missing_documents", {"documents": "transcript"})]


def test_graduate_needs_graduate_documents_and_destination(w: World) -> None:
    sid = w.clean(status="graduated", docs=(*ALWAYS, "graduate_form", "internship_assessment"))
    assert w.kinds(sid) == [("graduate_without_destination", {})]
    w.sql(
        "INSERT INTO destinations (student_id, kind, recorded_on) "
        "VALUES (?, 'employment', '2026-07-01')",
        sid,
    )
    assert w.kinds(sid) == []
    w.sql(
        "UPDATE attachments SET voided = 1 WHERE student_id = ? AND doc_type = 'graduate_form'", sid
    )
    assert w.kinds(sid) == [("missing_documents", {"documents": "graduate_form"})]


def test_no_grades_for_a_finished_term(w: World) -> None:
    sid = w.clean()
    w.sql("DELETE FROM grades WHERE student_id = ? AND term_id = ?", sid, w.ids["t2"])
    assert w.kinds(sid) == [("no_grades", {"term": "2025-2026-2"})]
    # ... unless on leave during it, or not yet at the school
    w.change(
        sid,
        "leave_of_absence",
        "2026-02-01",
        "enrolled",
        "on_leave",
        expected_return_date="2026-08-31",
    )
    w.change(sid, "return_from_leave", "2026-07-20", "on_leave", "enrolled")
    assert w.kinds(sid) == []
    late = w.clean(enrolment_month="202603")
    w.sql("DELETE FROM grades WHERE student_id = ? AND term_id = ?", late, w.ids["t1"])
    assert w.kinds(late) == []
    # a term that has not ended is not checked
    assert [
        f
        for f in health_report(w.s, today=datetime.date(2026, 7, 1)).findings
        if f.kind == "no_grades"
    ] == [f for f in w.findings() if f.kind == "no_grades" and f.params["term"] != "2025-2026-2"]


def test_leave_past_its_return_date(w: World) -> None:
    sid = w.clean(status="on_leave")
    w.change(
        sid,
        "leave_of_absence",
        "2025-10-01",
        "enrolled",
        "on_leave",
        expected_return_date="2026-03-01",
    )
    assert w.kinds(sid) == [("leave_overdue", {"expected_return_date": "2026-03-01"})]
    later = w.clean(status="on_leave")
    w.change(
        later,
        "leave_of_absence",
        "2026-06-01",
        "enrolled",
        "on_leave",
        expected_return_date="2026-09-01",
    )
    assert w.kinds(later) == []
    # only the latest non-revoked leave counts
    w.change(
        sid,
        "leave_of_absence",
        "2026-05-01",
        "enrolled",
        "on_leave",
        expected_return_date="2027-01-01",
    )
    assert w.kinds(sid) == []
    w.sql(
        "UPDATE status_changes SET revoked = 1, revoke_reason = 'x' WHERE student_id = ? "
        "AND effective_date = '2026-05-01'",
        sid,
    )
    assert [k for k, _ in w.kinds(sid)] == ["leave_overdue"]


def test_aid_for_a_term_without_enrolment(w: World) -> None:
    gone = w.clean(status="withdrawn")
    w.change(gone, "withdrawal", "2025-08-01", "enrolled", "withdrawn")
    w.sql(
        "INSERT INTO financial_aid (student_id, term_id, kind, amount_fen) "
        "VALUES (?, ?, 'state_grant', 100000)",
        gone,
        w.ids["t2"],
    )
    assert w.kinds(gone) == [("aid_not_enrolled", {"term": "2025-2026-2", "kind": "state_grant"})]
    # left during the term: enrolled on its first day, the aid is fine
    mid = w.clean(status="withdrawn")
    w.change(mid, "withdrawal", "2026-03-15", "enrolled", "withdrawn")
    ok = w.clean()
    for sid in (mid, ok):
        w.sql(
            "INSERT INTO financial_aid (student_id, term_id, kind, amount_fen) "
            "VALUES (?, ?, 'tuition_waiver', 100000)",
            sid,
            w.ids["t2"],
        )
        assert w.kinds(sid) == []
    # a voided aid row is not aid
    w.sql("UPDATE financial_aid SET voided = 1 WHERE student_id = ?", gone)
    assert w.kinds(gone) == []


def test_records_not_yet_approved(w: World) -> None:
    sid = w.clean(report_status="reported")
    assert w.kinds(sid) == [("not_approved", {"report_status": "reported"})]


def test_voided_records_are_skipped(w: World) -> None:
    sid = w.clean(report_status="draft", docs=())
    w.sql("UPDATE students SET home_address = '', voided = 1, void_reason = 'x' WHERE id = ?", sid)
    assert w.findings() == []


def test_read_only_progress_cancel_and_viewer(w: World) -> None:
    w.clean(report_status="draft")
    conn = w.s.archive.db.conn
    before = (content_hash(conn), conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    seen: list[tuple[int, int]] = []
    viewer = dataclasses.replace(w.s, roles=frozenset({Role.VIEWER}))
    report = health_report(viewer, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert report.counts["not_approved"] == 1
    assert seen == [(i, len(KINDS)) for i in range(1, len(KINDS) + 1)]
    calls = itertools.count()
    partial = health_report(w.s, today=TODAY, cancelled=lambda: next(calls) >= 1)
    assert not partial.complete and partial.findings == []
    assert (
        content_hash(conn),
        conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    ) == before


@pytest.mark.parametrize("today", ["2026-08-01", 20260801, datetime.datetime(2026, 8, 1)])
def test_garbage_today_is_refused(w: World, today: object) -> None:
    with pytest.raises(ValidationError):
        health_report(w.s, today=today)  # type: ignore[arg-type]
