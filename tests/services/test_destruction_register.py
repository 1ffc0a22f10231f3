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
from xueji_desktop.services.retention_register import export_register, print_register
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
