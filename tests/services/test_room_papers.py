"""Printing the archive room's papers from a real archive (schema 5 rows written with SQL):
the receiving receipt, shelf lists, box labels (audited ``room_paper_printed``, kind and count
only), and the 档案转递单 of dispatches issued with their serials stored on the dispatch rows."""

from __future__ import annotations

import dataclasses
import datetime
import errno
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OperationCancelled,
    OutputFileError,
    PaperFileUnavailable,
    PermissionDenied,
    RecordInvalid,
    UnprintableText,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import audit, documents, room_papers
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.dispatch_slips import issue_dispatch_slips

TODAY = datetime.date(2026, 11, 26)
TS = "2026-09-01T08:00:00Z"


@dataclass
class Room:
    session: Session
    class_id: int
    ids: dict[str, int]  # name -> student id


def _file(s: Session, sid: int, cabinet: str, shelf: str, box: str, kept: int = 0) -> None:
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO paper_files (student_id, cabinet, shelf, box, kept, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?, 'admin')",
            (sid, cabinet, shelf, box, kept, TS),
        )


@pytest.fixture
def room(make_archive: Callable[..., Created]) -> Room:
    s = make_archive().session
    structure = setup_structure(s)
    c1 = structure["c1"]
    ids = {}
    for n, (name, status) in enumerate((
        ("王小明", "enrolled"), ("欧阳娜娜", "enrolled"), ("李𠈌", "enrolled"),
        ("赵䶮", "graduated"), ("钱多多", "graduated"), ("孙悟空", "graduated"),
    )):  # fmt: skip
        ids[name] = insert_student(s, c1, name=name, status=status, student_no=f"20250{n:05d}")
    places = {
        **{"王小明": ("1", "1", "2"), "欧阳娜娜": ("1", "1", "10"), "李𠈌": ("1", "1", "2")},
        **{"赵䶮": ("2", "1", "1"), "钱多多": ("", "", ""), "孙悟空": ("2", "1", "1")},
    }
    for name, place in places.items():
        _file(s, ids[name], *place)
    return Room(s, c1, ids)


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join(p.extract_text() for p in pages).replace(" ", "").replace("\n", "")


def _last_entry(s: Session) -> audit.AuditEntry:
    return list(audit.iter_entries(s.archive.db.conn))[-1]


def _count(s: Session, action: str) -> int:
    return sum(1 for e in audit.iter_entries(s.archive.db.conn) if e.action == action)


def _viewer(s: Session) -> Session:
    return dataclasses.replace(s, roles=frozenset({Role.VIEWER}))


# --- the receiving receipt --------------------------------------------------------------------


def _intake(room: Room) -> int:
    with room.session.archive.db.atomic() as conn:
        iid = conn.execute(
            "INSERT INTO file_intakes (kind, source, received_on, delivered_by, received_by, "
            "remark, created_at) VALUES ('new_intake', '邵阳市第二中学', '2025-09-01', '刘老师', "
            "'admin', '招生办送来', ?)",
            (TS,),
        ).lastrowid
        for name, contents, missing in (
            ("王小明", {"enrolment_form": 1, "photo": 4, "id_copy": 2}, []),
            ("欧阳娜娜", {"enrolment_form": 1}, ["admission_notice", "photo"]),
            ("李𠈌", {"enrolment_form": 1, "hukou_copy": 1}, []),
        ):
            conn.execute(
                "INSERT INTO file_intake_items (intake_id, student_id, contents, missing) "
                "VALUES (?, ?, ?, ?)",
                (iid, room.ids[name], json.dumps(contents), json.dumps(missing)),
            )
    return int(iid)


def test_intake_receipt(room: Room) -> None:
    s = room.session
    iid = _intake(room)
    text = _text(room_papers.intake_receipt_pdf(s, iid, today=TODAY))
    for expected in ("新生档案接收登记回执", "邵阳市第二中学", "2025年9月1日", "刘老师",
                     "王小明", "欧阳娜娜", "李𠈌", "2025000000", "2025级计算机1班",
                     "入学登记表、身份证件复印件×2、照片×4", "录取通知书、照片",
                     "共3人，其中1人材料不全", "送交人签名", "打印于2026年11月26日"):  # fmt: skip
        assert expected in text, expected
    entry = _last_entry(s)
    assert entry.action == "room_paper_printed"
    assert (entry.target_type, entry.target_id) == ("file_intake", str(iid))
    assert json.loads(entry.details) == {"kind": "intake_receipt", "count": 3}  # no names
    with pytest.raises(NotFound):
        room_papers.intake_receipt_pdf(s, iid + 1, today=TODAY)
    with pytest.raises(NotFound):  # beyond what SQLite can even compare
        room_papers.intake_receipt_pdf(s, 2**70, today=TODAY)
    with pytest.raises(RecordInvalid) as bad_today:
        room_papers.intake_receipt_pdf(s, iid, today="2026-11-26")  # type: ignore[arg-type]
    assert bad_today.value.problems[0].field == "today"
    with pytest.raises(RecordInvalid):
        room_papers.shelf_list_pdf(s, today="2026-11-26")  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        room_papers.intake_receipt_pdf(_viewer(s), iid, today=TODAY)


# --- shelf lists and labels -------------------------------------------------------------------


def test_shelf_list_in_natural_order_with_states(room: Room) -> None:
    s = room.session
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO file_loans (student_id, borrower, purpose, lent_on, due_on, lent_by) "
            "VALUES (?, '征兵办', '政审', '2026-11-01', '2026-12-01', 'admin')",
            (room.ids["李𠈌"],),
        )
        conn.execute(
            "INSERT INTO file_dispatches (student_id, receiver_kind, receiver, via, dispatch_no, "
            "dispatched_on, dispatched_by, batch_id) VALUES (?, 'talent_centre', '市人才中心', "
            "'confidential_mail', 'JY001', '2026-07-01', 'admin', 'b1')",
            (room.ids["孙悟空"],),
        )
    text = _text(room_papers.shelf_list_pdf(s, today=TODAY))
    order = [text.index(h) for h in ("盒号：2", "盒号：10", "柜号：2", "位置未登记")]
    assert order == sorted(order)  # box 2 before box 10, unshelved last
    assert "李𠈌" in text and "借出" in text and "赵䶮" in text and "钱多多" in text
    assert "孙悟空" not in text  # sent on: no longer on the shelf
    assert "合计：4盒，5份" in text
    assert json.loads(_last_entry(s).details) == {"kind": "shelf_list", "count": 5}
    one = _text(room_papers.shelf_list_pdf(s, today=TODAY, cabinet="1", box="10"))
    assert "欧阳娜娜" in one and "王小明" not in one and "范围：柜号：1\u3000盒号：10" in one
    with pytest.raises(NothingToExport):
        room_papers.shelf_list_pdf(s, today=TODAY, cabinet="9")
    with pytest.raises(NotFound):
        room_papers.shelf_list_pdf(s, today=TODAY, class_group_id=9999)
    with pytest.raises(RecordInvalid):
        room_papers.shelf_list_pdf(s, today=TODAY, cabinet="x" * 41)
    with pytest.raises(PermissionDenied):
        room_papers.shelf_list_pdf(_viewer(s), today=TODAY)


def test_box_labels_only_for_shelved_files(room: Room) -> None:
    s = room.session
    text = _text(room_papers.box_labels_pdf(s, class_group_id=room.class_id, per_page=4))
    assert text.count("学生档案") == 3  # boxes 1/1/2, 1/1/10, 2/1/1; the unshelved file has none
    assert "钱多多" not in text and "王小明" in text and "2025级计算机1班" in text
    assert json.loads(_last_entry(s).details) == {"kind": "box_labels", "count": 5}
    with pytest.raises(RecordInvalid):
        room_papers.box_labels_pdf(s, per_page=5)
    with pytest.raises(NothingToExport):
        room_papers.box_labels_pdf(s, shelf="7")
    with pytest.raises(PermissionDenied):
        room_papers.box_labels_pdf(_viewer(s))


def test_a_place_the_clerk_could_shelve_at_can_be_printed(room: Room) -> None:
    """One limit for a place part in shelving and in the print filters (40 characters)."""
    from xueji_desktop.services import paper_files

    s = room.session
    name = "综合楼三层东侧档案室第十二号铁皮柜甲组左侧A区" * 2
    longest, too_long = name[: paper_files.MAX_PLACE], name[: paper_files.MAX_PLACE + 1]
    assert room_papers.MAX_PLACE == paper_files.MAX_PLACE == 40
    sid = room.ids["王小明"]
    paper_files.set_location(s, [sid], cabinet=longest, shelf="第1层", box="第1盒")
    assert "王小明" in _text(room_papers.shelf_list_pdf(s, today=TODAY, cabinet=longest))
    assert "王小明" in _text(room_papers.box_labels_pdf(s, cabinet=longest))
    for refuse in (
        lambda: paper_files.set_location(s, [sid], cabinet=too_long, shelf="", box=""),
        lambda: room_papers.shelf_list_pdf(s, today=TODAY, cabinet=too_long),
        lambda: room_papers.box_labels_pdf(s, cabinet=too_long),
    ):
        with pytest.raises(RecordInvalid) as caught:
            refuse()
        assert [(p.field, p.code) for p in caught.value.problems] == [("cabinet", "too_long")]


def test_a_big_shelf_list_paginates_reports_progress_and_cancels(room: Room) -> None:
    s = room.session
    for n in range(300):
        birth = f"2009{n // 28 % 12 + 1:02d}{n % 28 + 1:02d}"  # ID numbers stay unique
        sid = insert_student(
            s, room.class_id, name=f"学生{n}", student_no=f"2024{n:06d}", birth=birth
        )
        _file(s, sid, "3", str(n // 100 + 1), str(n // 25 + 1))
    seen: list[tuple[int, int]] = []
    pdf = room_papers.shelf_list_pdf(
        s, today=TODAY, cabinet="3", progress=lambda d, t: seen.append((d, t))
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 9
    assert seen[-1] == (24, 24)  # 12 boxes laid out, then the pages drawn
    text = _text(pdf)
    assert all(f"学生{n}" in text for n in range(300))
    before = _count(s, "room_paper_printed")
    with pytest.raises(OperationCancelled):
        room_papers.shelf_list_pdf(s, today=TODAY, cabinet="3", cancelled=lambda: True)
    assert _count(s, "room_paper_printed") == before  # a cancelled print is not audited


def test_unprintable_name_is_reported_or_marked(room: Room) -> None:
    s = room.session
    sid = insert_student(s, room.class_id, name="王𠀀", student_no="2025999999")
    _file(s, sid, "5", "1", "1")
    with pytest.raises(UnprintableText) as caught:
        room_papers.box_labels_pdf(s, cabinet="5")
    assert caught.value.fields["subject"] == "2025999999"
    assert "王□" in _text(room_papers.shelf_list_pdf(s, today=TODAY, cabinet="5",
                                                      mark_missing=True))  # fmt: skip


# --- 档案转递单 of dispatches ---------------------------------------------------------------------


def _dispatch(s: Session, sid: int, **kw: object) -> int:
    values = {"student_id": sid, "receiver_kind": "talent_centre", "receiver": "邵阳市人才交流中心",
              "receiver_address": "邵阳市双清区宝庆路1号", "via": "confidential_mail",
              "dispatch_no": "JY2026-0001", "carrier": "", "batch_id": "b1",
              "dispatched_on": "2026-07-01", **kw}  # fmt: skip
    cols = list(values)
    with s.archive.db.atomic() as conn:
        cur = conn.execute(
            f"INSERT INTO file_dispatches ({', '.join(cols)}, dispatched_by) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(cols))}, 'admin')",
            list(values.values()),
        )
    return int(cur.lastrowid)


def test_dispatch_slips_issued_and_serials_stored(room: Room) -> None:
    s = room.session
    conn = s.archive.db.conn
    zhao, qian = room.ids["赵䶮"], room.ids["钱多多"]
    with s.archive.db.atomic():
        conn.execute(
            "INSERT INTO paper_file_contents (student_id, doc_type, pieces, noted_at, noted_by) "
            "VALUES (?, 'graduate_form', 1, ?, 'admin'), (?, 'transcript', 2, ?, 'admin')",
            (zhao, TS, zhao, TS),
        )
    d1 = _dispatch(s, zhao)
    d2 = _dispatch(s, qian, receiver_kind="school", receiver="长沙市职业技术学院", via="in_person",
                   dispatch_no="", carrier="钱爸爸", batch_id="b2",
                   dispatched_on="2026-06-30")  # fmt: skip
    progress: list[int] = []
    issued = issue_dispatch_slips(s, [d1, d2], progress=lambda d, t: progress.append(d))
    assert len(issued.serials) == 2 and issued.pages >= 2
    assert progress[-1] == 4
    text = _text(issued.pdf)
    for expected in ("学生档案转递单", "赵䶮", "钱多多", "邵阳市人才交流中心", "机要",
                     "邵阳市双清区宝庆路1号", "JY2026-0001", "长沙市职业技术学院",
                     "专人送达（领取人：钱爸爸）", "毕业生登记表", "成绩单", "2份", "回执",
                     *issued.serials):  # fmt: skip
        assert expected in text, expected
    # dated the day each file was sent, not the day printed; no empty 机要号 in the 回执
    assert text.count("转递日期2026年7月1日") == 1 and "转递日期2026年6月30日" in text
    assert "机要号：JY2026-0001。" in text and "机要号：无。" in text
    assert "机要号：。" not in text
    stored = dict(conn.execute("SELECT id, document_serial FROM file_dispatches").fetchall())
    assert stored == {d1: issued.serials[0], d2: issued.serials[1]}
    entries = {e.serial: e for e in documents.register_entries(s, kind="handover_list")}
    assert entries[issued.serials[0]].student_id == zhao
    assert _count(s, "document_issued") == 2 and _count(s, "file_dispatch_serial_set") == 2
    assert audit.verify(s.archive).ok
    with pytest.raises(RecordInvalid) as again:
        issue_dispatch_slips(s, [d1])
    assert again.value.problems[0].code == "serial_already_recorded"
    # A slip printed wrong is voided in the register; then the dispatch takes a new one.
    documents.void_documents(s, [issued.serials[0]], "地址写错")
    reissued = issue_dispatch_slips(s, [d1])
    stored = dict(conn.execute("SELECT id, document_serial FROM file_dispatches").fetchall())
    assert stored == {d1: reissued.serials[0], d2: issued.serials[1]}
    assert reissued.serials[0] != issued.serials[0]
    # the database refuses to replace a slip that stands
    with pytest.raises(sqlite_error()), s.archive.db.atomic():
        conn.execute("UPDATE file_dispatches SET document_serial = NULL WHERE id = ?", (d2,))


def sqlite_error() -> type[Exception]:
    import sqlcipher3

    return sqlcipher3.dbapi2.IntegrityError


def test_dispatch_slips_refusals_leave_nothing(room: Room) -> None:
    s = room.session
    conn = s.archive.db.conn
    live = _dispatch(s, room.ids["赵䶮"])
    voided = _dispatch(s, room.ids["孙悟空"])
    with s.archive.db.atomic():
        conn.execute(
            "UPDATE file_dispatches SET voided_at = ?, voided_by = 'admin', void_reason = '寄错' "
            "WHERE id = ?",
            (TS, voided),
        )
    with pytest.raises(PaperFileUnavailable) as caught:
        issue_dispatch_slips(s, [live, voided])
    assert caught.value.fields["reason"] == "voided"
    with pytest.raises(NotFound):
        issue_dispatch_slips(s, [live, 9999])
    with pytest.raises(RecordInvalid):
        issue_dispatch_slips(s, [])
    with pytest.raises(OperationCancelled):
        issue_dispatch_slips(s, [live], cancelled=lambda: True)
    rare = insert_student(s, room.class_id, name="王𠀀", status="graduated", student_no="20259")
    with pytest.raises(UnprintableText):
        issue_dispatch_slips(s, [live, _dispatch(s, rare)])
    with pytest.raises(PermissionDenied):
        issue_dispatch_slips(_viewer(s), [live])
    assert conn.execute("SELECT count(*) FROM document_register").fetchone()[0] == 0
    assert (
        conn.execute(
            "SELECT count(*) FROM file_dispatches WHERE document_serial IS NOT NULL"
        ).fetchone()[0]
        == 0
    )
    issued = issue_dispatch_slips(s, [live], mark_missing=False)
    assert len(issued.serials) == 1


# --- saved as a file (out=, the command line): all or nothing ------------------------------------


def test_papers_saved_as_files_are_owner_only_and_audited_with_their_file(
    room: Room, tmp_path: Path
) -> None:
    s = room.session
    iid = _intake(room)
    receipt = tmp_path / "回执.pdf"
    pdf = room_papers.intake_receipt_pdf(s, iid, today=TODAY, out=receipt)
    assert receipt.read_bytes() == pdf and receipt.stat().st_mode & 0o777 == 0o600
    assert _last_entry(s).action == "room_paper_printed"
    labels = tmp_path / "labels.pdf"
    room_papers.box_labels_pdf(s, cabinet="1", out=labels)
    with pytest.raises(OutputFileError) as taken:  # the name is taken: nothing made
        room_papers.shelf_list_pdf(s, today=TODAY, out=labels)
    assert taken.value.fields["reason"] == "exists"
    room_papers.shelf_list_pdf(s, today=TODAY, out=labels, overwrite=True)
    with pytest.raises(OutputFileError):
        room_papers.shelf_list_pdf(s, today=TODAY, out=tmp_path / "none" / "x.pdf")
    assert _count(s, "room_paper_printed") == 3
    d1 = _dispatch(s, room.ids["赵䶮"])
    slips = tmp_path / "转递单.pdf"
    issued = issue_dispatch_slips(s, [d1], out=slips)
    assert slips.read_bytes() == issued.pdf and slips.stat().st_mode & 0o777 == 0o600
    saved = [e for e in audit.iter_entries(s.archive.db.conn) if e.action == "document_issued"]
    assert json.loads(saved[-1].details)["file"] == "转递单.pdf"


class _FullDisk:
    """documents_files' ``os`` whose ``call`` fails as a full disk does."""

    def __init__(self, call: str) -> None:
        self.call = call

    def __getattr__(self, name: str) -> Any:
        if name != self.call:
            return getattr(os, name)

        def fail(*_args: object, **_kw: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        return fail


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_a_file_that_cannot_be_written_is_neither_issued_nor_audited(
    room: Room, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    from xueji_desktop.services import documents_files

    s = room.session
    conn = s.archive.db.conn
    iid = _intake(room)
    d1 = _dispatch(s, room.ids["赵䶮"])
    before = [_count(s, a) for a in ("room_paper_printed", "document_issued")]
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(documents_files, "os", _FullDisk(call))
    out = folder / "x.pdf"
    for make in (
        lambda: room_papers.intake_receipt_pdf(s, iid, today=TODAY, out=out),
        lambda: room_papers.shelf_list_pdf(s, today=TODAY, out=out),
        lambda: room_papers.box_labels_pdf(s, out=out),
        lambda: issue_dispatch_slips(s, [d1], out=out),
    ):
        with pytest.raises(OutputFileError) as caught:
            make()
        assert caught.value.fields["reason"] == "disk_full"
        assert list(folder.iterdir()) == []  # no file, no temporary file
    monkeypatch.undo()
    assert [_count(s, a) for a in ("room_paper_printed", "document_issued")] == before
    assert conn.execute("SELECT count(*) FROM document_register").fetchone()[0] == 0
    assert conn.execute("SELECT document_serial FROM file_dispatches").fetchall() == [(None,)]
    assert len(issue_dispatch_slips(s, [d1], out=out).serials) == 1  # free to print again
