"""Issuing documents into files (issue 5 §2, §3): one PDF, one per student, names from a
pattern, and all-or-nothing: cancel half-way, a full disk or an unwritable folder leave no file
and no register row."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from tests.services.test_documents import School, _school
from xueji_desktop.core.errors import OperationCancelled, OutputFileError
from xueji_desktop.services import documents
from xueji_desktop.services import documents_files as files
from xueji_desktop.services.archive import Created
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.storage.content_hash import content_hash

NAMES = ("王小明", "李娜", "欧阳修", "张伟")


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> School:
    return _school(make_archive(), names=NAMES)


def _class(school: School) -> PrintRequest:
    return PrintRequest("transcript", class_group_id=school.class_id)


def test_split_one_file_per_student(school: School, tmp_path: Path) -> None:
    out = tmp_path / "成绩单"
    paths = documents.issue_to_files(school.session, _class(school), out, split=True)
    assert len(paths) == 4 and sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in paths
    )
    entries = documents.register_entries(school.session)
    for path in paths:
        no, name, kind = path.stem.split("_")
        assert kind == "成绩单" and name in NAMES
        text = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
        assert name in text
        assert any(e.serial in text and e.subject == f"{no} {name}" for e in entries)
        if os.name == "posix":
            assert path.stat().st_mode & 0o077 == 0
    assert len({e.batch_id for e in entries}) == 1


def test_one_pdf_and_exists(school: School, tmp_path: Path) -> None:
    out = tmp_path / "班级.pdf"
    [path] = documents.issue_to_files(school.session, _class(school), out, split=False)
    assert len(pypdf.PdfReader(path).pages) == 4
    before = content_hash(school.session.archive.db.conn)
    with pytest.raises(OutputFileError) as info:
        documents.issue_to_files(school.session, _class(school), out, split=False)
    assert info.value.fields["reason"] == "exists"
    assert content_hash(school.session.archive.db.conn) == before
    documents.issue_to_files(school.session, _class(school), out, split=False, overwrite=True)
    assert len(documents.register_entries(school.session)) == 8


def test_pattern_with_serial_and_class(school: School, tmp_path: Path) -> None:
    paths = documents.issue_to_files(
        school.session, _class(school), tmp_path, split=True, pattern="{class_name}/{serial}"
    )
    assert all(p.parent == tmp_path and p.name.startswith("2025级计算机1班_CJD") for p in paths)


@pytest.mark.parametrize("pattern", ["{kind}", "{nope}", "{name!r}", "{name:>9}", "", "{", "../.."])
def test_bad_patterns_write_nothing(school: School, tmp_path: Path, pattern: str) -> None:
    before = content_hash(school.session.archive.db.conn)
    with pytest.raises(OutputFileError) as info:
        documents.issue_to_files(school.session, _class(school), tmp_path / "x", split=True,
                                 pattern=pattern)  # fmt: skip
    assert info.value.fields["reason"] == "bad_pattern"
    assert not (tmp_path / "x").exists()
    assert content_hash(school.session.archive.db.conn) == before


def test_safe_names() -> None:
    assert files.safe_name('a/b\\c:d*e?"f<g>h|') == "a_b_c_d_e__f_g_h_"
    assert files.safe_name("CON") == "_CON" and files.safe_name("lpt1.pdf") == "_lpt1.pdf"
    assert files.safe_name("..hidden. ") == "hidden"
    assert len(files.safe_name("名" * 300).encode()) <= files.MAX_NAME_BYTES
    with pytest.raises(OutputFileError):
        files.file_names("{name}", [{"name": "王伟"}, {"name": "王伟"}])  # duplicates
    with pytest.raises(OutputFileError):
        files.file_names("{name}", [{"name": "Ab"}, {"name": "aB"}])  # same on Windows


def test_cancel_half_way_leaves_no_file_and_no_row(school: School, tmp_path: Path) -> None:
    before = content_hash(school.session.archive.db.conn)
    seen: list[tuple[int, int]] = []

    def cancelled() -> bool:
        return len(seen) >= 6  # 4 built, 2 of 4 files written

    with pytest.raises(OperationCancelled):
        documents.issue_to_files(school.session, _class(school), tmp_path / "out", split=True,
                                 progress=lambda d, t: seen.append((d, t)),
                                 cancelled=cancelled)  # fmt: skip
    assert seen[-1] == (6, 8)
    assert not (tmp_path / "out").exists()  # no file, no temporary file, not even the folder
    assert content_hash(school.session.archive.db.conn) == before


def test_disk_full_half_way_leaves_nothing(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = os.fsync
    calls: list[int] = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    before = content_hash(school.session.archive.db.conn)
    with pytest.raises(OutputFileError) as info:
        documents.issue_to_files(school.session, _class(school), out, split=True)
    assert info.value.fields["reason"] == "disk_full"
    assert list(out.iterdir()) == []
    assert content_hash(school.session.archive.db.conn) == before


def test_rename_failure_removes_published_files(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace
    calls: list[str] = []

    def replace(a: str, b: str) -> None:
        calls.append(b)
        if len(calls) == 3:
            raise OSError(errno.EACCES, "Permission denied")
        real(a, b)

    monkeypatch.setattr(files.os, "replace", replace)
    before = content_hash(school.session.archive.db.conn)
    with pytest.raises(OutputFileError) as info:
        documents.issue_to_files(school.session, _class(school), tmp_path / "o", split=True)
    assert info.value.fields["reason"] == "not_writable"
    assert not (tmp_path / "o").exists()
    assert content_hash(school.session.archive.db.conn) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder(school: School, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    with pytest.raises(OutputFileError) as info:
        documents.issue_to_files(school.session, _class(school), ro / "a.pdf", split=False)
    assert info.value.fields["reason"] == "not_writable"
    assert documents.register_entries(school.session) == []


def test_missing_folder_and_folder_as_file(school: School, tmp_path: Path) -> None:
    with pytest.raises(OutputFileError) as info:
        documents.issue_to_files(school.session, _class(school), tmp_path / "a" / "b.pdf",
                                 split=False)  # fmt: skip
    assert info.value.fields["reason"] == "no_folder"
    with pytest.raises(OutputFileError):
        documents.issue_to_files(school.session, _class(school), tmp_path, split=False)
    assert documents.register_entries(school.session) == []
