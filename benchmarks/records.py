"""Records figures (issue 3 §7) on the generated archive (benchmarks/gen_archive.py).

Prints, never asserts:
  1. an indexed lookup (学号 = ?) in µs;
  2. ``name LIKE '王伟%'`` (a scan) against the same prefix as an index range;
  3. FTS5 trigram: 2- vs 3-character names, and partial ID numbers FTS5 vs suffix keys;
  4. SQLCipher vs plain SQLite (same engine, no key) with the default and a large page cache;
  5. search_students p50/p95 for names, 拼音首字母, full pinyin and partial ID numbers;
  6. likely duplicates over the archive and the data-health report.

Run: .venv/bin/python benchmarks/records.py [--students N] [--queries Q]
The FTS5 table is built as search_bench_fts (search_*: outside the content hash) and dropped.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gen_archive import open_bench

from xueji_desktop.services.duplicates import all_likely_duplicates
from xueji_desktop.services.health import health_report
from xueji_desktop.services.search import prefix_range, search_students
from xueji_desktop.storage import connection


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ms(samples: list[float]) -> str:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(len(s) * 0.95))]
    median = statistics.median(s) * 1000
    return f"p50 {median:8.2f} ms  p95 {p95 * 1000:8.2f} ms  max {s[-1] * 1000:8.2f} ms"


def lookups(conn: Any, numbers: list[str]) -> None:
    t = time.perf_counter()
    for n in numbers:
        conn.execute("SELECT id, name FROM students WHERE student_no = ?", (n,)).fetchone()
    per = (time.perf_counter() - t) / len(numbers)
    print(f"1. indexed lookup by 学号: {per * 1e6:.1f} µs per query ({len(numbers)} queries)")


def like_vs_range(conn: Any) -> None:
    lo, hi = prefix_range("王伟")
    like = timed(
        lambda: conn.execute("SELECT count(*) FROM students WHERE name LIKE '王伟%'").fetchone(), 7
    )
    rng = timed(
        lambda: conn.execute(
            "SELECT count(*) FROM students WHERE name >= ? AND name < ?", (lo, hi)
        ).fetchone(),
        7,
    )
    n = conn.execute("SELECT count(*) FROM students WHERE name >= ? AND name < ?", (lo, hi))
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM students WHERE name LIKE '王伟%'")
    print(f"2. LIKE '王伟%' ({n.fetchone()[0]} rows; plan: {plan.fetchall()[0][3]}): {ms(like)}")
    print(f"   index range name >= '王伟' AND name < '王伥':      {ms(rng)}")


def fts(conn: Any, ids: list[str]) -> None:
    conn.execute("DROP TABLE IF EXISTS search_bench_fts")
    t = time.perf_counter()
    conn.execute(
        "CREATE VIRTUAL TABLE search_bench_fts USING fts5(name, id_number, tokenize='trigram')"
    )
    conn.execute(
        "INSERT INTO search_bench_fts (rowid, name, id_number) "
        "SELECT id, name, id_number FROM students"
    )
    build = time.perf_counter() - t
    pages = conn.execute("SELECT count(*) FROM search_bench_fts_data").fetchone()[0]
    print(f"3. FTS5 trigram table built in {build:.1f} s ({pages} data rows)")
    three = conn.execute(
        "SELECT name FROM students WHERE length(name) = 3 GROUP BY name "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    for q in ("王伟", three, "欧阳", three[1:]):
        try:
            n = conn.execute(
                "SELECT count(*) FROM search_bench_fts WHERE name MATCH ?", (f'"{q}"',)
            ).fetchone()[0]
        except Exception as exc:  # report whatever FTS5 says
            n = f"error {exc}"
        real = conn.execute("SELECT count(*) FROM students WHERE instr(name, ?) > 0", (q,))
        print(
            f"   MATCH '{q}' ({len(q)} chars): {n} rows; true substring count {real.fetchone()[0]}"
        )
    parts = [i[6:14] for i in ids]
    fts_t = timed_each(
        conn,
        "SELECT rowid FROM search_bench_fts WHERE id_number MATCH ? LIMIT 200",
        [(f'"{p}"',) for p in parts],
    )
    keys = []
    for p in parts:
        lo, hi = prefix_range(p)
        keys.append((lo, hi))
    suf_t = timed_each(
        conn,
        "SELECT DISTINCT student_id FROM search_keys WHERE key >= ? AND "
        "key < ? AND source = 'id_part' LIMIT 200",
        keys,
    )
    print(f"   partial ID (8 digits) FTS5 trigram:  {ms(fts_t)}")
    print(f"   partial ID (8 digits) suffix keys:   {ms(suf_t)}")
    conn.execute("DROP TABLE search_bench_fts")


def timed_each(conn: Any, sql: str, params: list[tuple[Any, ...]]) -> list[float]:
    out = []
    for p in params:
        t = time.perf_counter()
        conn.execute(sql, p).fetchall()
        out.append(time.perf_counter() - t)
    return out


WORKLOAD = (
    ("scan students (100k rows)", "SELECT count(*) FROM students WHERE phone LIKE '%88%'", ()),
    ("scan search_keys", "SELECT count(*) FROM search_keys WHERE source = 'initials'", ()),
    ("scan grades (all rows)", "SELECT count(*), avg(score) FROM grades NOT INDEXED", ()),
)


def cipher_vs_plain(root: Path, key: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.db"
        enc = connection.open_connection(root / "xueji.db", key, readonly=True)
        enc.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        enc.execute("SELECT sqlcipher_export('plain')")
        enc.execute("DETACH DATABASE plain")
        enc.close()
        print("4. SQLCipher vs plain SQLite (same engine), warm, median of 5:")
        for cache in (-2000, -1_000_000):
            for label, open_ in (
                (
                    "sqlcipher",
                    lambda: connection.open_connection(root / "xueji.db", key, readonly=True),
                ),
                ("plain    ", lambda: connection.sqlcipher3.connect(str(plain))),
            ):
                c = open_()
                c.execute(f"PRAGMA cache_size = {cache}")
                for name, sql, params in WORKLOAD:
                    c.execute(sql, params).fetchall()  # warm the cache
                    t = timed_each(c, sql, [params] * 5)
                    print(
                        f"   cache {abs(cache) // 1000:>4} MB {label} {name:<28} "
                        f"{statistics.median(t) * 1000:8.1f} ms"
                    )
                c.close()


def searches(session: Any, rng: random.Random, queries: int) -> None:
    conn = session.archive.db.conn
    rows = conn.execute(
        "SELECT name, id_number FROM students ORDER BY random() LIMIT ?", (queries,)
    ).fetchall()
    from xueji_desktop.core.name_keys import pinyin_keys

    sets = {
        "name": [r[0] for r in rows],
        "name, first char": [r[0][:1] for r in rows],
        "拼音首字母": [sorted(pinyin_keys(r[0]).initials)[0] for r in rows],
        "full pinyin": [sorted(pinyin_keys(r[0]).full)[0] for r in rows],
        "partial ID (8 digits)": [r[1][6:14] for r in rows],
        "partial ID (last 6)": [r[1][-6:] for r in rows],
        "学号 prefix": ["2025" + str(rng.randrange(100))] * 1 + ["2024"] * (queries - 1),
    }
    print(f"5. search_students, {queries} queries each (limit 200), goal p95 < 50 ms:")
    for label, texts in sets.items():
        search_students(session, texts[0])  # warm
        t = [timed(lambda q=q: search_students(session, q), 1)[0] for q in texts]
        print(f"   {label:<24} {ms(t)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip", default="", help="comma list of sections to skip: 3,4")
    args = parser.parse_args()
    session, root = open_bench(args.students)
    conn = session.archive.db.conn
    rng = random.Random(7)
    numbers = [
        r[0] for r in conn.execute("SELECT student_no FROM students ORDER BY random() LIMIT 2000")
    ]
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id_number FROM students ORDER BY random() LIMIT ?", (args.queries,)
        )
    ]
    print(
        f"archive: {args.students} students, "  # noqa: S608
        f"{conn.execute('SELECT count(*) FROM grades').fetchone()[0]} grades, "
        f"{conn.execute('SELECT count(*) FROM search_keys').fetchone()[0]} search keys"
    )
    lookups(conn, numbers)
    like_vs_range(conn)
    skip = set(args.skip.split(","))
    if "3" not in skip:
        with session.archive.db.atomic() as c:
            fts(c, ids)
    if "4" not in skip:
        cipher_vs_plain(root, session.archive.keys.data_key)
    searches(session, rng, args.queries)
    t = timed(lambda: all_likely_duplicates(session), 3)
    groups = all_likely_duplicates(session)
    print(f"6. all_likely_duplicates: {len(groups)} groups, median {statistics.median(t):.2f} s")
    done: list[int] = []
    t0 = time.perf_counter()
    report = health_report(session, progress=lambda d, n: done.append(d))
    total = time.perf_counter() - t0
    print(f"   health_report: {len(report.findings)} findings in {total:.2f} s (goal < 10 s)")
    print("   counts: " + ", ".join(f"{k}={v}" for k, v in report.counts.items()))
    session.close()


if __name__ == "__main__":
    main()
