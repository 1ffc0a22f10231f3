"""Student import of a 10,000-row new-student sheet (issue 6 §7).

Generates the records of benchmarks/validation.py (template labels, labels for codes, varied
names/IDs/regions/phones, one or two family members), writes them as a national-template
.xlsx (openpyxl write-only, in memory; the file lives in a temporary folder that is removed),
creates a fresh archive (fast test KDF) with the majors and classes the rows name, and times in
one run:

  1. the bare read: python-calamine reading every cell of the sheet (services/sheets.read_sheet);
  2. the dry run: plan_students (full validation, duplicate checks within the file and against
     the archive);
  3. the commit: commit_students (which re-plans inside its transaction, then inserts);
  4. a second dry run against the filled archive (every row now "unchanged").

Each is printed in seconds and as a ratio to the bare read. Goals: dry run under 1.5 s, commit
under 1 s more. Prints, never asserts.

Run: .venv/bin/python benchmarks/excel_import.py [--rows N] [--runs N] [--columns 30]
"""

from __future__ import annotations

import argparse
import datetime
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from validation import make_records

from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS
from xueji_desktop.core.majors import MAJORS
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.import_students import commit_students, plan_students
from xueji_desktop.services.sheets import read_sheet
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

TODAY = datetime.date(2026, 1, 1)
MEMBERS = 2


def sheet_bytes(records: list[dict[str, Any]], columns: int | None = None) -> bytes:
    """The national template (78 columns: 54 fields, two family members), or its first
    ``columns`` columns (30: the size of the issue's read/write figures)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("新生")
    header = [f.label for f in STUDENT_FIELDS]
    for n in range(1, MEMBERS + 1):
        header += [f"成员{n}{f.label}" for f in FAMILY_FIELDS]
    ws.append(header[:columns])
    for record in records:
        row = [record.get(f.label, "") for f in STUDENT_FIELDS]
        family = record.get("家庭成员", [])
        assert isinstance(family, list)
        for n in range(MEMBERS):
            member = family[n] if n < len(family) else {}
            row += [member.get(f.label, "") for f in FAMILY_FIELDS]
        ws.append(row[:columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def archive_for(root: Path) -> Any:
    created = archive_service.create_archive(
        root, school_name="导入基准职业中专", admin="bench", password="bench-passphrase-1",
        kdf=FAST_FOR_TESTS, binding="none",
    )  # fmt: skip
    session = created.session
    with session.archive.db.atomic() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO majors (code, name, catalogue_version, program_length) "
            "VALUES (?,?,?,3)",
            [(m.code, m.name, m.catalogue_version) for m in MAJORS],
        )
        for n in range(1, 20):
            conn.execute(
                "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
                "graduation_year) VALUES (?,?,?,?,?,?)",
                (f"2025-{n}", f"2025级{n}班", 2025, MAJORS[0].code, "李老师", 2028),
            )
    return session


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def one_run(data: bytes, folder: Path, run: int) -> dict[str, float]:
    path = folder / f"students-{run}.xlsx"
    path.write_bytes(data)
    read_s, sheet = timed(lambda: read_sheet(path))
    session = archive_for(folder / f"archive-{run}")
    try:
        plan_s, plan = timed(lambda: plan_students(session, sheet, today=TODAY))
        counts = plan.counts()
        commit_s, result = timed(lambda: commit_students(session, sheet, plan, today=TODAY))
        again_s, again = timed(lambda: plan_students(session, sheet, today=TODAY))
    finally:
        session.close()
    print(
        f"  run {run}: read {read_s:.3f} s, dry run {plan_s:.3f} s, commit {commit_s:.3f} s, "
        f"dry run again {again_s:.3f} s; plan {counts}, added {result.added}, "
        f"again {again.counts()['unchanged']} unchanged"
    )
    return {"read": read_s, "plan": plan_s, "commit": commit_s, "again": again_s}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--columns", type=int, default=None, help="only the first N columns")
    args = parser.parse_args()
    records = make_records(args.rows)
    for record in records:  # the rows name the benchmark archive's classes and majors
        record["专业"] = MAJORS[0].code
    data = sheet_bytes(records, args.columns)
    width = args.columns or len(STUDENT_FIELDS) + MEMBERS * len(FAMILY_FIELDS)
    print(f"{args.rows:,} rows x {width} columns, "
          f"{len(data) / 1e6:.1f} MB")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="xueji-import-bench-") as tmp:
        runs = [one_run(data, Path(tmp), n) for n in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    read = med["read"]
    print(
        f"median of {args.runs}: bare read {read:.3f} s; dry run {med['plan']:.3f} s "
        f"({med['plan'] / read:.1f}x the read; goal < 1.5 s); commit {med['commit']:.3f} s "
        f"({med['commit'] / read:.1f}x; goal < 1 s); dry run against the filled archive "
        f"{med['again']:.3f} s ({med['again'] / read:.1f}x)"
    )


if __name__ == "__main__":
    main()
