"""The README's record commands run as written (house style: docs that run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from xueji_desktop.services.demo import DEMO_PASSWORD, create_demo
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_commands(after: str) -> list[str]:
    """The ``xueji`` lines of the first sh block after the text ``after``."""
    text = README.read_text("utf-8")
    block = text.split(after, 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    joined = block.replace("\\\n", " ")
    return [line.split("  #", 1)[0].strip() for line in joined.splitlines() if "| .venv" in line]


def readme_record_commands() -> list[str]:
    return readme_commands("Records (JSON keyed")


def test_the_readme_record_commands_work(tmp_path: Path) -> None:
    commands = readme_record_commands()
    assert len(commands) >= 4
    created = create_demo(tmp_path / "demo", seed=1, password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS)
    created.session.close()
    (tmp_path / "new.json").write_text(
        json.dumps({"姓名": "张三", "性别": "男"}, ensure_ascii=False), "utf-8"
    )
    env = dict(os.environ, XUEJI_ARCHIVE=str(tmp_path / "demo"), P=DEMO_PASSWORD)
    xueji = f"{sys.executable} -m xueji_desktop.cli"
    for command in commands:
        command = command.replace(".venv/bin/xueji", xueji).replace("$P", '"$P"')
        done = subprocess.run(  # noqa: S602 - the README line is the test input
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "internal error" not in done.stderr


def test_the_readme_print_commands_work(tmp_path: Path) -> None:
    commands = readme_commands("Printed documents (PDF;")
    assert len(commands) >= 5
    created = create_demo(tmp_path / "demo", seed=1, password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS)
    created.session.close()
    env = dict(os.environ, XUEJI_ARCHIVE=str(tmp_path / "demo"), P=DEMO_PASSWORD)
    xueji = f"{sys.executable} -m xueji_desktop.cli"
    for command in commands:
        # The README's /tmp paths go to this test's folder (before the interpreter's own path,
        # which may itself be under /tmp, is put in).
        command = command.replace("/tmp/", f"{tmp_path}/")
        command = command.replace(".venv/bin/xueji", xueji).replace("$P", '"$P"')
        done = subprocess.run(  # noqa: S602 - the README line is the test input
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (tmp_path / "cj.pdf").read_bytes().startswith(b"%PDF-")
    assert len(list((tmp_path / "2026届").glob("*.pdf"))) > 10


def test_the_readme_spreadsheet_commands_work(tmp_path: Path) -> None:
    from tests.sheet_files import write_xlsx

    commands = readme_commands("Spreadsheets (.xlsx and .xls;")
    assert len(commands) >= 5
    created = create_demo(tmp_path / "demo", seed=1, password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS)
    created.session.close()
    # a new-student list: one correct row, one with a mistake (an ID number Excel made a number)
    rows = [
        ["姓名", "身份证件号", "班级名称", "出生日期"],
        ["林小雨", "110101200903071234", "2023级机械制造技术1班", "2009-03-07"],
        ["赵六", 430502200801011234, "2023级机械制造技术1班", "2008-01-01"],
    ]
    write_xlsx(tmp_path / "new.xlsx", rows)
    env = dict(os.environ, XUEJI_ARCHIVE=str(tmp_path / "demo"), P=DEMO_PASSWORD)
    xueji = f"{sys.executable} -m xueji_desktop.cli"
    for command in commands:
        command = command.replace("/tmp/", f"{tmp_path}/")
        command = command.replace(".venv/bin/xueji", xueji).replace("$P", '"$P"')
        done = subprocess.run(  # noqa: S602 - the README line is the test input
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (tmp_path / "new-errors.xlsx").exists()
    assert (tmp_path / "class.xlsx").exists() and (tmp_path / "health.xlsx").exists()
