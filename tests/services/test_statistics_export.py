"""Statistics tables to Excel and PDF, and the work log to PDF, on a real archive
(services/statistics_export.py, services/statistics_print.py).

The files are read back (openpyxl, pypdf): every number and word is where it belongs, rates
show the digits the screen shows. Each refusal (no tables, malformed tables or arguments, a
file that exists, a missing or unwritable folder, a failed write, a cancel, a role without
the permission) leaves no file and no audit entry; each success leaves exactly one entry with
titles and counts (statistics) or the students' ids (the work log), never names.
"""

from __future__ import annotations

import datetime
import errno
import io
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, SCHOOL, add_clerk
from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop.core.errors import (
    NothingToExport,
    OperationCancelled,
    OutputFileError,
    PermissionDenied,
    ValidationError,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import documents_files, statistics, statistics_export, xlsx_out
from xueji_desktop.services import statistics_print as sp
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.statistics import StatRow, StatTable
from xueji_desktop.services.work_stats import WorkLog, WorkLogEntry, work_log

VIEWER, VIEWER_PASSWORD = "viewer1", "quiet-harbour-lamp-7"
HEAD, HEAD_PASSWORD = "head-admin", "admin-only-passphrase"
DAY = datetime.date(2026, 11, 26)

RETENTION = StatTable(
    "retention_per_intake",
    ("entered", "kept", "lost", "deceased", "retention_rate", "dropout_rate"),
    (
        StatRow("2023", "2023级", "intake 2023", (3, 2, 1, 0, Fraction(2, 3), Fraction(1, 3))),
        StatRow("2024", "=2024级", "intake 2024", (0, 0, 0, 0, None, None)),
    ),
    (3, 2, 1, 0, Fraction(2, 3), Fraction(1, 3)),
)
GRADES = StatTable(
    "grade_distribution_by_course",
    ("band_lt60", "mean", "pass_rate"),
    (StatRow("GB001", "数学", "Maths", (1, Fraction(1569, 20), Fraction(1, 16))),),
    (1, Fraction(1569, 20), Fraction(1, 16)),
)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """Where the files go: a folder of their own (the archive is in tmp_path too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def owner(archive: Created) -> Iterator[Session]:
    """The admin+clerk owner, with a clerk, a viewer and an admin-only account beside."""
    add_clerk(archive)
    add_account(archive.session, VIEWER, VIEWER_PASSWORD, {Role.VIEWER})
    add_account(archive.session, HEAD, HEAD_PASSWORD, {Role.ADMIN})
    yield archive.session


def _as(owner: Session, user: str) -> Session:
    passwords = {CLERK: CLERK_PASSWORD, VIEWER: VIEWER_PASSWORD, HEAD: HEAD_PASSWORD,
                 ADMIN: ADMIN_PASSWORD}  # fmt: skip
    return login(owner.archive.layout.root, user, passwords[user])


def _entries(session: Session) -> list[tuple[str, str, dict[str, Any]]]:
    rows = session.archive.db.conn.execute(
        "SELECT action, actor, details FROM audit_log ORDER BY seq"
    ).fetchall()
    return [(str(a), str(u), json.loads(d)) for a, u, d in rows]


def _count(session: Session, action: str) -> int:
    return sum(1 for a, _, _ in _entries(session) if a == action)


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


# --- Excel -------------------------------------------------------------------------------------


def test_export_writes_a_sheet_per_table_with_headings_numbers_and_rates(
    owner: Session, out_dir: Path
) -> None:
    ids = setup_structure(owner)
    for status in ("enrolled", "enrolled", "on_leave"):
        insert_student(owner, ids["c1"], status=status)
    counted = statistics.counts(owner, by="status")
    out = out_dir / "统计.xlsx"
    got = statistics_export.export_tables(
        owner, [counted, RETENTION, GRADES], out, heading="学生统计", note="统计截至 2026年9月1日"
    )
    assert got == out and out.exists()
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["学生人数（按学籍状态）", "各年级巩固率", "成绩分布（按课程）"]
    ws = wb["学生人数（按学籍状态）"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells[0][0] == SCHOOL and cells[1][0] == "学生统计"
    assert cells[2][0] == "学生人数（按学籍状态）" and cells[3][0] == "统计截至 2026年9月1日"
    assert cells[4][:2] == ["学籍状态", "人数"]
    body = {r[0]: r[1] for r in cells[5:]}
    assert body["在籍"] == 2 and body["休学"] == 1 and body["合计"] == 3
    rates = [[c.value for c in row] for row in wb["各年级巩固率"].iter_rows()][4:]
    assert rates[0] == ["入学年份", "入学人数", "巩固人数", "流失人数", "死亡", "巩固率", "流失率"]
    assert rates[1] == ["2023级", 3, 2, 1, 0, "66.7%", "33.3%"]
    assert rates[2] == ["'=2024级", 0, 0, 0, 0, "—", "—"]  # formula-safe
    assert rates[3] == ["合计", 3, 2, 1, 0, "66.7%", "33.3%"]
    grades = [[c.value for c in row] for row in wb["成绩分布（按课程）"].iter_rows()][4:]
    assert grades[0] == ["课程", "60分以下", "平均分", "及格率"]
    assert grades[1] == ["数学", 1, 78.5, "6.3%"]  # 78.45 and 1/16 both rounded half up
    (entry,) = [e for e in _entries(owner) if e[0] == "statistics_exported"]
    assert entry[1] == ADMIN
    assert entry[2] == {
        "titles": ["students_by_status", "retention_per_intake", "grade_distribution_by_course"],
        "tables": 3,
        "rows": len(counted.rows) + 3,
        "lang": "zh",
    }


def test_export_in_english_with_the_callers_labels(owner: Session, out_dir: Path) -> None:
    table = StatTable("my_table", ("entered", "total"),
                      (StatRow("clerk1", "clerk1", "clerk1", (4, 9)),), (4, 9))  # fmt: skip
    labels = {"entered": ("录入新生", "students entered"), "total": ("合计", "items"),
              "my_table.rows": ("用户", "user")}  # fmt: skip
    out = statistics_export.export_tables(owner, [table], out_dir / "w.xlsx", lang="en",
                                          labels=labels)  # fmt: skip
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out).active.iter_rows()]
    assert rows[0][0] == SCHOOL and rows[1][0] == "my_table"  # no label known: the key
    assert rows[2] == ["user", "students entered", "items"]
    assert rows[3] == ["clerk1", 4, 9] and rows[4] == ["Total", 4, 9]


def test_empty_table_and_ten_thousand_rows(owner: Session, out_dir: Path) -> None:
    empty = StatTable("students_by_major", ("count",), (), (0,))
    many = StatTable(
        "students_by_class_group",
        ("count",),
        tuple(StatRow(str(i), f"班{i}", f"c{i}", (i,)) for i in range(10_000)),
        (sum(range(10_000)),),
    )
    seen: list[tuple[int, int]] = []
    out = statistics_export.export_tables(owner, [empty, many], out_dir / "big.xlsx",
                                          progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    wb = openpyxl.load_workbook(out, read_only=True)
    first = [r[0] for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert first[-1] == "（无数据）"
    last = list(wb.worksheets[1].iter_rows(values_only=True))
    assert len(last) == 2 + 1 + 10_000 + 1 and last[-1] == ("合计", sum(range(10_000)))
    assert seen[-1][0] == seen[-1][1] >= 10_000


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"tables": []}, NothingToExport, None),
        ({"tables": "students"}, ValidationError, "tables"),
        ({"tables": [object()]}, ValidationError, "tables"),
        ({"tables": [replace(RETENTION, totals=(1,))]}, ValidationError, "tables"),
        ({"tables": [replace(RETENTION, rows=(StatRow("x", "x", "x", (1,)),))]}, ValidationError,
         "tables"),
        ({"tables": [replace(RETENTION, totals=(1.5, 0, 0, 0, 0, 0))]}, ValidationError, "tables"),
        ({"tables": [RETENTION] * 201}, ValidationError, "tables"),
        ({"lang": "fr"}, ValidationError, "lang"),
        ({"heading": "长" * 201}, ValidationError, "heading"),
        ({"note": "长" * 1001}, ValidationError, "note"),
        ({"note": None}, ValidationError, "note"),
        ({"labels": {"count": "人数"}}, ValidationError, "labels"),
        ({"labels": {"count": ("人数", 3)}}, ValidationError, "labels"),
        ({"labels": ["count"]}, ValidationError, "labels"),
    ],
)  # fmt: skip
def test_malformed_requests_are_refused_before_any_work(
    owner: Session, out_dir: Path, kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    args: dict[str, Any] = {"tables": [RETENTION]}
    args.update(kwargs)
    tables = args.pop("tables")
    before = len(_entries(owner))
    for call, name in ((statistics_export.export_tables, "x.xlsx"), (sp.print_tables, "x.pdf")):
        with pytest.raises(error) as info:
            call(owner, tables, out_dir / name, **args)
        if field is not None:
            assert info.value.fields["field"] == field  # type: ignore[attr-defined]
    assert list(out_dir.iterdir()) == [] and len(_entries(owner)) == before


def test_file_refusals_leave_nothing(
    owner: Session, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = out_dir / "old.xlsx"
    existing.write_bytes(b"keep me")
    before = len(_entries(owner))
    cases = [
        (existing, "exists"),
        (out_dir / "missing" / "x.xlsx", "no_folder"),
        (out_dir / "old.xlsx" / "x.xlsx", "no_folder"),
        (out_dir, "exists"),
    ]
    for path, reason in cases:
        for call in (statistics_export.export_tables, sp.print_tables):
            with pytest.raises(OutputFileError) as info:
                call(owner, [RETENTION], path)
            assert info.value.fields["reason"] == reason
    with pytest.raises(OutputFileError):
        statistics_export.export_tables(owner, [RETENTION], "x.xlsx")  # type: ignore[arg-type]
    assert existing.read_bytes() == b"keep me" and len(_entries(owner)) == before
    # a folder the user may not write into (simulated: the tests may run as root)
    monkeypatch.setattr(xlsx_out.os, "access", lambda *a: False)
    monkeypatch.setattr(documents_files.os, "access", lambda *a: False)
    for call, name in ((statistics_export.export_tables, "a.xlsx"), (sp.print_tables, "a.pdf")):
        with pytest.raises(OutputFileError) as info:
            call(owner, [RETENTION], out_dir / name)
        assert info.value.fields["reason"] == "not_writable"
    assert sorted(p.name for p in out_dir.iterdir()) == ["old.xlsx"]
    assert len(_entries(owner)) == before
    # overwrite=True replaces the file, once audited
    monkeypatch.undo()
    statistics_export.export_tables(owner, [RETENTION], existing, overwrite=True)
    assert existing.read_bytes()[:2] == b"PK" and _count(owner, "statistics_exported") == 1


def test_a_failed_write_is_not_audited(
    owner: Session, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx_out, "atomic_write", full)
    with pytest.raises(OutputFileError) as info:
        statistics_export.export_tables(owner, [RETENTION], out_dir / "a.xlsx")
    assert info.value.fields["reason"] == "disk_full"

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(documents_files.os, "replace", refuse)
    with pytest.raises(OutputFileError):
        sp.print_tables(owner, [RETENTION], out_dir / "a.pdf")
    with pytest.raises(OutputFileError):
        sp.print_work_log(owner, WorkLog(ADMIN, DAY, SCHOOL, ()), out_dir / "w.pdf")
    assert list(out_dir.iterdir()) == []
    assert not {a for a, _, _ in _entries(owner)} & {"statistics_exported", "statistics_printed",
                                                      "work_log_printed"}  # fmt: skip


def test_cancel_leaves_nothing(owner: Session, out_dir: Path) -> None:
    for call, name in ((statistics_export.export_tables, "a.xlsx"), (sp.print_tables, "a.pdf")):
        with pytest.raises(OperationCancelled):
            call(owner, [RETENTION], out_dir / name, cancelled=lambda: True)
    assert list(out_dir.iterdir()) == [] and _count(owner, "statistics_printed") == 0


def test_viewers_may_neither_export_nor_print_tables(owner: Session, out_dir: Path) -> None:
    viewer = _as(owner, VIEWER)
    try:
        for call, name in ((statistics_export.export_tables, "a.xlsx"),
                           (sp.print_tables, "a.pdf")):  # fmt: skip
            with pytest.raises(PermissionDenied):
                call(viewer, [RETENTION], out_dir / name)
    finally:
        viewer.close()
    head = _as(owner, HEAD)  # an admin without the clerk role: EXPORT
    try:
        sp.print_tables(head, [RETENTION], out_dir / "a.pdf")
    finally:
        head.close()
    assert [p.name for p in out_dir.iterdir()] == ["a.pdf"]


# --- PDF -----------------------------------------------------------------------------------------


def test_print_tables_writes_the_pdf_and_audits_it(owner: Session, out_dir: Path) -> None:
    out = sp.print_tables(owner, [RETENTION, GRADES], out_dir / "统计.pdf", heading="学生统计",
                          note="统计截至 2026年9月1日", printed_on=DAY)  # fmt: skip
    text = _pdf_text(out)
    for expected in (SCHOOL, "学生统计", "统计截至 2026年9月1日", "各年级巩固率", "66.7%",
                     "=2024级", "成绩分布（按课程）", "78.5", "6.3%",
                     "打印日期：2026年11月26日"):  # fmt: skip
        assert expected in text, expected
    (entry,) = [e for e in _entries(owner) if e[0] == "statistics_printed"]
    assert entry[2]["titles"] == ["retention_per_intake", "grade_distribution_by_course"]
    with pytest.raises(ValidationError):
        sp.print_tables(owner, [RETENTION], out_dir / "b.pdf",
                        printed_on=datetime.datetime(2026, 1, 1))  # type: ignore[arg-type]  # fmt: skip


# --- the work log --------------------------------------------------------------------------------


def test_work_log_of_the_day_from_the_audit_trail(owner: Session, out_dir: Path) -> None:
    ids = setup_structure(owner)
    clerk = _as(owner, CLERK)
    try:
        sid = insert_student(clerk, ids["c1"], name="王小明", student_no="2025710201777")
        from xueji_desktop.services import students as student_service

        student_service.edit_student(clerk, sid, {"phone": "13800000000"}, reason="核对")
        today = datetime.date.today()
        log = work_log(clerk, day=today)
        assert log.entries, "the edit is on today's log"
        out = sp.print_work_log(clerk, log, out_dir / "今日.pdf", printed_on=today)
        text = _pdf_text(out)
        assert "今日工作记录" in text and SCHOOL in text and "王小明" in text
        assert "2025710201777" in text and "经办人签名" in text
        (entry,) = [e for e in _entries(clerk) if e[0] == "work_log_printed"]
        assert entry[1] == CLERK
        assert entry[2]["student_ids"] == [sid] and entry[2]["user"] == CLERK
        assert entry[2]["day"] == today.isoformat()
    finally:
        clerk.close()


def _log(user: str, ids: tuple[int, ...]) -> WorkLog:
    entry = WorkLogEntry("09:00", "student_edited", "修改学籍信息", "record edited",
                         f"{len(ids)} 名学生", f"{len(ids)} students", ids, len(ids))  # fmt: skip
    return WorkLog(user, DAY, SCHOOL, (entry,))


def test_own_log_for_everyone_another_users_only_for_admins(owner: Session, out_dir: Path) -> None:
    viewer = _as(owner, VIEWER)
    clerk = _as(owner, CLERK)
    head = _as(owner, HEAD)
    try:
        sp.print_work_log(viewer, _log(VIEWER, ()), out_dir / "v.pdf")
        with pytest.raises(PermissionDenied):
            sp.print_work_log(clerk, _log(VIEWER, (1,)), out_dir / "c.pdf")
        with pytest.raises(PermissionDenied):
            sp.print_work_log(viewer, _log(CLERK, (1,)), out_dir / "c.pdf")
        sp.print_work_log(head, _log(CLERK, (5, 1, 2, 3, 9, 10, 3)), out_dir / "h.pdf")
        assert "李" not in _pdf_text(out_dir / "h.pdf")  # the clerk has no display name
        assert sorted(p.name for p in out_dir.iterdir()) == ["h.pdf", "v.pdf"]
        printed = [e for e in _entries(head) if e[0] == "work_log_printed"]
        assert [e[1] for e in printed] == [VIEWER, HEAD]
        assert printed[1][2]["student_ids"] == [[1, 3], 5, [9, 10]]
        assert printed[1][2]["user"] == CLERK and printed[1][2]["entries"] == 1
    finally:
        for s in (viewer, clerk, head):
            s.close()


def test_malformed_logs_are_refused(owner: Session, out_dir: Path) -> None:
    good = _log(ADMIN, (1,))
    bad_entry = replace(good.entries[0], count="3")  # type: ignore[arg-type]
    for log in (
        None,
        object(),
        replace(good, day="2026-11-26"),
        replace(good, day=datetime.datetime(2026, 11, 26)),
        replace(good, entries=(bad_entry,)),
        replace(good, entries=(replace(good.entries[0], student_ids=(True,)),)),
        replace(good, entries=(good.entries[0],) * (sp.MAX_LOG_ENTRIES + 1)),
    ):
        with pytest.raises(ValidationError) as info:
            sp.print_work_log(owner, log, out_dir / "x.pdf")  # type: ignore[arg-type]
        assert info.value.fields["field"] == "log"
    with pytest.raises(ValidationError):
        sp.print_work_log(owner, good, out_dir / "x.pdf", lang="de")
    existing = out_dir / "x.pdf"
    existing.write_bytes(b"old")
    with pytest.raises(OutputFileError):
        sp.print_work_log(owner, good, existing)
    assert existing.read_bytes() == b"old" and _count(owner, "work_log_printed") == 0
    sp.print_work_log(
        owner, good, existing, overwrite=True, lang="en", printed_on=DAY.replace(day=27)
    )
    assert "Work log" in _pdf_text(existing)
