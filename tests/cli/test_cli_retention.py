"""``xueji retention …`` end to end on a real archive (in-process ``cli.main``)."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop import cli, cli_retention
from xueji_desktop.services import attachments as att
from xueji_desktop.services.archive import Created, login

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
    assert (rc, out.strip()) == (0, "没有遗留的已销毁文件需要删除。")  # a sentence (QA F22)
    rc, out, err = run("retention", "finish", "--json")
    assert json.loads(out) == {"ok": True, "removed": 0}


def test_review_names_types_and_has_a_header(
    room: tuple[Path, Run, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA F8/F21: the review list is the clerk's work list: type names, a header line; the
    English command line says English type names and "1 year"."""
    _root, run, aid = room
    rc, _out, err = run("retention", "rules", "--set", "other=1:added")
    assert rc == 0, err
    rc, out, err = run("retention", "review", "--as-of", "2040-01-01")
    assert rc == 0, err
    header, line, _summary = out.strip().split("\n")
    assert header.split("\t")[:4] == ["材料编号", "可销毁日期", "学生", "材料类型"]
    assert line.startswith(f"{aid}\t") and line.split("\t")[3] == "其他材料"
    assert "\tother\t" not in out
    monkeypatch.setenv("XUEJI_LANG", "en")
    rc, out, err = run("retention", "review", "--as-of", "2040-01-01")
    assert rc == 0, err
    assert out.split("\n")[1].split("\t")[3] == "other papers"
    rc, out, err = run("retention", "rules")
    assert rc == 0, err
    other = next(ln for ln in out.splitlines() if ln.startswith("other "))
    assert "other papers" in other and other.endswith("\t1 year after adding")
    assert "ID document" in out  # the checklist types' English names


def test_a_bad_as_of_date_is_a_sentence(room: tuple[Path, Run, int]) -> None:
    """QA F9: the same Chinese sentence as every other date argument."""
    _root, run, _aid = room
    rc, out, err = run("retention", "review", "--as-of", "2026-13-01")
    assert rc == 2 and out == ""
    assert "日期应按" in err and "2026-13-01" in err and "not a date" not in err


def test_shared_content_is_said_before_and_after_approval(
    room: tuple[Path, Run, int], tmp_path: Path
) -> None:
    """QA F14/F15: the same bytes attached twice: approving one closes it but cannot delete
    the file; the warning comes before the password, the confirmation, the register, its PDF
    and xlsx say so; the PDF carries the reason and the remark."""
    root, run, aid = room
    s = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        sid = att.get_attachment(s, aid).student_id
        twin = att.attach(s, sid, "enrolment_form", SCAN, "application/pdf", title="入学登记表")
    finally:
        s.close()
    rc, _out, err = run("retention", "rules", "--set", "other=5:left")
    assert rc == 0, err
    rc, out, err = run("retention", "propose", str(aid), "--reason", "到期销毁", "--json")
    [serial] = json.loads(out)["serials"]
    rc, out, err = run(
        "retention", "decide", serial, "--approve", "--remark", "监销人：张三",
        "--admin-password-stdin", extra=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert rc == 0, err
    assert f"内容与第 {twin} 号材料相同" in err and "不会删除" in err
    assert "其中 1 份的内容与仍在使用的材料相同，文件未删除" in out
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    rc, out, err = run("retention", "register", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert rc == 0, err
    assert f"内容与第 {twin} 号材料相同，该文件仍在使用，未删除" in out
    rc, out, err = run("retention", "register", "--json")
    [entry] = json.loads(out)["entries"]
    assert entry["content_kept"] and entry["shared_with"] == [twin]
    assert (entry["reason"], entry["remark"]) == ("到期销毁", "监销人：张三")
    with zipfile.ZipFile(xlsx) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "未删除" in strings and "到期销毁" in strings and "监销人：张三" in strings
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        flat = text.replace("\n", "").replace(" ", "")
        assert "未删除" in flat and "到期销毁" in flat and "监销人：张三" in flat


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
