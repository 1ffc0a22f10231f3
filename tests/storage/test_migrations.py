"""Numbered migrations in PRAGMA user_version (issue 2 §2): fresh databases reach the latest
version, a newer database is refused untouched, an existing one is copied (encrypted) first, and
each migration is one transaction."""

from __future__ import annotations

import hashlib
import os
import stat
import types
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.core.errors import ArchiveDamaged, ArchiveTooNew
from xueji_desktop.services.archive import login
from xueji_desktop.storage import migrations
from xueji_desktop.storage.connection import open_connection
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.layout import ArchiveLayout


def new_db(tmp_path: Path, key: bytes) -> Database:
    path = tmp_path / "fresh.db"
    open_connection(path, key, create=True).close()
    return Database(path, key, tmp_path / "writer.lock")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


def fake_migration(version: int, sql: str, fail: bool = False) -> types.ModuleType:
    mod = types.ModuleType(f"m{version:04d}_test")
    mod.VERSION = version  # type: ignore[attr-defined]

    def apply(conn: object) -> None:
        conn.execute(sql)  # type: ignore[attr-defined]
        if fail:
            raise RuntimeError("migration failed half way")

    mod.apply = apply  # type: ignore[attr-defined]
    return mod


def test_modules_are_numbered_from_one():
    mods = migrations._modules()
    assert [int(m.VERSION) for m in mods] == list(range(1, len(mods) + 1))
    assert migrations.latest_version() == len(mods) >= 1


def test_fresh_database_reaches_the_latest_version(tmp_path):
    key = os.urandom(32)
    db = new_db(tmp_path, key)
    try:
        assert migrations.current_version(db) == 0
        applied = migrations.migrate(db, tmp_path / "pre-migration", key)
        assert applied == list(range(1, migrations.latest_version() + 1))
        assert migrations.current_version(db) == migrations.latest_version()
        assert migrations.migrate(db, tmp_path / "pre-migration", key) == []
        tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master")}
        assert {"students", "audit_log", "settings", "users"} <= tables
    finally:
        db.close()
    # A fresh database needs no copy: there is nothing to lose.
    assert not (tmp_path / "pre-migration").exists()


def test_newer_database_is_refused_and_left_unchanged(archive, tmp_path):
    h = archive.session.archive
    too_new = migrations.latest_version() + 1
    h.db.conn.execute(f"PRAGMA user_version = {too_new}")
    archive.session.close()
    root = h.layout.root
    before = folder_digest(root)
    db = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock)
    with pytest.raises(ArchiveTooNew) as info:
        migrations.migrate(db, h.layout.pre_migration, h.keys.data_key)
    db.close()
    assert info.value.fields == {
        "archive_schema": too_new,
        "app_schema": migrations.latest_version(),
    }
    with pytest.raises(ArchiveTooNew):
        login(root, ADMIN, ADMIN_PASSWORD)
    after = folder_digest(root)
    # Login counts nothing against the user for this, and writes nothing into the database.
    assert after.get("xueji.db") == before["xueji.db"]
    assert after.get("keyslots.json") == before["keyslots.json"]
    assert not any(k.startswith("pre-migration") for k in after)
    assert "xueji.db-wal" not in after or os.path.getsize(root / "xueji.db-wal") == 0


def test_existing_database_is_copied_before_migrating(make_archive, monkeypatch):
    created = make_archive(binding="none")
    h = created.session.archive
    old_version = migrations.current_version(h.db)
    old_hash = content_hash(h.db.conn)
    created.session.close()
    real = migrations._modules()
    extra = fake_migration(len(real) + 1, "CREATE TABLE test_added (x TEXT)")
    monkeypatch.setattr(migrations, "_modules", lambda: [*real, extra])
    assert migrations.latest_version() == old_version + 1

    s = login(h.layout.root, ADMIN, ADMIN_PASSWORD)  # login migrates
    try:
        assert migrations.current_version(s.archive.db) == old_version + 1
        assert s.archive.db.conn.execute("SELECT count(*) FROM test_added").fetchone()[0] == 0
    finally:
        s.close()
    copies = sorted(ArchiveLayout(h.layout.root).pre_migration.iterdir())
    assert len(copies) == 1
    copy = copies[0]
    assert copy.name.startswith(f"xueji-v{old_version}-") and copy.suffix == ".db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    raw = copy.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert ADMIN.encode() not in raw
    conn = open_connection(copy, h.keys.data_key, readonly=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert content_hash(conn) == old_hash
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "test_added" not in tables
    finally:
        conn.close()
    # Opening it needs the key.
    with pytest.raises(ArchiveDamaged):  # the wrong key
        open_connection(copy, os.urandom(32), readonly=True)


def test_failed_migration_leaves_the_old_version(make_archive, monkeypatch):
    created = make_archive(binding="none")
    h = created.session.archive
    old_version = migrations.current_version(h.db)
    real = migrations._modules()
    bad = fake_migration(len(real) + 1, "CREATE TABLE half_done (x)", fail=True)
    monkeypatch.setattr(migrations, "_modules", lambda: [*real, bad])
    with pytest.raises(RuntimeError, match="half way"):
        migrations.migrate(h.db, h.layout.pre_migration, h.keys.data_key)
    assert migrations.current_version(h.db) == old_version
    tables = {r[0] for r in h.db.conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    assert not h.db.in_transaction
    # The copy taken before the attempt is there for the admin.
    assert len(list(h.layout.pre_migration.iterdir())) == 1


def test_migrate_to_an_explicit_target(tmp_path, monkeypatch):
    real = migrations._modules()
    extra = fake_migration(len(real) + 1, "CREATE TABLE test_added (x TEXT)")
    monkeypatch.setattr(migrations, "_modules", lambda: [*real, extra])
    key = os.urandom(32)
    db = new_db(tmp_path, key)
    try:
        seen: list[int] = []
        assert migrations.migrate(db, tmp_path / "pm", key, target=len(real)) == list(
            range(1, len(real) + 1)
        )
        assert migrations.migrate(db, tmp_path / "pm", key, before_each=seen.append) == [
            len(real) + 1
        ]
        assert seen == [len(real) + 1]
        assert migrations.current_version(db) == len(real) + 1
    finally:
        db.close()
