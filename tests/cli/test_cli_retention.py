"""``xueji retention …`` end to end on a real archive (in-process ``cli.main``)."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop import cli, cli_retention
from xueji_desktop.services import attachments as att
from xueji_desktop.services.archive import Created

PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD}
SCAN = b"%PDF-1.7\nCLI-RETENTION-CANARY\n%%EOF\n"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until cli.py registers the command (the lead's diff), add it the same way."""
    monkeypatch.delenv("XUEJI_USER", raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    if "retention" in cli._HANDLERS:
        return
    build = cli.build_parser

    def with_retention() -> argparse.ArgumentParser:
        p = build()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))

        def cmd(parent: Any, name: str, help_text: str) -> argparse.ArgumentParser:
            sp: argparse.ArgumentParser = parent.add_parser(name, help=help_text)
            cli._globals(sp, suppress=True)
            return sp

        cli_retention.add_parsers(sub, cmd)
        return p

    monkeypatch.setattr(cli, "build_parser", with_retention)
    monkeypatch.setitem(
        cli._HANDLERS,
        "retention",
        cli_retention.handlers(cli._login, cli._archive_dir)["retention"],
    )


@pytest.fixture
def room(archive: Created, capfd: pytest.CaptureFixture[str]) -> Iterator[tuple[Path, Run, int]]:
    s = archive.session
    add_clerk(archive)
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], status="graduated", graduation_date="2019-06-30")
    aid = att.attach(s, sid, "other", SCAN, "application/pdf", title="旧证明")
    root = s.archive.layout.root
    s.close()
    mask = os.umask(0o022)

    def run(*argv: str, user: str = ADMIN, extra: str = "") -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n" + extra))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    yield root, run, aid
    os.umask(mask)


def test_rules_review_propose_decide_register(room: tuple[Path, Run, int], tmp_path: Path) -> None:
    _root, run, aid = room
    rc, out, err = run("retention", "rules", "--set", "other=5:left", "--json")
    assert rc == 0, err
    rules = {r["doc_type"]: r for r in json.loads(out)["rules"]}
    assert (rules["other"]["years"], rules["other"]["counted_from"]) == (5, "left")
    assert rules["transcript"]["fixed"] and rules["transcript"]["permanent"]
    rc, out, err = run("retention", "rules", "--set", "transcript=5", "--json")
    assert rc == 1
    assert [p["code"] for p in json.loads(out)["problems"]] == ["retention_permanent_type"]
    rc, out, err = run("retention", "review", "--as-of", "2026-11-26", "--json")
    assert rc == 0, err
    [item] = json.loads(out)["items"]
    assert (item["attachment_id"], item["due_on"]) == (aid, "2024-07-01")
    rc, out, err = run(
        "retention", "propose", str(aid), "--reason", "保管期满", "--json", user=CLERK
    )
    assert rc == 0, err
    [serial] = json.loads(out)["serials"]
    # A clerk may not decide; a wrong admin password is refused: both exit 3.
    rc, out, err = run("retention", "decide", serial, "--approve", user=CLERK, extra="x\n")
    assert rc == 3
    rc, out, err = run("retention", "decide", serial, "--approve", extra="wrong-password\n")
    assert rc == 3, err
    rc, out, err = run(
        "retention", "decide", serial, "--approve", "--remark", "同意",
        "--admin-password-stdin", "--json", extra=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert rc == 0, err
    assert json.loads(out)["serials"] == [serial]
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    rc, out, err = run("retention", "register", "--pdf", str(pdf), "--xlsx", str(xlsx), "--json")
    assert rc == 0, err
    [entry] = json.loads(out)["entries"]
    assert entry["status"] == "destroyed" and entry["serial"] == serial
    assert pdf.exists() and xlsx.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert serial in text and "CLI-RETENTION-CANARY" not in text
    rc, out, err = run("check", "--json")
    assert rc == 0 and json.loads(out)["ok"], out + err
    rc, out, err = run("retention", "finish")
    assert (rc, out.strip()) == (0, "0")


def test_usage_errors(room: tuple[Path, Run, int]) -> None:
    _root, run, _aid = room
    for argv in (
        ("retention", "rules", "--set", "other"),
        ("retention", "rules", "--set", "other=five"),
        ("retention", "review", "--as-of", "2026-13-01"),
        ("retention", "propose", "abc", "--reason", "x"),
        ("retention", "decide", "XH-2026-0001"),
        ("retention", "decide", "XH-2026-0001", "--approve", "--reject"),
    ):
        rc, out, _err = run(*argv)
        assert rc == 2, argv
        assert out == ""


def test_refusals(room: tuple[Path, Run, int]) -> None:
    _root, run, aid = room
    rc, out, err = run("retention", "propose", str(aid), "--reason", "x", "--json")
    assert rc == 1  # no rule set: permanent
    assert json.loads(out)["error"] == "destruction_refused"
    rc, out, err = run(
        "retention", "decide", "XH-2026-0099", "--reject", extra=ADMIN_PASSWORD + "\n"
    )
    assert rc == 1 and err
    rc, out, err = run("retention", "register", "--pdf", "/nonexistent/folder/r.pdf")
    assert rc == 1
