"""The README's issue-9 block (statistics, 四性检测, record packages, retention) runs as written,
and the package it makes is taken in by another school's archive as the README says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_readme import readme_commands
from xueji_desktop.services.demo import DEMO_PASSWORD, create_demo
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

PASSPHRASE = re.compile(r"\b[a-z0-9]{4}(?:-[a-z0-9]{4}){5}\b")


def _run(command: str, tmp_path: Path, env: dict[str, str], stdin: str | None = None) -> str:
    xueji = f"{sys.executable} -m xueji_desktop.cli"
    command = command.replace("/tmp/", f"{tmp_path}/")
    command = command.replace(".venv/bin/xueji", xueji).replace("$P", '"$P"')
    done = subprocess.run(  # noqa: S602 - the README line is the test input
        command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
        input=stdin,
    )  # fmt: skip
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert "internal error" not in done.stderr
    return done.stdout


def test_the_readme_oversight_commands_work(tmp_path: Path) -> None:
    commands = readme_commands("Oversight and sharing (统计")
    assert len(commands) >= 6
    for seed, name in ((1, "demo"), (2, "other")):
        made = create_demo(tmp_path / name, seed=seed, password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS)
        made.session.close()
    env = dict(os.environ, XUEJI_ARCHIVE=str(tmp_path / "demo"), P=DEMO_PASSWORD)
    said = "\n".join(_run(command, tmp_path, env) for command in commands)
    for produced in ("stats.xlsx", "stats.pdf", "worklog.pdf", "4p.pdf", "pkg.xjpkg"):
        assert (tmp_path / produced).stat().st_size > 0, produced
    assert len(load_workbook(tmp_path / "stats.xlsx", read_only=True).sheetnames) >= 10
    assert "离校后 10 年" in said
    # The receiving school, as the README's sentence after the block says.
    passphrase = PASSPHRASE.search(said)
    assert passphrase is not None, said
    line = (
        ".venv/bin/xueji --user admin transfer import /tmp/pkg.xjpkg --passphrase-stdin "
        "--class 2026级计算机应用1班"
    )
    other = dict(env, XUEJI_ARCHIVE=str(tmp_path / "other"))
    shown = _run(line, tmp_path, other, stdin=f"{DEMO_PASSWORD}\n{passphrase.group(0)}\n")
    assert "贺钰" in shown and "转出" in shown and "transferred_out" not in shown
    fingerprint = re.search(r"([0-9A-F]{4}(?: [0-9A-F]{4}){7})", said)
    assert fingerprint is not None and fingerprint.group(1) in shown
