"""Numbered migrations in PRAGMA user_version (issue 2 §2): fresh databases reach the latest
version, a newer database is refused untouched, an existing one is copied (encrypted) first, and
each migration is one transaction."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, SCHOOL
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


# A child that logs in (which migrates) with one extra migration appending ``mark`` to the school
# name. Both children stop right before migrate() first looks at the version, print "ready", and
# start together once the parent creates the ``go`` file. The migration sleeps, so the second child
# really arrives while the first is migrating.
RACING_CHILD = r"""
import os, sys, time, types
from pathlib import Path
from xueji_desktop.storage import migrations

root, go, mark = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real = migrations._modules()
extra = types.ModuleType("m%04d_test_race" % (len(real) + 1))
extra.VERSION = len(real) + 1

def apply(conn):
    conn.execute("UPDATE school SET name = name || ?", (mark,))
    time.sleep(0.5)

extra.apply = apply
started = []

def modules():
    if not started:
        started.append(1)
        print("ready", flush=True)
        while not go.exists():
            time.sleep(0.002)
    return [*real, extra]

migrations._modules = modules
real_migrate = migrations.migrate

def migrate(*args, **kwargs):
    applied = real_migrate(*args, **kwargs)
    print("applied", ",".join(map(str, applied)), flush=True)
    return applied

migrations.migrate = migrate
from xueji_desktop.services.archive import login
login(root, sys.argv[4], os.environ["XUEJI_CRASH_PASSWORD"]).close()
print("done", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="uses the POSIX child harness")
def test_two_processes_opening_during_an_upgrade_migrate_once(make_archive, tmp_path):
    from tests.storage.test_crash import child_env, read_line

    created = make_archive("race", binding="none")
    h = created.session.archive
    old_version = migrations.current_version(h.db)
    created.session.close()
    root = h.layout.root
    go = tmp_path / "go"
    mark = "-upgraded"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACING_CHILD, str(root), str(go), mark, ADMIN],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(),
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for p in procs:
            assert read_line(p, 60).strip() == "ready"
        go.touch()
        applied = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err[-3000:]
            lines = out.splitlines()
            assert lines[-1] == "done", out
            applied.append(next(ln.strip() for ln in lines if ln.startswith("applied")))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    # One child migrated, the other found it done.
    assert sorted(applied) == ["applied", f"applied {old_version + 1}"]
    db = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock)
    try:
        name = db.conn.execute("SELECT name FROM school").fetchone()[0]
        assert name == SCHOOL + mark  # appended exactly once
        assert migrations.current_version(db) == old_version + 1
    finally:
        db.close()
    copies = list(h.layout.pre_migration.iterdir())
    assert len(copies) == 1, copies
    assert copies[0].name.startswith(f"xueji-v{old_version}-")


def test_up_to_date_database_does_not_wait_for_a_busy_writer(make_archive):
    created = make_archive(binding="none")
    h = created.session.archive
    holder = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.writer_lock():
            held.set()
            done.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert held.wait(5)
        t0 = time.monotonic()
        assert migrations.migrate(h.db, h.layout.pre_migration, h.keys.data_key) == []
        assert time.monotonic() - t0 < 1.0
    finally:
        done.set()
        t.join(10)
        holder.close()


def test_migration_waits_for_the_writer_lock_and_rechecks(make_archive, monkeypatch):
    """Another writer migrates while this one waits for the lock: this one applies nothing and
    takes no copy."""
    created = make_archive(binding="none")
    h = created.session.archive
    old_version = migrations.current_version(h.db)
    real = migrations._modules()
    extra = fake_migration(len(real) + 1, "CREATE TABLE test_added (x TEXT)")
    monkeypatch.setattr(migrations, "_modules", lambda: [*real, extra])
    other = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock)
    held, done = threading.Event(), threading.Event()

    def other_process_migrates() -> None:
        with other.writer_lock():
            held.set()
            time.sleep(0.3)  # this one has already looked at the version by now
            with other.atomic() as conn:
                extra.apply(conn)
                conn.execute(f"PRAGMA user_version = {old_version + 1}")
        done.set()

    t = threading.Thread(target=other_process_migrates)
    t.start()
    try:
        assert held.wait(5)
        assert migrations.migrate(h.db, h.layout.pre_migration, h.keys.data_key) == []
        assert done.is_set()
    finally:
        t.join(10)
        other.close()
    assert migrations.current_version(h.db) == old_version + 1
    assert not h.layout.pre_migration.exists() or not any(h.layout.pre_migration.iterdir())


def test_a_migration_at_login_is_audited_and_copied_first(make_archive, monkeypatch):
    from tests.conftest import ADMIN, ADMIN_PASSWORD
    from xueji_desktop.services import archive as archive_service

    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    real = migrations._modules()
    version = len(real) + 1
    extra = fake_migration(version, "CREATE TABLE later_issue (id INTEGER PRIMARY KEY)")
    monkeypatch.setattr(migrations, "_modules", lambda: [*real, extra])
    session = archive_service.login(root, ADMIN, ADMIN_PASSWORD)
    try:
        rows = session.archive.db.conn.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'schema_migrated'"
        ).fetchall()
        assert rows == [(ADMIN, f'{{"versions":[{version}]}}')]
    finally:
        session.close()
    assert len(list((root / "pre-migration").iterdir())) == 1
