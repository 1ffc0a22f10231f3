"""Developer entry points, the same on Linux, macOS and Windows (the Makefile calls this).

    python tools/dev.py run    venv + install + demo archive (if none) + start the desktop app
    python tools/dev.py test   venv + install with test extras + lint + types + layering + pytest
    python tools/dev.py demo   (re)create the demo archive only
    python tools/dev.py freeze [--smoke]
                               venv + PyInstaller: the one-folder build in dist/xueji
                               (installer/xueji.spec); --smoke then runs installer/smoke_test.py

The virtual environment is .venv in the repository; installs are pinned by requirements.lock and
skipped when pyproject.toml and the lock file have not changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
DEMO = ROOT / ".demo" / "archive"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def sh(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True, env=env)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may run under an older python3
        sys.exit("Python 3.11 or newer is needed")
    if not PY.exists():
        sh(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements.lock").read_bytes()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    sh(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q",
       "-c", "requirements.lock", "-e", target)  # fmt: skip
    stamp.write_text(digest)


def translations() -> None:
    sh(PY, "-m", "xueji_desktop.ui.i18n")


def demo(force: bool = False) -> None:
    meta = DEMO / "archive.json"
    finished = meta.exists() and '"state": "ready"' in meta.read_text("utf-8", "replace")
    if DEMO.exists() and (force or not finished):  # an interrupted demo is made again
        shutil.rmtree(DEMO)
    if not DEMO.exists():
        DEMO.parent.mkdir(exist_ok=True)
        sh(BIN / "xueji", "demo", DEMO)


def run() -> None:
    ensure_venv("")
    translations()
    demo()
    print("demo login: admin / xueji-demo-2026", flush=True)
    sh(BIN / "xueji-desktop", "--archive", DEMO)


def test(pytest_args: list[str]) -> None:
    ensure_venv("test")
    translations()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    sh(BIN / "ruff", "check", "src", "tests", "benchmarks", "tools", "installer", env=env)
    sh(BIN / "ruff", "format", "--check", "src", "tests", "benchmarks", "tools", "installer",
       env=env)  # fmt: skip
    sh(BIN / "mypy", env=env)
    sh(BIN / "lint-imports", env=env)
    sh(PY, "-m", "pytest", *pytest_args, env=env)


def freeze(smoke: bool) -> None:
    """dist/xueji: both programs in one folder (docs/design/frozen-build.md)."""
    ensure_venv("freeze")  # the app and PyInstaller, pinned by requirements.lock
    translations()  # the .qm files are generated, and the spec carries them
    sh(PY, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
       "--distpath", ROOT / "dist", "--workpath", ROOT / "build" / "pyinstaller",
       ROOT / "installer" / "xueji.spec")  # fmt: skip
    if smoke:
        sh(PY, ROOT / "installer" / "smoke_test.py", ROOT / "dist" / "xueji")


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"run", "test", "demo", "freeze"}:
        sys.exit(__doc__)
    try:
        if argv[0] == "run":
            run()
        elif argv[0] == "demo":
            ensure_venv("")
            demo(force=True)
        elif argv[0] == "freeze":
            freeze(smoke="--smoke" in argv[1:])
        else:
            test(argv[1:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)


if __name__ == "__main__":
    main(sys.argv[1:])
