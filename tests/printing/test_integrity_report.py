"""The 四性检测 report on paper and in Excel (printing/integrity_report.py,
services/integrity_output.py): real PDFs parsed with pypdf and rasterised with pdftoppm, real
.xlsx files read back with openpyxl, the audit entries, and the file rules."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import OutputFileError
from xueji_desktop.printing.integrity_report import Line, Part, PrintedReport, integrity_report_pdf
from xueji_desktop.printing.model import Letterhead
from xueji_desktop.services import attachments
from xueji_desktop.services.integrity_output import (
    export_four_properties,
    print_four_properties,
    printed_report,
)
from xueji_desktop.services.integrity_report import IntegrityReport, four_properties

TODAY = datetime.date.today()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _report(session) -> IntegrityReport:
    sid = insert_student(session, setup_structure(session)["c1"])
    attachments.attach(session, sid, "enrolment_form", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    return four_properties(session, today=TODAY)


def _actions(session) -> list[str]:
    rows = session.archive.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")
    return [str(r[0]) for r in rows]


def test_long_reports_flow_over_pages_with_the_header_repeated() -> None:
    lines = tuple(
        Line(f"检测项{i}", "逐条核对" * 12, f"第{i}项的检测情况" * 4, "通过") for i in range(60)
    )
    report = PrintedReport(
        lang="zh",
        title="电子档案四性检测报告",
        made_at="2026年11月26日 14:22",
        made_by="admin",
        archive_id="abc",
        conclusion="全部检测项通过。",
        tally="通过 60 项",
        parts=(
            Part("一、真实性检测（通过）", lines[:30]),
            Part("二、完整性检测（通过）", lines[30:]),
        ),
        note="说明：测试。",
    )
    pdf = integrity_report_pdf(report, Letterhead("测试市职业中专学校"))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 3
    for k, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"第 {k} 页 共 {len(pages)} 页" in text
        assert "检测项目" in text  # the table header on every page
    whole = _text(pdf)
    assert "检测项59" in whole and "二、完整性检测（通过）" in whole
    assert "检测人签名" in whole


def test_the_printed_report_says_every_item_in_chinese(make_archive, tmp_path: Path) -> None:
    created = make_archive()
    report = _report(created.session)
    out = tmp_path / "四性检测.pdf"
    assert print_four_properties(created.session, report, out) == out
    pdf = out.read_bytes()
    text = _text(pdf).replace("\n", "")
    for title in ("真实性检测", "完整性检测", "可用性检测", "安全性检测"):
        assert title in text
    assert "电子档案四性检测报告" in text and "测试市职业中专" in text
    for item in report.items:
        assert item.label_zh[:6] in text, item.key
    assert report.conclusion("zh")[:8] in text
    assert _actions(created.session)[-1] == "integrity_report_printed"
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > image.width * image.height * 0.01  # ink on the page: not a blank sheet


def test_the_english_report(make_archive, tmp_path: Path) -> None:
    created = make_archive()
    report = _report(created.session)
    out = tmp_path / "report.pdf"
    print_four_properties(created.session, report, out, lang="en")
    text = _text(out.read_bytes())
    assert "Authenticity" in text and "Security" in text and "page 1 of" in text
    assert printed_report(report, "en").parts[0].title.startswith("1. Authenticity (")


def test_the_excel_report(make_archive, tmp_path: Path) -> None:
    created = make_archive()
    report = _report(created.session)
    out = tmp_path / "四性检测.xlsx"
    export_four_properties(created.session, report, out)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(
        ("检测类别", "检测项目", "检测方法", "检测情况", "结果", "检测依据（数据）")
    )
    body = rows[header + 1 :]
    assert len(body) == len(report.items)
    by_label = {r[1]: r for r in body}
    chain = report.item("audit_chain")
    row = by_label[chain.label_zh]
    assert row[0] == "真实性检测" and row[4] == "通过" and row[3] == chain.detail_zh
    assert f"核对无误的条数：{chain.evidence['entries']}" in row[5]
    assert "测试市职业中专" in str(rows[0][0])
    assert _actions(created.session)[-1] == "integrity_report_exported"


def test_files_are_never_overwritten_unasked(make_archive, tmp_path: Path) -> None:
    created = make_archive()
    report = _report(created.session)
    out = tmp_path / "r.pdf"
    out.write_bytes(b"keep me")
    before = _actions(created.session)
    with pytest.raises(OutputFileError):
        print_four_properties(created.session, report, out)
    with pytest.raises(OutputFileError):
        export_four_properties(created.session, report, tmp_path / "missing" / "r.xlsx")
    assert out.read_bytes() == b"keep me"
    assert _actions(created.session) == before  # nothing written, nothing audited
    print_four_properties(created.session, report, out, overwrite=True)
    assert out.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
