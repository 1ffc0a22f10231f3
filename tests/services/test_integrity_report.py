"""四性检测 (services/integrity_report.py) on real archives: an intact archive passes; a tampered
audit chain fails authenticity; a deleted or damaged scan fails integrity or usability; no
backup warns; a failed restore drill fails; destroyed scans are expected absent; cancel."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from tests.conftest import CLERK, CLERK_PASSWORD
from tests.records_fixtures import insert_student, setup_structure
from tests.services.backup_fixture import Backed, backed_archive
from xueji_desktop.core.errors import OperationCancelled, PermissionDenied
from xueji_desktop.core.roles import Role
from xueji_desktop.messages_integrity import CONCLUSIONS, EVIDENCE_LABELS, ITEMS
from xueji_desktop.messages_integrity_details import DETAILS, PHRASES
from xueji_desktop.services import attachments
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import login
from xueji_desktop.services.integrity_report import IntegrityReport, four_properties
from xueji_desktop.services.restore_drill import drill
from xueji_desktop.storage.backup_format import read_manifest
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

TODAY = datetime.date.today()
ADMIN_PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture
def backed(make_archive, tmp_path) -> Backed:
    return backed_archive(make_archive, tmp_path)


def _results(report: IntegrityReport) -> dict[str, str]:
    _every_evidence_named(report)
    return {i.key: i.result for i in report.items}


def _every_evidence_named(report: IntegrityReport) -> None:
    """The page and the Excel file say each piece of evidence in words, never its key."""
    for item in report.items:
        unnamed = set(item.evidence) - set(EVIDENCE_LABELS)
        assert not unnamed, (item.key, unnamed)
        assert item.evidence_text("zh").count("：") == len(item.evidence)


def _blob_path(backed: Backed) -> Path:
    conn = backed.session.archive.db.conn
    (name,) = conn.execute("SELECT blob_name FROM attachments").fetchone()
    return backed.session.archive.blobs().path_for(str(name))


def _made_entries(backed: Backed) -> list[dict[str, object]]:
    rows = backed.session.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = 'integrity_report_made' ORDER BY seq"
    )
    return [json.loads(r[0]) for r in rows]


def test_an_intact_backed_up_and_drilled_archive_passes(backed: Backed) -> None:
    assert drill(backed.session, backed.drive).ok
    report = four_properties(backed.session, today=TODAY)
    results = _results(report)
    assert report.result != "fail", [i for i in report.items if i.result == "fail"]
    for key in (
        "audit_chain", "database_pages", "content_digest", "database_structure", "references",
        "audit_continuity", "content_present", "database_readable", "content_readable",
        "content_format", "restore_drill", "print_fonts", "encryption", "binding",
        "accounts", "recovery_code", "failed_logins", "backup_recent", "destruction",
    ):  # fmt: skip
        assert results[key] == "pass", (key, report.item(key).detail_en)
    assert results["virus"] == "not_checked"
    assert [s.key for s in report.sections] == [
        "authenticity", "integrity", "usability", "security"
    ]  # fmt: skip
    assert report.item("content_digest").evidence["checked"] == 1
    assert report.item("backup_recent").evidence["age_days"] == 0
    assert "（今天）" in report.item("backup_recent").detail_zh
    assert "(today)" in report.item("restore_drill").detail_en
    # every item says what it checked and how, in both languages
    for item in report.items:
        assert item.label_zh and item.label_en and item.method_zh and item.method_en
        assert item.detail_zh and item.detail_en and "{" not in item.detail_zh + item.detail_en
    assert report.school == "测试市职业中专"
    json.dumps(report.to_json(), ensure_ascii=False)
    [entry] = _made_entries(backed)
    assert entry["result"] == report.result and entry["fail"] == 0


def test_a_tampered_audit_entry_fails_authenticity(backed: Backed) -> None:
    with backed.session.archive.db.atomic() as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET details = '{}' WHERE seq = 3")
    report = four_properties(backed.session, today=TODAY)
    _every_evidence_named(report)
    item = report.item("audit_chain")
    assert item.result == "fail"
    assert item.evidence["bad_seq"] == 3 and item.evidence["entries"] == 2
    assert "第 3 条" in item.detail_zh
    assert report.result == "fail"
    assert next(s for s in report.sections if s.key == "authenticity").result == "fail"


def test_a_removed_audit_entry_fails_continuity(backed: Backed) -> None:
    with backed.session.archive.db.atomic() as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE seq = 2")
    results = _results(four_properties(backed.session, today=TODAY))
    assert results["audit_continuity"] == "fail"
    assert results["audit_chain"] == "fail"


def test_a_cut_tail_fails_continuity_only(backed: Backed) -> None:
    conn = backed.session.archive.db.conn
    (head,) = conn.execute("SELECT MAX(seq) FROM audit_log").fetchone()
    with backed.session.archive.db.atomic() as c:
        c.execute("DROP TRIGGER audit_log_no_delete")
        c.execute("DELETE FROM audit_log WHERE seq = ?", (head,))
    report = four_properties(backed.session, today=TODAY)
    item = report.item("audit_continuity")
    assert item.result == "fail" and item.evidence["anchor_seq"] == head
    assert report.item("audit_chain").result == "pass"  # what is left still verifies


def test_a_deleted_scan_fails_integrity(backed: Backed) -> None:
    _blob_path(backed).unlink()
    report = four_properties(backed.session, today=TODAY)
    item = report.item("content_present")
    assert item.result == "fail"
    assert item.evidence["missing"] == 1 and item.evidence["expected"] == 1
    assert report.item("content_readable").result == "pass"  # nothing present failed to open


def test_a_damaged_scan_fails_usability(backed: Backed) -> None:
    path = _blob_path(backed)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    report = four_properties(backed.session, today=TODAY)
    assert report.item("content_readable").result == "fail"
    assert report.item("content_readable").evidence["unreadable"] == 1
    # A failed authentication is evidence of a change: 真实性 fails too (QA F19).
    digest = report.item("content_digest")
    assert digest.result == "fail" and digest.evidence["altered"] == 1
    assert "改动" in digest.detail_zh
    assert report.item("content_present").result == "pass"
    _results(report)


def test_a_file_the_system_will_not_read_only_warns_authenticity(backed: Backed) -> None:
    """Unreadable for an I/O reason (here: a folder in the file's place) is not evidence of a
    change: 真实性 says it was not compared, 可用性 fails."""
    path = _blob_path(backed)
    path.unlink()
    path.mkdir()
    report = four_properties(backed.session, today=TODAY)
    assert report.item("content_readable").result == "fail"
    digest = report.item("content_digest")
    assert digest.result == "warn" and digest.evidence["altered"] == 0


def test_failing_advice_is_worded_for_whoever_runs_it(backed: Backed) -> None:
    """The report is run by the admin too: nothing tells the reader to "report to the admin"
    (QA F19)."""
    from xueji_desktop.services.integrity_output import _NOTE

    for zh, en in [*DETAILS.values(), *CONCLUSIONS.values(), _NOTE]:
        assert "报告管理员" not in zh, zh
        assert "tell the administrator" not in en.lower() and "reported to" not in en, en


def test_a_recorded_digest_that_differs_fails_authenticity(backed: Backed) -> None:
    with backed.session.archive.db.atomic() as conn:
        conn.execute("UPDATE blobs SET sha256 = ?", ("0" * 64,))
    item = four_properties(backed.session, today=TODAY).item("content_digest")
    assert item.result == "fail"
    assert item.evidence["mismatched"] >= 1


def test_no_backup_warns(make_archive) -> None:
    created = make_archive()
    report = four_properties(created.session, today=TODAY)
    assert report.item("backup_recent").result == "warn"
    assert report.item("restore_drill").result == "warn"
    assert report.item("content_present").result == "pass"  # no scans: nothing missing
    assert report.result == "warn"


def test_an_old_backup_warns(backed: Backed) -> None:
    later = TODAY + datetime.timedelta(days=30)
    report = four_properties(backed.session, today=later)
    item = report.item("backup_recent")
    assert item.result == "warn" and item.evidence["age_days"] == 30
    assert "已过去 30 天" in item.detail_zh
    assert "30 天前" in report.item("recovery_code").detail_zh


def test_a_failed_drill_recorded_fails(backed: Backed) -> None:
    manifest, _ = read_manifest(backed.folder)
    path = backed.layout.blob_path(manifest.blobs[0].path)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert not drill(backed.session, backed.drive).ok
    report = four_properties(backed.session, today=TODAY)
    _every_evidence_named(report)
    item = report.item("restore_drill")
    assert item.result == "fail" and item.evidence["ok"] is False
    assert report.result == "fail"
    # the drill marked that backup damaged: no verified backup is left to point at
    assert report.item("backup_recent").result == "warn"


def test_wrong_format_warns(make_archive) -> None:
    created = make_archive()
    s = created.session
    sid = insert_student(s, setup_structure(s)["c1"])
    attachments.attach(s, sid, "enrolment_form", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    with s.archive.db.atomic() as conn:  # e.g. recorded by an older import under another type
        conn.execute("UPDATE blobs SET media_type = 'image/jpeg'")
    item = four_properties(s, today=TODAY).item("content_format")
    assert item.result == "warn" and item.evidence["wrong_format"] == 1


def _destroy(backed: Backed) -> None:
    """What an approved destruction leaves: the register row, the destroyed_blobs row."""
    conn = backed.session.archive.db.conn
    aid, sid, doc, blob, sha, size, media, added = conn.execute(
        "SELECT id, student_id, doc_type, blob_name, sha256, size, media_type, added_at "
        "FROM attachments"
    ).fetchone()
    with backed.session.archive.db.atomic() as c:
        cur = c.execute(
            "INSERT INTO destruction_register (serial, attachment_id, student_id, doc_type, "
            "media_type, size, sha256, added_at, rule_years, rule_counted_from, due_on, "
            "proposed_at, proposed_by, status, decided_at, decided_by) VALUES "
            "('XH2026-0001', ?, ?, ?, ?, ?, ?, ?, 1, 'added', '2026-01-01', ?, 'admin', "
            "'destroyed', ?, 'admin')",
            (aid, sid, doc, media, size, sha, added, added, added),
        )
        c.execute(
            "INSERT INTO destroyed_blobs (name, destroyed_at, register_id) VALUES (?, ?, ?)",
            (blob, added, cur.lastrowid),
        )


def test_destroyed_scans_are_expected_absent(backed: Backed) -> None:
    path = _blob_path(backed)
    _destroy(backed)
    assert path.exists()  # a removal a crash cut short
    report = four_properties(backed.session, today=TODAY)
    item = report.item("destruction")
    if path.exists():  # left for the next destruction to remove
        assert item.result == "warn" and item.evidence["leftover"] == 1
        path.unlink()
    else:  # the clean archive check of this run removed it (services/check.py)
        assert item.result == "pass" and item.evidence["cleaned"] == 1
        assert "遗留" in item.detail_zh
    report = four_properties(backed.session, today=TODAY)
    item = report.item("content_present")
    assert item.result == "pass" and item.evidence["destroyed"] == 1
    assert item.evidence["expected"] == 0
    assert "销毁" in item.detail_zh
    assert report.item("destruction").result == "pass"


def _approve_shared(backed: Backed) -> Path:
    """A real approval (services/destruction) of a scan whose bytes another live scan uses:
    the attachment is closed, the file stays, no destroyed_blobs row."""
    from xueji_desktop.services import destruction
    from xueji_desktop.services.retention_rules import set_rule

    s = backed.session
    conn = s.archive.db.conn
    aid, sid = conn.execute("SELECT id, student_id FROM attachments").fetchone()
    data = attachments.read_attachment(s, aid)
    media = attachments.get_attachment(s, aid).media_type
    twin = attachments.attach(s, sid, "other", data, media)
    set_rule(s, "other", years=1, counted_from="added")
    later = TODAY + datetime.timedelta(days=800)
    serials = destruction.propose(s, [twin], reason="到期销毁", today=later)
    destruction.decide(
        s, serials, approve=True, admin_password=ADMIN_PASSWORD, remark="监销人：张三", today=later
    )
    return _blob_path(backed)


def test_a_destruction_that_kept_a_shared_file_is_counted(backed: Backed) -> None:
    """QA F14: an approved destruction whose file stayed (its bytes still used) is still a
    destruction; the report never says nothing was destroyed."""
    path = _approve_shared(backed)
    assert path.exists()
    report = four_properties(backed.session, today=TODAY)
    item = report.item("destruction")
    assert item.result == "pass"
    assert item.evidence["approved"] == 1 and item.evidence["kept"] == 1
    assert item.evidence["destroyed"] == 0
    assert "没有按保管期限销毁过" not in item.detail_zh
    assert "仍在使用" in item.detail_zh and "批准销毁 1 份" in item.detail_zh
    assert "Nothing has been destroyed" not in item.detail_en
    _results(report)


def test_progress_and_cancel(backed: Backed) -> None:
    seen: list[tuple[int, int]] = []
    four_properties(backed.session, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = {"n": 0}

    def cancel_later() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    before = len(_made_entries(backed))
    with pytest.raises(OperationCancelled):
        four_properties(backed.session, today=TODAY, cancelled=cancel_later)
    assert len(_made_entries(backed)) == before  # a cancelled check records nothing


def test_a_clerk_may_run_it_a_viewer_may_not(backed: Backed) -> None:
    root = backed.root
    user_service.add_user(backed.session, admin_password=ADMIN_PASSWORD, username="viewer1",
                          password="quiet-harbour-77", roles=frozenset({Role.VIEWER}),
                          kdf=FAST_FOR_TESTS)  # fmt: skip
    clerk = login(root, CLERK, CLERK_PASSWORD)
    try:
        assert four_properties(clerk, today=TODAY).made_by == CLERK
    finally:
        clerk.close()
    viewer = login(root, "viewer1", "quiet-harbour-77")
    try:
        with pytest.raises(PermissionDenied):
            four_properties(viewer, today=TODAY)
    finally:
        viewer.close()


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in {**DETAILS, **PHRASES, **CONCLUSIONS}.items():
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key
        assert zh and en and not re.search(r"[\u4e00-\u9fff]", en), key
    assert {k.partition(":")[0] for k in DETAILS} == set(ITEMS)
    for label_zh, label_en, how_zh, how_en in ITEMS.values():
        assert label_zh and label_en and how_zh and how_en


def test_today_must_be_a_date(backed: Backed) -> None:
    from xueji_desktop.core.errors import ValidationError

    with pytest.raises(ValidationError):
        four_properties(backed.session, today=datetime.datetime.now())  # type: ignore[arg-type]
