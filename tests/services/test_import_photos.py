"""Photos in bulk (issue 6 §1 and §6): a folder and a zip of images named by ID number or 学号,
matched, previewed, cropped to 13:16 and imported in one transaction; files that do not fit
are listed with their reason; a zip is read in memory with limits; cancelling writes nothing."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop.core.errors import (
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
    PermissionDenied,
    PhotoSourceUnreadable,
)
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.roles import Role
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import attachments, import_photos, students
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_photos import PhotoPlan, commit_photos, plan_photos
from xueji_desktop.storage.content_hash import content_hash


def _image(size: tuple[int, int], fmt: str = "JPEG", mode: str = "RGB", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 0).save(out, fmt, **save)
    return out.getvalue()


def _id_with_x() -> str:
    """A valid ID number whose check character is X (typed as x in the file name)."""
    for seq in range(1000):
        first17 = f"43050220100315{seq:03d}"
        if check_char(first17) == "X":
            return first17 + "X"
    raise AssertionError("no X")


def _hash(s: Session) -> str:
    return content_hash(s.archive.db.conn)


def _blob_files(s: Session) -> set[Path]:
    return {p for p in s.archive.layout.blobs.rglob("*") if p.is_file()}


class School:
    def __init__(self, s: Session) -> None:
        c1 = setup_structure(s)["c1"]
        self.a = insert_student(s, c1, name="赵一")
        self.b = insert_student(s, c1, name="钱二")
        self.x = insert_student(s, c1, name="孙三", id_number=_id_with_x())
        self.huge = insert_student(s, c1, name="李四")
        self.fake = insert_student(s, c1, name="周五")
        self.voided = insert_student(s, c1, name="吴六")
        students.void_student(s, self.voided, "录入错误")
        # two records a file name fits: one's 学号 is the other's ID number (a typing slip)
        self.twin = insert_student(s, c1, name="郑七")
        twin_id = self.field(s, self.twin, "id_number")
        insert_student(s, c1, name="王八", student_no=twin_id)

    @staticmethod
    def field(s: Session, sid: int, name: str) -> str:
        row = s.archive.db.conn.execute(
            f"SELECT {name} FROM students WHERE id = ?",  # noqa: S608 - test column names
            (sid,),
        ).fetchone()
        return str(row[0])

    def files(self, s: Session) -> dict[str, bytes]:
        """file name -> bytes: one case each (made once: the huge image takes a second)."""
        if not hasattr(self, "_files"):
            self._files = self._make_files(s)
        return self._files

    def _make_files(self, s: Session) -> dict[str, bytes]:
        idn, sno = self.field(s, self.a, "id_number"), self.field(s, self.b, "student_no")
        return {
            f"{idn}.jpg": _image((100, 100)),  # A again, under its ID number
            f"二班/{sno}.PNG": _image((200, 400), "PNG", "RGBA"),  # subfolder, upper-case suffix
            f"{self.field(s, self.x, 'id_number').lower()}.jpeg": _image((300, 300)),
            f"{self.field(s, self.a, 'student_no')}.png": _image((400, 300), "PNG"),  # landscape
            f"{self.field(s, self.huge, 'id_number')}.png": _image((9000, 9000), "PNG", "1"),
            f"{self.field(s, self.fake, 'id_number')}.jpg": b"not a photo at all, only text",
            f"{self.field(s, self.voided, 'id_number')}.jpg": _image((50, 60)),
            f"{self.field(s, self.twin, 'id_number')}.jpg": _image((50, 60)),
            "张三.jpg": _image((50, 60)),
            "名单.xlsx": b"PK\x03\x04 not an image",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",  # what a Mac adds: not even listed
        }

    def expected(self, s: Session) -> tuple[set[int], dict[str, str]]:
        """The students matched and the reason of every file not imported. A's 学号 file
        ("2025…") comes before its ID-number file ("4305…"): the later one is the duplicate."""
        names = list(self.files(s))
        reasons = ["duplicate", None, None, None, "too_large", "not_an_image", "no_student",
                   "ambiguous", "no_student", "not_an_image", None]  # fmt: skip
        return {self.a, self.b, self.x}, {n: r for n, r in zip(names, reasons, strict=True) if r}


@pytest.fixture
def s(archive: Created) -> Session:
    return archive.session


@pytest.fixture
def school(s: Session) -> School:
    return School(s)


def _folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _zip_file(path: Path, files: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def _check_plan(plan: PhotoPlan, s: Session, school: School) -> None:
    matched, reasons = school.expected(s)
    assert {m.student_id for m in plan.matched} == matched
    assert {m.file_name: m.reason for m in plan.unmatched} == reasons
    label = next(m.label for m in plan.matched if m.student_id == school.a)
    assert label.startswith("赵一（")


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_a_folder_or_zip_is_matched_previewed_and_imported_in_one_go(
    s: Session, school: School, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = school.files(s)
    source = (
        _folder(tmp_path / "照片", files)
        if kind == "folder"
        else _zip_file(tmp_path / "照片.zip", files)
    )
    before = _hash(s)
    plan = plan_photos(s, source)
    assert _hash(s) == before  # the preview changes nothing
    _check_plan(plan, s, school)
    empty = tmp_path / "tmp"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))
    seen: list[tuple[int, int]] = []
    result = commit_photos(s, source, plan, progress=lambda d, t: seen.append((d, t)))
    assert list(empty.iterdir()) == []  # no plaintext copy of a photo anywhere
    assert (result.added, result.updated, result.skipped) == (3, 0, 7)
    assert set(result.ids) == {school.a, school.b, school.x}
    assert seen[-1][0] == seen[-1][1]
    for sid in result.ids:
        with Image.open(io.BytesIO(attachments.read_photo(s, sid) or b"")) as im:
            assert im.format == "JPEG"
            assert abs(im.width / im.height - 13 / 16) < 0.01
            assert not im.getexif()
    with Image.open(io.BytesIO(attachments.read_photo(s, school.a) or b"")) as im:
        assert im.size == (243, 300)  # 400 × 300 cut to the middle 243 × 300
    actions = [r[0] for r in s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert actions.count("photo_set") == 3 and actions.count("photos_imported") == 1
    # a second run replaces the photos, still in one transaction
    again = plan_photos(s, source)
    assert all(m.replaces for m in again.matched)
    assert commit_photos(s, source, again).updated == 3


def test_phone_photos_are_turned_upright_and_lose_their_exif(
    s: Session, school: School, tmp_path: Path
) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° to show
    exif[0x010F] = "PhoneMaker"
    idn = school.field(s, school.a, "id_number")
    source = _folder(tmp_path / "p", {f"{idn}.jpg": _image((400, 300), exif=exif.tobytes())})
    commit_photos(s, source, plan_photos(s, source))
    with Image.open(io.BytesIO(attachments.read_photo(s, school.a) or b"")) as im:
        assert im.size == (300, 369)  # upright 300 × 400, cut to 13:16
        assert not im.getexif()


def test_a_zip_with_unsafe_names_and_a_bomb_is_read_safely(
    s: Session, school: School, tmp_path: Path
) -> None:
    idn = school.field(s, school.a, "id_number")
    sno = school.field(s, school.b, "student_no")
    bomb = b"\xff\xd8\xff" + bytes(import_photos.MAX_FILE_BYTES + 10)  # 20 MB that zips to KBs
    source = _zip_file(
        tmp_path / "z.zip",
        {
            f"../../{idn}.jpg": _image((60, 60)),
            f"/etc/{idn}.jpg": _image((60, 60)),
            f"C:\\\\photos\\\\{idn}.jpg": _image((60, 60)),
            f"{sno}.jpg": bomb,
            "__MACOSX/._x.jpg": b"junk",
        },
    )
    assert source.stat().st_size < 200_000
    plan = plan_photos(s, source)
    assert plan.matched == ()
    assert sorted(m.reason for m in plan.unmatched) == [
        "too_large", "unsafe_name", "unsafe_name", "unsafe_name"
    ]  # fmt: skip
    with pytest.raises(NothingToImport):
        commit_photos(s, source, plan)
    assert "压缩包" in problem_text(plan.unmatched[0].problem(), "zh") or any(
        "太大" in problem_text(m.problem(), "zh") for m in plan.unmatched
    )


def test_sources_that_cannot_be_read(
    s: Session, school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def reason(path: Path) -> object:
        with pytest.raises(PhotoSourceUnreadable) as err:
            plan_photos(s, path)
        return err.value.fields["reason"]

    assert reason(tmp_path / "nowhere") == "missing"
    text = tmp_path / "photos.zip"
    text.write_text("姓名,身份证号\n", encoding="utf-8")
    assert reason(text) == "not_zip"
    only_text = _folder(tmp_path / "docs", {"说明.txt": b"hello", "a/b.docx": b"PK"})
    assert reason(only_text) == "no_images"
    idn = school.field(s, school.a, "id_number")
    big = _zip_file(tmp_path / "big.zip", {f"{idn}.jpg": _image((600, 600))})
    monkeypatch.setattr(import_photos, "MAX_SOURCE_BYTES", 100)
    assert reason(big) == "too_big"


def test_cancel_while_storing_writes_nothing(s: Session, school: School, tmp_path: Path) -> None:
    source = _folder(tmp_path / "照片", school.files(s))
    plan = plan_photos(s, source)
    before, blobs_before = _hash(s), _blob_files(s)
    calls: list[int] = []
    scan = len(school.files(s)) - 1  # every file but .DS_Store is looked at once

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > scan + 1  # after the scan, at the second photo stored

    with pytest.raises(OperationCancelled):
        commit_photos(s, source, plan, cancelled=cancelled)
    assert len(calls) == scan + 2  # stopped while storing, two photos in
    assert _hash(s) == before
    assert _blob_files(s) == blobs_before  # the blobs of the first photo were removed again
    assert attachments.read_photo(s, school.a) is None


def test_a_change_after_the_preview_makes_it_outdated(
    s: Session, school: School, tmp_path: Path
) -> None:
    source = _folder(tmp_path / "照片", school.files(s))
    plan = plan_photos(s, source)
    students.void_student(s, school.b, "重复录入")
    before = _hash(s)
    with pytest.raises(ImportOutdated):
        commit_photos(s, source, plan)
    assert _hash(s) == before
    (source / "张三.jpg").unlink()  # files changed too
    with pytest.raises(ImportOutdated):
        commit_photos(s, source, plan)


def test_only_clerks_import_photos(s: Session, school: School, tmp_path: Path) -> None:
    add_account(s, "viewer1", "viewer-passphrase-1", [Role.VIEWER])
    source = _folder(tmp_path / "照片", school.files(s))
    viewer = login(s.archive.layout.root, "viewer1", "viewer-passphrase-1")
    try:
        with pytest.raises(PermissionDenied):
            plan_photos(viewer, source)
        with pytest.raises(PermissionDenied):
            commit_photos(viewer, source, PhotoPlan(str(source), (), ()))
    finally:
        viewer.close()
