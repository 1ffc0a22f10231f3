"""The Windows adapter for 居民身份证 readers of the termb.dll family — UNTESTED ON A REAL READER.

Many desk readers (华视 CVR series and the makers that copied its interface) ship ``termb.dll``
with ``sdtapi.dll`` (the security module) and ``WltRs.dll`` (the photo decoder). This module
loads it with ctypes (stdcall, ``WinDLL``) and calls, per the vendor's SDK manual (cited in
docs/design/id-card-reader.md):

- ``int CVR_InitComm(int port)``: 1 when connected; ports 1001–1016 are USB, 1–16 serial;
- ``int CVR_Authenticate(void)``: 1 when a card is on the reader (polled while waiting);
- ``int CVR_Read_Content(int active)`` (or ``CVR_Read_FPContent``): 1 when the card was read;
- ``int GetPeopleName(char *buf, int *len)`` and its siblings (sex, nation, birthday, address,
  ID code, department, start and end date): the items as GBK text. The wide entry points
  (``GetPeopleNameU`` …) give UTF-16 and are preferred: a GBK entry point cannot hold a rare
  character (CJK Extension A, as in 䶮) and writes "?", which marks the item unsure;
- ``int GetBMPData(unsigned char *buf, int *len)``: the decoded photo (BMP, ≤ 38,862 bytes);
- ``int CVR_CloseComm(void)``.

Some versions write the items and photo to files (wz.txt, zp.bmp …) in their own folder or in
%TEMP%\\chinaidcard as a side effect of reading; the adapter reads the photo from zp.bmp only
when ``GetBMPData`` is missing, and deletes those files after every read and on close. Nothing
else is written. The module refuses to import anywhere but Windows (``sys.platform``).
"""

from __future__ import annotations

import sys

if sys.platform != "win32":  # never load vendor libraries elsewhere
    raise ImportError("the ID-card reader adapter works only on Windows")

import ctypes
import datetime
import functools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import IdCardReaderError
from xueji_desktop.core.id_card import (
    IdCardData,
    RawCardFields,
    ReaderOption,
    decode_ansi,
    decode_wide,
    parse_card,
)

__all__ = ["VENDOR_TEMP_FILES", "TermbReader", "find_readers", "library_folders"]

LIBRARY = "termb.dll"
PORTS = (*range(1001, 1017), *range(1, 17))  # USB first: desk readers are USB nowadays
VENDOR_TEMP_FILES = ("wz.txt", "zp.bmp", "zp.wlt", "xp.wlt", "xp.jpg", "fp.dat")
_ITEMS = (
    ("name", "GetPeopleName"),
    ("sex", "GetPeopleSex"),
    ("nation", "GetPeopleNation"),
    ("birth", "GetPeopleBirthday"),
    ("address", "GetPeopleAddress"),
    ("id_number", "GetPeopleIDCode"),
    ("authority", "GetDepartment"),
    ("valid_from", "GetStartDate"),
    ("valid_until", "GetEndDate"),
)
_TEXT_BUFFER = 512
_PHOTO_BUFFER = 65536
_POLL = 0.2  # seconds between looks for a card


def library_folders() -> list[Path]:
    """Where the vendor's files are looked for: XUEJI_ID_CARD_DIR, the program's folder and its
    ``id-card`` subfolder, %PROGRAMDATA%\\Xueji\\id-card (docs/design/id-card-reader.md)."""
    folders = []
    if os.environ.get("XUEJI_ID_CARD_DIR"):
        folders.append(Path(os.environ["XUEJI_ID_CARD_DIR"]))
    program = Path(sys.executable).resolve().parent
    folders += [program, program / "id-card"]
    if os.environ.get("PROGRAMDATA"):
        folders.append(Path(os.environ["PROGRAMDATA"]) / "Xueji" / "id-card")
    return folders


@functools.cache
def find_readers() -> list[ReaderOption]:
    """The termb.dll found first, as a reader option (not loaded yet). Looked up once a run:
    a few file checks on local folders."""
    for folder in library_folders():
        path = folder / LIBRARY
        if path.is_file():
            return [ReaderOption("termb", False, functools.partial(TermbReader.open, path))]
    return []


def _function(dll: ctypes.CDLL, name: str) -> Any:
    """The exported function ``name`` returning int, or None when this version lacks it."""
    try:
        fn = getattr(dll, name)
    except AttributeError:  # not exported by this vendor's version
        return None
    fn.restype = ctypes.c_int
    return fn


class TermbReader:
    """A connected termb.dll reader (``IdCardReader``). Use it from one thread only."""

    tested = False

    def __init__(
        self,
        dll: ctypes.CDLL,  # a WinDLL (stdcall)
        folder: Path,
        dll_dir: object,
        today: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        self.dll = dll
        self.folder = folder
        self._dll_dir = dll_dir
        self.today = today
        self.closed = False

    @classmethod
    def open(cls, path: Path) -> TermbReader:
        """Load the library and connect to the first port that answers."""
        try:
            dll_dir = os.add_dll_directory(str(path.parent))  # its sdtapi.dll and WltRs.dll
            dll = ctypes.WinDLL(str(path))
        except OSError as exc:
            raise IdCardReaderError(reason="driver", detail=str(exc)[:200]) from None
        init = _function(dll, "CVR_InitComm")
        if init is None or _function(dll, "CVR_Authenticate") is None:
            raise IdCardReaderError(reason="driver", detail=f"{LIBRARY}: CVR_InitComm missing")
        init.argtypes = [ctypes.c_int]
        for port in PORTS:
            if init(port) == 1:
                return cls(dll, path.parent, dll_dir)
        dll_dir.close()
        raise IdCardReaderError(reason="no_reader")

    def read(self, timeout_s: float, cancelled: Callable[[], bool] | None = None) -> IdCardData:
        if self.closed:
            raise IdCardReaderError(reason="no_reader")
        stop = cancelled or (lambda: False)
        authenticate = _function(self.dll, "CVR_Authenticate")
        assert authenticate is not None  # checked in open()
        deadline = time.monotonic() + timeout_s
        while authenticate() != 1:
            if stop():
                raise IdCardReaderError(reason="no_card", cancelled=True)
            if time.monotonic() >= deadline:
                raise IdCardReaderError(reason="no_card")
            time.sleep(_POLL)
        try:
            if self._read_content() != 1:
                raise IdCardReaderError(reason="read_failed", part="chip")
            raw = self._items()
        finally:
            self._remove_vendor_files()
        return parse_card(raw, today=self.today())

    def _read_content(self) -> int:
        content = _function(self.dll, "CVR_Read_Content")
        if content is not None:
            content.argtypes = [ctypes.c_int]
            return int(content(1))  # 1: the text and the photo
        fp_content = _function(self.dll, "CVR_Read_FPContent")
        if fp_content is None:
            raise IdCardReaderError(reason="driver", detail=f"{LIBRARY}: CVR_Read_Content missing")
        return int(fp_content())

    def _item_text(self, export: str) -> tuple[str, bool]:
        """(text, lossy) of one item: the wide entry point when there is one, else GBK."""
        for suffix, wide in (("U", True), ("", False)):
            fn = _function(self.dll, export + suffix)
            if fn is None:
                continue
            buffer = ctypes.create_string_buffer(_TEXT_BUFFER)
            size = ctypes.c_int(_TEXT_BUFFER)
            if fn(buffer, ctypes.byref(size)) != 1:
                raise IdCardReaderError(reason="read_failed", part=export)
            return (decode_wide(buffer.raw), False) if wide else decode_ansi(buffer.raw)
        raise IdCardReaderError(reason="driver", detail=f"{LIBRARY}: {export} missing")

    def _items(self) -> RawCardFields:
        texts = {item: self._item_text(fn) for item, fn in _ITEMS}
        return RawCardFields(
            **{item: text for item, (text, _) in texts.items()},
            photo=self._photo(),
            name_lossy=texts["name"][1],
            address_lossy=texts["address"][1],
        )

    def _photo(self) -> bytes | None:
        get_bmp = _function(self.dll, "GetBMPData")
        if get_bmp is not None:
            buffer = ctypes.create_string_buffer(_PHOTO_BUFFER)
            size = ctypes.c_int(_PHOTO_BUFFER)
            if get_bmp(buffer, ctypes.byref(size)) == 1 and 0 < size.value <= _PHOTO_BUFFER:
                return buffer.raw[: size.value]
            return None
        for folder in self._vendor_folders():  # the vendor's own file, deleted right after
            file = folder / "zp.bmp"
            try:
                return file.read_bytes()
            except OSError:
                continue
        return None

    def _vendor_folders(self) -> list[Path]:
        folders = [self.folder, Path.cwd()]
        if os.environ.get("TEMP"):
            folders.append(Path(os.environ["TEMP"]) / "chinaidcard")
        return folders

    def _remove_vendor_files(self) -> None:
        """Delete the files the vendor's library writes while reading (they hold the card)."""
        for folder in self._vendor_folders():
            for name in VENDOR_TEMP_FILES:
                try:
                    (folder / name).unlink()
                except FileNotFoundError:
                    pass
                except OSError:
                    pass  # held open or not ours to delete: the design note says so

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        close = _function(self.dll, "CVR_CloseComm")
        if close is not None:
            close()
        self._remove_vendor_files()
        closer = getattr(self._dll_dir, "close", None)
        if closer is not None:
            closer()
