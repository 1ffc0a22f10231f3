"""Student records: drafts, edits, corrections, confirmation, 上报状态, numbers, void, history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.conftest import CLERK, CLERK_PASSWORD, add_clerk
from tests.records_fixtures import (
    add_account,
    insert_student,
    make_id_number,
    setup_structure,
    student_values,
)
from xueji_desktop.core.errors import (
    DuplicateRecord,
    IllegalTransition,
    NumberFixed,
    PermissionDenied,
    ReasonRequired,
    RecordInvalid,
    RecordLocked,
    RecordVoided,
    ValidationError,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import registration, students
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import DatabaseError
from xueji_desktop.storage.content_hash import content_hash

TODAY = datetime.date(2026, 3, 1)


def _record(**overrides: Any) -> dict[str, Any]:
    values = student_values(**overrides)
    values["class_group"] = "2025级计算机1班"
    return values


@pytest.fixture
def s(archive: Created) -> Session:
    setup_structure(archive.session)
    return archive.session


def _hash(session: Session) -> str:
    return content_hash(session.archive.db.conn)


def _row(session: Session, sid: int) -> dict[str, Any]:
    cur = session.archive.db.conn.execute("SELECT * FROM students WHERE id = ?", (sid,))
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


# -- drafts ------------------------------------------------------------------------------------


def test_a_draft_may_miss_required_fields_and_lists_them(s: Session) -> None:
    saved = students.add_student(s, {"姓名": "李四", "性别": "男"}, today=TODAY)
    row = _row(s, saved.student_id)
    assert row["report_status"] == "draft"
    assert row["student_no"] is None
    assert row["gender"] == "1"  # stored as the code
    assert "id_number" in saved.missing and "birth_date" in saved.missing
    assert "name" not in saved.missing


def test_a_record_keyed_by_template_labels_is_stored_as_codes(s: Session) -> None:
    idn = make_id_number("20100315")
    raw = {
        "姓名": "王芳",
        "性别": "男",
        "出生日期": "2010/3/15",
        "身份证件类型": "居民身份证",
        "身份证件号": " " + idn.lower() + " ",
        "民族": "汉",
        "政治面貌": "共青团员",
        "班级名称": "2025级计算机1班",
        "家庭成员": [
            {"姓名": "王大山", "关系": "父亲", "是否监护人": "是", "联系电话": "13912345678"}
        ],
    }
    sid = students.add_student(s, raw, today=TODAY).student_id
    row = _row(s, sid)
    assert (row["ethnicity"], row["political_status"], row["id_type"]) == ("01", "03", "1")
    assert row["birth_date"] == "2010-03-15"
    assert row["id_number"] == idn.upper()
    assert row["class_group_id"] is not None
    record = students.get_student(s, sid)
    assert record["family_members"][0]["name"] == "王大山"
    assert record["family_members"][0]["is_guardian"] == 1


def test_a_present_value_must_be_valid_even_in_a_draft(s: Session) -> None:
    before = _hash(s)
    with pytest.raises(RecordInvalid) as err:
        students.add_student(s, {"姓名": "李四", "身份证件号": "430502201003151234"}, today=TODAY)
    assert any(p.field == "id_number" for p in err.value.problems)  # type: ignore[attr-defined]
    assert _hash(s) == before


@pytest.mark.parametrize(
    "garbage",
    [
        {"姓名": ["张三"]},
        {"姓名": {"x": 1}},
        {"姓名": "张" * 5_000_000},
        {"身份证件号": 1.10105e17},
        {"no such column": "x"},
        {"出生日期": "2010-02-30"},
        {"出生日期": "2099-01-01"},
        {"联系电话": "12345"},
        {"班级名称": "没有这个班"},
    ],
)
def test_garbage_is_refused_and_nothing_changes(s: Session, garbage: dict[str, Any]) -> None:
    before = _hash(s)
    with pytest.raises(RecordInvalid) as err:
        students.add_student(s, {"姓名": "李四", **garbage}, today=TODAY)
    assert err.value.problems  # type: ignore[attr-defined]
    assert _hash(s) == before


def test_the_same_id_number_is_refused_unless_the_other_record_is_voided(s: Session) -> None:
    values = _record()
    first = students.add_student(s, values, today=TODAY).student_id
    with pytest.raises(DuplicateRecord) as err:
        students.add_student(s, values, today=TODAY)
    assert err.value.fields["field"] == "id_number"
    students.void_student(s, first, "录入重复")
    students.add_student(s, values, today=TODAY)


# -- edits and corrections ---------------------------------------------------------------------


def test_draft_edits_are_free_and_keep_history(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    students.edit_student(s, sid, {"联系电话": "13700000000"}, today=TODAY)
    students.edit_student(s, sid, {"phone": "13700000001"}, today=TODAY)
    entries = students.field_history(s, sid, "phone")
    assert [(e.old_value, e.new_value) for e in entries] == [
        ("13812345678", "13700000000"),
        ("13700000000", "13700000001"),
    ]
    assert all(e.actor == s.username and e.change_kind == "edit" for e in entries)


def test_a_confirmed_record_needs_a_reason_and_goes_back_to_confirmed(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    registration.confirm_student(s, sid, today=TODAY)
    registration.set_report_status(s, sid, "reported")
    registration.set_report_status(s, sid, "approved")
    before = _hash(s)
    with pytest.raises(ReasonRequired):
        students.edit_student(s, sid, {"家庭现地址": "新地址1号"}, today=TODAY)
    assert _hash(s) == before
    students.edit_student(s, sid, {"家庭现地址": "新地址1号"}, reason="搬家", today=TODAY)
    row = _row(s, sid)
    assert row["home_address"] == "新地址1号"
    assert row["report_status"] == "confirmed"  # must be reported again
    [entry] = students.field_history(s, sid, "home_address")
    assert (entry.reason, entry.change_kind) == ("搬家", "correction")


def test_status_is_changed_only_by_events(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    with pytest.raises(RecordInvalid) as err:
        students.edit_student(s, sid, {"status": "withdrawn"}, today=TODAY)
    assert any(p.code == "status_by_event" for p in err.value.problems)  # type: ignore[attr-defined]


def test_an_edit_that_breaks_id_agreement_is_refused(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    before = _hash(s)
    with pytest.raises(RecordInvalid):
        students.edit_student(s, sid, {"出生日期": "2010-03-16"}, today=TODAY)
    assert _hash(s) == before


# -- confirmation, report status, numbers ------------------------------------------------------


def test_confirmation_needs_a_complete_record(s: Session) -> None:
    sid = students.add_student(s, {"姓名": "李四"}, today=TODAY).student_id
    with pytest.raises(RecordInvalid) as err:
        registration.confirm_student(s, sid, today=TODAY)
    codes = {(p.field, p.code) for p in err.value.problems}  # type: ignore[attr-defined]
    assert ("id_number", "required") in codes
    assert _row(s, sid)["report_status"] == "draft"


def test_student_numbers_follow_the_pattern_and_are_never_reused(s: Session) -> None:
    a = students.add_student(s, _record(), today=TODAY).student_id
    b = students.add_student(s, _record(id_number=make_id_number()), today=TODAY).student_id
    assert registration.confirm_student(s, a, today=TODAY) == "20257102010001"
    students.void_student(s, a, "误录")
    assert registration.confirm_student(s, b, today=TODAY) == "20257102010002"


def test_a_custom_pattern(s: Session) -> None:
    registration.set_student_no_pattern(s, "X{yy}-{seq:3}")
    sid = students.add_student(s, _record(), today=TODAY).student_id
    assert registration.confirm_student(s, sid, today=TODAY) == "X25-001"
    with pytest.raises(ValidationError):
        registration.set_student_no_pattern(s, "{seq:3}{intake_year}")


def test_report_status_order_and_return_with_reason(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    with pytest.raises(IllegalTransition):
        registration.set_report_status(s, sid, "reported")  # still a draft
    registration.confirm_student(s, sid, today=TODAY)
    with pytest.raises(IllegalTransition):
        registration.set_report_status(s, sid, "approved")  # not reported yet
    registration.set_report_status(s, sid, "reported")
    with pytest.raises(ReasonRequired):
        registration.set_report_status(s, sid, "returned")
    registration.set_report_status(s, sid, "returned", reason="照片不清晰")
    row = _row(s, sid)
    assert (row["report_status"], row["returned_reason"]) == ("returned", "照片不清晰")
    students.edit_student(s, sid, {"联系电话": "13700000000"}, today=TODAY)  # editable again
    registration.confirm_student(s, sid, today=TODAY)
    assert _row(s, sid)["report_status"] == "confirmed"


def test_numbers_are_fixed_in_place_even_for_raw_sql(s: Session) -> None:
    values = _record()
    values["registry_no"] = "G" + values["id_number"]
    sid = students.add_student(s, values, today=TODAY).student_id
    registration.confirm_student(s, sid, today=TODAY)
    with pytest.raises(NumberFixed):
        students.edit_student(s, sid, {"学号": "999"}, reason="x", today=TODAY)
    conn = s.archive.db.conn
    for column in ("student_no", "registry_no"):
        with pytest.raises(DatabaseError, match="fixed"), s.archive.db.atomic():
            conn.execute(f"UPDATE students SET {column} = 'X1' WHERE id = ?", (sid,))  # noqa: S608
    with pytest.raises(DatabaseError, match="never deleted"), s.archive.db.atomic():
        conn.execute("DELETE FROM students WHERE id = ?", (sid,))


def test_a_registry_number_may_be_filled_in_once(s: Session) -> None:
    values = _record()
    registry = "G" + values["id_number"]
    sid = students.add_student(s, {**values, "registry_no": ""}, today=TODAY).student_id
    students.edit_student(s, sid, {"学籍号": registry}, today=TODAY)
    assert _row(s, sid)["registry_no"] == registry
    with pytest.raises(NumberFixed):
        students.edit_student(s, sid, {"学籍号": "G" + make_id_number()}, today=TODAY)


def test_admin_corrects_a_number_and_the_old_one_stays_an_alias(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    old = registration.confirm_student(s, sid, today=TODAY)
    with pytest.raises(ReasonRequired):
        registration.correct_number(s, sid, "student_no", "20257102019999", reason=" ")
    registration.correct_number(s, sid, "student_no", "20257102019999", reason="编号录错")
    assert _row(s, sid)["student_no"] == "20257102019999"
    alias = s.archive.db.conn.execute(
        "SELECT old_value, new_value, reason, actor FROM number_aliases WHERE student_id = ?",
        (sid,),
    ).fetchone()
    assert alias == (old, "20257102019999", "编号录错", s.username)
    [entry] = students.field_history(s, sid, "student_no")[1:]
    assert entry.change_kind == "number_correction"


def test_a_clerk_may_not_correct_numbers(archive: Created) -> None:
    setup_structure(archive.session)
    sid = insert_student(archive.session)
    add_clerk(archive)
    clerk = login(archive.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            registration.correct_number(clerk, sid, "student_no", "1", reason="x")
    finally:
        clerk.close()


# -- void, locks, viewers ----------------------------------------------------------------------


def test_void_needs_a_reason_and_a_voided_record_takes_no_changes(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    with pytest.raises(ReasonRequired):
        students.void_student(s, sid, "")
    n = students.count_students(s)
    students.void_student(s, sid, "误录")
    assert students.count_students(s) == n - 1
    assert _row(s, sid)["voided"] == 1  # still there
    with pytest.raises(RecordVoided):
        students.edit_student(s, sid, {"联系电话": "13700000000"}, today=TODAY)
    with pytest.raises(RecordVoided):
        students.void_student(s, sid, "again")


def test_a_graduate_is_locked_except_for_an_admin_with_a_reason(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], status="graduated")
    add_clerk(archive)
    clerk = login(s.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        with pytest.raises(RecordLocked):
            students.edit_student(clerk, sid, {"联系电话": "13700000000"}, reason="x")
    finally:
        clerk.close()
    with pytest.raises(ReasonRequired):
        students.edit_student(s, sid, {"联系电话": "13700000000"})
    students.edit_student(s, sid, {"联系电话": "13700000000"}, reason="毕业生更正电话")
    [entry] = students.field_history(s, sid, "phone")
    assert entry.change_kind == "locked_correction"


def test_viewers_see_masked_id_numbers(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"])
    full = students.get_student(s, sid)["id_number"]
    add_account(s, "viewer1", "viewer-passphrase-1", {Role.VIEWER})
    viewer = login(s.archive.layout.root, "viewer1", "viewer-passphrase-1")
    try:
        record = students.get_student(viewer, sid)
        assert record["id_number"] != full and "*" in record["id_number"]
        assert full not in str(record)
        with pytest.raises(PermissionDenied):
            students.edit_student(viewer, sid, {"联系电话": "13700000000"})
    finally:
        viewer.close()


def test_class_and_major_of_a_confirmed_record_move_only_by_status_changes(s: Session) -> None:
    sid = students.add_student(s, _record(), today=TODAY).student_id
    students.edit_student(s, sid, {"班级名称": "2025级会计1班", "专业": "730301"}, today=TODAY)
    registration.confirm_student(s, sid, today=TODAY)
    before = _hash(s)
    with pytest.raises(RecordInvalid) as err:
        students.edit_student(s, sid, {"班级名称": "2025级计算机1班"}, reason="调班", today=TODAY)
    assert [p.code for p in err.value.problems if p.severity == "error"] == ["use_status_change"]
    assert _hash(s) == before


def test_a_new_record_lists_likely_duplicates_for_the_clerk(s: Session) -> None:
    first = students.add_student(s, _record(), today=TODAY).student_id
    other = _record(id_number=make_id_number("20100315"))  # same name and birth date, other ID
    saved = students.add_student(s, other, today=TODAY)
    assert [d.student_id for d in saved.likely_duplicates] == [first]
    assert "same_name_birth_date" in saved.likely_duplicates[0].reasons


def test_the_major_comes_from_the_class_when_it_is_empty(s: Session) -> None:
    values = _record()
    del values["major_code"], values["major_catalogue"]
    saved = students.add_student(s, values, today=TODAY)
    row = _row(s, saved.student_id)
    assert (row["major_code"], row["major_catalogue"]) == ("710201", "2021")
    assert "major_code" not in saved.missing
    students.edit_student(s, saved.student_id, {"班级名称": "2025级会计1班"}, today=TODAY)
    assert _row(s, saved.student_id)["major_code"] == "730301"  # a draft: class and major move
