"""居民身份证 readers: what a card holds, turning a vendor library's raw fields into it, and the
small interface every reader implements (docs/design/id-card-reader.md).

A reader (the simulated one in ``id_card_sim``, the Windows adapter in ``id_card_windows``)
returns the card's items as the vendor gives them (``RawCardFields``: text, dates as printed,
the 民族 as a name or a code); ``parse_card`` checks and normalises them into ``IdCardData``:
gender and 民族 as national codes (GB/T 2261.1, GB/T 3304), dates as ``datetime.date``, the ID
number validated by ``core.id_number`` and cross-checked with the card's own gender and birth
date (a mismatch is a misread: the clerk is asked to read again). The name is kept exactly as on
the card, rare characters included; it is flagged ``name_unsure`` when the vendor library could
not pass it on faithfully (a GBK entry point that cannot hold the character writes "?", a
character of the Private Use Area is a local stand-in for a character missing from the font).

Nothing here touches a file, the clock or a device. Personal values never appear in ``repr``
or in an error's fields.
"""

from __future__ import annotations

import datetime
import importlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from xueji_desktop.core import codes
from xueji_desktop.core.errors import IdCardReaderError, InvalidIdNumber
from xueji_desktop.core.id_number import validate_id_number
from xueji_desktop.core.regions import current_regions, is_current_region, region_name

__all__ = [
    "BASE_MESSAGE_LAYOUT",
    "IdCardData",
    "IdCardReader",
    "RawCardFields",
    "ReaderOption",
    "available_readers",
    "decode_ansi",
    "decode_wide",
    "encode_base_message",
    "parse_base_message",
    "parse_card",
    "photo_type",
    "split_address",
]

# The 256-byte text block of a second-generation card as sdtapi.dll's SDT_ReadBaseMsg returns it:
# UCS-2 little-endian, each item padded with spaces to its width in bytes (GA 467 layout).
BASE_MESSAGE_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30),
    ("sex", 2),
    ("nation", 4),
    ("birth", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_until", 16),
    ("reserved", 36),
)
BASE_MESSAGE_SIZE = sum(width for _, width in BASE_MESSAGE_LAYOUT)  # 256

_PADDING = " \u3000\x00\t\r\n"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_UNTIL_FOREVER = ("长期", "長期")


@dataclass(frozen=True, slots=True)
class RawCardFields:
    """A card's items as a vendor library returned them (already decoded to text)."""

    name: str = field(repr=False)
    sex: str = field(repr=False)  # "男"/"女" or the code "1"/"2"
    nation: str = field(repr=False)  # "汉" / "汉族" or the code "01"
    birth: str = field(repr=False)  # "20100315", "2010.03.15", "2010年03月15日"
    address: str = field(repr=False)
    id_number: str = field(repr=False)
    authority: str = field(repr=False)
    valid_from: str = field(repr=False)
    valid_until: str = field(repr=False)  # a date or 长期
    photo: bytes | None = field(default=None, repr=False)
    name_lossy: bool = False  # decoded from a GBK entry point that wrote "?" for a character
    address_lossy: bool = False


@dataclass(frozen=True, slots=True)
class IdCardData:
    """One 居民身份证 as read. Personal values are left out of ``repr`` (logs, tracebacks)."""

    name: str = field(repr=False)  # exactly as on the card, rare characters included
    gender: str = field(repr=False)  # GB/T 2261.1 code
    ethnicity: str = field(repr=False)  # GB/T 3304 code, "" when the card's 民族 has none
    ethnicity_on_card: str = field(repr=False)  # the 民族 as the card gave it
    birth_date: datetime.date = field(repr=False)
    address: str = field(repr=False)  # 住址: the 常住户口 address
    id_number: str = field(repr=False)  # validated, 18 characters
    issuing_authority: str = field(repr=False)
    valid_from: datetime.date = field(repr=False)
    valid_until: datetime.date | None = field(repr=False)  # None: 长期
    photo: bytes | None = field(default=None, repr=False)  # BMP, JPEG or PNG bytes
    name_unsure: bool = False  # check the name against the card (see the module docstring)
    address_unsure: bool = False  # the same for the address

    @property
    def photo_type(self) -> str | None:
        return None if self.photo is None else photo_type(self.photo)


class IdCardReader(Protocol):
    """A card reader. ``read`` waits up to ``timeout_s`` for a card and reads it; it raises
    ``IdCardReaderError`` (reason "no_card" when none came or ``cancelled()`` turned true,
    "read_failed", "driver"). Both calls block: run them off the GUI thread, on one thread."""

    def read(self, timeout_s: float, cancelled: Callable[[], bool] | None = None) -> IdCardData: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ReaderOption:
    """A reader this computer offers: ``open()`` connects (blocking; off the GUI thread)."""

    key: str  # "termb", "sdtapi", "simulated"
    tested: bool  # False until the adapter has been tried on a real reader
    open: Callable[[], IdCardReader] = field(repr=False)


def available_readers(platform: str | None = None) -> list[ReaderOption]:
    """The readers this system offers: the Windows adapter's vendor libraries on Windows only
    (never loaded elsewhere, whatever is installed), none otherwise."""
    if (platform or sys.platform) != "win32":
        return []
    # Imported by name: the module refuses to load anywhere but Windows.
    windows = importlib.import_module("xueji_desktop.core.id_card_windows")
    find: Callable[[], list[ReaderOption]] = windows.find_readers
    return find()


# --- decoding the vendor's bytes ---------------------------------------------------------------


def decode_wide(data: bytes) -> str:
    """Text from a wide-character (UCS-2 / UTF-16LE) buffer, up to its first NUL character.
    Surrogate pairs are joined; an unpaired one is kept as U+FFFD (and is then refused)."""
    end = len(data) - len(data) % 2
    for i in range(0, end, 2):
        if data[i] == 0 and data[i + 1] == 0:
            end = i
            break
    return data[:end].decode("utf-16-le", errors="replace").strip(_PADDING)


def decode_ansi(data: bytes) -> tuple[str, bool]:
    """(text, lossy) from a multi-byte (GBK / GB 18030) buffer, up to its first NUL byte.
    ``lossy`` when the buffer holds "?" or cannot be decoded: the vendor's conversion from the
    card's UCS-2 to GBK had no place for a character (rare characters outside GBK)."""
    raw = data.split(b"\x00", 1)[0]
    try:
        text = raw.decode("gb18030")
        lossy = b"?" in raw
    except UnicodeDecodeError:
        text, lossy = raw.decode("gb18030", errors="replace"), True
    return text.strip(_PADDING), lossy


def parse_base_message(block: bytes, photo: bytes | None = None) -> RawCardFields:
    """The items of a 256-byte UCS-2 text block (``BASE_MESSAGE_LAYOUT``)."""
    if len(block) < BASE_MESSAGE_SIZE:
        raise IdCardReaderError(reason="read_failed", part="text_block")
    items: dict[str, str] = {}
    at = 0
    for name, width in BASE_MESSAGE_LAYOUT:
        items[name] = block[at : at + width].decode("utf-16-le", errors="replace").strip(_PADDING)
        at += width
    return RawCardFields(
        name=items["name"],
        sex=items["sex"],
        nation=items["nation"],
        birth=items["birth"],
        address=items["address"],
        id_number=items["id_number"],
        authority=items["authority"],
        valid_from=items["valid_from"],
        valid_until=items["valid_until"],
        photo=photo,
    )


def encode_base_message(values: dict[str, str]) -> bytes:
    """The 256-byte UCS-2 block holding ``values`` (the simulated reader's card chip)."""
    out = bytearray()
    for name, width in BASE_MESSAGE_LAYOUT:
        data = values.get(name, "").encode("utf-16-le")
        if len(data) > width:
            raise ValueError(f"{name} does not fit in {width} bytes")
        out += data + " ".encode("utf-16-le") * ((width - len(data)) // 2)
    return bytes(out)


def photo_type(data: bytes) -> str | None:
    """ "bmp", "jpeg", "png" by the file's signature, else None."""
    if data.startswith(b"BM") and len(data) > 54:
        return "bmp"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


# --- checking and normalising ------------------------------------------------------------------


def _date(text: str, part: str) -> datetime.date:
    digits = re.sub(r"[.\-/年月日\s]", "", text)
    if len(digits) == 8 and digits.isascii() and digits.isdigit():
        try:
            return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            pass
    raise IdCardReaderError(reason="read_failed", part=part)


def _gender(text: str) -> str:
    code = codes.code_of("gender", text) if text else None
    if code not in ("1", "2"):
        raise IdCardReaderError(reason="read_failed", part="sex")
    return code


def _ethnicity(text: str) -> str:
    """The GB/T 3304 code of the card's 民族 ("" when the name has none: 穿青人, 革家人 …)."""
    if not text:
        raise IdCardReaderError(reason="read_failed", part="nation")
    if text.isascii() and text.isdigit():  # raw blocks hold the code ("01"), names hold "汉"
        code = codes.code_of("ethnicity", text.zfill(2))
        if code is None:
            raise IdCardReaderError(reason="read_failed", part="nation")
        return code
    return codes.code_of("ethnicity", text) or ""


def _unsure(text: str, lossy: bool) -> bool:
    return lossy or "?" in text or "？" in text or bool(_PRIVATE_USE.search(text))


def parse_card(raw: RawCardFields, *, today: datetime.date) -> IdCardData:
    """Check and normalise a card's raw items. Raises ``IdCardReaderError(reason="read_failed",
    part=<item>)`` for an item that is missing or cannot be right (a misread or a damaged
    chip); ``part`` names the item, never its value."""
    name = raw.name.strip(_PADDING)
    if not name or "\ufffd" in name:
        raise IdCardReaderError(reason="read_failed", part="name")
    gender = _gender(raw.sex.strip(_PADDING))
    ethnicity = _ethnicity(raw.nation.strip(_PADDING))
    birth = _date(raw.birth, "birth")
    try:
        info = validate_id_number(raw.id_number.strip(_PADDING), today=today)
    except InvalidIdNumber:
        raise IdCardReaderError(reason="read_failed", part="id_number") from None
    if info.birth_date != birth or info.gender != gender:
        raise IdCardReaderError(reason="read_failed", part="id_number")
    address = raw.address.strip(_PADDING)
    if not address or "\ufffd" in address:
        raise IdCardReaderError(reason="read_failed", part="address")
    valid_from = _date(raw.valid_from, "valid_from")
    until_text = raw.valid_until.strip(_PADDING)
    valid_until = None if until_text in _UNTIL_FOREVER else _date(until_text, "valid_until")
    if valid_until is not None and valid_until <= valid_from:
        raise IdCardReaderError(reason="read_failed", part="valid_until")
    photo = raw.photo if raw.photo and photo_type(raw.photo) else None
    return IdCardData(
        name=name,
        gender=gender,
        ethnicity=ethnicity,
        ethnicity_on_card=raw.nation.strip(_PADDING),
        birth_date=birth,
        address=address,
        id_number=info.number,
        issuing_authority=raw.authority.strip(_PADDING),
        valid_from=valid_from,
        valid_until=valid_until,
        photo=photo,
        name_unsure=_unsure(name, raw.name_lossy),
        address_unsure=_unsure(address, raw.address_lossy),
    )


# --- the address on the card and the form's 户口 fields ---------------------------------------


@cache
def _county_names() -> tuple[tuple[str, str], ...]:
    """(full name, code) of every current county, longest names first (a longer name is the
    more precise match: 湖南省邵阳市邵阳县 before 湖南省邵阳市)."""
    return tuple(sorted(((n, c) for c, n in current_regions()), key=lambda p: -len(p[0])))


def split_address(address: str, id_number: str = "") -> tuple[str | None, str]:
    """(county code, the rest) when the card's address starts with a current county's full
    name (the county of the ID number is tried first); else (None, the whole address)."""
    if len(id_number) >= 6 and is_current_region(id_number[:6]):
        own = region_name(id_number[:6])
        if own and address.startswith(own) and own != address:
            return id_number[:6], address[len(own) :]
    for full, code in _county_names():
        if address.startswith(full) and full != address:
            return code, address[len(full) :]
    return None, address
