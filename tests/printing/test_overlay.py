from __future__ import annotations

import json

from pypdf import PdfReader
from reportlab.lib.units import mm

from xueji_desktop.printing.render import render_pdf
from xueji_desktop.printing.templates import parse_template

from .conftest import LETTERHEAD, read, template_json, transcript

A4_HEIGHT = 297 * mm


def _overlay(max_rows: int = 30) -> str:
    data = json.loads(template_json())
    del data["blocks"], data["footer"]
    data.update(
        mode="overlay",
        items=[
            {"field": "name", "x_mm": 60, "y_mm": 80, "size": 14},
            {"field": "registry_no", "x_mm": 120, "y_mm": 80, "width_mm": 20, "align": "right"},
            {"field": "not_a_field", "x_mm": 10, "y_mm": 10},
        ],
        tables=[
            {
                "source": "courses",
                "x_mm": 20,
                "y_mm": 100,
                "row_mm": 6.5,
                "max_rows": max_rows,
                "columns": [
                    {"field": "course", "x_mm": 0, "width_mm": 50},
                    {"field": "score", "x_mm": 100},
                ],
            }
        ],
        qr={"x_mm": 170, "y_mm": 250, "size_mm": 22},
    )
    return json.dumps(data, ensure_ascii=False)


def _positions(reader: PdfReader, page: int = 0) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.setdefault(text, (tm[4], tm[5]))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def test_overlay_prints_values_at_their_positions() -> None:
    template = parse_template(_overlay(), "overlay")
    pdf = render_pdf([transcript("王小明", rows=3)], template, LETTERHEAD)
    reader = read(pdf)
    pos = _positions(reader)
    x, y = pos["王小明"]
    assert abs(x - 60 * mm) < 0.1 and abs(y - (A4_HEIGHT - 80 * mm)) < 0.1
    x, y = pos["课程001"]
    assert abs(x - 20 * mm) < 0.1 and abs(y - (A4_HEIGHT - 106.5 * mm)) < 0.1
    # right-aligned and shrunk into its 20 mm: it ends at 140 mm
    x, _ = pos["G110101200803051234"]
    assert 120 * mm - 0.1 <= x < 121 * mm
    text = reader.pages[0].extract_text()
    # only values: no labels, no letterhead, no page numbers
    for absent in ("姓名", "课程名称", LETTERHEAD.school_name, "页"):
        assert absent not in text
    assert "/XObject" in reader.pages[0]["/Resources"]  # the QR code


def test_offset_shifts_everything() -> None:
    template = parse_template(_overlay(), "overlay")
    doc = transcript("王小明", rows=3)
    base = _positions(read(render_pdf([doc], template, LETTERHEAD)))
    moved = _positions(read(render_pdf([doc], template, LETTERHEAD, offset_mm=(2.5, -1.5))))
    for key in ("王小明", "课程002", "G110101200803051234"):
        assert abs(moved[key][0] - base[key][0] - 2.5 * mm) < 0.05
        assert abs(moved[key][1] - base[key][1] - 1.5 * mm) < 0.05  # y_mm grows downwards


def test_rows_beyond_the_form_continue_on_another_sheet() -> None:
    template = parse_template(_overlay(max_rows=10), "overlay")
    reader = read(render_pdf([transcript("王小明", rows=25)], template, LETTERHEAD))
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert "王小明" in page.extract_text()
    assert "课程024" in reader.pages[2].extract_text()
