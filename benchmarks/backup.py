"""Backup to the dedicated drive against restic, cp and the bare backup API (issue 7 §6).

The archive (generated once, or reused with ``--reuse DIR``): 4,000 students of the demo generator
(services/demo.load_demo_data: records, families, courses, grades) in a normal archive, then
scans attached with services/attachments.attach until database + blobs reach ``--size-mb``: A4
pages at 150-250 dpi (paper tone, text-like strokes, noise), JPEG, 1-3 MB each. Fast test KDF
(it runs at login only, never in a backup) and binding="none".

Measured in one run on the same disk, each method into a fresh folder in the work folder, the
archive's cached pages dropped first (sync + posix_fadvise DONTNEED: dropping the whole page cache
needs root, so a method that does not drop the pages it reads back may read them from memory):
  a. ours: make_backup onto an enrolled folder drive (copy, re-read from the device with SHA-256,
     deep checks of the copy, manifest, retention), again (incremental: the blobs are on the
     drive); scheduled_backup (no key: pending) onto a second drive, full then incremental;
  b. restic, when installed: ``init`` (not counted), ``backup`` of the archive folder, ``check
     --read-data``;
  c. ``cp -r`` of the archive folder + ``sync``;
  d. the SQLCipher backup API copy of the database (open_connection at both ends, same key) and
     the blobs copied with shutil + fsync; then every byte read back, or the database through
     ``PRAGMA integrity_check`` and the blobs' bytes.
Prints a table (or JSON) with the goals: faster than restic, within 1.5x of d. Never asserts.
``--profile``: cProfile of one more make_backup, and its checks timed one by one.

Run: .venv/bin/python benchmarks/backup.py [--size-mb 200] [--work DIR | --reuse DIR] [--keep]
     [--runs N] [--methods ours,restic,cp,api] [--profile] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.core.audit_chain import verify_chain
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import backup, backup_drives
from xueji_desktop.services.attachments import attach
from xueji_desktop.services.audit import iter_entries
from xueji_desktop.services.backup_verify import check_files
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_INTAKES, DEMO_PASSWORD, load_demo_data
from xueji_desktop.storage.backup_format import DriveLayout, read_manifest
from xueji_desktop.storage.connection import cipher_info, open_connection
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

GENERATOR_VERSION = 1
CHUNK = 1024 * 1024
RESTIC_PASSWORD = "xueji-backup-benchmark"  # a throwaway repository in the work folder
METHODS = ("ours", "restic", "cp", "api")
Timed = dict[str, float]


# -- the archive ----------------------------------------------------------------------------------


def scan_jpeg(rng: random.Random) -> bytes:
    """A scanned A4 page: paper tone, dark text-like strokes, sensor noise (1-3 MB as JPEG)."""
    from PIL import Image, ImageDraw

    dpi = rng.uniform(150, 250)
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    paper = Image.new("L", (w, h), rng.randint(225, 245))
    draw = ImageDraw.Draw(paper)
    line = int(dpi / 4)
    for y in range(int(dpi), h - int(dpi), line):
        x = int(dpi)
        while x < w - int(dpi) and rng.random() < 0.97:
            word = rng.randint(line // 2, line * 3)
            draw.rectangle((x, y, min(x + word, w - int(dpi)), y + line // 2), fill=40)
            x += word + line // 3
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    out = io.BytesIO()
    Image.blend(paper, noise, 0.35).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def sizes(root: Path) -> dict[str, int]:
    blob_files, blob_bytes = folder_size(root / "blobs")
    wal = root / "xueji.db-wal"
    return {
        "db": (root / "xueji.db").stat().st_size + (wal.stat().st_size if wal.exists() else 0),
        "blobs": blob_bytes,
        "blob_files": blob_files,
        "total": folder_size(root)[1],
    }


def checkpoint(session: Session) -> None:
    """Move the WAL into the database file, so every method copies the same bytes."""
    db = session.archive.db
    with db.writer_lock():
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def generate(root: Path, size_mb: int, students: int, seed: int) -> Session:
    data = generate_demo(seed, intakes=DEMO_INTAKES, students_per_intake=students // 4)
    created = archive_service.create_archive(
        root, school_name=data.school.name, school_code=data.school.code, admin=DEMO_ADMIN,
        password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS, binding="none",
    )  # fmt: skip
    load_demo_data(created, data, seed)
    session = created.session
    checkpoint(session)  # the loaded rows leave a WAL as large as the database: not archive size
    conn = session.archive.db.conn
    ids = [r[0] for r in conn.execute("SELECT id FROM students ORDER BY id")]
    kinds = [r[0] for r in conn.execute("SELECT code FROM document_types ORDER BY code")]
    rng = random.Random(seed)
    target = size_mb * 1_000_000
    while (now := sizes(root))["db"] + now["blobs"] < target:
        attach(session, rng.choice(ids), rng.choice(kinds), scan_jpeg(rng), "image/jpeg", "扫描件")
    checkpoint(session)
    return session


def prepare(work: Path, reuse: bool, size_mb: int, students: int, seed: int) -> Session:
    root = work / "archive"
    params = dict(generator=GENERATOR_VERSION, size_mb=size_mb, students=students, seed=seed)
    if reuse:
        recorded = json.loads((work / "generated.json").read_text())
        if recorded != params:
            log(f"reusing an archive made with {recorded} (asked: {params})")
        session = archive_service.login(root, DEMO_ADMIN, DEMO_PASSWORD)
        checkpoint(session)
        return session
    t = time.perf_counter()
    session = generate(root, size_mb, students, seed)
    (work / "generated.json").write_text(json.dumps(params))
    log(f"generated in {time.perf_counter() - t:.0f} s")
    return session


# -- helpers --------------------------------------------------------------------------------------


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (restic, cp, sync)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(out: Timed, name: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn``; put its wall time in ``out[name]`` and its CPU time in ``out[name + "_cpu"]``
    (CPU time hardly depends on what else the machine runs; wall time does)."""
    cpu = cpu_seconds()
    out[name], result = timed(fn)
    out[f"{name}_cpu"] = cpu_seconds() - cpu
    log(f"  {name}: {out[name]:.2f} s (CPU {out[f'{name}_cpu']:.2f} s)")
    return result


def add(out: Timed, name: str, *parts: str) -> None:
    for suffix in ("", "_cpu"):
        out[name + suffix] = sum(out[p + suffix] for p in parts)


def _forget(fd: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def evict(*paths: Path) -> None:
    """Drop the cached pages of files and folders' files (after a sync: only clean pages go)."""
    os.sync()
    for path in paths:
        for file in [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]:
            with open(file, "rb") as fh:
                _forget(fh.fileno())


def read_back(paths: list[Path]) -> None:
    """Read every byte of ``paths`` from the device (their cached pages dropped first)."""
    buf = bytearray(CHUNK)
    for path in paths:
        with open(path, "rb", buffering=0) as fh:
            _forget(fh.fileno())
            while fh.readinto(buf):
                pass


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- the methods ----------------------------------------------------------------------------------


def run_ours(session: Session, root: Path, targets: Path) -> Timed:
    out: Timed = {}
    for kind in ("make", "scheduled"):
        drive = targets / f"drive-{kind}"
        drive.mkdir()
        identity = backup_drives.enroll_drive(session, drive, label=f"bench-{kind}")

        def one(d: Path = drive, k: str = kind) -> backup.BackupResult:
            return (
                backup.make_backup(session, d) if k == "make" else backup.scheduled_backup(root, d)
            )

        for step in ("full", "incremental"):
            name = f"ours_{kind}_{step}"
            evict(root)
            result = measure(out, name, one)
            log(f"    {result.info.state}, {result.copied_blobs} blobs copied, "
                f"{result.bytes_written / 1e6:.1f} MB written")  # fmt: skip
        backup_drives.forget_drive(session, identity.drive_id)  # a reused archive stays tidy
    return out


def run_restic(root: Path, targets: Path) -> Timed | None:
    exe = shutil.which("restic")
    if exe is None:
        return None
    env = dict(os.environ, RESTIC_PASSWORD=RESTIC_PASSWORD,
               RESTIC_REPOSITORY=str(targets / "restic-repo"),
               RESTIC_CACHE_DIR=str(targets / "restic-cache"))  # fmt: skip

    def restic(*args: str) -> None:
        subprocess.run([exe, "--quiet", *args], env=env, check=True, stdout=subprocess.DEVNULL)

    out: Timed = {}
    measure(out, "restic_init", lambda: restic("init"))
    evict(root)
    measure(out, "restic_backup", lambda: restic("backup", str(root)))
    measure(out, "restic_check", lambda: restic("check", "--read-data"))
    add(out, "restic", "restic_backup", "restic_check")
    return out


def run_cp(root: Path, targets: Path) -> Timed:
    out: Timed = {}
    evict(root)

    def cp() -> None:
        subprocess.run(["cp", "-r", str(root), str(targets / "cp-copy")], check=True)
        subprocess.run(["sync"], check=True)

    measure(out, "cp", cp)
    return out


def api_copy(key: bytes, root: Path, copy: Path) -> list[Path]:
    """The database through the backup API, the blobs with shutil, all fsynced."""
    copy.mkdir()
    src = open_connection(root / "xueji.db", key, readonly=True)
    dst = open_connection(copy / "xueji.db", key, create=True)
    try:
        src.backup(dst)
    finally:
        dst.close()  # checkpoints the copy's WAL into its file, fsynced (synchronous=FULL)
        src.close()
    blobs = []
    for path in sorted((root / "blobs").rglob("*.xjb")):
        target = copy / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        fsync_path(target)
        blobs.append(target)
    for folder in {p.parent for p in blobs} | {copy / "blobs", copy}:
        fsync_path(folder)
    return blobs


def run_api(session: Session, root: Path, targets: Path) -> Timed:
    key = session.archive.keys.data_key
    copy = targets / "api-copy"
    out: Timed = {}
    evict(root)
    blobs = measure(out, "api_copy", lambda: api_copy(key, root, copy))
    measure(out, "api_read", lambda: read_back([copy / "xueji.db", *blobs]))

    def integrity() -> None:
        evict(copy / "xueji.db")
        conn = open_connection(copy / "xueji.db", key, readonly=True, immutable=True)
        try:
            if [tuple(r) for r in conn.execute("PRAGMA integrity_check")] != [("ok",)]:
                raise RuntimeError("the backup API copy fails integrity_check")
        finally:
            conn.close()
        read_back(blobs)

    measure(out, "api_integrity", integrity)
    add(out, "api", "api_copy", "api_read")
    add(out, "api_check", "api_copy", "api_integrity")
    return out


def one_run(session: Session, root: Path, work: Path, n: int, methods: set[str]) -> Timed:
    targets = work / f"targets-{n}"
    targets.mkdir()
    out: Timed = {}
    steps: dict[str, Callable[[], Timed | None]] = {
        "ours": lambda: run_ours(session, root, targets),
        "restic": lambda: run_restic(root, targets),
        "cp": lambda: run_cp(root, targets),
        "api": lambda: run_api(session, root, targets),
    }
    try:
        for name in (m for m in METHODS if m in methods):
            out.update(steps[name]() or {})
    finally:
        shutil.rmtree(targets, ignore_errors=True)
    return out


def profile_backup(session: Session, root: Path, work: Path) -> dict[str, Any]:
    """cProfile of one more full make_backup, then its checks timed one by one (no profiler)."""
    drive = work / "profile-drive"
    drive.mkdir()
    steps: Timed = {}
    try:
        backup_drives.enroll_drive(session, drive, label="bench-profile")
        evict(root)
        prof = cProfile.Profile()
        result = prof.runcall(backup.make_backup, session, drive)
        backup_drives.forget_drive(session, result.info.drive_id)
        folder = result.info.path
        keys = session.archive.keys
        steps["re-read and SHA-256 of every file"], _ = timed(
            lambda: check_files(DriveLayout(drive), folder, read_manifest(folder)[0])
        )
        conn = open_connection(folder / "xueji.db", keys.data_key, readonly=True, immutable=True)
        try:
            for pragma in ("cipher_integrity_check", "integrity_check", "foreign_key_check"):
                steps[pragma], _ = timed(lambda p=pragma: conn.execute(f"PRAGMA {p}").fetchall())
            steps["content_hash"], _ = timed(lambda: content_hash(conn))
            steps["audit chain"], _ = timed(
                lambda: verify_chain(
                    iter_entries(conn), keys.audit_key, session.archive.archive_id, None
                )
            )
        finally:
            conn.close()
    finally:
        shutil.rmtree(drive, ignore_errors=True)
    text = io.StringIO()
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return {"steps": steps, "cprofile": text.getvalue()}


# -- the report -----------------------------------------------------------------------------------

ROWS = (
    ("ours_make_full", "ours: make_backup, full (copy, re-read, deep checks)"),
    ("ours_make_incremental", "ours: make_backup, incremental (blobs on the drive)"),
    ("ours_scheduled_full", "ours: scheduled_backup, full (pending)"),
    ("ours_scheduled_incremental", "ours: scheduled_backup, incremental"),
    ("restic_init", "restic init (not counted)"),
    ("restic_backup", "restic backup"),
    ("restic_check", "restic check --read-data"),
    ("restic", "restic backup + check --read-data"),
    ("cp", "cp -r + sync"),
    ("api_copy", "backup API copy + blobs (fsync), no read-back"),
    ("api", "backup API copy + read-back of every byte"),
    ("api_check", "backup API copy + integrity_check + blob read-back"),
)
COMPARED = ("restic", "cp", "api", "api_check")


def summary(runs: list[Timed]) -> dict[str, Any]:
    names = [k + c for k, _ in ROWS for c in ("", "_cpu") if all(k + c in r for r in runs)]
    median = {k: statistics.median(r[k] for r in runs) for k in names}
    ours = median.get("ours_make_full")
    ratios = {k: ours / median[k] for k in COMPARED if ours is not None and k in median}
    limits = {"restic": 1.0, "api": 1.5, "api_check": 1.5}  # ours / theirs at most
    goals = {k: ratios[k] <= v if k in ratios else None for k, v in limits.items()}
    samples = {k: [r[k] for r in runs] for k in names}
    return {"seconds": median, "samples": samples, "ratios": ratios, "goals": goals}


def machine(work: Path) -> dict[str, Any]:
    restic = shutil.which("restic")
    done = subprocess.run(
        [restic or "true", "version"], capture_output=True, text=True, check=False
    )
    version = done.stdout.strip() if restic else ""
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "system": platform.platform(), "restic": version or "restic not installed",
            "filesystem": backup_drives.filesystem_type(work)}  # fmt: skip


def print_table(report: dict[str, Any]) -> None:
    s, a = report["summary"], report["archive"]
    print(f"archive: {a['students']:,} students, database {a['db'] / 1e6:.1f} MB, "
          f"{a['blob_files']} blobs {a['blobs'] / 1e6:.1f} MB, "
          f"folder {a['total'] / 1e6:.1f} MB")  # fmt: skip
    m = report["machine"]
    print(f"machine: {m['cpus']} CPUs, {m.get('filesystem') or '?'}, {m['restic']}; "
          f"median of {report['runs']} run(s)")  # fmt: skip
    print(f"{'method':<54} {'seconds':>8} {'CPU s':>6} {'ours/this':>10}")
    for key, label in ROWS:
        if key in s["seconds"]:
            ratio = s["ratios"].get(key)
            extra = f"{ratio:>10.2f}" if ratio is not None else ""
            cpu = s["seconds"].get(f"{key}_cpu")
            cpu_text = f"{cpu:>6.2f}" if cpu is not None else " " * 6
            print(f"{label:<54} {s['seconds'][key]:>8.2f} {cpu_text} {extra}")
    if "restic" not in s["seconds"] and "restic" in report["methods"]:
        print("restic: restic not installed")
    words = {True: "yes", False: "NO", None: "not measured"}
    g = {k: words[v] for k, v in s["goals"].items()}
    print(f"goal: faster than restic: {g['restic']}; within 1.5x of the backup API copy + "
          f"read-back: {g['api']} (with integrity_check: {g['api_check']})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--students", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--reuse", type=Path, help="a work folder kept by an earlier --keep run")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and its archive")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--profile", action="store_true", help="cProfile one more make_backup")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    methods = set(args.methods.split(","))
    if args.reuse:
        work, made = args.reuse, False
    elif args.work:
        args.work.mkdir(parents=True, exist_ok=False)
        work, made = args.work, True
    else:
        work, made = Path(tempfile.mkdtemp(prefix="xueji-backup-bench-")), True
    session = None
    try:
        session = prepare(work, bool(args.reuse), args.size_mb, args.students, args.seed)
        root = work / "archive"
        archive = sizes(root)
        count = session.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()
        archive["students"] = count[0]
        runs = []
        for n in range(args.runs):
            log(f"run {n + 1}:")
            runs.append(one_run(session, root, work, n, methods))
        report = {
            "archive": archive, "machine": machine(work), "runs": args.runs,
            "methods": sorted(methods), "kdf": "fast test KDF (login only, outside the timings)",
            "cipher": cipher_info(session.archive.db.conn), "summary": summary(runs),
        }  # fmt: skip
        if args.profile:
            report["profile"] = profile_backup(session, root, work)
        if args.json:
            print(json.dumps(report, indent=1, ensure_ascii=False))
        else:
            print_table(report)
            if args.profile:
                print(report["profile"]["cprofile"])
                for step, seconds in report["profile"]["steps"].items():
                    print(f"check of the copy, {step}: {seconds:.2f} s")
    finally:
        if session is not None:
            session.close()
        if made and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif not args.reuse:
            log(f"kept: {work} (reuse with --reuse {work})")


if __name__ == "__main__":
    main()
