"""How long from `xueji` start to an opened archive, and what opening with the raw key costs.

Generates a demo archive (1,200 students, production Argon2id parameters) in a temp dir and
reports medians over several runs:
  1. interpreter start + importing the CLI            (python -c "import xueji_desktop.cli")
  2. `xueji user list` end to end (start, KDF, open, one query, exit), the figure the issue names
  3. services.archive.login in-process (read slots, Argon2id, AES-GCM, open, audit entry)
  4. opening the database with the raw key alone (open_connection + first query)

Run: .venv/bin/python benchmarks/open_archive.py [--runs N]
Nothing here asserts; the figures go into the issue note and benchmarks/README.md.
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

from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.demo import DEMO_PASSWORD, create_demo
from xueji_desktop.storage.connection import open_connection
from xueji_desktop.storage.kdf import PRODUCTION


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    xueji = Path(sys.executable).with_name("xueji")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        created = create_demo(root, kdf=PRODUCTION)
        created.session.close()
        print(f"KDF: Argon2id m={PRODUCTION.memory_kib // 1024} MiB t={PRODUCTION.iterations} "
              f"p={PRODUCTION.parallelism}; cpu count {os.cpu_count()}")  # fmt: skip

        imports, cli, login, raw = [], [], [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import xueji_desktop.cli"], check=True, env=env)
            imports.append(time.perf_counter() - t)

            t = time.perf_counter()
            subprocess.run(
                [str(xueji), "--archive", str(root), "--user", "admin", "--password-stdin",
                 "user", "list"],
                input=DEMO_PASSWORD + "\n", text=True, check=True, env=env,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            cli.append(time.perf_counter() - t)

            t = time.perf_counter()
            session = archive_service.login(root, "admin", DEMO_PASSWORD)
            login.append(time.perf_counter() - t)
            key = session.archive.keys.data_key
            session.close()

            t = time.perf_counter()
            conn = open_connection(root / "xueji.db", key)
            conn.execute("SELECT count(*) FROM students").fetchone()
            conn.close()
            raw.append(time.perf_counter() - t)

        print(f"1. python start + import CLI       {median_ms(imports)}")
        print(f"2. `xueji user list` end to end    {median_ms(cli)}   <- goal < 500 ms")
        print(f"3. login in-process (KDF incl.)    {median_ms(login)}")
        print(f"4. open with raw key + 1 query     {median_ms(raw)}")


if __name__ == "__main__":
    main()
