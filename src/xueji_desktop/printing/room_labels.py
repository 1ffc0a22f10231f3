"""Box labels (档案盒标签) of the archive room: several to an A4 sheet, with cut marks.

Pure drawing from plain values (printing/room_papers.BoxContents). Each label names the school,
the place in large type under its three names (柜号, 架号, 盒号: the texts are free, "3" or
"三号柜"), the classes and 届 of the box, the number of files and the students (学号 and name)
in columns at the largest size that fits.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.flow import stroke
from xueji_desktop.printing.model import Document, Letterhead
from xueji_desktop.printing.room_papers import (
    KIND,
    BoxContents,
    Cancelled,
    Progress,
    ShelfFile,
    check_texts,
    file_texts,
    new_canvas,
)
from xueji_desktop.printing.values import Values

# Labels per sheet -> (columns, rows).
LABEL_LAYOUTS: dict[int, tuple[int, int]] = {4: (2, 2), 6: (2, 3), 8: (2, 4)}


def box_labels_pdf(
    boxes: Sequence[BoxContents],
    letterhead: Letterhead,
    *,
    per_page: int = 6,
    mark_missing: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """Labels for archive boxes, ``per_page`` (4, 6 or 8) to an A4 sheet with cut marks.

    Each label: the school, the place in large type, the classes and 届 of the box, the number
    of files and the students (学号 and name) in as many columns as fit; when they do not fit,
    the last line says how many more there are (the shelf list has them all).
    """
    if per_page not in LABEL_LAYOUTS:
        raise ValueError(f"per_page must be one of {sorted(LABEL_LAYOUTS)}")
    fonts.ensure_registered()
    if not mark_missing:
        check_texts(file_texts(boxes))
        check_texts(iter((("档案盒标签", letterhead.school_name),)))
    clean = Values(Document(KIND, {}), letterhead, mark_missing).clean
    buf = io.BytesIO()
    c = new_canvas(
        buf, f"{letterhead.school_name} 档案盒标签".strip(), "档案盒标签", letterhead.school_name
    )
    cols, rows = LABEL_LAYOUTS[per_page]
    width, height = A4
    w = (width - 2 * _SHEET_MARGIN - (cols - 1) * _GUTTER) / cols
    h = (height - 2 * _SHEET_MARGIN - (rows - 1) * _GUTTER) / rows
    school = clean(letterhead.school_name)
    for n, b in enumerate(boxes):
        slot = n % per_page
        if slot == 0:
            if n:
                c.showPage()
            if cancelled is not None and cancelled():
                raise OperationCancelled()
        x = _SHEET_MARGIN + (slot % cols) * (w + _GUTTER)
        top = height - _SHEET_MARGIN - (slot // cols) * (h + _GUTTER)
        _cut_marks(c, x, top, w, h)
        _label(c, x, top, w, h, b, school, clean)
        if progress is not None:
            progress(n + 1, len(boxes))
    c.showPage()
    c.save()
    return buf.getvalue()


_SHEET_MARGIN: float = 10 * mm
_GUTTER: float = 8 * mm
_PAD: float = 5 * mm


def _cut_marks(c: Canvas, x: float, top: float, w: float, h: float) -> None:
    """Short marks outside each corner, in the gutter, where the scissors go."""
    gap, length = 1 * mm, 2.5 * mm
    segments = []
    for cx in (x, x + w):
        for cy in (top, top - h):
            sx = -1 if cx == x else 1
            sy = 1 if cy == top else -1
            segments.append((cx + sx * gap, cy, cx + sx * (gap + length), cy))
            segments.append((cx, cy + sy * gap, cx, cy + sy * (gap + length)))
    stroke(c, segments, 0.4)


def _join_limited(items: list[str], most: int, unit: str) -> str:
    if len(items) <= most:
        return "、".join(items)
    return f"{'、'.join(items[:most])}等{len(items)}{unit}"


def _years(files: Sequence[ShelfFile]) -> str:
    years = sorted({f.graduation_year for f in files if f.graduation_year})
    if len(years) <= 2:
        return "、".join(years)
    return f"{years[0].removesuffix('届')}—{years[-1]}"


def _label(
    c: Canvas,
    x: float,
    top: float,
    w: float,
    h: float,
    b: BoxContents,
    school: str,
    clean: Callable[[str], str],
) -> None:
    c.saveState()
    c.setLineWidth(0.9)
    c.rect(x + 2 * mm, top - h + 2 * mm, w - 4 * mm, h - 4 * mm)
    c.restoreState()
    left, room = x + _PAD, w - 2 * _PAD
    y = top - _PAD
    # A short label (8 to a sheet) puts the school and the title on one line and the place in
    # smaller type, to leave the students room.
    compact = h < 80 * mm
    if compact:
        title_w = textfit.width("学生档案", 12, bold=True)
        size = textfit.fit_size(school, 9, room - title_w - 3 * mm, floor=5)
        textfit.draw(c, left, y - 11, school, size)
        textfit.draw_aligned(c, left, y - 11, room, "学生档案", 12, "right", bold=True)
        y -= 12 * 1.35
    else:
        size = textfit.fit_size(school, 9.5, room, floor=6)
        textfit.draw_aligned(c, left, y - 9.5, room, school, size, "center")
        y -= 9.5 * 1.5
        textfit.draw_aligned(c, left, y - 15, room, "学 生 档 案", 15, "center", bold=True)
        y -= 15 * 1.45
    # The place in large type, each part under its name: the texts are free ("3", "三号柜").
    cell = room / 3
    grid_h = (13 if compact else 17) * mm
    head_h = 4.5 * mm
    stroke(
        c,
        [
            (left, y, left + room, y),
            (left, y - grid_h, left + room, y - grid_h),
            (left, y - head_h, left + room, y - head_h),
            *((left + k * cell, y, left + k * cell, y - grid_h) for k in range(4)),
        ],
        0.6,
    )
    for k, (name, value) in enumerate((("柜号", b.cabinet), ("架号", b.shelf), ("盒号", b.box))):
        cx = left + k * cell
        textfit.draw_aligned(c, cx, y - 3.3 * mm, cell, name, 8, "center")
        _place_value(c, cx, y - head_h, cell, grid_h - head_h, clean(value), 18 if compact else 22)
    y -= grid_h + (1.5 if compact else 2.5) * mm
    classes = _join_limited(
        list(dict.fromkeys(clean(f.class_name) for f in b.files if f.class_name)), 3, "个班"
    )
    info = [
        f"班级：{classes}" if classes else "班级：",
        f"届别：{_years(b.files)}\u3000\u3000份数：{len(b.files)}份",
    ]
    for line in info:
        for part in textfit.wrap(line, 9.5, room)[:2]:
            textfit.draw(c, left, y - 9.5, part, 9.5)
            y -= 9.5 * 1.45
    y -= 1 * mm
    stroke(c, [(left, y, left + room, y)], 0.4)
    y -= 1.5 * mm
    _names(c, left, y, room, y - (top - h + _PAD), b.files, clean)


def _place_value(
    c: Canvas, x: float, top: float, cell: float, height: float, text: str, size: float
) -> None:
    """One part of the place, centred in its cell: on one line, shrunk down to 7 pt; a longer
    text (up to paper_file_rows.MAX_PLACE characters) wraps onto as many lines as the cell
    holds, at the largest size that fits, so it never runs into the next cell."""
    room = cell - 2 * mm
    big = textfit.fit_size(text, size, room, bold=True, floor=7)
    lines = [text]
    if textfit.width(text, big, bold=True) > room:
        big = 4.0
        for candidate in (9.0, 8.0, 7.0, 6.0, 5.5, 5.0, 4.5, 4.0):
            wrapped = textfit.wrap(text, candidate, room, bold=True)
            if len(wrapped) * candidate * 1.15 <= height - 1 * mm:
                big = candidate
                break
        lines = textfit.wrap(text, big, room, bold=True)
    lh = big * 1.15
    first = top - height / 2 + (len(lines) - 1) * lh / 2
    for i, line in enumerate(lines):
        textfit.draw_aligned(
            c, x, first - i * lh - big * 0.35, cell, line, big, "center", bold=True
        )


def _names(
    c: Canvas,
    left: float,
    top: float,
    room: float,
    height: float,
    files: Sequence[ShelfFile],
    clean: Callable[[str], str],
) -> None:
    """The students in columns, at the largest size (8 down to 6 pt) at which all fit; else as
    many as fit and a last line saying how many more."""
    entries = [clean(f"{f.student_no}\u2002{f.name}".strip()) for f in files]
    if not entries:
        textfit.draw_aligned(c, left, top - 9, room, "（空盒）", 9, "center")
        return
    size = 6.0
    for candidate in (8.0, 7.5, 7.0, 6.5, 6.0):
        cols, per_col = _grid(entries, candidate, room, height)
        if cols * per_col >= len(entries):
            size = candidate
            break
    cols, per_col = _grid(entries, size, room, height)
    shown = entries
    if cols * per_col < len(entries):
        keep = max(cols * per_col - 1, 0)
        shown = [*entries[:keep], f"……另有{len(entries) - keep}份，见上架清单"]
    col_w = room / cols
    lh = size * 1.35
    for i, text in enumerate(shown):
        col, row = divmod(i, per_col)
        fitted = textfit.fit_size(text, size, col_w - 1.5 * mm, floor=4)
        if i == len(shown) - 1 and text.startswith("……"):
            fitted = textfit.fit_size(text, size, room - col * col_w, floor=4)
        textfit.draw(c, left + col * col_w, top - row * lh - size, text, fitted)


def _grid(entries: Sequence[str], size: float, room: float, height: float) -> tuple[int, int]:
    """(columns, rows per column) of the student list at ``size``."""
    widest = max(textfit.width(e, size) for e in entries) + 3 * mm
    cols = max(1, min(4, int(room // widest)))
    per_col = max(1, int(height // (size * 1.35)))
    return cols, per_col
