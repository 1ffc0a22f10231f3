"""``xueji about``: version, Python, frozen or not, schema, SQLCipher and the keyring backends."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

from xueji_desktop import __version__, cli
from xueji_desktop.storage.migrations import latest_version

CARRIED_EVERYWHERE = {"chainer", "fail", "null", "SecretService", "Windows", "macOS"}


def about_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert cli.main(["about", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_json_names_the_program_and_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    doc = about_json(capsys)
    assert doc["ok"] is True and doc["version"] == __version__
    assert doc["python"] == platform.python_version()
    assert doc["frozen"] is False
    assert doc["schema"] == latest_version()
    assert str(doc["sqlcipher"]).startswith("4.")
    assert str(doc["sqlite"]).startswith("3.")
    backends = doc["keyring_backends"]
    assert isinstance(backends, list)
    assert {b["name"] for b in backends if b["loaded"]} >= CARRIED_EVERYWHERE
    for b in backends:
        assert set(b) >= {"name", "module", "loaded", "missing", "priority", "reason", "in_use"}
        # a backend that cannot run here says why
        assert b["priority"] is not None or b["reason"], b


def test_the_backend_in_use_is_marked(capsys: pytest.CaptureFixture[str], no_keyring: None) -> None:
    doc = about_json(capsys)
    assert doc["keyring_in_use"] == "keyring.backends.fail.Keyring"
    in_use = [b for b in doc["keyring_backends"] if b["in_use"]]  # type: ignore[union-attr]
    assert [b["class"] for b in in_use] == ["keyring.backends.fail.Keyring"]
    assert cli.main(["about"]) == 0
    text = capsys.readouterr().out
    assert "* keyring.backends.fail.Keyring: priority 0" in text


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["about"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Xueji Desktop (学籍档案室) {__version__}"
    assert f"archive schema written: {latest_version()}" in lines
    assert any(line.startswith("sqlcipher: 4.") for line in lines)
    assert "frozen: no" in "\n".join(lines)
    # the in-memory test keyring is in use; it is no entry point, so nothing is starred
    assert "keyring in use: tests.conftest.MemoryKeyring" in lines
    assert not [line for line in lines if line.startswith("  * ")]


def test_needs_no_archive_and_takes_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["about", "extra"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_real_process_does_not_import_qt() -> None:
    code = (
        "import sys; from xueji_desktop import cli; rc = cli.main(['about', '--json']); "
        "assert 'PySide6' not in sys.modules, 'Qt imported'; sys.exit(rc)"
    )
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["keyring_in_use"] == "keyring.backends.fail.Keyring"
