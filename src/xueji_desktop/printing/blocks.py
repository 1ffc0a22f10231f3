"""The flow block types of a "xueji-template/1" template, and their strict parsers.

The schema, block by block: docs/design/print-engine.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from xueji_desktop.printing.spec import ALIGNS, PLACEHOLDER, Spec, size_of

# --- flow blocks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterheadBlock:
    pass


@dataclass(frozen=True)
class Title:
    text: str
    size: float = 22.0


@dataclass(frozen=True)
class SerialLine:
    pass


@dataclass(frozen=True)
class Item:
    label: str
    field: str
    span: int = 1


@dataclass(frozen=True)
class Fields:
    columns: int
    photo: bool
    items: tuple[Item, ...]
    size: float | None = None


@dataclass(frozen=True)
class Column:
    label: str
    field: str
    width: float
    align: str


@dataclass(frozen=True)
class TableBlock:
    source: str
    columns: tuple[Column, ...]
    repeat_header: bool = True
    group_headings: bool = True
    empty_text: str = ""
    size: float | None = None


@dataclass(frozen=True)
class Summary:
    items: tuple[Item, ...]
    size: float | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    size: float | None = None
    indent: float = 2.0
    align: str = "justify"
    line_spacing: float = 1.5


@dataclass(frozen=True)
class Box:
    label: str
    field: str
    height_mm: float
    size: float | None = None


@dataclass(frozen=True)
class Signatures:
    items: tuple[str, ...]
    date_line: bool = False


@dataclass(frozen=True)
class Seal:
    text: str
    date_field: str = ""


@dataclass(frozen=True)
class Spacer:
    mm: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class TearOff:
    label: str
    blocks: tuple[Block, ...]


Block = (
    LetterheadBlock
    | Title
    | SerialLine
    | Fields
    | TableBlock
    | Summary
    | Paragraph
    | Box
    | Signatures
    | Seal
    | Spacer
    | PageBreak
    | TearOff
)


def _items(spec: Spec, max_span: int) -> tuple[Item, ...]:
    out = []
    for s in spec.objects("items", 1, 100):
        item = Item(
            label=s.text("label", max_len=40),
            field=s.field("field"),
            span=s.integer("span", 1, max_span, default=1),
        )
        s.done()
        out.append(item)
    return tuple(out)


def _letterhead(spec: Spec) -> Block:
    spec.done()
    return LetterheadBlock()


def _title(spec: Spec) -> Block:
    block = Title(text=spec.text("text", max_len=200), size=spec.number("size", 10, 36, default=22))
    spec.done()
    return block


def _serial_line(spec: Spec) -> Block:
    spec.done()
    return SerialLine()


def _fields(spec: Spec) -> Block:
    columns = spec.integer("columns", 1, 6)
    block = Fields(
        columns=columns,
        photo=spec.flag("photo", False),
        items=_items(spec, columns),
        size=size_of(spec),
    )
    spec.done()
    return block


def _table(spec: Spec) -> Block:
    columns = []
    for s in spec.objects("columns", 1, 20):
        columns.append(
            Column(
                label=s.text("label", max_len=40),
                field=s.field("field"),
                width=s.number("width", 0.1, 100, default=1),
                align=s.choice("align", ALIGNS, default="center"),
            )
        )
        s.done()
    block = TableBlock(
        source=spec.field("source"),
        columns=tuple(columns),
        repeat_header=spec.flag("repeat_header", True),
        group_headings=spec.flag("group_headings", True),
        empty_text=spec.text("empty_text", default="", max_len=200),
        size=size_of(spec),
    )
    spec.done()
    return block


def _summary(spec: Spec) -> Block:
    block = Summary(items=_items(spec, 1), size=size_of(spec))
    spec.done()
    return block


def _paragraph(spec: Spec) -> Block:
    block = Paragraph(
        text=spec.text("text", max_len=5000),
        size=size_of(spec),
        indent=spec.number("indent", 0, 10, default=2),
        align=spec.choice("align", (*ALIGNS, "justify"), default="justify"),
        line_spacing=spec.number("line_spacing", 1, 4, default=1.5),
    )
    spec.done()
    return block


def _box(spec: Spec) -> Block:
    block = Box(
        label=spec.text("label", default="", max_len=40),
        field=spec.field("field", optional=True),
        height_mm=spec.number("height_mm", 5, 250, default=40),
        size=size_of(spec),
    )
    spec.done()
    return block


def _signatures(spec: Spec) -> Block:
    block = Signatures(items=spec.texts("items", 1, 6), date_line=spec.flag("date_line", False))
    spec.done()
    return block


def _seal(spec: Spec) -> Block:
    block = Seal(
        text=spec.text("text", default="（学校盖章）", max_len=40),
        date_field=spec.field("date_field", optional=True),
    )
    spec.done()
    return block


def _spacer(spec: Spec) -> Block:
    block = Spacer(mm=spec.number("mm", 0, 250))
    spec.done()
    return block


def _page_break(spec: Spec) -> Block:
    spec.done()
    return PageBreak()


BLOCK_PARSERS: dict[str, Callable[[Spec], Block]] = {
    "letterhead": _letterhead,
    "title": _title,
    "serial_line": _serial_line,
    "fields": _fields,
    "table": _table,
    "summary": _summary,
    "paragraph": _paragraph,
    "box": _box,
    "signatures": _signatures,
    "seal": _seal,
    "spacer": _spacer,
    "page_break": _page_break,
}


@dataclass(frozen=True)
class Footer:
    page_numbers: bool = True
    qr: bool = True
    fingerprint: bool = True


def parse_footer(spec: Spec) -> Footer:
    footer = Footer(
        page_numbers=spec.flag("page_numbers", True),
        qr=spec.flag("qr", True),
        fingerprint=spec.flag("fingerprint", True),
    )
    spec.done()
    return footer


# --- what a template prints ------------------------------------------------------------------


def literal_texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Every fixed text of the blocks (labels, titles without their placeholders' values)."""
    for b in blocks:
        if isinstance(b, Title | Paragraph):
            yield PLACEHOLDER.sub("", b.text)
        elif isinstance(b, Fields | Summary):
            yield from (i.label for i in b.items)
        elif isinstance(b, TableBlock):
            yield b.empty_text
            yield from (c.label for c in b.columns)
        elif isinstance(b, Box):
            yield b.label
        elif isinstance(b, Signatures):
            yield from b.items
        elif isinstance(b, Seal):
            yield b.text
        elif isinstance(b, TearOff):
            yield b.label
            yield from literal_texts(b.blocks)


def used_fields(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Field names whose values the blocks print (to check them before drawing)."""
    for b in blocks:
        if isinstance(b, Title | Paragraph):
            yield from PLACEHOLDER.findall(b.text)
        elif isinstance(b, Fields | Summary):
            yield from (i.field for i in b.items)
        elif isinstance(b, Box) and b.field:
            yield b.field
        elif isinstance(b, Seal) and b.date_field:
            yield b.date_field
        elif isinstance(b, TearOff):
            yield from used_fields(b.blocks)
        elif isinstance(b, LetterheadBlock):
            yield from ("school_name", "school_code")
        elif isinstance(b, SerialLine):
            yield "serial"


def used_tables(blocks: tuple[Block, ...]) -> Iterator[tuple[str, tuple[str, ...], bool]]:
    """(source, column fields, group headings printed) of each table block."""
    for b in blocks:
        if isinstance(b, TableBlock):
            yield b.source, tuple(c.field for c in b.columns), b.group_headings
        elif isinstance(b, TearOff):
            yield from used_tables(b.blocks)
