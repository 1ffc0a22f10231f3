"""套打 (overlay) mode: only the values, at millimetre positions on a pre-printed form.

Positions are measured from the top-left corner of the sheet (as one measures a form with a
ruler); ``offset_mm`` shifts everything, to correct a printer's feed. A table with more rows
than the form holds continues on another sheet, with the single items printed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from xueji_desktop.printing import textfit
from xueji_desktop.printing.flow import Op
from xueji_desktop.printing.spec import ALIGNS, Spec, size_of
from xueji_desktop.printing.values import Values


@dataclass(frozen=True)
class OverlayItem:
    field: str
    x_mm: float
    y_mm: float  # baseline, from the top of the page
    size: float | None = None
    width_mm: float = 0.0  # 0: no limit; else the text shrinks to fit and aligns inside it
    align: str = "left"


@dataclass(frozen=True)
class OverlayColumn:
    field: str
    x_mm: float  # from the table's x
    width_mm: float = 0.0
    align: str = "left"


@dataclass(frozen=True)
class OverlayTable:
    source: str
    x_mm: float
    y_mm: float  # baseline of the first row
    row_mm: float
    max_rows: int
    columns: tuple[OverlayColumn, ...]
    size: float | None = None


@dataclass(frozen=True)
class OverlayQr:
    x_mm: float
    y_mm: float  # top edge, from the top of the page
    size_mm: float = 22.0


def _xy(spec: Spec) -> tuple[float, float]:
    return spec.number("x_mm", -20, 420), spec.number("y_mm", -20, 420)


def parse_overlay_item(spec: Spec) -> OverlayItem:
    field = spec.field("field")
    x, y = _xy(spec)
    item = OverlayItem(
        field=field,
        x_mm=x,
        y_mm=y,
        size=size_of(spec),
        width_mm=spec.number("width_mm", 0, 400, default=0),
        align=spec.choice("align", ALIGNS, default="left"),
    )
    spec.done()
    return item


def parse_overlay_table(spec: Spec) -> OverlayTable:
    columns = []
    for s in spec.objects("columns", 1, 20):
        columns.append(
            OverlayColumn(
                field=s.field("field"),
                x_mm=s.number("x_mm", -20, 420),
                width_mm=s.number("width_mm", 0, 400, default=0),
                align=s.choice("align", ALIGNS, default="left"),
            )
        )
        s.done()
    source = spec.field("source")
    x, y = _xy(spec)
    table = OverlayTable(
        source=source,
        x_mm=x,
        y_mm=y,
        row_mm=spec.number("row_mm", 2, 50),
        max_rows=spec.integer("max_rows", 1, 200),
        columns=tuple(columns),
        size=size_of(spec),
    )
    spec.done()
    return table


def parse_overlay_qr(spec: Spec) -> OverlayQr:
    x, y = _xy(spec)
    qr = OverlayQr(x_mm=x, y_mm=y, size_mm=spec.number("size_mm", 10, 60, default=22))
    spec.done()
    return qr


def layout_overlay(
    items: tuple[OverlayItem, ...],
    tables: tuple[OverlayTable, ...],
    values: Values,
    font_size: float,
    page_height: float,
    offset_mm: tuple[float, float],
) -> list[list[Op]]:
    dx, dy = offset_mm

    def text_op(
        text: str, x_mm: float, y_mm: float, size: float, width_mm: float, align: str
    ) -> Op:
        x = (x_mm + dx) * mm
        y = page_height - (y_mm + dy) * mm
        if width_mm > 0:
            room = width_mm * mm
            fitted = textfit.fit_size(text, size, room)
            return lambda c: textfit.draw_aligned(c, x, y, room, text, fitted, align)
        return lambda c: textfit.draw(c, x, y, text, size)

    singles: list[Op] = []
    for item in items:
        value = values.get(item.field)
        if value:
            size = item.size or font_size
            singles.append(text_op(value, item.x_mm, item.y_mm, size, item.width_mm, item.align))

    sheets = 1
    for t in tables:
        table = values.doc.tables.get(t.source)
        if table is not None:
            sheets = max(sheets, -(-len(table.rows) // t.max_rows))
    pages: list[list[Op]] = [list(singles) for _ in range(sheets)]
    for t in tables:
        table = values.doc.tables.get(t.source)
        if table is None:
            continue
        index = {name: k for k, name in enumerate(table.columns)}
        size = t.size or font_size
        for r, row in enumerate(table.rows):
            sheet, line = divmod(r, t.max_rows)
            y_mm = t.y_mm + line * t.row_mm
            for col in t.columns:
                k = index.get(col.field)
                text = values.clean(row[k]) if k is not None else ""
                if text:
                    op = text_op(text, t.x_mm + col.x_mm, y_mm, size, col.width_mm, col.align)
                    pages[sheet].append(op)
    return pages
