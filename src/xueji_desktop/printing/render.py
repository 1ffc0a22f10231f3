"""Render documents with a template into one PDF (bytes, in memory).

Each document starts on a new page and numbers its own pages ("第 1 页 共 2 页"). Every text
the template will print is checked against the fonts before anything is drawn, so a rare
character is reported (UnprintableText) instead of vanishing on paper. Design and schema:
docs/design/print-engine.md.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop import __version__
from xueji_desktop.core.errors import OperationCancelled, TemplateInvalid, UnprintableText
from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts, qr, textfit
from xueji_desktop.printing.flow import Flow, Frame, Op, layout_blocks
from xueji_desktop.printing.model import Document, Letterhead
from xueji_desktop.printing.overlay import layout_overlay
from xueji_desktop.printing.templates import Template, kind_name
from xueji_desktop.printing.values import Values, image

FOOTER_SIZE = 8.0
QR_SIZE: float = 18 * mm


def page_size(template: Template) -> tuple[float, float]:
    width, height = A4
    return (height, width) if template.orientation == "landscape" else (width, height)


def _printed_texts(doc: Document, template: Template, letterhead: Letterhead) -> Iterator[str]:
    """Every value text the template will print for ``doc`` (template literals are checked at
    parse time)."""
    values = {**doc.fields, "school_name": letterhead.school_name,
              "school_code": letterhead.school_code, "serial": doc.serial}  # fmt: skip
    if template.mode == "overlay":
        fields = [i.field for i in template.items]
        tables = [(t.source, tuple(c.field for c in t.columns), False) for t in template.tables]
    else:
        fields = list(B.used_fields(template.blocks))
        tables = list(B.used_tables(template.blocks))
        if template.footer.fingerprint:
            yield doc.key_fingerprint
        if template.footer.qr and doc.qr_text:
            yield doc.serial
    for name in fields:
        yield values.get(name, "")
    for source, columns, headings in tables:
        table = doc.tables.get(source)
        if table is None:
            continue
        picks = [table.columns.index(c) for c in columns if c in table.columns]
        for row in table.rows:
            for k in picks:
                yield row[k]
        if headings:
            yield from (heading for heading, _ in table.groups)


def check_printable(
    documents: Sequence[Document], template: Template, letterhead: Letterhead
) -> None:
    """Raise UnprintableText for the first document with a character no face can draw."""
    for doc in documents:
        missing = fonts.unprintable_in(_printed_texts(doc, template, letterhead))
        if missing:
            raise UnprintableText(chars=missing, subject=doc.subject or kind_name(doc.kind))


def _footer(c: Canvas, template: Template, doc: Document, frame: Frame, bottom: float,
            page: int, pages: int, qr_name: str | None) -> None:  # fmt: skip
    size = FOOTER_SIZE
    y = bottom + 1.5 * mm
    qr_left = frame.right
    if qr_name is not None:
        qr_left = frame.right - QR_SIZE
        qr.place(c, qr_name, qr_left, bottom)
        if doc.serial:
            label = f"编号 {doc.serial}"
            w = textfit.width(label, size)
            textfit.draw(c, qr_left - 2 * mm - w, y, label, size)
    if template.footer.page_numbers:
        text = f"第 {page} 页 共 {pages} 页"
        textfit.draw_aligned(c, frame.left, y, frame.width, text, size + 1, "center")
    if template.footer.fingerprint and doc.key_fingerprint:
        text = f"验证公钥指纹 {doc.key_fingerprint}"
        room = qr_left - frame.left - 2 * mm
        fitted = textfit.fit_size(text, size - 0.5, room, floor=4)
        line_y = y + 4.5 * mm if template.footer.page_numbers or qr_name else y
        textfit.draw(c, frame.left, line_y, text, fitted)


def render_pdf(
    documents: Sequence[Document],
    template: Template,
    letterhead: Letterhead,
    *,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    mark_missing: bool = False,
    title: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """One PDF holding ``documents`` laid out by ``template``; see the module docstring."""
    fonts.ensure_registered()
    if not documents:
        raise ValueError("render_pdf needs at least one document")
    for doc in documents:
        if doc.kind != template.kind:
            mismatch = f"template for {template.kind!r}, document {doc.kind!r}"
            raise TemplateInvalid(name=template.name, detail=mismatch)
    if not mark_missing:
        check_printable(documents, template, letterhead)
    width, height = page_size(template)
    top, right, bottom, left = (m * mm for m in template.margins_mm)
    footer = template.footer
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), initialFontName=fonts.REGULAR, initialFontSize=10.5,
               pageCompression=1)  # fmt: skip
    c.setTitle(title or f"{letterhead.school_name} {template.label}".strip())
    c.setSubject(kind_name(template.kind))
    c.setAuthor(letterhead.school_name)
    c.setCreator(f"Xueji Desktop {__version__}")
    c.setProducer(f"Xueji Desktop {__version__} (ReportLab {reportlab.Version})")
    logo = image(letterhead.logo)
    total = len(documents)
    for n, doc in enumerate(documents):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        values = Values(doc, letterhead, mark_missing)
        has_qr = bool(doc.qr_text) and (
            footer.qr if template.mode == "flow" else template.qr is not None
        )
        qr_name = f"xjqr{n}" if has_qr else None
        pages: list[list[Op]]
        if template.mode == "overlay":
            pages = layout_overlay(template.items, template.tables, values, template.font_size,
                                   height, offset_mm)  # fmt: skip
        else:
            band = 0.0
            if has_qr:
                band = QR_SIZE + 2 * mm
            elif footer.page_numbers or (footer.fingerprint and doc.key_fingerprint):
                band = 9 * mm
            frame = Frame(left, width - right, height - top, bottom + band)
            flow = Flow(frame, values, template.font_size, logo=logo, photo=image(doc.photo))
            layout_blocks(flow, template.blocks)
            pages = flow.pages
            if len(pages) > 1 and not pages[-1]:
                pages.pop()  # a page break or a full page at the very end
        if qr_name is not None:
            size = (
                QR_SIZE
                if template.mode == "flow" or template.qr is None
                else template.qr.size_mm * mm
            )
            qr.define_form(c, qr_name, doc.qr_text, size)
        for k, ops in enumerate(pages):
            for op in ops:
                op(c)
            if template.mode == "flow":
                _footer(c, template, doc, frame, bottom, k + 1, len(pages), qr_name)
            elif qr_name is not None and template.qr is not None:
                x = (template.qr.x_mm + offset_mm[0]) * mm
                y = height - (template.qr.y_mm + offset_mm[1]) * mm - template.qr.size_mm * mm
                qr.place(c, qr_name, x, y)
            c.showPage()
        if progress is not None:
            progress(n + 1, total)
    c.save()
    return buf.getvalue()
