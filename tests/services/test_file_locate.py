""" "Where is my file?" (services/file_locate.py) across graduates decades back, the file's state
and story, the audit of the reads, and the shelf lists in natural order."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.records_fixtures import add_account
from tests.services.test_paper_files import audit_rows, make_class, make_student, problems_of
from xueji_desktop.core.errors import NotFound, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.services import file_dispatch, file_loans
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch import DispatchOrder
from xueji_desktop.services.file_locate import locate, natural_key, shelf_list, whereabouts
from xueji_desktop.services.paper_file_intake import IntakeItem, receive_files
from xueji_desktop.services.paper_files import Location, set_kept, set_location


@pytest.fixture
def s(archive: Created) -> Session:
    return archive.session


def _id_number(s: Session, sid: int) -> str:
    return str(
        s.archive.db.conn.execute("SELECT id_number FROM students WHERE id = ?", (sid,)).fetchone()[
            0
        ]
    )


@pytest.fixture
def years(s: Session) -> dict[str, int]:
    """Graduates of 1995 and 2003 (one dispatched with its receipt back, one sent, voided and
    sent again, one kept, one whose file was never registered), and today's students."""
    c92 = make_class(s, "1992级财会班", 1992, 1995)
    c00 = make_class(s, "2000级计算机班", 2000, 2003)
    c25 = make_class(s, "2025级计算机1班", 2025, 2028)
    w: dict[str, int] = {"c25": c25}
    w["sent95"] = make_student(
        s,
        c92,
        "陈秀英",
        "9201001",
        registry_no="1992430502001",
        status="graduated",
        graduated_on="1995-07-01",
        former_name="陈秀华",
        enrolment_month="199209",
        birth="19770310",
    )
    w["lost95"] = make_student(
        s,
        c92,
        "陈建国",
        "9201002",
        status="graduated",
        graduated_on="1995-07-01",
        enrolment_month="199209",
        birth="19770505",
    )
    w["resent03"] = make_student(
        s,
        c00,
        "刘洋",
        "2000710201001",
        status="graduated",
        graduated_on="2003-07-01",
        enrolment_month="200009",
        birth="19850101",
    )
    w["kept03"] = make_student(
        s,
        c00,
        "刘敏",
        "2000710201002",
        status="withdrawn",
        enrolment_month="200009",
        birth="19850202",
    )
    w["lent"] = make_student(s, c25, "张三", "2025710201001")
    w["shelved"] = make_student(s, c25, "张四", "2025710201002")
    with s.archive.db.atomic() as conn:  # 刘敏 left by 退学 in 2002 (a 学籍异动)
        conn.execute(
            "INSERT INTO status_changes (student_id, kind, effective_date, status_before,"
            " status_after, created_at, created_by) VALUES (?, 'withdrawal', '2002-03-01',"
            " 'enrolled', 'withdrawn', '2002-03-01T00:00:00Z', 'admin')",
            (w["kept03"],),
        )
    receive_files(
        s,
        kind="new_intake",
        source="县一中",
        received_on="1992-09-01",
        items=[IntakeItem(w["sent95"], {"enrolment_form": 1})],
    )
    set_location(s, [w["sent95"]], cabinet="老档案柜", shelf="1", box="1995")
    (d95,) = file_dispatch.dispatch_files(
        s,
        [
            DispatchOrder(
                w["sent95"],
                "talent_centre",
                "邵阳市人才交流中心",
                "confidential_mail",
                dispatch_no="机要95-17",
            )
        ],
        dispatched_on="1995-07-20",
    )
    file_dispatch.record_receipt(s, d95, receipt_on="1995-08-02", signer="王主任")
    (d03,) = file_dispatch.dispatch_files(
        s,
        [DispatchOrder(w["resent03"], "employer", "某某公司", "in_person", carrier="刘洋本人")],
        dispatched_on="2003-07-10",
    )
    file_dispatch.void_dispatch(s, d03, reason="单位没有人事档案管理权")
    file_dispatch.dispatch_files(
        s,
        [
            DispatchOrder(
                w["resent03"],
                "talent_centre",
                "市人才中心",
                "confidential_mail",
                dispatch_no="机要03-2",
            )
        ],
        dispatched_on="2003-07-20",
    )
    set_kept(s, w["kept03"], True, reason="本人未落实去向，学校保存")
    set_location(s, [w["lent"], w["shelved"]], cabinet="A", shelf="2", box="10")
    file_loans.lend_file(
        s,
        w["lent"],
        borrower="李老师",
        purpose="征兵政审",
        lent_on="2026-03-01",
        due_on="2026-03-31",
    )
    return w


def test_locate_finds_a_1995_graduate_by_every_key(s: Session, years: dict[str, int]) -> None:
    sid = years["sent95"]
    for text in ("陈秀英", "陈秀华", "9201001", "1992430502001", _id_number(s, sid)):
        found = locate(s, text)
        assert [w.student_id for w in found][:1] == [sid], text
    (w,) = locate(s, "9201001")
    assert (w.name, w.status, w.class_name, w.graduation_year, w.left_on) == (
        "陈秀英",
        "graduated",
        "1992级财会班",
        1995,
        "1995-07-01",
    )
    assert w.state == "dispatched" and w.loan is None
    assert w.dispatch is not None and w.dispatch.receiver == "邵阳市人才交流中心"
    assert w.dispatch.receipt_on == "1995-08-02"
    assert w.location == Location("老档案柜", "1", "1995")  # the last place, for the record
    # oldest first, each dated as its register dates it (the shelving was entered today)
    assert [(e.date, e.kind) for e in w.events][:3] == [
        ("1992-09-01", "received"),
        ("1995-07-20", "dispatched"),
        ("1995-08-02", "receipt"),
    ]
    assert [e.kind for e in w.events][3:] == ["located"]
    assert w.events[3].params == {"cabinet": "老档案柜", "shelf": "1", "box": "1995"}
    receipt = w.events[2]
    assert receipt.params == {"dispatch_id": w.dispatch.id, "signer": "王主任"}


def test_every_state_is_told(s: Session, years: dict[str, int]) -> None:
    states = {k: whereabouts(s, years[k]).state for k in years if k != "c25"}
    assert states == {
        "sent95": "dispatched",
        "lost95": "unregistered",
        "resent03": "dispatched",
        "kept03": "kept",
        "lent": "on_loan",
        "shelved": "in_room",
    }
    lent = whereabouts(s, years["lent"])
    assert lent.loan is not None and (lent.loan.borrower, lent.loan.due_on) == (
        "李老师",
        "2026-03-31",
    )
    assert lent.left_on is None and lent.graduation_year == 2028
    assert sorted(e.kind for e in lent.events) == ["lent", "located"]
    assert [e.date for e in lent.events] == sorted(e.date for e in lent.events)
    file_loans.return_file(s, years["lent"], returned_on="2026-03-20")
    back = whereabouts(s, years["lent"])
    assert back.state == "in_room" and back.loan is None
    assert sorted(e.kind for e in back.events) == ["lent", "located", "returned"]
    kept = whereabouts(s, years["kept03"])
    assert kept.left_on == "2002-03-01" and kept.graduation_year == 2003
    assert kept.events[-1].kind == "kept" and kept.events[-1].params["kept"] is True


def test_a_voided_dispatch_stays_in_the_story(s: Session, years: dict[str, int]) -> None:
    w = whereabouts(s, years["resent03"])
    assert w.dispatch is not None and w.dispatch.receiver == "市人才中心"
    assert w.dispatch.receipt_on is None
    kinds = [(e.date, e.kind) for e in w.events]
    assert kinds[:2] == [("2003-07-10", "dispatched"), ("2003-07-20", "dispatched")]
    # the void is dated by when it was recorded; kept was never set: no such event
    assert [k for _, k in kinds[2:]] == ["dispatch_voided"]
    assert w.events[2].params["reason"] == "单位没有人事档案管理权"
    assert w.events[0].params["via"] == "in_person"


def test_reads_are_audited_with_ids_only(s: Session, years: dict[str, int]) -> None:
    found = locate(s, "陈")
    assert {w.student_id for w in found} == {years["sent95"], years["lost95"]}
    whereabouts(s, years["kept03"])
    entries = audit_rows(s, "file_located")
    assert entries[0][1] == {"count": 2, "student_ids": [w.student_id for w in found]}
    assert entries[1] == (str(years["kept03"]), {"state": "kept"})
    text = json.dumps(entries, ensure_ascii=False)
    assert "陈" not in text and "刘" not in text
    # nothing found, or nothing asked: no entry
    assert locate(s, "没有这个人") == [] and locate(s, "   ") == []
    # only punctuation (a pinyin apostrophe typed alone) is nothing to search for: it finds
    # nobody (the student search lists everybody for it, as for an empty text)
    for text in ("'", "’", " ' - ", "·"):
        assert locate(s, text) == [], text
    assert len(audit_rows(s, "file_located")) == 2


@pytest.mark.parametrize(
    ("text", "limit", "field", "code"),
    [
        (123, 50, "text", "invalid_type"),
        (b"9201001", 50, "text", "invalid_type"),
        ("陈" * 100_000, 50, "text", "too_long"),
        ("陈", 0, "limit", "out_of_range"),
        ("陈", 501, "limit", "out_of_range"),
        ("陈", "5", "limit", "invalid_type"),
        ("陈", True, "limit", "invalid_type"),
    ],
)
def test_locate_refuses_garbage(
    s: Session, years: dict[str, int], text: Any, limit: Any, field: str, code: str
) -> None:
    (p,) = problems_of(lambda: locate(s, text, limit=limit))
    assert (p.field, p.code) == (field, code)


@pytest.mark.parametrize("bad", ["1", None, 2.0, True])
def test_whereabouts_refuses_bad_ids(s: Session, bad: Any) -> None:
    with pytest.raises(RecordInvalid):
        whereabouts(s, bad)


@pytest.mark.parametrize("unknown", [4242, 2**70, -1])
def test_whereabouts_of_an_unknown_student(s: Session, unknown: int) -> None:
    with pytest.raises(NotFound):
        whereabouts(s, unknown)  # 2**70: beyond what SQLite can even compare
    assert audit_rows(s, "file_located") == []


def test_a_viewer_may_ask_where_a_file_is(
    archive: Created, s: Session, years: dict[str, int]
) -> None:
    add_account(s, "viewer1", "viewer-passphrase-1", {Role.VIEWER})
    viewer = login(s.archive.layout.root, "viewer1", "viewer-passphrase-1")
    try:
        assert [w.state for w in locate(viewer, "9201001")] == ["dispatched"]
        assert shelf_list(viewer, cabinet="A")
        # a viewer's ID number search matches whole numbers only (search.py)
        assert locate(viewer, _id_number(s, years["sent95"])[-6:]) == []
    finally:
        viewer.close()


# -- shelf lists ----------------------------------------------------------------------------------


def test_natural_key_orders_numbers_as_numbers() -> None:
    labels = ["10", "2", "1", "", "A10", "A2", "a3", "B", "2a", "柜2", "柜10"]
    assert sorted(labels, key=natural_key) == [
        "1",
        "2",
        "2a",
        "10",
        "A2",
        "a3",
        "A10",
        "B",
        "柜2",
        "柜10",
        "",
    ]


def test_shelf_list_orders_by_place_and_number(s: Session, years: dict[str, int]) -> None:
    c25 = years["c25"]
    extra = [make_student(s, c25, f"王{n}", f"20257102010{n:02d}") for n in (3, 4, 5, 6)]
    set_location(s, [extra[0]], cabinet="A", shelf="2", box="2")
    set_location(s, [extra[1]], cabinet="A", shelf="10", box="1")
    set_location(s, [extra[2]], cabinet="A", shelf="2", box="1")
    set_location(s, [extra[3]], cabinet="", shelf="", box="")  # registered, place unknown
    rows = shelf_list(s, class_group_id=c25)
    assert [(e.location.shelf, e.location.box, e.student_no) for e in rows] == [
        ("2", "1", "2025710201005"),
        ("2", "2", "2025710201003"),
        ("2", "10", "2025710201001"),
        ("2", "10", "2025710201002"),
        ("10", "1", "2025710201004"),
        ("", "", "2025710201006"),
    ]
    assert [e.state for e in rows][2:4] == ["on_loan", "in_room"]
    assert all(e.graduation_year == 2028 and e.class_name == "2025级计算机1班" for e in rows)
    box = shelf_list(s, cabinet="A", shelf="2", box="10")
    assert [e.name for e in box] == ["张三", "张四"]
    assert [e.student_id for e in shelf_list(s, cabinet="", class_group_id=c25)] == [extra[3]]
    # files registered by a dispatch or 归档保存 alone have no place either
    unknown = {e.student_id for e in shelf_list(s, cabinet="", shelf="", box="")}
    assert unknown == {extra[3], years["resent03"], years["kept03"]}
    old = shelf_list(s, cabinet="老档案柜")
    assert [(e.state, e.graduation_year, e.status) for e in old] == [
        ("dispatched", 1995, "graduated")
    ]
    # every registered file, the unregistered 1995 file not among them
    everyone = {e.student_id for e in shelf_list(s)}
    assert years["lost95"] not in everyone and years["kept03"] in everyone


@pytest.mark.parametrize(
    ("kw", "field", "code"),
    [
        ({"cabinet": 1}, "cabinet", "invalid_type"),
        ({"shelf": "x" * 51}, "shelf", "too_long"),
        ({"box": "1\t2"}, "box", "control_chars"),
        ({"class_group_id": "3"}, "class_group_id", "invalid_type"),
        ({"class_group_id": 0}, "class_group_id", "out_of_range"),
    ],
)
def test_shelf_list_refuses_garbage(s: Session, kw: dict[str, Any], field: str, code: str) -> None:
    (p,) = problems_of(lambda: shelf_list(s, **kw))
    assert (p.field, p.code) == (field, code)


def test_an_unknown_class_lists_nothing(s: Session, years: dict[str, int]) -> None:
    assert shelf_list(s, class_group_id=987) == []


def test_voided_students_are_not_on_the_shelf_list(s: Session, years: dict[str, int]) -> None:
    s.archive.db.conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (years["shelved"],))
    assert years["shelved"] not in {e.student_id for e in shelf_list(s)}
