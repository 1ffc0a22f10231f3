"""Student import: dry run and all-or-nothing commit (issue 6 §1, §6).

Real encrypted archives and real workbooks (tests/sheet_files.py) read by services/sheets.py.
Each case says which rows become new, update, unchanged, duplicate or error, and that a dry
run, a refused commit, a cancel and a crash leave the archive's content hash as it was.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import (
    MAJOR,
    MAJOR2,
    insert_student,
    make_id_number,
    setup_structure,
    student_values,
)
from tests.sheet_files import national_rows, write_xlsx
from xueji_desktop.core.errors import (
    ImportColumnsMissing,
    ImportHasErrors,
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
)
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import import_layouts, search
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import ImportPlan
from xueji_desktop.services.import_students import commit_students, plan_students
from xueji_desktop.services.sheets import Sheet, read_sheet
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

TODAY = datetime.date(2026, 3, 1)
CLASS = "2025级计算机1班"


@pytest.fixture
def clerk(archive: Created) -> Session:
    setup_structure(archive.session)
    add_clerk(archive)
    session = login(archive.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    yield session
    session.close()


def _hash(session: Session) -> str:
    return content_hash(session.archive.db.conn)


def _record(**overrides: Any) -> dict[str, Any]:
    values = student_values(**overrides)
    values["class_group"] = CLASS
    values.setdefault(
        "family_members",
        [{"name": "张大山", "relation": "父亲", "is_guardian": 1, "phone": "13900001111"}],
    )
    return values


def _sheet(tmp_path: Path, rows: list[list[Any]], name: str = "s.xlsx", **kw: Any) -> Sheet:
    return read_sheet(write_xlsx(tmp_path / name, rows, **kw))


def _plan(session: Session, sheet: Sheet, **kw: Any) -> ImportPlan:
    kw.setdefault("today", TODAY)
    return plan_students(session, sheet, source="s.xlsx", **kw)


def _kinds(plan: ImportPlan) -> dict[int, str]:
    return {r.row: r.kind for r in plan.rows}


def _codes(plan: ImportPlan, row: int) -> set[str]:
    return {p.code for r in plan.rows if r.row == row for p in r.problems}


# -- new students ----------------------------------------------------------------------------


def test_a_national_template_sheet_is_planned_then_committed(
    clerk: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [_record(name=n) for n in ("王芳", "李明", "赵丽")]
    sheet = _sheet(tmp_path, national_rows(records), text_columns=(4,))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # no student data in temporary files
    before = _hash(clerk)
    plan = _plan(clerk, sheet)
    assert _hash(clerk) == before  # the dry run wrote nothing
    assert plan.counts()["new"] == 3, [(r.row, r.problems) for r in plan.rows]
    assert plan.header_row == 1 and [r.row for r in plan.rows] == [2, 3, 4]
    assert not plan.has_errors
    result = commit_students(clerk, sheet, plan, today=TODAY)
    assert (result.added, result.updated, result.skipped) == (3, 0, 0)
    conn = clerk.archive.db.conn
    rows = conn.execute(
        "SELECT name, report_status, created_by, class_group_id IS NOT NULL, ethnicity "
        "FROM students ORDER BY id"
    ).fetchall()
    assert [r[0] for r in rows] == ["王芳", "李明", "赵丽"]
    assert all(r[1] == "draft" and r[2] == CLERK and r[3] and r[4] == "01" for r in rows)
    family = conn.execute("SELECT count(*) FROM family_members").fetchone()[0]
    assert family == 3
    keys = conn.execute(
        "SELECT count(DISTINCT student_id) FROM search_keys WHERE student_id BETWEEN ? AND ?",
        (min(result.ids), max(result.ids)),
    ).fetchone()[0]
    assert keys == 3  # findable by name at once
    audit = conn.execute(
        "SELECT actor, details FROM audit_log WHERE action = 'students_imported'"
    ).fetchall()
    assert len(audit) == 1 and audit[0][0] == CLERK
    assert '"added":3' in audit[0][1].replace(" ", "")
    for r in records:  # no names or ID numbers in the audit entry
        assert r["name"] not in audit[0][1] and r["id_number"] not in audit[0][1]
    assert list(temp.iterdir()) == []


def test_messy_cells_are_read_as_the_clerk_meant(clerk: Session, tmp_path: Path) -> None:
    header = [
        "序号",
        " 姓 名 ",
        "性别",
        "出生日期",
        "身份证号",
        "民族",
        "班级",
        "入学年月",
        "联系电话",
    ]
    ids = [make_id_number("20080305", male=bool(n % 2)) for n in range(7)]
    rows: list[list[Any]] = [
        header,
        [1, "王芳", "女", datetime.datetime(2008, 3, 5), ids[0], "汉", CLASS, 202509, 13812345678],
        [2, "李明", "男", "2008/3/5", ids[1], "汉族", CLASS, "2025-09", "13812345679"],
        [3, "赵丽", "女", "2008年3月5日", ids[2], "01", CLASS, "2025年9月", "13812345670"],
        [4, "刘洋", "男", 20080305, ids[3], 1, CLASS, "202509", "13812345671"],
        [
            5,
            "　陈静　",
            "女",
            "2008-03-05",
            "　" + ids[4] + " ",
            "汉",
            CLASS,
            "202509",
            "１３８１２３４５６７２",
        ],
        [None, None, None, None, None, None, None, None, None],  # an empty row
        [6, "周杰", "男", 39512, ids[5], "汉", CLASS, "202509", "13812345673"],  # a serial
    ]
    sheet = _sheet(tmp_path, rows, merged_title="2025级新生名单（招生办）", text_columns=(4,))
    plan = _plan(clerk, sheet)
    assert plan.header_row == 2  # the merged title line above is skipped
    assert set(_kinds(plan).values()) == {"new"}, [(r.row, r.problems) for r in plan.rows]
    assert sorted(_kinds(plan)) == [3, 4, 5, 6, 7, 9]  # row 8 is empty
    values = {r.row: r.values for r in plan.rows}
    assert {v["birth_date"] for v in values.values()} == {"2008-03-05"}
    assert {v["ethnicity"] for v in values.values()} == {"01"}
    assert values[7]["name"] == "陈静" and values[7]["phone"] == "13812345672"
    assert values[7]["id_number"] == ids[4]
    assert {v["id_type"] for v in values.values()} == {"1"}  # 身份证号 says which ID it is
    assert any(n.code == "column_unknown" and n.column == "序号" for n in plan.notes)


def test_id_numbers_excel_turned_into_numbers_are_refused(clerk: Session, tmp_path: Path) -> None:
    idn = make_id_number("20080305")
    rows = [
        ["姓名", "身份证件号", "出生日期"],
        ["王芳", float(idn[:17] + "0"), "2008-03-05"],  # a number cell: digits lost
        ["李明", "4.30502E+17", "2008-03-05"],  # what Excel shows, pasted as text
        ["赵丽", idn, True],  # a tick box in a date column
    ]
    plan = _plan(clerk, _sheet(tmp_path, rows))
    assert _kinds(plan) == {2: "error", 3: "error", 4: "error"}
    # one reason per bad cell: not also "required" for the ID number that could not be read
    errors = {r.row: {p.code for p in r.problems if p.is_error} for r in plan.rows}
    assert errors[2] == {"number_lost_digits"}
    assert errors[3] == {"scientific"}
    assert "cell_wrong_type" in errors[4]
    problem = next(p for p in plan.problems() if p.code == "number_lost_digits")
    assert (problem.row, problem.column, problem.column_index) == (2, "身份证件号", 1)
    assert "15" in problem_text(problem.problem, "zh")


def test_duplicates_in_the_file_name_the_first_row(clerk: Session, tmp_path: Path) -> None:
    a, b = make_id_number(), make_id_number()
    rows = [
        ["姓名", "身份证件号", "学号"],
        ["王芳", a, "2025000001"],
        ["李明", b, "2025000002"],
        ["王芳", a.lower(), ""],  # the same ID number, written in lower case
        ["赵丽", make_id_number(), "2025000002"],  # another ID, the same 学号
        ["钱多", "", "2025000003"],  # no ID number: nothing to find the record by next time
    ]
    progress: list[tuple[int, int]] = []
    plan = _plan(clerk, _sheet(tmp_path, rows), progress=lambda d, t: progress.append((d, t)))
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)
    assert _kinds(plan) == {2: "new", 3: "new", 4: "duplicate", 5: "duplicate", 6: "error"}
    assert "required" in _codes(plan, 6)
    dup = {r.row: r for r in plan.rows if r.kind == "duplicate"}
    assert dup[4].first_row == 2 and dup[5].first_row == 3
    problem = next(p for p in dup[4].problems if p.code == "duplicate_in_file")
    assert problem.problem.params["row"] == "2" and problem.column == "身份证件号"
    assert "第 2 行" in problem_text(problem.problem, "zh")
    with pytest.raises(ImportHasErrors) as refused:
        commit_students(clerk, _sheet(tmp_path, rows), plan, today=TODAY)
    assert refused.value.fields["count"] == 3


def test_a_mistake_already_in_the_record_does_not_block_an_unrelated_change(
    clerk: Session, tmp_path: Path
) -> None:
    # The record's birth date disagrees with its ID number (the data-health report's business);
    # a sheet that repeats the ID number and changes the phone is an update, not an error.
    sid = insert_student(clerk, phone="13800000000")
    conn = clerk.archive.db.conn
    with clerk.archive.db.atomic():
        conn.execute("UPDATE students SET birth_date = '2010-01-01' WHERE id = ?", (sid,))
    idn = conn.execute("SELECT id_number FROM students WHERE id = ?", (sid,)).fetchone()[0]
    rows = [["姓名", "身份证件号", "联系电话"], ["张三", idn, "13912345678"]]
    plan = _plan(clerk, _sheet(tmp_path, rows))
    assert _kinds(plan) == {2: "update"}, plan.problems()
    # the same sheet with the birth date changed to another wrong one is judged, and refused
    rows = [["姓名", "身份证件号", "出生日期"], ["张三", idn, "2010-02-02"]]
    plan = _plan(clerk, _sheet(tmp_path, rows, name="t.xlsx"))
    assert _codes(plan, 2) == {"birth_date_mismatch"}


def test_an_existing_student_is_an_update_with_field_changes(
    clerk: Session, tmp_path: Path
) -> None:
    sid = insert_student(clerk, report_status="approved", phone="13800000000")
    idn = clerk.archive.db.conn.execute(
        "SELECT id_number, student_no FROM students WHERE id = ?", (sid,)
    ).fetchone()
    rows = [
        ["姓名", "身份证件号", "联系电话", "民族", "学号"],
        ["张三", idn[0], "13912345678", "汉族", idn[1]],  # phone changes; the rest is the same
        ["李明", make_id_number(), "13912345679", "汉", ""],
    ]
    sheet = _sheet(tmp_path, rows)
    plan = _plan(clerk, sheet)
    assert _kinds(plan) == {2: "update", 3: "new"}
    update = plan.rows[0]
    assert update.student_id == sid
    assert [(c.field, c.old, c.new) for c in update.changes] == [
        ("phone", "13800000000", "13912345678")
    ]
    result = commit_students(clerk, sheet, plan, reason="招生办名单更正", today=TODAY)
    assert (result.added, result.updated) == (1, 1)
    conn = clerk.archive.db.conn
    phone, report = conn.execute(
        "SELECT phone, report_status FROM students WHERE id = ?", (sid,)
    ).fetchone()
    assert phone == "13912345678"
    assert report == "confirmed"  # corrected after 上报: to be reported again
    hist = conn.execute(
        "SELECT field, old_value, new_value, reason, change_kind FROM field_history "
        "WHERE student_id = ? ORDER BY id",
        (sid,),
    ).fetchall()
    assert ("phone", "13800000000", "13912345678", "招生办名单更正", "correction") in hist
    again = _plan(clerk, sheet)
    assert _kinds(again) == {2: "unchanged", 3: "unchanged"}


def test_numbers_class_and_locked_records_follow_the_form_rules(
    clerk: Session, tmp_path: Path
) -> None:
    conn = clerk.archive.db.conn
    confirmed = insert_student(clerk, report_status="confirmed")
    left = insert_student(clerk, status="graduated", report_status="approved")
    other_no = conn.execute("SELECT student_no FROM students WHERE id = ?", (left,)).fetchone()[0]

    def id_of(sid: int) -> str:
        return str(
            conn.execute("SELECT id_number FROM students WHERE id = ?", (sid,)).fetchone()[0]
        )

    rows = [
        ["姓名", "身份证件号", "学号", "班级名称", "联系电话"],
        ["张三", id_of(confirmed), "2099000001", "", ""],  # 学号 is never changed by import
        ["张三", id_of(left), "", "", "13911112222"],  # a graduate's record is locked
        ["李明", make_id_number(), other_no, CLASS, ""],  # a 学号 another student holds
        ["张三", id_of(confirmed).lower(), "", "2025级会计1班", ""],  # dup of row 2
    ]
    plan = _plan(clerk, _sheet(tmp_path, rows))
    assert _kinds(plan) == {2: "error", 3: "error", 4: "error", 5: "duplicate"}
    assert "number_fixed" in _codes(plan, 2)
    assert "record_left" in _codes(plan, 3)
    assert "number_taken" in _codes(plan, 4)
    moved = [rows[0], ["张三", id_of(confirmed), "", "2025级会计1班", ""]]
    plan = _plan(clerk, _sheet(tmp_path, moved, name="t.xlsx"))
    assert _kinds(plan) == {2: "error"} and "use_status_change" in _codes(plan, 2)


def test_missing_id_column_is_refused_before_any_row(clerk: Session, tmp_path: Path) -> None:
    rows = [["姓名", "出生日期", "班级名称"], ["王芳", "2008-03-05", CLASS]]
    with pytest.raises(ImportColumnsMissing) as refused:
        _plan(clerk, _sheet(tmp_path, rows))
    assert "身份证件号" in str(refused.value.fields["columns"])


# -- commit: all or nothing ----------------------------------------------------------------------


def _three_new(tmp_path: Path) -> Sheet:
    return _sheet(tmp_path, national_rows([_record(name=n) for n in ("王芳", "李明", "赵丽")]))


def test_valid_only_imports_the_good_rows_in_one_go(clerk: Session, tmp_path: Path) -> None:
    rows = national_rows([_record(name="王芳"), _record(name="李明")])
    rows.append(list(rows[1]))  # a duplicate of row 2
    rows[2][2] = "2008年13月40日"  # row 3: no such date
    sheet = _sheet(tmp_path, rows)
    plan = _plan(clerk, sheet)
    assert _kinds(plan) == {2: "new", 3: "error", 4: "duplicate"}
    before = _hash(clerk)
    with pytest.raises(ImportHasErrors):
        commit_students(clerk, sheet, plan, today=TODAY)
    assert _hash(clerk) == before
    result = commit_students(clerk, sheet, plan, valid_only=True, today=TODAY)
    assert (result.added, result.skipped) == (1, 2)


def test_nothing_to_import(clerk: Session, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, [["姓名", "身份证件号"], ["王芳", "4.3E+17"]])
    plan = _plan(clerk, sheet)
    with pytest.raises(NothingToImport) as none:
        commit_students(clerk, sheet, plan, valid_only=True, today=TODAY)
    assert none.value.fields["reason"] == "no_valid_rows"


def test_a_change_after_the_preview_is_refused(clerk: Session, tmp_path: Path) -> None:
    records = [_record(name="王芳"), _record(name="李明")]
    sheet = _sheet(tmp_path, national_rows(records))
    plan = _plan(clerk, sheet)
    insert_student(clerk, id_number=records[1]["id_number"])  # someone enters 李明 meanwhile
    before = _hash(clerk)
    with pytest.raises(ImportOutdated):
        commit_students(clerk, sheet, plan, today=TODAY)
    assert _hash(clerk) == before


def test_cancel_part_way_leaves_the_archive_as_it_was(clerk: Session, tmp_path: Path) -> None:
    sheet = _three_new(tmp_path)
    plan = _plan(clerk, sheet)
    before = _hash(clerk)
    with pytest.raises(OperationCancelled):
        commit_students(clerk, sheet, plan, today=TODAY, cancelled=lambda: True)
    assert _hash(clerk) == before
    insert_student(clerk)  # the archive changed: the commit re-plans, and is cancelled there
    plan = _plan(clerk, sheet)
    before = _hash(clerk)
    with pytest.raises(OperationCancelled):
        commit_students(clerk, sheet, plan, today=TODAY, cancelled=lambda: True)
    assert _hash(clerk) == before


def test_the_commit_re_plans_only_when_the_archive_changed(
    clerk: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xueji_desktop.services import import_students, students

    sheet = _three_new(tmp_path)
    plan = _plan(clerk, sheet)
    replans: list[int] = []
    real = import_students._plan
    monkeypatch.setattr(
        import_students, "_plan", lambda *a, **k: replans.append(1) or real(*a, **k)
    )
    students.add_student(clerk, {"姓名": "钱多多"}, today=TODAY)  # an audited write meanwhile
    assert commit_students(clerk, sheet, plan, today=TODAY).added == 3
    assert replans == [1]  # re-made inside the transaction, found equal
    other = _sheet(tmp_path, national_rows([_record(name="孙悟")]), name="o.xlsx")
    plan = _plan(clerk, other)
    replans.clear()
    assert commit_students(clerk, other, plan, today=TODAY).added == 1
    assert replans == []  # nothing written since its plan: the plan is what a re-plan gives
    with pytest.raises(ImportOutdated):  # a plan is tied to its sheet
        commit_students(clerk, sheet, plan, today=TODAY)


def test_a_crash_after_the_rows_were_written_leaves_nothing(
    clerk: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _three_new(tmp_path)
    plan = _plan(clerk, sheet)
    before = _hash(clerk)
    real = search.refresh_search_keys_for

    def crash(conn: Any, ids: Any, **kw: Any) -> None:
        real(conn, ids, **kw)  # every row is in the students table by now
        raise OSError("disk full")

    monkeypatch.setattr(search, "refresh_search_keys_for", crash)
    with pytest.raises(OSError, match="disk full"):
        commit_students(clerk, sheet, plan, today=TODAY)
    assert _hash(clerk) == before
    monkeypatch.undo()
    assert commit_students(clerk, sheet, plan, today=TODAY).added == 3


def test_only_the_clerk_role_imports(archive: Created, tmp_path: Path) -> None:
    from xueji_desktop.core.errors import PermissionDenied
    from xueji_desktop.core.roles import Role
    from xueji_desktop.services import users

    users.add_user(archive.session, admin_password=ADMIN_PASSWORD, username="viewer1",
                   password="viewer-passphrase-1", roles=frozenset({Role.VIEWER}),
                   kdf=FAST_FOR_TESTS)  # fmt: skip
    viewer = login(archive.session.archive.layout.root, "viewer1", "viewer-passphrase-1")
    try:
        with pytest.raises(PermissionDenied):
            plan_students(viewer, _three_new(tmp_path))
    finally:
        viewer.close()


# -- modes -----------------------------------------------------------------------------------


def test_corrections_match_by_student_no_and_refuse_strangers(
    clerk: Session, tmp_path: Path
) -> None:
    sid = insert_student(clerk, report_status="confirmed", student_no="2025000101")
    rows = [
        ["学号", "姓名", "联系电话", "家庭现地址"],
        ["2025000101", "张三", "13700001111", "湖南省邵阳市双清区建设路1号"],
        ["2025999999", "无名", "13700001112", ""],
    ]
    sheet = _sheet(tmp_path, rows)
    plan = _plan(clerk, sheet, mode="corrections")
    assert plan.what == "corrections"
    assert _kinds(plan) == {2: "update", 3: "error"}
    assert "no_student_matches" in _codes(plan, 3)
    result = commit_students(clerk, sheet, plan, valid_only=True, today=TODAY)
    assert result.ids == (sid,)
    reason = clerk.archive.db.conn.execute(
        "SELECT reason FROM field_history WHERE student_id = ? AND field = 'phone'", (sid,)
    ).fetchone()[0]
    assert reason == "班主任核对"


def test_history_mode_takes_the_minimal_set(clerk: Session, tmp_path: Path) -> None:
    rows = [
        ["姓名", "性别", "出生日期", "专业", "入学年份", "离校年份", "离校方式", "班级"],
        ["王老大", "男", "1980-05-01", MAJOR, 1996, "1999", "毕业", "96级计算机班"],
        ["李老二", "女", "1981/2/3", MAJOR, "1997年", 2000, "结业", ""],
        ["赵老三", "女", "1981/2/3", MAJOR, "1997", "", "", ""],  # no leaving year
        ["钱老四", "女", "1981/2/3", MAJOR, "1999", "1998", "退学", ""],
    ]
    sheet = _sheet(tmp_path, rows)
    plan = _plan(clerk, sheet, mode="history")
    assert _kinds(plan) == {2: "new", 3: "new", 4: "error", 5: "error"}
    assert "history_class_dropped" in _codes(plan, 2)
    assert "history_leaving_missing" in _codes(plan, 4)
    assert {"leaving_before_intake", "unknown_leaving_mode"} <= _codes(plan, 5)
    result = commit_students(clerk, sheet, plan, valid_only=True, today=TODAY)
    stored = clerk.archive.db.conn.execute(
        "SELECT status, graduation_outcome, graduation_date, enrolment_month, report_status, "
        "class_group_id FROM students ORDER BY id"
    ).fetchall()
    assert result.added == 2
    assert stored == [
        ("graduated", "graduation", "1999", "199609", "confirmed", None),
        ("completed_without_diploma", "completion", "2000", "199709", "confirmed", None),
    ]
    again = _plan(clerk, sheet, mode="history")
    assert _kinds(again)[2] == "unchanged", again.rows[0]


def test_history_takes_status_outcome_date_and_diploma_number(
    clerk: Session, tmp_path: Path
) -> None:
    """An export's 学籍状态 columns give an old graduate's 离校方式, date and 毕业证书编号; a
    diploma number another record (or an earlier row) holds is a row error."""
    insert_student(clerk, status="graduated", report_status="approved", diploma_no="D-TAKEN")
    rows = [
        ["姓名", "性别", "出生日期", "专业", "入学年月", "学籍状态", "毕业结论", "毕业日期",
         "毕业证书编号"],
        ["王老大", "男", "1980-05-01", "计算机应用", "199609", "毕业", "提前毕业", "1999-01-15",
         "D1999001"],
        ["李老二", "女", "1981-02-03", MAJOR, "199709", "结业", "结业", "2000-07-01", ""],
        ["赵老三", "女", "1981-02-04", MAJOR, "199709", "毕业", "毕业", "2000-07-01", "D1999001"],
        ["钱老四", "女", "1981-02-05", MAJOR, "199709", "毕业", "毕业", "2000-07-01", "D-TAKEN"],
        ["孙老五", "女", "1981-02-06", MAJOR, "199709", "肄业", "肄业", "2000-07-01", "D2000009"],
        ["周老六", "女", "1981-02-07", MAJOR, "199709", "退学", "", "2000-07-01", ""],
        ["吴老七", "女", "1981-02-08", MAJOR, "199709", "毕业", "", "2000-07-01", "D 2000"],
        ["郑老八", "男", "1981-02-09", MAJOR, "199709", "毕业", "毕业", "2001", ""],  # year only
    ]  # fmt: skip
    sheet = _sheet(tmp_path, rows)
    plan = _plan(clerk, sheet, mode="history")
    assert not [n for n in plan.notes if n.code == "column_unknown"]
    kinds = {2: "new", 3: "new", 4: "error", 5: "error", 6: "error", 7: "error", 8: "error",
             9: "new"}  # fmt: skip
    assert _kinds(plan) == kinds
    assert {"diploma_no_taken"} <= _codes(plan, 4) and {"diploma_no_taken"} <= _codes(plan, 5)
    assert "diploma_no_not_graduated" in _codes(plan, 6)
    assert "unknown_leaving_mode" in _codes(plan, 7)
    assert "diploma_no_format" in _codes(plan, 8)
    assert not {"no_guardian", "unknown_major"} & {p.code for p in plan.problems()}
    (taken,) = [p for p in plan.problems() if p.row == 4]
    assert taken.column == "毕业证书编号"
    assert "毕业证书编号" in problem_text(taken.problem, "zh")
    result = commit_students(clerk, sheet, plan, valid_only=True, today=TODAY)
    assert result.added == 3
    stored = clerk.archive.db.conn.execute(
        "SELECT status, graduation_outcome, graduation_date, diploma_no, major_code, "
        "report_status FROM students WHERE id IN (?, ?, ?) ORDER BY id",
        result.ids,
    ).fetchall()
    assert stored == [
        ("graduated", "early_graduation", "1999-01-15", "D1999001", MAJOR, "confirmed"),
        ("completed_without_diploma", "completion", "2000-07-01", None, MAJOR, "confirmed"),
        ("graduated", "graduation", "2001", None, MAJOR, "confirmed"),
    ]


def test_status_columns_are_information_never_a_change(clerk: Session, tmp_path: Path) -> None:
    """ "students" mode: a new row comes in 在籍 草稿 whatever its 学籍状态 says (with a warning
    naming 学籍异动 and 历史补录); an update's differing 学籍状态 is reported, not imported."""
    conn = clerk.archive.db.conn
    sid = insert_student(clerk, report_status="confirmed")
    idn = conn.execute("SELECT id_number FROM students WHERE id = ?", (sid,)).fetchone()[0]
    rows = [
        ["姓名", "身份证件号", "学籍状态", "毕业结论", "毕业日期", "毕业证书编号"],
        ["张三", idn, "毕业", "毕业", "2028-07-01", "D0001"],
        ["李明", make_id_number("20100401"), "退学", "", "不详", ""],  # information only
        ["周亮", make_id_number("20100403"), "", "毕业", "2028-07-01", "D0003"],
        ["王芳", make_id_number("20100402", male=False), "在籍", "", "", ""],
        ["张三", idn, "在籍", "", "", ""],  # a duplicate: judged by row 2 alone
    ]
    sheet = _sheet(tmp_path, rows)
    before = _hash(clerk)
    plan = _plan(clerk, sheet)
    assert not [n for n in plan.notes if n.code == "column_unknown"]
    assert _kinds(plan) == {2: "unchanged", 3: "new", 4: "new", 5: "new", 6: "duplicate"}
    assert "status_not_imported" in _codes(plan, 2)
    assert "status_comes_in_enrolled" in _codes(plan, 3) & _codes(plan, 4)
    assert not {"status_comes_in_enrolled", "status_not_imported"} & _codes(plan, 5)
    warning = next(p for p in plan.problems() if p.code == "status_comes_in_enrolled")
    assert warning.column == "学籍状态" and not warning.is_error
    text = problem_text(warning.problem, "zh")
    assert "在籍" in text and "学籍异动" in text and "历史补录" in text
    assert "status change" in problem_text(warning.problem, "en")
    assert _hash(clerk) == before
    commit_students(clerk, sheet, plan, valid_only=True, today=TODAY)
    stored = conn.execute(
        "SELECT status, report_status, graduation_outcome, graduation_date, diploma_no "
        "FROM students WHERE id <> ?",
        (sid,),
    ).fetchall()
    assert stored == [("enrolled", "draft", "", "", None)] * 3
    assert conn.execute("SELECT status FROM students WHERE id = ?", (sid,)).fetchone() == (
        "enrolled",
    )


def test_a_major_typed_as_its_name(clerk: Session, tmp_path: Path) -> None:
    """专业 as the archive's major name or "name（code）" is that major's code, in every mode;
    a name two majors share is refused with both codes."""
    with clerk.archive.db.atomic() as conn:
        conn.executemany(
            "INSERT INTO majors (code, name, catalogue_version, program_length) VALUES (?,?,?,3)",
            [("660101", "机械制造技术", "2021"), ("660199", "机械制造技术", "2021")],
        )
    draft = insert_student(clerk, report_status="draft", major_code=MAJOR2)
    idn = clerk.archive.db.conn.execute(
        "SELECT id_number FROM students WHERE id = ?", (draft,)
    ).fetchone()[0]
    rows = [
        ["姓名", "身份证件号", "班级名称", "专业"],
        ["李明", make_id_number("20100501"), CLASS, "计算机应用"],
        ["王芳", make_id_number("20100502"), CLASS, "计算机应用（710201）"],
        ["赵丽", make_id_number("20100503"), "", " 会计事务 "],
        ["钱多", make_id_number("20100504"), "", "机械制造技术"],
        ["张三", idn, "", "会计事务"],  # the record's own major by name: nothing changes
        ["孙亮", make_id_number("20100505"), "", "不存在的专业"],
    ]
    plan = _plan(clerk, _sheet(tmp_path, rows))
    assert _kinds(plan) == {2: "new", 3: "new", 4: "new", 5: "error", 6: "unchanged", 7: "error"}
    assert [plan.rows[i].values["major_code"] for i in range(3)] == [MAJOR, MAJOR, MAJOR2]
    codes_seen = {p.code for r in plan.rows[:3] for p in r.problems}
    assert not {"unknown_major", "class_major_mismatch"} & codes_seen
    assert _codes(plan, 5) >= {"major_name_ambiguous"} and "unknown_major" not in _codes(plan, 5)
    ambiguous = next(p for p in plan.problems() if p.code == "major_name_ambiguous")
    assert ambiguous.column == "专业" and "660101、660199" in problem_text(ambiguous.problem, "zh")
    assert "unknown_major" in _codes(plan, 7)
    # 历史补录 reads the name too
    old = [["姓名", "出生日期", "专业", "入学年份", "离校年份"],
           ["王老大", "1980-05-01", "会计事务", "1996", "1999"]]  # fmt: skip
    history = _plan(clerk, _sheet(tmp_path, old, name="h.xlsx"), mode="history")
    assert _kinds(history) == {2: "new"} and history.rows[0].values["major_code"] == MAJOR2


def test_no_family_columns_is_said_once_not_on_every_row(clerk: Session, tmp_path: Path) -> None:
    names = ("王一", "王二", "王三")
    bare = [["姓名", "身份证件号"]] + [
        [n, make_id_number(f"2010030{i + 1}")] for i, n in enumerate(names)
    ]
    plan = _plan(clerk, _sheet(tmp_path, bare))
    assert plan.counts()["new"] == 3
    assert "no_guardian" not in {p.code for p in plan.problems()}
    notes = [n for n in plan.notes if n.code == "no_family_columns"]
    assert len(notes) == 1 and notes[0].row == 1 and not notes[0].is_error
    assert "监护人" in problem_text(notes[0].problem, "zh")
    # family columns without a guardian: each row says so, as the form would
    family = [["姓名", "身份证件号", "成员1姓名", "成员1关系", "成员1是否监护人"]] + [
        [n, make_id_number(f"2010040{i + 1}"), "张大山", "父亲", "否"] for i, n in enumerate(names)
    ]
    plan = _plan(clerk, _sheet(tmp_path, family, name="f.xlsx"))
    assert [p.code for p in plan.problems()].count("no_guardian") == 3
    assert not [n for n in plan.notes if n.code == "no_family_columns"]
    # 历史补录: decades-old graduates, neither a note nor a warning
    old = [["姓名", "出生日期", "专业", "入学年份", "离校年份"]] + [
        [n, f"1980-05-0{i + 1}", MAJOR, "1996", "1999"] for i, n in enumerate(names)
    ]
    plan = _plan(clerk, _sheet(tmp_path, old, name="h.xlsx"), mode="history")
    assert plan.counts()["new"] == 3
    assert "no_guardian" not in {p.code for p in plan.problems()}
    assert not [n for n in plan.notes if n.code == "no_family_columns"]


# -- remembered layouts --------------------------------------------------------------------------


def test_a_mapping_is_remembered_for_the_layout(clerk: Session, tmp_path: Path) -> None:
    rows = [["考生名", "证件号码", "手机"], ["王芳", make_id_number(), "13812345678"]]
    sheet = _sheet(tmp_path, rows)
    with pytest.raises(ImportColumnsMissing):  # 考生名 and 手机 are not known names
        _plan(clerk, sheet, mapping={0: "name"})
    assert import_layouts.remembered(clerk, rows[0]) == {}
    import_layouts.remember(clerk, rows[0], {0: "name", 1: "id_number", 2: "phone"})
    plan = _plan(clerk, sheet)
    assert plan.columns == {0: "name", 1: "id_number", 2: "phone"}
    assert plan.rows[0].kind == "new" and plan.rows[0].values["phone"] == "13812345678"
    entries = clerk.archive.db.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'setting_changed'"
    ).fetchone()[0]
    import_layouts.remember(clerk, rows[0], {0: "name", 1: "id_number", 2: "phone"})
    again = clerk.archive.db.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'setting_changed'"
    ).fetchone()[0]
    assert again == entries  # the same choice again is not a new setting


# -- a process killed in the middle of the commit ------------------------------------------------

_CHILD = """
import sys, time
from pathlib import Path
from xueji_desktop.services import search
from xueji_desktop.services.archive import login
from xueji_desktop.services.import_students import commit_students, plan_students
from xueji_desktop.services.sheets import read_sheet

root, sheet_path, signal, user, password = sys.argv[1:6]
session = login(Path(root), user, password)
sheet = read_sheet(Path(sheet_path))
plan = plan_students(session, sheet)
real = search.refresh_search_keys_for

def stall(conn, ids, **kw):
    real(conn, ids, **kw)  # the records, their families and search keys are written ...
    Path(signal).write_text("written")
    time.sleep(60)  # ... and the process is killed before the commit

search.refresh_search_keys_for = stall
commit_students(session, sheet, plan)
"""


def test_a_process_killed_mid_commit_leaves_the_archive_as_it_was(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from tests.conftest import ADMIN, ADMIN_PASSWORD
    from tests.records_fixtures import password_only_archive

    created = password_only_archive(tmp_path / "archive")
    setup_structure(created.session)
    before = _hash(created.session)
    created.session.close()
    sheet = write_xlsx(tmp_path / "s.xlsx", national_rows([_record(name="王芳")]))
    flag = tmp_path / "written"
    child = subprocess.Popen(  # the same interpreter and package as this test
        [sys.executable, "-c", _CHILD, str(tmp_path / "archive"), str(sheet), str(flag),
         ADMIN, ADMIN_PASSWORD],
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert child.poll() is None, "the importing process ended before writing"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        child.kill()  # SIGKILL (TerminateProcess on Windows): no clean-up of any kind
    finally:
        child.wait(timeout=30)
    session = login(tmp_path / "archive", ADMIN, ADMIN_PASSWORD)
    try:
        assert _hash(session) == before
        assert session.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()[0] == 0
    finally:
        session.close()
