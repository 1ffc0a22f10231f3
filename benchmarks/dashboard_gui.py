"""Issue 9 §5 figure for the statistics page (统计) on the 100,000-student benchmark archive.

    .venv/bin/python benchmarks/gen_archive.py --students 100000   # once: makes the archive
    .venv/bin/python benchmarks/dashboard_gui.py [--students N] [--runs 5] [--health]

Offscreen, the real ``StatisticsPage`` on a real ``SessionWorker``:

0. ``dashboard()`` called directly (the service's share), then
1. page activation to every dashboard table filled: a new page is built and shown, the clock
   starts, ``activate()`` is called and the clock stops when ``loaded`` fires (the filter
   choices, ``statistics_dashboard.dashboard`` on the worker, and the cards, tables and charts
   filled on the GUI thread). The session is already open (login: benchmarks/ui_students.py).
2. a change of filter (an intake year) to the tables filled again, and the same for "as it stood
   on" a date (the 250 ms pause that gathers a burst of changes is left out: ``reload()``).
3. the "by class" tab, and with ``--health`` the data-health counts (seconds: the whole report).

It uses the archive ``gen_archive.py`` left (never generates one: run that first). It reports,
never asserts.
"""

# ruff: noqa: B023 - each closure runs inside the iteration that made it (a local event loop)
from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUEJI_LANG", "zh")
os.environ.setdefault("XUEJI_UI_SETTINGS", str(Path(tempfile.gettempdir()) / "xueji-bench-ui.ini"))

from gen_archive import ADMIN, PASSWORD, bench_dir

TODAY = datetime.date(2026, 11, 16)


def timed(signal: object, start: Callable[[], None], timeout_ms: int = 120_000) -> float:
    """Seconds from ``start()`` until ``signal`` fires (a local event loop meanwhile)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)  # type: ignore[attr-defined]
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    t0 = time.perf_counter()
    start()
    if not fired:
        loop.exec()
    elapsed = time.perf_counter() - t0
    signal.disconnect(done)  # type: ignore[attr-defined]
    if not fired:
        raise SystemExit("timed out waiting for the page")
    return elapsed


def ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:.0f} ms, min {min(values) * 1000:.0f} ms, "
        f"max {max(values) * 1000:.0f} ms ({len(values)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--health", action="store_true", help="also time the data-health card")
    args = parser.parse_args()
    root = bench_dir(args.students)
    if not (root / "archive.json").exists():
        raise SystemExit(f"no benchmark archive at {root}: run gen_archive.py --students N first")

    from PySide6.QtWidgets import QApplication

    from xueji_desktop.services import archive as archive_service
    from xueji_desktop.ui import gc_guard, i18n
    from xueji_desktop.ui.pages import PageContext
    from xueji_desktop.ui.statistics_page import StatisticsPage
    from xueji_desktop.ui.worker import SessionWorker

    app = QApplication([])
    gc_guard.install(app)
    i18n.install_translators(app)
    worker = SessionWorker()
    session = archive_service.login(root, ADMIN, PASSWORD)
    count = session.archive.db.conn.execute(
        "SELECT count(*) FROM students WHERE voided = 0"
    ).fetchone()[0]
    print(f"archive {root}: {count:,} students")

    from xueji_desktop.services.statistics import StatFilter
    from xueji_desktop.services.statistics_dashboard import dashboard

    service: list[float] = []
    for _ in range(args.runs):  # the service alone, for the share of the page's own work
        t0 = time.perf_counter()
        dashboard(session, filters=StatFilter(), as_of=None)
        service.append(time.perf_counter() - t0)
    print(f"statistics_dashboard.dashboard() alone: {ms(service)}")

    opens: list[float] = []
    page: StatisticsPage | None = None
    for _ in range(args.runs):
        if page is not None:
            page.close()
            page.deleteLater()
            app.processEvents()
        page = StatisticsPage(PageContext(session, worker))
        page.resize(1360, 900)
        page.show()
        app.processEvents()
        opens.append(timed(page.loaded, lambda: page.activate(today=TODAY)))
    assert page is not None
    filled = sum(1 for card in page.cards.values() if card.table() is not None)
    print(f"page activation to {filled} dashboard tables filled: {ms(opens)}")

    bar = page.filter_bar
    years = [bar.intake_combo.itemData(i) for i in range(1, bar.intake_combo.count())]
    filters: list[float] = []
    for n in range(args.runs):

        def pick(n: int = n) -> None:
            bar.blockSignals(True)
            bar.intake_combo.setCurrentIndex(1 + n % max(1, len(years)))
            bar.blockSignals(False)
            page.reload()

        filters.append(timed(page.loaded, pick))
    print(f"intake filter changed to tables filled: {ms(filters)}")

    dates: list[float] = []
    for n in range(args.runs):

        def as_of(n: int = n) -> None:
            bar.blockSignals(True)
            bar.intake_combo.setCurrentIndex(0)
            bar.set_as_of(TODAY - datetime.timedelta(days=90 * (n + 1)))
            bar.blockSignals(False)
            page.reload()

        dates.append(timed(page.loaded, as_of))
    print(f'"as it stood on" a date to tables filled: {ms(dates)}')
    bar.blockSignals(True)
    bar.set_as_of(None)
    bar.blockSignals(False)

    classes = timed(page.classes.loaded, lambda: page.tabs.setCurrentWidget(page.classes))
    rows = page.classes.table_card.model.rowCount()
    print(f"by class tab ({rows} rows): {classes * 1000:.0f} ms")
    if args.health:
        card = page.cards["health"]
        health = timed(card.model.modelReset, page.health_button.click, timeout_ms=600_000)
        print(f"data-health counts: {health:.1f} s")
    worker.shutdown(session.close)


if __name__ == "__main__":
    main()
