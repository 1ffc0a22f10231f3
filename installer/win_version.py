"""Windows version resources for the frozen programs, from ``xueji_desktop.about``.

The PyInstaller spec passes ``version=win_version.version_info(CLI_EXE)`` (and ``GUI_EXE``) to
``EXE``; Windows shows the numbers and strings in the file's Properties > Details and in the
task manager. Two string tables: Simplified Chinese (080404b0, listed first: the default
language) and US English (040904b0), both UTF-16 (code page 1200 = 0x04b0). See
docs/design/installer.md.

PyInstaller's ``versioninfo`` module imports ``pefile`` and ``win32api``, which exist only on
Windows, so it is imported inside ``version_info()``: the spec may import this module anywhere
and call ``version_info()`` on Windows only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PyInstaller.utils.win32.versioninfo import VSVersionInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from xueji_desktop import about

LANG_ZH = 0x0804  # Chinese (Simplified, PRC)
LANG_EN = 0x0409  # English (United States)
CODEPAGE_UTF16 = 1200

# What each program is, per language: Explorer shows it as "File description".
DESCRIPTIONS = {
    about.CLI_EXE: {
        LANG_ZH: f"{about.APP_NAME_ZH} 命令行",
        LANG_EN: f"{about.APP_NAME} command line",
    },
    about.GUI_EXE: {
        LANG_ZH: about.APP_NAME_ZH,
        LANG_EN: about.APP_NAME,
    },
}


def strings(lang: int, exe: str) -> dict[str, str]:
    """The string table of ``exe`` in language ``lang`` (LANG_ZH or LANG_EN)."""
    if exe not in DESCRIPTIONS:
        raise ValueError(f"unknown program {exe!r}; expected one of {sorted(DESCRIPTIONS)}")
    product = about.APP_NAME_ZH if lang == LANG_ZH else about.APP_NAME
    return {
        "CompanyName": about.PUBLISHER,
        "FileDescription": DESCRIPTIONS[exe][lang],
        "FileVersion": ".".join(str(n) for n in about.version_tuple()),
        "InternalName": exe,
        "LegalCopyright": about.COPYRIGHT,
        "OriginalFilename": f"{exe}.exe",
        "ProductName": product,
        "ProductVersion": about.VERSION,
    }


def version_info(exe: str = about.GUI_EXE) -> VSVersionInfo:
    """The version resource of ``exe`` (``about.CLI_EXE`` or ``about.GUI_EXE``, no ``.exe``)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    tables = [
        StringTable(
            f"{lang:04x}{CODEPAGE_UTF16:04x}",
            [StringStruct(key, value) for key, value in strings(lang, exe).items()],
        )
        for lang in (LANG_ZH, LANG_EN)
    ]
    numbers = about.version_tuple()
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            StringFileInfo(tables),
            VarFileInfo(
                [VarStruct("Translation", [LANG_ZH, CODEPAGE_UTF16, LANG_EN, CODEPAGE_UTF16])]
            ),
        ],
    )


if __name__ == "__main__":
    # Show what a program's Properties > Details will say (works on any platform).
    program = sys.argv[1] if len(sys.argv) > 1 else about.GUI_EXE
    print("version", about.version_tuple())
    for language in (LANG_ZH, LANG_EN):
        for key, value in strings(language, program).items():
            print(f"{language:04x} {key}: {value}")
