"""One running application per archive: the lock file decides, the local socket raises the first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.archive import Created
from xueji_desktop.storage.layout import ArchiveLayout
from xueji_desktop.ui.single_instance import InstanceGuard, server_name


def _root(make_archive: Callable[..., Created], name: str = "archive") -> Path:
    created = make_archive(name)
    created.session.close()
    return created.session.archive.layout.root


def test_a_second_start_is_refused_and_raises_the_first_window(
    qtbot: QtBot, make_archive: Callable[..., Created]
) -> None:
    root = _root(make_archive)
    first, second = InstanceGuard(root), InstanceGuard(root)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    try:
        assert first.acquire()
        first.set_window(window)
        assert first.holds_lock and ArchiveLayout(root).instance_lock.exists()
        with qtbot.waitSignal(first.activationRequested, timeout=5_000):
            assert not second.acquire()
        assert not second.holds_lock
        assert not window.isMinimized()
    finally:
        first.release()
        second.release()
    # Once the first has ended, the next start gets the archive.
    third = InstanceGuard(root)
    try:
        assert third.acquire()
    finally:
        third.release()


def test_different_archives_do_not_interfere(make_archive: Callable[..., Created]) -> None:
    one, two = _root(make_archive, "one"), _root(make_archive, "two")
    assert server_name(one) != server_name(two)
    a, b = InstanceGuard(one), InstanceGuard(two)
    try:
        assert a.acquire() and b.acquire()
    finally:
        a.release()
        b.release()


def test_the_lock_file_is_the_authority_without_the_socket(
    make_archive: Callable[..., Created],
) -> None:
    root = _root(make_archive)
    first = InstanceGuard(root)
    assert first.lock_archive()  # the lock alone, no socket (e.g. it could not listen)
    try:
        assert not InstanceGuard(root).acquire()
    finally:
        first.release()


def test_the_command_line_keeps_working_while_the_application_runs(
    make_archive: Callable[..., Created],
) -> None:
    root = _root(make_archive)
    guard = InstanceGuard(root)
    assert guard.acquire()
    try:
        session = archive_service.login(root, ADMIN, ADMIN_PASSWORD)  # writes the audit log
        session.close()
    finally:
        guard.release()


def test_a_folder_without_an_archive_is_held_by_the_socket_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "empty"
    first, second = InstanceGuard(root), InstanceGuard(root)
    try:
        assert first.acquire()
        assert not root.exists()  # nothing written: the wizard needs an empty folder
        with qtbot.waitSignal(first.activationRequested, timeout=5_000):
            assert not second.acquire()
    finally:
        first.release()
        second.release()
