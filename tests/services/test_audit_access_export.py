"""The access report as a workbook and as a PDF (issue 9 §2): a real archive where a clerk and a
viewer act through the services, the report exported and printed, both files read back
(openpyxl, pypdf), the writing audited with the students' ids, admins only, and the target
checked before any work."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.conftest import ADMIN
from tests.records_fixtures import insert_student, password_only_archive, setup_structure
from xueji_desktop.core.errors import OutputFileError, PermissionDenied
from xueji_desktop.core.roles import Role
from xueji_desktop.services import audit, documents, exports, students
from xueji_desktop.services.archive import login
from xueji_desktop.services.audit_access import ACTION_CLASSES, AccessReport, access_report
from xueji_desktop.services.audit_access_export import (
    export_access_report,
    print_access_report,
    student_labels,
)
from xueji_desktop.services.audit_view import audit_entries
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import PrintRequest

CLERK, CLERK_PW = "clerk2", "kestrel-lantern-42"
VIEWER, VIEWER_PW = "viewer1", "heron-candle-77"
TODAY = datetime.date(2026, 1, 5)
LONG_AGO, FAR = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


@dataclass
class World:
    root: Path
    admin: Session
    s1: int
    s2: int
    report: AccessReport


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    root = tmp_path / "archive"
    created = password_only_archive(
        root, [(CLERK, CLERK_PW, [Role.CLERK]), (VIEWER, VIEWER_PW, [Role.VIEWER])]
    )
    admin = created.session
    ids = setup_structure(admin)
    s1 = insert_student(admin, ids["c1"], name="王小明", student_no="2025000101")
    s2 = insert_student(admin, ids["c1"], name="李娜", student_no="2025000102")
    viewer = login(root, VIEWER, VIEWER_PW)
    students.get_student(viewer, s1)
    viewer.close()
    clerk = login(root, CLERK, CLERK_PW)
    students.get_student(clerk, s2)
    students.edit_student(clerk, s1, {"phone": "13700000000"}, reason="换号", today=TODAY)
    documents.issue(clerk, PrintRequest("registration_card", (s1,)))
    exports.export_students(clerk, tmp_path / "out.xlsx", student_ids=[s1, s2])
    clerk.close()
    report = access_report(admin, since=LONG_AGO, until=FAR)
    try:
        yield World(root, admin, s1, s2, report)
    finally:
        admin.close()


def _sheet(path: Path, index: int) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in book.worksheets[index].iter_rows(values_only=True)]
    finally:
        book.close()


def test_workbook_names_students_and_users(world: World, tmp_path: Path) -> None:
    out = export_access_report(world.admin, world.report, tmp_path / "访问报告.xlsx", today=TODAY)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["按用户", "按学生", "明细", "无法归属到学生"]
    book.close()
    per_user = _sheet(out, 0)
    assert per_user[0][0].endswith("学生信息访问报告")
    assert per_user[1][0] == "统计期间：2000-01-01 至 2099-12-31"
    header = per_user.index(
        ("用户", "查看的学生数", "打印的学生数", "导出的学生数", "修改的学生数")
    )
    assert per_user[header + 1 :] == [(CLERK, 1, 1, 2, 1), (VIEWER, 1, 0, 0, 0)]
    per_student = _sheet(out, 1)
    top = per_student.index(("学号", "姓名", "班级", "查看", "打印", "导出", "修改"))
    rows = per_student[top + 1 :]
    assert [r + (None,) * (7 - len(r)) for r in rows] == [
        ("2025000101", "王小明", "2025级计算机1班", VIEWER, CLERK, CLERK, CLERK),
        ("2025000102", "李娜", "2025级计算机1班", CLERK, None, CLERK, None),
    ]
    lines = _sheet(out, 2)
    body = lines[[r[0] for r in lines].index("用户") + 1 :]
    assert [(r[0], r[1], r[3:7]) for r in body] == [
        (CLERK, "2025000101", (0, 1, 1, 1)),
        (CLERK, "2025000102", (1, 0, 1, 0)),
        (VIEWER, "2025000101", (1, 0, 0, 0)),
    ]
    # the entry numbers lead back to the audit log
    seqs = {int(s) for s in str(body[0][7]).split("、")}
    found = audit_entries(world.admin, actor=CLERK, student_id=world.s1).entries
    assert seqs == {e.seq for e in found}
    text = " ".join(str(c) for row in per_student + lines for c in row if c is not None)
    assert "11010" not in text  # never an ID number


def test_writing_is_audited_with_the_students(world: World, tmp_path: Path) -> None:
    export_access_report(world.admin, world.report, tmp_path / "a.xlsx")
    print_access_report(world.admin, world.report, tmp_path / "a.pdf", today=TODAY)
    got = audit_entries(world.admin, actor=ADMIN, limit=2).entries
    assert [(e.action, e.student_ids, e.details["count"]) for e in got] == [
        ("access_report_printed", (world.s1, world.s2), 2),
        ("access_report_exported", (world.s1, world.s2), 2),
    ]
    assert ACTION_CLASSES.get("access_report_exported", "exported") == "exported"
    assert ACTION_CLASSES.get("access_report_printed", "printed") == "printed"
    assert audit.verify(world.admin.archive).ok


def test_pdf_reads_back(world: World, tmp_path: Path) -> None:
    out = print_access_report(world.admin, world.report, tmp_path / "r.pdf", today=TODAY)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("学生信息访问报告", "按用户", "按学生", "王小明", "2025000101", CLERK, VIEWER,
                     "第 1 页 共", "2026-01-05"):  # fmt: skip
        assert expected in text, expected
    assert out.stat().st_mode & 0o077 == 0
    en = print_access_report(world.admin, world.report, tmp_path / "en.pdf", lang="en")
    en_text = "".join(p.extract_text() for p in PdfReader(str(en)).pages)
    assert "Per student" in en_text and "Page 1 of" in en_text and "李娜" in en_text


def test_english_workbook_and_an_empty_period(world: World, tmp_path: Path) -> None:
    empty = access_report(world.admin, since=LONG_AGO, until=LONG_AGO)
    out = export_access_report(world.admin, empty, tmp_path / "empty.xlsx", lang="en")
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Per user", "Per student", "Details", "Not attributable"]
    book.close()
    assert _sheet(out, 0)[-1] == ("User", "Students viewed", "Students printed",
                                  "Students exported", "Students changed")  # fmt: skip


def test_target_checked_first_and_never_overwritten(world: World, tmp_path: Path) -> None:
    target = tmp_path / "taken.xlsx"
    target.write_bytes(b"mine")
    before = audit_entries(world.admin, limit=1).entries[0].seq
    with pytest.raises(OutputFileError):
        export_access_report(world.admin, world.report, target)
    with pytest.raises(OutputFileError):
        print_access_report(world.admin, world.report, tmp_path / "missing" / "r.pdf")
    assert target.read_bytes() == b"mine"
    assert audit_entries(world.admin, limit=1).entries[0].seq == before  # nothing audited
    export_access_report(world.admin, world.report, target, overwrite=True)
    assert target.read_bytes().startswith(b"PK")


def test_only_admins(world: World, tmp_path: Path) -> None:
    for user, pw in ((CLERK, CLERK_PW), (VIEWER, VIEWER_PW)):
        s = login(world.root, user, pw)
        try:
            with pytest.raises(PermissionDenied):
                export_access_report(s, world.report, tmp_path / f"{user}.xlsx")
            with pytest.raises(PermissionDenied):
                print_access_report(s, world.report, tmp_path / f"{user}.pdf")
            with pytest.raises(PermissionDenied):
                student_labels(s, [world.s1])
        finally:
            s.close()
    assert not list(tmp_path.glob(f"{CLERK}.*"))


def test_student_labels(world: World) -> None:
    got = student_labels(world.admin, [world.s2, world.s1, 999_999, 0])
    assert {k: (v.name, v.student_no) for k, v in got.items()} == {
        world.s1: ("王小明", "2025000101"),
        world.s2: ("李娜", "2025000102"),
    }
