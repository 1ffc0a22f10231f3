"""The third-party notice that ships with the app is complete (docs/design/installer.md).

The committed ``resources/licenses/THIRD_PARTY_NOTICES.txt`` must list every run-time pin of
requirements.lock at its pinned version (regenerate with tools/third_party_notices.py after
``make lock``) and tell how to replace the LGPL Qt/PySide6 libraries.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from packaging.utils import canonicalize_name

from xueji_desktop import about

ROOT = Path(__file__).resolve().parents[2]
LICENSES = ROOT / "resources" / "licenses"
NOTICE = LICENSES / "THIRD_PARTY_NOTICES.txt"


def _tool() -> ModuleType:
    path = ROOT / "tools" / "third_party_notices.py"
    spec = importlib.util.spec_from_file_location("third_party_notices", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def notice() -> str:
    return NOTICE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def runtime_pins() -> dict[str, str]:
    """Canonical name -> pinned version of every distribution the app needs on any platform."""
    tool = _tool()
    pins = tool.read_lock()
    packages = tool.collect(pins, fetch=False)
    return {name: pins[name] for name in packages}


def _sections(notice: str) -> dict[str, str]:
    """Canonical name -> version of every package section (the line after a ==== rule)."""
    headers = re.findall(r"^={78}\n(\S+) (\S+)\nLicence: ", notice, re.MULTILINE)
    return {str(canonicalize_name(name)): version for name, version in headers}


def test_every_runtime_pin_is_listed_at_its_pinned_version(
    notice: str, runtime_pins: dict[str, str]
) -> None:
    sections = _sections(notice)
    summary: dict[str, str] = {
        canonicalize_name(m.group(1)): m.group(2)
        for m in re.finditer(r"^(\S+)\s+(\S+)\s+\S.*$", notice.split("\n\n")[2], re.MULTILINE)
    }
    assert runtime_pins, "the run-time set is empty: is xueji-desktop installed?"
    for name, version in runtime_pins.items():
        assert sections.get(name) == version, f"{name}=={version} missing: rerun the tool"
        assert summary.get(name) == version, f"{name}=={version} missing from the summary table"


def test_the_platform_specific_keyring_backends_are_listed(runtime_pins: dict[str, str]) -> None:
    # The Windows bundle carries pywin32-ctypes, the Linux one SecretStorage and jeepney.
    assert {"pywin32-ctypes", "secretstorage", "jeepney", "keyring"} <= set(runtime_pins)


def test_notice_is_for_this_version(notice: str) -> None:
    assert notice.splitlines()[0].startswith(f"{about.APP_NAME} ({about.APP_NAME_ZH}) ")
    assert f" {about.VERSION}:" in notice.splitlines()[0]


def test_qt_replacement_section(notice: str, runtime_pins: dict[str, str]) -> None:
    assert "REPLACING QT / PYSIDE6 (LGPL)" in notice
    section = notice.split("REPLACING QT / PYSIDE6 (LGPL)", 1)[1].split("=" * 78, 1)[0]
    pyside = runtime_pins["pyside6-essentials"]
    assert f"Qt {pyside}" in section
    assert f"PySide6 {pyside}" in section
    assert "_internal\\PySide6\\" in section
    assert "download.qt.io" in section
    assert "code.qt.io" in section
    assert f"v{pyside}" in section
    assert "reverse engineering" in section


def test_licence_texts_ship_beside_the_notice(notice: str) -> None:
    lgpl = (LICENSES / "LGPL-3.0.txt").read_text(encoding="utf-8")
    gpl = (LICENSES / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl.splitlines()[0]
    assert "Version 3" in lgpl[:200]
    assert "GNU GENERAL PUBLIC LICENSE" in gpl.splitlines()[0]
    assert "Version 3" in gpl[:200]
    ofl = (ROOT / "resources" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert ofl.strip() in notice
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in notice
    assert (LICENSES / "SQLCipher-LICENSE.md").read_text(encoding="utf-8").strip() in notice
