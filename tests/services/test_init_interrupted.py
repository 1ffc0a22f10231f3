"""An `init` killed half-way leaves no half archive: the folder reads as "no archive yet" and a
new `init` there succeeds. A finished archive is never removed by `init`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, SCHOOL
from xueji_desktop.core.errors import ArchiveExists, ArchiveNotFound
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.archive import create_archive
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

# Each point is a function create_archive calls after archive.json ("creating") is on disk.
KILL_POINTS = [
    "xueji_desktop.storage.keyslots.save",
    "xueji_desktop.storage.migrations.migrate",
    "xueji_desktop.services.audit.record",
    "xueji_desktop.storage.throttle.ThrottleFile.save",
]


def _killed_init(root: Path, target: str) -> None:
    module, _, name = target.rpartition(".")
    script = textwrap.dedent(f"""
        import importlib, os, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path.cwd())!r})
        mod_name, attr = {module!r}, {name!r}
        try:
            owner = importlib.import_module(mod_name)
        except ModuleNotFoundError:
            pkg, _, cls = mod_name.rpartition(".")
            owner = getattr(importlib.import_module(pkg), cls)
        real = getattr(owner, attr)
        def dying(*a, **k):
            real(*a, **k)
            os._exit(9)
        setattr(owner, attr, dying)
        import xueji_desktop.services.archive as sa
        for n in dir(sa):
            if getattr(sa, n) is real:
                setattr(sa, n, dying)
        from xueji_desktop.storage.kdf import FAST_FOR_TESTS
        sa.create_archive(Path({str(root)!r}), school_name={SCHOOL!r}, admin={ADMIN!r},
                          password={ADMIN_PASSWORD!r}, kdf=FAST_FOR_TESTS, binding="none")
        os._exit(0)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr


@pytest.mark.parametrize("target", KILL_POINTS)
def test_interrupted_init_is_not_an_archive_and_can_be_redone(tmp_path: Path, target: str) -> None:
    root = tmp_path / "archive"
    _killed_init(root, target)
    assert (root / "archive.json").exists()
    with pytest.raises(ArchiveNotFound) as info:
        archive_service.login(root, ADMIN, ADMIN_PASSWORD)
    assert info.value.fields.get("reason") == "unfinished"
    created = create_archive(root, school_name=SCHOOL, admin=ADMIN, password=ADMIN_PASSWORD,
                             kdf=FAST_FOR_TESTS, binding="none")  # fmt: skip
    created.session.close()
    archive_service.login(root, ADMIN, ADMIN_PASSWORD).close()


def test_init_never_removes_a_finished_archive(make_archive) -> None:
    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    before = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    with pytest.raises(ArchiveExists):
        create_archive(root, school_name=SCHOOL, admin=ADMIN, password=ADMIN_PASSWORD,
                       kdf=FAST_FOR_TESTS, binding="none")  # fmt: skip
    after = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    assert after == before


def test_unfinished_leftovers_are_set_aside_not_deleted(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    _killed_init(root, "xueji_desktop.storage.migrations.migrate")
    leftovers = sorted(p.name for p in root.iterdir())
    create_archive(root, school_name=SCHOOL, admin=ADMIN, password=ADMIN_PASSWORD,
                   kdf=FAST_FOR_TESTS, binding="none").session.close()  # fmt: skip
    aside = [p for p in root.iterdir() if p.name.startswith(".abandoned-")]
    assert len(aside) == 1
    assert sorted(p.name for p in aside[0].iterdir()) == leftovers


def test_init_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    import os

    from xueji_desktop.core.errors import FolderNotEmpty

    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o1777)  # noqa: S103 - a shared folder, on purpose
    (folder / "someone-elses.txt").write_text("hello")
    with pytest.raises(FolderNotEmpty):
        create_archive(folder, school_name=SCHOOL, admin=ADMIN, password=ADMIN_PASSWORD,
                       kdf=FAST_FOR_TESTS, binding="none")  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == ["someone-elses.txt"]
    assert folder.stat().st_mode & 0o7777 == 0o1777  # never re-moded


def test_init_whose_code_cannot_be_shown_leaves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "archive"

    def broken_printer(code: str, meta: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        create_archive(root, school_name=SCHOOL, admin=ADMIN, password=ADMIN_PASSWORD,
                       kdf=FAST_FOR_TESTS, binding="none", deliver=broken_printer)  # fmt: skip
    assert not (root / "archive.json").exists()
    assert not (root / "xueji.db").exists()


def test_rotate_whose_code_cannot_be_shown_changes_nothing(make_archive) -> None:
    from xueji_desktop.services import recovery as recovery_service

    created = make_archive(binding="none")
    session = created.session
    root = session.archive.layout.root
    slots_before = (root / "keyslots.json").read_bytes()

    def broken_printer(code: str) -> None:
        raise OSError(32, "Broken pipe")

    with pytest.raises(OSError):
        recovery_service.rotate_recovery_code(session, admin_password=ADMIN_PASSWORD,
                                          kdf=FAST_FOR_TESTS, deliver=broken_printer)  # fmt: skip
    assert (root / "keyslots.json").read_bytes() == slots_before
    assert recovery_service.verify_recovery_code(session, created.recovery_code)


def test_slots_left_by_a_crash_after_a_password_change_are_pruned(make_archive) -> None:
    from xueji_desktop.services import users as user_service
    from xueji_desktop.storage import keyslots

    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    old_file = keyslots.load(root / "keyslots.json")
    user_service.change_own_password(
        created.session,
        current_password=ADMIN_PASSWORD,
        new_password="a-changed-passphrase",
        kdf=FAST_FOR_TESTS,
    )
    created.session.close()
    # the state a crash between the commit and the clean-up leaves: old and new slot on file
    new_file = keyslots.load(root / "keyslots.json")
    old_slot = next(s for s in old_file.slots if s.kind == "user")
    keyslots.save(root / "keyslots.json", new_file.with_slot(old_slot))
    assert len(keyslots.load(root / "keyslots.json").for_user(ADMIN)) == 2
    archive_service.login(root, ADMIN, "a-changed-passphrase").close()
    assert len(keyslots.load(root / "keyslots.json").for_user(ADMIN)) == 1
