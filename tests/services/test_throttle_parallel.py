"""Parallel wrong passwords cannot overwrite each other's counts (threads and processes)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.core.errors import LoginThrottled, WrongCredentials
from xueji_desktop.services.archive import login
from xueji_desktop.services.auth import throttle_file
from xueji_desktop.storage.layout import ArchiveLayout, read_meta


def _failures(root: Path, name: str, device_secret: bytes | None) -> int:
    layout = ArchiveLayout(root)
    tf = throttle_file(layout, read_meta(layout), device_secret, lambda: 1_000.0)
    counter = tf.load().counters.get(tf.key_for(name))
    return counter.failures if counter else 0


def test_parallel_threads_are_counted_one_by_one(make_archive) -> None:
    created = make_archive()
    root = created.session.archive.layout.root
    secret = created.session.archive.device_secret
    created.session.close()
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def attempt(i: int) -> None:
        start.wait()
        try:
            login(root, ADMIN, f"wrong-{i}", clock=lambda: 1_000.0)
        except (WrongCredentials, LoginThrottled) as exc:
            with lock:
                outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # frozen clock: 5 wrong answers, then every further attempt waits for its delay
    assert sorted(outcomes) == ["LoginThrottled"] * 7 + ["WrongCredentials"] * 5
    assert _failures(root, ADMIN, secret) == 5


def test_parallel_processes_are_counted_one_by_one(make_archive, tmp_path: Path) -> None:
    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    script = (
        "import sys\n"
        "from xueji_desktop.services.archive import login\n"
        "try:\n"
        f"    login(__import__('pathlib').Path({str(root)!r}), {ADMIN!r}, 'wrong-pw-x',"
        " clock=lambda: 1000.0)\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    names = sorted(p.communicate()[0].strip() for p in procs)
    assert names.count("WrongCredentials") == 5, names
    assert names.count("LoginThrottled") == 3, names
    assert _failures(root, ADMIN, None) == 5
    login(root, ADMIN, ADMIN_PASSWORD, clock=lambda: 1_100.0).close()
