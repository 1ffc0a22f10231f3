"""Export of 10,000 students in the national template layout (issue 6 §7), against openpyxl.

Measures ``services.exports.export_students`` end to end (read the records and family members,
labels for codes, the workbooks built in memory, files of ≤ 3 sheets × 2000 rows written
atomically, the audit entry) on the cached benchmark archive (benchmarks/gen_archive.py), and, in
the same run, the bare openpyxl write-only write of the very same cells into a BytesIO (no styles,
no checks), which is what the issue's ratio is taken against. The openpyxl write is slow here (no
lxml: openpyxl falls back to the pure-Python et_xmlfile), so it runs fewer times.

Run: .venv/bin/python benchmarks/excel_export.py [--students 10000] [--runs 5] [--bare-runs 1]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_archive import open_bench

from xueji_desktop.core.fields import FAMILY_FIELDS
from xueji_desktop.services import exports, xlsx_out


def bare_openpyxl(rows: list[list[object]], headers: list[str]) -> float:
    """openpyxl write-only, the same cells split the same way, saved into memory."""
    from openpyxl import Workbook

    t0 = time.perf_counter()
    for part in xlsx_out.chunks(rows):
        wb = Workbook(write_only=True)
        for block in part:
            ws = wb.create_sheet()
            ws.append(headers)
            for row in block:
                ws.append(row)
        wb.save(io.BytesIO())
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--students", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bare-runs", type=int, default=1)
    args = ap.parse_args()
    session, root = open_bench(args.students)
    conn = session.archive.db.conn

    family = [f.name for f in FAMILY_FIELDS]
    t0 = time.perf_counter()
    _, rows = exports._fetch(conn, exports._Chosen(), exports.TEMPLATE_FIELDS, family=family,
                             after=exports.ARCHIVE_FIELDS)  # fmt: skip
    read = time.perf_counter() - t0
    headers = [c.header for c in exports.student_columns()]
    t0 = time.perf_counter()
    for part in xlsx_out.chunks(rows):
        sheets = [xlsx_out.SheetOut("学生信息", exports.student_columns(), b) for b in part]
        xlsx_out.workbook_bytes(sheets)
    build = time.perf_counter() - t0

    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs):
            t0 = time.perf_counter()
            paths = exports.export_students(session, Path(folder) / "学生.xlsx", overwrite=True)
            times.append(time.perf_counter() - t0)
        sizes = [p.stat().st_size for p in paths]
    bare = [bare_openpyxl(rows, headers) for _ in range(args.bare_runs)]

    cells = len(rows) * len(headers)
    median, bare_median = statistics.median(times), statistics.median(bare)
    print(f"archive: {root} ({len(rows)} students, {len(headers)} columns, {cells:,} cells)")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(f"export_students end to end: median {median:.2f} s, min {min(times):.2f} s "
          f"({args.runs} runs); {len(sizes)} files, {sum(sizes) / 1e6:.1f} MB")  # fmt: skip
    print(f"  of which: reading + labels {read:.2f} s, workbooks in memory {build:.2f} s")
    print(f"bare openpyxl write-only of the same cells: median {bare_median:.2f} s "
          f"({args.bare_runs} runs)")  # fmt: skip
    print(f"ratio export / bare openpyxl write: {median / bare_median:.3f}")
    print("goal: under 2.5 s —", "met" if median < 2.5 else "NOT met")


if __name__ == "__main__":
    main()
