"""``xueji export`` (issue 6 §3, §5) end to end on a real archive: every kind writes its file
(or folder), nothing is written on a refusal, usage errors exit 2 before the password, viewers
are refused (exit 3), no temporary file appears, and exported sheets import back.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
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
TERM1 = "2025-2026-1"
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")


@dataclass
class School:
    root: Path
    ids: dict[str, int]
    run: Callable[..., tuple[int, str, str]]

    def json(self, *argv: str, user: str = CLERK, rc: int = 0) -> Any:
        code, out, err = self.run(*argv, "--json", user=user)
        assert code == rc, (argv, out, err)
        assert err == "", err
        return json.loads(out)

    def hash(self) -> str:
        session = login(self.root, ADMIN, ADMIN_PASSWORD)
        try:
            return content_hash(session.archive.db.conn)
        finally:
            session.close()


def make_school(
    archive: Created, capfd: pytest.CaptureFixture[str], *, students: bool = True
) -> School:
    session = archive.session
    ids = setup_structure(session)
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    if students:
        _two_students(session, ids)
    root = session.archive.layout.root
    session.close()

    def run(*argv: str, user: str = CLERK) -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    return School(root, ids, run)


def _two_students(session: Any, ids: dict[str, int]) -> None:
    insert_student(session, ids["c1"], student_no="20257102019001", name="王小明")
    # A value a spreadsheet would run as a formula: exported neutralised.
    insert_student(session, ids["c1"], student_no="20257102019002", name="李娜",
                   home_address="=HYPERLINK(\"http://x\")")  # fmt: skip


@pytest.fixture
def school(archive: Created, capfd: pytest.CaptureFixture[str]) -> School:
    return make_school(archive, capfd)


@pytest.fixture
def empty_temp(tmp_path: Path) -> Iterator[Path]:
    """Point the temp folder at an empty one: exports must leave nothing there."""
    folder = tmp_path / "tmp-watch"
    folder.mkdir()
    old = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = old


def cells(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_students_export_is_text_safe_and_leaves_no_temp_file(
    school: School, tmp_path: Path, empty_temp: Path
) -> None:
    out = tmp_path / "学生.xlsx"
    doc = school.json("export", "students", "--out", str(out))
    assert doc == {"ok": True, "files": [str(out)]}
    rows = cells(out)
    head = rows[0]
    assert "姓名" in head and "身份证件号" in head
    assert sorted(r[head.index("姓名")] for r in rows[1:]) == ["李娜", "王小明"]
    address = [r[head.index("家庭现地址")] for r in rows[1:] if str(r[head.index("家庭现地址")])
               .lstrip("'").startswith("=")]  # fmt: skip
    assert address == ['\'=HYPERLINK("http://x")']
    ws = openpyxl.load_workbook(out).worksheets[0]
    id_col = head.index("身份证件号") + 1
    assert ws.cell(2, id_col).data_type == "s" and ws.cell(2, id_col).number_format == "@"
    assert list(empty_temp.iterdir()) == []


def test_an_existing_file_needs_overwrite(school: School, tmp_path: Path) -> None:
    out = tmp_path / "名册.xlsx"
    out.write_bytes(b"keep me")
    rc, text, err = school.run("export", "roster", "--class", CLASS1, "--out", str(out))
    assert rc == 1 and text == "" and err.count("\n") == 1
    assert out.read_bytes() == b"keep me"
    rc, text, _ = school.run("export", "roster", "--class", CLASS1, "--out", str(out),
                             "--overwrite")  # fmt: skip
    assert rc == 0 and "已导出" in text and str(out) in text
    assert any("王小明" in (str(c) for c in r) for r in cells(out))


def test_usage_errors_exit_2_before_the_password(
    school: School, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["export", "students", "--out", str(tmp_path / "a.csv")],
        ["export", "students", "--out", str(tmp_path)],
        ["export", "photos", "--out", str(Path(__file__))],
        ["export", "roster", "--out", str(tmp_path / "r.xlsx")],  # --class missing
        ["export", "graduates", "--year", "28", "--out", str(tmp_path / "g.xlsx")],
        ["export", "status-changes", "--since", "2026/1/1", "--out", str(tmp_path / "s.xlsx")],
        ["export", "students", "--status", "快乐", "--out", str(tmp_path / "s.xlsx")],
        ["export", "everything", "--out", str(tmp_path / "s.xlsx")],
    ):
        capfd.readouterr()
        rc = cli.main(["--archive", str(school.root), "--user", CLERK, *argv],
                      stdin=io.StringIO(""))  # fmt: skip
        _, err = capfd.readouterr()
        assert rc == 2, (argv, err)
        assert err.strip() and "Traceback" not in err
    assert list(tmp_path.glob("*.xlsx")) == []


def test_refusals_exit_1_and_write_nothing(school: School, tmp_path: Path) -> None:
    before = school.hash()
    out = tmp_path / "x.xlsx"
    doc = school.json("export", "status-changes", "--out", str(out), rc=1)
    assert doc["error"] == "nothing_to_export" and not out.exists()
    doc = school.json("export", "roster", "--class", "没有这个班", "--out", str(out), rc=1)
    assert doc["error"] == "not_found" and not out.exists()
    doc = school.json("export", "grades", "--class", CLASS1, "--term", "2099-1", "--out",
                      str(out), rc=1)  # fmt: skip
    assert doc["error"] == "not_found" and not out.exists()
    rc, _, err = school.run("export", "photos", "--out", str(tmp_path / "照片"))
    assert rc == 1 and "没有" in err
    assert not (tmp_path / "照片").exists()  # not even the folder it would have made
    assert school.hash() == before


def test_a_viewer_may_not_export(school: School, tmp_path: Path) -> None:
    out = tmp_path / "学生.xlsx"
    rc, _, err = school.run("export", "students", "--out", str(out), user=VIEWER)
    assert rc == 3 and err.strip() and not out.exists()


def test_blank_grade_sheet_for_the_teacher(school: School, tmp_path: Path) -> None:
    out = tmp_path / "成绩登记表.xlsx"
    doc = school.json("export", "template", "--class", CLASS1, "--term", TERM1,
                      "--course", "数学", "--out", str(out))  # fmt: skip
    assert doc["files"] == [str(out)]
    rows = cells(out)
    assert rows[1][:3] == ["学号", "姓名", "成绩"]
    assert sorted(r[0] for r in rows[2:]) == ["20257102019001", "20257102019002"]
    assert all(r[2] is None for r in rows[2:])


def test_head_teacher_sheets_one_file_per_class(school: School, tmp_path: Path) -> None:
    folder = tmp_path / "核对"
    folder.mkdir()
    doc = school.json("export", "head-teacher", "--class", CLASS1, "--out", str(folder))
    [sent] = [Path(f) for f in doc["files"]]
    assert sent.parent == folder
    # The head teacher corrects a phone number; the returned sheet comes back as corrections.
    wb = openpyxl.load_workbook(sent)
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 5) if ws.cell(r, 1).value == "学号")
    heads = [c.value for c in ws[header]]
    phone = heads.index("联系电话") + 1
    row = next(r for r in range(header + 1, ws.max_row + 1)
               if ws.cell(r, 1).value == "20257102019001")  # fmt: skip
    ws.cell(row, phone).value = "13900001111"
    wb.save(sent)
    before = school.hash()
    doc = school.json("import", "students", str(sent), "--mode", "corrections", "--dry-run")
    assert (doc["update"], doc["error"], doc["new"]) == (1, 0, 0)
    [change] = doc["changes"]
    assert change["label"].startswith("王小明") and change["row"] == row
    assert change["changes"] == [{"field": "联系电话", "old": "13812345678", "new": "13900001111"}]
    rc, text, _ = school.run("import", "students", str(sent), "--mode", "corrections",
                             "--dry-run")  # fmt: skip
    assert rc == 0 and "联系电话“13812345678”→“13900001111”" in text
    assert school.hash() == before
    done = school.json("import", "students", str(sent), "--mode", "corrections")
    assert done["updated"] == 1
    session = login(school.root, ADMIN, ADMIN_PASSWORD)
    try:
        conn = session.archive.db.conn
        assert conn.execute("SELECT phone FROM students WHERE student_no = '20257102019001'"
                            ).fetchone()[0] == "13900001111"  # fmt: skip
        why = conn.execute("SELECT details FROM audit_log WHERE action = 'students_imported'"
                           ).fetchone()[0]  # fmt: skip
        assert "班主任核对" in why
    finally:
        session.close()


def test_students_round_trip_into_an_empty_archive(
    school: School, tmp_path: Path, make_archive: Callable[..., Created],
    capfd: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "全部学生.xlsx"
    school.json("export", "students", "--out", str(out))
    other = make_school(make_archive("empty"), capfd, students=False)
    doc = other.json("import", "students", str(out), "--dry-run")
    assert (doc["new"], doc["error"], doc["duplicate"]) == (2, 0, 0), doc["problems"]
    assert other.json("import", "students", str(out))["added"] == 2
    back = tmp_path / "导回.xlsx"
    other.json("export", "students", "--out", str(back))
    assert sorted(map(tuple, cells(back)[1:])) == sorted(map(tuple, cells(out)[1:]))


def test_photos_export_named_by_id_number(school: School, tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "照片"
    folder.mkdir()
    Image.new("RGB", (300, 400), (90, 120, 150)).save(folder / "20257102019001.jpg")
    school.json("import", "photos", str(folder))
    out = tmp_path / "上传"
    doc = school.json("export", "photos", "--out", str(out), "--class", CLASS1)
    [photo] = [Path(f) for f in doc["files"]]
    assert photo.parent == out and photo.suffix == ".jpg" and len(photo.stem) == 18
    assert Image.open(photo).format == "JPEG"


def test_lists_with_nothing_in_them_refuse_cleanly(school: School, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    for argv in (["graduates", "--year", "2028"], ["aid", "--term", TERM1],
                 ["status-changes", "--since", "2026-01-01", "--until", "2026-12-31"]):  # fmt: skip
        doc = school.json("export", *argv, "--out", str(out), rc=1)
        assert doc["error"] == "nothing_to_export" and CJK_RE.search(doc["message"]), argv
    assert not out.exists()


def test_health_report(school: School, tmp_path: Path) -> None:
    out = tmp_path / "体检.xlsx"
    rc, _, err = school.run("export", "health", "--out", str(out))
    if rc == 1:  # a perfectly healthy archive has nothing to report
        assert "没有" in err and not out.exists()
    else:
        assert rc == 0 and out.exists()
        assert cells(out)[0][:2] == ["学号", "姓名"]
