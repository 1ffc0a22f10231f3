"""``xueji discipline …`` (奖惩 on the command line) end to end on a real archive.

In-process runs of ``cli.main``. Every refusal is checked for its exit status, one Chinese
sentence (or JSON) and an unchanged archive (the content hash). Until cli.py registers the
command, the fixture adds it the way cli.py will (``add_parsers`` + ``handlers``).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop import cli, cli_about, cli_discipline
from xueji_desktop.core.roles import Role
from xueji_desktop.services import audit
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.content_hash import content_hash

VIEWER, VIEWER_PASSWORD = "viewer1", "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
CJK = re.compile(r"[\u4e00-\u9fff]")
STUDENT = "20257102019001"


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)
    if "discipline" not in cli._HANDLERS:  # not yet registered in cli.py
        original = cli_about.add_parser

        def add_both(sub: Any, cmd: Any) -> None:
            original(sub, cmd)
            cli_discipline.add_parsers(sub, cmd)

        monkeypatch.setattr(cli_about, "add_parser", add_both)
        monkeypatch.setitem(
            cli._HANDLERS, "discipline", cli_discipline.handlers(cli._login)["discipline"]
        )
    yield


@dataclass
class Room:
    root: Path
    run: Callable[..., tuple[int, str, str]]

    def ok(self, *argv: str, user: str = CLERK) -> Any:
        rc, out, err = self.run(*argv, "--json", user=user)
        assert rc == 0, (argv, out, err)
        assert err == "", err
        return json.loads(out)

    def refused(self, *argv: str, rc: int = 1, user: str = CLERK) -> str:
        """Expect ``rc``, nothing on stdout, a Chinese sentence on stderr, nothing changed."""
        before = archive_hash(self.root)
        code, out, err = self.run(*argv, user=user)
        assert code == rc, (argv, out, err)
        assert out == "", out
        assert CJK.search(err.splitlines()[0]), err
        assert archive_hash(self.root) == before
        return err


def archive_hash(root: Path) -> str:
    session = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        return content_hash(session.archive.db.conn)
    finally:
        session.close()


def audit_actions(root: Path) -> list[str]:
    session = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        return [e.action for e in audit.iter_entries(session.archive.db.conn)]
    finally:
        session.close()


@pytest.fixture
def room(archive: Created, capfd: pytest.CaptureFixture[str]) -> Room:
    session = archive.session
    ids = setup_structure(session)
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    insert_student(session, ids["c1"], student_no=STUDENT)
    root = session.archive.layout.root
    session.close()

    def run(*argv: str, user: str = CLERK) -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    return Room(root, run)


def test_award_and_punishment_are_recorded_listed_and_audited(room: Room) -> None:
    award = room.ok("discipline", "add-award", STUDENT, "--level", "市级", "--title", "三好学生",
                    "--date", "2026-06-01", "--document-no", "市教〔2026〕12号")  # fmt: skip
    punish = room.ok("discipline", "add-punishment", STUDENT, "--level", "serious_warning",
                     "--date", "2025-10-09", "--document-no", "校发〔2025〕3号",
                     "--reason", "考试作弊")  # fmt: skip
    entries = room.ok("discipline", "list", STUDENT)["entries"]
    by_id = {e["记录号"]: e for e in entries}
    assert by_id[award["记录号"]]["类别"] == "奖励" and by_id[award["记录号"]]["名称"] == "三好学生"
    p = by_id[punish["记录号"]]
    assert p["级别"] == "严重警告" and p["文号"] == "校发〔2025〕3号" and p["状态"] == "有效"
    assert audit_actions(room.root).count("reward_punishment_added") == 2
    rc, out, _ = room.run("discipline", "list", STUDENT)
    assert rc == 0 and "三好学生" in out and "严重警告" in out


def test_lift_once_then_neither_lift_nor_annul(room: Room) -> None:
    pid = room.ok("discipline", "add-punishment", STUDENT, "--level", "记过",
                  "--date", "2025-10-09", "--document-no", "校发〔2025〕3号")["记录号"]  # fmt: skip
    err = room.refused("discipline", "lift", str(pid), "--document-no", "校发〔2026〕1号",
                       "--date", "2025-10-01")  # fmt: skip
    assert "早于" in err
    room.ok("discipline", "lift", str(pid), "--document-no", "校发〔2026〕1号",
            "--date", "2026-04-09")  # fmt: skip
    err = room.refused("discipline", "lift", str(pid), "--document-no", "again")
    assert "已经解除" in err
    err = room.refused("discipline", "annul", str(pid), "--reason", "复查")
    assert "已经解除" in err
    entry = room.ok("discipline", "list", STUDENT)["entries"][0]
    assert entry["状态"] == "已解除" and entry["解除日期"] == "2026-04-09"


def test_an_expulsion_is_annulled_never_lifted(room: Room) -> None:
    pid = room.ok("discipline", "add-punishment", STUDENT, "--level", "开除学籍",
                  "--date", "2025-11-01", "--document-no", "校发〔2025〕9号")["记录号"]  # fmt: skip
    room.refused("discipline", "lift", str(pid), "--document-no", "校发〔2026〕2号")
    room.ok("discipline", "annul", str(pid), "--reason", "复查认定处分依据不足")
    err = room.refused("discipline", "lift", str(pid), "--document-no", "x")
    assert "撤销" in err
    assert "punishment_annulled" in audit_actions(room.root)


def test_void_needs_a_reason_and_keeps_the_entry(room: Room) -> None:
    rid = room.ok("discipline", "add-award", STUDENT, "--level", "校级", "--title", "优秀团员",
                  "--date", "2025-05-04")["记录号"]  # fmt: skip
    room.refused("discipline", "void", str(rid), "--reason", "   ", rc=2)
    room.ok("discipline", "void", str(rid), "--reason", "重复录入")
    err = room.refused("discipline", "void", str(rid), "--reason", "再来一次")
    assert "作废" in err
    entry = room.ok("discipline", "list", STUDENT)["entries"][0]
    assert entry["已作废"] is True and entry["作废原因"] == "重复录入"


@pytest.mark.parametrize(
    ("argv", "rc"),
    [
        (
            [
                "add-punishment",
                STUDENT,
                "--level",
                "警告",
                "--date",
                "2025-10-09",
                "--document-no",
                "  ",
            ],
            2,
        ),
        (
            [
                "add-punishment",
                STUDENT,
                "--level",
                "罚站",
                "--date",
                "2025-10-09",
                "--document-no",
                "x",
            ],
            2,
        ),
        (
            [
                "add-punishment",
                STUDENT,
                "--level",
                "警告",
                "--date",
                "2025-13-40",
                "--document-no",
                "x",
            ],
            2,
        ),
        (["add-award", STUDENT, "--level", " ", "--title", "三好学生", "--date", "2025-06-01"], 2),
        (
            [
                "add-award",
                STUDENT,
                "--level",
                "校级",
                "--title",
                "三好学生",
                "--date",
                (datetime.date.today() + datetime.timedelta(days=1)).isoformat(),
            ],
            1,
        ),
        (
            [
                "add-award",
                STUDENT,
                "--level",
                "校级",
                "--title",
                "奖" * 5000,
                "--date",
                "2025-06-01",
            ],
            1,
        ),
        (
            [
                "add-award",
                "99999999999999",
                "--level",
                "校级",
                "--title",
                "三好学生",
                "--date",
                "2025-06-01",
            ],
            1,
        ),
        (["lift", "0", "--document-no", "x"], 2),
        (["lift", "424242", "--document-no", "x"], 1),
        (["annul", "1", "--reason", ""], 2),
    ],
)
def test_garbage_is_refused_and_changes_nothing(room: Room, argv: list[str], rc: int) -> None:
    if rc == 2:  # usage errors come before the archive is opened; argparse's may be English
        before = archive_hash(room.root)
        code, out, err = room.run("discipline", *argv)
        assert code == 2 and out == "" and err.strip()
        assert archive_hash(room.root) == before
    else:
        room.refused("discipline", *argv)


def test_garbage_with_json_is_one_object(room: Room) -> None:
    before = archive_hash(room.root)
    rc, out, err = room.run("discipline", "add-award", STUDENT, "--level", "校级",
                            "--title", "奖" * 500, "--date", "2025-06-01", "--json")  # fmt: skip
    assert rc == 1 and err == ""
    doc = json.loads(out)
    assert doc["ok"] is False and doc["error"] == "record_invalid"
    assert [p["code"] for p in doc["problems"]] == ["too_long"]
    assert archive_hash(room.root) == before


def test_a_viewer_is_not_permitted(room: Room) -> None:
    room.refused("discipline", "add-award", STUDENT, "--level", "校级", "--title", "三好学生",
                 "--date", "2025-06-01", user=VIEWER, rc=3)  # fmt: skip
    assert room.ok("discipline", "list", STUDENT, user=VIEWER)["entries"] == []


def test_english_sentences(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XUEJI_LANG", "en")
    rc, out, _ = room.run("discipline", "add-award", STUDENT, "--level", "校级", "--title",
                          "三好学生", "--date", "2025-06-01")  # fmt: skip
    assert rc == 0 and out.startswith("Recorded as entry number")
    rc, _, err = room.run("discipline", "add-punishment", STUDENT, "--level", "nope", "--date",
                          "2025-06-01", "--document-no", "x")  # fmt: skip
    assert rc == 2 and "is not a kind of punishment" in err
