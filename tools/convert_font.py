"""Rebuild the bundled print fonts (resources/fonts) from the system's Noto Serif CJK.

ReportLab embeds only TrueType (glyf) outlines; Noto Serif CJK ships CFF. This converts the SC
face of ``NotoSerifCJK-{Regular,Bold}.ttc`` (Debian package fonts-noto-cjk) to TrueType following
fontTools' Snippets/otf2ttf.py, renames it "Xueji Serif SC" (the OFL forbids a modified version to
carry a reserved name, and "Noto" is a trademark), and, for Bold, keeps only GB 2312 plus Latin,
punctuation and full-width forms (Bold is for titles; a rarer title character falls back to
Regular).
See docs/design/pdf-fonts.md. Takes about 4 minutes per face; not run by CI.

    python tools/convert_font.py /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc Regular
    python tools/convert_font.py /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc Bold
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

from fontTools import subset as ftsubset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

FAMILY = "Xueji Serif SC"
SC_FACE = 2  # index of the SC face in NotoSerifCJK-*.ttc
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def _options() -> ftsubset.Options:
    opts = ftsubset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False
    opts.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "BASE", "GDEF"]
    return opts


def subset(font: TTFont, unicodes: list[int]) -> None:
    sub = ftsubset.Subsetter(_options())
    sub.populate(unicodes=unicodes)
    sub.subset(font)


def to_truetype(font: TTFont) -> None:
    """CFF -> glyf with quadratic curves (max error 1 unit), lsb = xMin, maxp v1, post v3."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    quad = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        quad[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = quad
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name in order:
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyf.glyphs[name], "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for key in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, key, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, style: str) -> None:
    """Family "Xueji Serif SC", the given style; the trademark and vendor URL lines go."""
    ps = FAMILY.replace(" ", "") + "-" + style
    values = {1: FAMILY, 2: style, 3: ps + ";converted", 4: f"{FAMILY} {style}", 6: ps, 16: FAMILY,
              17: style}  # fmt: skip
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in (7, 11)]
    for rec in table.names:
        if rec.nameID in values:
            rec.string = values[rec.nameID]


def gb2312_and_punctuation(font: TTFont) -> list[int]:
    gb = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    cmap = font.getBestCmap()
    # Latin, general punctuation and symbols, CJK punctuation, full-width forms, and GB 2312.
    return [cp for cp in cmap if cp < 0x3040 or 0xFF00 <= cp <= 0xFFEF or cp in gb]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="NotoSerifCJK-*.ttc, or an already converted .ttf")
    parser.add_argument("style", choices=["Regular", "Bold"])
    args = parser.parse_args(argv)
    if args.source.endswith(".ttc"):
        font = TTCollection(args.source).fonts[SC_FACE]
        subset(font, list(font.getBestCmap()))
        to_truetype(font)
    else:
        font = TTFont(args.source)
    if args.style == "Bold":
        subset(font, gb2312_and_punctuation(font))
    rename(font, args.style)
    # Stored gzip-compressed (the program unpacks it in memory; printing/fonts.py), with no
    # name or time in the gzip header, so the same font gives the same bytes.
    raw = io.BytesIO()
    font.save(raw)
    out = OUT / f"XuejiSerifSC-{args.style}.ttf.gz"
    with out.open("wb") as fh, gzip.GzipFile("", "wb", 9, fh, mtime=0) as gz:
        gz.write(raw.getvalue())
    print(out, font["maxp"].numGlyphs, "glyphs", out.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
