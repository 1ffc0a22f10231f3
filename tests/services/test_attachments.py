"""Attachments as encrypted blobs, photos, and the document checklist."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from tests.services.test_structure import codes, refused
from xueji_desktop.core.errors import (
    ArchiveDamaged,
    NotFound,
    ReasonRequired,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.services import attachments as att
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session

MARKER = "金丝雀扫描件 ATTACH-CANARY-93b1"
PNG = b"\x89PNG\r\n\x1a\n" + MARKER.encode() + b"\x00" * 64
PDF = b"%PDF-1.7\n" + MARKER.encode() + b"\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + MARKER.encode()
TIFF = b"II*\x00" + MARKER.encode()


@pytest.fixture
def env(archive: Created) -> tuple[Session, dict[str, int]]:
    s = archive.session
    ids = setup_structure(s)
    ids["s1"] = insert_student(s, ids["c1"])
    return s, ids


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_round_trip_and_no_plaintext_on_disk(
    env: tuple[Session, dict[str, int]], fake_home: Path
) -> None:
    s, ids = env
    aid = att.attach(s, ids["s1"], "enrolment_form", PDF, "application/pdf", title="入学登记表")
    pid = att.attach(s, ids["s1"], "id_copy", PNG, "image/png")
    assert att.read_attachment(s, aid) == PDF
    assert att.read_attachment(s, pid) == PNG
    a = att.get_attachment(s, aid)
    assert (a.sha256, a.size, a.media_type, a.doc_type, a.added_by) == (
        hashlib.sha256(PDF).hexdigest(),
        len(PDF),
        "application/pdf",
        "enrolment_form",
        s.username,
    )
    blob = s.archive.db.conn.execute(
        "SELECT sha256, size, media_type FROM blobs WHERE name = ?", (a.blob_name,)
    ).fetchone()
    assert tuple(blob) == (a.sha256, a.size, "application/pdf")
    reads = s.archive.db.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'attachment_read'"
    ).fetchone()[0]
    assert reads == 2
    root = s.archive.layout.root
    for needle in (MARKER.encode(), MARKER.encode("utf-16-le"), b"ATTACH-CANARY-93b1"):
        assert files_containing(root, needle) == []
        assert files_containing(fake_home, needle) == []
    s.archive.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert files_containing(root, b"ATTACH-CANARY-93b1") == []


def test_all_types_and_path_input(env: tuple[Session, dict[str, int]], tmp_path: Path) -> None:
    s, ids = env
    for data, media in (
        (JPEG, "image/jpeg"),
        (TIFF, "image/tiff"),
        (TIFF[:0] + b"MM\x00*x", "image/tiff"),
    ):
        aid = att.attach(s, ids["s1"], "other", data, media)
        assert att.read_attachment(s, aid) == data
    src = tmp_path / "scan.pdf"
    src.write_bytes(PDF)
    aid = att.attach(s, ids["s1"], "transcript", src, "application/pdf")
    assert att.read_attachment(s, aid) == PDF


@pytest.mark.parametrize(
    ("data", "media", "problem"),
    [
        (PNG, "application/pdf", "media_type_mismatch"),
        (PDF, "image/png", "media_type_mismatch"),
        (b"GIF89a" + b"x" * 10, "image/gif", "unsupported_media_type"),
        (b"hello world", "image/png", "media_type_mismatch"),
        (PNG, "text/plain", "unsupported_media_type"),
        (PNG, None, "unsupported_media_type"),
        (b"", "image/png", "empty_file"),
        ("not bytes", "image/png", "invalid_type"),
        (12345, "image/png", "invalid_type"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (25 * 1024 * 1024), "image/png", "file_too_large"),
    ],
)
def test_garbage_refused_nothing_changed(
    env: tuple[Session, dict[str, int]], data: Any, media: Any, problem: str
) -> None:
    s, ids = env
    blobs_dir = s.archive.layout.blobs
    before = sorted(blobs_dir.rglob("*")) if blobs_dir.exists() else []
    e = refused(s, RecordInvalid, lambda: att.attach(s, ids["s1"], "id_copy", data, media))
    assert codes(e) == {problem}
    assert (sorted(blobs_dir.rglob("*")) if blobs_dir.exists() else []) == before


def test_refused_refs(env: tuple[Session, dict[str, int]], tmp_path: Path) -> None:
    s, ids = env
    e = refused(s, RecordInvalid, lambda: att.attach(s, ids["s1"], "diary", PNG, "image/png"))
    assert codes(e) == {"unknown_doc_type"}
    refused(s, NotFound, lambda: att.attach(s, 999, "id_copy", PNG, "image/png"))
    e = refused(
        s,
        RecordInvalid,
        lambda: att.attach(s, ids["s1"], "id_copy", tmp_path / "missing.png", "image/png"),
    )
    assert codes(e) == {"file_unreadable"}
    big = tmp_path / "big.png"
    with big.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(25 * 1024 * 1024)
    e = refused(s, RecordInvalid, lambda: att.attach(s, ids["s1"], "id_copy", big, "image/png"))
    assert codes(e) == {"file_too_large"}
    refused(s, NotFound, lambda: att.read_attachment(s, 999))


def test_void_keeps_row_and_blob(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    aid = att.attach(s, ids["s1"], "id_copy", PNG, "image/png")
    refused(s, ReasonRequired, lambda: att.void_attachment(s, aid, " "))
    att.void_attachment(s, aid, "扫描不清")
    [a] = att.list_attachments(s, ids["s1"])
    assert (a.voided, a.void_reason) == (True, "扫描不清")
    assert att.list_attachments(s, ids["s1"], include_voided=False) == []
    assert att.read_attachment(s, aid) == PNG  # still readable
    refused(s, RecordVoided, lambda: att.void_attachment(s, aid, "again"))
    hist = s.archive.db.conn.execute(
        "SELECT entity_id, field, old_value, new_value, change_kind, reason FROM field_history"
        " WHERE entity = 'attachment'"
    ).fetchall()
    assert [tuple(r) for r in hist] == [(aid, "voided", "0", "1", "void", "扫描不清")]
    with pytest.raises(Exception, match="never deleted"), s.archive.db.atomic() as conn:
        conn.execute("DELETE FROM attachments WHERE id = ?", (aid,))


def test_tampered_blob_detected(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    aid = att.attach(s, ids["s1"], "id_copy", PNG, "image/png")
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE attachments SET sha256 = ? WHERE id = ?", ("0" * 64, aid))
    with pytest.raises(ArchiveDamaged):
        att.read_attachment(s, aid)


def test_set_photo_keeps_old_blob(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    first = att.set_photo(s, ids["s1"], JPEG)
    second = att.set_photo(s, ids["s1"], PNG)
    conn = s.archive.db.conn
    assert (
        conn.execute("SELECT photo_blob FROM students WHERE id = ?", (ids["s1"],)).fetchone()[0]
        == second
    )
    assert s.archive.blobs().get(first) == JPEG  # the old photo is kept
    rows = conn.execute(
        "SELECT old_value, new_value FROM field_history WHERE field = 'photo_blob' ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(None, first), (first, second)]
    e = refused(s, RecordInvalid, lambda: att.set_photo(s, ids["s1"], PDF))
    assert codes(e) == {"unsupported_media_type"}
    refused(s, RecordInvalid, lambda: att.set_photo(s, ids["s1"], b""))


def test_read_photo_returns_the_current_photo_and_is_audited(
    env: tuple[Session, dict[str, int]],
) -> None:
    s, ids = env
    assert att.read_photo(s, ids["s1"]) is None  # no photo yet
    att.set_photo(s, ids["s1"], JPEG)
    att.set_photo(s, ids["s1"], PNG)
    assert att.read_photo(s, ids["s1"]) == PNG
    reads = s.archive.db.conn.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'photo_read' AND target_id = ?",
        (str(ids["s1"]),),
    ).fetchone()[0]
    assert reads == 1  # the read of a student without a photo shows nothing, so is not logged
    refused(s, NotFound, lambda: att.read_photo(s, 999))


def test_checklist_shows_missing(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    sid = ids["s1"]
    items = {i.code: i for i in att.document_checklist(s, sid)}
    assert items["enrolment_form"].required and not items["enrolment_form"].present
    assert not items["graduate_form"].required  # enrolled: not yet
    assert not items["other"].required
    missing = {i.code for i in att.missing_documents(s, sid)}
    assert {"enrolment_form", "id_copy", "photo", "transcript"} <= missing
    assert "graduate_form" not in missing
    aid = att.attach(s, sid, "enrolment_form", PDF, "application/pdf")
    att.set_photo(s, sid, JPEG)
    items = {i.code: i for i in att.document_checklist(s, sid)}
    assert items["enrolment_form"].present and items["enrolment_form"].attachment_ids == (aid,)
    assert items["photo"].present
    att.void_attachment(s, aid, "错传")
    assert "enrolment_form" in {i.code for i in att.missing_documents(s, sid)}
    grad = insert_student(s, ids["c1"], status="graduated")
    assert {"graduate_form", "internship_assessment"} <= {
        i.code for i in att.missing_documents(s, grad)
    }
    refused(s, NotFound, lambda: att.document_checklist(s, 999))
