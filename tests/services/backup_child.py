"""Child process for tests/services/test_backup_crash.py: makes backups until it is killed.

backup_child.py loop ROOT DRIVE --seed N --slot K
    logs in (password in XUEJI_CRASH_PASSWORD), prints "ready", then repeats at random: a new
    scan attached and a verified backup, a scheduled (pending) backup, or the completion of the
    pending ones; prints "ok <what>" after each. Every backup is dated a year after the one
    before (slot K gives this child its own range of years), so the retention policy keeps
    every one and any backup that disappears was lost, not pruned.
backup_child.py fsize ROOT DRIVE LIMIT
    a scheduled backup with the file-size limit (RLIMIT_FSIZE) set to LIMIT bytes; prints the
    error code it ended with ("ok" when none).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.services import attachments, backup
from xueji_desktop.services.archive import login

YEAR = 366 * 86400.0
BASE = 1_800_000_000.0  # 2027
OPS_PER_CHILD = 20


def loop(root: Path, drive: Path, seed: int, slot: int) -> None:
    rng = random.Random(seed)
    session = login(root, "admin", os.environ["XUEJI_CRASH_PASSWORD"])
    student = int(session.archive.db.conn.execute("SELECT min(id) FROM students").fetchone()[0])
    print("ready", flush=True)
    for n in range(OPS_PER_CHILD):
        when = BASE + (slot * OPS_PER_CHILD + n) * YEAR
        what = rng.choice(("make", "make", "scheduled", "complete"))
        if what == "make":
            scan = b"%PDF-1.7\n" + rng.randbytes(rng.randrange(1000, 300_000)) + b"\n%%EOF\n"
            attachments.attach(session, student, "id_copy", scan, "application/pdf")
            session.archive.clock = lambda when=when: when
            backup.make_backup(session, drive)
        elif what == "scheduled":
            backup.clock = lambda when=when: when
            backup.scheduled_backup(root, drive)
        else:
            backup.complete_pending(session)
        print(f"ok {what}", flush=True)
    print("finished", flush=True)
    session.close()


def fsize(root: Path, drive: Path, limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    backup.clock = lambda: BASE
    try:
        backup.scheduled_backup(root, drive)
    except XuejiError as exc:
        reason = exc.fields.get("reason")
        print(f"{exc.code}:{reason}" if reason else exc.code, flush=True)
        return
    print("ok", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("loop", "fsize"))
    parser.add_argument("root", type=Path)
    parser.add_argument("drive", type=Path)
    parser.add_argument("limit", type=int, nargs="?", default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slot", type=int, default=0)
    args = parser.parse_args()
    if args.mode == "loop":
        loop(args.root, args.drive, args.seed, args.slot)
    else:
        fsize(args.root, args.drive, args.limit)


if __name__ == "__main__":
    main()
