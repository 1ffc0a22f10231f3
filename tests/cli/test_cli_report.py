"""``xueji report integrity`` (the 四性检测) end to end: in-process runs of ``cli.main`` on a real
archive; exit 0 when nothing failed, 1 when an item failed or a file could not be written, 2 for
malformed arguments (before the archive is opened), 3 for a viewer."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop import cli, cli_report
from xueji_desktop.core.roles import Role
from xueji_desktop.services import attachments
from xueji_desktop.services.archive import Created

VIEWER = "viewer1"
VIEWER_PASSWORD = "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    if "report" not in cli._HANDLERS:
        # Until the lead registers the command in cli.py (the same two lines as this).
        build = cli.build_parser

        def with_report() -> object:
            parser = build()
            sub = next(a for a in parser._actions if a.dest == "command")
            cli_report.add_parsers(sub, _cmd)
            return parser

        def _cmd(parent: object, name: str, help_text: str) -> object:
            sp = parent.add_parser(name, help=help_text)  # type: ignore[attr-defined]
            cli._globals(sp, suppress=True)
            return sp

        monkeypatch.setattr(cli, "build_parser", with_report)
        monkeypatch.setitem(
            cli._HANDLERS, "report", cli_report.checked(cli._records(cli_report.cmd_report))
        )
    mask = os.umask(0o022)
    yield
    os.umask(mask)


@pytest.fixture
def archive_root(archive: Created) -> Path:
    session = archive.session
    sid = insert_student(session, setup_structure(session)["c1"])
    attachments.attach(session, sid, "enrolment_form", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    root = session.archive.layout.root
    session.close()
    return root


@pytest.fixture
def run(archive_root: Path, capfd: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: str, user: str = CLERK) -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(archive_root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    return run


def test_an_intact_archive_exits_0_with_every_section(run: Run) -> None:
    rc, out, err = run("report", "integrity")
    assert rc == 0, (out, err)
    for title in ("真实性检测", "完整性检测", "可用性检测", "安全性检测"):
        assert title in out
    assert "[通过] 操作日志防篡改校验" in out
    assert "检测结论：" in out and err == ""


def test_json(run: Run) -> None:
    rc, out, _ = run("report", "integrity", "--json")
    doc = json.loads(out)
    assert rc == 0 and doc["ok"] is True and doc["files"] == []
    report = doc["report"]
    assert [s["key"] for s in report["sections"]] == [
        "authenticity", "integrity", "usability", "security"
    ]  # fmt: skip
    assert report["result"] in ("pass", "warn")
    assert report["made_by"] == CLERK


def test_pdf_and_xlsx(run: Run, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    rc, out, _ = run("report", "integrity", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert rc == 0
    assert f"已写入：{pdf}" in out and f"已写入：{xlsx}" in out
    text = PdfReader(pdf).pages[0].extract_text()
    assert "电子档案四性检测报告" in text
    assert xlsx.read_bytes()[:2] == b"PK"
    rc, _, err = run("report", "integrity", "--pdf", str(pdf))
    assert rc == 1 and err.strip()  # exists, no --overwrite: one sentence
    assert run("report", "integrity", "--pdf", str(pdf), "--overwrite")[0] == 0


def test_a_failed_item_exits_1(run: Run, archive_root: Path) -> None:
    blob = next((archive_root / "blobs").glob("*/*.xjb"))
    blob.unlink()
    rc, out, _ = run("report", "integrity")
    assert rc == 1
    assert "[不通过] 电子文件齐全检测" in out
    rc, out, _ = run("report", "integrity", "--json")
    doc = json.loads(out)
    assert rc == 1 and doc["ok"] is False and doc["report"]["result"] == "fail"


@pytest.mark.parametrize(
    "argv",
    [
        ("--pdf", "report.txt"),
        ("--xlsx", "report.pdf"),
        ("--pdf", "report.pdf", "--xlsx", "report"),
    ],
)
def test_malformed_arguments_exit_2(run: Run, argv: tuple[str, ...]) -> None:
    rc, out, err = run("report", "integrity", *argv)
    assert rc == 2 and out == "" and err.startswith("xueji: ")


def test_a_viewer_is_refused(run: Run) -> None:
    rc, out, err = run("report", "integrity", user=VIEWER)
    assert rc == 3 and out == "" and err.strip()
