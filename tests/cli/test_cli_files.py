"""``xueji file …`` (issue 8 §6) end to end on a real archive.

In-process runs of ``cli.main`` on an archive made with fast KDF parameters: a class of enrolled
students, a class that graduated this summer (for batch dispatch) and graduates of 1995 and 2003
(the "where is my file" search decades back). Every refusal is checked for its exit status, one
Chinese sentence (or JSON) and an unchanged archive (the content hash).
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop import cli
from xueji_desktop.core.roles import Role
from xueji_desktop.services import search
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.content_hash import content_hash

VIEWER = "viewer1"
VIEWER_PASSWORD = "quiet-harbour-lamp-7"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD}
LEFT_CLASS = "2023级机电1班"
OLD_CLASS = "1992级财会1班"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Room:
    root: Path
    run: Callable[..., tuple[int, str, str]]
    enrolled: list[str]  # 学号 of enrolled students of 2025级计算机1班
    left: list[str]  # 学号 of the class that graduated in 2026
    old: dict[str, str] = field(default_factory=dict)  # name -> 学号 of the 1995 / 2003 graduates

    def ok(self, *argv: str, user: str = CLERK) -> Any:
        """Run with --json; expect exit 0 and one JSON object on stdout, nothing on stderr."""
        rc, out, err = self.run(*argv, "--json", user=user)
        assert rc == 0, (argv, out, err)
        assert err == "", err
        return json.loads(out)

    def refused(self, *argv: str, rc: int = 1, user: str = CLERK, zh: bool = True) -> str:
        """Run without --json; expect ``rc``, nothing on stdout, a Chinese sentence on stderr
        (argparse's own "required" notes stay English, as for every command: ``zh=False``),
        and the archive unchanged."""
        before = archive_hash(self.root)
        code, out, err = self.run(*argv, user=user)
        assert code == rc, (argv, out, err)
        assert out == "", out
        first = err.splitlines()[0]
        assert CJK.search(first) or not zh, err
        assert archive_hash(self.root) == before
        return err


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)


def _class(session: Any, key: str, name: str, intake: int, graduation: int) -> int:
    with session.archive.db.atomic() as conn:
        cur = conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
            "graduation_year) VALUES (?, ?, ?, '710201', '王老师', ?)",
            (key, name, intake, graduation),
        )
        return int(cur.lastrowid)


@pytest.fixture
def room(archive: Created, capfd: pytest.CaptureFixture[str]) -> Room:
    session = archive.session
    ids = setup_structure(session)
    add_clerk(archive)
    add_account(session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    enrolled = [f"2025710201900{i}" for i in range(1, 4)]
    for no in enrolled:
        insert_student(session, ids["c1"], student_no=no)
    left_class = _class(session, "2023-j1", LEFT_CLASS, 2023, 2026)
    left = [f"2023710201800{i}" for i in range(1, 5)]
    for no in left:
        insert_student(session, left_class, student_no=no, status="graduated",
                       graduation_date="2026-06-30")  # fmt: skip
    old_class = _class(session, "1992-c1", OLD_CLASS, 1992, 1995)
    old = {"王建国": "1992010001", "李秀英": "2000030007"}
    insert_student(session, old_class, student_no=old["王建国"], name="王建国",
                   status="graduated", graduation_date="1995-07-01")  # fmt: skip
    insert_student(session, None, student_no=old["李秀英"], name="李秀英",
                   status="graduated", graduation_date="2003-07-01")  # fmt: skip
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

    return Room(root, run, enrolled, left, old)


def archive_hash(root: Path) -> str:
    session = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        return content_hash(session.archive.db.conn)
    finally:
        session.close()


def _class_in(room: Room, key: str, name: str) -> str:
    session = login(room.root, ADMIN, ADMIN_PASSWORD)
    try:
        _class(session, key, name, 2026, 2029)
    finally:
        session.close()
    return name


def locate_one(room: Room, text: str) -> dict[str, Any]:
    found = room.ok("file", "locate", text)["students"]
    assert len(found) == 1, found
    return found[0]


# -- receive ----------------------------------------------------------------------------------


def test_receive_registers_a_delivery_with_contents_missing_and_place(room: Room) -> None:
    a, b = room.enrolled[:2]
    doc = room.ok("file", "receive", a, b, "--kind", "新生入学", "--from", "城关镇初级中学",
                  "--date", "2025-09-01", "--delivered-by", "刘老师",
                  "--contents", "入学登记表=1,照片=2", "--contents", "id_copy=1",
                  "--missing", "录取通知书",
                  "--cabinet", "A3", "--shelf", "2", "--box", "5")  # fmt: skip
    assert doc["ok"] is True and doc["students"] == 2
    intake_id = doc["intake_id"]
    listed = room.ok("file", "intakes")["intakes"]
    assert listed[0]["id"] == intake_id and listed[0]["kind"] == "new_intake"
    assert listed[0]["source"] == "城关镇初级中学" and listed[0]["kind_name"] == "新生入学"
    where = locate_one(room, a)
    assert where["state"] == "in_room" and where["state_name"] == "在档案室"
    assert where["location"] == {"cabinet": "A3", "shelf": "2", "box": "5"}
    assert "received" in [e["kind"] for e in where["events"]]
    rc, out, _ = room.run("file", "locate", b)
    assert rc == 0 and "在档案室：柜 A3，层 2，盒 5" in out


def test_receive_a_whole_class_and_nothing_missing(room: Room) -> None:
    doc = room.ok("file", "receive", "--class", "2025级计算机1班", "--kind", "transfer_in",
                  "--from", "某某中专", "--missing", "无")  # fmt: skip
    assert doc["students"] == 3
    rc, out, err = room.run("file", "intakes")
    assert rc == 0 and "转入" in out and "某某中专" in out, err


def test_receive_refusals_change_nothing(room: Room) -> None:
    a = room.enrolled[0]
    base = ("file", "receive", a, "--kind", "new_intake", "--from", "某中学")
    # malformed before the archive opens: exit 2
    for bad in (
        ("--date", "2025-13-01"),
        ("--date", "01.09.2025"),
        ("--contents", "照片"),
        ("--contents", "照片=-1"),
        ("--contents", "照片=1000"),
        ("--contents", "照片=1,照片=2"),
        ("--missing", "照片,,"),
    ):
        err = room.refused(*base, *bad, rc=2)
        assert "xueji:" in err
    err = room.refused("file", "receive", a, "--kind", "入学", "--from", "x", rc=2)
    assert "新生入学" in err  # the choices are listed
    assert "班级" in room.refused("file", "receive", "--kind", "other", "--from", "x", rc=2)
    err = room.refused("file", "receive", a, "--class", "2025级计算机1班", "--kind", "other",
                       "--from", "x", rc=2)  # fmt: skip
    assert "只能选一种" in err
    # refused by the archive: exit 1
    room.refused("file", "receive", "2099999999", "--kind", "other", "--from", "x")
    room.refused(*base, "--contents", "成绩单的复印件=1")  # an unknown type
    room.refused("file", "receive", a, "--kind", "other", "--from", "某" * 5000)  # huge
    room.refused("file", "receive", a, "--kind", "other", "--from", "")  # empty source
    room.refused("file", "receive", "--class", "没有这个班", "--kind", "other", "--from", "x")
    room.refused(*base, user=VIEWER, rc=3)


def test_receive_json_refusal_names_the_student(room: Room) -> None:
    a = room.enrolled[0]
    before = archive_hash(room.root)
    rc, out, err = room.run("file", "receive", a, "--kind", "other", "--from", "x",
                            "--contents", "没有的材料=1", "--json")  # fmt: skip
    assert rc == 1 and err == ""
    doc = json.loads(out)
    assert doc["ok"] is False and doc["error"] == "record_invalid"
    assert doc["problems"] and all(CJK.search(p["message"]) for p in doc["problems"])
    assert doc["problems"][0]["student"] == a
    assert archive_hash(room.root) == before


# -- lend and return ----------------------------------------------------------------------------


def test_lend_return_and_the_loan_lists(room: Room) -> None:
    a, b = room.enrolled[:2]
    lent = room.ok("file", "lend", a, "--to", "张干事", "--unit", "县人武部",
                   "--purpose", "征兵政审", "--date", "2026-03-01",
                   "--due", "2026-03-15")  # fmt: skip
    assert lent["due_on"] == "2026-03-15" and lent["loan_id"] > 0
    default = room.ok("file", "lend", b, "--to", "陈老师", "--purpose", "班主任查阅",
                      "--date", "2026-03-01")  # fmt: skip
    assert default["due_on"] == "2026-03-31"  # the calendar's 30 days
    where = locate_one(room, a)
    assert where["state"] == "on_loan" and where["loan"]["borrower"] == "张干事"

    overdue = room.ok("file", "loans", "--overdue", "--today", "2026-03-20")
    assert [x["student_no"] for x in overdue["loans"]] == [a]
    assert overdue["loans"][0]["overdue"] is True
    assert room.ok("file", "loans", "--overdue", "--today", "2026-03-10")["loans"] == []
    rc, out, _ = room.run("file", "loans", "--overdue", "--today", "2026-03-10")
    assert rc == 0 and "没有逾期未还的档案" in out
    assert len(room.ok("file", "loans", "--open")["loans"]) == 2

    # a file on loan is not lent again
    err = room.refused("file", "lend", a, "--to", "x", "--purpose", "y", "--date", "2026-03-02")
    assert "借出" in err
    # a return before the loan date is refused
    room.refused("file", "return", a, "--date", "2026-02-01")
    assert room.ok("file", "return", a, "--date", "2026-03-18")["loan_id"] == lent["loan_id"]
    loans = room.ok("file", "loans", "--student", a)["loans"]
    assert loans[0]["returned_on"] == "2026-03-18"
    assert locate_one(room, a)["state"] != "on_loan"
    # nothing to return now
    room.refused("file", "return", a, "--date", "2026-03-19")
    rc, out, _ = room.run("file", "loans")
    assert rc == 0 and "2026-03-18 已还" in out and "陈老师" in out


def test_lend_garbage(room: Room) -> None:
    a = room.enrolled[0]
    room.refused("file", "lend", a, "--to", "x", "--purpose", "y", "--date", "2026-02-30", rc=2)
    room.refused("file", "lend", a, "--to", "x", "--purpose", "y", "--due", "soon", rc=2)
    room.refused("file", "lend", a, "--purpose", "y", rc=2, zh=False)  # no borrower
    room.refused("file", "lend", "2099999999", "--to", "x", "--purpose", "y")  # unknown student
    room.refused("file", "lend", a, "--to", "x" * 10_000, "--purpose", "y")
    room.refused("file", "lend", a, "--to", "x", "--purpose", "y", "--date", "2026-03-01",
                 "--due", "2026-02-01")  # fmt: skip
    room.refused("file", "lend", a, "--to", "x", "--purpose", "y", user=VIEWER, rc=3)
    room.refused("file", "loans", "--today", "2026-01-01", rc=2)  # --today without --overdue
    room.refused("file", "loans", "--limit", "0", rc=2)


# -- dispatch, receipt, void ------------------------------------------------------------------


def test_batch_dispatch_of_a_class_then_receipts(room: Room) -> None:
    preview = room.ok("file", "dispatch", "--class", LEFT_CLASS, "--receiver-kind", "人才服务中心",
                      "--receiver", "某市人才服务中心", "--via", "机要",
                      "--dispatch-no", "JY2026-0001", "--dry-run")  # fmt: skip
    assert preview["dry_run"] is True and len(preview["students"]) == 4
    assert room.ok("file", "dispatches")["dispatches"] == []  # the preview wrote nothing

    done = room.ok("file", "dispatch", "--class", LEFT_CLASS, "--receiver-kind", "talent_centre",
                   "--receiver", "某市人才服务中心", "--via", "confidential_mail",
                   "--dispatch-no", "JY2026-0001", "--date", "2026-07-10")  # fmt: skip
    assert len(done["dispatch_ids"]) == 4 and done["batch_id"]
    listed = room.ok("file", "dispatches", "--batch", done["batch_id"])["dispatches"]
    assert {d["student_no"] for d in listed} == set(room.left)
    assert all(d["via_name"] == "机要" and d["receipt_on"] is None for d in listed)
    # nobody left to send: refused, one sentence
    err = room.refused("file", "dispatch", "--class", LEFT_CLASS, "--receiver-kind", "other",
                       "--receiver", "x", "--via", "other")  # fmt: skip
    assert "没有需要转递" in err

    first = room.left[0]
    assert room.ok("file", "receipt", first, "--date", "2026-07-20", "--signer", "赵科员")["ok"]
    room.refused("file", "receipt", first, "--date", "2026-07-21")  # once only
    room.refused("file", "receipt", "--dispatch", str(done["dispatch_ids"][1]),
                 "--date", "2026-07-01")  # before the dispatch date  # fmt: skip
    waiting = room.ok("file", "dispatches", "--awaiting-receipt")["dispatches"]
    assert first not in {d["student_no"] for d in waiting} and len(waiting) == 3
    late = room.ok("file", "dispatches", "--overdue", "--today", "2026-10-01")["dispatches"]
    assert len(late) == 3
    assert room.ok("file", "dispatches", "--overdue", "--today", "2026-07-31")["dispatches"] == []

    where = locate_one(room, first)
    assert where["state"] == "dispatched"
    assert where["dispatch"]["receiver"] == "某市人才服务中心"
    assert where["dispatch"]["receipt_on"] == "2026-07-20"
    rc, out, _ = room.run("file", "locate", first)
    assert rc == 0 and "2026-07-20 收到回执" in out and "机要 JY2026-0001" in out


def test_dispatch_single_students_and_void(room: Room) -> None:
    a, b = room.left[:2]
    done = room.ok("file", "dispatch", a, b, "--receiver-kind", "school", "--receiver",
                   "某某职业技术学院", "--via", "in_person", "--carrier", "本人")  # fmt: skip
    assert len(done["dispatch_ids"]) == 2
    # One term for the way and one for the person everywhere (专人送达 / 领取人), as in the GUI.
    rc, out, _ = room.run("file", "locate", b)
    assert rc == 0 and "专人送达（领取人 本人）" in out, out
    room.refused("file", "void-dispatch", a, "--reason", "")  # a reason is required
    assert room.ok("file", "void-dispatch", a, "--reason", "接收单位退回")["ok"]
    room.refused("file", "void-dispatch", "--dispatch", str(done["dispatch_ids"][0]),
                 "--reason", "again")  # already voided  # fmt: skip
    assert locate_one(room, a)["state"] != "dispatched"
    voided = room.ok("file", "dispatches", "--student", a, "--include-voided")["dispatches"]
    assert voided[0]["voided_at"] and voided[0]["void_reason"] == "接收单位退回"
    # the file can be sent again
    again = room.ok("file", "dispatch", a, "--receiver-kind", "employer", "--receiver", "某公司",
                    "--via", "other")  # fmt: skip
    assert len(again["dispatch_ids"]) == 1


def test_dispatch_refusals_change_nothing(room: Room) -> None:
    enrolled, left = room.enrolled[0], room.left[0]
    how = ("--receiver-kind", "school", "--receiver", "某学院", "--via", "other")
    err = room.refused("file", "dispatch", enrolled, *how)  # still at school
    assert "在校" in err or "离校" in err
    room.refused("file", "dispatch", left, "--receiver-kind", "school", "--receiver", "x",
                 "--via", "机要", rc=2)  # no --dispatch-no  # fmt: skip
    err = room.refused("file", "dispatch", left, "--receiver-kind", "school", "--receiver", "x",
                       "--via", "专人送达", rc=2)  # no --carrier  # fmt: skip
    assert "专人送达请用 --carrier 给出领取人姓名" in err
    room.refused("file", "dispatch", left, "--receiver-kind", "月球", "--receiver", "x",
                 "--via", "other", rc=2)  # fmt: skip
    room.refused("file", "dispatch", left, *how, "--date", "20260710", rc=2)
    room.refused("file", "dispatch", *how, rc=2)  # nobody named
    room.refused("file", "dispatch", left, "nobody-123", *how)
    room.refused("file", "dispatch", left, "--receiver-kind", "school", "--receiver",
                 "x" * 100_000, "--via", "other")  # fmt: skip
    room.refused("file", "dispatch", left, *how, user=VIEWER, rc=3)
    room.refused("file", "receipt", rc=2)  # neither student nor --dispatch
    room.refused("file", "receipt", left, "--dispatch", "1", rc=2)  # both
    room.refused("file", "receipt", "--dispatch", "abc", rc=2)
    room.refused("file", "receipt", "--dispatch", "9" * 40, rc=2)
    room.refused("file", "receipt", left)  # not dispatched
    room.refused("file", "receipt", "--dispatch", "999")  # no such dispatch
    # a file on loan is not dispatched
    room.ok("file", "lend", left, "--to", "x", "--purpose", "y")
    room.refused("file", "dispatch", left, *how)


# -- shelve, keep -------------------------------------------------------------------------------


def test_shelve_and_keep(room: Room) -> None:
    a, b = room.enrolled[:2]
    assert room.ok("file", "shelve", a, b, "--cabinet", "B1", "--shelf", "3")["changed"] == 2
    assert locate_one(room, b)["location"] == {"cabinet": "B1", "shelf": "3", "box": ""}
    assert room.ok("file", "shelve", a, b, "--cabinet", "B1", "--shelf", "3")["changed"] == 0
    assert room.ok("file", "shelve", "--class", LEFT_CLASS, "--cabinet", "C2")["changed"] == 4
    room.refused("file", "shelve", a, rc=2, zh=False)  # no --cabinet
    room.refused("file", "shelve", a, "--cabinet", "柜" * 5000)
    empty = _class_in(room, "2026-e1", "2026级空班")
    assert "没有学生" in room.refused("file", "shelve", "--class", empty, "--cabinet", "A")
    assert "没有学生" in room.refused("file", "receive", "--class", empty, "--kind", "other",
                                    "--from", "x")  # fmt: skip

    left = room.left[0]
    room.refused("file", "keep", a, "--reason", "学校保存")  # still at school
    room.refused("file", "keep", left, "--reason", "")
    assert room.ok("file", "keep", left, "--reason", "学生未领取")["kept"] is True
    assert locate_one(room, left)["state"] == "kept"
    how = ("--receiver-kind", "school", "--receiver", "某学院", "--via", "other")
    room.refused("file", "dispatch", left, *how)  # a kept file is not sent
    # a class batch leaves the kept file out
    batch = room.ok("file", "dispatch", "--class", LEFT_CLASS, *how, "--dry-run")
    assert left not in json.dumps(batch) and len(batch["students"]) == 3
    assert room.ok("file", "keep", left, "--reason", "找到接收单位", "--undo")["kept"] is False
    assert len(room.ok("file", "dispatch", left, *how)["dispatch_ids"]) == 1


# -- "where is my file" -------------------------------------------------------------------------


def test_where_is_my_file_decades_back(room: Room) -> None:
    wang, li = room.old["王建国"], room.old["李秀英"]
    how = ("--receiver-kind", "hukou_place", "--receiver", "某县人社局", "--via", "机要")
    room.ok("file", "dispatch", wang, *how, "--dispatch-no", "JY1995-17", "--date", "1995-07-20")
    room.ok("file", "receipt", wang, "--date", "1995-08-02")
    room.ok("file", "dispatch", li, *how, "--dispatch-no", "JY2003-3", "--date", "2003-07-15")

    by_name = locate_one(room, "王建国")
    assert by_name["student_no"] == wang and by_name["status"] == "graduated"
    assert by_name["state"] == "dispatched"
    assert by_name["dispatch"]["dispatched_on"] == "1995-07-20"
    assert by_name["dispatch"]["receipt_on"] == "1995-08-02"
    kinds = [e["kind"] for e in by_name["events"]]
    assert kinds.index("dispatched") < kinds.index("receipt")
    assert locate_one(room, li)["dispatch"]["receipt_on"] is None
    rc, out, err = room.run("file", "locate", "李秀英")
    assert rc == 0, err
    assert "2003-07-15 转递给某县人社局（户籍所在地），机要 JY2003-3；回执未收到" in out
    # not registered: a graduate whose file nobody recorded
    rc, out, _ = room.run("file", "locate", room.left[0])
    assert "档案室没有这份纸质档案的登记" in out
    # nobody: exit 0, a sentence
    rc, out, _ = room.run("file", "locate", "查无此人")
    assert rc == 0 and "没有找到" in out
    assert room.ok("file", "locate", "查无此人")["students"] == []
    # any role may look; garbage is refused before the archive opens
    assert room.ok("file", "locate", "王建国", user=VIEWER)["students"]
    assert "500" in room.refused("file", "locate", "x", "--limit", "501", rc=2)
    assert len(room.ok("file", "locate", "20", "--limit", "500")["students"]) == 8
    assert "太长" in room.refused("file", "locate", "王" * 5000)


# -- room papers --------------------------------------------------------------------------------


def test_print_the_room_papers(room: Room, tmp_path: Path) -> None:
    a, b = room.enrolled[:2]
    intake = room.ok("file", "receive", a, b, "--kind", "new_intake", "--from", "城关中学",
                     "--contents", "入学登记表=1", "--cabinet", "A1", "--shelf", "1",
                     "--box", "2")["intake_id"]  # fmt: skip
    receipt = tmp_path / "回执.pdf"
    doc = room.ok("file", "print", "receipt", str(intake), "--out", str(receipt))
    assert doc == {"ok": True, "files": [str(receipt)], "serials": []}
    assert receipt.read_bytes().startswith(b"%PDF-")
    for verb in ("labels", "shelf-list"):
        out = tmp_path / f"{verb}.pdf"
        room.ok("file", "print", verb, "--cabinet", "A1", "--out", str(out))
        assert out.read_bytes().startswith(b"%PDF-")
    rc, out_text, err = room.run("file", "print", "labels", "--class", "2025级计算机1班",
                                 "--per-page", "4", "--out", str(tmp_path / "l4.pdf"))  # fmt: skip
    assert rc == 0 and "已保存" in out_text, err

    # refusals: the file exists, no such batch, nothing on that shelf, not a PDF, a viewer
    err = room.refused("file", "print", "receipt", str(intake), "--out", str(receipt))
    assert "已存在" in err
    room.refused("file", "print", "receipt", "77", "--out", str(tmp_path / "x.pdf"))
    room.refused("file", "print", "labels", "--cabinet", "Z9", "--out", str(tmp_path / "y.pdf"))
    room.refused("file", "print", "receipt", "1", "--out", str(tmp_path / "x.txt"), rc=2)
    room.refused("file", "print", "receipt", "1", "--out", str(tmp_path / "none" / "x.pdf"))
    room.refused("file", "print", "labels", "--per-page", "5", "--out", str(tmp_path / "z.pdf"),
                 rc=2, zh=False)  # fmt: skip
    room.refused("file", "print", "receipt", str(intake), "--out", str(tmp_path / "v.pdf"),
                 user=VIEWER, rc=3)  # fmt: skip
    assert not any(tmp_path.glob("[xyzv].pdf"))
    assert room.ok("file", "print", "receipt", str(intake), "--out", str(receipt),
                   "--overwrite")["ok"]  # fmt: skip


def test_print_the_dispatch_slips_of_a_batch(room: Room, tmp_path: Path) -> None:
    done = room.ok("file", "dispatch", "--class", LEFT_CLASS, "--receiver-kind", "talent_centre",
                   "--receiver", "某市人才服务中心", "--address", "某市人民路1号",
                   "--via", "机要", "--dispatch-no", "JY-9")  # fmt: skip
    slips = tmp_path / "转递单.pdf"
    doc = room.ok("file", "print", "slips", "--batch", done["batch_id"], "--out", str(slips))
    assert len(doc["serials"]) == 4 and slips.read_bytes().startswith(b"%PDF-")
    listed = room.ok("file", "dispatches", "--batch", done["batch_id"])["dispatches"]
    assert sorted(d["document_serial"] for d in listed) == sorted(doc["serials"])
    # issued once: printing them again is refused and registers nothing
    again = tmp_path / "again.pdf"
    room.refused("file", "print", "slips", str(done["dispatch_ids"][0]), "--out", str(again))
    room.refused("file", "print", "slips", "--out", str(again), rc=2)  # none named
    room.refused("file", "print", "slips", "--batch", "nope", "--out", str(again))
    assert not again.exists()


# -- the README's lines -------------------------------------------------------------------------


def test_the_readme_paper_file_commands_work(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.cli.test_readme import readme_commands
    from xueji_desktop.services.demo import DEMO_PASSWORD, create_demo
    from xueji_desktop.storage.kdf import FAST_FOR_TESTS

    commands = readme_commands("Paper files (纸质档案")
    assert len(commands) >= 8
    created = create_demo(tmp_path / "demo", seed=1, password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS)
    created.session.close()
    env = dict(os.environ, XUEJI_ARCHIVE=str(tmp_path / "demo"), P=DEMO_PASSWORD)
    xueji = f"{sys.executable} -m xueji_desktop.cli"
    for command in commands:
        command = command.replace("/tmp/", f"{tmp_path}/")
        command = command.replace(".venv/bin/xueji", xueji).replace("$P", '"$P"')
        done = subprocess.run(  # noqa: S602 - the README line is the test input
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "internal error" not in done.stderr
    assert (tmp_path / "shelf.pdf").read_bytes().startswith(b"%PDF-")


def test_english_and_any_role_reads(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    a = room.enrolled[0]
    room.ok("file", "lend", a, "--to", "Mr Zhang", "--purpose", "review", "--date", "2026-03-01")
    assert len(room.ok("file", "loans", "--open", user=VIEWER)["loans"]) == 1
    assert room.ok("file", "dispatches", user=VIEWER)["dispatches"] == []
    assert room.ok("file", "intakes", user=VIEWER)["intakes"] == []
    monkeypatch.setenv("XUEJI_LANG", "en")
    rc, out, err = room.run("file", "locate", a)
    assert rc == 0 and "Lent to Mr Zhang on 2026-03-01, due back 2026-03-31" in out, err
    rc, out, err = room.run("file", "lend", a, "--to", "x", "--purpose", "y", "--date", "03/01")
    assert rc == 2 and "Dates are written like 2026-03-01" in err
    rc, out, err = room.run("file", "dispatch", a, "--receiver-kind", "school", "--receiver", "x",
                            "--via", "in_person")  # fmt: skip
    assert rc == 2 and "add --carrier" in err


class _FailingOs:
    """documents_files' ``os`` with one call failing as a full disk does (the rest untouched)."""

    def __init__(self, failing: str) -> None:
        self._failing = failing

    def __getattr__(self, name: str) -> Any:
        if name == self._failing:

            def fail(*_args: object, **_kw: object) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            return fail
        return getattr(os, name)


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_file_that_cannot_be_written_leaves_nothing_issued_or_audited(
    room: Room, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The disk fills up while the PDF is written (fsync) or renamed into place (replace): no
    slip is issued, no dispatch gets a serial, no printing is audited, no file or temporary file
    is left; the dispatch gets its slip once the disk has room again."""
    from xueji_desktop.services import documents_files

    done = room.ok("file", "dispatch", room.left[0], "--receiver-kind", "school", "--receiver",
                   "某学院", "--via", "other")  # fmt: skip
    dispatch = str(done["dispatch_ids"][0])
    a, b = room.enrolled[:2]
    intake = room.ok("file", "receive", a, b, "--kind", "new_intake", "--from", "城关中学",
                     "--contents", "入学登记表=1", "--cabinet", "A1")["intake_id"]  # fmt: skip
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(documents_files, "os", _FailingOs(failing))
    for argv in (
        ("slips", dispatch),
        ("receipt", str(intake)),
        ("labels", "--cabinet", "A1"),
        ("shelf-list", "--cabinet", "A1"),
    ):
        err = room.refused("file", "print", *argv, "--out", str(folder / "s.pdf"))
        assert "磁盘" in err or "空间" in err, err  # the full disk, said as such
        assert list(folder.iterdir()) == [], argv  # no file, no temporary file
    monkeypatch.undo()
    listed = room.ok("file", "dispatches")["dispatches"]
    assert [d["document_serial"] for d in listed] == [None]
    doc = room.ok("file", "print", "slips", dispatch, "--out", str(folder / "s.pdf"))
    assert len(doc["serials"]) == 1 and (folder / "s.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "s.pdf").stat().st_mode & 0o077 == 0  # owner-only, like every PDF


def test_bytes_that_are_not_text_are_refused_before_the_archive_opens(room: Room) -> None:
    junk = b"\xff\xfe".decode("utf-8", "surrogateescape")  # what Python makes of such argv
    a = room.enrolled[0]
    for argv in (
        ("file", "locate", junk),
        ("file", "lend", a, "--to", junk, "--purpose", "x"),
        ("file", "receive", a, "--kind", "other", "--from", "x", "--contents", f"{junk}=1"),
        ("file", "shelve", a, "--cabinet", junk),
    ):
        assert "UTF-8" in room.refused(*argv, rc=2)
