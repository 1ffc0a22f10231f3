"""学籍异动 through the service: legal and illegal transitions on a real archive, revocation,
preview == applied, 上报状态, and garbage refused with nothing written."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest

from tests.core.test_lifecycle import LEGAL, STATES
from tests.records_fixtures import MAJOR, MAJOR2, insert_student, setup_structure
from xueji_desktop.core.errors import (
    IllegalTransition,
    NotEligible,
    NotFound,
    PermissionDenied,
    ReasonRequired,
    ValidationError,
    XuejiError,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.layout import now_utc

TODAY = datetime.date(2028, 6, 30)
TABLES = ("students", "status_changes", "field_history", "audit_log", "settings")


@dataclasses.dataclass
class Env:
    session: Session
    ids: dict[str, int]

    def student(self, status: str = "enrolled", **kw: Any) -> int:
        kw.setdefault("report_status", "approved")
        return insert_student(self.session, self.ids["c1"], status=status, **kw)

    def row(self, sid: int) -> dict[str, Any]:
        cur = self.session.archive.db.conn.execute("SELECT * FROM students WHERE id = ?", (sid,))
        return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))

    def history(self, sid: int, kind: str) -> list[tuple[str, str | None, str | None]]:
        return [
            (r[0], r[1], r[2])
            for r in self.session.archive.db.conn.execute(
                "SELECT field, old_value, new_value FROM field_history "
                "WHERE student_id = ? AND change_kind = ? ORDER BY id",
                (sid, kind),
            )
        ]

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        conn = self.session.archive.db.conn
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}  # noqa: S608

    def pass_all(self, sid: int) -> None:
        """Passing grades in both terms for the three required courses."""
        with self.session.archive.db.atomic() as conn:
            for course, term in (("math", "t1"), ("chinese", "t1"), ("prog", "t2")):
                conn.execute(
                    "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) "
                    "VALUES (?,?,?,?,?)",
                    (sid, self.ids[course], self.ids[term], 75, now_utc()),
                )


def make_env(created: Created) -> Env:
    session = created.session
    session.archive.clock = lambda: datetime.datetime(2028, 6, 30, 12).timestamp()
    ids = setup_structure(session)
    with session.archive.db.atomic() as conn:
        conn.execute("UPDATE school SET code = '430001' WHERE id = 1")
        for key, name, intake, major in (
            ("c3", "2026级计算机1班", 2026, MAJOR),
            ("c4", "2025级计算机2班", 2025, MAJOR),
        ):
            cur = conn.execute(
                "INSERT INTO class_groups (key, name, intake_year, major_code, graduation_year) "
                "VALUES (?,?,?,?,?)",
                (key, name, intake, major, intake + 3),
            )
            ids[key] = int(cur.lastrowid)
    return Env(session, ids)


@pytest.fixture
def env(archive: Created) -> Env:
    return make_env(archive)


def details_for(env: Env, kind: str) -> dict[str, Any]:
    return {
        "leave_of_absence": {"expected_return_date": "2027-03-01"},
        "return_from_leave": {"class_group_id": env.ids["c3"]},
        "transfer_in": {"class_group_id": env.ids["c2"], "from_school": "某职校"},
        "repeat_year": {"class_group_id": env.ids["c3"]},
        "demotion": {"class_group_id": env.ids["c3"]},
        "change_major": {"major_code": MAJOR2, "class_group_id": env.ids["c2"]},
        "change_class": {"class_group_id": env.ids["c4"]},
        "graduation": {"diploma_no": "D-0001"},
    }.get(kind, {})


# -- every transition --------------------------------------------------------------------


def _prepare(env: Env, kind: str, status: str) -> int:
    """A student from whom ``kind`` starts in ``status`` (the facts the kind also needs)."""
    draft = status == "none"
    sid = env.student(report_status="draft") if draft else env.student(status=status)
    env.pass_all(sid)
    if kind == "diploma_after_completion" and status == "completed_without_diploma":
        with env.session.archive.db.atomic() as conn:
            conn.execute("UPDATE students SET status = 'enrolled' WHERE id = ?", (sid,))
        sc.record_change(env.session, sid, "completion", effective_date="2026-07-01")
    return sid


def test_every_legal_transition_and_its_revocation(env: Env) -> None:
    for kind, legal in LEGAL.items():
        for status, after in legal.items():
            sid = _prepare(env, kind, status)
            before = env.row(sid)
            day = "2027-02-01"
            cid = sc.record_change(env.session, sid, kind, effective_date=day,
                                   details=details_for(env, kind), document_no="教学〔2027〕1号",
                                   approver="王校长")  # fmt: skip
            row = env.row(sid)
            assert row["status"] == after, (kind, status)
            ch = sc.get_change(env.session, cid)
            assert (ch.kind, ch.status_before, ch.status_after) == (kind, status, after)
            assert ch.report_status == "draft" and not ch.revoked
            changed = {f for f in before if before[f] != row[f]} - {"updated_at"}
            assert set(ch.before_values) | ({"status"} if after != before["status"] else set()) \
                == changed, (kind, status)  # fmt: skip
            hist = env.history(sid, "status_change")
            assert {h[0] for h in hist} == changed
            sc.revoke_change(env.session, cid, "录入错误")
            restored = env.row(sid)
            assert {k: v for k, v in restored.items() if k != "updated_at"} == {
                k: v for k, v in before.items() if k != "updated_at"
            }, (kind, status)
            assert sc.get_change(env.session, cid).revoked
            assert {h[0] for h in env.history(sid, "status_change_revoked")} == changed


def test_every_illegal_transition_writes_nothing(env: Env) -> None:
    for kind, legal in LEGAL.items():
        for status in STATES:
            if status in legal or status == "none":
                continue
            sid = env.student(status=status)
            snap = env.snapshot()
            with pytest.raises(IllegalTransition) as exc:
                sc.record_change(env.session, sid, kind, effective_date="2027-02-01",
                                 details=details_for(env, kind))  # fmt: skip
            assert exc.value.fields["status"] == status
            assert env.snapshot() == snap, (kind, status)


def test_transfer_in_creates_a_draft_record_then_drafts_are_refused(env: Env) -> None:
    sid = env.student(report_status="draft")
    with pytest.raises(IllegalTransition) as exc:
        sc.record_change(env.session, sid, "withdrawal", effective_date="2026-10-01")
    assert exc.value.fields["reason"] == "draft_record"
    cid = sc.record_change(env.session, sid, "transfer_in", effective_date="2026-10-01",
                           details={"class_group_id": env.ids["c2"]})  # fmt: skip
    assert sc.get_change(env.session, cid).status_before == "none"
    assert env.row(sid)["major_code"] == MAJOR2
    with pytest.raises(IllegalTransition) as exc:
        sc.record_change(env.session, sid, "transfer_in", effective_date="2026-10-02")
    assert exc.value.fields["reason"] in ("draft_record", "already_enrolled")


def test_voided_record_refused(env: Env) -> None:
    sid = env.student()
    with env.session.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1, void_reason = 'x' WHERE id = ?", (sid,))
    with pytest.raises(IllegalTransition) as exc:
        sc.record_change(env.session, sid, "withdrawal", effective_date="2026-10-01")
    assert exc.value.fields["reason"] == "voided_record"


# -- revocation --------------------------------------------------------------------------


def test_only_the_latest_event_is_revoked(env: Env) -> None:
    sid = env.student()
    first = sc.record_change(env.session, sid, "leave_of_absence", effective_date="2026-10-01",
                             details={"expected_return_date": "2027-03-01"})  # fmt: skip
    second = sc.record_change(env.session, sid, "return_from_leave", effective_date="2027-03-01")
    snap = env.snapshot()
    with pytest.raises(IllegalTransition) as exc:
        sc.revoke_change(env.session, first, "错了")
    assert exc.value.fields["reason"] == "not_latest"
    for bad in ("", "   ", None, 5):
        with pytest.raises(ReasonRequired):
            sc.revoke_change(env.session, second, bad)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        sc.revoke_change(env.session, 99999, "x")
    assert env.snapshot() == snap
    sc.revoke_change(env.session, second, "复学日期错误")
    assert env.row(sid)["status"] == "on_leave"
    with pytest.raises(IllegalTransition) as exc:
        sc.revoke_change(env.session, second, "again")
    assert exc.value.fields["reason"] == "already_revoked"
    sc.revoke_change(env.session, first, "休学未批准")
    assert env.row(sid)["status"] == "enrolled"
    assert [c.revoked for c in sc.list_changes(env.session, sid)] == [True, True]
    assert (
        env.session.archive.db.conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'status_change_revoked'"
        ).fetchone()[0]
        == 2
    )


# -- preview == applied ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["repeat_year", "demotion", "change_major", "change_class",
                                  "return_from_leave", "transfer_in"])  # fmt: skip
def test_preview_equals_applied(env: Env, kind: str) -> None:
    status = {"return_from_leave": "on_leave", "transfer_in": "transferred_out"}.get(
        kind, "enrolled"
    )
    sid = env.student(status=status)
    details = details_for(env, kind)
    snap = env.snapshot()
    preview = sc.preview_change(env.session, sid, kind, details)
    assert env.snapshot() == snap
    sc.record_change(env.session, sid, kind, effective_date="2027-02-01", details=details)
    applied = env.history(sid, "status_change")
    expected = [
        (c.field, None if c.old is None else str(c.old), str(c.new)) for c in preview.changes
    ]
    assert applied == expected and applied
    labels = {c.field: (c.old_label, c.new_label) for c in preview.changes}
    if "class_group_id" in labels:
        assert labels["class_group_id"][0] == "2025级计算机1班"
    if kind in ("repeat_year", "demotion"):
        assert (preview.intake_year_before, preview.intake_year_after) == (2025, 2026)


@pytest.mark.parametrize(
    ("kind", "details", "reason"),
    [
        ("change_class", {"class_group_id": "c1"}, "same_class"),
        ("change_class", {"class_group_id": "c2"}, "major_differs"),
        ("change_class", {"class_group_id": "c3"}, "cohort_differs"),
        ("repeat_year", {"class_group_id": "c4"}, "not_later_cohort"),
        ("change_major", {"major_code": MAJOR}, "same_major"),
        ("change_major", {"major_code": MAJOR2, "class_group_id": "c3"}, "class_major_mismatch"),
        ("change_major", {"major_code": "999999"}, "unknown"),
        ("change_class", {"class_group_id": 10**9}, "unknown"),
        ("change_class", {"class_group_id": True}, "type"),
        ("change_class", {}, "required"),
        ("change_class", {"class_group_id": "c4", "color": "red"}, "not_for_kind"),
        ("leave_of_absence", {}, "required"),
        ("leave_of_absence", {"expected_return_date": "2027-02-01"}, "not_after_effective"),
        ("leave_of_absence", {"expected_return_date": "2027-02-30"}, "format"),
        ("leave_of_absence", {"expected_return_date": 20270301}, "format"),
    ],
)
def test_bad_details_refused(env: Env, kind: str, details: dict[str, Any], reason: str) -> None:
    details = {k: env.ids.get(v, v) if isinstance(v, str) and k == "class_group_id" else v
               for k, v in details.items()}  # fmt: skip
    sid = env.student()
    snap = env.snapshot()
    with pytest.raises(ValidationError) as exc:
        sc.record_change(env.session, sid, kind, effective_date="2027-02-01", details=details)
    assert exc.value.fields["reason"] == reason
    assert env.snapshot() == snap


# -- garbage -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error", "reason"),
    [
        ({"kind": "graduate"}, IllegalTransition, "unknown_kind"),
        ({"kind": None}, IllegalTransition, "unknown_kind"),
        ({"effective_date": "2028-07-01"}, ValidationError, "future"),
        ({"effective_date": "2025-08-31"}, ValidationError, "before_enrolment"),
        ({"effective_date": "2027-13-01"}, ValidationError, "format"),
        ({"effective_date": "20270101"}, ValidationError, "format"),
        ({"effective_date": 20270101}, ValidationError, "format"),
        ({"effective_date": None}, ValidationError, "format"),
        ({"effective_date": ""}, ValidationError, "format"),
        ({"student_id": "1"}, ValidationError, "type"),
        ({"student_id": 10**9}, NotFound, None),
        ({"details": "class"}, ValidationError, "type"),
        ({"details": [1, 2]}, ValidationError, "type"),
        ({"details": {"remark": "x" * 10_000}}, ValidationError, "too_long"),
        ({"document_no": "号" * 101}, ValidationError, "too_long"),
        ({"document_no": 12}, ValidationError, "type"),
        ({"approver": None}, ValidationError, "type"),
        ({"category_code": "77"}, ValidationError, "unknown"),
        ({"category_code": "031"}, ValidationError, "too_long"),
        ({"reason_code": "ab"}, ValidationError, "unknown"),
        ({"reason_code": "88"}, ValidationError, "unknown"),
        ({"proof_attachment_id": "1"}, ValidationError, "type"),
        ({"proof_attachment_id": 999}, ValidationError, "unknown"),
    ],
)
def test_garbage_refused_nothing_written(
    env: Env, args: dict[str, Any], error: type[XuejiError], reason: str | None
) -> None:
    sid = env.student()
    call: dict[str, Any] = {"student_id": sid, "kind": "withdrawal", "effective_date": "2027-02-01"}
    call.update(args)
    snap = env.snapshot()
    with pytest.raises(error) as exc:
        sc.record_change(env.session, call.pop("student_id"), call.pop("kind"), **call)
    if reason is not None:
        assert exc.value.fields["reason"] == reason
    assert env.snapshot() == snap


def _attachment(env: Env, sid: int) -> int:
    with env.session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO blobs (name, sha256, size, media_type, created_at) "
            "VALUES ('b1', 'x', 1, 'image/png', ?)",
            (now_utc(),),
        )
        cur = conn.execute(
            "INSERT INTO attachments (student_id, doc_type, blob_name, sha256, media_type, size, "
            "added_at, added_by) "
            "VALUES (?, 'status_change_proof', 'b1', 'x', 'image/png', 1, ?, 'a')",
            (sid, now_utc()),
        )
        return int(cur.lastrowid)


def test_proof_must_belong_to_the_student(env: Env) -> None:
    sid, other = env.student(), env.student()
    mine, theirs = _attachment(env, sid), _attachment(env, other)
    with pytest.raises(ValidationError) as exc:
        sc.record_change(env.session, sid, "withdrawal", effective_date="2027-02-01",
                         proof_attachment_id=theirs)  # fmt: skip
    assert exc.value.fields["reason"] == "other_student"
    cid = sc.record_change(env.session, sid, "withdrawal", effective_date="2027-02-01",
                           proof_attachment_id=mine, reason_code="21")  # fmt: skip
    ch = sc.get_change(env.session, cid)
    assert (ch.proof_attachment_id, ch.category_code, ch.reason_code) == (mine, "31", "21")


def test_dates_must_follow_the_previous_event(env: Env) -> None:
    sid = env.student()
    sc.record_change(env.session, sid, "leave_of_absence", effective_date="2026-10-01",
                     details={"expected_return_date": "2027-03-01"})  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        sc.record_change(env.session, sid, "return_from_leave", effective_date="2026-09-30")
    assert exc.value.fields["reason"] == "before_previous_event"


def test_permissions(env: Env) -> None:
    sid = env.student()
    viewer = dataclasses.replace(env.session, roles=frozenset({Role.VIEWER}))
    with pytest.raises(PermissionDenied):
        sc.record_change(viewer, sid, "withdrawal", effective_date="2027-02-01")
    sc.preview_change(viewer, sid, "withdrawal")
    cid = sc.record_change(env.session, sid, "withdrawal", effective_date="2027-02-01")
    for call in (lambda: sc.revoke_change(viewer, cid, "x"),
                 lambda: sc.set_change_report_status(viewer, cid, "confirmed")):  # fmt: skip
        with pytest.raises(PermissionDenied):
            call()


# -- 肄业 ----------------------------------------------------------------------------------


def _grade(env: Env, sid: int, course: str, term: str, score: float, **kw: Any) -> None:
    with env.session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO grades (student_id, course_id, term_id, score, makeup_score, "
            "retake_score, updated_at) VALUES (?,?,?,?,?,?,?)",
            (sid, env.ids[course], env.ids[term], score, kw.get("makeup"), kw.get("retake"),
             now_utc()),
        )  # fmt: skip


def test_studied_without_completing_needs_a_year_of_passed_courses(env: Env) -> None:
    kind = "studied_without_completing"
    sid = env.student()
    _grade(env, sid, "math", "t1", 70)
    snap = env.snapshot()
    with pytest.raises(IllegalTransition) as exc:  # one term of grades only
        sc.record_change(env.session, sid, kind, effective_date="2026-10-01")
    assert exc.value.fields["reason"] == "needs_one_year"
    _grade(env, sid, "prog", "t2", 40)
    with pytest.raises(IllegalTransition) as exc:  # under 365 days
        sc.record_change(env.session, sid, kind, effective_date="2026-08-30")
    assert exc.value.fields["reason"] == "needs_one_year"
    with pytest.raises(IllegalTransition) as exc:
        sc.record_change(env.session, sid, kind, effective_date="2026-10-01")
    assert exc.value.fields["reason"] == "failed_courses"
    assert env.snapshot() == snap
    with env.session.archive.db.atomic() as conn:  # passed at the makeup exam
        conn.execute("UPDATE grades SET makeup_score = 65 WHERE student_id = ?", (sid,))
    sc.record_change(env.session, sid, kind, effective_date="2026-10-01")
    row = env.row(sid)
    assert (row["status"], row["graduation_outcome"], row["graduation_date"]) == (
        kind, kind, "2026-10-01")  # fmt: skip


def test_graduation_event_needs_eligibility(env: Env) -> None:
    sid = env.student()
    snap = env.snapshot()
    with pytest.raises(NotEligible) as exc:
        sc.record_change(env.session, sid, "graduation", effective_date="2028-06-30")
    assert len(exc.value.fields["missing"]) == 3  # type: ignore[arg-type]
    assert env.snapshot() == snap


# -- 上报状态 --------------------------------------------------------------------------------


def test_report_status_of_an_event(env: Env) -> None:
    sid = env.student()
    cid = sc.record_change(env.session, sid, "withdrawal", effective_date="2027-02-01")
    with pytest.raises(IllegalTransition):
        sc.set_change_report_status(env.session, cid, "approved")
    sc.set_change_report_status(env.session, cid, "confirmed")
    sc.set_change_report_status(env.session, cid, "reported")
    snap = env.snapshot()
    with pytest.raises(ReasonRequired):
        sc.set_change_report_status(env.session, cid, "returned", "  ")
    with pytest.raises(IllegalTransition):
        sc.update_change(env.session, cid, document_no="X")
    assert env.snapshot() == snap
    sc.set_change_report_status(env.session, cid, "returned", "文号有误")
    ch = sc.get_change(env.session, cid)
    assert (ch.report_status, ch.returned_reason) == ("returned", "文号有误")
    sc.update_change(env.session, cid, document_no="教学〔2027〕2号")  # editable again
    for target in ("confirmed", "reported", "approved"):
        sc.set_change_report_status(env.session, cid, target)
    assert sc.get_change(env.session, cid).document_no == "教学〔2027〕2号"
    with pytest.raises(IllegalTransition):
        sc.set_change_report_status(env.session, cid, "draft")
    with pytest.raises(IllegalTransition):
        sc.set_change_report_status(env.session, cid, "bogus")
    actions = [
        r[0]
        for r in env.session.archive.db.conn.execute(
            "SELECT details FROM audit_log WHERE action = 'status_change_report_status'"
        )
    ]
    assert [json.loads(a)["to"] for a in actions] == [
        "confirmed", "reported", "returned", "confirmed", "reported", "approved"]  # fmt: skip


def test_reason_codes_are_checked_against_the_jy_t_table() -> None:
    from xueji_desktop.core import lifecycle

    assert lifecycle.check_codes("withdrawal", "", "２１") == ("31", "21")  # full-width folded
    assert lifecycle.check_codes("withdrawal", "", "自动退学") == ("31", "21")  # a label
    assert lifecycle.check_codes("death", "", "") == ("51", "")
