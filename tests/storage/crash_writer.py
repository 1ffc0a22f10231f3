"""Child process for the crash and concurrency tests (run as a script, never imported by pytest).

    python crash_writer.py ARCHIVE_DIR USER [--seed N] [--tag T] [--count N | --counter N]
    python crash_writer.py ARCHIVE_DIR --hold-lock SECONDS

The password comes from the environment variable ``XUEJI_CRASH_PASSWORD`` (never from argv).

Default mode: log in through ``services.archive.login`` and add students with random valid data
through ``services.students.add_student`` forever, writing ``<id>`` to stdout and flushing only
AFTER ``add_student`` has returned (so every line the parent reads is an acknowledged commit).
Each student gets 1-3 family members, and its ``home_address`` says how many, so the parent can
tell a half transaction from a whole one.

``--count N``   add exactly N students, then exit 0 (retrying a random ID number that collides).
``--counter N`` N read-modify-write increments of ``settings['crash-counter']``, each inside
                ``db.atomic()``; prints each value written.
``--go FILE``   after logging in (and printing ``ready``), wait until FILE exists: lets the
                parent start two writers at the same moment.
``--pause S``   sleep S seconds between transactions (outside the lock), so two writers interleave.
``--hold-lock`` take the archive's writer lock (``storage.lock.InterProcessLock``), print
                ``locked``, sleep, release, exit.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import DuplicateRecord
from xueji_desktop.core.id_number import check_char
from xueji_desktop.services import students
from xueji_desktop.services.archive import login
from xueji_desktop.storage.layout import ArchiveLayout
from xueji_desktop.storage.lock import InterProcessLock

PASSWORD_ENV = "XUEJI_CRASH_PASSWORD"
COUNTER_KEY = "crash-counter"

REGIONS = ("110105", "310104", "440106", "510107", "330106", "420102", "610113", "370102")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红"
RELATIONS = ("父亲", "母亲", "祖父", "祖母")


def family_marker(n: int) -> str:
    """The ``home_address`` of a crash-writer student: how many family members it must have."""
    return f"crash-writer family={n}"


def random_student(rng: random.Random, tag: str, n: int) -> dict[str, Any]:
    birth = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(6 * 365))
    seq = rng.randrange(1000)
    first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{seq:03d}"
    id_number = first17 + check_char(first17)
    gender = "1" if seq % 2 else "2"
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    k = rng.randint(1, 3)
    family = [
        {
            "relation": RELATIONS[i],
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "phone": f"13{rng.randrange(10**9):09d}",
            "is_guardian": i == 0,
        }
        for i in range(k)
    ]
    return {
        "student_no": f"{tag}{os.getpid()}-{n}-{rng.randrange(10**6):06d}",
        "name": name,
        "gender": gender,
        "birth_date": birth.isoformat(),
        "id_number": id_number,
        "home_address": family_marker(k),
        "family_members": family,
    }


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def add_students(
    session: Any, rng: random.Random, tag: str, count: int | None, pause: float = 0.0
) -> None:
    done = 0
    attempt = 0
    while count is None or done < count:
        attempt += 1
        try:
            sid = students.add_student(session, random_student(rng, tag, attempt)).student_id
        except DuplicateRecord:
            continue  # a random ID number collided: nothing was committed
        _emit(str(sid))  # only after the commit has returned
        done += 1
        if pause:
            time.sleep(pause)


def bump_counter(session: Any, times: int, pause: float = 0.0) -> None:
    db = session.archive.db
    for _ in range(times):
        with db.atomic() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (COUNTER_KEY,))
            got = row.fetchone()
            value = (int(got[0]) if got else 0) + 1
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (COUNTER_KEY, str(value)),
            )
        _emit(str(value))
        if pause:
            time.sleep(pause)


def hold_lock(root: Path, seconds: float) -> None:
    lock = InterProcessLock(ArchiveLayout(root).writer_lock, timeout=10.0)
    lock.acquire()
    _emit("locked")
    time.sleep(seconds)
    lock.release()
    _emit("released")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("archive")
    p.add_argument("user", nargs="?", default="admin")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--tag", default="K")
    p.add_argument("--go", default=None)
    p.add_argument("--pause", type=float, default=0.0)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--count", type=int, default=None)
    group.add_argument("--counter", type=int, default=None)
    group.add_argument("--hold-lock", type=float, default=None)
    args = p.parse_args(argv)
    root = Path(args.archive)
    if args.hold_lock is not None:
        hold_lock(root, args.hold_lock)
        return 0
    rng = random.Random(args.seed)
    session = login(root, args.user, os.environ[PASSWORD_ENV])
    try:
        _emit("ready")
        if args.go is not None:
            go = Path(args.go)
            deadline = time.monotonic() + 60
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.002)
        if args.counter is not None:
            bump_counter(session, args.counter, args.pause)
        else:
            add_students(session, rng, args.tag, args.count, args.pause)
    finally:
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
