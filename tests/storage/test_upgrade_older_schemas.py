"""A newer program opens an archive of every older schema through the migrations, a copy taken
first (issue 10 §2, docs/design/upgrades.md).

``archive_at_schema(n)`` builds a real archive with the real ``init`` (key slots, first admin,
audit chain) while the migration runner knows only migrations 1..n, so the database stops at
schema n exactly as a program of that schema would have left it. Rows are written at schema n
with that schema's columns; then the current code logs in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, SCHOOL
from xueji_desktop.services import audit, check
from xueji_desktop.services.archive import Created, create_archive, login
from xueji_desktop.storage import migrations
from xueji_desktop.storage.connection import open_connection
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import ArchiveLayout

LATEST = migrations.latest_version()
MARK = "upgrade.marker"


def _student_sql(schema: int) -> str:
    if schema == 1:  # m0001's students: 学号 required, no report status
        return (
            "INSERT INTO students (student_no, name, gender, birth_date, id_number, major_code, "
            "class_group_id, address, created_at, updated_at) VALUES ('2020001', '旧生', '1', "
            "'2005-03-15', '43050220050315001X', '710201', 1, '建设路1号', 't', 't')"
        )
    return (
        "INSERT INTO students (student_no, name, gender, birth_date, id_number, major_code, "
        "class_group_id, home_address, report_status, created_at, updated_at) VALUES "
        "('2020001', '旧生', '1', '2005-03-15', '43050220050315001X', '710201', 1, '建设路1号', "
        "'confirmed', 't', 't')"
    )


def write_at_schema(created: Created, schema: int) -> None:
    """Rows only the tables of ``schema`` hold, written as that program would (raw SQL: the
    current services speak the latest schema)."""
    with created.session.archive.db.atomic() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (MARK, f"v{schema}"))
        conn.execute(
            "INSERT INTO majors (code, name, catalogue_version) "
            "VALUES ('710201', '计算机应用', '2021')"
        )
        conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code) "
            "VALUES ('2020-1', '2020级计算机1班', 2020, '710201')"
        )
        conn.execute(_student_sql(schema))


@pytest.fixture
def archive_at_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[int], Path]]:
    """``make(n)``: a closed, password-only archive at schema n with rows written at n."""
    real = migrations._modules()

    def make(schema: int) -> Path:
        root = tmp_path / f"schema-{schema}"
        with monkeypatch.context() as m:
            m.setattr(migrations, "_modules", lambda: real[:schema])
            created = create_archive(root, school_name=SCHOOL, admin=ADMIN,
                                     password=ADMIN_PASSWORD, kdf=FAST_FOR_TESTS,
                                     binding="none")  # fmt: skip
            try:
                assert migrations.current_version(created.session.archive.db) == schema
                write_at_schema(created, schema)
            finally:
                created.session.close()
        assert migrations.latest_version() == LATEST
        return root

    yield make


@pytest.mark.parametrize("schema", range(1, LATEST))
def test_an_archive_of_an_older_schema_opens_after_a_copy(
    schema: int, archive_at_schema: Callable[[int], Path]
) -> None:
    root = archive_at_schema(schema)
    layout = ArchiveLayout(root)
    assert not layout.pre_migration.exists()

    session = login(root, ADMIN, ADMIN_PASSWORD)  # the current code: migrates
    try:
        h = session.archive
        conn = h.db.conn
        assert migrations.current_version(h.db) == LATEST
        assert h.migrated == list(range(schema + 1, LATEST + 1))
        row = conn.execute("SELECT details FROM audit_log WHERE action = 'schema_migrated'")
        assert json.loads(row.fetchone()[0]) == {"versions": h.migrated}
        # Rows written at schema n survived, in the latest schema's columns.
        assert conn.execute("SELECT value FROM settings WHERE key = ?", (MARK,)).fetchone() == (
            f"v{schema}",
        )
        student = conn.execute(
            "SELECT student_no, name, home_address, voided FROM students"
        ).fetchall()
        assert student == [("2020001", "旧生", "建设路1号", 0)]
        assert conn.execute("SELECT name FROM school").fetchone()[0] == SCHOOL
        assert audit.verify(h).ok
        assert check.check_handle(h).ok, check.check_handle(h).problems
        data_key = h.keys.data_key
    finally:
        session.close()

    # The copy taken first: exactly one, of schema n, opening with the same key, holding the
    # rows as they were.
    copies = sorted(layout.pre_migration.iterdir())
    assert len(copies) == 1 and copies[0].name.startswith(f"xueji-v{schema}-")
    copy = open_connection(copies[0], data_key, readonly=True)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == schema
        assert copy.execute("SELECT value FROM settings WHERE key = ?", (MARK,)).fetchone() == (
            f"v{schema}",
        )
        assert copy.execute("SELECT name FROM students").fetchall() == [("旧生",)]
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        copy.close()

    # Opened again: nothing more to migrate, no second copy.
    session = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        assert session.archive.migrated == []
    finally:
        session.close()
    assert len(list(layout.pre_migration.iterdir())) == 1


def test_the_helper_really_stops_at_each_schema(archive_at_schema: Callable[[int], Path]) -> None:
    # Schema 1 has no status_changes table; schema 5 no transfer register (m0006).
    for schema, absent in ((1, "status_changes"), (LATEST - 1, "transfer_packages")):
        root = archive_at_schema(schema)
        session = login(root, ADMIN, ADMIN_PASSWORD)
        try:
            copy = next(ArchiveLayout(root).pre_migration.iterdir())
            conn = open_connection(copy, session.archive.keys.data_key, readonly=True)
            try:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
                assert absent not in names
            finally:
                conn.close()
        finally:
            session.close()
