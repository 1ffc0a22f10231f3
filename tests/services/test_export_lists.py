"""List exports (issue 6 §3): 学籍异动, 毕业, 资助, the data-health report.

Real demo archives, real .xlsx files read back cell by cell (openpyxl for types and formats,
LibreOffice's csv conversion to prove the files open elsewhere), refusals that leave no file
and no audit entry, and no temporary file anywhere.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OperationCancelled,
    OutputFileError,
    PermissionDenied,
    ValidationError,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import export_lists as ex
from xueji_desktop.services import status_changes
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import create_demo
from xueji_desktop.services.health import Finding
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

PASSWORD = "Demo-Password-For-Tests-1"
WHO = ["学号", "学籍号", "姓名", "性别", "身份证件类型", "身份证件号", "班级", "专业"]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Created]:
    """A small populated archive: 4 intakes × 12 students, with events, graduates, aid, photos."""
    created = create_demo(
        tmp_path / "demo", seed=3, password=PASSWORD, kdf=FAST_FOR_TESTS, students_per_intake=12
    )
    yield created
    created.session.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def sheet_rows(path: Path, index: int = 0) -> list[list[Any]]:
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return [list(r) for r in wb.worksheets[index].iter_rows(values_only=True)]


def cells(path: Path, index: int = 0) -> list[list[Any]]:
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return [list(r) for r in wb.worksheets[index].iter_rows()]


def audit_rows(session: Session, action: str) -> list[dict[str, Any]]:
    rows = session.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()
    return [json.loads(r[0]) for r in rows]


def state(session: Session) -> tuple[str, int]:
    """The records' content hash and the audit log's length: "nothing happened" is both."""
    conn = session.archive.db.conn
    return content_hash(conn), int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def no_name_or_id(session: Session, details: dict[str, Any]) -> None:
    text = json.dumps(details, ensure_ascii=False)
    for name, number in session.archive.db.conn.execute("SELECT name, id_number FROM students"):
        assert name not in text and number not in text


@pytest.fixture
def empty_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder points at an empty folder: an export must leave it empty."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# -- 学籍异动 ------------------------------------------------------------------------------------


def test_status_changes_cell_by_cell(demo: Created, out: Path, empty_tempdir: Path) -> None:
    s = demo.session
    path = ex.export_status_changes(s, out / "异动.xlsx")
    rows = sheet_rows(path)
    assert rows[0][:8] == WHO and rows[0][8:12] == ["异动类型", "异动类别", "异动原因", "异动日期"]
    conn = s.archive.db.conn
    events = conn.execute(
        "SELECT s.student_no, s.registry_no, s.name, s.id_number, e.kind, e.effective_date, "
        "e.document_no, e.category_code, e.reason_code FROM status_changes e "
        "JOIN students s ON s.id = e.student_id WHERE e.revoked = 0 "
        "ORDER BY e.effective_date, e.id"
    ).fetchall()
    assert len(rows) - 1 == len(events) > 5
    first = dict(zip(rows[0], rows[1], strict=True))
    no, reg, name, number, kind, day, doc, _cat, _reason = events[0]
    assert (first["学号"], first["学籍号"], first["姓名"], first["身份证件号"]) == (
        no,
        reg,
        name,
        number,
    )
    assert first["异动日期"] == day and first["批准文号"] == doc
    assert first["身份证件类型"] == "居民身份证" and first["性别"] in ("男", "女")
    # Labels, not codes: the demo's first event is a 转出 with reason 99 (其他).
    assert kind == "transfer_out"
    assert (first["异动类型"], first["异动类别"], first["异动原因"]) == (
        "转出",
        "转学（转出）",
        "其他",
    )
    assert first["异动前学籍状态"] == "在籍" and first["异动后学籍状态"] == "转出"
    assert first["转出或转入学校"] and first["上报状态"] == "已核准"
    graduation = next(dict(zip(rows[0], r, strict=True)) for r in rows if r[8] == "毕业")
    assert graduation["异动类别"] is None and graduation["异动后学籍状态"] == "毕业"
    # ID, 学号 and 学籍号 columns are text cells formatted "@" (Excel never mangles them).
    for cell in cells(path)[1][:6]:
        assert cell.data_type == "s" and cell.number_format == "@"
    [details] = audit_rows(s, "status_changes_exported")
    assert details["rows"] == len(events) and len(details["student_ids"]) >= 1
    no_name_or_id(s, details)
    assert list(empty_tempdir.iterdir()) == []


def test_status_changes_between_dates_and_revoked(demo: Created, out: Path) -> None:
    s = demo.session
    path = ex.export_status_changes(s, out / "a.xlsx", since="2025-01-01", until="2025-12-31")
    days = [r[11] for r in sheet_rows(path)[1:]]
    assert days and all("2025-01-01" <= d <= "2025-12-31" for d in days)
    change_id = s.archive.db.conn.execute(
        "SELECT id FROM status_changes WHERE kind = 'leave_of_absence' ORDER BY id DESC"
    ).fetchone()[0]
    status_changes.revoke_change(s, change_id, "录入错误")
    all_rows = sheet_rows(ex.export_status_changes(s, out / "b.xlsx", include_revoked=True))
    kept_rows = sheet_rows(ex.export_status_changes(s, out / "c.xlsx"))
    assert all_rows[0][-1] == "已撤销" and "已撤销" not in kept_rows[0]
    assert len(all_rows) == len(kept_rows) + 1
    assert sum(r[-1] == "是" for r in all_rows[1:]) == 1
    with pytest.raises(ValidationError):
        ex.export_status_changes(s, out / "d.xlsx", since="2026-01-01", until="2025-01-01")
    with pytest.raises(ValidationError):
        ex.export_status_changes(s, out / "d.xlsx", since="2025/1/1")
    before = state(s)
    with pytest.raises(NothingToExport) as info:
        ex.export_status_changes(s, out / "d.xlsx", since="2090-01-01")
    assert info.value.fields["what"] == "status_changes"
    assert not (out / "d.xlsx").exists() and state(s) == before


def test_formula_in_a_document_number_is_neutralised(demo: Created, out: Path) -> None:
    s = demo.session
    sid = s.archive.db.conn.execute(
        "SELECT id FROM students WHERE status = 'enrolled' AND voided = 0 ORDER BY id DESC"
    ).fetchone()[0]
    status_changes.record_change(
        s, sid, "leave_of_absence", effective_date="2026-11-10",
        details={"expected_return_date": "2027-09-01", "remark": "@SUM(A1)"},
        document_no="=HYPERLINK(\"http://x\",\"点我\")", approver="+校长",
    )  # fmt: skip
    path = ex.export_status_changes(s, out / "f.xlsx", since="2026-11-10")
    row = dict(zip(*cells(path)[0:2], strict=True))
    by_header = {h.value: c for h, c in row.items()}
    for header, text in (("批准文号", '=HYPERLINK("http://x","点我")'), ("批准单位", "+校长"),
                         ("备注", "@SUM(A1)")):  # fmt: skip
        assert by_header[header].data_type == "s"
        assert by_header[header].value == "'" + text


# -- 毕业 ---------------------------------------------------------------------------------------


def test_graduates_with_diploma_numbers(demo: Created, out: Path) -> None:
    s = demo.session
    path = ex.export_graduates(s, out / "毕业生.xlsx", year=2026)
    rows = sheet_rows(path)
    assert rows[0] == [*WHO, "出生日期", "入学年月", "毕业结论", "毕业日期", "毕业证书编号"]
    expected = {
        r[0]: r[1:]
        for r in s.archive.db.conn.execute(
            "SELECT student_no, diploma_no, graduation_date, birth_date FROM students "
            "WHERE graduation_outcome = 'graduation' AND voided = 0"
        )
    }
    assert len(rows) - 1 == len(expected) == 12
    for r in rows[1:]:
        got = dict(zip(rows[0], r, strict=True))
        diploma, day, birth = expected[got["学号"]]
        assert (got["毕业证书编号"], got["毕业日期"], got["出生日期"]) == (diploma, day, birth)
        assert got["毕业结论"] == "毕业"
    diploma_cell = cells(path)[1][12]
    assert diploma_cell.data_type == "s" and diploma_cell.number_format == "@"
    before = state(s)
    with pytest.raises(NothingToExport):
        ex.export_graduates(s, out / "none.xlsx", year=2019)
    with pytest.raises(ValidationError):
        ex.export_graduates(s, out / "none.xlsx", year="2026")  # type: ignore[arg-type]
    assert not (out / "none.xlsx").exists() and state(s) == before
    [details] = audit_rows(s, "graduates_exported")
    assert details["year"] == 2026 and details["rows"] == 12
    no_name_or_id(s, details)


def test_existing_file_is_kept_unless_overwrite(demo: Created, out: Path) -> None:
    s = demo.session
    target = out / "毕业生.xlsx"
    target.write_bytes(b"the clerk's own file")
    before = state(s)
    with pytest.raises(OutputFileError) as info:
        ex.export_graduates(s, target, year=2026)
    assert info.value.fields["reason"] == "exists"
    assert target.read_bytes() == b"the clerk's own file" and state(s) == before
    ex.export_graduates(s, target, year=2026, overwrite=True)
    assert sheet_rows(target)[0][0] == "学号"
    with pytest.raises(OutputFileError) as info:
        ex.export_graduates(s, out / "no-such-folder" / "x.xlsx", year=2026)
    assert info.value.fields["reason"] == "no_folder"


def test_cancel_leaves_no_file_and_no_entry(demo: Created, out: Path) -> None:
    s = demo.session
    before = state(s)
    calls: list[tuple[int, int]] = []
    with pytest.raises(OperationCancelled):
        ex.export_aid(s, out / "aid.xlsx", term="2025-2026-1", progress=lambda d, t: calls.append(
            (d, t)), cancelled=lambda: bool(calls))  # fmt: skip
    assert list(out.iterdir()) == [] and state(s) == before


# -- 资助 ---------------------------------------------------------------------------------------


def test_aid_of_a_term(demo: Created, out: Path) -> None:
    s = demo.session
    conn = s.archive.db.conn
    tid, name = conn.execute("SELECT id, name FROM terms WHERE code = '2025-2026-1'").fetchone()
    path = ex.export_aid(s, out / "资助.xlsx", term="2025-2026-1")
    rows = sheet_rows(path)
    assert rows[0] == [*WHO, "学期", "资助项目", "金额（元）", "发放日期", "备注"]
    expected = conn.execute(
        "SELECT s.student_no, a.kind, a.amount_fen, a.paid_on FROM financial_aid a "
        "JOIN students s ON s.id = a.student_id WHERE a.term_id = ? AND a.voided = 0",
        (tid,),
    ).fetchall()
    got = sorted((r[0], r[9], r[10], r[11]) for r in rows[1:])
    labels = {"state_grant": "国家助学金", "tuition_waiver": "免学费"}
    assert got == sorted((n, labels[k], fen / 100, day) for n, k, fen, day in expected)
    assert all(r[8] == name for r in rows[1:])
    assert isinstance(rows[1][10], int | float)  # an amount is a number, summable in Excel
    # The same term by id and by name gives the same rows.
    assert sheet_rows(ex.export_aid(s, out / "b.xlsx", term=tid)) == rows
    assert sheet_rows(ex.export_aid(s, out / "c.xlsx", term=name)) == rows
    with pytest.raises(NotFound):
        ex.export_aid(s, out / "d.xlsx", term="1999-2000-1")
    with pytest.raises(NotFound):
        ex.export_aid(s, out / "d.xlsx", term=9999)
    [details, *_] = audit_rows(s, "aid_exported")
    assert details["term"] == "2025-2026-1" and details["rows"] == len(expected)
    no_name_or_id(s, details)


# -- 数据体检 -----------------------------------------------------------------------------------


def test_health_report_with_and_without_clerk_words(demo: Created, out: Path) -> None:
    s = demo.session
    from xueji_desktop.messages import finding_title
    from xueji_desktop.problem_text import finding_text

    def describe(f: Finding) -> tuple[str, str]:
        return finding_title(f.kind, "zh"), finding_text(f.kind, f.params, "zh")

    path = ex.export_health(s, out / "体检.xlsx", describe=describe)
    rows = sheet_rows(path)
    assert rows[0] == ["学号", "姓名", "问题类别", "说明"]
    titles = {r[2] for r in rows[1:]}
    assert "与身份证件号不一致" in titles and not any("_" in t for t in titles)
    summary = sheet_rows(path, 1)
    assert summary[0] == ["问题类别", "数量"] and len(summary) == 1 + 9
    assert sum(r[1] for r in summary[1:]) == len(rows) - 1
    plain = sheet_rows(ex.export_health(s, out / "plain.xlsx"))
    assert {r[2] for r in plain[1:]} >= {"id_mismatch", "missing_documents"}
    assert any(r[3] == "field=birth_date" for r in plain[1:])
    [details, _] = audit_rows(s, "health_exported")
    assert details["findings"] == len(rows) - 1
    with pytest.raises(OperationCancelled):
        ex.export_health(s, out / "c.xlsx", cancelled=lambda: True)
    assert not (out / "c.xlsx").exists()


# -- who may export -----------------------------------------------------------------------------


def _as(demo: Created, role: Role) -> Session:
    user_service.add_user(
        demo.session, admin_password=PASSWORD, username=role.value + "1",
        password="role-passphrase-12", roles=frozenset({role}), kdf=FAST_FOR_TESTS,
    )  # fmt: skip
    return login(demo.session.archive.layout.root, role.value + "1", "role-passphrase-12")


EXPORTS: dict[str, Callable[[Session, Path], object]] = {
    "status_changes": lambda s, p: ex.export_status_changes(s, p / "a.xlsx"),
    "graduates": lambda s, p: ex.export_graduates(s, p / "b.xlsx", year=2026),
    "aid": lambda s, p: ex.export_aid(s, p / "c.xlsx", term="2025-2026-1"),
    "health": lambda s, p: ex.export_health(s, p / "d.xlsx"),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_viewer_may_not_export_an_admin_may(demo: Created, out: Path, name: str) -> None:
    viewer = _as(demo, Role.VIEWER)
    try:
        before = state(viewer)
        with pytest.raises(PermissionDenied):
            EXPORTS[name](viewer, out)
        assert list(out.iterdir()) == [] and state(viewer) == before
    finally:
        viewer.close()
    admin = _as(demo, Role.ADMIN)
    try:
        EXPORTS[name](admin, out)
        assert list(out.iterdir())
    finally:
        admin.close()


# -- printing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["aid", "graduates", "health", "status_changes"])
def test_lists_print_landscape_one_page_wide(demo: Created, out: Path, name: str) -> None:
    """Landscape, fitted to the page width, the header row on every page; 学号 (14 digits) and
    学籍号 wide enough that LibreOffice does not run them together."""
    path = Path(str(EXPORTS[name](demo.session, out)))
    ws = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$1:$1"
    widths = {ws.cell(1, c).value: ws.column_dimensions[get_column_letter(c)].width
              for c in range(1, ws.max_column + 1)}  # fmt: skip
    assert widths["学号"] >= 18
    if "学籍号" in widths:
        assert widths["学籍号"] >= 24 and widths["身份证件号"] >= 24


# -- LibreOffice opens what we write ------------------------------------------------------------


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, Path], Path]:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def to_csv(path: Path, outdir: Path) -> Path:
        subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
             "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(outdir), str(path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return outdir / (path.stem + ".csv")

    return to_csv


def test_libreoffice_reads_the_status_change_list(
    demo: Created, out: Path, tmp_path: Path, soffice: Callable[[Path, Path], Path]
) -> None:
    path = ex.export_status_changes(demo.session, out / "changes.xlsx")
    converted = soffice(path, tmp_path / "csv")
    with converted.open(encoding="utf-8", newline="") as fh:
        got = list(csv.reader(fh))
    want = [["" if v is None else str(v) for v in row] for row in sheet_rows(path)]
    assert got == want
