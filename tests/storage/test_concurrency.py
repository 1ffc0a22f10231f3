"""Two processes writing at once (issue 2 §2 and §7): no lost update; a second writer waits for the
inter-process writer lock, then gets ArchiveBusy; readers do not wait for a writer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.storage.test_connection import student
from tests.storage.test_crash import acked_ids, read_line, start_writer, verify_after_crash
from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.services import audit, students
from xueji_desktop.services.archive import login
from xueji_desktop.services.check import check_handle
from xueji_desktop.storage.connection import export_copy
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.lock import InterProcessLock

N = 40


@pytest.fixture
def unbound_root(make_archive) -> Path:
    created = make_archive("shared", binding="none")
    created.session.close()
    return created.session.archive.layout.root


def run_pair(root: Path, *args: str) -> list[list[int]]:
    """Start two writers, let both log in, then release them at the same moment; wait for both
    and return what each acknowledged."""
    go = root.parent / f"go-{time.monotonic_ns()}"
    procs = [start_writer(root, *args, "--tag", tag, "--seed", str(i), "--go", str(go))
             for i, tag in enumerate(("P", "Q"))]  # fmt: skip
    try:
        for p in procs:
            line = read_line(p, 60).strip()
            if line != "ready":
                p.wait(timeout=30)
                raise AssertionError(f"writer did not start: {line!r} {p.stderr.read()[-3000:]}")
        go.touch()
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err[-3000:]
            outs.append(acked_ids(out.splitlines(keepends=True)))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    return outs


def interleavings(a: list[int], b: list[int]) -> int:
    merged = sorted([(x, 0) for x in a] + [(x, 1) for x in b])
    return sum(1 for i in range(1, len(merged)) if merged[i][1] != merged[i - 1][1])


def test_two_processes_adding_students_lose_nothing(unbound_root):
    # A short pause between transactions (outside the lock) makes the two really interleave.
    a, b = run_pair(unbound_root, "--count", str(N), "--pause", "0.005")
    assert len(a) == len(b) == N
    assert not set(a) & set(b)
    assert interleavings(a, b) >= 2, (a, b)
    # verify_after_crash: every acked id present, whole transactions, check_handle ok
    assert verify_after_crash(unbound_root, set(a) | set(b), "two writers") == 2 * N
    s = login(unbound_root, ADMIN, ADMIN_PASSWORD)
    try:
        added = s.archive.db.conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'student_added'"
        ).fetchone()[0]
        assert added == 2 * N
        assert audit.read_anchor(s.archive) == audit.head(s.archive.db.conn)
    finally:
        s.close()


@pytest.mark.parametrize("pause", ["0", "0.005"])
def test_read_modify_write_counter_has_no_lost_update(unbound_root, pause):
    """Back to back (the second writer waits on the lock) and interleaved."""
    a, b = run_pair(unbound_root, "--counter", str(N), "--pause", pause)
    assert len(a) == len(b) == N
    # Each value was written exactly once: the increments were serialised.
    assert sorted(a + b) == list(range(1, 2 * N + 1))
    if pause != "0":
        assert interleavings(a, b) >= 2, (a, b)
    s = login(unbound_root, ADMIN, ADMIN_PASSWORD)
    try:
        value = s.archive.db.conn.execute(
            "SELECT value FROM settings WHERE key = 'crash-counter'"
        ).fetchone()[0]
        assert int(value) == 2 * N
        assert check_handle(s.archive).ok
    finally:
        s.close()


def hold_lock_in_child(root: Path, seconds: float):
    proc = start_writer(root, "--hold-lock", str(seconds))
    assert read_line(proc, 30).strip() == "locked"
    return proc


def test_second_writer_waits_then_gets_archive_busy(archive):
    h = archive.session.archive
    holder = hold_lock_in_child(h.layout.root, 30)
    try:
        db = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock, busy_timeout=0.4)
        t0 = time.monotonic()
        with pytest.raises(ArchiveBusy), db.atomic() as conn:
            conn.execute("INSERT INTO settings VALUES ('x', 'y')")
        waited = time.monotonic() - t0
        assert 0.35 <= waited < 5, waited
        assert not db.in_transaction
        db.close()
        # Through a service: the session's writer gets the same clear error, and nothing is written.
        before = students.count_students(archive.session)
        h.db.close()
        h.db = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock, busy_timeout=0.3)
        with pytest.raises(ArchiveBusy):
            students.add_student(archive.session, student(1))
        assert students.count_students(archive.session) == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
        holder.stderr.close()  # type: ignore[union-attr]
    # Once the other process is gone (its lock goes with it), writing works again.
    students.add_student(archive.session, student(1))
    assert students.count_students(archive.session) == before + 1


def test_second_writer_waits_and_proceeds_when_the_lock_is_released_in_time(archive):
    h = archive.session.archive
    holder = hold_lock_in_child(h.layout.root, 0.6)
    try:
        t0 = time.monotonic()
        students.add_student(archive.session, student(2))  # 5 s busy timeout
        waited = time.monotonic() - t0
        assert waited >= 0.3, waited  # it really waited for the other process
        assert holder.wait(10) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
        holder.stderr.close()  # type: ignore[union-attr]
    assert students.count_students(archive.session) == 1


def test_lock_is_exclusive_between_threads_too(tmp_path):
    lock_a = InterProcessLock(tmp_path / "writer.lock", timeout=0.2)
    lock_b = InterProcessLock(tmp_path / "writer.lock", timeout=0.2)
    lock_a.acquire()
    try:
        errors: list[BaseException] = []

        def other() -> None:
            try:
                lock_b.acquire()
                lock_b.release()
            except BaseException as exc:
                errors.append(exc)

        t = threading.Thread(target=other)
        t.start()
        t.join(5)
        assert len(errors) == 1 and isinstance(errors[0], ArchiveBusy)
    finally:
        lock_a.release()
    lock_b.acquire()
    lock_b.release()


def test_reader_reads_while_a_writer_holds_a_transaction_open(archive):
    h = archive.session.archive
    students.add_student(archive.session, student(3))
    reader = h.db.reader()
    try:
        with h.db.atomic() as conn:
            conn.execute("UPDATE students SET name = '改名中' WHERE student_no = 'S0003'")
            conn.execute("INSERT INTO settings VALUES ('pending', '1')")
            t0 = time.monotonic()
            # The reader sees the last committed state at once, without waiting for the writer.
            name = reader.execute("SELECT name FROM students WHERE student_no = 'S0003'")
            assert name.fetchone()[0] == "测试学生三"
            assert reader.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
            assert time.monotonic() - t0 < 1.0
            # A second reader opened during the transaction too.
            other = h.db.reader()
            assert other.execute("SELECT count(*) FROM students").fetchone()[0] == 1
            other.close()
        name = reader.execute("SELECT name FROM students WHERE student_no = 'S0003'")
        assert name.fetchone()[0] == "改名中"
    finally:
        reader.close()


def test_lock_nests_in_its_owner_thread_and_other_threads_still_time_out(tmp_path):
    lock = InterProcessLock(tmp_path / "writer.lock", timeout=0.3)

    def try_from_another_thread() -> float | None:
        """Seconds waited before ArchiveBusy, or None if the other thread got the lock."""
        out: list[float | None] = []

        def other() -> None:
            t0 = time.monotonic()
            try:
                lock.acquire()
            except ArchiveBusy:
                out.append(time.monotonic() - t0)
                return
            lock.release()
            out.append(None)

        t = threading.Thread(target=other)
        t.start()
        t.join(10)
        assert not t.is_alive() and len(out) == 1
        return out[0]

    lock.acquire()
    lock.acquire()  # the owner nests without waiting on itself
    try:
        waited = try_from_another_thread()
        assert waited is not None and 0.25 <= waited < 5, waited
        lock.release()  # depth 2 -> 1: still held
        assert lock.held_by_me
        waited = try_from_another_thread()
        assert waited is not None and 0.25 <= waited < 5, waited
        # Another thread cannot release what it does not hold.
        errors: list[BaseException] = []

        def release_elsewhere() -> None:
            try:
                lock.release()
            except BaseException as exc:
                errors.append(exc)

        t = threading.Thread(target=release_elsewhere)
        t.start()
        t.join(5)
        assert len(errors) == 1 and isinstance(errors[0], RuntimeError)
        assert lock.held_by_me
    finally:
        lock.release()  # depth 1 -> 0: released for real
    assert not lock.held
    assert try_from_another_thread() is None
    # A second process-level instance (another Database) can take it again too.
    other = InterProcessLock(tmp_path / "writer.lock", timeout=0.3)
    other.acquire()
    other.release()


def test_writer_lock_holds_the_lock_without_a_transaction(archive, tmp_path):
    h = archive.session.archive
    other = Database(h.layout.db, h.keys.data_key, h.layout.writer_lock, busy_timeout=0.3)
    busy: list[BaseException] = []

    def write_from_other_thread() -> None:
        try:
            with other.atomic() as conn:
                conn.execute("INSERT INTO settings VALUES ('other', '1')")
        except BaseException as exc:
            busy.append(exc)

    try:
        with h.db.writer_lock():
            assert not h.db.in_transaction and not h.db.conn.in_transaction
            # ATTACH (the pre-migration copy) works here: no transaction is open.
            export_copy(h.db.conn, tmp_path / "copy.db", h.keys.data_key)
            with h.db.atomic() as conn:  # re-entrant
                conn.execute("INSERT INTO settings VALUES ('inner', '1')")
                with h.db.writer_lock():  # and the other way round
                    conn.execute("INSERT INTO settings VALUES ('inner2', '1')")
            assert not h.db.conn.in_transaction  # committed by the inner atomic()
            t = threading.Thread(target=write_from_other_thread)
            t.start()
            t.join(10)
            assert len(busy) == 1 and isinstance(busy[0], ArchiveBusy)
        # Released: the other writer gets through now.
        write_from_other_thread()
        assert len(busy) == 1
        keys = {r[0] for r in h.db.conn.execute("SELECT key FROM settings")}
        assert {"inner", "inner2", "other"} <= keys
    finally:
        other.close()
