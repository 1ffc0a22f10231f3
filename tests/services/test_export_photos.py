"""The photo export (issue 6 §3): ``<身份证件号>.jpg`` per student, audited, all or nothing.

Real demo archives (the fixtures of test_export_lists), real JPEG files read back with Pillow,
refusals that leave no file and no audit entry, and no temporary file anywhere.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.services.test_export_lists import _as, audit_rows, demo, empty_tempdir, state
from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OperationCancelled,
    OutputFileError,
    PermissionDenied,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import attachments
from xueji_desktop.services.archive import Created
from xueji_desktop.services.export_photos import export_photos

__all__ = ["demo", "empty_tempdir"]  # fixtures shared with test_export_lists


def test_photos_named_by_id_number(demo: Created, tmp_path: Path, empty_tempdir: Path) -> None:
    s = demo.session
    conn = s.archive.db.conn
    class_id = conn.execute(
        "SELECT class_group_id FROM students WHERE photo_blob IS NOT NULL "
        "GROUP BY class_group_id HAVING count(*) >= 2 ORDER BY class_group_id"
    ).fetchone()[0]
    expected = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT id_number, id FROM students WHERE class_group_id = ? AND voided = 0 "
            "AND photo_blob IS NOT NULL",
            (class_id,),
        )
    }
    folder = tmp_path / "照片"
    folder.mkdir()
    paths = export_photos(s, folder, class_id=class_id)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.jpg" for n in expected)
    assert sorted(paths) == sorted(folder.iterdir())
    for p in paths:
        with Image.open(p) as image:
            assert image.format == "JPEG" and image.size == (90, 126)
        assert p.stat().st_mode & 0o077 == 0
    # Each read audited as attachments.read_photo does, and one summary entry.
    read = conn.execute(
        "SELECT target_id, details FROM audit_log WHERE action = 'photo_read'"
    ).fetchall()
    assert sorted(int(r[0]) for r in read) == sorted(expected.values())
    [summary] = audit_rows(s, "photos_exported")
    assert summary["files"] == len(expected) and sorted(summary["student_ids"]) == sorted(
        expected.values()
    )
    assert list(empty_tempdir.iterdir()) == []
    # Again without overwrite: refused before anything is written or audited.
    before = state(s)
    with pytest.raises(OutputFileError):
        export_photos(s, folder, class_id=class_id)
    assert state(s) == before
    export_photos(s, folder, class_id=class_id, overwrite=True)


def test_photos_garbage_and_cancel(demo: Created, tmp_path: Path) -> None:
    s = demo.session
    folder = tmp_path / "照片"
    folder.mkdir()
    before = state(s)
    with pytest.raises(NotFound):
        export_photos(s, folder, class_id=9999)
    with pytest.raises(NotFound):
        export_photos(s, folder, student_ids=[9999])
    no_photo = s.archive.db.conn.execute(
        "SELECT id FROM students WHERE photo_blob IS NULL"
    ).fetchone()[0]
    with pytest.raises(NothingToExport):
        export_photos(s, folder, student_ids=[no_photo])
    with pytest.raises(OutputFileError):
        export_photos(s, tmp_path / "missing-folder")
    seen: list[int] = []
    with pytest.raises(OperationCancelled):
        export_photos(s, folder, progress=lambda d, t: seen.append(d),
                         cancelled=lambda: len(seen) > 1)  # fmt: skip
    assert list(folder.iterdir()) == [] and state(s) == before
    # all of them, the default
    assert len(export_photos(s, folder)) == 46


def test_png_photo_converted_to_jpeg(demo: Created, tmp_path: Path) -> None:
    """A stored PNG comes out as a JPEG of the same size (the national system takes JPEG)."""
    s = demo.session
    h = s.archive
    sid, blob = h.db.conn.execute(
        "SELECT id, photo_blob FROM students WHERE photo_blob IS NOT NULL ORDER BY id"
    ).fetchone()
    with Image.open(io.BytesIO(h.blobs().get(blob))) as image:
        png = io.BytesIO()
        image.save(png, "PNG")
        size = image.size
    attachments.set_photo(s, sid, png.getvalue())
    assert (
        h.blobs()
        .get(
            h.db.conn.execute("SELECT photo_blob FROM students WHERE id = ?", (sid,)).fetchone()[0]
        )
        .startswith(b"\x89PNG")
    )
    [path] = export_photos(s, tmp_path, student_ids=[sid])
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == size


def test_a_viewer_may_not_export_photos_an_admin_may(demo: Created, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    viewer = _as(demo, Role.VIEWER)
    try:
        before = state(viewer)
        with pytest.raises(PermissionDenied):
            export_photos(viewer, folder)
        assert list(folder.iterdir()) == [] and state(viewer) == before
    finally:
        viewer.close()
    admin = _as(demo, Role.ADMIN)
    try:
        assert export_photos(admin, folder)
    finally:
        admin.close()
