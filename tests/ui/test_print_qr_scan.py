"""The QR code on a printed transcript scans (zxing-cpp, as a phone or a scanner gun would read
the page image) and its text verifies; one changed character does not."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice

from xueji_desktop.services import documents
from xueji_desktop.services.archive import Created
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.ui.pdf_printer import PdfBytes, page_image


def _scan(pdf: bytes, dpi: int) -> list[str]:
    pages = PdfBytes(pdf)
    assert pages.ok
    image = page_image(pages.document, 0, dpi)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data())))
    return [r.text for r in zxingcpp.read_barcodes(picture)]


def test_the_printed_qr_code_scans_and_verifies(school: Created) -> None:
    s = school.session
    sid = s.archive.db.conn.execute(
        "SELECT student_id FROM grades ORDER BY student_id LIMIT 1"
    ).fetchone()[0]
    issued = documents.issue(s, PrintRequest("transcript", (int(sid),)))
    texts = _scan(issued.pdf, 150)
    assert len(texts) == 1
    text = texts[0]
    assert text.startswith("XJ1:" + issued.serials[0] + ":")
    assert documents.verify(s, text).outcome == "genuine"
    for at in (-1, -20):  # the last character (3 unused bits) and one inside the signature
        forged = text[:at] + ("A" if text[at] != "A" else "B") + text[at:][1:]
        assert len(forged) == len(text)
        assert documents.verify(s, forged).outcome == "not_issued"
