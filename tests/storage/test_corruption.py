"""Corruption detection (issue 2 §7, reliability goals I1, I2).

A single flipped bit (XOR, never an overwrite) anywhere in the closed, checkpointed database, a
truncated file and appended garbage are each reported by ``check``: ``check_handle`` on a handle
whose keys are known, by logging in (a flip on page 1 makes the database unopenable, and login says
ArchiveDamaged, not "wrong password"), and once through the real ``xueji check`` command.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.records_fixtures import cn_number
from xueji_desktop.core.errors import ArchiveDamaged
from xueji_desktop.core.id_number import check_char
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import students
from xueji_desktop.services.archive import Created
from xueji_desktop.services.check import check_handle
from xueji_desktop.services.context import ArchiveHandle

PAGE = 4096
SEED = int(os.environ.get("XUEJI_TEST_SEED", "7"))


def fill(created: Created, n: int = 120) -> None:
    """Enough students (one commit) for the database to span a few dozen pages."""
    session = created.session
    with session.archive.db.atomic():
        for i in range(n):
            first17 = f"320102200{i % 10}0{1 + i % 9}1{i % 10}{i % 1000:03d}"
            students.add_student(
                session,
                {
                    "student_no": f"C{i:05d}",
                    "name": f"校验学生{cn_number(i)}",
                    "gender": "1" if (i % 1000) % 2 else "2",
                    "birth_date": f"200{i % 10}-0{1 + i % 9}-1{i % 10}",
                    "id_number": first17 + check_char(first17),
                    "home_address": "江苏省南京市玄武区" * 3,
                    "family_members": [
                        {"relation": "父亲", "name": f"家长{cn_number(i)}", "is_guardian": True}
                    ],
                },
            )


@pytest.fixture
def closed_archive(make_archive) -> tuple[ArchiveHandle, bytes]:
    """A bound archive, filled, closed (so the WAL is checkpointed away); its pristine bytes."""
    created = make_archive()
    fill(created)
    created.session.close()
    h = created.session.archive
    assert not Path(str(h.layout.db) + "-wal").exists()
    pristine = h.layout.db.read_bytes()
    assert len(pristine) >= 20 * PAGE
    report = check_handle(h)
    assert report.ok, report.problems
    return h, pristine


def side_files(h: ArchiveHandle) -> None:
    for suffix in ("-wal", "-shm"):
        p = Path(str(h.layout.db) + suffix)
        if p.exists():
            p.unlink()


def flip(data: bytes, offset: int, bit: int) -> bytes:
    b = bytearray(data)
    b[offset] ^= 1 << bit
    return bytes(b)


def offsets_to_flip(size: int, rng: random.Random) -> list[int]:
    pages = size // PAGE
    chosen = set(range(0, 16))  # the salt
    chosen |= {16, 17, 20, 24, 50, 99, 100, 101, 2000}  # where SQLite keeps its header fields
    chosen |= {PAGE - 80, PAGE - 64, PAGE - 1}  # page 1's IV and HMAC
    for p in range(1, pages):  # page boundaries
        chosen |= {p * PAGE - 1, p * PAGE, p * PAGE + 1}
    chosen |= {size - 1, size - 2, size - 80}
    chosen |= {rng.randrange(size) for _ in range(50)}
    return sorted(chosen)


def test_every_single_flipped_bit_is_reported(closed_archive):
    h, pristine = closed_archive
    rng = random.Random(SEED)
    missed = []
    offsets = offsets_to_flip(len(pristine), rng)
    assert len(offsets) > 100
    try:
        for offset in offsets:
            bit = rng.randrange(8)
            h.layout.db.write_bytes(flip(pristine, offset, bit))
            report = check_handle(h)
            side_files(h)
            if report.ok:
                missed.append((offset, bit))
            elif offset < PAGE:
                assert any(p.startswith("open") for p in report.problems), report.problems
    finally:
        h.layout.db.write_bytes(pristine)
    assert missed == [], f"seed={SEED}: flips not reported at (offset, bit) {missed}"


def test_flip_on_page_one_makes_login_say_damaged_and_changes_nothing(closed_archive):
    h, pristine = closed_archive
    root = h.layout.root
    slots = h.layout.keyslots.read_bytes()
    for offset in (0, 15, 16, 100, 1000, PAGE - 1):
        damaged = flip(pristine, offset, offset % 8)
        h.layout.db.write_bytes(damaged)
        with pytest.raises(ArchiveDamaged):
            archive_service.login(root, ADMIN, ADMIN_PASSWORD)
        assert h.layout.db.read_bytes() == damaged
        assert h.layout.keyslots.read_bytes() == slots
        side_files(h)
    h.layout.db.write_bytes(pristine)
    archive_service.login(root, ADMIN, ADMIN_PASSWORD).close()


def test_flip_in_any_page_is_reported_by_login_or_by_the_logged_in_check(closed_archive):
    """A flip past page 1 may let the archive open. Then login either fails with ArchiveDamaged
    (it read the damaged page: never a raw DatabaseError, which the CLI would call an internal
    error) or succeeds, and ``check`` in that session names the page."""
    from xueji_desktop.services.check import check_archive

    h, pristine = closed_archive
    rng = random.Random(SEED)
    outcomes = {"login_refused": 0, "check_reported": 0}
    for page in range(1, len(pristine) // PAGE):
        offset = page * PAGE + rng.randrange(PAGE)
        h.layout.db.write_bytes(flip(pristine, offset, rng.randrange(8)))
        try:
            session = archive_service.login(h.layout.root, ADMIN, ADMIN_PASSWORD)
        except ArchiveDamaged:
            outcomes["login_refused"] += 1
        else:
            try:
                report = check_archive(session)
            finally:
                session.close()
            assert not report.ok, f"page {page + 1} offset {offset}: not reported"
            cipher = [p for p in report.problems if p.startswith("cipher_integrity_check")]
            assert any(f"page {page + 1}" in p for p in cipher), report.problems
            outcomes["check_reported"] += 1
        side_files(h)
    h.layout.db.write_bytes(pristine)
    assert outcomes["check_reported"] > 0, outcomes


@pytest.mark.parametrize(
    "how", ["minus_one_byte", "minus_one_page", "half", "garbage_odd", "garbage_page", "empty"]
)
def test_truncation_and_appended_garbage_are_reported(closed_archive, how):
    h, pristine = closed_archive
    rng = random.Random(SEED)
    damaged = {
        "minus_one_byte": pristine[:-1],
        "minus_one_page": pristine[:-PAGE],
        "half": pristine[: len(pristine) // 2 // PAGE * PAGE],
        "garbage_odd": pristine + rng.randbytes(777),
        "garbage_page": pristine + rng.randbytes(PAGE),
        "empty": b"",
    }[how]
    h.layout.db.write_bytes(damaged)
    report = check_handle(h)
    assert not report.ok, f"{how}: not reported"
    if how == "minus_one_page":
        # Still a whole number of pages, and cipher_integrity_check alone misses a cut last
        # page: opening or integrity_check must be what catches it.
        assert any(
            p.startswith(("open", "integrity_check", "quick_check")) for p in report.problems
        ), report.problems


def test_xueji_check_cli_exits_1_on_a_flipped_archive(make_archive, tmp_path):
    created = make_archive("cli", binding="none")
    fill(created, 60)
    created.session.close()
    h = created.session.archive
    pristine = h.layout.db.read_bytes()
    exe = Path(sys.executable).with_name("xueji")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "xueji_desktop"]
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")

    def xueji_check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cmd, "--archive", str(h.layout.root), "--user", ADMIN, "--password-stdin", "check"],
            input=ADMIN_PASSWORD + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    ok = xueji_check()
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "ok"
    # A flip in a students page (the middle of the file): login still works, check must not.
    pristine = h.layout.db.read_bytes()
    page = len(pristine) // PAGE // 2
    h.layout.db.write_bytes(flip(pristine, page * PAGE + 2000, 5))
    bad = xueji_check()
    assert bad.returncode == 1, (bad.returncode, bad.stdout, bad.stderr)
    assert "Traceback" not in bad.stderr
    side_files(h)
    # And on page 1: the archive does not open at all; still exit 1 (damaged, not auth refused).
    h.layout.db.write_bytes(flip(pristine, 300, 0))
    bad1 = xueji_check()
    assert bad1.returncode == 1, (bad1.returncode, bad1.stdout, bad1.stderr)
    assert "Traceback" not in bad1.stderr


def test_a_cancelled_check_stops_and_records_nothing(make_archive):
    """The 四性检测 page's 停止 reaches into the long PRAGMA checks (progress handler)."""
    from xueji_desktop.core.errors import OperationCancelled
    from xueji_desktop.services.check import check_archive

    session = make_archive().session
    try:
        before = session.archive.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()
        calls = []

        def cancelled() -> bool:
            calls.append(1)
            return len(calls) > 2

        with pytest.raises(OperationCancelled):
            check_archive(session, cancelled=cancelled)
        after = session.archive.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()
        assert before == after
        assert check_archive(session, cancelled=lambda: False).ok
    finally:
        session.close()
