"""Retention review, proposal, approval and the destruction register on real archives."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import (
    AttachmentDestroyed,
    DestructionRefused,
    NotFound,
    PermissionDenied,
    WrongCredentials,
)
from xueji_desktop.services import attachments as att
from xueji_desktop.services import destruction, retention_blobs
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.check import check_archive, check_at
from xueji_desktop.services.context import Session
from xueji_desktop.services.retention_rules import set_rule

MARKER = b"RETENTION-CANARY-5f2e"
SCAN = b"%PDF-1.7\n" + MARKER + b"\n%%EOF\n"
OTHER = b"%PDF-1.7\nanother scan\n%%EOF\n"
LATER = datetime.date(2040, 1, 1)  # every 'added' period of a few years has ended by then
TODAY = datetime.date(2026, 11, 26)


class Env:
    def __init__(self, created: Created) -> None:
        self.created = created
        self.s: Session = created.session
        self.ids = setup_structure(self.s)

    @property
    def root(self) -> Path:
        return self.s.archive.layout.root

    def student(self, **kw: object) -> int:
        return insert_student(self.s, self.ids["c1"], **kw)

    def blob_path(self, aid: int) -> Path:
        a = att.get_attachment(self.s, aid)
        return self.s.archive.blobs().path_for(a.blob_name)

    def approve(self, serials: list[str], today: datetime.date = LATER) -> list[str]:
        return destruction.decide(
            self.s, serials, approve=True, admin_password=ADMIN_PASSWORD, remark="到期", today=today
        )


@pytest.fixture
def env(archive: Created) -> Env:
    e = Env(archive)
    set_rule(e.s, "id_copy", years=3, counted_from="added")
    set_rule(e.s, "other", years=5, counted_from="left")
    return e


def test_review_list_added_and_left(env: Env) -> None:
    in_school = env.student()
    left = env.student(status="graduated", graduation_date="2020-06-30")
    a1 = att.attach(env.s, in_school, "id_copy", SCAN, "application/pdf", title="身份证")
    a2 = att.attach(env.s, in_school, "other", OTHER, "application/pdf")  # in school: never
    a3 = att.attach(env.s, left, "other", OTHER, "application/pdf", title="旧证明")
    att.attach(env.s, left, "transcript", SCAN, "application/pdf")  # permanent type
    # 'left': 2020-06-30 + 5 years ends 2025-06-30, due from 2025-07-01.
    items = destruction.review_list(env.s, as_of=datetime.date(2025, 7, 1))
    assert [(i.attachment_id, i.due_on, i.left_on) for i in items] == [
        (a3, "2025-07-01", "2020-06-30")
    ]
    assert items[0].student_label.endswith("）") and "张三" in items[0].student_label
    assert destruction.review_list(env.s, as_of=datetime.date(2025, 6, 30)) == []
    # 'added': three years after today's adding.
    added = datetime.date.today()
    due = destruction.review_list(env.s, as_of=LATER)
    assert {i.attachment_id for i in due} == {a1, a3}
    first = next(i for i in due if i.attachment_id == a1)
    assert first.left_on is None
    assert datetime.date.fromisoformat(first.due_on) - added >= datetime.timedelta(days=3 * 365)
    assert a2 not in {i.attachment_id for i in due}


def test_leap_day_leaver(env: Env) -> None:
    sid = env.student(status="withdrawn")
    with env.s.archive.db.atomic() as conn:  # the day of leaving from the status change
        conn.execute(
            "INSERT INTO status_changes (student_id, kind, effective_date, status_before,"
            " status_after, created_at, created_by) VALUES (?,?,?,?,?,?,?)",
            (sid, "withdraw", "2024-02-29", "enrolled", "withdrawn", "2024-02-29T08:00:00Z", "x"),
        )
    set_rule(env.s, "other", years=1, counted_from="left")
    aid = att.attach(env.s, sid, "other", OTHER, "application/pdf")
    assert destruction.review_list(env.s, as_of=datetime.date(2025, 2, 28)) == []
    [item] = destruction.review_list(env.s, as_of=datetime.date(2025, 3, 1))
    assert (item.attachment_id, item.due_on, item.left_on) == (aid, "2025-03-01", "2024-02-29")


def test_voided_students_are_never_due(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2015-06-30")
    aid = att.attach(env.s, sid, "other", OTHER, "application/pdf")
    assert [i.attachment_id for i in destruction.review_list(env.s, as_of=TODAY)] == [aid]
    with env.s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1, void_reason = 'x' WHERE id = ?", (sid,))
    assert destruction.review_list(env.s, as_of=LATER) == []
    with pytest.raises(DestructionRefused) as exc:
        destruction.propose(env.s, [aid], reason="到期", today=LATER)
    assert exc.value.fields["reason"] == "voided_student"


def test_voided_scans_fall_due_and_are_marked(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2015-06-30")
    aid = att.attach(env.s, sid, "other", OTHER, "application/pdf")
    att.void_attachment(env.s, aid, "扫错了")
    [item] = destruction.review_list(env.s, as_of=TODAY)
    assert item.voided and item.attachment_id == aid


def test_propose_refusals(env: Env) -> None:
    sid = env.student()
    perm = att.attach(env.s, sid, "transcript", SCAN, "application/pdf")
    young = att.attach(env.s, sid, "id_copy", OTHER, "application/pdf")
    school = att.attach(env.s, sid, "other", OTHER, "application/pdf")
    for aid, why in ((perm, "permanent"), (young, "not_due"), (school, "in_school")):
        with pytest.raises(DestructionRefused) as exc:
            destruction.propose(env.s, [aid], reason="到期", today=TODAY)
        assert exc.value.fields["reason"] == why
    with pytest.raises(NotFound):
        destruction.propose(env.s, [999_999], reason="到期", today=TODAY)
    assert (
        env.s.archive.db.conn.execute("SELECT COUNT(*) FROM destruction_register").fetchone()[0]
        == 0
    )


def test_propose_approve_register(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(env.s, sid, "other", SCAN, "application/pdf", title="实习单位证明")
    path = env.blob_path(aid)
    assert path.exists()
    [serial] = destruction.propose(env.s, [aid], reason="保管期满", today=TODAY)
    assert serial == f"XH-{TODAY.year}-0001"
    assert destruction.propose(env.s, [aid], reason="again", today=TODAY) == [serial]
    [item] = destruction.review_list(env.s, as_of=TODAY)
    assert item.proposed and item.serial == serial
    env.approve([serial], today=TODAY)
    # The content is gone, the register names it.
    assert not path.exists()
    [entry] = destruction.register(env.s)
    a = att.get_attachment(env.s, aid)
    assert (entry.serial, entry.status, entry.sha256, entry.doc_type, entry.title) == (
        serial,
        "destroyed",
        a.sha256,
        "other",
        "实习单位证明",
    )
    assert entry.decided_by == env.s.username and entry.size == len(SCAN)
    row = env.s.archive.db.conn.execute("SELECT * FROM destruction_register").fetchone()
    assert not any(MARKER in str(v).encode() for v in row)
    audit_text = " ".join(
        str(r[0]) for r in env.s.archive.db.conn.execute("SELECT details FROM audit_log")
    )
    assert MARKER.decode() not in audit_text
    actions = [r[0] for r in env.s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert "destruction_proposed" in actions and "destruction_approved" in actions
    # Reading it says so plainly; the list marks it.
    with pytest.raises(AttachmentDestroyed) as exc:
        att.read_attachment(env.s, aid)
    assert exc.value.fields["serial"] == serial
    [listed] = att.list_attachments(env.s, sid)
    assert listed.destroyed
    assert destruction.review_list(env.s, as_of=LATER) == []
    with pytest.raises(DestructionRefused) as exc2:
        env.approve([serial])
    assert exc2.value.fields["reason"] == "decided"
    # Checks stay green.
    assert check_archive(env.s).ok
    report = check_at(env.root, "admin", ADMIN_PASSWORD)  # `xueji check`
    assert report.ok, report.problems


def test_reject(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    [serial] = destruction.propose(env.s, [aid], reason="保管期满", today=TODAY)
    destruction.decide(
        env.s, [serial], approve=False, admin_password=ADMIN_PASSWORD, remark="还要用", today=TODAY
    )
    [entry] = destruction.register(env.s)
    assert (entry.status, entry.decision_remark) == ("rejected", "还要用")
    assert att.read_attachment(env.s, aid) == SCAN
    assert destruction.review_list(env.s, as_of=LATER) == []  # a rejection is final
    with pytest.raises(DestructionRefused):
        destruction.propose(env.s, [aid], reason="again", today=TODAY)


def test_approval_needs_an_admin_and_the_password(env: Env) -> None:
    add_clerk(env.created)
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    clerk = login(env.root, CLERK, CLERK_PASSWORD)
    try:
        [serial] = destruction.propose(clerk, [aid], reason="保管期满", today=TODAY)
        with pytest.raises(PermissionDenied):
            destruction.decide(
                clerk, [serial], approve=True, admin_password=CLERK_PASSWORD, today=TODAY
            )
    finally:
        clerk.close()
    with pytest.raises(WrongCredentials):
        destruction.decide(env.s, [serial], approve=True, admin_password="wrong-one", today=TODAY)
    assert env.blob_path(aid).exists()
    assert destruction.register(env.s)[0].status == "proposed"


def test_rule_changed_after_the_proposal(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    [serial] = destruction.propose(env.s, [aid], reason="保管期满", today=TODAY)
    set_rule(env.s, "other", years=None)
    with pytest.raises(DestructionRefused) as exc:
        env.approve([serial], today=TODAY)
    assert exc.value.fields["reason"] == "permanent"
    set_rule(env.s, "other", years=30, counted_from="left")
    with pytest.raises(DestructionRefused) as exc:
        env.approve([serial], today=TODAY)
    assert (exc.value.fields["reason"], exc.value.fields["due_on"]) == ("not_due", "2049-07-01")


def test_a_shared_blob_is_kept(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    gone = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    kept = att.attach(env.s, sid, "enrolment_form", SCAN, "application/pdf")  # same bytes
    assert att.get_attachment(env.s, gone).blob_name == att.get_attachment(env.s, kept).blob_name
    serials = destruction.propose(env.s, [gone], reason="保管期满", today=TODAY)
    env.approve(serials, today=TODAY)
    assert env.blob_path(kept).exists()
    assert att.read_attachment(env.s, kept) == SCAN
    with pytest.raises(AttachmentDestroyed):
        att.read_attachment(env.s, gone)
    conn = env.s.archive.db.conn
    assert conn.execute("SELECT COUNT(*) FROM destroyed_blobs").fetchone()[0] == 0
    assert check_archive(env.s).ok


def test_the_same_bytes_attached_again_after_destruction(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    gone = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    env.approve(destruction.propose(env.s, [gone], reason="保管期满", today=TODAY), today=TODAY)
    again = att.attach(env.s, sid, "enrolment_form", SCAN, "application/pdf")
    assert att.read_attachment(env.s, again) == SCAN
    assert retention_blobs.absent_blobs(env.s.archive.db.conn) == set()
    assert check_archive(env.s).ok
    assert env.blob_path(again).exists()  # a check never removes a live blob


def test_crash_between_commit_and_file_removal(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    first = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    second = att.attach(env.s, sid, "other", OTHER, "application/pdf")
    path = env.blob_path(first)
    real = retention_blobs.remove_files

    def power_cut(*a: object, **k: object) -> int:
        raise KeyboardInterrupt  # the process stops right after the commit

    monkeypatch.setattr(retention_blobs, "remove_files", power_cut)
    [s1] = destruction.propose(env.s, [first], reason="保管期满", today=TODAY)
    with pytest.raises(KeyboardInterrupt):
        env.approve([s1], today=TODAY)
    monkeypatch.setattr(retention_blobs, "remove_files", real)
    # Committed: the register says destroyed, reads refuse; the file is still there.
    assert destruction.register(env.s)[0].status == "destroyed"
    assert path.exists()
    with pytest.raises(AttachmentDestroyed):
        att.read_attachment(env.s, first)
    conn = env.s.archive.db.conn
    assert retention_blobs.leftover_files(env.s.archive.layout.blobs, conn) == [path]
    # The next decision finishes it.
    [s2] = destruction.propose(env.s, [second], reason="保管期满", today=TODAY)
    destruction.decide(
        env.s, [s2], approve=False, admin_password=ADMIN_PASSWORD, remark="", today=TODAY
    )
    assert path.exists()  # a rejection removes nothing …
    assert check_archive(env.s).ok  # … a clean check does
    assert not path.exists()


def test_finish_removals(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    path = env.blob_path(aid)
    real = retention_blobs.remove_files
    monkeypatch.setattr(retention_blobs, "remove_files", lambda *a: (_ for _ in ()).throw(OSError))
    with pytest.raises(OSError):
        env.approve(destruction.propose(env.s, [aid], reason="x", today=TODAY), today=TODAY)
    monkeypatch.setattr(retention_blobs, "remove_files", real)
    assert path.exists()
    assert destruction.finish_removals(env.s) == 1
    assert not path.exists()
    assert destruction.finish_removals(env.s) == 0


def test_backups_json_is_recorded(env: Env) -> None:
    sid = env.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(env.s, sid, "other", SCAN, "application/pdf")
    env.approve(destruction.propose(env.s, [aid], reason="x", today=TODAY), today=TODAY)
    raw = env.s.archive.db.conn.execute("SELECT backups FROM destruction_register").fetchone()[0]
    assert json.loads(raw) == []  # no drive enrolled: nothing holds it


_CHILD = """
import datetime, os, sys
from pathlib import Path
from xueji_desktop.services import destruction, retention_blobs
from xueji_desktop.services.archive import login

def die(*a, **k):
    os._exit(9)  # the power goes right after the commit

retention_blobs.remove_files = die
password = os.environ["XUEJI_CHILD_PASSWORD"]
s = login(Path(sys.argv[1]), "admin", password)
destruction.decide(s, [sys.argv[2]], approve=True, admin_password=password,
                   today=datetime.date(2026, 11, 26))
"""


def test_a_killed_process_leaves_the_file_for_the_next_check(
    make_archive: object, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    created = make_archive("crash", binding="none")  # type: ignore[operator]
    e = Env(created)
    set_rule(e.s, "other", years=5, counted_from="left")
    sid = e.student(status="graduated", graduation_date="2019-06-30")
    aid = att.attach(e.s, sid, "other", SCAN, "application/pdf")
    path = e.blob_path(aid)
    [serial] = destruction.propose(e.s, [aid], reason="保管期满", today=TODAY)
    e.s.close()
    env = {**os.environ, "XUEJI_CHILD_PASSWORD": ADMIN_PASSWORD}
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(e.root), serial], env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == 9, child.stderr
    assert path.exists()
    s = login(e.root, "admin", ADMIN_PASSWORD)
    try:
        assert destruction.register(s)[0].status == "destroyed"  # the commit survived
        with pytest.raises(AttachmentDestroyed):
            att.read_attachment(s, aid)
    finally:
        s.close()
    report = check_at(e.root, "admin", ADMIN_PASSWORD)  # `xueji check` finishes the removal
    assert report.ok, report.problems
    assert not path.exists()
