from __future__ import annotations

import io

from PIL import Image

from xueji_desktop.printing.model import Letterhead
from xueji_desktop.printing.render import render_pdf

from .conftest import LETTERHEAD, SCHOOL, make_template, page_texts, read, transcript


def _images(pdf: bytes) -> list[dict[str, object]]:
    page = read(pdf).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    return [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


def test_jpeg_photo_is_embedded_as_it_is(jpeg: bytes) -> None:
    pdf = render_pdf([transcript(photo=jpeg)], make_template(), LETTERHEAD)
    (photo,) = _images(pdf)
    assert photo["/Filter"] == ["/DCTDecode"]  # the JPEG bytes, not re-encoded
    assert (photo["/Width"], photo["/Height"]) == (358, 441)
    assert "照片" not in page_texts(pdf)[0]


def test_png_photo_with_transparency() -> None:
    image = Image.new("RGBA", (358, 441), (10, 20, 30, 128))
    out = io.BytesIO()
    image.save(out, "PNG")
    pdf = render_pdf([transcript(photo=out.getvalue())], make_template(), LETTERHEAD)
    assert _images(pdf)


def test_damaged_or_missing_photo_leaves_the_cell_for_a_paper_photo() -> None:
    for photo in (None, b"\xff\xd8 not really a jpeg"):
        pdf = render_pdf([transcript(photo=photo)], make_template(), LETTERHEAD)
        assert not _images(pdf)
        assert "照片" in page_texts(pdf)[0]


def test_logo_in_the_letterhead() -> None:
    image = Image.new("RGB", (200, 200), (200, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    letterhead = Letterhead(SCHOOL, "1234567890", logo=out.getvalue())
    pdf = render_pdf([transcript()], make_template(), letterhead)
    assert len(_images(pdf)) == 1
    assert SCHOOL in page_texts(pdf)[0]
