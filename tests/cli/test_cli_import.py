"""``xueji import`` (issue 6 §5): the JSON and the summary drawn from an ImportPlan, the exit
status, usage errors before the archive opens, and end-to-end runs on a real archive with real
.xlsx files (openpyxl) — a messy file's counts and problems, the error copy, --valid-only, and
garbage files that change nothing.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import (
    add_account,
    insert_student,
    make_id_number,
    setup_structure,
    student_values,
)
from tests.sheet_files import soffice, to_xls, write_xlsx
from xueji_desktop import cli, cli_import
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Role
from xueji_desktop.core.template import to_template
from xueji_desktop.messages_cli_import import CLI_IMPORT_TEXTS
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.import_model import CellProblem, ImportPlan, PlannedRow
from xueji_desktop.storage.content_hash import content_hash

VIEWER = "viewer1"
VIEWER_PASSWORD = "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LibreOffice's own profile for this test session (parallel runs clash otherwise)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")


# -- rendering a hand-made plan ---------------------------------------------------------------


def _cp(row: int, column: str, index: int | None, field: str, code: str, **kw: Any) -> CellProblem:
    return CellProblem(row, column, index, Problem(field, code, **kw))


def sample_plan() -> ImportPlan:
    bad_id = _cp(3, "身份证号", 2, "id_number", "id_check")
    no_name = _cp(4, "姓名", 0, "name", "required")
    odd = _cp(5, "联系电话", 5, "phone", "required", severity="warning")
    rows = (
        PlannedRow(2, "new", label="王小明"),
        PlannedRow(3, "error", label="李娜", problems=(bad_id,)),
        PlannedRow(4, "error", problems=(no_name,)),
        PlannedRow(5, "update", label="张三", student_id=7, problems=(odd,)),
        PlannedRow(6, "duplicate", label="王小明", first_row=2),
        PlannedRow(7, "unchanged", label="赵六", student_id=8),
    )
    return ImportPlan(
        what="students",
        source="新生.xlsx",
        sheet="Sheet1",
        header_row=1,
        headers=("姓名", "性别", "身份证号"),
        columns={0: "name", 2: "id_number"},
        rows=rows,
        notes=(_cp(1, "备用", 6, "", "unknown_column", severity="warning"),),
    )


def test_plan_json_has_the_contract_keys_and_excel_rows() -> None:
    doc = cli_import.plan_json(sample_plan())
    assert {k: doc[k] for k in ("new", "update", "duplicate", "error")} == {
        "new": 1, "update": 1, "duplicate": 1, "error": 2}  # fmt: skip
    assert doc["unchanged"] == 1
    found = [(p["row"], p["column"], p["code"]) for p in doc["problems"]]
    assert found == [(3, "身份证号", "id_check"), (4, "姓名", "required"),
                     (5, "联系电话", "required")]  # fmt: skip
    for p in doc["problems"]:
        assert set(p) >= {"row", "column", "code", "message"}
        assert CJK.search(p["message"]) and "{" not in p["message"]
    assert doc["problems"][1]["message"] == problem_text(Problem("name", "required"), "zh")
    assert doc["notes"][0]["row"] == 1
    json.dumps(doc, ensure_ascii=False)  # plain data only


def test_plan_json_messages_follow_xueji_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XUEJI_LANG", "en")
    doc = cli_import.plan_json(sample_plan())
    assert not any(CJK.search(p["message"]) for p in doc["problems"] if p["code"] == "required")
    assert doc["problems"][1]["message"] == problem_text(Problem("name", "required"), "en")


def test_summary_lists_counts_and_first_problems_in_chinese() -> None:
    lines = cli_import.plan_lines(sample_plan())
    assert lines[0] == "共 6 行：新增 1 行，更新 1 行，无变化 1 行，重复 1 行，有错误 2 行。"
    assert any(line.startswith("第 3 行 身份证号：") for line in lines)
    assert any(line.startswith("第 4 行 姓名：") for line in lines)


def test_summary_cuts_long_problem_lists() -> None:
    rows = tuple(
        PlannedRow(r, "error", problems=(_cp(r, "姓名", 0, "name", "required"),))
        for r in range(2, 40)
    )
    plan = ImportPlan("students", "x.xlsx", "S", 1, ("姓名",), {0: "name"}, rows)
    lines = cli_import.plan_lines(plan, limit=5)
    assert len([ln for ln in lines if ln.startswith("第 ")]) == 5
    assert "还有 33 处问题" in lines[-1] and "--errors" in lines[-1]
    assert "错误文件" in cli_import.plan_lines(plan, limit=5, errors_file=True)[-1]


def test_changes_are_shown_as_labels_field_by_field() -> None:
    from xueji_desktop.cli_import_more import change_lines, changes_json
    from xueji_desktop.services.import_model import FieldChange

    change = (FieldChange("ethnicity", "01", "03"), FieldChange("phone", None, "13900001111"))
    plan = ImportPlan("corrections", "x.xlsx", "S", 1, (), {},
                      (PlannedRow(4, "update", "王小明", 9, changes=change),
                       PlannedRow(5, "unchanged", "李娜", 10)))  # fmt: skip
    assert changes_json(plan) == [{"row": 4, "label": "王小明", "student_id": 9, "changes": [
        {"field": "民族", "old": "汉族", "new": "回族"},
        {"field": "联系电话", "old": "", "new": "13900001111"}]}]  # fmt: skip
    lines = change_lines(plan)
    assert lines == ["更新的内容（1 行）：",
                     "第 4 行 王小明：民族“汉族”→“回族”；联系电话“”→“13900001111”"]  # fmt: skip


def test_marks_cover_errors_and_duplicates_never_warnings() -> None:
    found = cli_import.marks(sample_plan(), "zh")
    assert [(m.row, m.column_index) for m in found] == [(3, 2), (4, 0), (6, None)]
    assert found[2].message == "与第 2 行重复。"
    assert cli_import.left_out_rows(sample_plan()) == [3, 4, 6]


def test_dry_run_exit_rule() -> None:
    plan = sample_plan()
    assert not cli_import.dry_run_ok(plan, valid_only=False)
    assert cli_import.dry_run_ok(plan, valid_only=True)
    clean = ImportPlan("grades", "g.xlsx", "S", 2, (), {}, (PlannedRow(3, "new"),))
    assert cli_import.dry_run_ok(clean, valid_only=False)
    hopeless = ImportPlan("grades", "g.xlsx", "S", 2, (), {}, (PlannedRow(3, "error"),))
    assert not cli_import.dry_run_ok(hopeless, valid_only=True)
    done_before = ImportPlan("grades", "g.xlsx", "S", 2, (), {}, (PlannedRow(3, "unchanged"),))
    assert not cli_import.dry_run_ok(done_before, valid_only=False)  # an import would refuse


@pytest.mark.parametrize("key", sorted(CLI_IMPORT_TEXTS))
def test_every_sentence_has_both_languages(key: str) -> None:
    zh, en = CLI_IMPORT_TEXTS[key]
    assert zh.strip() and en.strip()
    assert re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”]", zh), key  # Chinese text
    names = set(re.findall(r"{(\w+)}", zh))
    assert names == set(re.findall(r"{(\w+)}", en)), key


# -- end to end on a real archive ---------------------------------------------------------------


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

    def count(self, table: str = "students") -> int:
        session = login(self.root, ADMIN, ADMIN_PASSWORD)
        try:
            sql = f"SELECT count(*) FROM {table}"  # noqa: S608 - a test's own table name
            return int(session.archive.db.conn.execute(sql).fetchone()[0])
        finally:
            session.close()


@pytest.fixture
def school(archive: Created, capfd: pytest.CaptureFixture[str]) -> School:
    session = archive.session
    ids = setup_structure(session)
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
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


def student_rows(*names: str, **overrides: Any) -> tuple[list[str], list[list[object]]]:
    """Header and rows in the national template's labels, one valid student per name."""
    rows = [to_template(student_values(name=n, id_number=make_id_number(), **overrides))
            for n in names]  # fmt: skip
    heads = list(rows[0])
    return heads, [[r.get(h, "") for h in heads] for r in rows]


def messy_file(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Three good rows, a wrong ID number (row 5), an impossible birth date (row 6), a copy of
    row 2 (row 7): Excel row numbers as the expected problems name them."""
    heads, rows = student_rows("王小明", "李娜", "张伟")
    idx = {h: i for i, h in enumerate(heads)}
    wrong_id = list(rows[0])
    good = make_id_number()
    wrong_id[idx["身份证件号"]] = good[:17] + ("0" if check_char(good[:17]) != "0" else "1")
    wrong_id[idx["姓名"]] = "赵六"
    no_date = list(rows[1])
    no_date[idx["姓名"]] = "钱七"
    no_date[idx["出生日期"]] = "2010-02-30"
    no_date[idx["身份证件号"]] = make_id_number()
    table = [heads, *rows, wrong_id, no_date, list(rows[0])]
    path = write_xlsx(tmp_path / "新生.xlsx", table, sheet="新生名单",
                      text_columns=(idx["身份证件号"],))  # fmt: skip
    return path, idx


def test_dry_run_of_a_messy_file_reports_rows_and_changes_nothing(
    school: School, tmp_path: Path
) -> None:
    path, _ = messy_file(tmp_path)
    before = school.hash()
    doc = school.json("import", "students", str(path), "--dry-run", rc=1)
    assert (doc["new"], doc["update"], doc["duplicate"], doc["error"]) == (3, 0, 1, 2)
    assert doc["ok"] is False and doc["dry_run"] is True
    errors = [p for p in doc["problems"] if p["severity"] == "error"]
    by_row = {p["row"]: p for p in errors}
    assert sorted(by_row) == [5, 6, 7]
    assert by_row[5]["column"] == "身份证件号" and by_row[5]["code"] == "id_check"
    assert by_row[6]["column"] == "出生日期"
    assert "第 2 行" in by_row[7]["message"]  # the copy names the first row
    assert all(CJK.search(p["message"]) for p in doc["problems"])
    assert school.hash() == before


def test_dry_run_summary_is_chinese_and_exit_status_tells_the_result(
    school: School, tmp_path: Path
) -> None:
    path, _ = messy_file(tmp_path)
    rc, out, err = school.run("import", "students", str(path), "--dry-run")
    assert rc == 1 and err == ""
    assert "新增 3 行" in out and "有错误 2 行" in out and "第 5 行 身份证件号：" in out
    assert "档案库没有任何改动" in out and "--valid-only" in out
    rc, out, _ = school.run("import", "students", str(path), "--dry-run", "--valid-only")
    assert rc == 0, out  # the same command without --dry-run would import the three good rows


def test_clean_file_imports_in_one_go(school: School, tmp_path: Path) -> None:
    heads, rows = student_rows("王小明", "李娜")
    path = write_xlsx(tmp_path / "ok.xlsx", [heads, *rows])
    assert school.json("import", "students", str(path), "--dry-run")["new"] == 2
    assert school.count() == 0
    doc = school.json("import", "students", str(path))
    assert (doc["added"], doc["updated"], doc["skipped"]) == (2, 0, 0)
    assert doc["ok"] is True and doc["dry_run"] is False and doc["errors_file"] is None
    assert school.count() == 2
    # The same file again: every row is in the archive unchanged, so an import has nothing to
    # do and is refused; the dry run says so in advance (exit 1).
    again = school.json("import", "students", str(path), "--dry-run", rc=1)
    assert (again["new"], again["unchanged"], again["error"]) == (0, 2, 0)
    rc, out, _ = school.run("import", "students", str(path), "--dry-run")
    assert rc == 1 and "没有可以导入的行" in out
    rc, _, err = school.run("import", "students", str(path))
    assert rc == 1 and "没有可以导入的行" in err


def test_import_with_errors_is_refused_whole_and_writes_the_error_copy(
    school: School, tmp_path: Path
) -> None:
    import openpyxl

    path, idx = messy_file(tmp_path)
    errors = tmp_path / "错误.xlsx"
    before = school.hash()
    doc = school.json("import", "students", str(path), "--errors", str(errors), rc=1)
    assert doc["ok"] is False and doc["error"] == "import_has_errors"
    assert "没有导入任何数据" in doc["message"]
    assert school.hash() == before
    assert doc["errors_file"] == str(errors)
    ws = openpyxl.load_workbook(errors).active
    assert ws is not None
    assert ws.max_row == 7  # the whole file, header included
    assert ws.cell(5, idx["身份证件号"] + 1).comment is not None
    reasons = [ws.cell(r, ws.max_column).value for r in range(1, 8)]
    assert reasons[0] == "错误原因" and reasons[1] is None and reasons[4] and reasons[5]
    rc, out, err = school.run("import", "students", str(path))
    assert rc == 1 and "没有导入任何数据" in err and "新增 3 行" in out


def test_valid_only_imports_good_rows_and_the_error_copy_keeps_the_rest(
    school: School, tmp_path: Path
) -> None:
    import openpyxl

    path, idx = messy_file(tmp_path)
    errors = tmp_path / "剩下的.xlsx"
    watched = tmp_path / "tmp-watch"
    watched.mkdir()
    old, tempfile.tempdir = tempfile.tempdir, str(watched)
    try:
        doc = school.json("import", "students", str(path), "--valid-only", "--errors", str(errors))
    finally:
        tempfile.tempdir = old
    assert list(watched.iterdir()) == []  # no plaintext copy of the rows anywhere
    assert (doc["added"], doc["updated"]) == (3, 0) and doc["skipped"] == 3
    assert school.count() == 3
    ws = openpyxl.load_workbook(errors).active
    assert ws is not None
    names = [ws.cell(r, idx["姓名"] + 1).value for r in range(2, ws.max_row + 1)]
    assert names == ["赵六", "钱七", "王小明"]  # rows 5, 6 and 7 of the file, nothing imported
    rc, _, _ = school.run("import", "students", str(errors), "--errors", str(errors))
    assert rc == 2  # the error copy may not overwrite the file it reports on


def test_garbage_is_refused_with_one_sentence(school: School, tmp_path: Path) -> None:
    csv = tmp_path / "名单.xlsx"
    csv.write_text("姓名,身份证件号\n王小明,430502201003150011\n", "utf-8")
    before = school.hash()
    rc, out, err = school.run("import", "students", str(csv), "--dry-run")
    assert rc == 1 and out == ""
    assert err.count("\n") == 1 and "不是 Excel 表格" in err
    rc, out, err = school.run("import", "students", str(csv))
    assert rc == 1 and "不是 Excel 表格" in err
    rc, out, err = school.run("import", "students", str(tmp_path / "没有.xlsx"))
    assert rc == 1 and "找不到文件" in err
    doc = school.json("import", "grades", str(csv), rc=1)
    assert doc["error"] == "sheet_unreadable" and doc["ok"] is False
    odd = write_xlsx(tmp_path / "odd.xlsx", [["甲", "乙"], ["1", "2"]])
    rc, _, err = school.run("import", "students", str(odd), "--dry-run")
    assert rc == 1 and "缺少必需的列" in err
    rc, _, err = school.run("import", "students", str(odd), "--sheet", "第二页")
    assert rc == 1 and "没有名为“第二页”的工作表" in err
    empty = write_xlsx(tmp_path / "empty.xlsx", [])
    rc, _, err = school.run("import", "students", str(empty))
    assert rc == 1 and "是空的" in err
    bare = write_xlsx(
        tmp_path / "成绩.xlsx", [["学号", "姓名", "成绩"], ["20257102019001", "王", 80]]
    )
    rc, _, err = school.run("import", "grades", str(bare), "--dry-run")
    assert rc == 1 and CJK.search(err) and len(err.splitlines()) <= 2, err
    assert school.hash() == before


def test_usage_errors_exit_2_before_the_password(
    school: School, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.xlsx"
    for argv in (
        ["import", "students", str(path), "--mode", "everything"],
        ["import", "students", str(path), "--errors", str(tmp_path / "e.csv")],
        ["import", "students", str(path), "--errors", str(path)],
        ["import", "grades"],
        ["import", "lists", str(path)],
    ):
        capfd.readouterr()
        rc = cli.main(["--archive", str(school.root), "--user", CLERK, *argv],
                      stdin=io.StringIO(""))  # fmt: skip
        _, err = capfd.readouterr()
        assert rc == 2, (argv, err)
        assert err.strip() and "Traceback" not in err


def test_a_viewer_may_not_import(school: School, tmp_path: Path) -> None:
    heads, rows = student_rows("王小明")
    path = write_xlsx(tmp_path / "ok.xlsx", [heads, *rows])
    rc, _, err = school.run("import", "students", str(path), "--dry-run", user=VIEWER)
    assert rc == 3 and err.strip()


def test_english_with_xueji_lang(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XUEJI_LANG", "en")
    path, _ = messy_file(tmp_path)
    rc, out, _ = school.run("import", "students", str(path), "--dry-run")
    assert rc == 1 and "3 new" in out and "Row 5, 身份证件号:" in out
    doc = school.json("import", "students", str(path), "--dry-run", rc=1)
    wrong_id = [p for p in doc["problems"] if p["code"] == "id_check"]
    assert wrong_id and wrong_id[0]["message"].startswith("ID number")
    assert not CJK.search(wrong_id[0]["message"])


# -- grades, the national list, photos --------------------------------------------------------

CLASS1 = "2025级计算机1班"
NUMBERS = ("20257102019001", "20257102019002")


def enrol_two(school: School) -> list[int]:
    session = login(school.root, ADMIN, ADMIN_PASSWORD)
    try:
        return [insert_student(session, school.ids["c1"], student_no=no, name=name,
                               report_status="reported")
                for no, name in zip(NUMBERS, ("王小明", "李娜"), strict=True)]  # fmt: skip
    finally:
        session.close()


def test_grade_sheet_round_trip_through_the_teacher(school: School, tmp_path: Path) -> None:
    import openpyxl

    enrol_two(school)
    blank = tmp_path / "数学.xlsx"
    school.json("export", "template", "--class", CLASS1, "--term", "2025-2026-1",
                "--course", "GB001", "--out", str(blank))  # fmt: skip
    wb = openpyxl.load_workbook(blank)
    ws = wb.worksheets[0]
    assert ws.cell(2, 3).value == "成绩"
    ws.cell(3, 3).value = 88
    ws.cell(4, 3).value = 130  # out of range
    wb.save(blank)
    before = school.hash()
    doc = school.json("import", "grades", str(blank), "--dry-run", rc=1)
    assert (doc["new"], doc["error"]) == (1, 1)
    [problem] = [p for p in doc["problems"] if p["severity"] == "error"]
    assert problem["row"] == 4 and problem["column"] == "成绩" and CJK.search(problem["message"])
    assert school.hash() == before
    done = school.json("import", "grades", str(blank), "--valid-only")
    assert (done["added"], done["skipped"]) == (1, 1)
    assert school.count("grades") == 1


def test_grades_take_term_course_and_class_by_name(school: School, tmp_path: Path) -> None:
    enrol_two(school)
    table: list[list[object]] = [["学号", "姓名", "成绩"], [NUMBERS[0], "王小明", 75]]
    path = write_xlsx(tmp_path / "语文.xlsx", table, text_columns=(0,))
    doc = school.json("import", "grades", str(path), "--term", "2025—2026学年第一学期",
                      "--course", "语文", "--class", CLASS1, "--dry-run")  # fmt: skip
    assert (doc["new"], doc["error"]) == (1, 0)
    doc = school.json("import", "grades", str(path), "--term", "2099-1", "--course", "语文",
                      rc=1)  # fmt: skip
    assert doc["error"] == "not_found"


def test_national_list_compares_then_marks_on_request(school: School, tmp_path: Path) -> None:
    ids = enrol_two(school)
    session = login(school.root, ADMIN, ADMIN_PASSWORD)
    try:
        conn = session.archive.db.conn
        rows = [conn.execute("SELECT name, id_number, registry_no FROM students WHERE id = ?",
                             (sid,)).fetchone() for sid in ids]  # fmt: skip
    finally:
        session.close()
    head = ["姓名", "身份证件号", "学籍号", "班级名称", "学籍状态"]
    listed = [
        [rows[0][0], rows[0][1], rows[0][2], CLASS1, "在籍"],
        [rows[1][0], rows[1][1], rows[1][2], CLASS1, "休学"],  # a different 学籍状态
    ]
    path = write_xlsx(tmp_path / "国家.xlsx", [head, *listed], text_columns=(1, 2))
    before = school.hash()
    doc = school.json("import", "national-list", str(path))
    assert doc["ok"] and doc["rows"] == 2 and doc["matched"] == 2
    assert [d["kind"] for d in doc["differences"]] == ["status_differs"]
    diff = doc["differences"][0]
    assert diff["row"] == 3 and diff["field"] == "学籍状态" and "休学" in diff["message"]
    assert school.hash() == before
    rc, out, _ = school.run("import", "national-list", str(path))
    assert rc == 0 and "学籍状态不同" in out and "档案库没有改动" in out
    done = school.json("import", "national-list", str(path), "--mark-approved")
    assert done["updated"] == 1
    assert school.hash() != before


def test_photos_from_a_folder(school: School, tmp_path: Path) -> None:
    from PIL import Image

    enrol_two(school)
    folder = tmp_path / "照片"
    folder.mkdir()
    Image.new("RGB", (300, 400), (200, 180, 160)).save(folder / f"{NUMBERS[0]}.jpg")
    Image.new("RGB", (300, 400), (20, 30, 40)).save(folder / "不认识.jpg")
    (folder / "readme.jpg").write_bytes(b"not an image")
    before = school.hash()
    doc = school.json("import", "photos", str(folder), "--dry-run")
    assert (doc["new"], doc["update"], doc["error"]) == (1, 0, 2)
    assert [m["file"] for m in doc["matched"]] == [f"{NUMBERS[0]}.jpg"]
    assert {p["file"] for p in doc["problems"]} == {"不认识.jpg", "readme.jpg"}
    assert all(CJK.search(p["message"]) for p in doc["problems"])
    assert school.hash() == before
    done = school.json("import", "photos", str(folder))
    assert (done["added"], done["updated"], done["skipped"]) == (1, 0, 2)
    again = school.json("import", "photos", str(folder), "--dry-run")
    assert (again["new"], again["update"]) == (0, 1)


def test_photos_that_match_nobody_exit_1(school: School, tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "照片"
    folder.mkdir()
    Image.new("RGB", (300, 400)).save(folder / "不认识.jpg")
    rc, out, _ = school.run("import", "photos", str(folder), "--dry-run")
    assert rc == 1 and "对不上的 1 张" in out
    rc, _, err = school.run("import", "photos", str(tmp_path / "没有"))
    assert rc == 1 and "找不到" in err


def test_an_old_xls_file_imports_like_the_xlsx(
    school: School, tmp_path: Path, lo_profile: Path
) -> None:
    import openpyxl

    path, idx = messy_file(tmp_path)
    xls = to_xls(path, profile=lo_profile)
    errors = tmp_path / "xls错误.xlsx"
    doc = school.json("import", "students", str(xls), "--dry-run", "--errors", str(errors), rc=1)
    assert (doc["new"], doc["duplicate"], doc["error"]) == (3, 1, 2)
    ws = openpyxl.load_workbook(errors).worksheets[0]
    assert ws.cell(5, idx["身份证件号"] + 1).comment is not None
    assert ws.cell(1, ws.max_column).value == "错误原因"


def test_an_error_file_that_cannot_be_written_stops_the_import_first(
    school: School, tmp_path: Path
) -> None:
    path, _ = messy_file(tmp_path)
    taken = tmp_path / "旧的错误.xlsx"
    taken.write_bytes(b"yesterday's")
    before = school.hash()
    doc = school.json("import", "students", str(path), "--valid-only", "--errors", str(taken),
                      rc=1)  # fmt: skip
    assert doc["error"] == "output_file_error" and school.hash() == before
    assert taken.read_bytes() == b"yesterday's"
    doc = school.json("import", "students", str(path), "--valid-only", "--errors", str(taken),
                      "--overwrite")  # fmt: skip
    assert doc["added"] == 3 and doc["errors_file"] == str(taken)
    assert taken.read_bytes().startswith(b"PK")
