"""``python -m xueji_desktop`` under a spawned worker process (print batches) must not start the
app again: multiprocessing imports the parent's main module as ``__mp_main__``."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_main_module_does_nothing_when_imported_by_a_worker() -> None:
    code = "import runpy; runpy.run_module('xueji_desktop', run_name='__mp_main__'); print('ok')"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
