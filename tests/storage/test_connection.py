"""The one door to the database (reliability goals D3, K5): key first, pinned pragmas, owner-only
files, an encrypted header, read-only readers."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from xueji_desktop.core.errors import ArchiveDamaged
from xueji_desktop.services import students
from xueji_desktop.storage import connection
from xueji_desktop.storage.connection import (
    PINNED_PRAGMAS,
    OperationalError,
    cipher_info,
    open_connection,
    pragma_values,
)

SRC = Path(connection.__file__).resolve().parents[1]
EXPECTED = {
    "journal_mode": "wal",
    "synchronous": 2,
    "foreign_keys": 1,
    "temp_store": 2,
    "busy_timeout": 5000,
    "cache_size": -128 * 1024,
}


def student(n: int) -> dict[str, object]:
    from tests.records_fixtures import cn_number
    from xueji_desktop.core.id_number import check_char

    first17 = f"11010520080315{n:03d}"
    return {
        "student_no": f"S{n:04d}",
        "name": f"测试学生{cn_number(n)}",
        "gender": "1" if n % 2 else "2",
        "birth_date": "2008-03-15",
        "id_number": first17 + check_char(first17),
        "family_members": [{"relation": "父亲", "name": "测试家长", "is_guardian": True}],
    }


class RecordingConnection:
    """Wraps a real sqlcipher3 connection and remembers every statement, in order."""

    def __init__(self, real: object, log: list[str]) -> None:
        self._real = real
        self._log = log

    def execute(self, sql: str, *args: object) -> object:
        self._log.append(sql)
        return self._real.execute(sql, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every connection opened through storage.connection, with its statements."""
    real_module = connection.sqlcipher3
    logs: list[list[str]] = []

    class Proxy:
        def __getattr__(self, name: str) -> object:
            return getattr(real_module, name)

        @staticmethod
        def connect(*args: object, **kw: object) -> RecordingConnection:
            log: list[str] = []
            logs.append(log)
            return RecordingConnection(real_module.connect(*args, **kw), log)

    monkeypatch.setattr(connection, "sqlcipher3", Proxy())
    return logs


def test_key_is_the_first_statement_of_every_connection(archive, recorded):
    h = archive.session.archive
    students.add_student(archive.session, student(1))
    reader = h.db.reader()
    reader.close()
    h.db.close()
    students.add_student(archive.session, student(2))  # reopens the writer
    assert len(recorded) >= 2
    key_re = re.compile(r"PRAGMA key = \"x'[0-9a-f]{64}'\"")
    for log in recorded:
        keyed = [i for i, sql in enumerate(log) if key_re.fullmatch(sql)]
        assert len(keyed) == 1, log
        # Before the key, only process-wide SQLCipher logging settings (no database access).
        before = log[: keyed[0]]
        assert all(re.fullmatch(r"PRAGMA cipher_log_level = \w+", sql) for sql in before), before
        assert not any("PRAGMA key" in sql for sql in log[keyed[0] + 1 :])


def test_pinned_pragmas_on_writer_reader_and_new_connections(archive):
    h = archive.session.archive
    key = h.keys.data_key
    assert set(PINNED_PRAGMAS) == set(EXPECTED)
    writer = h.db.conn
    assert pragma_values(writer) == EXPECTED
    reader = h.db.reader()
    try:
        assert pragma_values(reader) == EXPECTED
    finally:
        reader.close()
    for readonly in (False, True):
        conn = open_connection(h.layout.db, key, readonly=readonly)
        try:
            assert pragma_values(conn) == EXPECTED
        finally:
            conn.close()


def test_cipher_is_sqlcipher_4(archive):
    info = cipher_info(archive.session.archive.db.conn)
    assert info["cipher_version"].startswith("4."), info
    page_size = archive.session.archive.db.conn.execute("PRAGMA cipher_page_size").fetchone()[0]
    assert int(page_size) == 4096
    plaintext_header = archive.session.archive.db.conn.execute(
        "PRAGMA cipher_plaintext_header_size"
    ).fetchone()[0]
    assert int(plaintext_header) == 0


def test_only_the_connection_module_imports_sqlcipher3():
    pattern = re.compile(r"^\s*(import sqlcipher3|from sqlcipher3)", re.MULTILINE)
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if pattern.search(p.read_text("utf-8")) and p.name != "connection.py"
    ]
    assert offenders == []
    assert "sqlcipher3.connect(" not in "".join(
        p.read_text("utf-8") for p in SRC.rglob("*.py") if p.name != "connection.py"
    )


def test_files_are_owner_only_whatever_the_umask(make_archive, tmp_path):
    old = os.umask(0)  # nothing may rely on the process umask
    try:
        created = make_archive("perm")
        h = created.session.archive
        students.add_student(created.session, student(3))
        h.blobs().put("扫描件".encode() * 100)
        reader = h.db.reader()
        reader.execute("SELECT count(*) FROM students").fetchone()
        root = h.layout.root
        assert Path(str(h.layout.db) + "-wal").exists()
        assert Path(str(h.layout.db) + "-shm").exists()
        check_modes(root)
        reader.close()
        created.session.close()
        check_modes(root)
    finally:
        os.umask(old)


def check_modes(root: Path) -> None:
    seen = []
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    for path in root.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        assert mode == want, f"{path.relative_to(root)}: {oct(mode)}"
        seen.append(path.name)
    for name in ("xueji.db", "keyslots.json", "archive.json", "login-throttle.json"):
        assert name in seen


def test_db_file_has_no_plaintext_header(archive):
    h = archive.session.archive
    students.add_student(archive.session, student(4))
    archive.session.close()
    raw = h.layout.db.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert len(raw) % 4096 == 0
    assert b"CREATE TABLE" not in raw


def test_wrong_key_or_no_key_cannot_read(archive):
    h = archive.session.archive
    archive.session.close()
    with pytest.raises(ArchiveDamaged):
        open_connection(h.layout.db, bytes(32))
    raw = connection.sqlcipher3.connect(str(h.layout.db))
    try:
        with pytest.raises(connection.DatabaseError):
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        raw.close()


def test_read_only_connection_cannot_write(archive):
    h = archive.session.archive
    for conn in (h.db.reader(), open_connection(h.layout.db, h.keys.data_key, readonly=True)):
        try:
            assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1
            with pytest.raises(OperationalError, match="readonly"):
                conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
            with pytest.raises(OperationalError):
                conn.execute("CREATE TABLE evil (x)")
        finally:
            conn.close()
    assert h.db.conn.execute("SELECT count(*) FROM settings WHERE key = 'x'").fetchone()[0] == 0


def test_missing_database_is_not_created_on_open(tmp_path):
    missing = tmp_path / "nope.db"
    with pytest.raises(ArchiveDamaged):
        open_connection(missing, os.urandom(32))
    with pytest.raises(ArchiveDamaged):
        open_connection(missing, os.urandom(32), readonly=True)
    assert not missing.exists()


def test_key_must_be_32_bytes(tmp_path):
    with pytest.raises(ValueError):
        open_connection(tmp_path / "x.db", b"short", create=True)
