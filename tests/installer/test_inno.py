"""The Windows installer script agrees with the program it installs (docs/design/installer.md).

Inno Setup is not run here: the script is parsed as text. These tests pin what the issue asks of
it: names and numbers only from the generated app_info.iss, a per-machine x64 install, Chinese and
English pages, an uninstaller that never deletes user data, an optional scheduled backup that the
uninstaller removes, and version resources that match ``about.version_tuple()``.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from xueji_desktop import about

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SCRIPT = INSTALLER / "xueji.iss"
APP_INFO = INSTALLER / "app_info.iss"

# Message files that ship in Inno Setup 6.5+'s own Languages folder (jrsoftware/issrc,
# Files/Languages; ChineseSimplified.isl became official in 6.5.0). Default.isl is English.
INNO_LANGUAGES = (
    "Armenian", "BrazilianPortuguese", "Bulgarian", "Catalan", "ChineseSimplified", "Corsican",
    "Czech", "Danish", "Dutch", "Finnish", "French", "German", "Hebrew", "Hungarian", "Icelandic",
    "Italian", "Japanese", "Korean", "Norwegian", "Polish", "Portuguese", "Russian", "Slovak",
    "Slovenian", "Spanish", "Swedish", "Tamil", "Turkish", "Ukrainian",
)  # fmt: skip
OFFICIAL_LANGUAGE_FILES = {"Default.isl", *(f"Languages\\{name}.isl" for name in INNO_LANGUAGES)}
# Inno's own custom messages (Default.isl and every official translation define them).
BUILTIN_CUSTOM_MESSAGES = {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram"}
USER_DATA = re.compile(
    r"\{(localappdata|userappdata|commonappdata|userdocs|commondocs|sd|tmp|win|sys)\}"
    r"|[A-Za-z]:\\|XuejiDesktop|archive|backup",
    re.IGNORECASE,
)


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _code_lines(text: str) -> list[str]:
    """Script lines without comments and blank lines (ISPP and Inno comments start with ';')."""
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith(";")]


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in _code_lines(text):
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        elif current and not line.startswith("#"):
            sections[current].append(line)
    return sections


def _entry(line: str) -> dict[str, str]:
    """``Name: "x"; Flags: a b`` -> {"Name": "x", "Flags": "a b"} (quotes doubled inside)."""
    fields = {}
    for match in re.finditer(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
        value = match.group(2).strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        fields[match.group(1)] = value
    return fields


def _setup(sections: dict[str, list[str]]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections["Setup"])


def _defines(text: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2).strip('"')
        for m in re.finditer(r"^#define (\w+) (.+)$", text, re.MULTILINE)
    }


@pytest.fixture(scope="module")
def script() -> str:
    return SCRIPT.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def sections(script: str) -> dict[str, list[str]]:
    return _sections(script)


def test_app_info_is_what_gen_app_info_writes_now() -> None:
    gen = _load("gen_app_info")
    assert APP_INFO.read_text(encoding="utf-8-sig") == gen.render(), (
        "installer/app_info.iss is stale: run python installer/gen_app_info.py"
    )


def test_a_version_bump_without_regenerating_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    gen = _load("gen_app_info")
    monkeypatch.setattr(gen.about, "VERSION", "9.8.7")
    assert '#define AppVersion "9.8.7"' in gen.render()
    assert '#define AppVersionNumbers "9.8.7.0"' in gen.render()
    assert gen.render() != APP_INFO.read_text(encoding="utf-8-sig")


def test_app_info_carries_the_identity_from_about() -> None:
    defines = _defines(APP_INFO.read_text(encoding="utf-8-sig"))
    assert defines["AppName"] == about.APP_NAME
    assert defines["AppNameZh"] == about.APP_NAME_ZH
    assert defines["AppVersion"] == about.VERSION
    assert defines["AppVersionNumbers"] == ".".join(map(str, about.version_tuple()))
    assert defines["AppPublisher"] == about.PUBLISHER
    assert defines["AppCopyright"] == about.COPYRIGHT
    assert defines["AppId"] == about.WINDOWS_APP_ID
    assert defines["CliExe"] == f"{about.CLI_EXE}.exe"
    assert defines["GuiExe"] == f"{about.GUI_EXE}.exe"


def test_script_takes_names_and_numbers_only_from_the_defines(
    script: str, sections: dict[str, list[str]]
) -> None:
    assert '#include "app_info.iss"' in _code_lines(script)
    setup = _setup(sections)
    assert setup["AppId"] == "{#AppId}"
    assert setup["AppName"] == "{#AppName}"
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["AppPublisher"] == "{#AppPublisher}"
    assert setup["AppCopyright"] == "{#AppCopyright}"
    assert setup["VersionInfoVersion"] == "{#AppVersionNumbers}"
    assert setup["VersionInfoProductVersion"] == "{#AppVersionNumbers}"
    code = "\n".join(_code_lines(script))
    guid = about.WINDOWS_APP_ID.strip("{}")
    for literal in (about.VERSION, about.APP_NAME, about.APP_NAME_ZH, about.PUBLISHER, guid):
        assert literal not in code, f"hard-coded {literal!r} in xueji.iss: use the define"
    for exe in (about.CLI_EXE, about.GUI_EXE):
        assert f"{exe}.exe" not in code, f"hard-coded {exe}.exe in xueji.iss: use the define"


def test_per_machine_x64_windows_10(sections: dict[str, list[str]]) -> None:
    setup = _setup(sections)
    assert setup["PrivilegesRequired"] == "admin"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith("{autopf}\\")
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["MinVersion"] == "10.0"


def test_chinese_and_english_pages_with_existing_message_files(
    script: str, sections: dict[str, list[str]]
) -> None:
    languages = {e["Name"]: e for e in map(_entry, sections["Languages"])}
    assert set(languages) == {"chinesesimplified", "english"}
    assert next(iter(languages)) == "chinesesimplified", "Chinese is the default (listed first)"
    for entry in languages.values():
        messages = entry["MessagesFile"]
        if messages.startswith("compiler:"):
            assert messages.removeprefix("compiler:") in OFFICIAL_LANGUAGE_FILES
        else:
            assert (INSTALLER / messages.replace("\\", "/")).is_file()
        assert (INSTALLER / entry["InfoBeforeFile"].replace("\\", "/")).is_file()
    assert languages["chinesesimplified"]["MessagesFile"].endswith("ChineseSimplified.isl")
    assert languages["english"]["MessagesFile"] == "compiler:Default.isl"
    # The official Chinese file exists from Inno Setup 6.5.0 on: the script refuses older ones.
    assert "#if VER < EncodeVer(6, 5, 0)" in script


def test_every_custom_message_exists_in_both_languages(
    script: str, sections: dict[str, list[str]]
) -> None:
    defined: dict[str, set[str]] = {}
    for line in sections["CustomMessages"]:
        language, name = line.split("=", 1)[0].split(".")
        defined.setdefault(language, set()).add(name)
    assert defined["chinesesimplified"] == defined["english"]
    used = set(re.findall(r"\{cm:(\w+)", script)) | set(
        re.findall(r"CustomMessage\('(\w+)'\)", script)
    )
    assert used - BUILTIN_CUSTOM_MESSAGES <= defined["english"]


def test_nothing_outside_the_app_folder_is_ever_deleted(
    script: str, sections: dict[str, list[str]]
) -> None:
    for section in ("InstallDelete", "UninstallDelete"):
        for entry in map(_entry, sections.get(section, [])):
            name = entry["Name"]
            assert name.startswith("{app}\\"), f"[{section}] deletes {name}: only {{app}} may go"
            assert ".." not in name, f"[{section}] climbs out of {{app}}: {name}"
            assert not USER_DATA.search(name), f"[{section}] touches user data: {name}"
    code = "\n".join(sections.get("Code", []))
    for call in ("DelTree", "DeleteFile", "RemoveDir", "RenameFile"):
        assert f"{call}(" not in code, f"[Code] calls {call}: the uninstaller keeps all data"
    # The uninstaller says so.
    assert "CustomMessage('UninstallKeptData')" in script


def test_scheduled_backup_is_optional_and_removed_on_uninstall(
    sections: dict[str, list[str]],
) -> None:
    tasks = {e["Name"]: e for e in map(_entry, sections["Tasks"])}
    assert "unchecked" in tasks["backuptask"].get("Flags", "").split()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    task_name = re.search(r'/TN "([^"]+)"', readme)
    assert task_name, "README.md documents the schtasks command"

    create = [e for e in map(_entry, sections["Run"]) if "/Create" in e.get("Parameters", "")]
    assert len(create) == 1
    run = create[0]
    assert run["Filename"] == "{sys}\\schtasks.exe"
    assert run["Tasks"] == "backuptask"
    assert {"runasoriginaluser", "runhidden"} <= set(run["Flags"].split())
    assert '/TN "{#BackupTaskName}"' in run["Parameters"]
    assert '/TR "\\"{app}\\{#CliExe}\\" backup"' in run["Parameters"]
    assert "/SC DAILY" in run["Parameters"]
    assert "/RL LIMITED" in run["Parameters"]

    delete = [e for e in map(_entry, sections["UninstallRun"]) if "/Delete" in e["Parameters"]]
    assert len(delete) == 1
    assert delete[0]["Filename"] == "{sys}\\schtasks.exe"
    assert '/TN "{#BackupTaskName}"' in delete[0]["Parameters"]
    assert delete[0]["RunOnceId"]


def test_backup_task_name_matches_readme(script: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    name = re.search(r'^#define BackupTaskName "([^"]+)"$', script, re.MULTILINE)
    assert name
    assert f'/TN "{name.group(1)}"' in readme


def test_files_come_from_the_pyinstaller_folder(
    script: str, sections: dict[str, list[str]]
) -> None:
    defines = _defines(APP_INFO.read_text(encoding="utf-8-sig"))
    assert defines["FrozenDir"] == about.CLI_EXE  # COLLECT(name=...) in installer/xueji.spec
    # Found from the script's own folder, whatever directory ISCC is started in.
    assert re.search(
        r'^\s*#define DistDir AddBackslash\(SourcePath\) \+ "\.\.\\dist\\" \+ FrozenDir$',
        script,
        re.MULTILINE,
    )
    # Compiling fails unless both programs were built.
    assert 'FileExists(DistDir + "\\" + CliExe)' in script
    assert 'FileExists(DistDir + "\\" + GuiExe)' in script
    sources = [_entry(line)["Source"] for line in sections["Files"]]
    frozen = [s for s in sources if s.startswith("{#DistDir}\\")]
    assert set(frozen) == {"{#DistDir}\\{#CliExe}", "{#DistDir}\\{#GuiExe}", "{#DistDir}\\*"}
    for source in set(sources) - set(frozen):
        assert source.startswith("..\\resources\\"), source
        assert (INSTALLER / source.replace("\\", "/")).is_file(), source
    for icon in map(_entry, sections["Icons"]):
        assert icon["Filename"] == "{app}\\{#GuiExe}"


def test_icon_exists_in_every_size(sections: dict[str, list[str]]) -> None:
    setup = _setup(sections)
    ico = INSTALLER / setup["SetupIconFile"].replace("\\", "/")
    with Image.open(ico) as image:
        sizes = image.info["sizes"]
    assert {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)} <= sizes
    assert setup["UninstallDisplayIcon"] == "{app}\\xueji.ico"
    with Image.open(ROOT / "resources" / "icons" / "xueji.png") as png:
        assert png.size == (256, 256)


@pytest.fixture
def versioninfo() -> Iterator[ModuleType]:
    """PyInstaller's version-resource classes, also off Windows.

    The module imports ``pefile`` and ``win32api`` at the top, which exist only on Windows, but
    uses them only to read and write .exe files. Elsewhere they are stubbed for this test only.
    """
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (the freeze extra)")
    name = "PyInstaller.utils.win32.versioninfo"
    if sys.platform == "win32":
        yield importlib.import_module(name)
        return
    import PyInstaller.compat
    import PyInstaller.utils.win32 as win32_package

    saved = {key: sys.modules.get(key) for key in ("pefile", name)}
    had_win32api = hasattr(PyInstaller.compat, "win32api")
    sys.modules.setdefault("pefile", ModuleType("pefile"))
    if not had_win32api:
        PyInstaller.compat.win32api = None
    sys.modules.pop(name, None)
    try:
        yield importlib.import_module(name)
    finally:
        for key, module in saved.items():
            if module is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = module
        if saved[name] is None and hasattr(win32_package, "versioninfo"):
            delattr(win32_package, "versioninfo")
        if not had_win32api:
            del PyInstaller.compat.win32api


@pytest.mark.parametrize("exe", [about.CLI_EXE, about.GUI_EXE])
def test_win_version_numbers_equal_about(versioninfo: ModuleType, exe: str) -> None:
    win_version = _load("win_version")
    info = win_version.version_info(exe)
    assert isinstance(info, versioninfo.VSVersionInfo)
    parsed = info
    if sys.platform == "win32":
        # Round trip through the bytes PyInstaller writes into the .exe (its struct formats use
        # the native C long, 4 bytes only on Windows, so the bytes mean nothing elsewhere).
        parsed = versioninfo.VSVersionInfo()
        parsed.fromRaw(info.toRaw())
    major, minor, patch, build = about.version_tuple()
    for ms, ls in (
        (parsed.ffi.fileVersionMS, parsed.ffi.fileVersionLS),
        (parsed.ffi.productVersionMS, parsed.ffi.productVersionLS),
    ):
        assert (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF) == (major, minor, patch, build)
    string_info = next(k for k in parsed.kids if isinstance(k, versioninfo.StringFileInfo))
    tables = {t.name: {s.name: s.val for s in t.kids} for t in string_info.kids}
    assert set(tables) == {"080404b0", "040904b0"}
    for table in tables.values():
        assert table["FileVersion"] == f"{major}.{minor}.{patch}.{build}"
        assert table["ProductVersion"] == about.VERSION
        assert table["CompanyName"] == about.PUBLISHER
        assert table["LegalCopyright"] == about.COPYRIGHT
        assert table["OriginalFilename"] == f"{exe}.exe"
    assert tables["040904b0"]["ProductName"] == about.APP_NAME
    assert tables["080404b0"]["ProductName"] == about.APP_NAME_ZH


def test_win_version_refuses_an_unknown_program() -> None:
    with pytest.raises(ValueError, match="unknown program"):
        _load("win_version").strings(0x0409, "setup")
