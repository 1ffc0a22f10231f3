"""Photos in bulk (issue 6 §1): a folder or a .zip of images named by ID number or 学号.

Each file is matched to a student by its name without the extension (``110101200801011234.jpg``,
``2024010101.PNG``; subfolders too), checked, previewed, and imported in one transaction with
the list of what did not match. Every photo is cut to the ID-photo shape by a centre crop and
stored as JPEG without its metadata (a phone photo's EXIF holds the place it was taken; its
orientation is applied first).

The shape: the reference notes (domain.md, reliability.md, peers.md) give no national 学籍 photo
specification, so the common ID-photo size 26 mm × 32 mm is used: width:height = 13:16 (which is
also the 358 × 441 px often asked for). Photos taller than 640 px are scaled down to 520 × 640.

A zip is never extracted to disk: members are read into memory one at a time, with limits per
member and in total (a zip bomb), names holding ".." or an absolute path are refused unread, and
a member that is no image (whatever its name) is listed, not imported. Nothing here writes a
temporary file.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, NamedTuple

from xueji_desktop.core.errors import (
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
    PhotoSourceUnreadable,
)
from xueji_desktop.core.normalize import fold_upper
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import attachments, audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import ImportResult
from xueji_desktop.storage.connection import Connection

__all__ = ["PHOTO_RATIO", "PhotoMatch", "PhotoMiss", "PhotoPlan", "commit_photos", "plan_photos"]

PHOTO_RATIO = (13, 16)  # width : height of a 26 mm × 32 mm ID photo
MAX_HEIGHT = 640
MAX_FILE_BYTES = attachments.MAX_BYTES  # one photo (20 MB)
MAX_PIXELS = 40_000_000  # 8000 × 5000; more is no portrait, and decoding it costs ~120 MB
MAX_SOURCE_BYTES = 2 * 1024**3  # all members of a zip together, uncompressed
MAX_MEMBERS = 20_000
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp"})
_FORMATS = frozenset({"JPEG", "PNG", "BMP", "MPO"})  # MPO: a phone's JPEG with a depth frame
_SKIPPED = ("__MACOSX/", "Thumbs.db", "desktop.ini")  # what file managers add; never listed
REASONS = ("no_student", "not_an_image", "ambiguous", "too_large", "duplicate", "unsafe_name",
           "unreadable")  # fmt: skip

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


class PhotoMatch(NamedTuple):
    """A file and the student it is the photo of; ``replaces``: the student has a photo."""

    student_id: int
    file_name: str
    label: str
    replaces: bool = False


class PhotoMiss(NamedTuple):
    """A file not imported and why (one of REASONS); ``detail`` names the first file for a
    duplicate."""

    file_name: str
    reason: str
    detail: str = ""

    def problem(self) -> Problem:
        code = f"photo_{self.reason}"  # RECONCILE_PROBLEMS has a sentence for each reason
        params = {"max_mb": str(MAX_FILE_BYTES // 1024**2), "first": self.detail}
        return Problem("", code, "error", params)


@dataclass(frozen=True, slots=True)
class PhotoPlan:
    source: str
    matched: tuple[PhotoMatch, ...]
    unmatched: tuple[PhotoMiss, ...]


def plan_photos(
    session: Session, source: Path, *, progress: Progress = None, cancelled: Cancelled = None
) -> PhotoPlan:
    """Match and check every file of the folder or zip; writes nothing."""
    session.require(Permission.WRITE_RECORDS)
    conn = session.archive.db.conn
    keys, _ = _students(conn)
    return _match(Path(source), _scan(Path(source), keys, progress, cancelled, None), conn)


def commit_photos(
    session: Session,
    source: Path,
    plan: PhotoPlan,
    *,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> ImportResult:
    """Crop and store the matched photos in one transaction (ImportOutdated when the files or
    the archive no longer give ``plan``; OperationCancelled leaves the archive as it was)."""
    session.require(Permission.WRITE_RECORDS)
    h = session.archive
    source = Path(source)
    if not plan.matched:
        raise NothingToImport(reason="no_photos")
    writes = len(plan.matched)

    def scanning(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total + writes)

    # Files are read and cropped before the write lock is taken; the students are matched
    # again under it, so the transaction holds no file work.
    photos: dict[str, bytes] = {}
    verdicts = _scan(source, _students(h.db.conn)[0], scanning, cancelled, photos)
    files = len(verdicts)
    blobs = h.blobs()
    created: list[Path] = []
    try:
        with h.db.atomic() as conn:
            if _match(source, verdicts, conn) != plan:
                raise ImportOutdated()
            for done, match in enumerate(plan.matched, start=1):
                jpeg = photos[match.file_name]
                path = blobs.path_for(blobs.name_for(jpeg))
                new = not path.exists()
                attachments.set_photo(session, match.student_id, jpeg)  # a savepoint of this tx
                if new:
                    created.append(path)
                _tick(files + done, files + writes, progress, cancelled)
            counts = {"photos": writes, "unmatched": len(plan.unmatched)}
            audit.record(h, session.username, "photos_imported", details=counts)
    except BaseException:
        for path in created:  # blob files are written before the commit; none may outlive it
            path.unlink(missing_ok=True)
        raise
    replaced = sum(1 for m in plan.matched if m.replaces)
    ids = tuple(sorted(m.student_id for m in plan.matched))
    return ImportResult(len(ids) - replaced, replaced, len(plan.unmatched), ids)


def _tick(done: int, total: int, progress: Progress, cancelled: Cancelled) -> None:
    if cancelled is not None and cancelled():
        raise OperationCancelled()
    if progress is not None:
        progress(done, total)


# -- reading the source -----------------------------------------------------------------------


class _Entry(NamedTuple):
    name: str  # as shown: the path inside the folder or zip, with "/"
    size: int  # as the file system or the zip says (a zip may lie: reads are limited too)
    read: Callable[[], bytes]


def _source_error(reason: str, source: Path) -> PhotoSourceUnreadable:
    return PhotoSourceUnreadable(reason=reason, path=str(source))


@contextmanager
def _entries(source: Path) -> Iterator[list[_Entry]]:
    """The files of the folder or zip (the zip stays open while they are read)."""
    archive: zipfile.ZipFile | None = None
    try:
        if not source.exists():
            raise _source_error("missing", source)
        if source.is_dir():
            entries = list(_folder(source))
        elif zipfile.is_zipfile(source):
            archive = _zip(source)
        else:
            raise _source_error("not_zip", source)
    except OSError:
        raise _source_error("unreadable", source) from None
    if archive is None:
        if len(entries) > MAX_MEMBERS:
            raise _source_error("too_big", source)
        yield entries
        return
    with archive:
        yield _members(source, archive)


def _folder(root: Path) -> Iterator[_Entry]:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not _skipped(rel):
            yield _Entry(rel, path.stat().st_size, partial(_open_limited, path))


def _zip(source: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _source_error("not_zip", source) from None


def _members(source: Path, archive: zipfile.ZipFile) -> list[_Entry]:
    infos = [i for i in archive.infolist() if not i.is_dir() and not _skipped(i.filename)]
    infos.sort(key=lambda i: i.filename)  # the order a folder is read in
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_SOURCE_BYTES:
        raise _source_error("too_big", source)
    return [_Entry(i.filename, i.file_size, partial(_member, archive, i)) for i in infos]


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # The declared size was checked; the stream is cut at the limit whatever it holds.
    return _read_limited(archive.open(info))


def _open_limited(path: Path) -> bytes:
    return _read_limited(path.open("rb"))


def _read_limited(stream: IO[bytes]) -> bytes:
    with stream:
        return stream.read(MAX_FILE_BYTES + 1)


def _skipped(name: str) -> bool:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith(_SKIPPED[0]) or base in _SKIPPED or base.startswith(".")


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]


def _stem(name: str) -> tuple[str, str]:
    path = PurePosixPath(name.replace("\\", "/"))
    return fold_upper(path.stem), path.suffix.lower()


# -- checking and cropping ------------------------------------------------------------------------


def _image_trouble(data: bytes) -> str | None:
    """None for a readable photo; else the reason it is not imported."""
    from PIL import Image

    if len(data) > MAX_FILE_BYTES:
        return "too_large"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                if im.format not in _FORMATS:
                    return "not_an_image"
                if im.width * im.height > MAX_PIXELS:
                    return "too_large"
                im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))  # fast check
                im.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "too_large"
    except (OSError, ValueError, SyntaxError):  # UnidentifiedImageError is an OSError
        return "not_an_image"  # not an image, or a truncated / damaged one
    return None


def _id_photo(data: bytes) -> bytes:
    """The photo cut to 13:16 around its centre, at most 640 px high, as a JPEG without EXIF."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as original:
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale when that still leaves 520 × 640 px: a
        # camera's photo decodes several times faster and the crop keeps its output size.
        original.draft("RGB", (MAX_HEIGHT * PHOTO_RATIO[0] // PHOTO_RATIO[1], MAX_HEIGHT))
        im = ImageOps.exif_transpose(original)
    w, h = im.size
    rw, rh = PHOTO_RATIO
    if w * rh > h * rw:  # too wide: keep the full height
        cw, ch = max(1, h * rw // rh), h
    else:
        cw, ch = w, max(1, w * rh // rw)
    left, top = (w - cw) // 2, (h - ch) // 2
    im = im.crop((left, top, left + cw, top + ch))
    if ch > MAX_HEIGHT:
        size = (MAX_HEIGHT * rw // rh, MAX_HEIGHT)
        im = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        im = Image.new("RGB", rgba.size, "white")
        im.paste(rgba, mask=rgba.getchannel("A"))  # a transparent background becomes white
    out = io.BytesIO()
    im.convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


# -- matching -----------------------------------------------------------------------------------


def _students(conn: Connection) -> tuple[dict[str, set[int]], dict[int, tuple[str, bool]]]:
    """file stem -> students it names (ID number or 学号), and id -> (label, has a photo)."""
    keys: dict[str, set[int]] = {}
    about: dict[int, tuple[str, bool]] = {}
    for sid, name, number, idn, photo in conn.execute(
        "SELECT id, name, student_no, id_number, photo_blob FROM students WHERE voided = 0"
    ):
        about[int(sid)] = (f"{name}（{number}）" if number else str(name), photo is not None)
        for key in (idn, number):
            if key:
                keys.setdefault(fold_upper(str(key)), set()).add(int(sid))
    return keys, about


# A file's own verdict: a reason, "" for a good photo, None for a file left unread because its
# name matched no student when it was scanned.
Verdicts = dict[str, str | None]


def _scan(
    source: Path, keys: dict[str, set[int]], progress: Progress, cancelled: Cancelled,
    crop: dict[str, bytes] | None,
) -> Verdicts:  # fmt: skip
    """Judge every file of the source; with ``crop``, keep the ID photo of each good one."""
    with _entries(source) as entries:
        if not any(_stem(e.name)[1] in IMAGE_SUFFIXES for e in entries):
            raise _source_error("no_images", source)
        verdicts: Verdicts = {}
        for index, entry in enumerate(entries):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(index, len(entries))
            stem, suffix = _stem(entry.name)
            if _unsafe(entry.name):
                verdicts[entry.name] = "unsafe_name"
            elif suffix not in IMAGE_SUFFIXES:
                verdicts[entry.name] = "not_an_image"
            elif stem not in keys:
                verdicts[entry.name] = None
            elif entry.size > MAX_FILE_BYTES:
                verdicts[entry.name] = "too_large"
            else:
                try:
                    data = entry.read()
                except (OSError, RuntimeError, zipfile.BadZipFile, zlib.error, EOFError,
                        NotImplementedError):  # fmt: skip
                    verdicts[entry.name] = "unreadable"  # encrypted or damaged member
                    continue
                verdicts[entry.name] = _image_trouble(data) or ""
                if crop is not None and verdicts[entry.name] == "":
                    crop[entry.name] = _id_photo(data)
        if progress is not None:
            progress(len(entries), len(entries))
    return verdicts


def _match(source: Path, verdicts: Verdicts, conn: Connection) -> PhotoPlan:
    """The plan from the files' verdicts and the archive's students as they are now."""
    keys, about = _students(conn)
    matched: list[PhotoMatch] = []
    missed: list[PhotoMiss] = []
    first: dict[int, str] = {}
    for name, verdict in verdicts.items():
        found = keys.get(_stem(name)[0], set())
        if verdict in ("unsafe_name", "not_an_image"):
            missed.append(PhotoMiss(name, str(verdict)))
        elif len(found) != 1:
            missed.append(PhotoMiss(name, "ambiguous" if found else "no_student"))
        elif verdict:
            missed.append(PhotoMiss(name, verdict))
        else:
            (sid,) = found
            if verdict is None:  # names a student now, but was not read: the plan is stale
                matched.append(PhotoMatch(sid, name, "", False))
            elif sid in first:
                missed.append(PhotoMiss(name, "duplicate", first[sid]))
            else:
                first[sid] = name
                matched.append(PhotoMatch(sid, name, *about[sid]))
    return PhotoPlan(str(source), tuple(matched), tuple(missed))
