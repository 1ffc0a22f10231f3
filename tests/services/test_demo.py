"""``xueji demo`` (services.demo): deterministic for a seed where it matters (the student data),
valid ID numbers throughout, and never written over an existing archive."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.core.errors import ArchiveExists
from xueji_desktop.core.id_number import validate_id_number
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.demo import create_demo
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

PER_INTAKE = 20

# The per-archive tables (users, school, slot_registry, audit_log, settings) are left out: their
# ids and times belong to the archive, not to the demo data.
TABLES = {
    "majors": "SELECT * FROM majors ORDER BY code",
    "class_groups": "SELECT * FROM class_groups ORDER BY id",
    "students": "SELECT * FROM students ORDER BY id",
    "family_members": "SELECT * FROM family_members ORDER BY id",
}


def demo(root: Path, seed: int) -> Created:
    return create_demo(root, seed=seed, kdf=FAST_FOR_TESTS, students_per_intake=PER_INTAKE)


def rows(conn: Connection) -> dict[str, list[dict[str, object]]]:
    out = {}
    for table, sql in TABLES.items():
        cur = conn.execute(sql)
        names = [d[0] for d in cur.description]
        out[table] = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    return out


@pytest.fixture
def demo_rows(tmp_path: Path):
    """Create a demo (seed -> its tables' rows). Function-scoped, so it runs under the per-test
    HOME and in-memory keyring from conftest."""
    made: list[Created] = []

    def make(name: str, seed: int) -> dict[str, list[dict[str, object]]]:
        c = demo(tmp_path / name, seed)
        made.append(c)
        return rows(c.session.archive.db.conn)

    yield make
    for c in made:
        c.session.close()


def test_same_seed_gives_identical_student_tables(demo_rows):
    a, b, c = demo_rows("a", 5), demo_rows("b", 5), demo_rows("c", 6)
    assert len(a["students"]) == 3 * PER_INTAKE
    assert a["family_members"] and a["class_groups"] and a["majors"]
    for table in TABLES:
        assert a[table] == b[table], table
    # A different seed gives different students.
    assert a["students"] != c["students"]
    assert a["family_members"] != c["family_members"]


def test_student_timestamps_come_from_the_enrolment_month(demo_rows):
    for record in demo_rows("a", 5)["students"]:
        month = record["enrolment_month"]
        assert (
            record["created_at"]
            == record["updated_at"]
            == (f"{month[:4]}-{month[4:]}-01T08:00:00.000000Z")
        )


def test_every_id_number_is_valid_and_agrees_with_birth_date_and_gender(demo_rows):
    students = demo_rows("a", 5)["students"]
    assert students
    for s in students:
        info = validate_id_number(s["id_number"])
        assert info.number == s["id_number"]
        assert info.birth_date == datetime.date.fromisoformat(s["birth_date"])
        assert info.gender == s["gender"]
        assert s["id_type"] == "1"
    assert len({s["id_number"] for s in students}) == len(students)


def digest_folder(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_demo_into_an_existing_archive_is_refused_and_leaves_it_untouched(make_archive):
    created = make_archive("existing", binding="none")
    created.session.close()
    root = created.session.archive.layout.root
    before = digest_folder(root)
    with pytest.raises(ArchiveExists):
        demo(root, 1)
    assert digest_folder(root) == before
    # Still the original archive: its own admin logs in, and it holds no demo students.
    s = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        assert s.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()[0] == 0
    finally:
        s.close()
