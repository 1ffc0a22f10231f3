"""The receiving register (services/paper_file_intake.py): batches, all or nothing, the file's
receipt date, contents and place, and the refusals of bad input."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from tests.services.test_paper_files import (
    audit_rows,
    history,
    make_class,
    make_student,
    problems_of,
    unchanged,
)
from xueji_desktop.core.errors import NotFound, RecordInvalid
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.paper_file_intake import (
    IntakeItem,
    get_intake,
    list_intakes,
    receive_files,
)
from xueji_desktop.services.paper_files import Location, get_paper_file

ALWAYS = (  # the checklist's types required of every student (m0002 document_types)
    "enrolment_form",
    "id_copy",
    "hukou_copy",
    "admission_notice",
    "junior_diploma",
    "photo",
    "conduct_record",
    "transcript",
)


@pytest.fixture
def s(archive: Created) -> Session:
    return archive.session


@pytest.fixture
def ids(s: Session) -> list[int]:
    cls = make_class(s, "2025级计算机1班", 2025, 2028)
    other = make_class(s, "2025级计算机2班", 2025, 2028)
    return [
        make_student(s, other, "周一", "2025710202001"),
        make_student(s, cls, "张三", "2025710201002"),
        make_student(s, cls, "李四", "2025710201001"),
    ]


def _batch(s: Session, ids: list[int], **kw: Any) -> int:
    args: dict[str, Any] = {
        "kind": "new_intake",
        "source": "双清区第一中学",
        "received_on": "2025-09-01",
        "delivered_by": "刘老师",
        "items": [
            IntakeItem(ids[0], {"enrolment_form": 1, "id_copy": 1}),
            IntakeItem(ids[1], {"enrolment_form": 1}, missing=["hukou_copy"], remark="户口页后补"),
            IntakeItem(ids[2], {}),
        ],
    }
    args.update(kw)
    return receive_files(s, **args)


def pieces(s: Session, sid: int) -> dict[str, int]:
    return {c.doc_type: c.pieces for c in get_paper_file(s, sid).contents if c.pieces}


def test_a_batch_registers_every_file(s: Session, ids: list[int]) -> None:
    iid = _batch(s, ids, location=Location("A柜", "1", "3"))
    for sid in ids:
        pf = get_paper_file(s, sid)
        assert (pf.received_on, pf.intake_id, pf.location) == (
            "2025-09-01",
            iid,
            Location("A柜", "1", "3"),
        )
        assert [r[0] for r in history(s, sid, "paper_file")] == ["cabinet", "shelf", "box"]
    assert pieces(s, ids[0]) == {"enrolment_form": 1, "id_copy": 1}
    assert pieces(s, ids[2]) == {}
    assert history(s, ids[0], "paper_file_contents") == [
        ("contents.enrolment_form", "0", "1", ""),
        ("contents.id_copy", "0", "1", ""),
    ]
    intake = get_intake(s, iid)
    assert (intake.kind, intake.source, intake.received_on, intake.delivered_by) == (
        "new_intake",
        "双清区第一中学",
        "2025-09-01",
        "刘老师",
    )
    assert intake.received_by == s.username
    # by class, then 学号
    assert [line.student_no for line in intake.lines] == [
        "2025710201001",
        "2025710201002",
        "2025710202001",
    ]
    by_id = {line.student_id: line for line in intake.lines}
    assert by_id[ids[1]].missing == ("hukou_copy",) and by_id[ids[1]].remark == "户口页后补"
    # missing not given: the required types that did not arrive
    assert by_id[ids[0]].missing == tuple(
        t for t in ALWAYS if t not in ("enrolment_form", "id_copy")
    )
    assert by_id[ids[2]].missing == ALWAYS
    assert by_id[ids[0]].contents == {"enrolment_form": 1, "id_copy": 1}
    ((target, details),) = audit_rows(s, "file_received")
    assert target == str(iid)
    assert details == {
        "intake_id": iid,
        "kind": "new_intake",
        "count": 3,
        "student_ids": ids,
        "location": ["A柜", "1", "3"],
    }
    text = json.dumps(audit_rows(s, "file_received"), ensure_ascii=False)
    assert "张三" not in text and "双清区" not in text and "刘老师" not in text


def test_without_a_place_the_file_is_not_shelved(s: Session, ids: list[int]) -> None:
    _batch(s, ids)
    assert get_paper_file(s, ids[0]).location == Location()
    assert history(s, ids[0], "paper_file") == []
    assert "location" not in audit_rows(s, "file_received")[0][1]


def test_a_second_delivery_adds_papers_and_the_later_date_wins(s: Session, ids: list[int]) -> None:
    first = _batch(s, ids)
    second = receive_files(
        s,
        kind="other",
        source="家长送来",
        received_on="2025-09-20",
        items=[IntakeItem(ids[1], {"hukou_copy": 1, "enrolment_form": 1})],
    )
    pf = get_paper_file(s, ids[1])
    assert (pf.received_on, pf.intake_id) == ("2025-09-20", second)
    assert pieces(s, ids[1]) == {"enrolment_form": 2, "hukou_copy": 1}
    # an older delivery entered late does not move the file's receipt date back
    receive_files(
        s,
        kind="transfer_in",
        source="原学校",
        received_on="2025-08-01",
        items=[IntakeItem(ids[0], {"photo": 2})],
    )
    pf = get_paper_file(s, ids[0])
    assert (pf.received_on, pf.intake_id) == ("2025-09-01", first)
    assert pieces(s, ids[0])["photo"] == 2
    listed = list_intakes(s)
    assert [i.received_on for i in listed] == ["2025-09-20", "2025-09-01", "2025-08-01"]
    assert all(i.lines == () for i in listed)
    assert [i.received_on for i in list_intakes(s, limit=1)] == ["2025-09-20"]


def test_a_later_delivery_misses_only_what_the_folder_still_lacks(
    s: Session, ids: list[int]
) -> None:
    """补交: the default "missing" is what the folder lacks after this delivery, not every
    required paper that did not come this time."""
    _batch(s, ids)  # ids[0] brought enrolment_form and id_copy
    rest = [t for t in ALWAYS if t not in ("enrolment_form", "id_copy", "photo")]
    receive_files(
        s,
        kind="other",
        source="双清区第一中学",
        received_on="2025-09-10",
        items=[IntakeItem(ids[0], dict.fromkeys(rest, 1))],
    )
    third = receive_files(
        s,
        kind="other",
        source="补交",
        received_on="2025-09-20",
        items=[IntakeItem(ids[0], {"photo": 2}), IntakeItem(ids[2], {"photo": 2})],
    )
    by_id = {line.student_id: line for line in get_intake(s, third).lines}
    assert by_id[ids[0]].missing == ()  # the folder is complete now
    assert by_id[ids[2]].missing == tuple(t for t in ALWAYS if t != "photo")
    assert pieces(s, ids[0])["photo"] == 2


def test_a_paper_both_received_and_missing_reads_as_a_sentence(s: Session, ids: list[int]) -> None:
    from xueji_desktop.problem_text import problem_text

    item = IntakeItem(ids[0], {"enrolment_form": 1}, missing=["enrolment_form"])
    (p,) = problems_of(lambda: _batch(s, ids, items=[IntakeItem(ids[1], {}), item]))
    assert (p.field, p.code) == ("items[1].missing", "received_and_missing")
    assert problem_text(p, "zh") == (
        "接收名单第2行的缺少的材料：“入学登记表”既登记为收到，又登记为缺少，请只留一处。"
    )
    assert "{" not in problem_text(p, "en")


def test_a_dispatched_file_is_not_received_until_the_dispatch_is_voided(
    s: Session, ids: list[int]
) -> None:
    from xueji_desktop.core.errors import PaperFileUnavailable
    from xueji_desktop.services import file_dispatch

    s.archive.db.conn.execute("UPDATE students SET status = 'graduated' WHERE id = ?", (ids[0],))
    (did,) = file_dispatch.dispatch_files(
        s,
        [file_dispatch.DispatchOrder(ids[0], "school", "某技师学院", "in_person", carrier="李四")],
        dispatched_on="2025-09-05",
    )
    check = unchanged(s)
    item = IntakeItem(ids[0], {"photo": 1})
    with pytest.raises(PaperFileUnavailable) as caught:
        _batch(s, ids, items=[IntakeItem(ids[1], {}), item])
    assert caught.value.fields["reason"] == "dispatched"
    check()
    file_dispatch.void_dispatch(s, did, reason="档案被退回")
    _batch(s, ids, items=[item])
    assert pieces(s, ids[0]) == {"photo": 1}


def test_one_bad_row_leaves_the_archive_unchanged(s: Session, ids: list[int]) -> None:
    _batch(s, ids)
    check = unchanged(s)
    items = [
        IntakeItem(ids[0], {"photo": 1}),
        IntakeItem(ids[1], {"photo": 1}),
        IntakeItem(ids[2], {"photo": 1, "nonsense": 2}),
    ]
    found = problems_of(lambda: _batch(s, ids, items=items))
    assert [(p.field, p.code) for p in found] == [("items[2].contents", "unknown_paper_type")]
    check()
    found = problems_of(lambda: _batch(s, ids, items=[*items[:2], IntakeItem(987654, {})]))
    assert [(p.field, p.code) for p in found] == [("items[2].student_id", "not_found")]
    check()
    s.archive.db.conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids[2],))
    check = unchanged(s)
    found = problems_of(lambda: _batch(s, ids, items=[*items[:2], IntakeItem(ids[2], {})]))
    assert [(p.field, p.code) for p in found] == [("items[2].student_id", "record_voided")]
    check()
    assert len(list_intakes(s)) == 1


def _future() -> str:
    return (datetime.date.today() + datetime.timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": "newcomers"}, {("kind", "invalid_choice_of")}),
        ({"kind": None}, {("kind", "invalid_choice_of")}),
        ({"source": ""}, {("source", "required")}),
        ({"source": "校" * 100_000}, {("source", "too_long")}),
        ({"source": 12}, {("source", "invalid_type")}),
        ({"delivered_by": ["x"]}, {("delivered_by", "invalid_type")}),
        ({"remark": "备" * 501}, {("remark", "too_long")}),
        ({"received_on": "2025/09/01"}, {("received_on", "invalid_date")}),
        ({"received_on": "2025-9-1"}, {("received_on", "invalid_date")}),
        ({"received_on": "20250901"}, {("received_on", "invalid_date")}),
        ({"received_on": "2025-W36-1"}, {("received_on", "invalid_date")}),
        ({"received_on": "2025-02-30"}, {("received_on", "invalid_date")}),
        ({"received_on": 20250901}, {("received_on", "invalid_type")}),
        ({"received_on": ""}, {("received_on", "required")}),
        ({"received_on": "FUTURE"}, {("received_on", "date_in_future")}),
        ({"location": ("A", "1", "2")}, {("location", "invalid_type")}),
        ({"location": Location("A" * 41, "1", "2")}, {("location.cabinet", "too_long")}),
        ({"items": []}, {("items", "required")}),
        ({"items": "1,2"}, {("items", "invalid_type")}),
        ({"items": {"a": 1}}, {("items", "invalid_type")}),
        ({"items": [{"student_id": 1, "contents": {}}]}, {("items[0]", "invalid_type")}),
        ({"items": [IntakeItem("1", {})]}, {("items[0].student_id", "invalid_type")}),  # type: ignore[arg-type]
        (
            {"items": [IntakeItem(0, {}), IntakeItem(0, {})]},
            {("items[1].student_id", "duplicate_in_batch")},
        ),
        ({"items": [IntakeItem(0, [("photo", 1)])]}, {("items[0].contents", "invalid_type")}),  # type: ignore[arg-type]
        ({"items": [IntakeItem(0, {"photo": "一"})]}, {("items[0].contents", "invalid_type")}),
        ({"items": [IntakeItem(0, {"photo": 10**9})]}, {("items[0].contents", "out_of_range")}),
        ({"items": [IntakeItem(0, {}, missing="photo")]}, {("items[0].missing", "invalid_type")}),
        (
            {"items": [IntakeItem(0, {}, missing=["照片"])]},
            {("items[0].missing", "unknown_paper_type")},
        ),
        ({"items": [IntakeItem(0, {}, remark="x" * 501)]}, {("items[0].remark", "too_long")}),
        (
            {"items": [IntakeItem(0, {"photo": 2}, missing=["photo", "id_copy"])]},
            {("items[0].missing", "received_and_missing")},
        ),
        ({"items": [IntakeItem(0, {})] * 5001}, {("items", "too_many_students")}),
    ],
)
def test_garbage_is_refused_with_sentences(
    s: Session, ids: list[int], change: dict[str, Any], expected: set[tuple[str, str]]
) -> None:
    if change.get("received_on") == "FUTURE":
        change = {"received_on": _future()}
    items = change.get("items")
    if isinstance(items, list):  # student 0 stands for a real student
        change["items"] = [
            IntakeItem(ids[0], i.contents, i.missing, i.remark)
            if isinstance(i, IntakeItem) and i.student_id == 0
            else i
            for i in items
        ]
    check = unchanged(s)
    found = problems_of(lambda: _batch(s, ids, **change))
    assert {(p.field, p.code) for p in found} == expected
    check()


def test_every_problem_of_a_bad_batch_is_reported_at_once(s: Session, ids: list[int]) -> None:
    items = [IntakeItem(ids[0], {"x": 1}), IntakeItem(ids[1], {"photo": -2})]
    found = problems_of(lambda: _batch(s, ids, kind="?", source="", items=items))
    assert {p.field for p in found} == {"kind", "source", "items[0].contents", "items[1].contents"}


@pytest.mark.parametrize("bad", [424242, 2**70, -1, "1", None, True])
def test_get_intake_refuses_unknown_and_bad_ids(s: Session, bad: Any) -> None:
    with pytest.raises(RecordInvalid if bad in ("1", None, True) else NotFound):
        get_intake(s, bad)


@pytest.mark.parametrize("bad", [0, -1, 5001, "10", None, True])
def test_list_intakes_refuses_a_bad_limit(s: Session, bad: Any) -> None:
    (p,) = problems_of(lambda: list_intakes(s, limit=bad))
    assert p.field == "limit"


def test_the_register_rows_cannot_be_changed(s: Session, ids: list[int]) -> None:
    iid = _batch(s, ids)
    conn = s.archive.db.conn
    for sql in (
        "UPDATE file_intakes SET source = 'x' WHERE id = ?",
        "DELETE FROM file_intakes WHERE id = ?",
        "UPDATE file_intake_items SET remark = 'x' WHERE intake_id = ?",
    ):
        with pytest.raises(Exception, match="never"):
            conn.execute(sql, (iid,))
