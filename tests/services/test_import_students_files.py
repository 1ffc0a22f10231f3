"""The messy files of issue 6 §6, each made by the test as a real workbook and read through
services/sheets.py, each with the classification the import must give.

.xls files are made from .xlsx by LibreOffice (skipped only when soffice is not installed).
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import insert_student, make_id_number, setup_structure, student_values
from tests.sheet_files import national_header, national_rows, to_xls, write_xlsx
from xueji_desktop.core import codes
from xueji_desktop.core.template import to_template
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import ImportPlan
from xueji_desktop.services.import_students import (
    commit_students,
    header_mapping,
    plan_students,
)
from xueji_desktop.services.sheets import Sheet, read_sheet
from xueji_desktop.storage.content_hash import content_hash

TODAY = datetime.date(2026, 3, 1)
CLASS = "2025级计算机1班"


@pytest.fixture
def clerk(archive: Created) -> Iterator[Session]:
    setup_structure(archive.session)
    add_clerk(archive)
    session = login(archive.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    yield session
    session.close()


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile of this test session's own; skips when soffice is missing."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return tmp_path_factory.mktemp("lo-profile")


def _record(**overrides: Any) -> dict[str, Any]:
    values = student_values(**overrides)
    values["class_group"] = CLASS
    values["family_members"] = [
        {"name": "张大山", "relation": "父亲", "is_guardian": 1, "phone": "13900001111"},
        {"name": "李秀英", "relation": "母亲", "is_guardian": 0, "phone": "13900002222"},
    ]
    return values


def _plan(session: Session, sheet: Sheet, **kw: Any) -> ImportPlan:
    before = content_hash(session.archive.db.conn)
    plan = plan_students(session, sheet, today=TODAY, **kw)
    assert content_hash(session.archive.db.conn) == before  # every dry run changes nothing
    return plan


def _kinds(plan: ImportPlan) -> dict[int, str]:
    return {r.row: r.kind for r in plan.rows}


def test_the_national_template_with_family_columns(clerk: Session, tmp_path: Path) -> None:
    records = [_record(name="王芳", male=False), _record(name="李明")]
    sheet = read_sheet(write_xlsx(tmp_path / "n.xlsx", national_rows(records)))
    plan = _plan(clerk, sheet)
    assert _kinds(plan) == {2: "new", 3: "new"}, plan.problems()
    assert not plan.notes  # every column of the template is known
    family = plan.rows[0].values["family_members"]
    assert [m["name"] for m in family] == ["张大山", "李秀英"]
    assert [m["is_guardian"] for m in family] == [1, 0]
    assert (
        family[0]["relation"] == to_template(records[0])["家庭成员"][0]["关系"]
        or family[0]["relation"].isdigit()
    )  # stored as the code of 父亲


def test_xls_from_the_national_system(clerk: Session, tmp_path: Path, lo_profile: Path) -> None:
    records = [_record(name="王芳", male=False), _record(name="李明")]
    rows = national_rows(records)
    rows.append(list(rows[1]))  # the national system's export repeats a student
    xlsx = write_xlsx(tmp_path / "national.xlsx", rows, text_columns=(4,),
                      merged_title="新生信息表")  # fmt: skip
    sheet = read_sheet(to_xls(xlsx, profile=lo_profile))
    plan = _plan(clerk, sheet)
    assert plan.header_row == 2
    assert _kinds(plan) == {3: "new", 4: "new", 5: "duplicate"}, plan.problems()
    assert plan.rows[0].values["id_number"] == records[0]["id_number"]


def test_the_1904_date_system_and_serial_dates(clerk: Session, tmp_path: Path) -> None:
    idn = make_id_number("20080305")
    rows = [["姓名", "身份证件号", "出生日期"], ["王芳", idn, datetime.date(2008, 3, 5)]]
    sheet = read_sheet(write_xlsx(tmp_path / "mac.xlsx", rows, date1904=True))
    plan = _plan(clerk, sheet)
    # calamine hands over a real date for a date-formatted cell, whatever the date system
    assert plan.rows[0].values["birth_date"] == "2008-03-05", plan.problems()


def test_several_sheets_the_clerk_chooses_one(clerk: Session, tmp_path: Path) -> None:
    first = [["说明"], ["请在第二个工作表填写"]]
    data = [["姓名", "身份证件号"], ["王芳", make_id_number()]]
    path = write_xlsx(tmp_path / "many.xlsx", first, sheet="说明", extra_sheets=[("名单", data)])
    sheet = read_sheet(path, sheet="名单")
    assert sheet.names == ("说明", "名单")
    assert _kinds(_plan(clerk, sheet)) == {2: "new"}
    index, match = header_mapping(clerk, sheet)
    assert index == 0 and dict(match.columns) == {0: "name", 1: "id_number"}


def test_the_clerk_names_the_header_row(clerk: Session, tmp_path: Path) -> None:
    rows = [
        ["学生名单", "（内部）"],
        ["考生", "证件"],  # headers of the clerk's own: no field name in them
        ["王芳", make_id_number()],
    ]
    sheet = read_sheet(write_xlsx(tmp_path / "own.xlsx", rows))
    plan = _plan(clerk, sheet, header_row=2, mapping={0: "name", 1: "id_number"})
    assert plan.header_row == 2 and _kinds(plan) == {3: "new"}
    assert plan.headers == ("考生", "证件")


def test_garbage_cells_are_row_errors_never_crashes(clerk: Session, tmp_path: Path) -> None:
    ids = [make_id_number("20080305") for _ in range(5)]
    rows: list[list[Any]] = [
        ["姓名", "身份证件号", "出生日期", "入学年月", "是否随迁子女", "家庭现地址"],
        ["王芳", ids[0], True, "202509", "否", "x"],  # a tick box as a date
        ["李明", ids[1], "2008-03-05", "2025年13月", "是", "x"],  # no such month
        ["赵丽", ids[2], "2008-03-05", "202509", "也许", "x"],  # not 是/否
        ["刘洋", ids[3], "2008-03-05", "202509", 1, "长" * 40_000],  # a huge cell
        ["陈静", ids[4], "2008-03-05", 2025.5, 0, "x"],  # a fraction as a month
    ]
    plan = _plan(clerk, read_sheet(write_xlsx(tmp_path / "g.xlsx", rows)))
    assert _kinds(plan) == {2: "error", 3: "error", 4: "error", 5: "error", 6: "error"}
    columns = {p.row: p.column for p in plan.problems() if p.is_error}
    assert len(plan.problems()) < 20  # one reason per bad cell, not a cascade
    assert columns == {
        2: "出生日期",
        3: "入学年月",
        4: "是否随迁子女",
        5: "家庭现地址",
        6: "入学年月",
    }


def test_formula_neutralised_text_comes_back_without_the_apostrophe(
    clerk: Session, tmp_path: Path
) -> None:
    rows = [["姓名", "身份证件号", "家庭现地址"], ["王芳", make_id_number(), "'=建设路1号"]]
    plan = _plan(clerk, read_sheet(write_xlsx(tmp_path / "f.xlsx", rows)))
    assert plan.rows[0].values["home_address"] == "=建设路1号"


def test_an_existing_student_in_a_messy_file(clerk: Session, tmp_path: Path) -> None:
    sid = insert_student(clerk, report_status="draft", name="张三", phone="13800000000")
    idn, sno = clerk.archive.db.conn.execute(
        "SELECT id_number, student_no FROM students WHERE id = ?", (sid,)
    ).fetchone()
    rows = [
        ["学号", "姓名", "身份证号", "联系电话", "民族", "班级"],
        [int(sno), " 张 三 ", "　" + idn.lower(), 13800000000, "汉", ""],  # nothing new
        [None, "李明", make_id_number(), "13912345678", "汉", CLASS],
    ]
    plan = _plan(clerk, read_sheet(write_xlsx(tmp_path / "e.xlsx", rows)))
    assert _kinds(plan) == {2: "unchanged", 3: "new"}, plan.problems()
    rows[1][3] = "13912345670"
    rows[1][5] = CLASS  # a draft may change class
    plan = _plan(clerk, read_sheet(write_xlsx(tmp_path / "e2.xlsx", rows)))
    assert _kinds(plan)[2] == "update"
    changed = {c.field: (c.old, c.new) for c in plan.rows[0].changes}
    assert changed["phone"] == ("13800000000", "13912345670")
    assert changed["class_group"] == ("", CLASS)
    commit_students(clerk, read_sheet(tmp_path / "e2.xlsx"), plan, today=TODAY)
    hist = clerk.archive.db.conn.execute(
        "SELECT field, old_value, new_value, change_kind, reason FROM field_history "
        "WHERE student_id = ? ORDER BY field",
        (sid,),
    ).fetchall()
    class_id = clerk.archive.db.conn.execute(
        "SELECT id FROM class_groups WHERE name = ?", (CLASS,)
    ).fetchone()[0]
    assert hist == [
        ("class_group_id", None, str(class_id), "edit", "Excel 导入"),
        ("phone", "13800000000", "13912345670", "edit", "Excel 导入"),
    ]


def test_header_only_and_empty_rows(clerk: Session, tmp_path: Path) -> None:
    rows: list[list[Any]] = [national_header(), [None] * 5, ["", "  "]]
    plan = _plan(clerk, read_sheet(write_xlsx(tmp_path / "h.xlsx", rows)))
    assert plan.rows == ()


# -- round trip: the demo archive's records, as the template shows them, come back the same ------


def test_demo_records_come_back_the_same(tmp_path: Path, archive: Created) -> None:
    from xueji_desktop.services.demo import create_demo
    from xueji_desktop.services.record_rows import FIELD_COLUMNS, load_family, load_student
    from xueji_desktop.storage.kdf import FAST_FOR_TESTS

    def label_of(table: str, code: object) -> str | None:
        return codes.label_of(table, str(code))

    demo = create_demo(tmp_path / "demo", password="demo-passphrase-1", kdf=FAST_FOR_TESTS,
                       students_per_intake=15)  # fmt: skip
    try:
        conn = demo.session.archive.db.conn
        ids = [r[0] for r in conn.execute("SELECT id FROM students WHERE voided = 0 ORDER BY id")]
        source = []
        for sid in ids:
            record = load_student(conn, sid)
            record["family_members"] = load_family(conn, sid)
            source.append(record)
        majors = conn.execute("SELECT code, name, catalogue_version, program_length FROM majors")
        majors = majors.fetchall()
        classes = conn.execute(
            "SELECT key, name, intake_year, major_code, head_teacher, graduation_year "
            "FROM class_groups"
        ).fetchall()
    finally:
        demo.session.close()
    target = archive.session
    with target.archive.db.atomic() as tconn:
        tconn.executemany("INSERT INTO majors (code, name, catalogue_version, program_length) "
                          "VALUES (?,?,?,?)", majors)  # fmt: skip
        tconn.executemany(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
            "graduation_year) VALUES (?,?,?,?,?,?)",
            classes,
        )
    members = max(len(r["family_members"]) for r in source)
    sheet = read_sheet(write_xlsx(tmp_path / "all.xlsx", national_rows(source, members)))
    today = datetime.date(2026, 12, 31)  # after the demo's newest intake
    plan = plan_students(target, sheet, today=today)
    counts = plan.counts()
    refused = {(p.column, p.code) for p in plan.problems() if p.is_error}
    assert refused <= {("出生日期", "birth_date_mismatch"), ("性别", "gender_mismatch")}
    # the demo plants a few mistakes for the health report: those rows are refused, the rest new
    assert counts["new"] >= len(source) - 10 and counts["new"] + counts["error"] == len(source)
    result = commit_students(target, sheet, plan, valid_only=True, today=today)
    by_row = {r.row: r for r in plan.rows}
    tconn = target.archive.db.conn
    compared = 0
    for n, record in enumerate(source):
        planned = by_row[n + 2]
        if planned.kind != "new":
            continue
        sid = result.ids[compared]
        back = load_student(tconn, sid)
        for col in (*FIELD_COLUMNS, "class_group"):
            if col in ("student_no", "registry_no") and record[col] is None:
                continue
            assert back[col] == record[col], (col, back[col], record[col])
        assert load_family(tconn, sid) == record["family_members"]
        compared += 1
    assert compared == counts["new"] == result.added
