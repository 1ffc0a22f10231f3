"""Reading a spreadsheet a clerk chose: real .xlsx files made here, and everything that is not one
(issue 6 groundwork; .xls needs a writer we do not have and is read by the same calamine code)."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from xueji_desktop.core.errors import OperationCancelled, SheetUnreadable
from xueji_desktop.core.import_cells import CellIssue, date_cell, id_number_cell, match_headers
from xueji_desktop.messages import message_for
from xueji_desktop.services import sheets


def workbook(path: Path, rows: list[list[object]], *, hidden_first: bool = False) -> Path:
    wb = Workbook()
    first = wb.active
    first.title = "说明"
    if hidden_first:
        first.sheet_state = "hidden"
        ws = wb.create_sheet("新生名单")
    else:
        ws = first
        ws.title = "新生名单"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


ROWS: list[list[object]] = [
    ["*姓名", "身份证号\n(必填)", "出生日期", "备注"],
    ["张三", "430502200707126069", datetime.date(2008, 3, 5), None],
    ["李四", 430502200707126000, "2008/3/6", "身份证号存成了数字"],
    [None, None, None, None],
    [None, None, None, None],
]


def test_a_messy_workbook_reads_and_its_cells_are_judged(tmp_path: Path) -> None:
    sheet = sheets.read_sheet(workbook(tmp_path / "a.xlsx", ROWS, hidden_first=True))
    assert sheet.name == "新生名单" and sheet.names == ("说明", "新生名单")
    assert len(sheet.rows) == 3  # trailing empty rows dropped
    header, zhang, li = sheet.rows
    found = match_headers(header, required=("name", "id_number"))
    assert found.columns == {0: "name", 1: "id_number", 2: "birth_date"} and not found.missing
    assert id_number_cell(zhang[1]) == "430502200707126069"
    assert date_cell(zhang[2]) == "2008-03-05" and date_cell(li[2]) == "2008-03-06"
    assert id_number_cell(li[1]) == CellIssue("number_lost_digits")
    assert zhang[3] is None


def test_a_sheet_by_name(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx", ROWS, hidden_first=True)
    with pytest.raises(SheetUnreadable) as missing:
        sheets.read_sheet(path, sheet="成绩")
    assert missing.value.fields["reason"] == "no_sheet" and "成绩" in message_for(missing.value)
    with pytest.raises(SheetUnreadable) as empty:
        sheets.read_sheet(path, sheet="说明")
    assert empty.value.fields["reason"] == "empty"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("姓名,身份证号\n张三,430502200707126069\n".encode(), "not_spreadsheet"),  # a CSV renamed
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not_spreadsheet"),
        (_zip({"word/document.xml": b"<w/>"}), "not_spreadsheet"),  # a .docx renamed
        (b"", "not_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "damaged"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptionInfo".encode("utf-16-le"),
            "password_protected",
        ),
    ],
)
def test_files_that_are_no_workbook(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(content)
    with pytest.raises(SheetUnreadable) as caught:
        sheets.read_sheet(path)
    assert caught.value.fields["reason"] == reason
    assert str(path) in message_for(caught.value) and "{" not in message_for(caught.value, "en")


def test_a_half_copied_workbook_is_damaged(tmp_path: Path) -> None:
    whole = workbook(tmp_path / "a.xlsx", ROWS).read_bytes()
    half = tmp_path / "half.xlsx"
    half.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(SheetUnreadable) as caught:
        sheets.read_sheet(half)
    assert caught.value.fields["reason"] == "damaged"


def test_missing_a_folder_too_big_too_many_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def reason(path: Path, **kw: object) -> object:
        with pytest.raises(SheetUnreadable) as caught:
            sheets.read_sheet(path, **kw)  # type: ignore[arg-type]
        return caught.value.fields["reason"]

    assert reason(tmp_path / "nope.xlsx") == "missing"
    assert reason(tmp_path) == "unreadable"
    path = workbook(tmp_path / "a.xlsx", [[i, f"学生{i}"] for i in range(30)])
    assert reason(path, max_rows=10) == "too_many_rows"
    monkeypatch.setattr(sheets, "MAX_BYTES", 100)
    assert reason(path) == "too_big"


def test_cancel_while_reading(tmp_path: Path) -> None:
    path = workbook(tmp_path / "big.xlsx", [[i, f"学生{i}"] for i in range(2500)])
    with pytest.raises(OperationCancelled):
        sheets.read_sheet(path, cancelled=lambda: True)
    assert len(sheets.read_sheet(path).rows) == 2500


def test_index_0_is_column_a_even_when_the_sheet_starts_further_right(tmp_path: Path) -> None:
    # calamine starts its rows at the first used column; a problem's column index (and the red
    # cell of the error copy) must still be the column Excel shows.
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws["C3"] = "姓名"
    ws["D4"] = "张三"
    path = tmp_path / "right.xlsx"
    book.save(path)
    rows = sheets.read_sheet(path).rows
    assert rows[2] == (None, None, "姓名", None)
    assert rows[3] == (None, None, None, "张三")
