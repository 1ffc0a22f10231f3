"""``xueji import destinations``: a real archive, real .xlsx files; dry run, errors file,
--valid-only, the template, and refusals that change nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import add_account, insert_student, setup_structure
from tests.sheet_files import write_xlsx
from xueji_desktop import cli
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.content_hash import content_hash

VIEWER, VIEWER_PASSWORD = "viewer1", "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
HEAD = ["学号", "姓名", "毕业去向", "单位或学校", "是否对口", "登记日期", "备注"]


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")


class School:
    def __init__(self, root: Path, capfd: pytest.CaptureFixture[str]) -> None:
        self.root, self.capfd = root, capfd

    def run(self, *argv: str, user: str = CLERK) -> tuple[int, str, str]:
        self.capfd.readouterr()
        args = ["--archive", str(self.root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = self.capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    def hash(self) -> str:
        s = login(self.root, ADMIN, ADMIN_PASSWORD)
        try:
            return content_hash(s.archive.db.conn)
        finally:
            s.close()

    def destinations(self) -> list[tuple[object, ...]]:
        s = login(self.root, ADMIN, ADMIN_PASSWORD)
        try:
            rows = s.archive.db.conn.execute(
                "SELECT st.student_no, d.kind, d.recorded_on FROM destinations d"
                " JOIN students st ON st.id = d.student_id ORDER BY st.student_no"
            )
            return [tuple(r) for r in rows.fetchall()]
        finally:
            s.close()


@pytest.fixture
def school(archive: Created, capfd: pytest.CaptureFixture[str]) -> School:
    s = archive.session
    ids = setup_structure(s)
    for n, status in enumerate(("graduated", "graduated", "enrolled"), start=1):
        insert_student(s, ids["c1"], student_no=f"202500{n}", name="张三", status=status)
    add_clerk(archive)
    add_account(s, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    root = s.archive.layout.root
    s.close()
    return School(root, capfd)


def test_dry_run_then_valid_only_with_errors_file(school: School, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "去向.xlsx",
        [
            HEAD,
            ["2025001", "张三", "就业", "某公司", "是", "2026-07-01", None],
            ["2025002", "张三", "升学", "某学院", None, None, None],
            ["2025003", "张三", "参军", None, None, "2026-07-01", None],  # still in school
        ],
        text_columns=(0,),
    )
    before = school.hash()
    rc, out, _err = school.run("import", "destinations", str(path), "--dry-run", "--json")
    doc = json.loads(out)
    assert rc == 1 and doc["new"] == 2 and doc["error"] == 1 and not doc["ok"]
    assert [(p["row"], p["code"]) for p in doc["problems"]] == [(4, "student_not_left")]
    assert "离校" in doc["problems"][0]["message"]
    assert school.hash() == before
    rc, _out, err = school.run("import", "destinations", str(path))  # all or nothing: refused
    assert rc == 1 and err.strip()
    assert school.hash() == before
    errors = tmp_path / "errors.xlsx"
    rc, out, _err = school.run(
        "import", "destinations", str(path), "--valid-only", "--date", "2026-07-05",
        "--errors", str(errors),
    )  # fmt: skip
    assert rc == 0, out
    assert school.destinations() == [
        ("2025001", "employment", "2026-07-01"),
        ("2025002", "further_study", "2026-07-05"),  # the empty 登记日期 took --date
    ]
    ws = load_workbook(errors).active
    assert ws is not None and ws.max_row == 2 and ws.cell(2, 1).value == "2025003"


def test_template_and_usage_errors(school: School, tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    rc, _out, err = school.run(
        "import", "destinations", str(target), "--template", "--class", "2025级计算机1班"
    )
    assert rc == 0, err
    ws = load_workbook(target).active
    assert ws is not None
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[2][:3] == ["学号", "姓名", "毕业去向"]
    assert [v[0] for v in values[3:]] == ["2025001", "2025002"]
    rc, _out, err = school.run("import", "destinations", str(target), "--date", "2026-13-01")
    assert rc == 2 and "2026-13-01" in err


def test_a_viewer_may_not_import_and_garbage_changes_nothing(
    school: School, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", [HEAD, ["2025001", "张三", "就业", "某公司"]])
    before = school.hash()
    rc, _out, _err = school.run("import", "destinations", str(path), user=VIEWER)
    assert rc == 3
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    rc, _out, err = school.run("import", "destinations", str(junk))
    assert rc == 1 and err.strip()
    assert school.hash() == before
