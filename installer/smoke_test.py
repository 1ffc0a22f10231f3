"""Smoke test of a frozen build: ``python installer/smoke_test.py DIST_DIR`` (dist/xueji).

Runs the frozen programs, not the sources, in a private temporary HOME:

1. ``xueji --version`` prints the version of ``xueji_desktop.about``;
2. ``xueji about --json``: frozen, and the keyring backends this platform needs are carried
   (Linux: SecretService with secretstorage and jeepney; Windows: the Windows credential store
   with win32ctypes; everywhere: chainer, fail, null);
3. ``xueji demo`` into a temporary folder, then ``xueji check`` on it (exit 0);
4. ``xueji print transcript`` of one student (a PDF: ReportLab, the bundled fonts, the QR code)
   and ``xueji export students`` (an .xlsx);
5. ``xueji-desktop --smoke-test`` offscreen (ui/smoke.py): the login window is shown, the demo
   admin signs in through the real dialog, the main window is shown and closed, exit 0.

Exit status 0 when every step passed; otherwise the failed step is printed and the status is 1.
Needs only the standard library (the about module is read as text, not imported).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_ADMIN = "admin"
DEMO_PASSWORD = "xueji-demo-2026"  # noqa: S105 - the public practice account (services/demo.py)
EXPECTED_BACKENDS = {
    "linux": {"SecretService", "chainer", "fail", "null"},
    "win32": {"Windows", "chainer", "fail", "null"},
}
TIMEOUT_S = 300


class Failed(Exception):
    pass


def source_version() -> str:
    init = (ROOT / "src" / "xueji_desktop" / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', init, re.MULTILINE)
    if not match:
        raise Failed("no __version__ in src/xueji_desktop/__init__.py")
    return match.group(1)


def program(dist: Path, name: str) -> Path:
    path = dist / (name + (".exe" if os.name == "nt" else ""))
    if not path.is_file():
        raise Failed(f"{path} is missing")
    return path


def run(cmd: list[str | Path], env: dict[str, str], stdin: str = "") -> str:
    proc = subprocess.run(
        [str(c) for c in cmd],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        raise Failed(
            f"{' '.join(str(c) for c in cmd)} exited {proc.returncode}\n"
            f"stdout: {proc.stdout.strip()}\nstderr: {proc.stderr.strip()}"
        )
    return proc.stdout


def check_about(cli: Path, env: dict[str, str]) -> None:
    doc = json.loads(run([cli, "about", "--json"], env))
    if not doc.get("frozen"):
        raise Failed(f"xueji about says this is not a frozen build: {doc.get('executable')}")
    carried = {b["name"] for b in doc["keyring_backends"] if b["loaded"] and not b["missing"]}
    expected = EXPECTED_BACKENDS.get(sys.platform, {"chainer", "fail", "null"})
    missing = sorted(expected - carried)
    if missing:
        raise Failed(f"keyring backends missing from the bundle: {', '.join(missing)}")
    print(f"  sqlcipher {doc['sqlcipher']}, schema {doc['schema']}, python {doc['python']}")
    for backend in doc["keyring_backends"]:
        mark = "*" if backend["in_use"] else " "
        print(f"  {mark} {backend.get('class') or backend['module']}")


def smoke(dist: Path) -> None:
    cli, gui = program(dist, "xueji"), program(dist, "xueji-desktop")
    with tempfile.TemporaryDirectory(prefix="xueji-smoke-") as tmp:
        home = Path(tmp) / "home"
        env = {k: v for k, v in os.environ.items() if not k.startswith("XUEJI_")}
        for var in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_DATA_HOME",
                    "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):  # fmt: skip
            env[var] = str(home / var.lower())
        env.update(QT_QPA_PLATFORM="offscreen", XUEJI_LANG="en", PYTHONUTF8="1")
        archive = Path(tmp) / "demo"

        steps = 0

        def step(text: str) -> None:
            nonlocal steps
            steps += 1
            print(f"[{steps}] {text}", flush=True)

        if sys.platform.startswith("linux"):
            step("every shared library loads (ldd)")
            check_libraries(dist)
        step("xueji --version")
        out = run([cli, "--version"], env).strip()
        if out != f"xueji {source_version()}":
            raise Failed(f"xueji --version printed {out!r}, expected 'xueji {source_version()}'")
        step("xueji about --json")
        check_about(cli, env)
        step("xueji demo")
        run([cli, "demo", archive], env)
        step("xueji check")
        out = run([cli, "--archive", archive, "--user", DEMO_ADMIN, "check"], env,
                  stdin=DEMO_PASSWORD + "\n")  # fmt: skip
        if out.strip() != "ok":
            raise Failed(f"xueji check printed {out.strip()!r}")
        step("xueji print transcript, xueji export students")
        login = [cli, "--archive", archive, "--user", DEMO_ADMIN]
        found = json.loads(run([*login, "student", "search", "zs", "--json"], env,
                               stdin=DEMO_PASSWORD + "\n"))  # fmt: skip
        student_no = found["students"][0]["学号"]
        pdf, xlsx = Path(tmp) / "transcript.pdf", Path(tmp) / "students.xlsx"
        run([*login, "print", "transcript", "--student", student_no, "--out", pdf], env,
            stdin=DEMO_PASSWORD + "\n")  # fmt: skip
        run([*login, "export", "students", "--out", xlsx], env, stdin=DEMO_PASSWORD + "\n")
        if not pdf.read_bytes().startswith(b"%PDF") or not xlsx.read_bytes().startswith(b"PK"):
            raise Failed("the printed PDF or the exported workbook is not what it should be")
        step("xueji-desktop --smoke-test (offscreen)")
        out = run([gui, "--archive", archive, "--smoke-test"], env,
                  stdin=f"{DEMO_ADMIN}\n{DEMO_PASSWORD}\n")  # fmt: skip
        lines = [line for line in out.splitlines() if line.strip()]
        if lines != ["login-window", "main-window"]:
            raise Failed(f"xueji-desktop --smoke-test printed {lines!r}")


def check_libraries(dist: Path) -> None:
    """A library damaged by the build (e.g. stripped FFmpeg: "ELF load command ... not
    page-aligned") fails here, not in front of the clerk's camera."""
    for path in sorted(dist.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=60)
        said = done.stdout + done.stderr
        if "not page-aligned" in said:  # "=> not found" is allowed: system libraries stay out
            raise Failed(f"{path.relative_to(dist)} does not load: {said.strip()[:300]}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        smoke(Path(argv[0]).resolve())
    except Failed as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as exc:
        print(f"smoke test FAILED: no answer within {exc.timeout} s: {exc.cmd}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
