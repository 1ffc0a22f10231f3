"""Statistics tables (issue 9 §1) on A4 paper: one printer for every table of numbers.

Pure drawing from plain values, like the rest of ``printing``: a table is anything shaped like
``services.statistics.StatTable`` (a title key, column keys, rows with ``label_zh`` /
``label_en`` and one value per column, totals); this package sits below ``services`` and
cannot import it, so the shape is a Protocol here. Keys become words through ``labels``
(key -> (中文, English)): the caller passes the statistics modules' COLUMN_LABELS and title
labels and any of its own; the few defaults below only name the groundwork tables' titles and
row headings, so a table printed without labels still reads.

How a value is shown (the xlsx export uses the same function, so paper and spreadsheet agree):
a count as its digits, a missing rate (None: over zero students) as "—", a Fraction in a
column whose key ends in "rate" as a percentage with one decimal rounded half up on the exact
fraction (``statistics.percent``'s rule, repeated here because printing may not import
services; a test keeps the two equal), any other Fraction (a mean score) with one decimal.

Layout: each table picks its own page: portrait A4 when its columns fit at their natural
widths, landscape when they need more, and when even landscape is too narrow the value columns
are split into parts that each repeat the row labels ("（续）" after the title). The header row
is repeated on every page a table runs over. Narrow tables are not stretched over the whole
width. Every page has a footer: the school, what the paper is, the print date, "第 k 页 共 n
页". Characters no bundled face can draw print as □: statistics certify nothing about one
person, and a rare character in a class name must not stop a whole report.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Protocol

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.flow import Flow, Frame, Op, layout_blocks
from xueji_desktop.printing.grids import PAD, VPAD
from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.room_papers import new_canvas
from xueji_desktop.printing.values import Values

__all__ = [
    "DEFAULT_LABELS",
    "MAX_LABEL_CHARS",
    "StatRowLike",
    "StatTableLike",
    "draw_pages",
    "frame_of",
    "is_rate",
    "label_text",
    "row_heading",
    "stat_tables_pdf",
    "value_text",
    "word",
]

Labels = Mapping[str, tuple[str, str]]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
PageSize = tuple[float, float]

KIND = "statistics"  # the engine's Document needs a kind; statistics are no issued kind
MARGINS_MM = (15.0, 15.0, 15.0, 20.0)  # top, right, bottom, left: the binding edge on the left
FOOTER_BAND: float = 9 * mm
FOOTER_SIZE = 8.0
TABLE_SIZE = 9.0
TITLE_SIZE = 13.0
# A row label longer than this is cut with "…": a row must never be taller than a page.
MAX_LABEL_CHARS = 120
_MIN_VALUE_W = 2 * 9.0 + 2 * PAD  # room for two Chinese characters of the header per line
_MAX_LABEL_W = 60 * mm
_MIN_LABEL_W = 22 * mm


class StatRowLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label_zh(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def values(self) -> Sequence[int | Fraction | None]: ...


class StatTableLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def columns(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Sequence[StatRowLike]: ...
    @property
    def totals(self) -> Sequence[int | Fraction | None]: ...


# Titles and row headings of the groundwork tables (services/statistics*.py), and the words of
# the printout itself. ``<title>.rows`` names the row-label column of table <title>.
_DIMENSION_WORDS = {
    "status": ("学籍状态", "status"),
    "intake_year": ("入学年份", "intake"),
    "major": ("专业", "major"),
    "class_group": ("班级", "class"),
    "gender": ("性别", "gender"),
    "ethnicity": ("民族", "ethnic group"),
    "hukou_type": ("户口性质", "household registration"),
    "origin_region": ("生源地", "place of origin"),
}
DEFAULT_LABELS: Mapping[str, tuple[str, str]] = {
    **{
        f"students_by_{k}": (f"学生人数（按{zh}）", f"Students by {en}")
        for k, (zh, en) in _DIMENSION_WORDS.items()
    },
    **{f"students_by_{k}.rows": v for k, v in _DIMENSION_WORDS.items()},
    "status_changes_per_term": ("各学期学籍异动", "Status changes per term"),
    "status_changes_per_term.rows": ("学期", "term"),
    "retention_per_intake": ("各年级巩固率与流失率", "Retention and drop-out per intake"),
    "retention_per_intake.rows": ("入学年份", "intake"),
    "graduate_outcomes": ("毕业生去向", "Graduate outcomes"),
    "graduate_outcomes.rows": ("专业", "major"),
    "grade_distribution_by_course.rows": ("课程", "course"),
    "grade_distribution_by_class_group.rows": ("班级", "class"),
    "health_counts.rows": ("体检项目", "finding"),
    "work_statistics.rows": ("用户", "user"),
    "count": ("人数", "students"),
    "total": ("合计", "total"),
}
_WORDS = {
    "rows": ("项目", "item"),
    "totals": ("合计", "Total"),
    "empty": ("（无数据）", "(no data)"),
    "continued": ("（续）", " (continued)"),
    "printed": ("打印日期：{date}", "Printed {date}"),
    "page": ("第 {k} 页 共 {n} 页", "Page {k} of {n}"),
    "default_heading": ("统计表", "Statistics"),
}
PORTRAIT: PageSize = A4


def word(key: str, lang: str, **params: object) -> str:
    """One of the printout's own words ("合计", "第 k 页 共 n 页") in ``lang``."""
    return _WORDS[key][1 if lang == "en" else 0].format(**params)


def label_text(labels: Labels | None, key: str, lang: str) -> str:
    """The words for ``key``: ``labels`` first, then DEFAULT_LABELS, else the key itself."""
    found = (labels or {}).get(key) or DEFAULT_LABELS.get(key)
    if found is None:
        return key
    return found[1 if lang == "en" else 0]


def row_heading(labels: Labels | None, title: str, lang: str) -> str:
    """The header of the row-label column: ``<title>.rows`` in the labels, else 项目."""
    key = f"{title}.rows"
    if key in (labels or {}) or key in DEFAULT_LABELS:
        return label_text(labels, key, lang)
    return word("rows", lang)


def is_rate(column: str) -> bool:
    """A column whose key ends in "rate" holds rates (巩固率, 就业率, pass_rate …)."""
    return column.endswith("rate")


def _half_up(value: Fraction, scale: int) -> int:
    # floor(x + 1/2) on the exact fraction: half up without floats (statistics.percent's rule)
    return int((value * scale + Fraction(1, 2)) // 1)


def value_text(column: str, value: int | Fraction | None) -> str:
    """A value as printed (see the module note): 12, "66.7%", "78.5", "—"."""
    if value is None:
        return "—"
    if isinstance(value, bool):  # a bool is an int to Python, never meant in a table of numbers
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    exact = Fraction(value)
    tenths = _half_up(exact * 100 if is_rate(column) else exact, 10)
    sign, tenths = ("-", -tenths) if tenths < 0 else ("", tenths)
    return f"{sign}{tenths // 10}.{tenths % 10}" + ("%" if is_rate(column) else "")


def _cut(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- layout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One printed table: the row labels and a slice of the value columns."""

    title: str
    heading: str  # the row-label column's header
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # label, then one text per value column
    widths: tuple[float, ...]  # natural widths in points, label column first
    size: PageSize


def frame_of(size: PageSize) -> Frame:
    width, height = size
    top, right, bottom, left = (m * mm for m in MARGINS_MM)
    return Frame(left, width - right, height - top, bottom + FOOTER_BAND)


_LANDSCAPE: PageSize = landscape(A4)


def _natural(texts: Sequence[str], header: str, floor: float) -> float:
    """The width a column needs for its widest text, at least ``floor`` points."""
    widest = max((textfit.width(t, TABLE_SIZE) for t in texts), default=0.0)
    head = textfit.width(header, TABLE_SIZE, bold=True)
    # a long header may wrap (Chinese breaks anywhere), but not below four characters a line
    head = min(head, textfit.width("四个汉字", TABLE_SIZE, bold=True))
    return max(widest + 2 * PAD + 1, head + 2 * PAD + 1, floor)


def _parts(table: StatTableLike, lang: str, labels: Labels | None) -> list[_Part]:
    """The table as printed, split into parts of columns when even landscape is too narrow."""
    columns = list(table.columns)
    headers = [label_text(labels, c, lang) for c in columns]
    body = [
        (_cut(r.label_en if lang == "en" else r.label_zh),
         *(value_text(c, v) for c, v in zip(columns, r.values, strict=False)))
        for r in table.rows
    ]  # fmt: skip
    if table.rows and len(table.totals) == len(columns):
        body.append(
            (word("totals", lang), *(value_text(c, v) for c, v in zip(columns, table.totals,
                                                                        strict=True)))
        )  # fmt: skip
    body = [row + ("",) * (len(columns) + 1 - len(row)) for row in body]
    title = label_text(labels, table.title, lang)
    heading = row_heading(labels, table.title, lang)
    label_w = min(_MAX_LABEL_W, _natural([r[0] for r in body], heading, _MIN_LABEL_W))
    value_ws = [_natural([r[k + 1] for r in body], h, _MIN_VALUE_W) for k, h in enumerate(headers)]
    need = label_w + sum(value_ws)
    for size in (PORTRAIT, _LANDSCAPE):
        if need <= frame_of(size).width:
            return [_Part(title, heading, tuple(headers), tuple(body), (label_w, *value_ws), size)]
    room = frame_of(_LANDSCAPE).width
    label_w = min(label_w, 45 * mm)
    groups: list[list[int]] = [[]]
    used = label_w
    for k, w in enumerate(value_ws):
        if groups[-1] and used + w > room:
            groups.append([])
            used = label_w
        groups[-1].append(k)
        used += w
    parts = []
    for n, group in enumerate(groups):
        shown = title if n == 0 else title + word("continued", lang)
        parts.append(
            _Part(
                shown,
                heading,
                tuple(headers[k] for k in group),
                tuple((r[0], *(r[k + 1] for k in group)) for r in body),
                (label_w, *(value_ws[k] for k in group)),
                _LANDSCAPE,
            )
        )
    return parts


def _layout_part(flow: Flow, part: _Part, letterhead: Letterhead, lang: str) -> None:
    full = flow.frame
    # A narrow table keeps about its natural width (centred) instead of spreading two columns
    # over the whole page; a wide one takes the page.
    natural = sum(part.widths)
    width = min(full.width, max(natural * 1.25, full.width * 0.6))
    left = full.left + (full.width - width) / 2
    names = tuple(f"c{k}" for k in range(len(part.widths)))
    doc = Document(KIND, {}, {"t": Table(names, part.rows)})
    flow.values = Values(doc, letterhead, True)
    title_lines = textfit.wrap(flow.values.clean(part.title), TITLE_SIZE, full.width, bold=True)
    lh = TITLE_SIZE * 1.5
    title_h = len(title_lines) * lh + 4
    # A table that fits on a page starts on a new one rather than split; a longer one starts
    # where it is, its title kept with the header and the first rows.
    row_h = TABLE_SIZE * 1.3 + 2 * VPAD  # a row of one line
    whole = title_h + (len(part.rows) + 2) * row_h
    flow.ensure(whole if whole <= full.height else title_h + 4 * row_h)
    flow.y -= 4
    flow.lines(title_lines, TITLE_SIZE, lh, full.left, full.width, "center", bold=True)
    columns = [B.Column(flow.values.clean(part.heading), "c0", part.widths[0], "left")]
    columns += [B.Column(flow.values.clean(h), names[k + 1], part.widths[k + 1], "right")
                for k, h in enumerate(part.headers)]  # fmt: skip
    block = B.TableBlock(
        "t", tuple(columns), group_headings=False, empty_text=word("empty", lang),
        size=TABLE_SIZE,
    )  # fmt: skip
    flow.frame = replace(full, left=left, right=left + width)
    try:
        layout_blocks(flow, (block,))
    finally:
        flow.frame = full
    flow.y -= 6


def _opening(flow: Flow, letterhead: Letterhead, heading: str, note: str) -> None:
    """The first page's letterhead, the heading and the note (as-of date, filters)."""
    doc = Document(KIND, {"heading": heading, "note": note})
    flow.values = Values(doc, letterhead, True)
    blocks: list[B.Block] = [B.LetterheadBlock(), B.Title("{heading}", 17)]
    if note.strip():
        blocks.append(B.Paragraph("{note}", size=10, indent=0, align="center", line_spacing=1.4))
    layout_blocks(flow, tuple(blocks))
    flow.y -= 2


def stat_tables_pdf(
    tables: Sequence[StatTableLike],
    *,
    school: str,
    heading: str = "",
    note: str = "",
    lang: str = "zh",
    labels: Labels | None = None,
    printed_on: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The tables on A4 pages (module note). ``heading``: what the paper is (default: the only
    table's title, or 统计表); ``note``: a line under it (as-of date, filters); ``printed_on``:
    the print date as printed. ``progress(done, total)`` counts tables laid out, then pages
    drawn; ``cancelled()`` is asked per table and per page."""
    fonts.ensure_registered()
    if not heading.strip():
        heading = (
            label_text(labels, tables[0].title, lang) if len(tables) == 1
            else word("default_heading", lang)
        )  # fmt: skip
    letterhead = Letterhead(school_name=school)
    pages: list[tuple[PageSize, list[Op]]] = []
    flow: Flow | None = None
    total = 2 * max(len(tables), 1)

    def close(f: Flow | None) -> None:
        if f is not None:
            ops = f.pages[:-1] if len(f.pages) > 1 and not f.pages[-1] else f.pages
            pages.extend((size_of[id(f)], p) for p in ops)

    size_of: dict[int, PageSize] = {}
    for n, table in enumerate(tables, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        for part in _parts(table, lang, labels):
            if flow is None or size_of[id(flow)] != part.size:
                first = flow is None
                close(flow)
                flow = Flow(frame_of(part.size), Values(Document(KIND, {}), letterhead, True), 10.5)
                size_of[id(flow)] = part.size
                if first:
                    _opening(flow, letterhead, heading, note)
            _layout_part(flow, part, letterhead, lang)
        if progress is not None:
            progress(n, total)
    if flow is None:  # no table at all: the opening and a line saying so
        flow = Flow(frame_of(PORTRAIT), Values(Document(KIND, {}), letterhead, True), 10.5)
        size_of[id(flow)] = PORTRAIT
        _opening(flow, letterhead, heading, note)
        flow.lines([word("empty", lang)], 11, 11 * 1.6, flow.frame.left, flow.frame.width,
                   "center")  # fmt: skip
    close(flow)
    buf = io.BytesIO()
    clean = Values(Document(KIND, {}), letterhead, True).clean
    c = new_canvas(buf, clean(f"{school} {heading}".strip()), clean(heading), clean(school))
    footer = clean("\u3000".join(p for p in (school, heading, _printed(printed_on, lang)) if p))
    done = len(tables)

    def page_progress(k: int, n: int) -> None:
        if progress is not None:
            progress(done + math.ceil(k * (total - done) / n), total)

    draw_pages(c, pages, footer, lang, page_progress, cancelled)
    c.save()
    return buf.getvalue()


def _printed(printed_on: str, lang: str) -> str:
    return word("printed", lang, date=printed_on) if printed_on else ""


def _elided(text: str, size: float, room: float) -> str:
    if textfit.width(text, size) <= room:
        return text
    while text and textfit.width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def draw_pages(
    c: Canvas,
    pages: Sequence[tuple[PageSize, Sequence[Op]]],
    footer_left: str,
    lang: str,
    progress: Progress,
    cancelled: Cancelled | None,
) -> None:
    """Each page at its own size, its operations, then the footer: ``footer_left`` (what the
    paper is, so a loose page is still known) and "第 k 页 共 n 页"."""
    n = len(pages)
    last = word("page", lang, k=n, n=n)
    for k, (size, ops) in enumerate(pages):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        c.setPageSize(size)
        for op in ops:
            op(c)
        frame = frame_of(size)
        y = MARGINS_MM[2] * mm + 1.5 * mm
        number = word("page", lang, k=k + 1, n=n)
        textfit.draw_aligned(c, frame.left, y, frame.width, number, FOOTER_SIZE + 1, "right")
        room = frame.width - textfit.width(last, FOOTER_SIZE + 1) - 6 * mm
        size_pt = textfit.fit_size(footer_left, FOOTER_SIZE, room, floor=5)
        textfit.draw(c, frame.left, y, _elided(footer_left, size_pt, room), size_pt)
        c.showPage()
        progress(k + 1, n)
