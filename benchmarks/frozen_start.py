"""Figures of the frozen build (issue 10 §4): folder size and time from start to the login window.

    python benchmarks/frozen_start.py dist/xueji [--runs 10]

Makes a practice archive with the frozen ``xueji demo``, then starts ``xueji-desktop
--smoke-test`` (offscreen) ``--runs`` times and measures, from ``Popen`` to the line the hook
prints, the time to the login window (goal: under 2 s) and to the main window after the demo
admin signs in (production KDF). Prints median, min and max, then the folder's size (goal: under
200 MB) and its 15 biggest files. Results go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEMO = ("admin", "xueji-demo-2026")
MB = 1024 * 1024


def exe(dist: Path, name: str) -> Path:
    return dist / (name + (".exe" if os.name == "nt" else ""))


def one_start(gui: Path, archive: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from Popen to the ``login-window`` and ``main-window`` lines."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(gui), "--archive", str(archive), "--smoke-test"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{DEMO[0]}\n{DEMO[1]}\n")
    proc.stdin.close()
    seen: dict[str, float] = {}
    for line in proc.stdout:
        seen[line.strip()] = time.perf_counter() - start
    if proc.wait(timeout=300) != 0 or len(seen) != 2:
        raise SystemExit(f"the smoke start failed (exit {proc.returncode}, lines {list(seen)})")
    return seen["login-window"], seen["main-window"]


def folder_size(dist: Path) -> tuple[int, list[tuple[int, str]]]:
    files = [p for p in dist.rglob("*") if p.is_file() and not p.is_symlink()]
    sizes = sorted(((p.stat().st_size, p.relative_to(dist).as_posix()) for p in files),
                   reverse=True)  # fmt: skip
    return sum(s for s, _ in sizes), sizes[:15]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    dist = args.dist.resolve()
    with tempfile.TemporaryDirectory(prefix="xueji-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("XUEJI_")}
        for var in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_DATA_HOME",
                    "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):  # fmt: skip
            env[var] = str(Path(tmp) / "home" / var.lower())
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        archive = Path(tmp) / "demo"
        subprocess.run([str(exe(dist, "xueji")), "demo", str(archive)], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        one_start(exe(dist, "xueji-desktop"), archive, env)  # warm the file cache once
        runs = [one_start(exe(dist, "xueji-desktop"), archive, env) for _ in range(args.runs)]
    print(f"platform: {sys.platform}, QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, runs: {args.runs}")
    figures = {
        "start to login window": [r[0] for r in runs],
        "start to main window (with sign-in)": [r[1] for r in runs],
    }
    for label, values in figures.items():
        print(
            f"{label}: median {statistics.median(values):.2f} s, "
            f"min {min(values):.2f} s, max {max(values):.2f} s"
        )
    total, biggest = folder_size(dist)
    print(f"folder {dist}: {total / MB:.1f} MiB ({total / 1e6:.1f} MB)")
    for size, name in biggest:
        print(f"  {size / MB:7.1f} MiB  {name}")


if __name__ == "__main__":
    main()
