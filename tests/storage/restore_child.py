"""Child process of the restore-swap kill trials (run as a script, never imported by pytest).

    python restore_child.py ARCHIVE_DIR DRIVE_DIR BACKUP_ID

Logs in as ``admin`` (password from ``XUEJI_CRASH_PASSWORD``), prints ``ready``, then restores
the backup in place through ``services.restore.restore_in_place`` and prints ``done``. Each
fsync of the parent folder during the swap is followed by a short random pause, so that a kill
from the parent lands between the swap's steps as often as inside the build (the pauses are in
this child only, never in the product).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from xueji_desktop.services.archive import login
from xueji_desktop.services.restore import restore_in_place
from xueji_desktop.storage import restore_swap


def main() -> int:
    root, drive, backup_id = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    password = os.environ["XUEJI_CRASH_PASSWORD"]
    real_fsync_dir = restore_swap.fsync_dir

    def slow_fsync_dir(path: Path) -> None:
        real_fsync_dir(path)
        time.sleep(random.uniform(0.0, 0.06))

    restore_swap.fsync_dir = slow_fsync_dir  # type: ignore[assignment]
    session = login(root, "admin", password)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    restore_in_place(session, drive, backup_id, admin_password=password)
    sys.stdout.write("done\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
