"""The paper file's place, contents and 归档保存 (services/paper_files.py): history, audit,
refusals.

The helpers at the top (``make_class``, ``make_student``, ``audit_rows``) are shared with
test_paper_file_intake.py and test_file_locate.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.records_fixtures import MAJOR, add_account, insert_student
from xueji_desktop import messages
from xueji_desktop.core.errors import (
    NotFound,
    PaperFileUnavailable,
    PermissionDenied,
    ReasonRequired,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Role
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import file_dispatch, paper_files
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.attachments import attach
from xueji_desktop.services.context import Session
from xueji_desktop.services.paper_files import (
    Location,
    get_paper_file,
    set_contents,
    set_kept,
    set_location,
)
from xueji_desktop.services.search import refresh_search_keys_for
from xueji_desktop.storage.content_hash import content_hash

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# -- shared helpers -------------------------------------------------------------------------------


def make_class(session: Session, name: str, intake_year: int, graduation_year: int) -> int:
    with session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO majors (code, name, catalogue_version, program_length)"
            " VALUES (?,?,?,?)",
            (MAJOR, "计算机应用", "2021", 3),
        )
        cur = conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher,"
            " graduation_year) VALUES (?,?,?,?,?,?)",
            (f"{intake_year}-{name}", name, intake_year, MAJOR, "李老师", graduation_year),
        )
        return int(cur.lastrowid)


def make_student(
    session: Session,
    class_id: int | None,
    name: str,
    student_no: str,
    *,
    status: str = "enrolled",
    graduated_on: str = "",
    **extra: Any,
) -> int:
    """A student in the real archive (records_fixtures.insert_student) with its search keys, so
    that locate finds it; a graduate has its outcome and date as the graduation service sets."""
    if graduated_on:
        extra.setdefault("graduation_outcome", "graduation")
        extra["graduation_date"] = graduated_on
    sid = insert_student(
        session, class_id, student_no=student_no, status=status, name=name, **extra
    )
    with session.archive.db.atomic() as conn:
        refresh_search_keys_for(conn, [sid])
    return sid


def audit_rows(session: Session, action: str) -> list[tuple[str, dict[str, Any]]]:
    rows = session.archive.db.conn.execute(
        "SELECT target_id, details FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()
    return [(str(r[0]), json.loads(r[1])) for r in rows]


def history(session: Session, student_id: int, entity: str) -> list[tuple[str, str, str, str]]:
    rows = session.archive.db.conn.execute(
        "SELECT field, COALESCE(old_value, ''), COALESCE(new_value, ''), reason FROM field_history"
        " WHERE student_id = ? AND entity = ? ORDER BY id",
        (student_id, entity),
    ).fetchall()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def problems_of(call: Callable[[], object]) -> list[Problem]:
    with pytest.raises(RecordInvalid) as info:
        call()
    for p in info.value.problems:  # every problem reads as a sentence, not the fallback
        for lang in ("zh", "en"):
            text = problem_text(p, lang)
            assert f"({p.code})" not in text and f"（{p.code}）" not in text, text
    return info.value.problems


def unchanged(session: Session) -> Callable[[], None]:
    before = content_hash(session.archive.db.conn)
    return lambda: _same(session, before)


def _same(session: Session, before: str) -> None:
    assert content_hash(session.archive.db.conn) == before


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def s(archive: Created) -> Session:
    return archive.session


@pytest.fixture
def room(s: Session) -> dict[str, int]:
    cls = make_class(s, "2025级计算机1班", 2025, 2028)
    old = make_class(s, "2000级计算机1班", 2000, 2003)
    return {
        "cls": cls,
        "a": make_student(s, cls, "张三", "2025710201001"),
        "b": make_student(s, cls, "李四", "2025710201002"),
        "grad": make_student(
            s,
            old,
            "王五",
            "2000710201001",
            status="graduated",
            graduated_on="2003-07-01",
            enrolment_month="200009",
        ),
    }


# -- reading --------------------------------------------------------------------------------------


def test_an_unregistered_file_reads_empty_with_every_checklist_type(
    s: Session, room: dict[str, int]
) -> None:
    attach(s, room["a"], "id_copy", PNG, "image/png")
    pf = get_paper_file(s, room["a"])
    assert pf.location == Location() and not pf.location.known
    assert pf.received_on is None and pf.intake_id is None and not pf.kept
    types = {c.doc_type: c for c in pf.contents}
    assert len(types) == 14 and all(c.pieces == 0 for c in pf.contents)
    assert types["enrolment_form"].required and not types["graduate_form"].required
    assert types["id_copy"].scanned and not types["enrolment_form"].scanned
    assert types["enrolment_form"].name == "入学登记表"
    assert not types["photo"].scanned
    # the record's photo is the scanned photo, as in the document checklist
    from xueji_desktop.services.attachments import set_photo
    from xueji_desktop.services.demo import _png

    set_photo(s, room["a"], _png(260, 320, (120, 130, 140)))
    assert {c.doc_type: c for c in get_paper_file(s, room["a"]).contents}["photo"].scanned
    # a graduate's checklist asks for the graduation papers too
    grad = {c.doc_type: c for c in get_paper_file(s, room["grad"]).contents}
    assert grad["graduate_form"].required


@pytest.mark.parametrize("bad", ["1", None, 1.0, True, [1]])
def test_reading_refuses_a_bad_id(s: Session, bad: object) -> None:
    with pytest.raises(RecordInvalid):
        get_paper_file(s, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [424242, 2**70, -1, 0])
def test_reading_an_unknown_student_is_not_found(s: Session, bad: int) -> None:
    with pytest.raises(NotFound):
        get_paper_file(s, bad)  # 2**70: beyond what SQLite can even compare


# -- location -------------------------------------------------------------------------------------


def test_set_location_shelves_a_batch_with_history_and_audit(
    s: Session, room: dict[str, int]
) -> None:
    n = set_location(s, [room["a"], room["b"]], cabinet=" A柜 ", shelf="2", box="10")
    assert n == 2
    assert get_paper_file(s, room["a"]).location == Location("A柜", "2", "10")
    assert history(s, room["a"], "paper_file") == [
        ("cabinet", "", "A柜", ""),
        ("shelf", "", "2", ""),
        ("box", "", "10", ""),
    ]
    entries = audit_rows(s, "paper_file_located")
    assert [t for t, _ in entries] == [str(room["a"]), str(room["b"])]
    assert entries[0][1]["box"] == {"old": "", "new": "10"}
    assert "张三" not in json.dumps(entries, ensure_ascii=False)
    # the same place again changes nothing and writes nothing
    assert set_location(s, [room["a"], room["b"]], cabinet="A柜", shelf="2", box="10") == 0
    assert len(audit_rows(s, "paper_file_located")) == 2
    # a move writes only what changed
    assert set_location(s, [room["a"]], cabinet="A柜", shelf="3", box="10") == 1
    assert history(s, room["a"], "paper_file")[-1] == ("shelf", "2", "3", "")


def test_set_location_is_all_or_nothing(s: Session, room: dict[str, int]) -> None:
    check = unchanged(s)
    with pytest.raises(NotFound):
        set_location(s, [room["a"], 999999], cabinet="A", shelf="1", box="1")
    check()
    voided = make_student(s, room["cls"], "赵六", "2025710201009")
    s.archive.db.conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (voided,))
    check = unchanged(s)
    with pytest.raises(RecordVoided):
        set_location(s, [room["a"], voided], cabinet="A", shelf="1", box="1")
    check()
    with pytest.raises(NotFound):
        set_location(s, [room["a"], 2**70], cabinet="A", shelf="1", box="1")
    check()


def test_a_dispatched_file_is_not_shelved(s: Session, room: dict[str, int]) -> None:
    """The register says the file left the room: shelving it is refused until that dispatch
    is voided (a file that came back), so the registers never contradict the shelves."""
    order = file_dispatch.DispatchOrder(
        room["grad"], "school", "某技师学院", "in_person", carrier="李四"
    )
    (did,) = file_dispatch.dispatch_files(s, [order], dispatched_on="2003-07-15")
    check = unchanged(s)
    with pytest.raises(PaperFileUnavailable) as info:
        set_location(s, [room["a"], room["grad"]], cabinet="B", shelf="1", box="1")
    assert info.value.fields == {"reason": "dispatched", "student": "王五（2000710201001）"}
    check()
    file_dispatch.void_dispatch(s, did, reason="档案被退回")
    assert set_location(s, [room["a"], room["grad"]], cabinet="B", shelf="1", box="1") == 2


@pytest.mark.parametrize(
    ("ids", "place", "codes"),
    [
        ("1,2", {}, {("student_ids", "invalid_type")}),
        ([], {}, {("student_ids", "required")}),
        ({1: 2}, {}, {("student_ids", "invalid_type")}),
        ([True], {}, {("student_ids[0]", "invalid_type")}),
        (["1"], {}, {("student_ids[0]", "invalid_type")}),
        ([0, 0], {}, {("student_ids[1]", "duplicate_in_batch")}),
        (list(range(1, 5002)), {}, {("student_ids", "too_many_students")}),
        ([0], {"cabinet": "柜" * 41}, {("cabinet", "too_long")}),
        ([0], {"shelf": "x" * 1_000_000}, {("shelf", "too_long")}),
        ([0], {"box": "1\n2"}, {("box", "control_chars")}),
        ([0], {"box": 3}, {("box", "invalid_type")}),
        ([0], {"cabinet": b"A"}, {("cabinet", "invalid_type")}),
    ],
)
def test_set_location_refuses_garbage(
    s: Session, room: dict[str, int], ids: Any, place: dict[str, Any], codes: set[tuple[str, str]]
) -> None:
    ids = [room["a"] if i == 0 else i for i in ids] if isinstance(ids, list) else ids
    args: dict[str, Any] = {"cabinet": "A", "shelf": "1", "box": "1", **place}
    check = unchanged(s)
    found = problems_of(lambda: set_location(s, ids, **args))
    assert {(p.field, p.code) for p in found} == codes
    check()


# -- contents -------------------------------------------------------------------------------------


def test_set_contents_sets_removes_and_keeps_history(s: Session, room: dict[str, int]) -> None:
    set_contents(s, room["a"], {"enrolment_form": 1, "id_copy": 2})
    got = {c.doc_type: c.pieces for c in get_paper_file(s, room["a"]).contents if c.pieces}
    assert got == {"enrolment_form": 1, "id_copy": 2}
    set_contents(s, room["a"], {"id_copy": 0, "photo": 4})
    got = {c.doc_type: c.pieces for c in get_paper_file(s, room["a"]).contents if c.pieces}
    assert got == {"enrolment_form": 1, "photo": 4}
    assert history(s, room["a"], "paper_file_contents") == [
        ("contents.enrolment_form", "0", "1", ""),
        ("contents.id_copy", "0", "2", ""),
        ("contents.id_copy", "2", "0", ""),
        ("contents.photo", "0", "4", ""),
    ]
    # the student's history names them in words
    assert messages.field_name("contents.photo", "zh") == "档案袋里的照片（份数）"
    assert messages.field_name("contents.id_copy", "en").startswith("Papers in the file: copy")
    entries = audit_rows(s, "paper_file_contents_set")
    assert len(entries) == 2 and entries[1][1]["photo"] == {"old": 0, "new": 4}
    set_contents(s, room["a"], {"photo": 4})  # nothing new: no entry
    assert len(audit_rows(s, "paper_file_contents_set")) == 2


@pytest.mark.parametrize(
    ("contents", "code"),
    [
        ({"no_such_type": 1}, "unknown_paper_type"),
        ({"入学登记表": 1}, "unknown_paper_type"),
        ({1: 1}, "unknown_paper_type"),
        ({"photo": 1000}, "out_of_range"),
        ({"photo": -1}, "out_of_range"),
        ({"photo": "2"}, "invalid_type"),
        ({"photo": True}, "invalid_type"),
        ({"photo": 1.5}, "invalid_type"),
        ([("photo", 1)], "invalid_type"),
        ("photo", "invalid_type"),
        ({f"t{i}": 1 for i in range(100)}, "too_many_types"),
    ],
)
def test_set_contents_refuses_garbage(
    s: Session, room: dict[str, int], contents: Any, code: str
) -> None:
    set_contents(s, room["a"], {"enrolment_form": 1})
    check = unchanged(s)
    arg = {"id_copy": 1, **contents} if isinstance(contents, dict) else contents
    found = problems_of(lambda: set_contents(s, room["a"], arg))
    assert {p.code for p in found} == {code}
    assert {p.field for p in found} == {"contents"}
    check()


def test_an_unknown_doc_type_is_echoed_short_and_masked(s: Session, room: dict[str, int]) -> None:
    idn = s.archive.db.conn.execute(
        "SELECT id_number FROM students WHERE id = ?", (room["a"],)
    ).fetchone()[0]
    (p,) = problems_of(lambda: set_contents(s, room["a"], {idn + "x" * 5000: 1}))
    assert idn not in p.params["doc_type"] and len(p.params["doc_type"]) <= 31


def test_set_contents_refuses_unknown_and_voided_students(s: Session, room: dict[str, int]) -> None:
    with pytest.raises(NotFound):
        set_contents(s, 999999, {"photo": 1})
    s.archive.db.conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (room["b"],))
    check = unchanged(s)
    with pytest.raises(RecordVoided):
        set_contents(s, room["b"], {"photo": 1})
    check()


# -- kept -----------------------------------------------------------------------------------------


def test_kept_only_for_a_student_who_has_left(s: Session, room: dict[str, int]) -> None:
    check = unchanged(s)
    (p,) = problems_of(lambda: set_kept(s, room["a"], True, reason="学校保存"))
    assert p.code == "keep_before_leaving"
    check()
    set_kept(s, room["a"], False, reason="不需要")  # clearing what is not set: nothing happens
    check()
    set_kept(s, room["grad"], True, reason="按规定由学校归档保存")
    assert get_paper_file(s, room["grad"]).kept
    assert history(s, room["grad"], "paper_file") == [("kept", "0", "1", "按规定由学校归档保存")]
    ((target, details),) = audit_rows(s, "paper_file_kept")
    assert target == str(room["grad"]) and details == {"kept": True}
    set_kept(s, room["grad"], False, reason="改为转递")
    assert not get_paper_file(s, room["grad"]).kept
    assert len(audit_rows(s, "paper_file_kept")) == 2


@pytest.mark.parametrize("reason", ["", "   ", None, 5])
def test_kept_needs_a_reason(s: Session, room: dict[str, int], reason: Any) -> None:
    with pytest.raises(ReasonRequired):
        set_kept(s, room["grad"], True, reason=reason)


@pytest.mark.parametrize("kept", ["yes", 2, None, 1.0, 1])
def test_kept_refuses_a_bad_flag(s: Session, room: dict[str, int], kept: Any) -> None:
    (p,) = problems_of(lambda: set_kept(s, room["grad"], kept, reason="x"))
    assert (p.field, p.code) == ("kept", "invalid_type")


def test_a_dispatched_file_cannot_be_kept(s: Session, room: dict[str, int]) -> None:
    order = file_dispatch.DispatchOrder(
        room["grad"],
        "talent_centre",
        "市人才交流中心",
        "confidential_mail",
        dispatch_no="JY2003-001",
    )
    file_dispatch.dispatch_files(s, [order], dispatched_on="2003-07-15")
    check = unchanged(s)
    with pytest.raises(PaperFileUnavailable) as info:
        set_kept(s, room["grad"], True, reason="学校保存")
    assert info.value.fields == {"reason": "dispatched", "student": "王五（2000710201001）"}
    check()
    text = messages.message_for(info.value, "zh")
    assert "王五（2000710201001）" in text and "转递" in text
    assert not messages.unfilled_placeholders(info.value, "en")


# -- roles ----------------------------------------------------------------------------------------


def test_a_viewer_reads_but_does_not_write(
    archive: Created, s: Session, room: dict[str, int]
) -> None:
    add_account(s, "viewer1", "viewer-passphrase-1", {Role.VIEWER})
    viewer = login(archive.session.archive.layout.root, "viewer1", "viewer-passphrase-1")
    try:
        assert get_paper_file(viewer, room["a"]).student_id == room["a"]
        with pytest.raises(PermissionDenied):
            set_location(viewer, [room["a"]], cabinet="A", shelf="1", box="1")
        with pytest.raises(PermissionDenied):
            set_contents(viewer, room["a"], {"photo": 1})
        with pytest.raises(PermissionDenied):
            set_kept(viewer, room["grad"], True, reason="x")
    finally:
        viewer.close()


def test_the_sibling_names_are_reachable_here() -> None:
    from xueji_desktop.services import file_locate, paper_file_intake

    assert paper_files.receive_files is paper_file_intake.receive_files
    assert paper_files.Whereabouts is file_locate.Whereabouts
    with pytest.raises(AttributeError):
        _ = paper_files.no_such_name


def test_kept_refuses_unknown_and_voided_students(s: Session, room: dict[str, int]) -> None:
    with pytest.raises(NotFound):
        set_kept(s, 999999, True, reason="学校保存")
    s.archive.db.conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (room["grad"],))
    check = unchanged(s)
    with pytest.raises(RecordVoided):
        set_kept(s, room["grad"], True, reason="学校保存")
    check()
