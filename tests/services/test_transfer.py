"""Student record packages between two real archives (issue 9 §3): the round trip, and every
refusal leaves the receiving archive exactly as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.services.transfer_fixtures import (
    KDF,
    PASSPHRASE,
    SCAN,
    TODAY,
    Pair,
    make_pair,
)
from xueji_desktop.services import attachments, status_changes, transfer_keys
from xueji_desktop.services import transfer_import as ti
from xueji_desktop.services.record_rows import load_family, load_student
from xueji_desktop.services.transfer_export import export_package


@pytest.fixture
def pair(make_archive: Any) -> Pair:
    return make_pair(make_archive)


def export(pair: Pair, tmp_path: Path, **kw: Any) -> Any:
    args: dict[str, Any] = {
        "reason": "transfer_out",
        "receiver": "长沙市第二职业中专",
        "passphrase": PASSPHRASE,
        "out": tmp_path / "out" / "李小明.xjpkg",
        "today": TODAY,
        "kdf": KDF,
    }
    ids = kw.pop("ids", [pair.student])
    args.update(kw)
    args["out"].parent.mkdir(exist_ok=True)
    return export_package(pair.sender.session, ids, **args)


def test_round_trip_between_two_archives(pair: Pair, tmp_path: Path) -> None:
    s, r = pair.sender.session, pair.receiver.session
    made = export(pair, tmp_path)
    assert made.path.is_file() and made.student_count == 1
    assert made.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert made.fingerprint == transfer_keys.signer_fingerprint(s)
    assert made.counts["attachments"] == 1 and made.counts["photos"] == 1
    assert made.counts["grades"] == 3 and made.counts["documents_generated"] == 2
    # nothing readable in the file: no name, no ID number, no scan bytes
    raw = made.path.read_bytes()
    row = record(s, pair.student)
    for secret in ("李小明".encode(), row["id_number"].encode(), SCAN[:40], pair.photo):
        assert secret not in raw

    preview = ti.read_package(r, made.path, PASSPHRASE)
    assert preview.package_id == made.package_id and preview.reason == "transfer_out"
    assert preview.fingerprint == made.fingerprint
    assert preview.source_school == "邵阳市第一职业中专"
    (ps,) = preview.students
    assert ps.name == "李小明" and not ps.problems and not ps.exists
    assert "*" in ps.id_masked and row["id_number"] not in ps.id_masked

    done = ti.import_package(r, made.path, PASSPHRASE, class_group_id=pair.target_class,
                             today=TODAY)  # fmt: skip
    (new,) = done.student_ids
    got = record(r, new)
    assert got["name"] == "李小明" and got["status"] == "enrolled"
    assert got["id_number"] == row["id_number"]
    assert got["registry_no"] == row["registry_no"]
    assert got["phone"] == "13700001111"  # the corrected value travelled
    assert not got["student_no"]  # this school's 学号 comes at confirmation
    assert got["class_group_id"] == pair.target_class and got["report_status"] == "draft"
    assert [m["name"] for m in load_family(r.archive.db.conn, new)] == ["李大山", "王秀英"]
    (change,) = status_changes.list_changes(r, new)
    assert change.kind == "transfer_in" and change.status_before == "none"
    assert change.details["class_group_id"] == pair.target_class
    assert attachments.read_photo(r, new) == pair.photo
    files = attachments.list_attachments(r, new)
    by_type = {a.doc_type: a for a in files}
    assert attachments.read_attachment(r, by_type["enrolment_form"].id) == SCAN
    assert "id_copy" not in by_type  # the voided scan stayed home
    pdfs = [attachments.read_attachment(r, a.id) for a in files if a.doc_type != "enrolment_form"]
    assert len(pdfs) == 2 and all(p.startswith(b"%PDF-") for p in pdfs)
    assert by_type["transcript"].media_type == "application/pdf"
    sections = {t.section: t for t in ti.transferred_records(r, new)}
    grades = sections["grades"].rows
    assert sorted((g["course_name"], g["score"]) for g in grades) == [
        ("数学", 88.0), ("程序设计基础", 91.0), ("语文", 52.0)]  # fmt: skip
    assert [g["makeup_score"] for g in grades if g["course_name"] == "语文"] == [75.0]
    assert sections["conduct"].rows[0]["grade"] == "优秀"
    assert any(h["field"] == "phone" for h in sections["field_history"].rows)
    assert [c["kind"] for c in sections["status_changes"].rows] == ["transfer_out"]
    assert sections["student"].rows[0]["student_no"] == row["student_no"]
    (inbound,) = ti.list_packages(r)
    assert inbound.direction == "in" and inbound.student_ids == (new,)
    assert inbound.signer_fingerprint == made.fingerprint and inbound.file_sha256 == made.sha256
    (outbound,) = ti.list_packages(s)
    assert outbound.direction == "out" and outbound.student_ids == (pair.student,)
    assert _audited(r, "transfer_package_imported")["student_ids"] == [new]
    assert _audited(s, "transfer_package_exported")["student_ids"] == [pair.student]


def _audited(session: Any, action: str) -> dict[str, Any]:
    row = session.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1", (action,)
    ).fetchone()
    assert row is not None, action
    return dict(json.loads(row[0]))


def record(session: Any, sid: int) -> dict[str, Any]:
    return load_student(session.archive.db.conn, sid)


def test_progress_of_an_import_only_goes_forward(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path, ids=[pair.student, pair.left], reason="handover")
    seen: list[tuple[int, int]] = []
    ti.import_package(pair.receiver.session, made.path, PASSPHRASE, class_group_id=None,
                      today=TODAY, progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len({t for _, t in seen}) == 1
