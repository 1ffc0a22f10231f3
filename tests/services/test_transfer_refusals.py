"""Refusals of the transfer services: a damaged or foreign package, a wrong passphrase, a
package taken in twice, a student already here, garbage files, a cancel — each leaves the
receiving archive exactly as it was (content hash and blob files) and no plaintext anywhere."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.records_fixtures import insert_student
from tests.services.test_transfer import export
from tests.services.transfer_fixtures import (
    KDF,
    PASSPHRASE,
    TODAY,
    Pair,
    archive_state,
    folder_names,
    make_pair,
)
from xueji_desktop.core.errors import (
    NotFound,
    OperationCancelled,
    OutputFileError,
    PackageAlreadyImported,
    PackageUnreadable,
    RecordInvalid,
    RecordVoided,
    WrongPassphrase,
)
from xueji_desktop.services import attachments, students, transfer_keys
from xueji_desktop.services import transfer_import as ti
from xueji_desktop.services.record_rows import load_student
from xueji_desktop.storage.transfer_format import (
    HEADER_SIZE,
    SIGNED_PREFIX,
    PackageReader,
    PackageWriter,
)


@pytest.fixture
def pair(make_archive: Any) -> Pair:
    return make_pair(make_archive)


def take_in(pair: Pair, path: Path, passphrase: str = PASSPHRASE, **kw: Any) -> Any:
    return ti.import_package(pair.receiver.session, path, passphrase,
                             class_group_id=kw.pop("class_group_id", pair.target_class),
                             today=TODAY, **kw)  # fmt: skip


def refused(pair: Pair, path: Path, error: type[Exception], passphrase: str = PASSPHRASE,
            **kw: Any) -> Exception:  # fmt: skip
    """Both the preview and the import refuse; the receiving archive is unchanged."""
    before = archive_state(pair.receiver)
    with pytest.raises(error) as first:
        ti.read_package(pair.receiver.session, path, passphrase)
    with pytest.raises(error):
        take_in(pair, path, passphrase, **kw)
    assert archive_state(pair.receiver) == before
    assert ti.list_packages(pair.receiver.session) == []
    return first.value


def _flip(at: int) -> Callable[[bytes], bytes]:
    def f(d: bytes) -> bytes:
        b = bytearray(d)
        b[at if at >= 0 else len(b) + at] ^= 0x01
        return bytes(b)

    return f


def _swap_chunks(d: bytes) -> bytes:
    step = (1 << 20) + 16
    body = d[HEADER_SIZE:]
    assert len(body) > step, "the package must have two chunks"
    return d[:HEADER_SIZE] + body[step : 2 * step] + body[:step] + body[2 * step :]


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "header_salt": _flip(20),
    "header_public_key": _flip(HEADER_SIZE - 40),
    "chunk": _flip(HEADER_SIZE + 5000),
    "last_byte": _flip(-1),
    "truncated": lambda d: d[: len(d) // 2],
    "appended": lambda d: d + b"\x00" * 64,
    "swapped_chunks": _swap_chunks,
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_damaged_package_refused(pair: Pair, tmp_path: Path, name: str) -> None:
    # A 1.5 MiB scan makes the package two chunks long (chunks are 1 MiB).
    big = b"%PDF-1.4\n" + os.urandom(3 << 19)
    attachments.attach(pair.sender.session, pair.student, "other", big, "application/pdf")
    made = export(pair, tmp_path)
    bad = tmp_path / "bad.xjpkg"
    bad.write_bytes(DAMAGE[name](made.path.read_bytes()))
    exc = refused(pair, bad, PackageUnreadable)
    assert exc.fields["reason"] in ("tampered", "truncated")
    # the good one still goes in: the refusals left nothing behind
    assert take_in(pair, made.path).student_ids


def _repack(pair: Pair, path: Path, out: Path, *, sign: Callable[[bytes], bytes],
            public: bytes | None = None,
            edit: Callable[[bytes], bytes] = lambda m: m) -> None:  # fmt: skip
    """Decrypt with the passphrase, change the manifest, sign it with ``sign``, encrypt again."""
    data = path.read_bytes()
    reader = PackageReader(io.BytesIO(data), PASSPHRASE, len(data))  # type: ignore[arg-type]
    opened = reader.verify()
    with out.open("wb") as fh:
        writer = PackageWriter(fh, PASSPHRASE, public or opened.header.public_key, KDF)
        for member in opened.members:
            writer._zip.writestr(member, reader.read(member, opened.members))
        manifest = edit(opened.manifest_bytes)
        writer._zip.writestr("manifest.json", manifest)
        writer._zip.writestr("manifest.sig", sign(SIGNED_PREFIX + manifest))
        writer._zip.close()
        writer._sink.finish()


def test_manifest_changed_and_signed_by_another_archive_refused(
    pair: Pair, tmp_path: Path, make_archive: Any
) -> None:
    made = export(pair, tmp_path)
    thief = transfer_keys.signing_key(make_archive("thief").session.archive)
    bad = tmp_path / "bad.xjpkg"
    other_receiver = lambda m: m.replace("长沙市第二职业中专".encode(), "别的学校".encode())  # noqa: E731
    _repack(pair, made.path, bad, sign=thief.sign, edit=other_receiver)
    refused(pair, bad, PackageUnreadable)
    # the signature alone replaced by one of another archive's key: refused too
    _repack(pair, made.path, bad, sign=thief.sign)
    refused(pair, bad, PackageUnreadable)


def test_package_wholly_resigned_by_another_archive_shows_its_fingerprint(
    pair: Pair, tmp_path: Path, make_archive: Any
) -> None:
    # Someone with the passphrase who re-signs everything with their own key makes a package
    # that reads; the fingerprint shown is theirs, not the sender's: the receiver's comparison
    # with the fingerprint the sending school told them is what catches it.
    made = export(pair, tmp_path)
    thief = transfer_keys.signing_key(make_archive("thief").session.archive)
    bad = tmp_path / "bad.xjpkg"
    theirs = transfer_keys.public_key_bytes(thief)
    ours = transfer_keys.public_key_bytes(transfer_keys.signing_key(pair.sender.session.archive))
    _repack(pair, made.path, bad, sign=thief.sign, public=theirs,
            edit=lambda m: m.replace(ours.hex().encode(), theirs.hex().encode()))  # fmt: skip
    preview = ti.read_package(pair.receiver.session, bad, PASSPHRASE)
    assert preview.fingerprint != made.fingerprint
    assert preview.fingerprint == transfer_keys.fingerprint(transfer_keys.public_key_bytes(thief))


def test_wrong_passphrase(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path)
    refused(pair, made.path, WrongPassphrase, passphrase="kqwe-7hxa-mn3r-t9vc")
    refused(pair, made.path, WrongPassphrase, passphrase="")


def test_imported_twice_refused(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path)
    take_in(pair, made.path)
    before = archive_state(pair.receiver)
    with pytest.raises(PackageAlreadyImported) as exc:
        ti.read_package(pair.receiver.session, made.path, PASSPHRASE)
    assert exc.value.fields["package_id"] == made.package_id
    with pytest.raises(PackageAlreadyImported):
        take_in(pair, made.path)
    assert archive_state(pair.receiver) == before


def test_own_package_refused(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path)
    with pytest.raises(PackageUnreadable, match="same_archive"):
        ti.read_package(pair.sender.session, made.path, PASSPHRASE)


def test_id_number_already_here_is_a_problem_and_refuses(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path)
    id_number = load_student(pair.sender.session.archive.db.conn, pair.student)["id_number"]
    insert_student(pair.receiver.session, None, id_number=id_number, name="李小明",
                   registry_no="G000000000000000001")  # fmt: skip
    preview = ti.read_package(pair.receiver.session, made.path, PASSPHRASE)
    (student,) = preview.students
    assert student.exists
    assert [p.code for p in student.problems] == ["transfer_id_number_exists"]
    before = archive_state(pair.receiver)
    with pytest.raises(RecordInvalid) as exc:
        take_in(pair, made.path)
    assert [p.code for p in exc.value.problems] == ["transfer_id_number_exists"]
    assert archive_state(pair.receiver) == before


def test_transfer_out_needs_a_class(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path)
    before = archive_state(pair.receiver)
    with pytest.raises(RecordInvalid) as exc:
        take_in(pair, made.path, class_group_id=None)
    assert exc.value.problems[0].code == "transfer_class_required"
    with pytest.raises(NotFound):
        take_in(pair, made.path, class_group_id=99999)
    assert archive_state(pair.receiver) == before


def _xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", "{}")
    return out.getvalue()


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "random", "zip", "xlsx",
                                  "huge"])  # fmt: skip
def test_garbage_paths(pair: Pair, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"thing.{kind}"
    expected = {"missing": "missing", "directory": "folder", "huge": "too_large"}.get(
        kind, "not_a_package"
    )
    if kind == "directory":
        path.mkdir()
    elif kind == "huge":
        with path.open("wb") as f:
            f.truncate(5 << 30)  # sparse: 5 GiB without using the disk
    elif kind != "missing":
        path.write_bytes({"empty": b"", "random": os.urandom(3 << 20), "zip": _zip(),
                          "xlsx": _xlsx()}[kind])  # fmt: skip
    exc = refused(pair, path, PackageUnreadable)
    assert exc.fields["reason"] == expected


def test_cancel_import_leaves_nothing(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path)
    before = archive_state(pair.receiver)
    db = pair.receiver.session.archive.db
    seen: list[bool] = []

    def cancel_late() -> bool:  # after every check, inside the import's transaction
        seen.append(db.in_transaction)
        return db.in_transaction

    with pytest.raises(OperationCancelled):
        take_in(pair, made.path, cancelled=cancel_late)
    assert seen[-1] and not seen[0]
    assert archive_state(pair.receiver) == before
    with pytest.raises(OperationCancelled):
        take_in(pair, made.path, cancelled=lambda: True)
    assert archive_state(pair.receiver) == before


def test_cancel_export_leaves_nothing(pair: Pair, tmp_path: Path) -> None:
    before = archive_state(pair.sender)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OperationCancelled):
        export(pair, tmp_path, cancelled=lambda: True)
    assert folder_names(folder) == set()
    assert archive_state(pair.sender) == before


def test_no_plaintext_temp_files(pair: Pair, tmp_path: Path, monkeypatch: Any) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for var in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(temp))
    made = export(pair, tmp_path)
    assert folder_names(made.path.parent) == {made.path.name}
    take_in(pair, made.path)
    assert folder_names(made.path.parent) == {made.path.name}
    assert list(temp.rglob("*")) == []


def test_export_refusals(pair: Pair, tmp_path: Path) -> None:
    s = pair.sender.session
    before = archive_state(pair.sender)
    with pytest.raises(RecordInvalid) as exc:  # still 在籍: record the 转出 first
        export(pair, tmp_path, ids=[pair.other])
    assert exc.value.problems[0].code == "transfer_not_transferred_out"
    with pytest.raises(RecordInvalid) as exc:
        export(pair, tmp_path, passphrase="short")
    assert exc.value.problems[0].code == "transfer_passphrase_short"
    with pytest.raises(RecordInvalid):
        export(pair, tmp_path, reason="gift", receiver="")
    with pytest.raises(NotFound):
        export(pair, tmp_path, ids=[424242])
    students.void_student(s, pair.other, "重复录入")
    before = archive_state(pair.sender)
    with pytest.raises(RecordVoided):
        export(pair, tmp_path, ids=[pair.other], reason="handover")
    (tmp_path / "out" / "李小明.xjpkg").write_bytes(b"keep")
    with pytest.raises(OutputFileError):
        export(pair, tmp_path)
    assert (tmp_path / "out" / "李小明.xjpkg").read_bytes() == b"keep"
    assert archive_state(pair.sender) == before
    assert folder_names(tmp_path / "out") == {"李小明.xjpkg"}


def test_handover_keeps_status_and_numbers(pair: Pair, tmp_path: Path) -> None:
    s = pair.sender.session
    made = export(pair, tmp_path, ids=[pair.left, pair.student], reason="handover",
                  receiver="区教育局档案室")  # fmt: skip
    assert made.student_count == 2
    done = take_in(pair, made.path, class_group_id=None)
    conn = pair.receiver.session.archive.db.conn
    for old, new in zip([pair.left, pair.student], done.student_ids, strict=True):
        a, b = load_student(s.archive.db.conn, old), load_student(conn, new)
        for key in ("name", "student_no", "registry_no", "id_number", "status", "report_status"):
            assert a[key] == b[key], key
        assert b["class_group"] == a["class_group"]  # a class of that name exists here
    statuses = [load_student(conn, i)["status"] for i in done.student_ids]
    assert statuses == ["withdrawn", "transferred_out"]


def test_cancel_after_the_first_student_removes_its_blob_files(pair: Pair, tmp_path: Path) -> None:
    made = export(pair, tmp_path, ids=[pair.student, pair.left], reason="handover",
                  receiver="区教育局档案室")  # fmt: skip
    before = archive_state(pair.receiver)
    db = pair.receiver.session.archive.db
    inside: list[bool] = []

    def cancel_second() -> bool:
        if db.in_transaction:
            inside.append(True)
        return len(inside) == 2  # the first student (photo, scans, PDFs) is already written

    with pytest.raises(OperationCancelled):
        take_in(pair, made.path, class_group_id=None, cancelled=cancel_second)
    assert archive_state(pair.receiver) == before


def test_the_package_fingerprint_is_the_one_on_the_senders_documents(
    pair: Pair, tmp_path: Path
) -> None:
    """One archive key: the receiver can compare the preview's fingerprint with the one printed
    on a 成绩单 from the sending school."""
    from xueji_desktop.services import document_signing

    made = export(pair, tmp_path)
    h = pair.sender.session.archive
    documents_key = document_signing.signing_key(h.keys.audit_key, h.archive_id)
    printed = document_signing.fingerprint(document_signing.public_key_bytes(documents_key))
    assert made.fingerprint == printed
    assert ti.read_package(pair.receiver.session, made.path, PASSPHRASE).fingerprint == printed
