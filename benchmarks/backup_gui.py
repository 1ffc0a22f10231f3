"""Does the GUI stay responsive while a backup runs? (issue 7 §6)

Runs ``make_backup`` the way the app does — on the SessionWorker thread — while the GUI thread's
event loop runs a 10 ms QTimer, and reports how late the ticks came: the longest gap between two
ticks and the 99th percentile. A gap well above 10 ms means the GUI thread waited (on the GIL, a
lock, or work done on it by mistake). Never asserts.

Uses an archive made by ``benchmarks/backup.py --keep`` (``--reuse DIR``: the work folder holding
``archive/``), offscreen Qt.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/backup_gui.py --reuse /tmp/benchE-200
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import backup, backup_drives
from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from xueji_desktop.ui.worker import SessionWorker


def measure(root: Path, runs: int) -> list[dict[str, float]]:
    app = QApplication.instance() or QApplication([])
    session = archive_service.login(root, DEMO_ADMIN, DEMO_PASSWORD)
    worker = SessionWorker()
    out: list[dict[str, float]] = []
    try:
        for _ in range(runs):
            drive = Path(tempfile.mkdtemp(prefix="gui-drive-", dir=root.parent))
            identity = backup_drives.enroll_drive(session, drive, label="bench")
            ticks: list[float] = []
            timer = QTimer()
            timer.setInterval(10)
            timer.timeout.connect(lambda t=ticks: t.append(time.perf_counter()))
            done: list[object] = []
            start = time.perf_counter()
            timer.start()
            worker.run(
                lambda d=drive: backup.make_backup(session, d),
                on_done=done.append,
                on_error=done.append,
            )
            while not done:
                app.processEvents()
                time.sleep(0.001)
            timer.stop()
            took = time.perf_counter() - start
            if isinstance(done[0], BaseException):
                raise done[0]
            gaps = [b - a for a, b in itertools.pairwise(ticks)] or [took]
            out.append(
                {
                    "backup_s": round(took, 2),
                    "ticks": len(ticks),
                    "max_gap_ms": round(max(gaps) * 1000, 1),
                    "p99_gap_ms": round(statistics.quantiles(gaps, n=100)[98] * 1000, 1)
                    if len(gaps) >= 100
                    else round(max(gaps) * 1000, 1),
                    "median_gap_ms": round(statistics.median(gaps) * 1000, 1),
                }
            )
            backup_drives.forget_drive(session, identity.drive_id)
            shutil.rmtree(drive, ignore_errors=True)
    finally:
        worker.shutdown(session.close)
        worker.wait()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, required=True, help="work folder of backup.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure(args.reuse / "archive", args.runs)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print("GUI event loop while make_backup runs on the worker (10 ms timer):")
    for r in results:
        print(
            f"  backup {r['backup_s']:.2f} s, {r['ticks']} ticks, gap median "
            f"{r['median_gap_ms']} ms, p99 {r['p99_gap_ms']} ms, max {r['max_gap_ms']} ms"
        )


if __name__ == "__main__":
    main()
