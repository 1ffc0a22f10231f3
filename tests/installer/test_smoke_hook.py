"""``xueji-desktop --smoke-test`` (ui/smoke.py) in a real process, on a real archive.

The hook drives the real login dialog and worker: it prints ``login-window`` when the dialog is
shown, signs in with the two lines of stdin, prints ``main-window`` when the main window is shown
and closes it. The frozen build is checked the same way by installer/smoke_test.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xueji_desktop.services.archive import create_archive
from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui import smoke


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    """A password-only archive with the demo account (fast KDF: the login takes no time)."""
    root = tmp_path / "demo"
    created = create_archive(
        root,
        school_name="测试市职业中专",
        admin=DEMO_ADMIN,
        password=DEMO_PASSWORD,
        kdf=FAST_FOR_TESTS,
        binding="none",
        practice=True,
    )
    created.session.close()
    return root


def run_app(root: Path, stdin: bytes, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XUEJI_LANG="en")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return subprocess.run(
        [sys.executable, "-m", "xueji_desktop", "--archive", str(root), "--smoke-test", *extra],
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        encoding="latin-1",
        env=env,
        timeout=smoke.TIMEOUT_S + 30,
        check=False,
    )


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_signs_in_shows_the_main_window_and_exits_0(demo_root: Path) -> None:
    proc = run_app(demo_root, f"{DEMO_ADMIN}\n{DEMO_PASSWORD}\n".encode())
    assert proc.returncode == 0, proc.stderr
    assert lines(proc.stdout) == [smoke.LOGIN_LINE, smoke.MAIN_LINE]
    assert DEMO_PASSWORD not in proc.stdout + proc.stderr


def test_a_wrong_password_fails_clearly(demo_root: Path) -> None:
    proc = run_app(demo_root, f"{DEMO_ADMIN}\nnot-the-password\n".encode())
    assert proc.returncode == smoke.EXIT_FAILED
    assert lines(proc.stdout) == [smoke.LOGIN_LINE]
    assert "smoke-test: login refused: The user name or password is not correct." in proc.stderr
    assert "not-the-password" not in proc.stderr


@pytest.mark.parametrize(
    "stdin",
    [b"", b"admin\n", b"\n\n", b"\xff\xfe\x00garbage\n\x80\x81\n", bytes(range(256)) * 8],
    ids=["empty", "one-line", "blank-lines", "not-utf8", "binary"],
)
def test_garbage_stdin_fails_before_any_window(demo_root: Path, stdin: bytes) -> None:
    proc = run_app(demo_root, stdin)
    assert proc.returncode == smoke.EXIT_BAD_INPUT, proc.stderr
    assert lines(proc.stdout) == []
    assert proc.stderr.startswith("smoke-test: standard input")


def test_a_folder_without_an_archive_is_refused_not_set_up(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    proc = run_app(empty, f"{DEMO_ADMIN}\n{DEMO_PASSWORD}\n".encode())
    assert proc.returncode == smoke.EXIT_FAILED
    assert "smoke-test: unexpected window: firstRunWizard" in proc.stderr
    assert not (empty / "archive.json").exists()


def test_the_option_is_not_in_the_help() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "xueji_desktop", "--help"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0 and "--archive" in proc.stdout
    assert "smoke" not in proc.stdout
