"""The verification QR code, drawn once per document as a form (XObject) and placed on each page.

The code comes from ReportLab's own encoder (``reportlab.graphics.barcode.qr``); the dark modules
of each row are merged into runs and filled as one path, which keeps the page small.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen.canvas import Canvas

QUIET = 1  # modules of white border inside the drawn square (the page margin adds the rest)
# ReportLab's make() tries all 8 mask patterns in pure Python (~60 ms a code, more than the rest of
# a transcript page). Any mask gives a valid code that every reader decodes; the choice only
# evens out light and dark areas. A fixed mask keeps a batch of 1,000 transcripts fast; mask 0
# is the one the full search picked for 47 of 60 sample payloads of our shape ("XJ1:" + Base32).
MASK = 0

# The Reed-Solomon generator polynomial depends only on the block length, yet the encoder
# rebuilds it for every code (a third of its time). It is never modified after it is built.
if not hasattr(qrencoder.QRUtil.getErrorCorrectPolynomial, "cache_info"):
    qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(
        lru_cache(maxsize=64)(qrencoder.QRUtil.getErrorCorrectPolynomial)
    )


def define_form(c: Canvas, name: str, text: str, size: float) -> None:
    """Define form ``name``: the QR code of ``text`` in a ``size`` x ``size`` point square."""
    widget = QrCodeWidget(text, barLevel="M")
    code = widget.qr
    code.version = code.calculate_version()
    code.makeImpl(False, MASK)
    count = code.getModuleCount()
    box = size / (count + 2 * QUIET)
    c.beginForm(name, 0, 0, size, size)
    c.setFillColorRGB(0, 0, 0)
    # Whole-module coordinates (row 0 at the top) under one scale: short operators, few bytes.
    c.scale(box, box)
    # Written as literal operators: ReportLab's number formatting is slow without rl_accel.
    ops: list[str] = []
    top = count + QUIET
    for r, row in enumerate(code.modules):
        col = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            run = len(list(group))
            if dark:
                ops.append(f"{col + QUIET} {top - r - 1} {run} 1 re")
            col += run
    ops.append("f")
    c.addLiteral("\n".join(ops))
    c.endForm()


def place(c: Canvas, name: str, x: float, y: float) -> None:
    """Draw form ``name`` with its lower-left corner at (x, y)."""
    c.saveState()
    c.translate(x, y)
    c.doForm(name)
    c.restoreState()
