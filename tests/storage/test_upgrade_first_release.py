"""The archive the first released version (0.1.0, schema 6) wrote still opens (issue 10 §2).

``tests/fixtures/first-release/`` was made ONCE by ``tools/make_upgrade_fixture.py`` with the
0.1.0 code and is never regenerated (its README, docs/design/upgrades.md). Every later version
runs this test against those very bytes: it copies the fixture, logs in with the current code
(which migrates when the code is newer: the copy in ``pre-migration/`` exists exactly then),
checks the facts of ``expected.json``, runs the archive check and the audit chain, reads the scan
and photo back, and writes new records.

Facts are read with plain SQL on tables that a later migration may reshape: such a release
updates the queries here (never the fixture), and says so in its migration's docstring.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import types
from pathlib import Path
from typing import Any

import pytest

from xueji_desktop import about
from xueji_desktop.services import attachments, audit, check, discipline, status_changes
from xueji_desktop.services.archive import login, open_with_recovery
from xueji_desktop.storage import migrations
from xueji_desktop.storage.connection import open_connection
from xueji_desktop.storage.layout import ArchiveLayout

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "first-release"
EXPECTED: dict[str, Any] = json.loads((FIXTURE / "expected.json").read_text("utf-8"))
# Login bookkeeping grows with every login; everything else is the fixture's own.
GROWS = {"audit_log", "slot_registry"}


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def fixture_hashes() -> dict[str, str]:
    return _hashes(FIXTURE)


@pytest.fixture
def copy(tmp_path: Path, fixture_hashes: dict[str, str]) -> Any:
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE / "archive", root)
    yield root
    assert _hashes(FIXTURE) == fixture_hashes, "a test changed the committed fixture"


def test_the_fixture_is_the_first_released_schema() -> None:
    assert EXPECTED["schema"] == about.FIRST_RELEASED_SCHEMA
    assert EXPECTED["program_version"] == "0.1.0"
    assert migrations.latest_version() >= about.FIRST_RELEASED_SCHEMA
    size = sum(p.stat().st_size for p in FIXTURE.rglob("*") if p.is_file())
    assert size < 2 * 1024 * 1024


def _later_migration(version: int) -> types.ModuleType:
    """A migration as a later release adds one (a new table and a new column)."""
    mod = types.ModuleType(f"m{version:04d}_later")
    mod.VERSION = version  # type: ignore[attr-defined]

    def apply(conn: Any) -> None:
        conn.execute("CREATE TABLE later_release (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute("ALTER TABLE school ADD COLUMN later_note TEXT NOT NULL DEFAULT ''")

    mod.apply = apply  # type: ignore[attr-defined]
    return mod


@pytest.mark.parametrize("code", ["this", "later"])
def test_the_first_released_archive_opens_and_stays_usable(
    copy: Path, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``this``: the current code. ``later``: the current code plus one migration more, as the
    next release that adds one will run it (so the migrating path is proven today too)."""
    if code == "later":
        real = migrations._modules()
        extra = _later_migration(len(real) + 1)
        monkeypatch.setattr(migrations, "_modules", lambda: [*real, extra])
    root = copy
    layout = ArchiveLayout(root)
    schema = int(EXPECTED["schema"])
    latest = migrations.latest_version()
    migrates = latest > schema

    session = login(root, EXPECTED["admin"], EXPECTED["admin_password"])
    try:
        h = session.archive
        conn = h.db.conn
        assert h.migrated == list(range(schema + 1, latest + 1))
        assert migrations.current_version(h.db) == latest
        assert h.archive_id == EXPECTED["archive_id"]
        _check_facts(conn, migrated=migrates)
        if not migrates:
            from xueji_desktop.storage.content_hash import content_hash

            assert content_hash(conn) == EXPECTED["content_hash"]

        # The scan and the photo come back byte for byte.
        student = EXPECTED["student"]
        scan = attachments.read_attachment(session, EXPECTED["scan"]["attachment_id"])
        assert hashlib.sha256(scan).hexdigest() == EXPECTED["scan"]["sha256"]
        photo = attachments.read_photo(session, student["id"])
        assert photo is not None
        assert hashlib.sha256(photo).hexdigest() == EXPECTED["photo"]["sha256"]

        # Clean: the archive check and the audit chain (with the anchor the fixture carries).
        report = check.check_handle(h)
        assert report.ok, report.problems
        assert audit.verify(h).ok
        assert session.warnings == []

        # Still usable: new records are written, audited and checked.
        discipline.add_award(session, student["id"], level="校级", title="升级后的表彰",
                             decided_on="2026-11-25", document_no="校发〔2026〕99号")  # fmt: skip
        status_changes.record_change(session, student["id"], "return_from_leave",
                                     effective_date="2026-11-25")  # fmt: skip
        row = conn.execute("SELECT status FROM students WHERE id = ?", (student["id"],))
        assert row.fetchone()[0] == "enrolled"
        assert audit.verify(h).ok
        data_key = h.keys.data_key
    finally:
        session.close()

    # The copy taken before migrating: there exactly when a migration ran, of the old schema,
    # opening with the same key.
    copies = sorted(layout.pre_migration.iterdir()) if layout.pre_migration.exists() else []
    if migrates:
        assert len(copies) == 1 and copies[0].name.startswith(f"xueji-v{schema}-")
        old = open_connection(copies[0], data_key, readonly=True)
        try:
            assert old.execute("PRAGMA user_version").fetchone()[0] == schema
            students = old.execute("SELECT count(*) FROM students").fetchone()[0]
            assert students == EXPECTED["tables"]["students"]
        finally:
            old.close()
    else:
        assert copies == []

    # The whole check as `xueji check` runs it, and the second account and the recovery code.
    assert check.check_at(root, EXPECTED["clerk"], EXPECTED["clerk_password"]).ok
    handle, _slot = open_with_recovery(root, EXPECTED["recovery_code"])
    handle.close()


def _check_facts(conn: Any, *, migrated: bool) -> None:
    e = EXPECTED
    assert conn.execute("SELECT name FROM school").fetchone()[0] == e["school"]
    users = [r[0] for r in conn.execute("SELECT username FROM users ORDER BY 1")]
    assert users == e["users"]
    statuses = dict(conn.execute("SELECT status, count(*) FROM students GROUP BY status"))
    assert statuses == e["statuses"]
    counts = {t: n for t, n in e["tables"].items() if t not in GROWS}
    for table, rows in counts.items():
        if migrated and table not in _tables(conn):
            continue  # a later migration reshaped it: the facts below still hold
        sql = f'SELECT count(*) FROM "{table}"'  # noqa: S608 - names from expected.json
        assert conn.execute(sql).fetchone()[0] == rows, table
    s = e["student"]
    row = conn.execute("SELECT student_no, name, status FROM students WHERE id = ?", (s["id"],))
    assert tuple(row.fetchone()) == (s["student_no"], s["name"], s["status"])
    sc = e["status_change"]
    row = conn.execute(
        "SELECT count(*) FROM status_changes WHERE student_id = ? AND kind = ? "
        "AND effective_date = ? AND document_no = ?",
        (s["id"], sc["kind"], sc["effective_date"], sc["document_no"]),
    )
    assert row.fetchone()[0] == 1
    award, punishment = e["award"], e["punishment"]
    row = conn.execute("SELECT title, level FROM rewards_punishments WHERE id = ?", (award["id"],))
    assert tuple(row.fetchone()) == (award["title"], award["level"])
    row = conn.execute(
        "SELECT level, document_no FROM rewards_punishments WHERE id = ?", (punishment["id"],)
    )
    assert tuple(row.fetchone()) == (punishment["level"], punishment["document_no"])
    loan = e["loan"]
    row = conn.execute("SELECT student_id, borrower, lent_on FROM file_loans WHERE id = ?",
                       (loan["id"],))  # fmt: skip
    assert tuple(row.fetchone()) == (s["id"], loan["borrower"], loan["lent_on"])
    place = e["paper_file"]
    row = conn.execute("SELECT cabinet, shelf, box FROM paper_files WHERE student_id = ?",
                       (s["id"],))  # fmt: skip
    assert tuple(row.fetchone()) == (place["cabinet"], place["shelf"], place["box"])
    doc = e["document"]
    row = conn.execute("SELECT kind FROM document_register WHERE serial = ?", (doc["serial"],))
    assert row.fetchone()[0] == doc["kind"]


def _tables(conn: Any) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
