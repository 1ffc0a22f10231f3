"""Shared fixtures: a real SQLCipher archive in tmp_path, an in-memory keyring, fast KDF params.

Every test gets a fresh HOME/XDG/APPDATA (nothing touches the developer's profile) and an in-memory
keyring backend; tests that want "no keyring" install ``keyring.backends.fail.Keyring`` instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from xueji_desktop.services.archive import Created, create_archive
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUEJI_LANG", "zh")

ADMIN = "admin"
ADMIN_PASSWORD = "Correct-Horse-Battery-9"
SCHOOL = "测试市职业中专"
CLERK = "clerk1"
CLERK_PASSWORD = "kestrel-lantern-42"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring backend (tests only; never shipped in the package)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def fake_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA",
                "LOCALAPPDATA"):  # fmt: skip
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("XUEJI_ARCHIVE", raising=False)
    return home


@pytest.fixture(autouse=True)
def mem_keyring() -> Iterator[MemoryKeyring]:
    old = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(old)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    import keyring.backends.fail

    old = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(old)


@dataclass
class ArchiveFactory:
    base: Path

    def __call__(self, name: str = "archive", *, binding: str = "auto", **kw: object) -> Created:
        args: dict[str, object] = {
            "school_name": SCHOOL,
            "admin": ADMIN,
            "password": ADMIN_PASSWORD,
            "kdf": FAST_FOR_TESTS,
            "binding": binding,
        }
        args.update(kw)
        return create_archive(self.base / name, **args)  # type: ignore[arg-type]


@pytest.fixture
def make_archive(tmp_path: Path) -> Iterator[Callable[..., Created]]:
    created: list[Created] = []
    factory = ArchiveFactory(tmp_path)

    def make(*a: object, **kw: object) -> Created:
        c = factory(*a, **kw)  # type: ignore[arg-type]
        created.append(c)
        return c

    yield make
    for c in created:
        c.session.close()


@pytest.fixture
def archive(make_archive: Callable[..., Created]) -> Created:
    """A fresh bound archive (in-memory keyring) with one admin+clerk account."""
    return make_archive()


def add_clerk(created: Created) -> None:
    """Add the standard clerk account (CLERK / CLERK_PASSWORD) through the real service."""
    from xueji_desktop.core.roles import Role
    from xueji_desktop.services import users as user_service

    user_service.add_user(
        created.session,
        admin_password=ADMIN_PASSWORD,
        username=CLERK,
        password=CLERK_PASSWORD,
        roles=frozenset({Role.CLERK}),
        kdf=FAST_FOR_TESTS,
    )
