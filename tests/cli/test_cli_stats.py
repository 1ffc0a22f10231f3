"""``xueji stats …`` (issue 9 §1) end to end on a real archive.

In-process runs of ``cli.main`` on an archive made with fast KDF parameters: two classes of
2025 with students in several states, a clerk who edited records today (the work log), a
viewer. Files written are read back; every refusal is checked for its exit status, one Chinese
sentence and no file written.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, SCHOOL, add_clerk
from tests.records_fixtures import MAJOR2, add_account, insert_student, setup_structure
from xueji_desktop import cli, cli_stats
from xueji_desktop.core.roles import Role
from xueji_desktop.services import students as student_service
from xueji_desktop.services.archive import Created, login

VIEWER = "viewer1"
VIEWER_PASSWORD = "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Room:
    root: Path
    out: Path  # a folder for the files
    run: Callable[..., tuple[int, str, str]]
    student_no: str  # the student the clerk edited today

    def ok(self, *argv: str, user: str = CLERK) -> Any:
        rc, out, err = self.run(*argv, "--json", user=user)
        assert rc == 0, (argv, out, err)
        assert err == "", err
        return json.loads(out)

    def refused(self, *argv: str, rc: int = 1, user: str = CLERK, zh: bool = True) -> str:
        """Expect ``rc``, nothing on stdout, a Chinese sentence on stderr (argparse's own
        "required" notes stay English, as for every command: ``zh=False``)."""
        code, out, err = self.run(*argv, user=user)
        assert code == rc, (argv, out, err)
        assert out == "", out
        assert CJK.search(err.splitlines()[0]) or not zh, err
        return err


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """``stats`` as cli.py registers it (the same two lines), until the lead has merged them."""
    if "stats" in cli._HANDLERS:
        return
    real = cli.build_parser

    def build() -> argparse.ArgumentParser:
        parser = real()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))

        def cmd(parent: Any, name: str, help_text: str) -> argparse.ArgumentParser:
            sp: argparse.ArgumentParser = parent.add_parser(name, help=help_text)
            cli._globals(sp, suppress=True)
            return sp

        cli_stats.add_parsers(sub, cmd)
        return parser

    monkeypatch.setattr(cli, "build_parser", build)
    handler = cli_stats.checked(cli._records(cli_stats.cmd_stats))
    monkeypatch.setitem(cli._HANDLERS, "stats", handler)


@pytest.fixture
def room(archive: Created, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> Room:
    session = archive.session
    ids = setup_structure(session)
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    for status in ("enrolled", "enrolled", "enrolled", "on_leave"):
        insert_student(session, ids["c1"], status=status, enrolment_month="202509")
    insert_student(session, ids["c2"], status="withdrawn", enrolment_month="202509",
                   major_code=MAJOR2)  # fmt: skip
    edited = insert_student(session, ids["c2"], student_no="2025710299001", name="王小明",
                            enrolment_month="202509", major_code=MAJOR2)  # fmt: skip
    root = session.archive.layout.root
    session.close()
    clerk = login(root, CLERK, CLERK_PASSWORD)
    try:
        student_service.edit_student(clerk, edited, {"phone": "13800000000"}, reason="核对")
    finally:
        clerk.close()
    folder = tmp_path / "out"
    folder.mkdir()

    def run(*argv: str, user: str = CLERK) -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    return Room(root, folder, run, "2025710299001")


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _actions(root: Path) -> list[str]:
    """The audited actions, sign-ins left out (every CLI run signs in)."""
    session = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        rows = session.archive.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")
        return [str(r[0]) for r in rows if not str(r[0]).startswith(("login", "logout"))]
    finally:
        session.close()


# -- show -----------------------------------------------------------------------------------------


def test_show_counts_by_status_as_json_and_text(room: Room) -> None:
    table = room.ok("stats", "show", user=VIEWER)["table"]
    assert table["title"] == "students_by_status" and table["row_heading"] == "学籍状态"
    assert table["columns"] == [{"key": "count", "name": "人数"}]
    by_key = {r["key"]: r for r in table["rows"]}
    assert by_key["enrolled"]["values"] == [4] and by_key["enrolled"]["label"] == "在籍"
    assert by_key["on_leave"]["values"] == [1] and by_key["withdrawn"]["shown"] == ["1"]
    assert table["totals"] == [6]
    rc, out, err = room.run("stats", "show", user=VIEWER)
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "学生人数（按学籍状态）" and lines[1] == "学籍状态\t人数"
    assert "在籍\t4" in lines and lines[-1] == "合计\t6"


def test_show_by_another_dimension_with_filters(room: Room) -> None:
    table = room.ok("stats", "show", "--by", "班级", "--intake", "2025")["table"]
    assert {r["label"]: r["values"][0] for r in table["rows"]} == {
        "2025级计算机1班": 4,
        "2025级会计1班": 2,
    }
    table = room.ok("stats", "show", "--by", "class_group", "--major", "会计事务")["table"]
    assert [r["values"][0] for r in table["rows"]] == [2]
    table = room.ok("stats", "show", "--class", "2025级计算机1班", "--as-of", "2025-10-01")
    assert table["table"]["totals"] == [4]  # no history: the status they have now
    table = room.ok("stats", "show", "--as-of", "2025-08-01")["table"]  # before their intake
    assert table["totals"] == [0]
    rc, out, _ = room.run("stats", "show", "--json", user=VIEWER)
    assert rc == 0 and json.loads(out)["ok"] is True


def test_show_refusals(room: Room) -> None:
    err = room.refused("stats", "show", "--by", "血型", rc=2)
    assert "学籍状态" in err and "生源地" in err  # the choices are listed
    room.refused("stats", "show", "--as-of", "2026-13-01", rc=2)
    room.refused("stats", "show", "--intake", "25", rc=2)
    assert "专业" in room.refused("stats", "show", "--major", "不存在的专业")
    room.refused("stats", "show", "--major", "某" * 5000)
    room.refused("stats", "show", "--class", "不存在的班")


# -- export ---------------------------------------------------------------------------------------


def test_export_the_dashboard_to_excel_and_pdf(room: Room) -> None:
    xlsx, pdf = room.out / "统计.xlsx", room.out / "统计.pdf"
    doc = room.ok("stats", "export", str(xlsx), "--pdf", str(pdf), "--as-of", "2026-09-01")
    assert doc == {"ok": True, "files": [str(xlsx), str(pdf)]}
    wb = openpyxl.load_workbook(xlsx)
    assert len(wb.sheetnames) == 10 and wb.sheetnames[0] == "学生人数（按学籍状态）"
    first = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    assert first[0][0] == SCHOOL and first[1][0] == "学生统计"
    assert "统计日期：2026年9月1日" in first[3][0] and "共 6 名学生" in first[3][0]
    text = _pdf_text(pdf)
    assert "学生统计" in text and "统计日期：2026年9月1日" in text and "各学期学籍异动" in text
    assert _actions(room.root)[-2:] == ["statistics_exported", "statistics_printed"]


def test_export_with_filters_says_so_and_english(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    xlsx = room.out / "a.xlsx"
    room.ok("stats", "export", str(xlsx), "--intake", "2025", "--class", "2025级计算机1班")
    note = [[c.value for c in r] for r in openpyxl.load_workbook(xlsx).worksheets[0].iter_rows()]
    assert "筛选：2025级、班级 2025级计算机1班" in note[3][0]
    assert "按学生现在所在的班级" in note[3][0] and "共 4 名学生" in note[3][0]
    monkeypatch.setenv("XUEJI_LANG", "en")
    rc, out, err = room.run("stats", "export", str(room.out / "en.xlsx"))
    assert rc == 0 and out.startswith("Saved: "), err
    sheets = openpyxl.load_workbook(room.out / "en.xlsx").sheetnames
    assert sheets[0] == "Students by status"


def test_export_refusals_write_nothing(room: Room) -> None:
    existing = room.out / "old.xlsx"
    existing.write_bytes(b"keep")
    before = _actions(room.root)
    room.refused("stats", "export", str(room.out / "a.txt"), rc=2)
    room.refused("stats", "export", str(room.out), rc=2)  # a folder
    room.refused("stats", "export", str(room.out / "a.xlsx"), "--pdf", str(room.out / "a.doc"),
                 rc=2)  # fmt: skip
    # the second file refused: not even the first is written
    room.refused("stats", "export", str(room.out / "new.xlsx"), "--pdf",
                 str(room.out / "missing" / "a.pdf"))  # fmt: skip
    assert "已存在" in room.refused("stats", "export", str(existing))
    room.refused("stats", "export", str(room.out / "b.xlsx"), user=VIEWER, rc=3)
    room.refused("stats", "export", str(room.out / "c.xlsx"), "--major", "无此专业")
    assert sorted(p.name for p in room.out.iterdir()) == ["old.xlsx"]
    assert existing.read_bytes() == b"keep" and _actions(room.root) == before
    room.ok("stats", "export", str(existing), "--overwrite")
    assert existing.read_bytes()[:2] == b"PK"


# -- work statistics and the work log -------------------------------------------------------------


def test_work_per_user_for_the_annual_review(room: Room) -> None:
    today = datetime.date.today()
    since, until = (today - datetime.timedelta(days=365)).isoformat(), today.isoformat()
    xlsx, pdf = room.out / "work.xlsx", room.out / "work.pdf"
    doc = room.ok("stats", "work", "--since", since, "--until", until, "--xlsx", str(xlsx),
                  "--pdf", str(pdf), user=ADMIN)  # fmt: skip
    rows = {r["key"]: r for r in doc["table"]["rows"]}
    names = [c["name"] for c in doc["table"]["columns"]]
    assert "修改更正" in names and doc["table"]["row_heading"] == "用户"
    assert CLERK in rows and rows[CLERK]["values"][names.index("修改更正")] == 1
    assert doc["files"] == [str(xlsx), str(pdf)]
    assert "工作量统计" in _pdf_text(pdf) and CLERK in _pdf_text(pdf)
    sheet = [[c.value for c in r] for r in openpyxl.load_workbook(xlsx).worksheets[0].iter_rows()]
    assert sheet[1][0] == "工作量统计" and "统计期间" in sheet[3][0]
    room.refused("stats", "work", "--since", since, "--until", until, rc=3)  # a clerk
    room.refused("stats", "work", "--since", until, "--until", since, rc=2, user=ADMIN)
    room.refused("stats", "work", "--since", since, rc=2, user=ADMIN, zh=False)


def test_work_log_of_today_on_screen_and_on_paper(room: Room) -> None:
    doc = room.ok("stats", "work-log")
    assert doc["user"] == CLERK and doc["day"] == datetime.date.today().isoformat()
    (entry,) = doc["entries"]
    assert "王小明" in entry["subject"] and room.student_no in entry["subject"]
    rc, out, _ = room.run("stats", "work-log")
    assert rc == 0 and out.splitlines()[0].startswith(f"{CLERK} 在 ") and "王小明" in out
    pdf = room.out / "今日.pdf"
    room.ok("stats", "work-log", "--pdf", str(pdf))
    text = _pdf_text(pdf)
    assert "今日工作记录" in text and "王小明" in text and "经办人签名" in text
    assert _actions(room.root)[-1] == "work_log_printed"
    # an admin may print the clerk's; the viewer may not; another day may be empty
    other = room.ok("stats", "work-log", "--for", CLERK, "--pdf", str(room.out / "c.pdf"),
                    user=ADMIN)  # fmt: skip
    assert other["files"] == [str(room.out / "c.pdf")]
    room.refused("stats", "work-log", "--for", CLERK, user=VIEWER, rc=3)
    rc, out, _ = room.run("stats", "work-log", "--day", "2001-01-01", user=VIEWER)
    assert rc == 0 and "当天没有工作记录。" in out


def test_work_log_refusals(room: Room) -> None:
    room.refused("stats", "work-log", "--day", "2026/11/26", rc=2)
    room.refused("stats", "work-log", "--pdf", str(room.out / "a.txt"), rc=2)
    room.refused("stats", "work-log", "--pdf", str(room.out / "none" / "a.pdf"))
    (room.out / "a.pdf").write_bytes(b"old")
    room.refused("stats", "work-log", "--pdf", str(room.out / "a.pdf"))
    room.refused("stats", "work-log", "--for", "x" * 5000, user=ADMIN)
    assert (room.out / "a.pdf").read_bytes() == b"old"
    assert "work_log_printed" not in _actions(room.root)


@pytest.mark.parametrize(
    "argv",
    [
        ("work", "--since", "0001-01-01", "--until", "2026-12-31"),
        ("work", "--since", "2026-01-01", "--until", "9999-12-31"),
        ("work-log", "--day", "0001-01-01"),
        ("work-log", "--day", "0001-01-02"),
        ("work-log", "--day", "9999-12-31"),
        ("work-log", "--day", "0026-11-26"),
    ],
)
def test_days_out_of_range_are_said_in_words(
    room: Room, argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # They were "internal error (ValueError / OverflowError)"; 0001-01-02 printed "1年1月2日".
    before = _actions(room.root)
    said = room.refused("stats", *argv, rc=2, user=ADMIN)
    assert "超出了可以统计的范围" in said and "1900-01-01 至 2200-12-31" in said
    assert "1年1月" not in said
    monkeypatch.setenv("XUEJI_LANG", "en")
    said = room.refused("stats", *argv, rc=2, user=ADMIN, zh=False)
    assert "outside the days that can be counted" in said
    assert _actions(room.root) == before
