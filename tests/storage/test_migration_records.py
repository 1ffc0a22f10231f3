"""Schema 2 (records issue) upgrades a schema-1 archive without losing a row."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xueji_desktop.storage import migrations
from xueji_desktop.storage.connection import DatabaseError, open_connection
from xueji_desktop.storage.database import Database


def test_a_schema_1_archive_with_students_keeps_them(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "a.db"
    open_connection(path, key, create=True).close()
    db = Database(path, key, tmp_path / "writer.lock")
    migrations.migrate(db, tmp_path / "copies", key, target=1)
    with db.atomic() as conn:
        conn.execute("INSERT INTO school (id, name) VALUES (1, '测试')")
        conn.execute(
            "INSERT INTO majors (code, name, catalogue_version) "
            "VALUES ('710201', '计算机应用', '2021')"
        )
        conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code) "
            "VALUES ('k', '2025级1班', 2025, '710201')"
        )
        conn.execute(
            "INSERT INTO students (student_no, registry_no, name, gender, birth_date, id_number, "
            "major_code, class_group_id, address, created_at, updated_at) VALUES "
            "('2025001', '', '张三', '1', '2010-03-15', '43050220100315001X', '710201', 1, "
            "'建设路1号', 't', 't')"
        )
        conn.execute(
            "INSERT INTO family_members (student_id, seq, relation, name, phone, is_guardian) "
            "VALUES (1, 1, '父亲', '张大山', '13912345678', 1)"
        )
    assert migrations.migrate(db, tmp_path / "copies", key) == list(
        range(2, migrations.latest_version() + 1)
    )
    conn = db.conn
    row = conn.execute(
        "SELECT student_no, registry_no, name, home_address, report_status, status, voided "
        "FROM students"
    ).fetchone()
    assert row == ("2025001", None, "张三", "建设路1号", "confirmed", "enrolled", 0)
    assert conn.execute("SELECT name, relation, is_guardian FROM family_members").fetchone() == (
        "张大山",
        "父亲",
        1,
    )
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with pytest.raises(DatabaseError, match="fixed"), db.atomic():
        conn.execute("UPDATE students SET student_no = '2' WHERE id = 1")
    assert list((tmp_path / "copies").iterdir())  # an encrypted copy was taken first
    db.close()
