"""The direction of the arrows (HOUSE_STYLE "shape of the house", issue #2 §1 and §2).

Only ``ui`` imports Qt; only ``storage/connection.py`` imports sqlcipher3; only
``storage/keystore.py`` imports keyring. Checked by scanning the source's syntax trees (imports
inside functions included), and by import-linter's contracts in pyproject.toml.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "xueji_desktop"


IMPORT_FUNCTIONS = ("import_module", "__import__")


def _dynamic_import_target(node: ast.Call) -> str:
    """'x' for importlib.import_module('x') or __import__('x'); '' otherwise."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in IMPORT_FUNCTIONS or not node.args:
        return ""
    arg = node.args[0]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports, anywhere in the file."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _dynamic_import_target(node):
            found.add(_dynamic_import_target(node).split(".")[0])
    return found


def sources() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20, "the scan found too few files to mean anything"
    return {p.relative_to(PACKAGE).as_posix(): imported_modules(p) for p in files}


def importers(module: str) -> set[str]:
    return {name for name, mods in sources().items() if module in mods}


def test_only_ui_imports_qt() -> None:
    for qt in ("PySide6", "shiboken6"):
        outside = {f for f in importers(qt) if not f.startswith("ui/")}
        assert not outside, f"{qt} imported outside ui/: {sorted(outside)}"
    assert importers("PySide6"), "nothing imports PySide6: is the scan looking at the right tree?"


def test_only_the_connection_module_imports_sqlcipher3() -> None:
    assert importers("sqlcipher3") == {"storage/connection.py"}


def test_only_the_keystore_imports_keyring() -> None:
    assert importers("keyring") == {"storage/keystore.py"}


def test_scanner_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n"
        "    import keyring.errors\n"
        "    from PySide6.QtCore import Qt\n"
        "    import importlib\n"
        "    importlib.import_module('sqlcipher3')\n"
    )
    assert {"keyring", "PySide6", "sqlcipher3"} <= imported_modules(sample)


def test_import_linter_contracts_hold() -> None:
    bin_dir = Path(sys.executable).parent
    tool = shutil.which("lint-imports", path=str(bin_dir)) or shutil.which("lint-imports")
    assert tool, "import-linter is not installed (it is in the test extra)"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [tool], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" in proc.stdout and "0 broken" in proc.stdout, proc.stdout
