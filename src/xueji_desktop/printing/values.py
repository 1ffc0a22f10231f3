"""The texts a document offers to its template, and the images it carries."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader

from xueji_desktop.printing import fonts
from xueji_desktop.printing.model import Document, Letterhead
from xueji_desktop.printing.spec import PLACEHOLDER


class Values:
    """The texts a document offers to its template, cleaned for printing."""

    def __init__(self, doc: Document, letterhead: Letterhead, mark_missing: bool) -> None:
        self.doc = doc
        self.mark_missing = mark_missing
        self.map: dict[str, str] = {
            **doc.fields,
            "school_name": letterhead.school_name,
            "school_code": letterhead.school_code,
            "serial": doc.serial,
            "key_fingerprint": doc.key_fingerprint,
        }

    def clean(self, text: str) -> str:
        if any(ord(ch) < 32 and ch != "\n" for ch in text):
            text = "".join(" " if ord(ch) < 32 and ch != "\n" else ch for ch in text)
        return fonts.printable(text) if self.mark_missing else text

    def get(self, name: str) -> str:
        return self.clean(self.map.get(name, ""))

    def fill(self, text: str) -> str:
        return self.clean(PLACEHOLDER.sub(lambda m: self.map.get(m.group(1), ""), text))


class _Image(ImageReader):  # type: ignore[misc]  # ReportLab is untyped
    """An image whose JPEG bytes go into the PDF as they are.

    Canvas.drawImage names an ImageReader's image by a digest of its decoded pixels, so every
    JPEG photo is decoded once per PDF for nothing (~3 ms a page); the raw bytes are as unique.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._raw = data

    def getRGBData(self) -> object:  # ReportLab's method name
        if self.jpeg_fh() is not None:
            self._dataA = None
            return self._raw
        return super().getRGBData()


def image(data: bytes | None) -> ImageReader | None:
    """An image for drawing, or None for no or unreadable bytes (the cell stays empty)."""
    if not data:
        return None
    try:
        reader = _Image(data)
        reader.getSize()
        return reader
    except Exception:  # PIL raises many types for a damaged file: print without the image
        return None
