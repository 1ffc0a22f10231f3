"""Document templates: data ("xueji-template/1" JSON) that says where each value goes.

Parsing is strict: an unknown block type or key, a wrong type or a value out of range raises
``TemplateInvalid(name=, detail=)``, so a typo in an imported template is reported when it is
imported, not discovered on paper. The schema, block by block: docs/design/print-engine.md.
Built-in templates are parsed once and cached (keyed by file, size and mtime).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from xueji_desktop.core.errors import NotFound, TemplateInvalid
from xueji_desktop.printing import model
from xueji_desktop.printing.blocks import (
    BLOCK_PARSERS,
    Block,
    Footer,
    TearOff,
    literal_texts,
    parse_footer,
)
from xueji_desktop.printing.fonts import unprintable_in
from xueji_desktop.printing.overlay import (
    OverlayItem,
    OverlayQr,
    OverlayTable,
    parse_overlay_item,
    parse_overlay_qr,
    parse_overlay_table,
)
from xueji_desktop.printing.spec import Spec
from xueji_desktop.resources import resources_root

SCHEMA = "xueji-template/1"
MAX_BYTES = 1_000_000
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

# The kind's Chinese name: PDF subject, default titles, file names.
KIND_NAMES = model.KIND_NAMES  # the one table, in model.py


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


@dataclass(frozen=True)
class Template:
    """A parsed template. ``margins_mm`` is (top, right, bottom, left), like CSS."""

    name: str
    kind: str
    label: str
    mode: str  # "flow" | "overlay"
    orientation: str  # "portrait" | "landscape"
    margins_mm: tuple[float, float, float, float]
    font_size: float
    blocks: tuple[Block, ...] = ()
    footer: Footer = field(default_factory=Footer)
    items: tuple[OverlayItem, ...] = ()
    tables: tuple[OverlayTable, ...] = ()
    qr: OverlayQr | None = None
    source: str = ""


def _fail(name: str, reason: str) -> TemplateInvalid:
    return TemplateInvalid(name=name, detail=reason)


def parse_template(text: str | bytes, source: str) -> Template:
    """Parse and check one template; ``source`` names it in errors (file name or "imported")."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise _fail(source, f"larger than {MAX_BYTES} bytes")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _fail(source, "not UTF-8") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise _fail(source, "not JSON") from None
    if not isinstance(data, dict):
        raise _fail(source, "not a JSON object")
    name = data.get("name") if isinstance(data.get("name"), str) else source
    spec = Spec(data, "template", str(name))
    template = _parse(spec, source)
    _check_literals(template)
    return template


def _parse(spec: Spec, source: str) -> Template:
    schema = spec.text("schema")
    if schema != SCHEMA:
        raise spec.error(f"schema must be {SCHEMA!r}, not {schema!r}")
    name = spec.text("name")
    if not _NAME.match(name):
        raise spec.error("name must be 1-40 of a-z 0-9 _ -")
    kind = spec.text("kind")
    if kind not in model.KINDS:
        raise spec.error(f"unknown kind {kind!r}")
    label = spec.text("label", max_len=60)
    mode = spec.choice("mode", ("flow", "overlay"))
    page = spec.obj("page")
    if page.text("size", default="A4") != "A4":
        raise page.error("only size 'A4' is supported")
    orientation = page.choice("orientation", ("portrait", "landscape"), default="portrait")
    margins = page.numbers("margins_mm", 4, 0, 60, default=(20.0, 20.0, 20.0, 28.0))
    page.done()
    font_size = spec.number("font_size", 6, 24, default=10.5)
    common = dict(
        name=name,
        kind=kind,
        label=label,
        mode=mode,
        orientation=orientation,
        margins_mm=(margins[0], margins[1], margins[2], margins[3]),
        font_size=font_size,
        source=source,
    )
    if mode == "flow":
        blocks = parse_blocks(spec.array("blocks", 1, 200), "blocks", spec.name, nested=False)
        footer = parse_footer(spec.obj("footer", optional=True))
        spec.done()
        return Template(blocks=blocks, footer=footer, **common)  # type: ignore[arg-type]
    items = tuple(parse_overlay_item(s) for s in spec.objects("items", 0, 300, default=[]))
    tables = tuple(parse_overlay_table(s) for s in spec.objects("tables", 0, 20, default=[]))
    qr_spec = spec.obj("qr", optional=True)
    qr = parse_overlay_qr(qr_spec) if qr_spec is not None else None
    spec.done()
    if not items and not tables:
        raise spec.error("an overlay template needs items or tables")
    return Template(items=items, tables=tables, qr=qr, **common)  # type: ignore[arg-type]


def parse_blocks(raw: list[object], where: str, name: str, *, nested: bool) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for i, item in enumerate(raw):
        path = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise _fail(name, f"{path} must be an object")
        spec = Spec(item, path, name)
        kind = spec.text("type")
        if kind == "tear_off":
            if nested:
                raise spec.error("a tear_off cannot hold another tear_off")
            label = spec.text("label", default="回执", max_len=40)
            inner = parse_blocks(spec.array("blocks", 0, 100), f"{path}.blocks", name, nested=True)
            spec.done()
            blocks.append(TearOff(label=label, blocks=inner))
            continue
        parser = BLOCK_PARSERS.get(kind)
        if parser is None:
            raise spec.error(f"unknown block type {kind!r}")
        blocks.append(parser(spec))
    return tuple(blocks)


def _check_literals(template: Template) -> None:
    missing = unprintable_in(literal_texts(template.blocks))
    if missing:
        raise _fail(template.name, f"text the fonts cannot print: {missing!r}")


# --- built-in templates ----------------------------------------------------------------------

_cache: dict[Path, tuple[tuple[int, int], Template]] = {}
_cache_lock = threading.Lock()


def _load(path: Path) -> Template:
    stat = path.stat()
    key = (stat.st_size, stat.st_mtime_ns)
    with _cache_lock:
        hit = _cache.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
    template = parse_template(path.read_bytes(), "/".join((path.parent.name, path.name)))
    with _cache_lock:
        _cache[path] = (key, template)
    return template


def builtin_templates(kind: str) -> list[Template]:
    """The built-in templates of ``kind``, "standard" first, then by name."""
    folder = resources_root() / "templates" / kind
    if not folder.is_dir():
        return []
    found = [_load(p) for p in sorted(folder.glob("*.json"))]
    for t in found:
        if t.kind != kind:
            raise _fail(t.source, f"kind {t.kind!r} in the folder of {kind!r}")
    return sorted(found, key=lambda t: (t.name != "standard", t.name))


def builtin_template(kind: str, name: str = "standard") -> Template:
    for template in builtin_templates(kind):
        if template.name == name:
            return template
    raise NotFound(kind="template", id=name)
