"""An older program refuses what a newer one wrote, says so plainly and changes nothing (issue 10
§2, docs/design/upgrades.md).

Each "newer" file is fabricated on a real archive: the database's ``PRAGMA user_version`` set to
latest+1 through the real connection, ``archive.json``'s version bumped, a real backup's manifest
and drive identity bumped, a real student record package's header and manifest bumped. Each is
checked through the service, the ``xueji`` command (exit status and sentence), the desktop login
dialog where a clerk meets it, and a hash of every file before and after.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop import __version__, cli
from xueji_desktop.core.errors import (
    ArchiveDamaged,
    ArchiveTooNew,
    BackupTooNew,
    PackageUnreadable,
    XuejiError,
)
from xueji_desktop.messages import message_for, message_key
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage import migrations
from xueji_desktop.storage.backup_format import (
    DRIVE_VERSION,
    MANIFEST_NAME,
    MANIFEST_VERSION,
    DriveLayout,
    parse_manifest,
    read_identity,
)
from xueji_desktop.storage.blobs import _HEADER, BlobStore
from xueji_desktop.storage.layout import META_VERSION, ArchiveLayout, read_meta

LATEST = migrations.latest_version()


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (names and SHA-256): what "unchanged" means here."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE", "XUEJI_BACKUP_SEARCH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "zh")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)
    yield
    os.umask(mask)


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capfd: pytest.CaptureFixture[str]) -> Run:
    def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        capfd.readouterr()
        rc = cli.main(list(argv), stdin=io.StringIO(stdin))
        out, err = capfd.readouterr()
        return rc, out, err

    return _run


def newer_schema(created: Created) -> Path:
    """The archive as a newer program leaves it after a migration this one does not know."""
    h = created.session.archive
    h.db.conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    created.session.close()
    return h.layout.root


def newer_archive_file(created: Created) -> Path:
    """archive.json of a newer format (the database untouched)."""
    root = created.session.archive.layout.root
    created.session.close()
    meta = ArchiveLayout(root).meta
    doc = json.loads(meta.read_text("utf-8"))
    doc["version"] = META_VERSION + 1
    meta.write_text(json.dumps(doc, indent=1) + "\n", "utf-8")
    return root


NEWER: dict[str, Callable[[Created], Path]] = {
    "schema": newer_schema,
    "archive_file": newer_archive_file,
}


def _expected(case: str) -> ArchiveTooNew:
    if case == "schema":
        return ArchiveTooNew(archive_schema=LATEST + 1, app_schema=LATEST)
    return ArchiveTooNew(
        reason="archive_file", found_version=META_VERSION + 1, supported_version=META_VERSION
    )


def _says_newer(error: XuejiError, found: int, supported: int) -> None:
    """The sentence names both versions and the program's, in zh and en, and never "damaged"."""
    zh, en = message_for(error, "zh"), message_for(error, "en")
    assert "更新版本" in zh and "没有" in zh  # nothing was changed (or added)
    assert "newer version" in en
    for text in (zh, en):
        assert str(found) in text and str(supported) in text and __version__ in text
    assert "已损坏" not in zh and "is damaged" not in en
    assert "damaged" not in message_key(error)


@pytest.mark.parametrize("case", list(NEWER))
def test_a_newer_archive_is_refused_by_every_door_and_left_unchanged(
    case: str, make_archive: Callable[..., Created], run: Run
) -> None:
    root = NEWER[case](make_archive(binding="none"))
    before = snapshot(root)
    expected = _expected(case)

    with pytest.raises(ArchiveTooNew) as info:
        login(root, ADMIN, ADMIN_PASSWORD)
    assert info.value.fields == expected.fields
    assert message_key(info.value) == message_key(expected)
    found = LATEST + 1 if case == "schema" else META_VERSION + 1
    supported = LATEST if case == "schema" else META_VERSION
    _says_newer(info.value, found, supported)

    # The command line: `check` (looks before writing) and a command that logs in.
    for argv in (["check"], ["student", "list"], ["check", "--json"]):
        rc, out, err = run("--archive", str(root), "--user", ADMIN, *argv,
                           stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
        assert rc == 1, (argv, out, err)
        assert message_for(expected, "zh") in err, err
        assert "Traceback" not in err and "损坏" not in err.replace("没有损坏", "")

    assert snapshot(root) == before
    assert not ArchiveLayout(root).pre_migration.exists()


@pytest.mark.parametrize("case", list(NEWER))
def test_the_login_dialog_shows_the_newer_version_sentence(
    case: str, make_archive: Callable[..., Created], qtbot: QtBot
) -> None:
    from xueji_desktop.ui import i18n
    from xueji_desktop.ui.login import LoginDialog
    from xueji_desktop.ui.worker import SessionWorker

    root = NEWER[case](make_archive(binding="none"))
    before = snapshot(root)
    worker = SessionWorker()
    try:
        dialog = LoginDialog(root, worker)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.user_edit.setText(ADMIN)
        dialog.password_edit.setText(ADMIN_PASSWORD)
        with qtbot.waitSignal(dialog.loginFailed, timeout=20_000) as blocker:
            dialog.login_button.click()
        shown = dialog.error_line.text()
        assert blocker.args == [shown]
        assert shown == message_for(_expected(case), i18n.language())  # the UI's language
        assert ("更新版本" in shown or "newer version" in shown) and __version__ in shown
        assert dialog.isVisible() and dialog.logged_in is None
    finally:
        worker.wait()
        qtbot.wait(1)
    assert snapshot(root) == before


def test_the_app_start_reads_archive_json_and_refuses_a_newer_one(
    make_archive: Callable[..., Created],
) -> None:
    # ui/app.py reads archive.json before any window: it gets the same error and sentence.
    root = newer_archive_file(make_archive(binding="none"))
    with pytest.raises(ArchiveTooNew) as info:
        read_meta(ArchiveLayout(root))
    assert info.value.fields["reason"] == "archive_file"


def test_an_unknown_archive_json_version_is_still_damage(
    make_archive: Callable[..., Created],
) -> None:
    # Only a higher whole number means "newer": 0, "2" or null is not something we write.
    from xueji_desktop.core.errors import KeyFileDamaged

    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    meta = ArchiveLayout(root).meta
    good = json.loads(meta.read_text("utf-8"))
    for version in (0, "2", None, 1.5, True):
        meta.write_text(json.dumps({**good, "version": version}), "utf-8")
        with pytest.raises(KeyFileDamaged) as info:
            read_meta(ArchiveLayout(root))
        # Named as the archive's description file, not as the sign-in file (keyslots.json).
        assert "说明文件" in message_for(info.value, "zh")
        assert "description file" in message_for(info.value, "en")


# -- backups ----------------------------------------------------------------------------------


def _backed(make_archive: Callable[..., Created], tmp_path: Path) -> Any:
    from tests.services.backup_fixture import back_up, fill

    created = make_archive("live", binding="none")
    fill(created.session)
    return back_up(created, tmp_path / "drive")


def test_a_backup_of_a_newer_format_is_refused_as_such(
    make_archive: Callable[..., Created], tmp_path: Path, run: Run
) -> None:
    from xueji_desktop.services.backup_verify import verify_backup

    backed = _backed(make_archive, tmp_path)
    path = backed.folder / MANIFEST_NAME
    doc = json.loads(path.read_bytes())
    doc["version"] = MANIFEST_VERSION + 1
    doc["app_version"] = "0.9.0"
    path.write_bytes(json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n")
    before = snapshot(backed.drive)

    h = backed.session.archive
    with pytest.raises(BackupTooNew) as info:
        verify_backup(backed.layout, backed.info.backup_id, h.keys, h.archive_id, deep=True)
    assert info.value.fields == {
        "reason": "manifest", "found_version": MANIFEST_VERSION + 1,
        "supported_version": MANIFEST_VERSION, "made_with": "0.9.0",
    }  # fmt: skip
    _says_newer(info.value, MANIFEST_VERSION + 1, MANIFEST_VERSION)
    assert "0.9.0" in message_for(info.value, "zh")
    backed.session.close()

    # A restore from it, through the command, is refused before anything is written.
    target = tmp_path / "restored"
    stdin = backed.code + "\nNew-Admin-Password-77\n"
    rc, out, err = run("restore", str(backed.folder), "--to", str(target),
                       "--recovery-code-stdin", stdin=stdin)  # fmt: skip
    assert rc == 1, (out, err)
    assert message_for(info.value, "zh") in err
    assert not (target / "archive.json").exists()
    assert snapshot(backed.drive) == before

    # No maker's version (or not a plain one): the sentence says "the latest version".
    doc["app_version"] = "x" * 500
    raw = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    with pytest.raises(BackupTooNew) as info:
        parse_manifest(raw)
    assert info.value.fields["reason"] == "format" and "made_with" not in info.value.fields
    _says_newer(info.value, MANIFEST_VERSION + 1, MANIFEST_VERSION)


def test_a_drive_enrolled_by_a_newer_version_is_refused_and_never_re_enrolled(
    make_archive: Callable[..., Created], tmp_path: Path
) -> None:
    from xueji_desktop.services.backup import make_backup
    from xueji_desktop.services.backup_drives import enroll_drive

    backed = _backed(make_archive, tmp_path)
    identity = DriveLayout(backed.drive).identity
    doc = json.loads(identity.read_bytes())
    doc["version"] = DRIVE_VERSION + 1
    identity.write_text(json.dumps(doc, indent=1) + "\n", "ascii")
    before = snapshot(backed.drive)
    with pytest.raises(BackupTooNew) as info:
        read_identity(DriveLayout(backed.drive))
    assert info.value.fields["reason"] == "drive"
    _says_newer(info.value, DRIVE_VERSION + 1, DRIVE_VERSION)
    # Neither a backup nor an enrolment (which replaces a damaged mark) touches the drive.
    with pytest.raises(BackupTooNew):
        make_backup(backed.session, backed.drive)
    with pytest.raises(BackupTooNew):
        enroll_drive(backed.session, backed.drive, label="again")
    assert snapshot(backed.drive) == before


# -- student record packages ------------------------------------------------------------------


def test_a_package_of_a_newer_format_is_refused_as_such(
    make_archive: Callable[..., Created], tmp_path: Path
) -> None:
    from tests.services.test_transfer import export
    from tests.services.test_transfer_refusals import _repack, refused
    from tests.services.transfer_fixtures import make_pair
    from xueji_desktop.services import transfer_keys

    pair = make_pair(make_archive)
    made = export(pair, tmp_path)
    header_bumped = tmp_path / "header.xjpkg"
    raw = bytearray(made.path.read_bytes())
    raw[4] = 2  # the header's version byte
    header_bumped.write_bytes(bytes(raw))
    error = refused(pair, header_bumped, PackageUnreadable)
    assert isinstance(error, PackageUnreadable)
    assert error.fields == {"reason": "unsupported_version", "found_version": 2,
                            "supported_version": 1}  # fmt: skip
    _says_newer(error, 2, 1)

    # A newer manifest inside a package whose encryption and signature hold.
    key = transfer_keys.signing_key(pair.sender.session.archive)
    inner = tmp_path / "manifest.xjpkg"

    def bump(manifest: bytes) -> bytes:
        doc = json.loads(manifest)
        doc["version"] = 2
        return json.dumps(doc, ensure_ascii=False).encode()

    _repack(pair, made.path, inner, sign=key.sign, edit=bump)
    error = refused(pair, inner, PackageUnreadable)
    assert isinstance(error, PackageUnreadable)
    assert error.fields["reason"] == "unsupported_version" and error.fields["found_version"] == 2


# -- blobs and key slots ----------------------------------------------------------------------


def test_a_scan_file_of_a_newer_format_names_both_causes(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", os.urandom(32))
    name = store.put(b"%PDF-1.7 scan")
    path = store.path_for(name)
    raw = bytearray(path.read_bytes())
    raw[4] = 2
    path.write_bytes(bytes(raw))
    with pytest.raises(ArchiveDamaged) as info:
        store.get(name)
    assert info.value.fields["reason"] == "blob_version"
    zh, en = message_for(info.value, "zh"), message_for(info.value, "en")
    assert "更新版本" in zh and "损坏" in zh and "2" in zh and __version__ in zh
    assert "newer" in en and "damaged" in en
    assert _HEADER.size == 16


def test_a_newer_key_slot_file_is_refused_as_newer(make_archive: Callable[..., Created]) -> None:
    from xueji_desktop.storage import keyslots

    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    path = ArchiveLayout(root).keyslots
    doc = json.loads(path.read_bytes())
    doc["version"] = keyslots.VERSION + 1
    path.write_text(json.dumps(doc, indent=1) + "\n", "ascii")
    before = snapshot(root)
    with pytest.raises(ArchiveTooNew) as info:
        login(root, ADMIN, ADMIN_PASSWORD)
    assert info.value.fields["reason"] == "key_file"
    _says_newer(info.value, keyslots.VERSION + 1, keyslots.VERSION)
    assert snapshot(root) == before


def test_a_backup_of_a_newer_schema_is_not_restored_by_an_older_program(
    make_archive: Callable[..., Created], tmp_path: Path
) -> None:
    """A newer program's backup (same manifest format, newer database schema): the restore
    refuses it as too new, removes what it began, and leaves the drive as it was."""
    from tests.services.backup_fixture import back_up, fill
    from xueji_desktop.services.restore import restore_to_folder
    from xueji_desktop.storage.kdf import FAST_FOR_TESTS

    created = make_archive("live", binding="none")
    fill(created.session)
    created.session.archive.db.conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    backed = back_up(created, tmp_path / "drive")
    created.session.close()
    before = snapshot(backed.drive)
    target = tmp_path / "restored"
    with pytest.raises(ArchiveTooNew) as info:
        restore_to_folder(backed.folder, target, backed.code, admin=ADMIN,
                          new_password="Restored-Lighthouse-31", kdf=FAST_FOR_TESTS)  # fmt: skip
    assert info.value.fields == {"archive_schema": LATEST + 1, "app_schema": LATEST}
    assert not target.exists() or not any(target.iterdir())
    assert snapshot(backed.drive) == before
