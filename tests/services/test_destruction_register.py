"""The 销毁清册 printed (PDF, read back and rendered) and exported (xlsx)."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import NothingToExport, OutputFileError
from xueji_desktop.services import attachments as att
from xueji_desktop.services import destruction
from xueji_desktop.services.archive import Created
from xueji_desktop.services.retention_register import (
    export_register,
    print_register,
    still_used_after,
)
from xueji_desktop.services.retention_rules import set_rule

MARKER = "REGISTER-CANARY-77a1"
SCAN = b"%PDF-1.7\n" + MARKER.encode() + b"\n%%EOF\n"
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def destroyed(archive: Created) -> Created:
    s = archive.session
    ids = setup_structure(s)
    set_rule(s, "other", years=5, counted_from="left")
    aids = []
    for n in range(3):
        sid = insert_student(s, ids["c1"], status="graduated", graduation_date="2019-06-30")
        aids.append(
            att.attach(s, sid, "other", SCAN + bytes([n]), "application/pdf", title=f"证明{n}")
        )
    serials = destruction.propose(s, aids, reason="保管期满", today=TODAY)
    destruction.decide(
        s, serials, approve=True, admin_password=ADMIN_PASSWORD, remark="同意", today=TODAY
    )
    return archive


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_print_register(destroyed: Created, tmp_path: Path) -> None:
    s = destroyed.session
    out = print_register(s, tmp_path / "register.pdf", year=TODAY.year, today=TODAY)
    text = _text(out)
    assert "学籍档案附件销毁清册" in text
    for entry in destruction.register(s):
        assert entry.serial in text
        assert entry.sha256[:16] in text.replace("\n", "").replace(" ", "")
    assert "离校后 5 年" in text and "2026-11-26" in text
    assert MARKER not in text
    assert "第1页共1页" in text.replace(" ", "")
    actions = [r[0] for r in s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert actions[-1] == "destruction_register_printed"
    with pytest.raises(OutputFileError):
        print_register(s, out, today=TODAY)  # never overwritten unless asked
    print_register(s, out, today=TODAY, overwrite=True, lang="en")
    assert "Register of destroyed student record scans" in _text(out)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "register.pdf"),
             str(tmp_path / "page")],
            check=True,
        )  # fmt: skip
        assert list(tmp_path.glob("page*.png"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_paper_carries_reason_remark_and_outcome(destroyed: Created, tmp_path: Path) -> None:
    """QA F15: the filed paper holds the proposer's reason and the approver's remark; each
    line says what became of the file; English names the type in English."""
    s = destroyed.session
    text = _text(print_register(s, tmp_path / "r.pdf", today=TODAY))
    flat = text.replace("\n", "").replace(" ", "")
    assert "提出理由" in flat and "保管期满" in flat
    assert "批准（意见）" in flat and "同意" in flat
    assert flat.count("文件已删除") == 3 + 1  # each line, and the statement below
    text = _text(print_register(s, tmp_path / "r-en.pdf", today=TODAY, lang="en"))
    assert "other papers" in text and "file deleted" in text


def test_a_shared_file_is_said_kept(archive: Created, tmp_path: Path) -> None:
    """QA F14: a scan whose bytes another live scan uses: the register says the file stayed
    and which scan holds the same content (derived at read time), on paper and in Excel;
    ``still_used_after`` names it before the approval, not counting the same decision."""
    s = archive.session
    ids = setup_structure(s)
    set_rule(s, "other", years=5, counted_from="left")
    sid = insert_student(s, ids["c1"], status="graduated", graduation_date="2019-06-30")
    gone = att.attach(s, sid, "other", SCAN, "application/pdf", title="证明")
    twin = att.attach(s, sid, "enrolment_form", SCAN, "application/pdf", title="登记表")
    other = att.attach(s, sid, "other", SCAN + b"x", "application/pdf", title="别的")
    serials = destruction.propose(s, [gone, other], reason="保管期满", today=TODAY)
    pending = destruction.register(s, status="proposed")
    assert [e.shared_with for e in pending] == [(twin,), ()]
    [warn] = still_used_after(pending, serials)
    assert warn.serial == serials[0] and warn.shared_with == (twin,)
    assert still_used_after(pending, [serials[1]]) == []
    destruction.decide(
        s, serials, approve=True, admin_password=ADMIN_PASSWORD, remark="监销人：张三", today=TODAY
    )
    kept, deleted = destruction.register(s, status="destroyed")
    assert kept.content_kept and kept.shared_with == (twin,)
    assert kept.outcome() == f"内容与第 {twin} 号材料相同，该文件仍在使用，未删除"
    assert not deleted.content_kept and deleted.outcome() == "文件已删除"
    out = export_register(s, tmp_path / "r.xlsx")
    with zipfile.ZipFile(out) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "该文件仍在使用，未删除" in strings and "执行情况" in strings
    if shutil.which("pdftotext"):
        flat = _text(print_register(s, tmp_path / "r.pdf", today=TODAY)).replace(" ", "")
        assert "未删除" in flat.replace("\n", "") and "监销人：张三" in flat.replace("\n", "")


def test_export_register(destroyed: Created, tmp_path: Path) -> None:
    s = destroyed.session
    out = export_register(s, tmp_path / "register.xlsx")
    with zipfile.ZipFile(out) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    for entry in destruction.register(s):
        assert entry.serial in strings and entry.sha256 in strings
    assert MARKER not in strings
    actions = [r[0] for r in s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert actions[-1] == "destruction_register_exported"


def test_nothing_destroyed_nothing_written(archive: Created, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NothingToExport):
        print_register(archive.session, out / "r.pdf", today=TODAY)
    with pytest.raises(NothingToExport):
        export_register(archive.session, out / "r.xlsx", year=2026)
    assert list(out.iterdir()) == []
