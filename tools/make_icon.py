"""Draw the application icon: an archive folder stamped with a red seal bearing 籍.

    .venv/bin/python tools/make_icon.py          # write resources/icons/*
    .venv/bin/python tools/make_icon.py --check  # exit 1 if the committed files differ

Writes ``resources/icons/xueji.png`` (256 px), ``xueji-16/32/48.png`` and ``xueji.ico`` (16, 24,
32, 48, 64, 128, 256 px). Each size is drawn on its own (at 4x, then reduced), so the small ones
get thicker lines and leave out the character, which cannot be read below about 40 px. The glyph
comes from the bundled ``XuejiSerifSC-Bold.ttf.gz``. The output depends only on this script, the
font and the Pillow version: ``--check`` may report a difference after a Pillow upgrade; then
regenerate and look at the PNGs. See docs/design/installer.md.
"""

from __future__ import annotations

import argparse
import gzip
import io
import struct
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "resources" / "fonts" / "XuejiSerifSC-Bold.ttf.gz"
OUT = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = (16, 32, 48)
SCALE = 4  # supersampling factor
GLYPH = "籍"
GLYPH_MIN_SIZE = 48  # below this the seal is drawn without the character

FOLDER_BACK = (176, 120, 40, 255)
FOLDER_FRONT = (236, 178, 72, 255)
FOLDER_EDGE = (130, 84, 22, 255)
PAPER = (252, 248, 236, 255)
SEAL = (190, 36, 36, 255)
SEAL_INK = (255, 250, 244, 255)


def _box(x0: float, y0: float, x1: float, y1: float, n: int) -> tuple[int, int, int, int]:
    """A box given in fractions of the icon, in pixels of an ``n``-pixel canvas."""
    return round(x0 * n), round(y0 * n), round(x1 * n), round(y1 * n)


def draw(size: int) -> Image.Image:
    """The icon at ``size`` x ``size`` pixels (RGBA)."""
    n = size * SCALE
    small = size < GLYPH_MIN_SIZE
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    edge = max(SCALE, round(n * (0.03 if small else 0.018)))
    radius = round(n * 0.06)

    # Folder: the back with its tab, a sheet of paper, then the front panel.
    d.rounded_rectangle(_box(0.04, 0.10, 0.42, 0.30, n), radius, FOLDER_BACK, FOLDER_EDGE, edge)
    d.rounded_rectangle(_box(0.04, 0.18, 0.96, 0.90, n), radius, FOLDER_BACK, FOLDER_EDGE, edge)
    if not small:
        d.rectangle(_box(0.12, 0.22, 0.88, 0.50, n), PAPER, FOLDER_EDGE, max(SCALE, edge // 2))
    d.rounded_rectangle(_box(0.04, 0.32, 0.96, 0.90, n), radius, FOLDER_FRONT, FOLDER_EDGE, edge)

    # Seal: a red square, a white inner frame, the character in white.
    seal = _box(0.38, 0.38, 0.98, 0.98, n) if not small else _box(0.40, 0.40, 1.0, 1.0, n)
    d.rounded_rectangle(seal, round(n * 0.05), SEAL)
    inset = round(n * (0.05 if not small else 0.09))
    frame = (seal[0] + inset, seal[1] + inset, seal[2] - inset, seal[3] - inset)
    frame_width = max(SCALE, round(n * (0.022 if not small else 0.06)))
    if small:
        # Too small for the character: a bold white frame keeps the seal readable as a seal.
        d.rectangle(frame, None, SEAL_INK, frame_width)
    else:
        d.rectangle(frame, None, SEAL_INK, frame_width)
        side = frame[2] - frame[0] - 2 * frame_width
        font = ImageFont.truetype(
            io.BytesIO(gzip.decompress(FONT.read_bytes())), round(side * 0.92)
        )
        cx = (frame[0] + frame[2]) / 2
        cy = (frame[1] + frame[3]) / 2
        d.text((cx, cy), GLYPH, fill=SEAL_INK, font=font, anchor="mm")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _bmp_entry(img: Image.Image) -> bytes:
    """A 32-bit BGRA DIB as an ICO entry: header, bottom-up pixels, then the AND mask."""
    w, h = img.size
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = img.transpose(Image.Transpose.FLIP_TOP_BOTTOM).tobytes("raw", "BGRA")
    mask_row = ((w + 31) // 32) * 4  # 1 bit per pixel, rows padded to 4 bytes; all 0 = opaque
    return header + pixels + bytes(mask_row * h)


def ico_bytes(images: list[Image.Image]) -> bytes:
    """An ICO file: small sizes as 32-bit bitmaps (every Windows tool reads them), 256 as PNG."""
    entries = [png_bytes(im) if im.width >= 256 else _bmp_entry(im) for im in images]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for im, data in zip(images, entries, strict=True):
        dim = 0 if im.width >= 256 else im.width  # 0 means 256 in an ICO directory
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(entries)


def outputs() -> dict[Path, bytes]:
    images = {size: draw(size) for size in ICO_SIZES}
    files = {OUT / "xueji.png": png_bytes(images[256])}
    for size in PNG_SIZES:
        files[OUT / f"xueji-{size}.png"] = png_bytes(images[size])
    files[OUT / "xueji.ico"] = ico_bytes([images[size] for size in ICO_SIZES])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files differ")
    args = parser.parse_args(argv)
    stale = []
    for path, data in outputs().items():
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    for path in stale:
        print(f"out of date: {path.relative_to(ROOT)} (run tools/make_icon.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
