"""Write the third-party licence notice that ships inside the frozen app.

    .venv/bin/python tools/third_party_notices.py          # regenerate resources/licenses/*
    .venv/bin/python tools/third_party_notices.py --check  # exit 1 if a committed file differs

The notice (``resources/licenses/THIRD_PARTY_NOTICES.txt``) lists every distribution the app
needs at run time: the requirements of ``xueji-desktop``, followed recursively through
``importlib.metadata``. A requirement counts when its environment marker holds on any platform
we build for (Windows with CPython 3.12, Linux with CPython 3.11 and 3.12), so the Windows-only
and Linux-only keyring back-ends are listed with a "used on" line. Every version must be the one
pinned in ``requirements.lock``. Each entry gives the name, version, licence, home page and the
licence files found in the distribution's ``dist-info``. A distribution that is not installed
here (``pywin32-ctypes`` on Linux) is read from its wheel, fetched once with ``pip download``
into a cache folder (``--wheel-dir``).

Also in the notice: the bundled font's OFL, the Python licence (of the interpreter running this
tool), SQLCipher's licence (``SQLCipher-LICENSE.md``, copied from the sqlcipher/sqlcipher
repository) and a section on replacing Qt/PySide6 (LGPL). ``LGPL-3.0.txt`` and ``GPL-3.0.txt``
are copied from ``/usr/share/common-licenses`` when that folder exists; no licence text is ever
written by hand. See docs/design/installer.md.
"""

from __future__ import annotations

import argparse
import email
import importlib.metadata as md
import re
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "licenses"
NOTICE = OUT / "THIRD_PARTY_NOTICES.txt"
LOCK = ROOT / "requirements.lock"
FONT_LICENCE = ROOT / "resources" / "fonts" / "OFL.txt"
SQLCIPHER_LICENCE = OUT / "SQLCipher-LICENSE.md"
COMMON_LICENSES = Path("/usr/share/common-licenses")
COPIED_TEXTS = {"LGPL-3.0.txt": "LGPL-3", "GPL-3.0.txt": "GPL-3", "LGPL-2.1.txt": "LGPL-2.1"}
PROJECT = "xueji-desktop"
RULE = "=" * 78
THIN = "-" * 78


def _env(platform: str, python: str) -> dict[str, str]:
    win = platform == "win32"
    return {
        "sys_platform": platform,
        "platform_system": "Windows" if win else "Linux",
        "os_name": "nt" if win else "posix",
        "platform_machine": "AMD64" if win else "x86_64",
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_version": "",
        "implementation_version": f"{python}.0",
        "extra": "",
    }


# The platforms a frozen bundle is made for; a dependency counts if any of them needs it.
TARGETS = {
    "Windows (CPython 3.12)": _env("win32", "3.12"),
    "Linux (CPython 3.11)": _env("linux", "3.11"),
    "Linux (CPython 3.12)": _env("linux", "3.12"),
}


@dataclass
class Package:
    name: str
    version: str
    metadata: Message
    licence_files: dict[str, str]  # file name -> text
    targets: set[str] = field(default_factory=set)


def read_lock(path: Path = LOCK) -> dict[str, str]:
    """Canonical name -> pinned version, from requirements.lock."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _licence_like(paths: object) -> list[str]:
    """Names of licence files among dist-info paths (for metadata without License-File)."""
    pattern = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
    return sorted({Path(p).name for p in paths if pattern.match(Path(p).name)})  # type: ignore[attr-defined]


def _dist_licence_files(dist: md.Distribution) -> dict[str, str]:
    names = dist.metadata.get_all("License-File") or []
    if not names:
        names = _licence_like(str(f) for f in dist.files or [] if ".dist-info/" in str(f))
    texts = {}
    for name in names:
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text:
            texts[name] = text
    return texts


def _wheel_package(wheel: Path) -> tuple[Message, dict[str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        info = next(n.split("/")[0] for n in zf.namelist() if ".dist-info/" in n)
        meta = email.message_from_bytes(zf.read(f"{info}/METADATA"))
        names = meta.get_all("License-File") or _licence_like(
            n for n in zf.namelist() if n.startswith(f"{info}/")
        )
        texts = {}
        for name in names:
            for candidate in (f"{info}/licenses/{name}", f"{info}/{name}"):
                if candidate in zf.namelist():
                    texts[name] = zf.read(candidate).decode("utf-8")
                    break
    return meta, texts


def _fetch_wheel(name: str, version: str, wheel_dir: Path) -> Path:
    pattern = f"{canonicalize_name(name).replace('-', '_')}-{version}-*.whl"
    found = sorted(p for p in wheel_dir.glob("*.whl") if _wheel_matches(p, name, version))
    if not found:
        wheel_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.12",
             "--implementation", "cp", "--dest", str(wheel_dir), f"{name}=={version}"],
            check=True,
        )  # fmt: skip
        found = sorted(p for p in wheel_dir.glob("*.whl") if _wheel_matches(p, name, version))
    if not found:
        raise SystemExit(f"no wheel {pattern} in {wheel_dir}")
    return found[0]


def _wheel_matches(path: Path, name: str, version: str) -> bool:
    parts = path.name.split("-")
    return canonicalize_name(parts[0]) == canonicalize_name(name) and parts[1] == version


def collect(
    pins: dict[str, str], wheel_dir: Path | None = None, fetch: bool = True
) -> dict[str, Package]:
    """Every run-time distribution, keyed by canonical name, with the targets that need it.

    With ``fetch=False`` a distribution that is not installed becomes a leaf without licence
    texts (enough to know the names; the tests use it offline).
    """
    packages: dict[str, Package] = {}
    for target, env in TARGETS.items():
        todo = [Requirement(r) for r in md.requires(PROJECT) or []]
        seen: set[str] = set()
        while todo:
            req = todo.pop()
            if req.marker and not Marker(str(req.marker)).evaluate(env):
                continue
            key = canonicalize_name(req.name)
            if key in seen:
                continue
            seen.add(key)
            if key not in packages:
                packages[key] = _load(req.name, pins, wheel_dir, fetch)
            packages[key].targets.add(target)
            todo.extend(
                Requirement(r) for r in packages[key].metadata.get_all("Requires-Dist") or []
            )
    return dict(sorted(packages.items()))


def _load(name: str, pins: dict[str, str], wheel_dir: Path | None, fetch: bool) -> Package:
    key = canonicalize_name(name)
    if key not in pins:
        raise SystemExit(f"{name} is needed at run time but not pinned in requirements.lock")
    pinned = pins[key]
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        if not fetch:
            return Package(name, pinned, Message(), {})
        folder = wheel_dir or Path(tempfile.gettempdir()) / "xueji-notice-wheels"
        meta, texts = _wheel_package(_fetch_wheel(name, pinned, folder))
        return Package(meta["Name"], meta["Version"], meta, texts)
    if dist.version != pinned:
        raise SystemExit(f"{name} {dist.version} is installed but {pinned} is pinned")
    return Package(dist.metadata["Name"], dist.version, dist.metadata, _dist_licence_files(dist))  # type: ignore[arg-type]


def licence_of(meta: Message) -> str:
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    text = str(meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return "; ".join(classifiers) or "see the licence text below"


def home_page(meta: Message) -> str:
    if meta.get("Home-page"):
        return str(meta["Home-page"])
    urls = [u.split(",", 1) for u in meta.get_all("Project-URL") or []]
    ranked = {label.strip().lower(): url.strip() for label, url in urls}
    for label in ("homepage", "home", "source", "repository", "code", "source code", "github"):
        if label in ranked:
            return ranked[label]
    return urls[0][1].strip() if urls else "-"


def _qt_section(packages: dict[str, Package]) -> str:
    pyside = packages[canonicalize_name("PySide6-Essentials")].version
    minor = ".".join(pyside.split(".")[:2])
    return f"""\
REPLACING QT / PYSIDE6 (LGPL)

Xueji Desktop uses the Qt {pyside} libraries through PySide6 {pyside} and Shiboken6 {pyside}
(Qt for Python), under the GNU Lesser General Public License version 3 (LGPL-3.0). The full
texts of the LGPL-3.0 and of the GNU General Public License version 3 it builds on are in
LGPL-3.0.txt and GPL-3.0.txt next to this file. The Qt libraries also contain third-party
components under their own licences: https://doc.qt.io/qt-6/licenses-used-in-qt.html

You may replace these libraries with your own build. The application folder keeps them as
separate files (it is a PyInstaller "one-folder" build; nothing is linked into the programs):

  Windows:  <installation folder>\\_internal\\PySide6\\   Qt6*.dll, the Qt plugins (plugins\\),
            translations, and the PySide6 modules (*.pyd); Shiboken6 in _internal\\shiboken6\\
  Linux:    <application folder>/_internal/PySide6/Qt/lib/   libQt6*.so.6, with plugins/ and
            translations/ beside it; the PySide6 modules (*.so) in _internal/PySide6/

To replace Qt, put a compatible build of the same version (Qt {minor}.x for x64, made with
the same compiler as the PySide6 {pyside} wheels: MSVC 2022 on Windows) in place of those
files, keeping their names. To replace PySide6 or Shiboken6 too, use the files of the PySide6
and shiboken6 wheels of the same version for CPython 3.12 (3.11 on Linux). Close the program
first; run "xueji --version" afterwards to check that it still starts. Modifying these
libraries for your own use, and reverse engineering for debugging such modifications, is
permitted.

Source code of the exact versions used:
  Qt {pyside}:                  https://download.qt.io/official_releases/qt/{minor}/{pyside}/
  PySide6/Shiboken6 {pyside}:   https://code.qt.io/cgit/pyside/pyside-setup.git/ (tag v{pyside})
                              and https://download.qt.io/official_releases/QtForPython/
"""


def _python_licence() -> str:
    base = Path(sys.base_prefix)
    for candidate in (
        base / "LICENSE.txt",
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
    ):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise SystemExit("Python's LICENSE.txt not found next to the interpreter")


def _sqlcipher_versions() -> tuple[str, str]:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = 'notice'")  # the provider answers only on a keyed database
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        provider = conn.execute("PRAGMA cipher_provider_version").fetchone()[0]
    finally:
        conn.close()
    return str(cipher), str(provider)


def _block(title: str, lines: list[str], texts: dict[str, str]) -> list[str]:
    out = [RULE, title, *lines, THIN]
    for name, text in texts.items():
        # Some licence files have CRLF line ends; the notice has LF only.
        out += [f"--- {name} ---", "", text.replace("\r\n", "\n").rstrip(), ""]
    if not texts:
        out += ["(The distribution carries no licence file: the licence is the one named above.)"]
        if any("GPL" in line for line in lines):
            out += ["(The LGPL-3.0 and GPL-3.0 texts are in LGPL-3.0.txt and GPL-3.0.txt here.)"]
        out += [""]
    return out


def render(packages: dict[str, Package]) -> str:
    from xueji_desktop import about

    out = [
        f"{about.APP_NAME} ({about.APP_NAME_ZH}) {about.VERSION}: third-party software notices",
        "",
        f"{about.COPYRIGHT}.",
        "The program includes the software listed below, each under its own licence.",
        "This file is generated by tools/third_party_notices.py; do not edit it by hand.",
        "",
        f"{'Distribution':<24} {'Version':<12} Licence",
    ]
    for pkg in packages.values():
        out.append(f"{pkg.name:<24} {pkg.version:<12} {licence_of(pkg.metadata)}")
    out += [
        f"{'Xueji Serif SC (font)':<24} {'2.001':<12} OFL-1.1",
        f"{'Python':<24} {'3.11, 3.12':<12} PSF-2.0",
        f"{'SQLCipher':<24} {_sqlcipher_versions()[0].split()[0]:<12} BSD-3-Clause",
        "",
        RULE,
        _qt_section(packages),
    ]
    for pkg in packages.values():
        used_on = (
            "all platforms"
            if pkg.targets == set(TARGETS)
            else ", ".join(t for t in TARGETS if t in pkg.targets)
        )
        out += _block(
            f"{pkg.name} {pkg.version}",
            [
                f"Licence: {licence_of(pkg.metadata)}",
                f"Home page: {home_page(pkg.metadata)}",
                f"Used on: {used_on}",
            ],
            pkg.licence_files,
        )
    cipher, provider = _sqlcipher_versions()
    out += _block(
        "Xueji Serif SC (the print font, resources/fonts)",
        [
            "Licence: SIL Open Font License 1.1",
            "A Modified Version of Noto Serif CJK SC (Source Han Serif); see resources/fonts.",
        ],
        {"OFL.txt": FONT_LICENCE.read_text(encoding="utf-8")},
    )
    out += _block(
        "Python (the CPython interpreter and standard library inside the program)",
        ["Licence: PSF-2.0 (Python Software Foundation License Version 2)",
         "Home page: https://www.python.org/"],
        {"LICENSE.txt": _python_licence()},
    )  # fmt: skip
    out += _block(
        f"SQLCipher {cipher} (linked into the sqlcipher3 extension)",
        [
            "Licence: BSD-3-Clause (Zetetic LLC); SQLite itself is in the public domain",
            "Home page: https://www.zetetic.net/sqlcipher/",
            f"Crypto provider linked with it: {provider} (Apache-2.0; the licence text is in",
            "the cryptography section above, LICENSE.APACHE)",
        ],
        {"LICENSE.md": SQLCIPHER_LICENCE.read_text(encoding="utf-8")},
    )
    ffmpeg = _ffmpeg_version()
    out += _block(
        f"FFmpeg {ffmpeg} (libavcodec, libavformat, libavutil, libswscale, libswresample)",
        [
            "Licence: LGPL-2.1-or-later (the full text is LGPL-2.1.txt beside this file)",
            "Home page: https://ffmpeg.org/ ; source of this release:",
            f"https://ffmpeg.org/releases/ffmpeg-{ffmpeg}.tar.xz",
            "Built by The Qt Company for QtMultimedia (the camera) and shipped in the PySide6",
            "wheels as separate shared libraries (PySide6/Qt/lib on Linux, PySide6 on Windows).",
            "They may be replaced by a compatible build of the same release, as the Qt section",
            "above describes for the Qt libraries.",
        ],
        {"LGPL-2.1": "The GNU Lesser General Public License 2.1 is in LGPL-2.1.txt here."},
    )
    return "\n".join(out).rstrip() + "\n"


def _ffmpeg_version() -> str:
    """The FFmpeg release the PySide6 wheel's libavutil was built from (its configure prefix)."""
    import re

    import PySide6

    qt = Path(PySide6.__file__).parent
    for lib in sorted(qt.rglob("*avutil*")):
        if lib.is_file():
            found = re.search(rb"FFmpeg-n(\d+(?:\.\d+)+)", lib.read_bytes())
            if found:
                return found.group(1).decode()
    return "7"


def outputs(wheel_dir: Path | None) -> dict[Path, str | None]:
    """File -> text (None: its source is not available on this machine, so leave it alone)."""
    files: dict[Path, str | None] = {NOTICE: render(collect(read_lock(), wheel_dir))}
    for name, source in COPIED_TEXTS.items():
        path = COMMON_LICENSES / source
        files[OUT / name] = path.read_text(encoding="utf-8") if path.is_file() else None
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file differs")
    parser.add_argument("--wheel-dir", type=Path, help="cache for wheels of other platforms")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    stale = []
    for path, text in outputs(args.wheel_dir).items():
        if text is None:
            print(f"skipped {path.name}: no local source text", file=sys.stderr)
            continue
        data = text.encode("utf-8")
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path)
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"out of date: {path.relative_to(ROOT)} (run {Path(__file__).name})", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
