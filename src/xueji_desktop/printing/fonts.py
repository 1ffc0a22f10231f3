"""The bundled print fonts: registration, coverage and per-character fallback.

Two TrueType faces live in ``resources/fonts`` (see docs/design/pdf-fonts.md), gzip-compressed
(``.ttf.gz``: the frozen folder must stay under 200 MB, issue 10; unpacking takes ~0.1 s, once per
process, in memory): Regular (44k glyphs) and Bold (GB 2312 and punctuation only, for titles).
ReportLab draws a missing glyph as an empty box without a word, so every text goes through
:func:`runs`, which picks a face per character, and :func:`unprintable`, which finds characters
no face can draw.

Registration happens once per process (21 MB parsed in ~0.3 s); the coverage sets are computed
at the same time from the cmap *and* the glyf offsets, because a cmap entry may point at a glyph
without contours, which prints as nothing.
"""

from __future__ import annotations

import functools
import gzip
import io
import threading
from collections.abc import Iterable

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts

from xueji_desktop.resources import resource_path

REGULAR = "XuejiSerifSC"
BOLD = "XuejiSerifSC-Bold"
MISSING_MARK = "\u25a1"  # □, drawn instead of a character no face has (mark_missing=True)

_FILES = {REGULAR: "XuejiSerifSC-Regular.ttf.gz", BOLD: "XuejiSerifSC-Bold.ttf.gz"}
_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}
# Fast per-character width cache (1/1000 em) for each face; stringWidth is called a lot.
_widths: dict[str, dict[str, float]] = {}
_faces: dict[str, ttfonts.TTFontFace] = {}
_fonts: dict[str, ttfonts.TTFont] = {}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with code points beyond the BMP as UTF-16BE surrogate pairs.

    ReportLab 5.1 writes ``<%04X>``, i.e. ``<20BB7>`` for 𠮷, which readers reject ("odd-length
    string") so copy and search lose the character. ReportLab calls the module global, so
    replacing it is enough.
    """

    def dst(cp: int) -> str:
        if cp > 0xFFFF:
            v = cp - 0x10000
            return f"{0xD800 + (v >> 10):04X}{0xDC00 + (v & 0x3FF):04X}"
        return f"{cp:04X}"

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{dst(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _font_file(filename: str) -> io.BytesIO:
    """The unpacked font, in memory (never a temp file), named for ReportLab's messages."""
    data = io.BytesIO(gzip.decompress(resource_path("fonts", filename).read_bytes()))
    data.name = filename.removesuffix(".gz")
    return data


def ensure_registered() -> None:
    """Register both faces with ReportLab and install the ToUnicode fix (once per process)."""
    if len(_coverage) == len(_FILES):
        return
    with _lock:
        if len(_coverage) == len(_FILES):
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        # Compressed streams without the ASCII85 layer: 20 % smaller and faster to write (the
        # pure-Python encoder is a visible cost). Printing is the only user of ReportLab here.
        rl_config.useA85 = 0
        for name, filename in _FILES.items():
            font = ttfonts.TTFont(name, _font_file(filename))
            pdfmetrics.registerFont(font)
            face = font.face
            # makeSubset() slices whole tables out of the file data for every PDF, 20 MB of
            # glyf each time (~5 ms a face, a quarter of a one-page file). The data never
            # changes, so each table is sliced once.
            face.get_table = functools.lru_cache(maxsize=None)(face.get_table)
            pos = face.glyphPos
            # A glyph with an empty glyf entry has no contours: it would print as a blank.
            drawn = frozenset(cp for cp, gid in face.charToGlyph.items() if pos[gid + 1] > pos[gid])
            _faces[name] = face
            _fonts[name] = font
            _widths[name] = {}
            _coverage[name] = drawn


def font(name: str) -> ttfonts.TTFont:
    """The registered ReportLab font object of face ``name``."""
    return _fonts[name]


def covers(face: str, ch: str) -> bool:
    ensure_registered()
    return ord(ch) in _coverage[face]


def _is_blank(ch: str) -> bool:
    return ch.isspace() or ch == "\u3000"


def unprintable(text: str) -> str:
    """Characters of ``text`` no bundled face can draw, first-seen order, no repeats.

    Whitespace never counts (it draws nothing anyway).
    """
    ensure_registered()
    return _unprintable(text)


@functools.lru_cache(maxsize=16384)  # a batch checks the same labels, names of courses, dates
def _unprintable(text: str) -> str:
    regular = _coverage[REGULAR]
    found: list[str] = []
    for ch in text:
        if ord(ch) not in regular and not _is_blank(ch) and ch not in found:
            found.append(ch)
    return "".join(found)


def unprintable_in(texts: Iterable[str]) -> str:
    """:func:`unprintable` over several texts, without repeats across them."""
    found: list[str] = []
    for text in texts:
        for ch in unprintable(text):
            if ch not in found:
                found.append(ch)
    return "".join(found)


def printable(text: str) -> str:
    """``text`` with each character no face can draw replaced by □ (for mark_missing)."""
    ensure_registered()
    regular = _coverage[REGULAR]
    if all(ord(ch) in regular or _is_blank(ch) for ch in text):
        return text
    return "".join(ch if ord(ch) in regular or _is_blank(ch) else MISSING_MARK for ch in text)


Run = tuple[str, str]  # (face name, text)


def runs(text: str, bold: bool = False) -> list[Run]:
    """Split ``text`` into runs of one face: Bold where it has the glyph, else Regular.

    Callers have already checked or replaced unprintable characters (and registered the fonts).
    """
    if not bold:
        return [(REGULAR, text)] if text else []
    bold_cov = _coverage[BOLD]
    out: list[Run] = []
    start = 0
    current = ""
    for i, ch in enumerate(text):
        face = BOLD if ord(ch) in bold_cov or _is_blank(ch) else REGULAR
        if face != current:
            if i > start:
                out.append((current, text[start:i]))
            current, start = face, i
    if text:
        out.append((current, text[start:]))
    return out


def char_width(face: str, ch: str, size: float) -> float:
    """Advance of one character in points."""
    cache = _widths[face]
    w = cache.get(ch)
    if w is None:
        w = _faces[face].getCharWidth(ord(ch))
        cache[ch] = w
    return w * size / 1000.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` drawn with :func:`runs` (fonts registered)."""
    total = 0.0
    for face, part in runs(text, bold):
        cache = _widths[face]
        glyphs = _faces[face]
        for ch in part:
            w = cache.get(ch)
            if w is None:
                w = glyphs.getCharWidth(ord(ch))
                cache[ch] = w
            total += w
    return total * size / 1000.0


ASCENT = 0.88  # of the font size, from the faces' hhea (880/1000)
DESCENT = 0.12
