"""Student exports on a real demo archive: the national template, splits, roster, 班主任核对 sheets,
roles, audit, garbage destinations, no temporary files, LibreOffice, and the round trips."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OperationCancelled,
    OutputFileError,
    PermissionDenied,
)
from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS
from xueji_desktop.core.labels import KIND_LABELS, STATUS_LABELS
from xueji_desktop.core.roles import Role
from xueji_desktop.core.template import EXTRA_LABELS, to_template
from xueji_desktop.services import exports, users, xlsx_out
from xueji_desktop.services.archive import login
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_INTAKES, create_demo
from xueji_desktop.services.record_rows import load_family, load_student
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

PASSWORD = "Demo-Password-For-Tests-1"
SEED, PER_INTAKE = 3, 30  # 120 students, two of them with the demo's deliberate mistakes
ROLES = {"head-admin": frozenset({Role.ADMIN}), "clerk": frozenset({Role.CLERK}),
         "viewer": frozenset({Role.VIEWER})}  # fmt: skip
USER_PASSWORD = "Long-Enough-Password-7"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports") / "demo"
    created = create_demo(root, seed=SEED, password=PASSWORD, kdf=FAST_FOR_TESTS,
                          students_per_intake=PER_INTAKE)  # fmt: skip
    for name, roles in ROLES.items():
        users.add_user(created.session, admin_password=PASSWORD, username=name,
                       password=USER_PASSWORD, roles=roles, kdf=FAST_FOR_TESTS)  # fmt: skip
    created.session.close()
    return root


@pytest.fixture
def sessions(demo_root: Path) -> Iterator[Callable[[str], Session]]:
    opened: list[Session] = []

    def open_as(name: str = DEMO_ADMIN) -> Session:
        s = login(demo_root, name, PASSWORD if name == DEMO_ADMIN else USER_PASSWORD)
        opened.append(s)
        return s

    yield open_as
    for s in opened:
        s.close()


@pytest.fixture
def clerk(sessions: Callable[[str], Session]) -> Session:
    return sessions("clerk")


@pytest.fixture
def empty_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def soffice_csv(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], list[list[str]]]:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("soffice-exports")
    profile = (base / "profile").as_uri()

    def convert(path: Path) -> list[list[str]]:
        out = base / path.stem
        out.mkdir()
        filt = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, quote, UTF-8, first sheet
        command = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", filt,
                   "--outdir", str(out), str(path)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        with (out / f"{path.stem}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    return convert


# -- helpers ---------------------------------------------------------------------------------


def _audit(s: Session, action: str) -> list[dict[str, Any]]:
    rows = s.archive.db.conn.execute(
        "SELECT target_type, target_id, details FROM audit_log WHERE action = ? ORDER BY seq",
        (action,),
    ).fetchall()
    return [{"target_type": r[0], "target_id": r[1], **json.loads(r[2])} for r in rows]


def _ordered_ids(s: Session, where: str = "", params: tuple[Any, ...] = ()) -> list[int]:
    sql = (
        "SELECT s.id FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id "  # noqa: S608
        "WHERE s.voided = 0 " + where + " ORDER BY c.intake_year, c.name, s.student_no, s.id"
    )
    return [int(r[0]) for r in s.archive.db.conn.execute(sql, params)]


def _shown(s: Session, sid: int) -> dict[str, Any]:
    conn = s.archive.db.conn
    record = load_student(conn, sid)
    record["family_members"] = load_family(conn, sid)
    return to_template(record)


def _cells(path: Path) -> list[list[Any]]:
    wb = openpyxl.load_workbook(path)
    return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]


def _expected_row(shown: dict[str, Any]) -> list[Any]:
    def text(v: Any) -> Any:
        return None if v in (None, "") else str(v)

    out = [text(shown.get(label)) for label in
           (f.label for f in STUDENT_FIELDS if f.name not in exports.ARCHIVE_FIELDS)]  # fmt: skip
    members = shown.get("家庭成员") or []
    for i in range(2):
        member = members[i] if i < len(members) else {}
        out += [text(member.get(f.label)) for f in FAMILY_FIELDS]
    out += [text(shown.get(label)) for label in ("学籍号", "曾用名", "毕业鉴定")]
    return out


def _status_cells(s: Session, sid: int) -> list[Any]:
    """学籍状态 always; 毕业结论, 毕业日期, 毕业证书编号 only for a student who left."""
    status, outcome, day, diploma = s.archive.db.conn.execute(
        "SELECT status, graduation_outcome, graduation_date, diploma_no FROM students WHERE id = ?",
        (sid,),
    ).fetchone()
    left = status not in ("enrolled", "on_leave")
    return [STATUS_LABELS[status], (KIND_LABELS[outcome] if left and outcome else None),
            (day if left and day else None), (diploma if left and diploma else None)]  # fmt: skip


# -- the national template -------------------------------------------------------------------


def test_headers_follow_the_national_template() -> None:
    headers = [c.header for c in exports.student_columns()]
    assert headers[:5] == ["姓名", "性别", "出生日期", "身份证件类型", "身份证件号"]
    assert headers[17:20] == ["生源地行政区划码", "出生地行政区划码", "籍贯地行政区划码"]
    assert headers[25] == "入学年月"
    first = headers.index("成员1姓名")
    assert headers[first - 1] == "家庭电话"
    assert headers[first : first + 12] == [f"成员1{f.label}" for f in FAMILY_FIELDS]
    assert headers[first + 12 : first + 24] == [f"成员2{f.label}" for f in FAMILY_FIELDS]
    after = ["学籍号", "曾用名", "毕业鉴定", "学籍状态", "毕业结论", "毕业日期", "毕业证书编号"]
    assert headers[first + 24 :] == after
    assert len(headers) == len(set(headers))
    assert all(c.text for c in exports.student_columns())


def test_export_students_cell_by_cell(clerk: Session, tmp_path: Path, empty_tempdir: Path) -> None:
    paths = exports.export_students(clerk, tmp_path / "学生.xlsx")
    assert paths == [tmp_path / "学生.xlsx"]
    assert list(empty_tempdir.iterdir()) == []  # no plaintext copy anywhere else
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames == ["学生信息"]
    ws = wb.active
    assert ws is not None
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == [c.header for c in exports.student_columns()]
    ids = _ordered_ids(clerk)
    assert len(rows) - 1 == len(ids) == 4 * PER_INTAKE
    for sid, row in zip(ids, rows[1:], strict=True):
        assert row == _expected_row(_shown(clerk, sid)) + _status_cells(clerk, sid), sid
    # the demo has students who left, with a 毕业结论, a date and a diploma number
    tail = [tuple(r[-4:]) for r in rows[1:]]
    assert {t[0] for t in tail} >= {"在籍", "毕业"}
    assert any(t[0] == "毕业" and t[1] == "毕业" and t[2] and t[3] for t in tail)
    assert all(t[1:] == (None, None, None) for t in tail if t[0] in ("在籍", "休学"))
    # labels, not codes; region columns stay codes; every cell text-formatted text
    head = rows[0]
    sample = dict(zip(head, rows[1], strict=True))
    assert sample["性别"] in ("男", "女") and sample["民族"].endswith("族")
    assert sample["身份证件类型"] == "居民身份证"
    assert sample["出生地行政区划码"].isdigit() and len(sample["出生地行政区划码"]) == 6
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s" and cell.number_format == "@"
    ids_col = head.index("身份证件号")
    assert all(len(r[ids_col]) == 18 and isinstance(r[ids_col], str) for r in rows[1:])


def test_export_is_audited_with_ids_only(clerk: Session, tmp_path: Path) -> None:
    exports.export_students(clerk, tmp_path / "a.xlsx", class_id=1)
    entry = _audit(clerk, "students_exported")[-1]
    ids = _ordered_ids(clerk, "AND s.class_group_id = ?", (1,))
    assert entry["count"] == len(ids) and entry["student_ids"] == ids
    assert entry["class_id"] == 1 and entry["files"] == 1
    raw = json.dumps(entry, ensure_ascii=False)
    for sid in ids:
        shown = _shown(clerk, sid)
        assert shown["姓名"] not in raw and shown["身份证件号"] not in raw


def test_filters_by_class_status_and_ids(clerk: Session, tmp_path: Path) -> None:
    exports.export_students(clerk, tmp_path / "c.xlsx", class_id=2)
    assert len(_cells(tmp_path / "c.xlsx")) - 1 == len(
        _ordered_ids(clerk, "AND s.class_group_id = 2")
    )
    exports.export_students(clerk, tmp_path / "s.xlsx", status="graduated")
    graduated = _ordered_ids(clerk, "AND s.status = 'graduated'")
    assert graduated and len(_cells(tmp_path / "s.xlsx")) - 1 == len(graduated)
    some = _ordered_ids(clerk)[5:8]
    exports.export_students(clerk, tmp_path / "i.xlsx", student_ids=[some[2], some[0], some[1]])
    numbers = [r[7] for r in _cells(tmp_path / "i.xlsx")[1:]]
    assert numbers == [_shown(clerk, sid)["学号"] for sid in some]  # archive order


def test_nothing_to_export_writes_nothing(clerk: Session, tmp_path: Path) -> None:
    before = len(_audit(clerk, "students_exported"))
    with pytest.raises(NothingToExport):
        exports.export_students(clerk, tmp_path / "x.xlsx", status="deceased")
    with pytest.raises(NothingToExport):
        exports.export_students(clerk, tmp_path / "x.xlsx", student_ids=[])
    assert list(tmp_path.iterdir()) == []
    assert len(_audit(clerk, "students_exported")) == before


def test_split_into_sheets_and_files(
    clerk: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_out, "MAX_ROWS_PER_SHEET", 25)  # 120 rows: 5 sheets
    paths = exports.export_students(clerk, tmp_path / "学生.xlsx")
    assert paths == [tmp_path / "学生.xlsx", tmp_path / "学生_2.xlsx"]
    books = [openpyxl.load_workbook(p) for p in paths]
    assert [wb.sheetnames for wb in books] == [["学生信息1", "学生信息2", "学生信息3"],
                                              ["学生信息4", "学生信息5"]]  # fmt: skip
    sizes = [ws.max_row - 1 for wb in books for ws in wb.worksheets]
    assert sizes == [25, 25, 25, 25, 20]
    numbers = [row[7].value for wb in books for ws in wb.worksheets
               for row in ws.iter_rows(min_row=2)]  # fmt: skip
    assert numbers == [_shown(clerk, sid)["学号"] for sid in _ordered_ids(clerk)]
    assert all(ws["A1"].value == "姓名" for wb in books for ws in wb.worksheets)
    files = exports.export_students(clerk, tmp_path / "f.xlsx", split="files")
    assert [p.name for p in files] == ["f.xlsx"] + [f"f_{i}.xlsx" for i in range(2, 6)]
    assert all(len(openpyxl.load_workbook(p).sheetnames) == 1 for p in files)
    assert _audit(clerk, "students_exported")[-1]["files"] == 5
    with pytest.raises(ValueError):
        exports.export_students(clerk, tmp_path / "g.xlsx", split="pages")


def test_progress_and_cancel_write_nothing(clerk: Session, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    exports.export_students(clerk, tmp_path / "p.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (120, 120)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    before = len(_audit(clerk, "students_exported"))
    with pytest.raises(OperationCancelled):
        exports.export_students(clerk, tmp_path / "q.xlsx", cancelled=lambda: True)
    assert not (tmp_path / "q.xlsx").exists()
    assert len(_audit(clerk, "students_exported")) == before


# -- roles -----------------------------------------------------------------------------------


def test_roles_admin_and_clerk_may_export_viewer_never(
    sessions: Callable[[str], Session], tmp_path: Path
) -> None:
    for name in ("head-admin", "clerk", DEMO_ADMIN):
        assert exports.export_roster(sessions(name), tmp_path / f"{name}.xlsx", class_id=1)
    viewer = sessions("viewer")
    calls = [
        lambda: exports.export_students(viewer, tmp_path / "v1.xlsx"),
        lambda: exports.export_roster(viewer, tmp_path / "v2.xlsx", class_id=1),
        lambda: exports.export_for_head_teacher(viewer, tmp_path),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not any(p.name.startswith("v") for p in tmp_path.iterdir())


# -- garbage destinations --------------------------------------------------------------------


def test_existing_file_is_not_overwritten_unless_asked(clerk: Session, tmp_path: Path) -> None:
    target = tmp_path / "学生.xlsx"
    target.write_bytes(b"the clerk's own file")
    before = len(_audit(clerk, "students_exported"))
    with pytest.raises(OutputFileError) as info:
        exports.export_students(clerk, target)
    assert info.value.fields["reason"] == "exists"
    assert target.read_bytes() == b"the clerk's own file"
    assert len(_audit(clerk, "students_exported")) == before
    exports.export_students(clerk, target, overwrite=True)
    assert openpyxl.load_workbook(target).sheetnames == ["学生信息"]


def test_missing_or_unwritable_destination(clerk: Session, tmp_path: Path) -> None:
    with pytest.raises(OutputFileError) as info:
        exports.export_students(clerk, tmp_path / "gone" / "学生.xlsx")
    assert info.value.fields["reason"] == "no_folder"
    with pytest.raises(OutputFileError) as info:
        exports.export_for_head_teacher(clerk, tmp_path / "gone")
    assert info.value.fields["reason"] == "no_folder"
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(OutputFileError) as info:
            exports.export_roster(clerk, locked / "r.xlsx", class_id=1)
        assert info.value.fields["reason"] == "not_writable"


def test_failed_second_file_removes_the_first_and_the_audit(
    clerk: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_out, "MAX_ROWS_PER_SHEET", 25)
    real = xlsx_out.atomic_write
    calls = {"n": 0}

    def disk_full_on_second(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(xlsx_out, "atomic_write", disk_full_on_second)
    before = len(_audit(clerk, "students_exported"))
    with pytest.raises(OutputFileError) as info:
        exports.export_students(clerk, tmp_path / "学生.xlsx")
    assert info.value.fields["reason"] == "disk_full"
    assert list(tmp_path.iterdir()) == []
    assert len(_audit(clerk, "students_exported")) == before


# -- roster ----------------------------------------------------------------------------------


def test_roster(clerk: Session, tmp_path: Path) -> None:
    path = exports.export_roster(clerk, tmp_path / "花名册.xlsx", class_id=3)
    rows = _cells(path)
    class_name = clerk.archive.db.conn.execute(
        "SELECT name FROM class_groups WHERE id = 3").fetchone()[0]  # fmt: skip
    assert class_name in rows[0][0] and "班级花名册" in rows[0][0]
    assert tuple(rows[1]) == exports.ROSTER_HEADERS
    ids = _ordered_ids(clerk, "AND s.class_group_id = 3")
    assert [r[0] for r in rows[2:]] == list(range(1, len(ids) + 1))
    for sid, row in zip(ids, rows[2:], strict=True):
        shown = _shown(clerk, sid)
        assert row[1:] == [shown[h] or None for h in exports.ROSTER_HEADERS[1:]]
    entry = _audit(clerk, "roster_exported")[-1]
    assert entry["target_type"] == "class_group" and entry["target_id"] == "3"
    assert entry["student_ids"] == ids
    with pytest.raises(NotFound):
        exports.export_roster(clerk, tmp_path / "x.xlsx", class_id=9999)


# -- 班主任核对 --------------------------------------------------------------------------------


def test_head_teacher_files_one_per_class_at_school(clerk: Session, tmp_path: Path) -> None:
    paths = exports.export_for_head_teacher(clerk, tmp_path)
    conn = clerk.archive.db.conn
    expected = [r[0] for r in conn.execute(
        "SELECT DISTINCT c.name FROM students s JOIN class_groups c ON c.id = s.class_group_id "
        "WHERE s.voided = 0 AND s.status IN ('enrolled', 'on_leave') ORDER BY c.intake_year, c.name"
    )]  # fmt: skip
    assert [p.name for p in paths] == [f"{n}_班主任核对.xlsx" for n in expected]
    rows = _cells(paths[0])
    assert rows[0][0] == f"班级：{expected[0]}"
    headers = [c.header for c in exports.head_teacher_columns()]
    assert rows[1] == headers and headers[:2] == ["学号", "姓名"]
    assert "班级名称" not in headers and "专业" not in headers
    at_school = _ordered_ids(clerk, "AND c.name = ? AND s.status IN ('enrolled', 'on_leave')",
                             (expected[0],))  # fmt: skip
    assert [r[0] for r in rows[2:]] == [_shown(clerk, sid)["学号"] for sid in at_school]
    entry = _audit(clerk, "head_teacher_sheets_exported")[-1]
    assert entry["count"] == sum(len(_cells(p)) - 2 for p in paths)


def test_head_teacher_round_trip_as_corrections(clerk: Session, tmp_path: Path) -> None:
    """The returned sheet imports as corrections: only the cell the teacher changed."""
    from xueji_desktop.services import import_students, sheets
    from xueji_desktop.storage.content_hash import content_hash

    first = exports.export_for_head_teacher(clerk, tmp_path, class_ids=[9])[0]
    wb = openpyxl.load_workbook(first)
    ws = wb.active
    assert ws is not None
    phone_col = [c.value for c in ws[2]].index("联系电话") + 1
    ws.cell(3, phone_col).value = "13900001111"
    wb.save(first)
    before = content_hash(clerk.archive.db.conn)
    plan = import_students.plan_students(clerk, sheets.read_sheet(first), mode="corrections",
                                         reason="班主任核对")  # fmt: skip
    assert content_hash(clerk.archive.db.conn) == before  # a dry run changes nothing
    counts = plan.counts()
    assert counts["update"] == 1 and counts["error"] == 0 and counts["new"] == 0
    (update,) = [r for r in plan.rows if r.kind == "update"]
    assert [(c.field, c.new) for c in update.changes] == [("phone", "13900001111")]


def test_round_trip_into_an_empty_archive(
    clerk: Session, tmp_path: Path, make_archive: Callable[..., Any]
) -> None:
    """Export the demo's students, import the file into an archive with only the school's
    structure: every record comes back the same; the demo's two deliberately wrong records are
    refused with their reasons (and land in the error copy)."""
    from xueji_desktop.services import import_students, sheets
    from xueji_desktop.services.demo_load import write_structure
    from xueji_desktop.services.import_errors import Mark, error_copy

    (path,) = exports.export_students(clerk, tmp_path / "学生.xlsx")
    target = make_archive("empty")
    with target.session.archive.db.atomic() as conn:
        write_structure(conn, generate_demo(SEED, intakes=DEMO_INTAKES,
                                            students_per_intake=PER_INTAKE))  # fmt: skip
    sheet = sheets.read_sheet(path)
    plan = import_students.plan_students(target.session, sheet, source=str(path))
    bad = [r for r in plan.rows if r.kind == "error"]
    assert plan.counts()["new"] == 4 * PER_INTAKE - len(bad) and len(bad) == 2
    assert {p.code for r in bad for p in r.problems} == {"birth_date_mismatch", "gender_mismatch"}
    # the 学籍状态 columns are known, read-only: a graduate comes in as 在籍 with a warning
    assert not [n for n in plan.notes if n.code == "column_unknown"]
    status_col = plan.headers.index("学籍状态")
    left = {r.row for r in plan.rows if sheet.rows[r.row - 1][status_col] != "在籍"}
    warned = {r.row for r in plan.rows for p in r.problems if p.code == "status_comes_in_enrolled"}
    assert left and warned == left
    result = import_students.commit_students(target.session, sheet, plan, valid_only=True)
    assert result.added == 4 * PER_INTAKE - 2
    statuses = target.session.archive.db.conn.execute("SELECT DISTINCT status, report_status "
                                                      "FROM students").fetchall()  # fmt: skip
    assert statuses == [("enrolled", "draft")]

    def records(s: Session) -> dict[str, dict[str, Any]]:
        out = {}
        for (sid,) in s.archive.db.conn.execute("SELECT id FROM students WHERE voided = 0"):
            shown = _shown(s, int(sid))
            for label in EXTRA_LABELS.values():  # 学籍状态 and the like: the archive's own
                shown.pop(label, None)
            out[shown["身份证件号"]] = shown
        return out

    source, imported = records(clerk), records(target.session)
    assert len(imported) == 4 * PER_INTAKE - 2
    for number, shown in imported.items():
        assert shown == source[number]
    marks = [Mark(p.row, p.column_index, p.code) for r in bad for p in r.problems]
    data = error_copy(path, sheet.name, plan.header_row, marks, only_rows=[r.row for r in bad])
    copy = openpyxl.load_workbook(io.BytesIO(data))
    ws = copy.active
    assert ws is not None and ws.max_row == 3
    assert ws.cell(1, ws.max_column).value == "错误原因"


def test_round_trip_of_graduates_through_history(
    clerk: Session, tmp_path: Path, make_archive: Callable[..., Any]
) -> None:
    """Students who left, exported and imported as 历史补录 into an empty archive: they come back
    with their 学籍状态, 毕业结论, 毕业日期 and 毕业证书编号, confirmed."""
    from xueji_desktop.services import import_students, sheets
    from xueji_desktop.services.demo_load import write_structure

    conn = clerk.archive.db.conn
    gone = ("graduated", "completed_without_diploma", "studied_without_completing")
    wanted = ["status", "graduation_outcome", "graduation_date", "diploma_no", "name",
              "birth_date", "major_code", "enrolment_month"]  # fmt: skip
    sql = f"SELECT id_number, {', '.join(wanted)} FROM students WHERE voided = 0 AND status IN "  # noqa: S608
    source = {r[0]: r[1:] for r in conn.execute(sql + "(?, ?, ?)", gone)}
    assert any(v[0] == "graduated" and v[3] for v in source.values())
    marks = ", ".join("?" * len(source))
    sql_ids = f"SELECT id FROM students WHERE id_number IN ({marks})"  # noqa: S608
    ids = [int(r[0]) for r in conn.execute(sql_ids, list(source))]
    (path,) = exports.export_students(clerk, tmp_path / "离校.xlsx", student_ids=ids)
    target = make_archive("history")
    with target.session.archive.db.atomic() as tconn:
        write_structure(tconn, generate_demo(SEED, intakes=DEMO_INTAKES,
                                             students_per_intake=PER_INTAKE))  # fmt: skip
    sheet = sheets.read_sheet(path)
    plan = import_students.plan_students(target.session, sheet, mode="history")
    assert plan.counts()["new"] == len(source), [p for p in plan.problems() if p.is_error]
    assert not [n for n in plan.notes if n.code == "column_unknown"]
    result = import_students.commit_students(target.session, sheet, plan)
    assert result.added == len(source)
    sql_back = f"SELECT id_number, {', '.join(wanted)}, report_status FROM students"  # noqa: S608
    back = {r[0]: r[1:] for r in target.session.archive.db.conn.execute(sql_back)}
    assert {k: v[:-1] for k, v in back.items()} == source
    assert {v[-1] for v in back.values()} == {"confirmed"}
    # the same sheet again names the same records: nothing to change, no diploma "taken"
    again = import_students.plan_students(target.session, sheet, mode="history")
    assert all(r.kind == "unchanged" for r in again.rows)


# -- LibreOffice -------------------------------------------------------------------------------


def test_libreoffice_opens_the_export(
    clerk: Session, tmp_path: Path, soffice_csv: Callable[[Path], list[list[str]]]
) -> None:
    ids = _ordered_ids(clerk)[:12]
    (path,) = exports.export_students(clerk, tmp_path / "lo.xlsx", student_ids=ids)
    lines = soffice_csv(path)
    expected = [["" if v is None else str(v) for v in row] for row in _cells(path)]
    assert lines == expected
    assert lines[0][0] == "姓名" and len(lines) == 13
    assert all(len(line[4]) == 18 for line in lines[1:])  # ID numbers whole, not 4.3E+17


def test_libreoffice_opens_the_roster_and_head_teacher_sheet(
    clerk: Session, tmp_path: Path, soffice_csv: Callable[[Path], list[list[str]]]
) -> None:
    roster = exports.export_roster(clerk, tmp_path / "roster.xlsx", class_id=9)
    (sheet,) = exports.export_for_head_teacher(clerk, tmp_path, class_ids=[9])
    for path in (roster, sheet):
        lines = soffice_csv(path)
        expected = [["" if v is None else str(v) for v in row] for row in _cells(path)]
        width = max(len(r) for r in expected)
        assert [line + [""] * (width - len(line)) for line in lines] == [
            row + [""] * (width - len(row)) for row in expected
        ]
