"""Measuring, wrapping and drawing text in the bundled faces.

Chinese text breaks between any two characters; a run of Latin letters and digits (a 学籍号, an
English word) stays whole unless it is wider than the line. Closing punctuation never starts a
line and opening punctuation never ends one (the usual 避头尾 rules).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop.printing import fonts

_CLOSING = frozenset("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
_OPENING = frozenset("（《「『【〔〈“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/:_@+\-]*|.", re.S)


def width(text: str, size: float, bold: bool = False) -> float:
    return fonts.text_width(text, size, bold)


def fit_size(text: str, size: float, room: float, bold: bool = False, floor: float = 5.0) -> float:
    """The largest size <= ``size`` (down to ``floor``) at which ``text`` fits ``room`` points."""
    w = width(text, size, bold)
    if w <= room or w == 0:
        return size
    return max(floor, size * room / w * 0.999)


def wrap(
    text: str, size: float, line_width: float, bold: bool = False, first_width: float | None = None
) -> list[str]:
    """Lines of ``text`` no wider than ``line_width`` (the first no wider than ``first_width``).

    A newline in the text always starts a new line. Empty text gives no lines.
    """
    return list(_wrap(text, size, line_width, bold, first_width))


# A class of transcripts wraps the same course names, labels and dates again and again.
@lru_cache(maxsize=16384)
def _wrap(
    text: str, size: float, line_width: float, bold: bool, first_width: float | None
) -> tuple[str, ...]:
    out: list[str] = []
    for para in text.split("\n"):
        if not out:
            out.extend(_wrap_one(para, size, line_width, bold, first_width))
        else:
            out.extend(_wrap_one(para, size, line_width, bold, None))
    if len(out) == 1 and out[0] == "":
        return ()
    return tuple(out)


def _wrap_one(
    text: str, size: float, line_width: float, bold: bool, first_width: float | None
) -> list[str]:
    if not text:
        return [""]
    room = first_width if first_width is not None else line_width
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for token in _TOKEN.findall(text):
        w = width(token, size, bold)
        if used + w <= room + 0.01 or not line:
            if not line and token.isspace() and lines:
                continue  # no blank at the start of a continued line
            if w > room and len(token) > 1:  # a word wider than the line: cut it by character
                for ch in token:
                    cw = width(ch, size, bold)
                    if used + cw > room + 0.01 and line:
                        lines.append("".join(line))
                        line, used, room = [], 0.0, line_width
                    line.append(ch)
                    used += cw
                continue
            line.append(token)
            used += w
            continue
        carry: list[str] = []
        if token in _CLOSING and len(line) > 1:
            carry.append(line.pop())  # take the last character along so the mark does not lead
        while len(line) > 1 and line[-1] in _OPENING:
            carry.insert(0, line.pop())
        lines.append("".join(line).rstrip())
        room = line_width
        line = carry[1:] if carry and carry[0].isspace() else carry
        if token.isspace() and not line:
            used = 0.0
            continue
        line.append(token)
        used = sum(width(t, size, bold) for t in line)
    lines.append("".join(line))
    return lines


@lru_cache(maxsize=16384)  # column positions and row heights repeat on every page
def num(v: float) -> str:
    """A PDF number with at most two decimals (1/7200 inch is plenty)."""
    text = f"{v:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def draw(
    c: Canvas, x: float, y: float, text: str, size: float, bold: bool = False, spacing: float = 0.0
) -> None:
    """Draw one line with its baseline at (x, y); ``spacing`` is extra space per character.

    The operators are written directly, the way ReportLab's ttfonts module documents for
    dynamic (subset) fonts: a text object of ReportLab costs several times as much per cell,
    which a 40-row transcript table feels.
    """
    if not text:
        return
    doc = c._doc
    out = [f"BT 1 0 0 1 {num(x)} {num(y)} Tm"]
    if spacing:
        out.append(f"{num(spacing)} Tc")
    tf = f"{num(size)} Tf"
    for face, part in fonts.runs(text, bold):
        font = fonts.font(face)
        for subset, chunk in font.splitString(part, doc):
            out.append(f"{font.getSubsetInternalName(subset, doc)} {tf} ({escapePDF(chunk)}) Tj")
    if spacing:
        out.append("0 Tc")  # the text state outlives the text object
    out.append("ET")
    c.addLiteral(" ".join(out))


def draw_aligned(
    c: Canvas,
    x: float,
    y: float,
    room: float,
    text: str,
    size: float,
    align: str = "left",
    bold: bool = False,
) -> None:
    """Draw ``text`` inside [x, x + room] aligned left, center, right or justify."""
    if not text:
        return
    if align == "left":
        draw(c, x, y, text, size, bold)
        return
    w = width(text, size, bold)
    if align == "justify":
        slack = room - w
        n = len(text)
        spacing = slack / (n - 1) if n > 1 and 0 < slack < size * n else 0.0
        draw(c, x, y, text, size, bold, spacing)
    elif align == "center":
        draw(c, x + (room - w) / 2, y, text, size, bold)
    else:
        draw(c, x + room - w, y, text, size, bold)


def baseline(top: float, line_height: float, size: float, index: int = 0) -> float:
    """Baseline of line ``index`` of a block whose first line box starts at ``top``."""
    return top - index * line_height - (line_height - size) / 2 - fonts.ASCENT * size
