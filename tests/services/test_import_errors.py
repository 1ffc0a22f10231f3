"""The error copy of a clerk's file, checked cell by cell (.xlsx kept as it is; .xls rebuilt)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from xueji_desktop.core.errors import SheetUnreadable
from xueji_desktop.services.import_errors import ERROR_FILL, Mark, error_copy

HEADERS = ["姓名", "性别", "身份证件号", "出生日期", "联系电话"]
DATA = [
    ["张三", "男", "110101200803051234", "2008-03-05", "13800001111"],
    ["李四", "女", "1.10101E+17", "2008/3/5", "13800002222"],
    ["王五", "男", "110101200803051234", "200803", "=1+2"],
    ["赵六", "女", "110101200901011235", "2009-01-01", "13800003333"],
    ["钱七", "男", "", "2009-13-01", "13800004444"],
]
# row numbers as Excel shows them: title row 1, header row 2, data from row 3
MARKS = [
    Mark(4, 2, "身份证件号被存成了数字，后几位已经丢失"),
    Mark(5, None, "与第 3 行重复"),
    Mark(7, 2, "必须填写"),
    Mark(7, 3, "日期不对"),
    Mark(7, 3, "学生不能晚于入学年份出生"),
]


def _clerk_file(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "新生名单"
    ws["A1"] = "2026级新生名单"
    ws.merge_cells("A1:E1")
    ws.append(HEADERS)
    for row in DATA:
        ws.append(row)
    ws["E5"].value = "=1+2"
    ws["E5"].data_type = "s"  # the clerk's "=1+2" typed as text, not a formula
    for c in ws[2]:
        c.font = Font(bold=True, color="0000FF")
    ws["A3"].fill = PatternFill("solid", fgColor="FFFF00")  # the clerk's own highlight
    ws["A4"].comment = Comment("转学来的", "班主任")
    ws.column_dimensions["C"].width = 24
    ws.row_dimensions[7].height = 30
    other = wb.create_sheet("说明")
    other["A1"] = "请按模板填写"
    wb.save(path)
    return path


@pytest.fixture
def clerk_xlsx(tmp_path: Path) -> Path:
    return _clerk_file(tmp_path / "新生.xlsx")


@pytest.fixture
def empty_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path, str], Path]]:
    """convert(path, "xls" | "csv") with LibreOffice (own profile) next to ``path``."""
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("soffice-errors")
    profile = (base / "profile").as_uri()
    filters = {"xls": "xls", "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1"}

    def convert(path: Path, to: str) -> Path:
        command = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                   filters[to], "--outdir", str(path.parent), str(path)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        return path.with_suffix("." + to)

    yield convert


@pytest.fixture
def to_xls(soffice: Callable[[Path, str], Path]) -> Callable[[Path], Path]:
    return lambda path: soffice(path, "xls")


def _open(data: bytes, sheet: str = "新生名单") -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data))[sheet]


def _is_red(cell: object) -> bool:
    fill = cell.fill  # type: ignore[attr-defined]
    return bool(
        fill.fill_type == "solid" and fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    )


def _check_marks(ws: openpyxl.worksheet.worksheet.Worksheet, *, xls: bool = False) -> None:
    # the error column is added after the last column, with its header on the header row
    assert ws.cell(2, 6).value == "错误原因"
    assert ws.cell(1, 6).value is None
    # bad cells: red, with the reason as a comment; reasons of one cell joined
    assert _is_red(ws["C4"])
    assert ws["C4"].comment.text == "身份证件号被存成了数字，后几位已经丢失"
    assert _is_red(ws["C7"]) and ws["C7"].comment.text == "必须填写"
    assert _is_red(ws["D7"])
    assert ws["D7"].comment.text == "日期不对\n学生不能晚于入学年份出生"
    # a row-wide problem: no cell marked, only the error column
    assert not any(_is_red(c) for c in ws[5][:5])
    assert all(c.comment is None for c in ws[5][:5])
    # error column: every reason of the row, the column header in front of cell reasons
    assert ws["F3"].value is None
    assert ws["F4"].value == "身份证件号：身份证件号被存成了数字，后几位已经丢失"
    assert ws["F5"].value == "与第 3 行重复"
    assert ws["F6"].value is None
    assert (
        ws["F7"].value
        == "身份证件号：必须填写\n出生日期：日期不对\n出生日期：学生不能晚于入学年份出生"
    )
    # unmarked cells untouched
    for ref in ("A3", "B4", "E6", "C6"):
        assert not _is_red(ws[ref]), ref
    # values unchanged (an .xls comes back through calamine: the text "=1+2" gets its apostrophe)
    assert [c.value for c in ws[2]][:5] == HEADERS
    assert ws["C3"].value == "110101200803051234"
    assert ws["E5"].value == ("'=1+2" if xls else "=1+2")
    assert ws["E5"].data_type == "s"  # never a formula
    assert ws["A1"].value == "2026级新生名单"
    assert "A1:E1" in {str(r) for r in ws.merged_cells.ranges}


def test_xlsx_error_copy_cell_by_cell(clerk_xlsx: Path, empty_tempdir: Path) -> None:
    before = clerk_xlsx.read_bytes()
    data = error_copy(clerk_xlsx, "新生名单", 2, MARKS)
    assert clerk_xlsx.read_bytes() == before  # the clerk's file is never touched
    assert list(empty_tempdir.iterdir()) == []
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["新生名单", "说明"]
    assert wb["说明"]["A1"].value == "请按模板填写"
    ws = wb["新生名单"]
    _check_marks(ws)
    # the clerk's styles, widths, heights and own notes stay
    assert ws["A2"].font.bold and ws["A2"].font.color.rgb.endswith("0000FF")
    assert ws["A3"].fill.fgColor.rgb.endswith("FFFF00")
    assert ws.column_dimensions["C"].width == 24
    assert ws.row_dimensions[3].height is None
    assert ws.row_dimensions[7].height == 48  # the clerk's 30 grown to the three reasons' lines
    assert ws["A4"].comment.text == "转学来的"
    assert ws.max_row == 7


def test_xlsx_marked_cell_keeps_the_clerks_comment(tmp_path: Path) -> None:
    path = _clerk_file(tmp_path / "a.xlsx")
    ws = _open(error_copy(path, "新生名单", 2, [Mark(4, 0, "姓名与学号不符")]))
    assert ws["A4"].comment.text == "姓名与学号不符\n——\n转学来的"
    assert _is_red(ws["A4"])


def test_only_rows_keeps_header_and_the_rows_not_imported(clerk_xlsx: Path) -> None:
    ws = _open(error_copy(clerk_xlsx, "新生名单", 2, MARKS, only_rows=[4, 7]))
    assert ws.max_row == 4
    assert ws["A1"].value == "2026级新生名单"
    assert [c.value for c in ws[2]] == [*HEADERS, "错误原因"]
    # old row 4 -> 3, old row 7 -> 4, with their marks, comments and heights
    assert [c.value for c in ws[3]][:2] == ["李四", "女"]
    assert _is_red(ws["C3"]) and ws["C3"].comment.text.startswith("身份证件号被存成")
    assert ws["A3"].comment.text == "转学来的"
    assert ws["F3"].value.startswith("身份证件号：")
    assert [c.value for c in ws[4]][:2] == ["钱七", "男"]
    assert _is_red(ws["C4"]) and _is_red(ws["D4"])
    assert ws["F4"].value.startswith("身份证件号：必须填写")
    assert ws.row_dimensions[4].height == 48  # old row 7's, three reasons
    assert ws.row_dimensions[7].height is None
    # rows that were imported are gone, marks on them too
    names = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    assert names == ["李四", "钱七"]


def test_reasons_wrap_and_print_whole(tmp_path: Path) -> None:
    """The 错误原因 column wraps, is wide enough to read and narrow enough to print beside the
    clerk's columns; each marked row is as tall as its reasons' lines (LibreOffice and Excel
    do not grow it on opening); a clerk's taller row and print area are respected."""
    path = _clerk_file(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["新生名单"]
    ws.row_dimensions[5].height = 90
    ws.print_area = "A1:E7"
    wb.save(path)
    long = "档案中没有学号为“20247102010099”的学生，请核对学号；如果是新转来的学生，请先办理转入。"
    marks = [Mark(3, 0, long), Mark(4, None, "与第 3 行重复"), Mark(5, 1, long)]
    ws = _open(error_copy(path, "新生名单", 2, marks))
    width = ws.column_dimensions["F"].width
    assert 16 <= width <= 40
    for ref in ("F2", "F3", "F4", "F5"):
        assert ws[ref].alignment.wrap_text, ref
    # 姓名：+ the sentence: about 100 units at 2.1 a Chinese character → three lines of ≤ 39
    assert ws.row_dimensions[3].height == 3 * 16
    assert ws.row_dimensions[4].height == 16  # one short reason: one line
    assert ws.row_dimensions[5].height == 90  # the clerk's own, taller row stays
    assert ws.row_dimensions[6].height is None  # no reason, untouched
    assert ws.print_area == "'新生名单'!$A$1:$F$7"


def test_only_rows_empty_keeps_just_the_header(clerk_xlsx: Path) -> None:
    ws = _open(error_copy(clerk_xlsx, "新生名单", 2, MARKS, only_rows=[]))
    assert ws.max_row == 2
    assert ws["F2"].value == "错误原因"


def test_custom_error_header(clerk_xlsx: Path) -> None:
    ws = _open(error_copy(clerk_xlsx, "新生名单", 2, MARKS[:1], error_header="Problems"))
    assert ws["F2"].value == "Problems"


def test_large_file_only_rows(tmp_path: Path) -> None:
    """10,000 rows with errors spread through them: compacted in one pass, order kept."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "s"
    ws.append(["学号", "姓名"])
    for i in range(10_000):
        ws.append([f"S{i:05d}", f"名{i}"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    bad = list(range(2, 10_002, 97))
    data = error_copy(path, "s", 1, [Mark(r, 0, "学号重复") for r in bad], only_rows=bad)
    out = _open(data, "s")
    assert out.max_row == 1 + len(bad)
    assert [out.cell(i + 2, 1).value for i in range(len(bad))] == [f"S{r - 2:05d}" for r in bad]
    assert all(_is_red(out.cell(i + 2, 1)) for i in range(len(bad)))


def test_xls_source_becomes_xlsx_with_the_same_marks(
    tmp_path: Path, to_xls: Callable[[Path], Path]
) -> None:
    xls = to_xls(_clerk_file(tmp_path / "旧模板.xlsx"))
    assert xls.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    ws = _open(error_copy(xls, "新生名单", 2, MARKS))
    _check_marks(ws, xls=True)
    ws = _open(error_copy(xls, "新生名单", 2, MARKS, only_rows=[7]))
    assert [c.value for c in ws[3]][:2] == ["钱七", "男"] and ws.max_row == 3


def test_source_that_vanished(tmp_path: Path) -> None:
    with pytest.raises(SheetUnreadable) as info:
        error_copy(tmp_path / "gone.xlsx", "新生名单", 2, MARKS)
    assert info.value.fields["reason"] == "missing"


def test_source_that_is_no_spreadsheet_or_damaged(tmp_path: Path, clerk_xlsx: Path) -> None:
    csv = tmp_path / "list.xlsx"
    csv.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(SheetUnreadable) as info:
        error_copy(csv, "新生名单", 2, MARKS)
    assert info.value.fields["reason"] == "not_spreadsheet"
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(clerk_xlsx.read_bytes()[:2000])
    with pytest.raises(SheetUnreadable) as info:
        error_copy(cut, "新生名单", 2, MARKS)
    assert info.value.fields["reason"] == "damaged"
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(SheetUnreadable) as info:
        error_copy(folder, "新生名单", 2, MARKS)
    assert info.value.fields["reason"] == "unreadable"


def test_sheet_renamed_since_the_dry_run(clerk_xlsx: Path) -> None:
    with pytest.raises(SheetUnreadable) as info:
        error_copy(clerk_xlsx, "Sheet9", 2, MARKS)
    assert info.value.fields["reason"] == "no_sheet"


def test_libreoffice_opens_the_error_copy(
    clerk_xlsx: Path, tmp_path: Path, soffice: Callable[[Path, str], Path]
) -> None:
    out = tmp_path / "out" / "错误.xlsx"
    out.parent.mkdir()
    out.write_bytes(error_copy(clerk_xlsx, "新生名单", 2, MARKS, only_rows=[4, 7]))
    with soffice(out, "csv").open(encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[1] == [*HEADERS, "错误原因"]
    assert [line[0] for line in lines[2:]] == ["李四", "钱七"]
    assert lines[2][5].startswith("身份证件号：") and lines[3][5].startswith("身份证件号：必须填写")
