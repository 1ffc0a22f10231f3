"""The 四性检测 report on paper (A4 portrait): letterhead, title, what was checked and when, the
conclusion, one table with a heading per property (真实性 / 完整性 / 可用性 / 安全性) whose rows
say the item, how it was checked, what was found and the result, then the signature lines of
who checked and who reviewed.

Pure drawing from plain texts (services/integrity_output.py builds them, in Chinese or English).
The report names no student, so nothing in it is refused for a missing glyph: a character no
bundled face has (a rare one in the school's name) prints as □.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.flow import Flow, Frame, layout_blocks
from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.room_papers import new_canvas
from xueji_desktop.printing.values import Values

KIND = "integrity_report"
MARGINS_MM = (15.0, 15.0, 15.0, 20.0)  # top, right, bottom, left: the binding edge on the left
FOOTER_BAND = 9 * mm
FOOTER_SIZE = 8.0
_COLUMNS = ("seq", "label", "method", "detail", "result")


@dataclass(frozen=True, slots=True)
class Line:
    label: str  # 检测项目
    method: str  # 检测方法
    detail: str  # 检测情况
    result: str  # 通过 / 需注意 / 不通过 / 未检测


@dataclass(frozen=True, slots=True)
class Part:
    title: str  # "一、真实性检测（通过）"
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class PrintedReport:
    lang: str  # "zh" | "en"
    title: str
    made_at: str  # as printed: "2026年11月26日 14:22"
    made_by: str
    archive_id: str
    conclusion: str
    tally: str  # "通过 19 项，需注意 6 项，不通过 0 项，未检测 1 项"
    parts: tuple[Part, ...]
    note: str  # what the report does and does not cover


_LABELS = {
    "zh": {
        "made_at": "检测时间", "made_by": "检测人", "archive_id": "档案库编号",
        "tally": "检测项统计", "conclusion": "检测结论", "seq": "序号", "label": "检测项目",
        "method": "检测方法", "detail": "检测情况", "result": "结果", "checker": "检测人签名",
        "reviewer": "审核人签名", "seal": "档案室（盖章）", "page": "第 {k} 页 共 {n} 页",
    },
    "en": {
        "made_at": "Checked at", "made_by": "Checked by", "archive_id": "Archive id",
        "tally": "Items", "conclusion": "Conclusion", "seq": "No.", "label": "Item",
        "method": "How it was checked", "detail": "Found", "result": "Result",
        "checker": "Checked by (signature)", "reviewer": "Reviewed by (signature)",
        "seal": "Archive room (seal)", "page": "page {k} of {n}",
    },
}  # fmt: skip


def _blocks(words: dict[str, str]) -> tuple[B.Block, ...]:
    return (
        B.LetterheadBlock(),
        B.Title("{title}", 18),
        B.Fields(
            columns=2,
            photo=False,
            items=(
                B.Item(words["made_at"], "made_at"),
                B.Item(words["made_by"], "made_by"),
                B.Item(words["archive_id"], "archive_id", 2),
                B.Item(words["tally"], "tally", 2),
                B.Item(words["conclusion"], "conclusion", 2),
            ),
            size=10,
        ),
        B.Spacer(1),
        B.TableBlock(
            "items",
            (
                B.Column(words["seq"], "seq", 0.8, "center"),
                B.Column(words["label"], "label", 2.4, "left"),
                B.Column(words["method"], "method", 4.2, "left"),
                B.Column(words["detail"], "detail", 4.6, "left"),
                B.Column(words["result"], "result", 1.3, "center"),
            ),
            group_headings=True,
            size=9,
        ),
        B.Paragraph("{note}", size=9, align="left", line_spacing=1.5),
        B.Spacer(2),
        B.Signatures((words["checker"], words["reviewer"], words["seal"]), date_line=True),
    )


def _rows(parts: Sequence[Part]) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, int], ...]]:
    rows: list[tuple[str, ...]] = []
    groups: list[tuple[str, int]] = []
    for part in parts:
        groups.append((part.title, len(rows)))
        for line in part.lines:
            rows.append((str(len(rows) + 1), line.label, line.method, line.detail, line.result))
    return tuple(rows), tuple(groups)


def integrity_report_pdf(report: PrintedReport, letterhead: Letterhead) -> bytes:
    """The report as a PDF: as many A4 pages as the table needs, header repeated, each page
    footed with what it is and "page k of n"."""
    fonts.ensure_registered()
    words = _LABELS["en" if report.lang == "en" else "zh"]
    rows, groups = _rows(report.parts)
    doc = Document(
        kind=KIND,
        fields={
            "title": report.title,
            "made_at": report.made_at,
            "made_by": report.made_by,
            "archive_id": report.archive_id,
            "tally": report.tally,
            "conclusion": report.conclusion,
            "note": report.note,
        },
        tables={"items": Table(_COLUMNS, rows, groups)},
        subject=report.title,
    )
    width, height = A4
    top, right, bottom, left = (m * mm for m in MARGINS_MM)
    frame = Frame(left, width - right, height - top, bottom + FOOTER_BAND)
    flow = Flow(frame, Values(doc, letterhead, True), 10.5)
    layout_blocks(flow, _blocks(words))
    pages = flow.pages[:-1] if len(flow.pages) > 1 and not flow.pages[-1] else flow.pages
    buf = io.BytesIO()
    title = f"{letterhead.school_name} {report.title}".strip()
    c = new_canvas(buf, title, report.title, letterhead.school_name)
    footer = flow.values.clean(f"{report.title}　{report.made_at}")
    y = bottom + 1.5 * mm
    n = len(pages)
    for k, ops in enumerate(pages, start=1):
        for op in ops:
            op(c)
        number = words["page"].format(k=k, n=n)
        textfit.draw_aligned(c, frame.left, y, frame.width, number, FOOTER_SIZE + 1, "right")
        room = frame.width - textfit.width(number, FOOTER_SIZE + 1) - 6 * mm
        size = textfit.fit_size(footer, FOOTER_SIZE, room, floor=5)
        textfit.draw(c, frame.left, y, footer, size)
        c.showPage()
    c.save()
    return buf.getvalue()
