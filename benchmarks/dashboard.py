"""Statistics figures (issue 9 §1) on the generated archive (benchmarks/gen_archive.py).

Prints, never asserts (wall and CPU time): ``statistics_dashboard.dashboard()`` end to end
(now, as of a date, with a filter), then each table's own public call, the on-demand tables
(grade distribution, 教育事业统计 returns, work statistics) and the data-health counts. The
first call of each kind runs on a cold page cache; ``--runs`` repeats give the warm median.

Run: .venv/bin/python benchmarks/dashboard.py [--students N] [--runs R] [--skip-health]
     [--dashboard-only]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
from collections.abc import Callable
from typing import Any

from gen_archive import open_bench

from xueji_desktop.services import statistics as st
from xueji_desktop.services import statistics_rates as sr
from xueji_desktop.services.statistics_dashboard import dashboard, health_counts
from xueji_desktop.services.statistics_grades import grade_distribution
from xueji_desktop.services.statistics_returns import education_returns
from xueji_desktop.services.work_stats import work_statistics

AS_OF = datetime.date(2025, 12, 31)


def measure(label: str, fn: Callable[[], Any], runs: int) -> None:
    """Wall time (first call, then the median of the others) and the median CPU time of this
    process: on a machine shared with other jobs the wall time waits for a core, the CPU time
    does not."""
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    first, median = walls[0], statistics.median(walls[1:] or walls)
    cpu = statistics.median(cpus)
    print(
        f"{label:<40} first {first * 1000:7.0f} ms  median {median * 1000:7.0f} ms  "
        f"cpu {cpu * 1000:7.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-health", action="store_true")
    parser.add_argument("--dashboard-only", action="store_true", help="the three dashboard lines")
    args = parser.parse_args()
    t = time.perf_counter()
    session, _root = open_bench(args.students)
    print(f"opened in {time.perf_counter() - t:.1f} s; {args.students} students")
    conn = session.archive.db.conn
    term_id = conn.execute("SELECT id FROM terms ORDER BY start_date LIMIT 1").fetchone()[0]
    major = conn.execute("SELECT code FROM majors ORDER BY code LIMIT 1").fetchone()[0]
    runs = args.runs
    try:
        d = dashboard(session)
        print(f"dashboard: {d.student_total} students, outcomes of {d.graduation_year}")
        measure("dashboard()", lambda: dashboard(session), runs)
        measure("dashboard(as_of=2025-12-31)", lambda: dashboard(session, as_of=AS_OF), runs)
        one_major = st.StatFilter(major_code=major)
        measure("dashboard(filters=major)", lambda: dashboard(session, filters=one_major), runs)
        if args.dashboard_only:
            return
        for by in st.DIMENSIONS:
            measure(f"counts(by={by})", lambda by=by: st.counts(session, by=by), runs)
        measure(
            "counts(by=status, as_of)",
            lambda: st.counts(session, by="status", as_of=AS_OF),
            runs,
        )
        measure("status_changes_per_term", lambda: st.status_changes_per_term(session), runs)
        measure(
            "retention_per_intake(as_of)",
            lambda: sr.retention_per_intake(session, as_of=AS_OF),
            runs,
        )
        year = d.graduation_year or 2025
        measure(
            "graduate_outcomes",
            lambda: sr.graduate_outcomes(session, graduation_year=year),
            runs,
        )
        measure(
            "grade_distribution(by=course, term)",
            lambda: grade_distribution(session, by="course", term_id=term_id),
            runs,
        )
        measure(
            "grade_distribution(by=class, all terms)",
            lambda: grade_distribution(session, by="class_group", term_id=None),
            runs,
        )
        measure(
            "education_returns(2025, as_of)",
            lambda: education_returns(session, school_year=2025, as_of=AS_OF),
            runs,
        )
        measure(
            "work_statistics(one year)",
            lambda: work_statistics(
                session, since=datetime.date(2025, 1, 1), until=datetime.date(2026, 12, 31)
            ),
            runs,
        )
        if not args.skip_health:
            measure("health_counts", lambda: health_counts(session), min(runs, 2))
    finally:
        session.close()


if __name__ == "__main__":
    main()
