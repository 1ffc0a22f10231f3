"""``xueji print | verify-document | documents`` (issue 5 §3, §4) end to end on a real archive.

Garbage inputs (unknown kind, unknown student or class, bad --param, bad --offset, an --out
folder without --split, an unwritable --out) give one clear sentence, a non-zero exit, no file and
no register row.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop import cli
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.content_hash import content_hash

VIEWER = "viewer1"
VIEWER_PASSWORD = "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
CLASS1 = "2025级计算机1班"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class School:
    root: Path
    numbers: list[str]
    run: Callable[..., tuple[int, str, str]]

    def ok(self, *argv: str, user: str = CLERK) -> Any:
        rc, out, err = self.run(*argv, "--json", user=user)
        assert rc == 0, (argv, out, err)
        return json.loads(out)

    def hash(self) -> str:
        session = login(self.root, ADMIN, ADMIN_PASSWORD)
        try:
            return content_hash(session.archive.db.conn)
        finally:
            session.close()


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    mask = os.umask(0o022)
    os.umask(mask)


@pytest.fixture
def school(archive: Created, capfd: pytest.CaptureFixture[str]) -> School:
    session = archive.session
    ids = setup_structure(session)
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    numbers = ["20257102019001", "20257102019002"]
    for no, name in zip(numbers, ("王小明", "李娜"), strict=True):
        insert_student(session, ids["c1"], student_no=no, name=name)
    root = session.archive.layout.root
    session.close()

    def run(*argv: str, user: str = CLERK) -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    return School(root, numbers, run)


def test_print_one_student_then_verify(school: School, tmp_path: Path) -> None:
    out = tmp_path / "cj.pdf"
    rc, text, err = school.run("print", "成绩单", "--student", school.numbers[0], "--out", str(out),
                               "--purpose", "升学")  # fmt: skip
    assert rc == 0, err
    serial = re.search(r"CJD\d{4}-\d{6}", text).group(0)  # type: ignore[union-attr]
    assert serial in pypdf.PdfReader(out).pages[0].extract_text()
    v = school.ok("verify-document", serial.lower(), user=VIEWER)
    assert v["outcome"] == "genuine" and v["subject"].endswith("王小明")
    rc, text, _ = school.run("verify-document", serial)
    assert rc == 0 and "真实有效" in text
    docs = school.ok("documents", "list", "--student", school.numbers[0])["documents"]
    assert [d["serial"] for d in docs] == [serial] and docs[0]["purpose"] == "升学"


def test_print_class_split_then_supersede_and_void(school: School, tmp_path: Path) -> None:
    out = tmp_path / "班级"
    res = school.ok("print", "transcript", "--class", CLASS1, "--split", "--out", str(out))
    assert len(res["files"]) == 2 and len(res["serials"]) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(f).name for f in res["files"])
    again = school.ok("print", "transcript", "--student", school.numbers[1], "--out",
                      str(tmp_path / "again.pdf"))  # fmt: skip
    old = list(res["serials"])
    rc, text, _ = school.run("verify-document", again["serials"][0])
    assert rc == 0
    superseded = [s for s in old if school.run("verify-document", s)[0] == 1]
    assert len(superseded) == 1
    rc, text, _ = school.run("verify-document", superseded[0])
    assert "替代" in text and again["serials"][0] in text
    assert school.ok("documents", "void", again["serials"][0], "--reason", "打错")["ok"]
    rc, text, _ = school.run("verify-document", again["serials"][0])
    assert rc == 1 and "作废" in text
    assert school.run("verify-document", superseded[0])[0] == 0  # current again


def test_roster_and_json_verify_of_garbage(school: School, tmp_path: Path) -> None:
    res = school.ok("print", "花名册", "--class", CLASS1, "--out", str(tmp_path / "r.pdf"))
    assert res["serials"][0].startswith("HMC")
    for junk in ("", "x" * 10_000, "XJ1:CJD2026-000001:0000:AAAA"):
        rc, out, _ = school.run("verify-document", junk, "--json")
        assert rc == 1 and json.loads(out)["outcome"] == "not_issued"


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["print", "diploma", "--student", "X"], 2),
        (["print", "transcript", "--student", "20257102019001", "--param", "x=1"], 2),
        (["print", "transcript", "--student", "20257102019001", "--param", "novalue"], 2),
        (["print", "transcript", "--student", "20257102019001", "--offset", "99,0"], 2),
        (["print", "transcript", "--student", "20257102019001", "--offset", "abc"], 2),
        (["print", "roster", "--student", "20257102019001"], 2),
        (["print", "transcript"], 2),
        (["print", "transcript", "--student", "19990000000000"], 1),
        (["print", "transcript", "--class", "没有这个班"], 1),
        (["print", "transcript", "--student", "20257102019001", "--template", "nope"], 1),
        (["documents", "void", "CJD2026-999999", "--reason", "x"], 1),
        (["print", "transcript", "--graduates", "abc"], 2),
        (["print", "transcript", "--graduates", "1800"], 1),
        (["print", "transcript", "--graduates", "2026"], 1),  # nobody graduated in 2026 here
        (["print", "roster", "--graduates", "2026"], 2),
        (["print", "transcript", "--graduates", "2026", "--class", "1班"], 2),
    ],
)
def test_garbage_is_refused_and_leaves_nothing(
    school: School, tmp_path: Path, argv: list[str], status: int
) -> None:
    before = school.hash()
    out = tmp_path / "o.pdf"
    extra = ["--out", str(out)] if argv[0] == "print" else []
    rc, _, err = school.run(*argv, *extra)
    assert rc == status, err
    assert err.strip() and (status == 2 or CJK.search(err.splitlines()[0])), err
    assert not out.exists() and school.hash() == before


def test_out_folder_without_split_and_unwritable_out(school: School, tmp_path: Path) -> None:
    before = school.hash()
    rc, _, err = school.run("print", "transcript", "--student", school.numbers[0], "--out",
                            str(tmp_path))  # fmt: skip
    assert rc == 2 and "--split" in err
    rc, _, err = school.run("print", "transcript", "--student", school.numbers[0], "--out",
                            str(tmp_path / "missing" / "x.pdf"))  # fmt: skip
    assert rc == 1 and "文件夹不存在" in err
    assert school.hash() == before
    assert not (tmp_path / "missing").exists()


def test_viewer_may_verify_but_not_print(school: School, tmp_path: Path) -> None:
    rc, _, _ = school.run("print", "transcript", "--student", school.numbers[0], "--out",
                          str(tmp_path / "v.pdf"), user=VIEWER)  # fmt: skip
    assert rc == 3 and not (tmp_path / "v.pdf").exists()
    assert school.run("verify-document", "CJD2026-000001", user=VIEWER)[0] == 1


def test_rare_character_then_mark_missing(school: School, tmp_path: Path) -> None:
    session = login(school.root, ADMIN, ADMIN_PASSWORD)
    try:
        with session.archive.db.atomic() as conn:
            conn.execute("UPDATE students SET name = '王\U00020000' WHERE student_no = ?",
                         (school.numbers[0],))  # fmt: skip
    finally:
        session.close()
    before = school.hash()
    out = tmp_path / "rare.pdf"
    rc, _, err = school.run(
        "print", "transcript", "--student", school.numbers[0], "--out", str(out)
    )
    assert rc == 1 and "\U00020000" in err and "方框" in err
    assert not out.exists() and school.hash() == before
    res = school.ok("print", "transcript", "--student", school.numbers[0], "--out", str(out),
                    "--mark-missing")  # fmt: skip
    assert "王□" in pypdf.PdfReader(out).pages[0].extract_text() and res["serials"]
