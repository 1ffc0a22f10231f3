"""``xueji student|status-change|grades|health`` (issue #3 §5) end to end on a real archive.

In-process runs of ``cli.main`` against an archive made with fast KDF parameters: a school
structure, one approved student, a clerk and a viewer. Every refusal is checked for its exit
status, one clear sentence (or JSON problems) and an unchanged archive (the content hash, read
through a login).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
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
from xueji_desktop import cli
from xueji_desktop.core.roles import Role
from xueji_desktop.core.template import to_template
from xueji_desktop.services import search
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.content_hash import content_hash

VIEWER = "viewer1"
VIEWER_PASSWORD = "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
CLASS1 = "2025级计算机1班"
CLASS2 = "2025级计算机2班"
CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = datetime.date.today()


@dataclass
class School:
    root: Path
    student_no: str  # an approved, enrolled student of CLASS1
    student_id: int
    id_number: str
    run: Callable[..., tuple[int, str, str]]

    def ok(self, *argv: str, user: str = CLERK) -> Any:
        """Run with --json; expect exit 0 and one JSON object."""
        rc, out, err = self.run(*argv, "--json", user=user)
        assert rc == 0, (argv, out, err)
        assert err == "", err
        return json.loads(out)


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)


@pytest.fixture
def school(archive: Created, capfd: pytest.CaptureFixture[str]) -> School:
    session = archive.session
    ids = setup_structure(session)
    with session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
            "graduation_year) VALUES ('2025-c3', ?, 2025, '710201', '王老师', 2028)",
            (CLASS2,),
        )
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    idn = make_id_number()
    sid = insert_student(session, ids["c1"], student_no="20257102019001", id_number=idn)
    search.rebuild_search_index(session)  # insert_student bypasses the service that keys it
    root = session.archive.layout.root
    session.close()

    def run(*argv: str, user: str = CLERK) -> tuple[int, str, str]:
        capfd.readouterr()
        args = ["--archive", str(root), "--user", user, "--password-stdin", *argv]
        rc = cli.main(args, stdin=io.StringIO(PASSWORDS[user] + "\n"))
        out, err = capfd.readouterr()
        assert "Traceback" not in err and "internal error" not in err, err
        return rc, out, err

    return School(root, "20257102019001", sid, idn, run)


def archive_hash(root: Path) -> str:
    session = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        return content_hash(session.archive.db.conn)
    finally:
        session.close()


def record(**overrides: Any) -> dict[str, Any]:
    """A complete new record keyed by template columns, values as labels."""
    values = student_values(id_number=make_id_number(), **overrides)
    values["class_group"] = CLASS1
    values["family_members"] = [
        {"name": "张大山", "relation": "父亲", "is_guardian": 1, "phone": "13912345678"}
    ]
    return to_template(values)


def write(tmp_path: Path, doc: Any, name: str = "record.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(path)


def one_sentence(err: str) -> str:
    """The refusal's first line: Chinese, no traceback."""
    assert "Traceback" not in err, err
    first = err.splitlines()[0]
    assert CJK.search(first), err
    return first


# -- student add ------------------------------------------------------------------------------


def test_add_prints_the_record_id_and_show_reads_it_back(school: School, tmp_path: Path) -> None:
    doc = record(name="李四")
    rc, out, err = school.run("student", "add", "--from-json", write(tmp_path, doc))
    assert rc == 0, err
    sid = int(re.search(r"#(\d+)", out).group(1))  # type: ignore[union-attr]
    assert "草稿" in out

    shown = school.ok("student", "show", f"#{sid}")["student"]
    for column in ("姓名", "身份证件号", "性别", "民族", "班级名称", "家庭现地址"):
        assert shown[column] == doc[column], column
    assert shown["学号"] == "" and shown["上报状态"] == "草稿" and shown["学籍状态"] == "在籍"
    assert shown["家庭成员"][0]["姓名"] == "张大山"


def test_add_json_shape_and_confirm_assigns_the_student_number(
    school: School, tmp_path: Path
) -> None:
    doc = school.ok("student", "add", "--from-json", write(tmp_path, record()), "--confirm")
    assert set(doc) == {"ok", "记录号", "学号", "上报状态", "missing", "warnings",
                        "likely_duplicates"}  # fmt: skip
    assert doc["ok"] is True and doc["上报状态"] == "已核对"
    assert re.fullmatch(r"2025710201\d{4}", doc["学号"])
    assert doc["missing"] == [] and doc["warnings"] == []
    # the same person once more: refused by the ID number, nothing written
    again = school.run("student", "add", "--from-json", write(tmp_path, record()), "--json")
    assert again[0] == 0  # a new ID number each time: a different person


def test_add_codes_are_accepted_as_well_as_labels(school: School, tmp_path: Path) -> None:
    doc = record()
    doc["性别"], doc["民族"] = "1", "01"  # codes instead of 男, 汉族
    sid = school.ok("student", "add", "--from-json", write(tmp_path, doc))["记录号"]
    shown = school.ok("student", "show", f"#{sid}")["student"]
    assert (shown["性别"], shown["民族"]) == ("男", "汉族")


def test_a_draft_may_lack_required_fields_and_says_which(school: School, tmp_path: Path) -> None:
    doc = record()
    del doc["联系电话"], doc["民族"]
    out = school.ok("student", "add", "--from-json", write(tmp_path, doc))
    assert {"联系电话", "民族"} <= set(out["missing"])
    rc, text, err = school.run("student", "add", "--from-json", write(tmp_path, record() | {
        "联系电话": ""}))  # fmt: skip
    assert rc == 0 and "联系电话" in text, err


def test_confirm_of_an_incomplete_record_saves_nothing(school: School, tmp_path: Path) -> None:
    doc = record()
    del doc["联系电话"]
    before = archive_hash(school.root)
    rc, out, err = school.run("student", "add", "--from-json", write(tmp_path, doc), "--confirm",
                              "--json")  # fmt: skip
    assert rc == 1 and err == ""
    refused = json.loads(out)
    assert refused["ok"] is False and refused["error"] == "record_invalid"
    assert {"field": "联系电话", "code": "required"}.items() <= refused["problems"][0].items()
    assert archive_hash(school.root) == before


def test_a_refused_record_lists_its_problems_by_column(school: School, tmp_path: Path) -> None:
    doc = record()
    idn = doc["身份证件号"]
    doc["身份证件号"] = idn[:-1] + ("0" if idn[-1] != "0" else "1")  # wrong check character
    doc["联系电话"] = "12345"
    path = write(tmp_path, doc)
    before = archive_hash(school.root)

    rc, out, err = school.run("student", "add", "--from-json", path, "--json")
    assert rc == 1 and err == ""
    problems = json.loads(out)["problems"]
    found = {(p["field"], p["code"]) for p in problems}
    assert {("身份证件号", "id_check"), ("联系电话", "phone_format")} <= found
    assert all(set(p) == {"field", "code", "message", "severity"} for p in problems)
    assert all(CJK.search(p["message"]) for p in problems)

    rc, out, err = school.run("student", "add", "--from-json", path)
    assert rc == 1 and out == ""
    assert "没有保存" in one_sentence(err)
    assert any(line.strip().startswith("身份证件号") for line in err.splitlines()[1:])
    assert archive_hash(school.root) == before


# -- garbage through --from-json --------------------------------------------------------------


def _garbage(tmp_path: Path, kind: str) -> str:
    path = tmp_path / f"{kind}.json"
    good = json.dumps(record(), ensure_ascii=False)
    if kind == "missing":
        return str(tmp_path / "no-such-file.json")
    if kind == "directory":
        path.mkdir()
    elif kind == "five_mb":
        path.write_text('{"姓名": "' + "张" * 1_700_000 + '"}', "utf-8")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 40)
    elif kind == "not_utf8":
        path.write_bytes(good.encode("gb18030"))
    elif kind == "truncated":
        path.write_text(good[: len(good) // 2], "utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "array":
        path.write_text(f"[{good}]", "utf-8")
    elif kind == "number":
        path.write_text("42", "utf-8")
    elif kind == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    elif kind == "huge_int":
        path.write_text('{"姓名": ' + "9" * 5000 + "}", "utf-8")
    elif kind == "surrogate":
        path.write_text(good[:-1] + ', "家庭现地址": "\\ud800"}', "utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("missing", "找不到文件"),
        ("directory", "无法读取"),
        ("five_mb", "太大"),
        ("binary", "UTF-8"),
        ("not_utf8", "UTF-8"),
        ("truncated", "不完整"),
        ("empty", "不完整"),
        ("array", "一条记录"),
        ("number", "一条记录"),
        ("deep", "不完整"),
        ("huge_int", "不完整"),
        ("surrogate", "UTF-8"),
    ],
)
def test_a_file_that_is_no_record_is_refused_in_one_sentence(
    school: School, tmp_path: Path, kind: str, said: str
) -> None:
    path = _garbage(tmp_path, kind)
    before = archive_hash(school.root)
    rc, out, err = school.run("student", "add", "--from-json", path)
    assert rc == 1 and out == ""
    assert len(err.splitlines()) == 1 and said in one_sentence(err), err

    rc, out, err = school.run("student", "add", "--from-json", path, "--json")
    assert rc == 1 and err == ""
    doc = json.loads(out)
    assert (doc["ok"], doc["error"]) == (False, "input_file") and said in doc["message"]

    rc, _, err = school.run("student", "edit", school.student_no, "--from-json", path,
                            "--reason", "核对")  # fmt: skip
    assert rc == 1 and said in one_sentence(err)
    assert archive_hash(school.root) == before


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"姓名": ["张", "三"]}, "姓名", "wrong_type"),
        ({"家庭现地址": {"省": "湖南"}}, "家庭现地址", "wrong_type"),
        ({"家庭成员": "张大山"}, "家庭成员", "wrong_type"),
        ({"家庭成员": [["张大山"]]}, "家庭成员1", "wrong_type"),
        ({"宿舍号": "301"}, "宿舍号", "unknown_field"),
        ({"身份证件号": 1.10105e17}, "身份证件号", "id_number_as_number"),
        ({"出生日期": "2010-02-30"}, "出生日期", "date_format"),
        ({"姓名": "张" * 5000}, "姓名", "too_long"),
    ],
)
def test_garbage_values_are_problems_by_column_and_change_nothing(
    school: School, tmp_path: Path, change: dict[str, Any], field: str, code: str
) -> None:
    path = write(tmp_path, record() | change)
    before = archive_hash(school.root)
    rc, out, err = school.run("student", "add", "--from-json", path, "--json")
    assert rc == 1, (out, err)
    problems = json.loads(out)["problems"]
    assert (field, code) in {(p["field"], p["code"]) for p in problems}, problems
    rc, _, err = school.run("student", "add", "--from-json", path)
    assert rc == 1 and "没有保存" in one_sentence(err)
    assert archive_hash(school.root) == before


# -- bad arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (["student", "list", "--limit", "-5"], 2, "1 到 5000"),
        (["student", "list", "--limit", "many"], 2, "1 到 5000"),
        (["student", "list", "--status", "在校"], 2, "不是学籍状态"),
        (["student", "list", "--class", "不存在的班"], 1, "找不到班级"),
        (["student", "show", "2099000000"], 1, "找不到学生"),
        (["student", "show", "#99999999999999999999999"], 1, "找不到学生"),
        (["status-change", "add", "STUDENT", "--kind", "请假", "--date", "2026-01-05"], 2,
         "不是学籍异动的类别"),
        (["status-change", "add", "STUDENT", "--kind", "休学", "--date", "2026-13-01",
          "--expected-return-date", "2027-01-01"], 2, "2026-03-01"),
        (["status-change", "add", "STUDENT", "--kind", "退学", "--date", "2026-01-05",
          "--class", CLASS2], 2, "不需要填写 --class"),
        (["status-change", "preview", "STUDENT", "--kind", "休学"], 2, "--expected-return-date"),
        (["status-change", "revoke", "99999999999999999999999", "--reason", "误"], 2, "编号"),
        (["status-change", "revoke", "-3", "--reason", "误"], 2, ""),
        (["status-change", "revoke", "999", "--reason", "误"], 1, "找不到异动号为 999"),
        (["grades", "set", "STUDENT", "--course", "NOPE", "--term", "2025-2026-1",
          "--score", "80"], 1, "找不到课程"),
        (["grades", "set", "STUDENT", "--course", "GB001", "--term", "2025-2026-1",
          "--score", "180"], 2, "0 到 100"),
        (["grades", "set", "STUDENT", "--course", "GB001", "--term", "2025-2026-1",
          "--score", "nan"], 2, "0 到 100"),
        (["grades", "set", "STUDENT", "--course", "GB001", "--term", "2025-2026-1",
          "--makeup", "70"], 2, "--exam-date"),
        (["student", "report", "STUDENT", "done"], 2, "不在可选范围"),
        (["student", "correct-number", "STUDENT", "身份证", "X1", "--reason", "r"], 2, ""),
    ],
)  # fmt: skip
def test_bad_arguments_are_one_clear_message(
    school: School, argv: list[str], status: int, said: str
) -> None:
    argv = [school.student_no if a == "STUDENT" else a for a in argv]
    before = archive_hash(school.root)
    rc, out, err = school.run(*argv)
    assert rc == status, (out, err)
    assert out == ""
    assert said in err and len(err.splitlines()) <= 2, err  # argparse: usage line + message
    if status == 1:
        one_sentence(err)
    assert archive_hash(school.root) == before


def test_messages_follow_the_language(school: School, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XUEJI_LANG", "en")
    rc, _, err = school.run("student", "show", "2099000000")
    assert rc == 1 and "There is no student" in err and not CJK.search(err.replace("“", ""))
    rc, _, err = school.run("student", "list", "--limit", "0")
    assert rc == 2 and "whole number from 1 to 5000" in err


# -- who sees what ------------------------------------------------------------------------------


def test_viewers_see_masked_id_numbers_clerks_and_admins_full(school: School) -> None:
    for user in (CLERK, ADMIN):
        shown = school.ok("student", "show", school.student_no, user=user)["student"]
        assert shown["身份证件号"] == school.id_number
    shown = school.ok("student", "show", school.student_no, user=VIEWER)["student"]
    assert shown["身份证件号"] != school.id_number and "*" in shown["身份证件号"]
    assert school.id_number not in json.dumps(shown, ensure_ascii=False)
    rc, out, _ = school.run("student", "show", school.student_no, user=VIEWER)
    assert rc == 0 and school.id_number not in out and "*" in out
    listed = school.ok("student", "list", user=VIEWER)["students"]
    assert school.id_number not in json.dumps(listed)
    found = school.ok("student", "search", school.student_no, user=VIEWER)["students"]
    assert found and school.id_number not in json.dumps(found)
    for user in (CLERK, ADMIN):  # §5: in list and search too, clerks and admins see them whole
        listed = school.ok("student", "list", user=user)["students"]
        assert school.id_number in [d["身份证件号"] for d in listed]
        found = school.ok("student", "search", school.student_no, user=user)["students"]
        assert found[0]["身份证件号"] == school.id_number


def test_a_viewer_cannot_write(school: School, tmp_path: Path) -> None:
    before = archive_hash(school.root)
    rc, _, err = school.run("student", "add", "--from-json", write(tmp_path, record()),
                            user=VIEWER)  # fmt: skip
    assert rc == 3 and "没有权限" in one_sentence(err)
    rc, _, err = school.run("student", "void", school.student_no, "--reason", "x", user=VIEWER)
    assert rc == 3
    assert archive_hash(school.root) == before


# -- list, search, edit, void, confirm, report, correct-number ------------------------------------


def test_list_and_search_shapes(school: School) -> None:
    listed = school.ok("student", "list", "--class", CLASS1, "--status", "在籍", "--limit", "5")
    assert [s["学号"] for s in listed["students"]] == [school.student_no]
    assert set(listed["students"][0]) == {"记录号", "学号", "姓名", "性别", "出生日期",
                                          "身份证件号", "专业", "班级名称", "学籍状态",
                                          "上报状态"}  # fmt: skip
    assert school.ok("student", "list", "--status", "休学")["students"] == []
    assert school.ok("student", "list", "--class", CLASS2)["students"] == []

    hits = school.ok("student", "search", "zs")["students"]  # 拼音首字母 of 张三
    assert [h["学号"] for h in hits] == [school.student_no]
    assert hits[0]["姓名"] == "张三" and hits[0]["学籍状态"] == "在籍"
    assert school.ok("student", "search", "zs", "--status", "毕业")["students"] == []
    rc, out, _ = school.run("student", "search", "王五")
    assert rc == 0 and "没有符合条件的学生" in out


def test_edit_a_confirmed_record_needs_a_reason(school: School, tmp_path: Path) -> None:
    path = write(tmp_path, {"联系电话": "13700000000"})
    before = archive_hash(school.root)
    rc, out, _ = school.run("student", "edit", school.student_no, "--from-json", path, "--json")
    assert rc == 1 and json.loads(out)["error"] == "reason_required"
    assert archive_hash(school.root) == before

    doc = school.ok("student", "edit", school.student_no, "--from-json", path, "--reason",
                    "家长换号")  # fmt: skip
    assert doc["ok"] is True and doc["记录号"] == school.student_id
    shown = school.ok("student", "show", school.student_no, "--history")
    assert shown["student"]["联系电话"] == "13700000000"
    assert shown["student"]["上报状态"] == "已核对"  # reported again after a correction
    assert any(h["项目"] == "联系电话" and h["原因"] == "家长换号" for h in shown["history"])


def test_the_output_of_show_can_be_edited_and_fed_back(school: School, tmp_path: Path) -> None:
    doc = school.ok("student", "show", school.student_no)
    doc["student"]["家庭现地址"] = "湖南省邵阳市大祥区学院路2号"
    path = write(tmp_path, doc)
    school.ok("student", "edit", school.student_no, "--from-json", path, "--reason", "搬家")
    assert school.ok("student", "show", school.student_no)["student"]["家庭现地址"].startswith(
        "湖南省邵阳市大祥区"
    )
    # but a changed read-only column is refused, not ignored
    doc["student"]["学籍状态"] = "毕业"
    rc, out, _ = school.run("student", "edit", school.student_no, "--from-json",
                            write(tmp_path, doc), "--reason", "x", "--json")  # fmt: skip
    assert rc == 1 and "学籍状态" in {p["field"] for p in json.loads(out)["problems"]}


def test_void_confirm_and_report(school: School, tmp_path: Path) -> None:
    sid = school.ok("student", "add", "--from-json", write(tmp_path, record()))["记录号"]
    number = school.ok("student", "confirm", f"#{sid}")["学号"]
    assert school.ok("student", "show", number)["student"]["上报状态"] == "已核对"
    rc, out, _ = school.run("student", "confirm", number, "--json")
    assert rc == 1 and "已经核对确认过了" in json.loads(out)["message"]

    rc, out, _ = school.run("student", "report", number, "已核准", "--json")
    assert rc == 1 and "顺序" in json.loads(out)["message"]
    assert school.ok("student", "report", number, "已上报")["上报状态"] == "已上报"
    assert school.ok("student", "report", number, "approved")["上报状态"] == "已核准"

    school.ok("student", "void", number, "--reason", "重复录入")
    shown = school.ok("student", "show", number)["student"]
    assert shown["已作废"] is True and shown["作废原因"] == "重复录入"
    rc, out, err = school.run("student", "void", number, "--reason", "again")
    assert rc == 1 and "已作废" in one_sentence(err)
    rc, _, err = school.run("student", "void", school.student_no, "--reason", "  ")
    assert rc == 1 and "原因" in one_sentence(err)


def test_correct_number_is_for_admins_and_keeps_the_old_one_findable(school: School) -> None:
    rc, _, _ = school.run("student", "correct-number", school.student_no, "学号", "20257102019999",
                          "--reason", "录错")  # fmt: skip
    assert rc == 3
    school.ok("student", "correct-number", school.student_no, "学号", "20257102019999",
              "--reason", "录错", user=ADMIN)  # fmt: skip
    assert school.ok("student", "show", school.student_no)["student"]["学号"] == "20257102019999"


# -- status-change --------------------------------------------------------------------------------


def test_status_change_preview_add_list_revoke(school: School) -> None:
    no = school.student_no
    start, back = TODAY.isoformat(), (TODAY + datetime.timedelta(days=180)).isoformat()
    before = archive_hash(school.root)
    preview = school.ok("status-change", "preview", no, "--kind", "休学",
                        "--expected-return-date", back)  # fmt: skip
    assert preview == {
        "ok": True,
        "异动类别": "休学",
        "异动前状态": "在籍",
        "异动后状态": "休学",
        "changes": [{"项目": "学籍状态", "原值": "在籍", "新值": "休学"}],
    }
    assert archive_hash(school.root) == before  # a preview writes nothing

    leave = school.ok("status-change", "add", no, "--kind", "休学", "--date", start,
                      "--expected-return-date", back,
                      "--document-no", "校学〔2026〕1号")["异动号"]  # fmt: skip
    assert school.ok("student", "show", no)["student"]["学籍状态"] == "休学"
    rc, out, err = school.run("status-change", "add", no, "--kind", "调班", "--date", start,
                              "--class", CLASS2)  # fmt: skip
    assert rc == 1 and "不是休学" not in err and "在籍" in one_sentence(err)
    back_id = school.ok("status-change", "add", no, "--kind", "复学", "--date", start)["异动号"]

    changes = school.ok("status-change", "list", no)["changes"]
    assert [c["异动类别"] for c in changes] == ["休学", "复学"]
    assert changes[0]["内容"] == {"预计复学日期": back}
    assert changes[0]["批准文号"] == "校学〔2026〕1号" and changes[0]["异动后状态"] == "休学"
    assert {"异动号", "生效日期", "上报状态", "已撤销", "撤销原因"} <= set(changes[0])

    rc, out, _ = school.run("status-change", "revoke", str(leave), "--reason", "误登", "--json")
    assert rc == 1 and "最近的一次" in json.loads(out)["message"]
    school.ok("status-change", "revoke", str(back_id), "--reason", "误登")
    assert school.ok("student", "show", no)["student"]["学籍状态"] == "休学"
    changes = school.ok("status-change", "list", no)["changes"]
    assert changes[1]["已撤销"] is True and changes[1]["撤销原因"] == "误登"
    rc, _, err = school.run("status-change", "revoke", str(back_id), "--reason", "again")
    assert rc == 1 and "已经撤销" in one_sentence(err)

    assert school.ok("status-change", "report", str(leave), "已核对")["上报状态"] == "已核对"
    rc, _, err = school.run("status-change", "report", str(leave), "已核准")
    assert rc == 1 and "顺序" in one_sentence(err)


def test_change_of_class_preview_names_the_classes(school: School) -> None:
    preview = school.ok("status-change", "preview", school.student_no, "--kind", "调班",
                        "--class", CLASS2)  # fmt: skip
    assert preview["异动前状态"] == preview["异动后状态"] == "在籍"
    assert {"项目": "班级名称", "原值": CLASS1, "新值": CLASS2} in preview["changes"]
    school.ok("status-change", "add", school.student_no, "--kind", "change_class", "--date",
              TODAY.isoformat(), "--class", CLASS2)  # fmt: skip
    assert school.ok("student", "show", school.student_no)["student"]["班级名称"] == CLASS2
    rc, _, err = school.run("status-change", "preview", school.student_no, "--kind", "调班",
                            "--class", CLASS2)  # fmt: skip
    assert rc == 1 and "已经在这个班级" in one_sentence(err)


def test_a_future_date_is_refused_with_the_field_named(school: School) -> None:
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    rc, out, err = school.run("status-change", "add", school.student_no, "--kind", "退学",
                              "--date", later, "--json")  # fmt: skip
    assert rc == 1 and err == ""
    doc = json.loads(out)
    assert doc["message"] == "生效日期不能晚于今天。"
    assert doc["problems"] == [{"field": "生效日期", "code": "future", "severity": "error",
                                "message": "生效日期不能晚于今天。"}]  # fmt: skip


# -- grades ---------------------------------------------------------------------------------


def test_grades_set_and_show(school: School) -> None:
    no = school.student_no
    assert school.ok("grades", "show", no) == {"ok": True, "grades": []}
    school.ok("grades", "set", no, "--course", "GB001", "--term", "2025-2026-1", "--score", "55")
    school.ok("grades", "set", no, "--course", "GB001", "--term", "2025-2026-1", "--makeup",
              "72", "--exam-date", "2026-02-25")  # fmt: skip
    school.ok("grades", "set", no, "--course", "GB002", "--term", "2025-2026-1", "--label", "优秀")
    grades = school.ok("grades", "show", no)["grades"]
    assert [(g["课程代码"], g["成绩"], g["等级"], g["补考"], g["通过"]) for g in grades] == [
        ("GB001", 55.0, "", 72.0, True),
        ("GB002", None, "优秀", None, True),
    ]
    assert set(grades[0]) == {"学期", "课程代码", "课程", "学分", "成绩", "等级", "补考",
                              "补考日期", "重修", "通过"}  # fmt: skip
    rc, out, _ = school.run("grades", "show", no)
    assert rc == 0 and "补考 72" in out
    rc, out, _ = school.run("grades", "set", no, "--course", "GB002", "--term", "2025-2026-1",
                            "--makeup", "60", "--exam-date", "2026-02-25", "--json")  # fmt: skip
    refused = json.loads(out)
    assert rc == 1 and refused["problems"][0]["code"] == "makeup_after_pass"
    assert "已及格" in refused["problems"][0]["message"]


# -- health ---------------------------------------------------------------------------------


def test_health_reports_a_known_defect_and_exits_zero(archive: Created, school: School) -> None:
    session = login(school.root, ADMIN, ADMIN_PASSWORD)
    try:
        # a male ID number with the female gender code
        bad = insert_student(session, None, student_no="20257102019002", name="王芳",
                             id_number=make_id_number(), gender="2")  # fmt: skip
    finally:
        session.close()
    report = school.ok("health")
    assert set(report) == {"ok", "complete", "counts", "findings"} and report["complete"]
    assert report["counts"]["id_mismatch"] >= 1
    mine = [f for f in report["findings"] if f["记录号"] == bad and f["code"] == "id_mismatch"]
    assert mine and mine[0]["学号"] == "20257102019002" and mine[0]["姓名"] == "王芳"
    assert "性别" in mine[0]["message"] and mine[0]["类别"] == "与身份证件号不一致"
    assert set(mine[0]) == {"code", "类别", "记录号", "学号", "姓名", "message", "params"}
    rc, out, err = school.run("health", user=VIEWER)
    assert rc == 0 and "与身份证件号不一致" in out and "王芳" in out, err
