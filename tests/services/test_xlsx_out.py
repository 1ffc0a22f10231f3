"""The in-memory xlsx writer: text columns, formula injection, limits, atomic write, no temp."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from xueji_desktop.core.errors import OperationCancelled, OutputFileError
from xueji_desktop.services import xlsx_out
from xueji_desktop.services.xlsx_out import (
    Column,
    SheetOut,
    chunks,
    numbered_paths,
    safe_text,
    workbook_bytes,
    write_xlsx,
)

DANGEROUS = ["=1+2", "+1+2", "-1+2", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")', "\t=1", "\r=1"]


# --- LibreOffice ---------------------------------------------------------------------------------

Convert = Callable[[Path], dict[str, list[list[str]]]]


@pytest.fixture(scope="session")
def soffice_csv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Convert]:
    """Convert an .xlsx with LibreOffice (own profile) into one UTF-8 CSV per sheet."""
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("soffice")
    profile = (base / "profile").as_uri()

    def convert(path: Path) -> dict[str, list[list[str]]]:
        out = base / path.stem
        out.mkdir(exist_ok=True)
        # 44,34,76: comma, double quote, UTF-8; the last -1: every sheet to its own file
        filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
        command = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", filt,
                   "--outdir", str(out), str(path)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        sheets: dict[str, list[list[str]]] = {}
        for f in sorted(out.glob("*.csv")):
            sheet = f.stem[len(path.stem) + 1 :] if f.stem != path.stem else ""
            with f.open(encoding="utf-8", newline="") as fh:
                sheets[sheet] = list(csv.reader(fh))
        return sheets

    yield convert


@pytest.fixture
def empty_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder redirected to an empty folder the test checks afterwards."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# --- safe_text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", DANGEROUS)
def test_safe_text_prefixes_formula_starts(text: str) -> None:
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["张三", "110101200803051234", "1=1", " =1", "", None, 5, -3, 2.5]
)
def test_safe_text_leaves_harmless_values(value: object) -> None:
    assert safe_text(value) == value


# --- cells ---------------------------------------------------------------------------------------


def test_formula_injection_comes_back_as_text_in_openpyxl(empty_tempdir: Path) -> None:
    cols = [Column("甲"), Column("乙", text=False)]
    rows = [[t, t] for t in DANGEROUS]
    wb = _open(workbook_bytes([SheetOut("s", cols, rows)]))
    ws = wb.active
    assert ws is not None
    for r, text in enumerate(DANGEROUS, start=2):
        for c in (1, 2):
            cell = ws.cell(r, c)
            assert cell.data_type == "s", (text, c)  # never "f"
            # XML turns a bare CR into LF on reading; what matters is the apostrophe and "s"
            assert cell.value in ("'" + text, "'" + text.replace("\r", "\n"))
    assert list(empty_tempdir.iterdir()) == []


def test_text_columns_keep_id_numbers_and_leading_zeros() -> None:
    cols = [Column("身份证件号", 22), Column("电话"), Column("民族"), Column("分数", text=False)]
    rows = [
        ["11010120080305123X", "01012345678", "01", 95.5],
        [110101200803051234, 13800001111, 1.0, 60],
    ]
    ws = _open(workbook_bytes([SheetOut("学生", cols, rows)])).active
    assert ws is not None
    assert [c.value for c in ws[1]] == ["身份证件号", "电话", "民族", "分数"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 22
    assert [c.value for c in ws[2]] == ["11010120080305123X", "01012345678", "01", 95.5]
    # numbers given to a text column are written as their digits, never 1.1E+17
    assert [c.value for c in ws[3]] == ["110101200803051234", "13800001111", "1", 60]
    for row in ws.iter_rows(min_row=2):
        for cell in row[:3]:
            assert cell.number_format == "@"
            assert cell.data_type == "s"
        assert row[3].data_type == "n"


def test_empty_values_leave_empty_cells_and_control_characters_are_dropped() -> None:
    cols = [Column("a"), Column("b"), Column("c", text=False)]
    ws = _open(
        workbook_bytes([SheetOut("s", cols, [[None, "", None], ["x\x00y\x07", "ok", 1]])])
    ).active
    assert ws is not None
    assert [c.value for c in ws[2]] == [None, None, None]
    assert [c.value for c in ws[3]] == ["xy", "ok", 1]


def test_sheet_titles_are_made_valid_and_unique() -> None:
    cols = [Column("a")]
    data = workbook_bytes(
        [
            SheetOut("学生[1]/名单", cols, [["x"]]),
            SheetOut("学生[1]/名单", cols, [["y"]]),
            SheetOut("x" * 40, cols, [["z"]]),
        ]
    )
    names = _open(data).sheetnames
    assert names[0] == "学生_1__名单"
    assert names[1] != names[0] and names[1].startswith("学生_1__名单")
    assert len(names[2]) == 31


def test_progress_and_cancel() -> None:
    cols = [Column("a")]
    rows = [[str(i)] for i in range(1000)]
    seen: list[tuple[int, int]] = []
    workbook_bytes([SheetOut("s", cols, rows)], progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (1000, 1000)
    assert all(t == 1000 for _, t in seen) and len(seen) > 2
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(OperationCancelled):
        workbook_bytes([SheetOut("s", cols, rows)], cancelled=cancel)


# --- no temporary files --------------------------------------------------------------------------


def test_no_temporary_file_while_writing(
    empty_tempdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's own sheet writer makes a NamedTemporaryFile per sheet; ours must never call it."""
    import openpyxl.worksheet._writer as sheet_writer

    made: list[str] = []
    original = sheet_writer.create_temporary_file

    def spy(suffix: str = "") -> str:
        name: str = original(suffix)
        made.append(name)
        return name

    monkeypatch.setattr(sheet_writer, "create_temporary_file", spy)
    cols = [Column("身份证件号"), Column("姓名")]
    rows = [["110101200803051234", "张三"]] * 3000
    seen_during: list[list[str]] = []
    workbook_bytes(
        [SheetOut("a", cols, rows), SheetOut("b", cols, rows)],
        progress=lambda d, t: seen_during.append(os.listdir(empty_tempdir)),
    )
    assert made == []
    assert all(listing == [] for listing in seen_during)
    assert list(empty_tempdir.iterdir()) == []


def test_plain_openpyxl_would_write_a_temporary_file(empty_tempdir: Path) -> None:
    """The reason for save_in_memory: if openpyxl stops doing this, the workaround can go."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(["110101200803051234"])
    assert len(list(empty_tempdir.iterdir())) == 1
    wb.save(io.BytesIO())


# --- limits --------------------------------------------------------------------------------------


def test_chunks_split_by_sheet_and_file_limits() -> None:
    rows = list(range(13_001))
    files = chunks(rows)
    assert [len(f) for f in files] == [3, 3, 1]
    assert [len(s) for f in files for s in f] == [2000] * 6 + [1001]
    assert [r for f in files for s in f for r in s] == rows
    assert chunks([]) == []
    assert chunks(list(range(2000))) == [[list(range(2000))]]
    assert [[list(s) for s in f] for f in chunks([1, 2, 3, 4, 5], 2, 2)] == [
        [[1, 2], [3, 4]],
        [[5]],
    ]
    with pytest.raises(ValueError):
        chunks(rows, 0)


def test_numbered_paths(tmp_path: Path) -> None:
    p = tmp_path / "学生.xlsx"
    assert numbered_paths(p, 1) == [p]
    assert numbered_paths(p, 3) == [p, tmp_path / "学生_2.xlsx", tmp_path / "学生_3.xlsx"]


# --- writing the file ----------------------------------------------------------------------------


def test_write_xlsx_atomic_and_private(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    data = workbook_bytes([SheetOut("s", [Column("a")], [["1"]])])
    write_xlsx(target, data)
    assert target.read_bytes() == data
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]  # no temporary left


def test_write_xlsx_refuses_existing_file_unless_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputFileError) as info:
        write_xlsx(target, b"new")
    assert info.value.fields["reason"] == "exists"
    assert target.read_bytes() == b"old"
    write_xlsx(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(OutputFileError) as info:
        write_xlsx(tmp_path / "folder.xlsx", b"x", overwrite=True)
    assert info.value.fields["reason"] == "exists"


def test_write_xlsx_missing_or_unwritable_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputFileError) as info:
        write_xlsx(tmp_path / "nope" / "out.xlsx", b"x")
    assert info.value.fields["reason"] == "no_folder"
    (tmp_path / "a-file").write_bytes(b"")
    with pytest.raises(OutputFileError) as info:
        write_xlsx(tmp_path / "a-file" / "out.xlsx", b"x")
    assert info.value.fields["reason"] == "no_folder"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(OutputFileError) as info:
            write_xlsx(locked / "out.xlsx", b"x")
        assert info.value.fields["reason"] == "not_writable"
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize(
    ("err", "reason"),
    [(errno.ENOSPC, "disk_full"), (errno.EACCES, "not_writable"), (errno.EROFS, "not_writable")],
)
def test_write_xlsx_os_errors_leave_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, reason: str
) -> None:
    def failing(path: Path, data: bytes) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(xlsx_out, "atomic_write", failing)
    with pytest.raises(OutputFileError) as info:
        write_xlsx(tmp_path / "out.xlsx", b"x")
    assert info.value.fields["reason"] == reason
    assert list(tmp_path.iterdir()) == []


# --- LibreOffice opens it ------------------------------------------------------------------------


def test_libreoffice_opens_and_reads_back_the_same_cells(
    tmp_path: Path, soffice_csv: Convert
) -> None:
    cols = [Column("身份证件号", 22), Column("姓名"), Column("电话"), Column("分数", text=False)]
    rows: list[list[object]] = [
        ["110101200803051234", "张三", "01012345678", 95.5],
        ["11010120080305123X", "李四", "13800001111", 60],
    ]
    rows += [[t, "注入", "-5", 1] for t in DANGEROUS[:5]]
    target = tmp_path / "名单.xlsx"
    write_xlsx(target, workbook_bytes([SheetOut("第一页", cols, rows),
                                       SheetOut("第二页", cols, rows[:1])]))  # fmt: skip
    sheets = soffice_csv(target)
    assert set(sheets) == {"第一页", "第二页"}
    first = sheets["第一页"]
    assert first[0] == ["身份证件号", "姓名", "电话", "分数"]
    assert first[1] == ["110101200803051234", "张三", "01012345678", "95.5"]
    assert first[2] == ["11010120080305123X", "李四", "13800001111", "60"]
    # a formula would have been computed (3, 1, #NAME? …); LibreOffice shows the neutral text
    for line, text in zip(first[3:], DANGEROUS[:5], strict=True):
        assert line == ["'" + text, "注入", "'-5", "1"]
    assert sheets["第二页"] == first[:2]


def test_title_rows_above_the_header() -> None:
    cols = [Column("学号"), Column("姓名")]
    above = [["班级：2026级会计1班", None], ["=请核对", ""]]
    data = workbook_bytes([SheetOut("s", cols, [["2026001", "张三"]], above=above)])
    ws = _open(data).active
    assert ws is not None
    assert [c.value for c in ws[1]] == ["班级：2026级会计1班", None]
    assert ws["A2"].value == "'=请核对" and ws["A2"].data_type == "s"
    assert [c.value for c in ws[3]] == ["学号", "姓名"]
    assert ws["A3"].font.bold
    assert [c.value for c in ws[4]] == ["2026001", "张三"]
    assert ws.freeze_panes == "A4"


def test_landscape_sheets_print_one_page_wide_with_the_header_repeated() -> None:
    cols = [Column("学号"), Column("姓名")]
    data = workbook_bytes([
        SheetOut("名单", cols, [["1", "a"]]),
        SheetOut("花名册", cols, [["2", "b"]], above=[["2026级会计1班"]], landscape=True),
    ])  # fmt: skip
    wb = _open(data)
    plain, roster = wb["名单"], wb["花名册"]
    assert roster.page_setup.orientation == "landscape"
    assert roster.page_setup.fitToWidth == 1 and roster.page_setup.fitToHeight == 0
    assert roster.sheet_properties.pageSetUpPr.fitToPage
    assert roster.print_title_rows == "$1:$2"
    assert plain.page_setup.orientation is None and plain.print_title_rows is None


def test_column_letters_are_excels() -> None:
    from openpyxl.utils import get_column_letter

    from xueji_desktop.services.xlsx_out import column_letter

    for index in (0, 1, 25, 26, 51, 52, 701, 702, 16383):
        assert column_letter(index) == get_column_letter(index + 1)
