"""The 套打 calibration sheet: crosses at known places, shifted by the offset being tried.

Printed on plain paper and laid over a pre-printed form, it shows how far a printer is off (the
print settings in the desktop app save the offset per printer).
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from xueji_desktop.printing import fonts


def calibration_sheet(dx_mm: float, dy_mm: float) -> bytes:
    """An A4 page with crosses 20 mm in from each corner, shifted by the offset being tried.

    Printed on plain paper and laid on a pre-printed form, it shows how far the printer is off.
    """
    fonts.ensure_registered()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, initialFontName=fonts.REGULAR, initialFontSize=11)
    width, height = A4
    for x_mm, y_mm in ((20, 20), (190, 20), (20, 277), (190, 277), (105, 148.5)):
        x, y = (x_mm + dx_mm) * mm, height - (y_mm + dy_mm) * mm
        c.line(x - 8 * mm, y, x + 8 * mm, y)
        c.line(x, y - 8 * mm, x, y + 8 * mm)
        c.circle(x, y, 2 * mm)
    c.drawCentredString(width / 2, height - 60 * mm, "套打位置测试页")
    c.drawCentredString(
        width / 2,
        height - 70 * mm,
        f"向右 {dx_mm:+.1f} 毫米，向下 {dy_mm:+.1f} 毫米。十字中心应距纸边 20 毫米。",
    )
    c.showPage()
    c.save()
    return out.getvalue()
