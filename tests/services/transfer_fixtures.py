"""Two real archives for the transfer-package tests: a sending school (甲) with a student who
has left by 转出 (record, family, history, grades, scans, photo) and a receiving school (乙)."""

from __future__ import annotations

import datetime
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import attachments, status_changes, students
from xueji_desktop.services.archive import Created
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

TODAY = datetime.date.today()
PASSPHRASE = "kqwe-7hxa-mn3r-t9vb"
KDF = FAST_FOR_TESTS  # explicit: the product always writes the production parameters
SCAN = b"%PDF-1.4\n% a scanned enrolment form\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def tiny_png(shade: int = 0x80) -> bytes:
    """A real 2x2 PNG (the registration card renders the photo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes([shade]) * 6 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))  # fmt: skip


@dataclass
class Pair:
    sender: Created
    receiver: Created
    student: int  # in the sender: status 转出
    other: int  # in the sender: still 在籍
    ids: dict[str, int]  # sender's structure
    target_class: int  # receiver's class for 转入
    photo: bytes
    scan_id: int
    left: int  # in the sender: 退学 (has left the school: may be handed over)


def make_pair(make_archive: object) -> Pair:
    sender = make_archive("sender", school_name="邵阳市第一职业中专")  # type: ignore[operator]
    receiver = make_archive("receiver", school_name="长沙市第二职业中专")  # type: ignore[operator]
    s = sender.session
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], name="李小明", family=[
        {"name": "李大山", "relation": "父亲", "is_guardian": 1, "phone": "13912345678"},
        {"name": "王秀英", "relation": "母亲", "is_guardian": 0, "phone": "13812345670"},
    ])  # fmt: skip
    other = insert_student(s, ids["c1"], name="赵小红", male=False)
    left = insert_student(s, ids["c1"], name="王小军")
    status_changes.record_change(s, left, "withdrawal", effective_date=TODAY.isoformat())
    with s.archive.db.atomic() as conn:
        for course, term, score in (("math", "t1", 88), ("chinese", "t1", 52), ("prog", "t2", 91)):
            conn.execute(
                "INSERT INTO grades (student_id, course_id, term_id, score, makeup_score, "
                "updated_at) VALUES (?,?,?,?,?,'2026-01-20T00:00:00Z')",
                (sid, ids[course], ids[term], score, 75 if score < 60 else None),
            )
        conn.execute(
            "INSERT INTO conduct_evaluations (student_id, term_id, grade, comment) "
            "VALUES (?, ?, '优秀', '团结同学')",
            (sid, ids["t1"]),
        )
    students.edit_student(s, sid, {"phone": "13700001111"}, reason="本人申请更正电话")
    photo = tiny_png()
    attachments.set_photo(s, sid, photo)
    scan_id = attachments.attach(s, sid, "enrolment_form", SCAN, "application/pdf", "入学登记表")
    wrong = attachments.attach(s, sid, "id_copy", tiny_png(0x10), "image/png")
    attachments.void_attachment(s, wrong, "其他学生的材料")  # voided scans never travel
    status_changes.record_change(s, sid, "transfer_out", effective_date=TODAY.isoformat(),
                                 details={"to_school": "长沙市第二职业中专"})  # fmt: skip
    r = receiver.session
    rids = setup_structure(r)
    return Pair(sender, receiver, sid, other, ids, rids["c2"], photo, scan_id, left)


def other_school(make_archive: Any, name: str = "far", **kw: Any) -> tuple[Any, int]:
    """An archive with one major (660301) that the sender does not teach, and one class."""
    created = make_archive(name, school_name="衡阳市职业中专", **kw)
    with created.session.archive.db.atomic() as conn:
        conn.execute("INSERT INTO majors (code, name, catalogue_version, program_length) "
                     "VALUES ('660301', '电子商务', '2021', 3)")  # fmt: skip
        cur = conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
            "graduation_year) VALUES ('2026-e1', '2026级电商1班', 2026, '660301', '', 2029)"
        )
    return created, int(cur.lastrowid)


def archive_state(created: Created) -> tuple[str, tuple[str, ...]]:
    """The content hash and the blob files: what "nothing changed" means."""
    h = created.session.archive
    blobs = tuple(sorted(str(p.relative_to(h.layout.blobs)) for p in h.layout.blobs.rglob("*")))
    return content_hash(h.db.conn), blobs


def folder_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}
