"""PDF files of issued documents: names from a pattern, and all-or-nothing writing.

Every file is written to a temporary name in its destination folder, flushed and fsynced, and
renamed (``os.replace``) only once every file of the batch is ready and the register is about to
commit; on cancel or any failure every temporary and every renamed file of the batch is removed.
Names are checked (unsafe, empty, duplicate) before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import string
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from xueji_desktop.core.errors import OutputFileError
from xueji_desktop.storage.files import fsync_dir

PLACEHOLDERS = frozenset({"student_no", "name", "kind", "serial", "class_name"})
DEFAULT_PATTERN = "{student_no}_{name}_{kind}"
MAX_NAME_BYTES = 200  # ext4 allows 255 bytes, NTFS 255 UTF-16 units; room for ".pdf" and temp
FILE_MODE = 0o600  # student data: owner-only, like every file the archive writes
_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)} | {"\x7f"}
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}


def check_pattern(pattern: str) -> None:
    """Only the known placeholders, without format specs: OutputFileError(bad_pattern) else."""
    if not isinstance(pattern, str) or not pattern.strip() or len(pattern) > 200:
        raise OutputFileError(path=str(pattern)[:80], reason="bad_pattern")
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise OutputFileError(path=pattern[:80], reason="bad_pattern") from None
    for _, name, spec, conversion in parts:
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            raise OutputFileError(path=pattern[:80], reason="bad_pattern")


def safe_name(text: str) -> str:
    """A file name any of Windows, macOS and Linux accepts: no separators, no reserved
    characters or device names, no trailing dots or spaces, at most MAX_NAME_BYTES."""
    text = unicodedata.normalize("NFC", text)
    cleaned = "".join("_" if ch in _FORBIDDEN else ch for ch in text).strip().rstrip(". ")
    cleaned = cleaned.lstrip(".")  # no hidden files
    while len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        cleaned = cleaned[:-1]
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned


def file_names(pattern: str, values: Sequence[Mapping[str, str]]) -> list[str]:
    """One ``.pdf`` name per document; OutputFileError(bad_pattern) when a name comes out empty
    or two names are the same (compared as Windows and macOS do, ignoring case)."""
    check_pattern(pattern)
    names: list[str] = []
    seen: set[str] = set()
    for v in values:
        stem = safe_name(pattern.format_map({k: v.get(k, "") for k in PLACEHOLDERS}))
        if stem.lower().endswith(".pdf"):
            stem = stem[:-4].rstrip(". ")
        if not stem.strip("_- "):
            raise OutputFileError(path=pattern[:80], reason="bad_pattern")
        name = stem + ".pdf"
        key = name.casefold()
        if key in seen:
            raise OutputFileError(path=name, reason="bad_pattern")
        seen.add(key)
        names.append(name)
    return names


def os_reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return "disk_full"
    if exc.errno == errno.ENOENT:
        return "no_folder"
    if exc.errno == errno.EEXIST:
        return "exists"
    return "not_writable"


def check_destination(folder: Path, names: Sequence[str], *, overwrite: bool) -> None:
    """Before any work: the folder exists and is writable, no name is taken (unless overwrite)."""
    if not folder.is_dir():
        raise OutputFileError(path=str(folder), reason="no_folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputFileError(path=str(folder), reason="not_writable")
    for name in names:
        target = folder / name
        if target.is_dir():
            raise OutputFileError(path=str(target), reason="exists")
        if target.exists() and not overwrite:
            raise OutputFileError(path=str(target), reason="exists")


class Batch:
    """Temporary files of one call, renamed together by ``publish`` or all removed by
    ``discard``. Use as a context manager: leaving it without ``publish`` discards."""

    def __init__(self, *, overwrite: bool) -> None:
        self.overwrite = overwrite
        self._pending: list[tuple[Path, Path]] = []  # (temporary, final)
        self._published: list[Path] = []

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.discard()

    def add(self, target: Path, data: bytes) -> None:
        tmp = target.with_name(f".{secrets.token_hex(6)}.xueji-pdf.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         FILE_MODE)  # fmt: skip
        except OSError as exc:
            raise OutputFileError(path=str(target), reason=os_reason(exc)) from None
        self._pending.append((tmp, target))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise OutputFileError(path=str(target), reason=os_reason(exc)) from None

    def publish(self) -> list[Path]:
        """Rename every temporary file to its name. On a failure the ones already renamed are
        removed again (the caller's transaction then rolls back)."""
        folders: set[Path] = set()
        for tmp, target in self._pending:
            if not self.overwrite and target.exists():
                raise OutputFileError(path=str(target), reason="exists")
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputFileError(path=str(target), reason=os_reason(exc)) from None
            self._published.append(target)
            folders.add(target.parent)
        self._pending = [(t, f) for t, f in self._pending if f not in set(self._published)]
        for folder in folders:
            with contextlib.suppress(OSError):
                fsync_dir(folder)
        return list(self._published)

    def discard(self) -> None:
        for tmp, _ in self._pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for target in self._published:
            with contextlib.suppress(OSError):
                target.unlink()
        self._pending = []
        self._published = []
