"""The access report on paper (学生信息访问报告, issue 9 §2): for a period, which users viewed,
printed, exported or changed which students' data.

Pure drawing from plain values: services/audit_access_export.py reads the report and the
students' names and passes every text already worded (Chinese or English), so this module knows
neither the archive nor the language. Laid out with the print engine's flow blocks (letterhead,
title, facts, one flowing table per section, the header repeated on every page); every page
carries a footer with the title, the period and "page k of n", so a loose page is still known.
Characters no bundled face draws are printed as □ (``fonts.printable``): a report wanted for an
incident must not fail on one rare character in a name; the spreadsheet has the exact text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop import __version__
from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.flow import Flow, Frame, layout_blocks
from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.values import Values

KIND = "access_report"  # the engine's Document needs a kind; this paper is not an issued kind
MARGINS_MM = (15.0, 15.0, 15.0, 20.0)  # top, right, bottom, left: the binding edge on the left
FOOTER_BAND = 9 * mm
FOOTER_SIZE = 8.0
HEADING_SIZE = 11.5


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: float  # relative to the other columns
    align: str = "left"  # left / center / right


@dataclass(frozen=True, slots=True)
class Section:
    """One table of the report, with its heading: per user, per student, not attributable."""

    heading: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str


@dataclass(frozen=True, slots=True)
class AccessReportPaper:
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value): period, date printed, totals
    sections: tuple[Section, ...]
    note: str  # how to read the report (what "not attributable" means)
    footer: str  # the title and the period, printed at the foot of every page
    page_label: str  # "第 {k} 页 共 {n} 页" / "Page {k} of {n}"


def _frame() -> Frame:
    width, height = A4
    top, right, bottom, left = (m * mm for m in MARGINS_MM)
    return Frame(left, width - right, height - top, bottom + FOOTER_BAND)


def _elided(text: str, size: float, room: float) -> str:
    if textfit.width(text, size) <= room:
        return text
    while text and textfit.width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def access_report_pdf(paper: AccessReportPaper, letterhead: Letterhead) -> bytes:
    """The report as an A4 PDF, as many pages as its tables need."""
    fonts.ensure_registered()
    fields = {"title": paper.title}
    fields.update({f"fact{i}": value for i, (_label, value) in enumerate(paper.facts)})
    tables = {
        f"section{i}": Table(
            tuple(f"c{k}" for k in range(len(s.columns))),
            tuple(tuple(row) for row in s.rows),
        )
        for i, s in enumerate(paper.sections)
    }
    doc = Document(KIND, fields, tables, subject=paper.title)
    frame = _frame()
    # mark_missing: a character no face has prints as □ instead of failing the whole report
    flow = Flow(frame, Values(doc, letterhead, True), 10.5)
    head: tuple[B.Block, ...] = (
        B.LetterheadBlock(),
        B.Title("{title}", 17),
        B.Summary(
            tuple(B.Item(label, f"fact{i}") for i, (label, _v) in enumerate(paper.facts)), 10
        ),
    )
    layout_blocks(flow, head)
    for i, section in enumerate(paper.sections):
        heading = flow.values.clean(section.heading)
        lh = HEADING_SIZE * 1.7
        flow.ensure(lh + 4 * 9.5 * 1.55)  # the heading stays with the table's first rows
        flow.y -= 4
        flow.lines([heading], HEADING_SIZE, lh, frame.left, frame.width, bold=True)
        table = B.TableBlock(
            f"section{i}",
            tuple(
                B.Column(c.label, f"c{k}", c.width, c.align) for k, c in enumerate(section.columns)
            ),
            group_headings=False,
            empty_text=section.empty_text,
            size=9.0,
        )
        layout_blocks(flow, (table,))
    if paper.note:
        layout_blocks(flow, (B.Spacer(2), B.Paragraph(paper.note, 9, 0, "left", 1.5)))
    pages = flow.pages[:-1] if len(flow.pages) > 1 and not flow.pages[-1] else flow.pages
    buf = io.BytesIO()
    c = Canvas(
        buf, pagesize=A4, initialFontName=fonts.REGULAR, initialFontSize=10.5, pageCompression=1
    )
    c.setTitle(f"{letterhead.school_name} {paper.title}".strip())
    c.setSubject(paper.title)
    c.setAuthor(letterhead.school_name)
    c.setCreator(f"Xueji Desktop {__version__}")
    c.setProducer(f"Xueji Desktop {__version__} (ReportLab {reportlab.Version})")
    n = len(pages)
    y = MARGINS_MM[2] * mm + 1.5 * mm
    footer = flow.values.clean(paper.footer)
    widest = paper.page_label.replace("{k}", str(n)).replace("{n}", str(n))
    room = frame.width - textfit.width(widest, FOOTER_SIZE + 1) - 6 * mm
    for k, ops in enumerate(pages, start=1):
        for op in ops:
            op(c)
        label = paper.page_label.replace("{k}", str(k)).replace("{n}", str(n))
        textfit.draw_aligned(c, frame.left, y, frame.width, label, FOOTER_SIZE + 1, "right")
        textfit.draw(c, frame.left, y, _elided(footer, FOOTER_SIZE, room), FOOTER_SIZE)
        c.showPage()
    c.save()
    return buf.getvalue()
