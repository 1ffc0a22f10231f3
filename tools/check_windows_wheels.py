"""Check that every pinned dependency has a wheel for Windows x64 and CPython 3.12.

    .venv/bin/python tools/check_windows_wheels.py         # run-time + freeze pins
    .venv/bin/python tools/check_windows_wheels.py --all   # every pin of requirements.lock

The release build runs on Windows 10/11 x64 with CPython 3.12 and installs with
``--only-binary=:all:`` (docs/release.md): a pin without such a wheel would need a compiler
there. For each pin this asks PyPI's simple index (PEP 691 JSON) which files the pinned version
has and accepts a wheel whose tags pip would install on cp312/win_amd64 (cp312-cp312-win_amd64,
cp3x-abi3-win_amd64 with x <= 12, py3-none-any, ...). It also lists the dependencies of the
run-time and freeze sets that requirements.lock does not pin (on Windows). Prints a table; exits
1 when a wheel is missing or a dependency is unpinned. Needs the network; not run by the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata as md
import json
import sys
import urllib.request
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

sys.path.insert(0, str(Path(__file__).resolve().parent))

from third_party_notices import LOCK, PROJECT, TARGETS, read_lock

WINDOWS = TARGETS["Windows (CPython 3.12)"]
FREEZE_ROOTS = ["pyinstaller"]
INDEX = "https://pypi.org/simple/{name}/"
ACCEPT = "application/vnd.pypi.simple.v1+json"
SUPPORTED: set[Tag] = set(
    cpython_tags(python_version=(3, 12), abis=["cp312"], platforms=["win_amd64"])
) | set(compatible_tags(python_version=(3, 12), interpreter="cp312", platforms=["win_amd64"]))


def closure(roots: list[str], env: dict[str, str]) -> set[str]:
    """Canonical names needed by ``roots`` on ``env`` (not-installed names are leaves)."""
    todo = [Requirement(r) for r in roots]
    seen: set[str] = set()
    while todo:
        req = todo.pop()
        if req.marker and not Marker(str(req.marker)).evaluate(env):
            continue
        key = canonicalize_name(req.name)
        if key in seen:
            continue
        seen.add(key)
        with contextlib.suppress(md.PackageNotFoundError):  # another platform's package: a leaf
            todo.extend(Requirement(r) for r in md.requires(req.name) or [])
    return seen


def windows_wheels(name: str, version: str) -> tuple[list[str], list[str]]:
    """(compatible wheel file names, every file name) of ``name==version`` on PyPI."""
    url = INDEX.format(name=name)  # a fixed https URL
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        files = json.load(response)["files"]
    names, good = [], []
    for entry in files:
        filename = entry["filename"]
        if not filename.endswith(".whl"):
            if _sdist_version(filename, name) == version:
                names.append(filename)
            continue
        _, wheel_version, _, tags = parse_wheel_filename(filename)
        if str(wheel_version) != version:
            continue
        names.append(filename)
        if tags & SUPPORTED and not entry.get("yanked"):
            good.append(filename)
    return good, names


def _sdist_version(filename: str, name: str) -> str:
    stem = filename.removesuffix(".tar.gz").removesuffix(".zip")
    prefix, _, version = stem.rpartition("-")
    return version if canonicalize_name(prefix) == canonicalize_name(name) else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="check every pin, test tools too")
    args = parser.parse_args(argv)
    pins = read_lock(LOCK)
    runtime = closure([PROJECT], WINDOWS) - {PROJECT}
    # Every platform's run-time set: the lock must pin the Linux-only back-ends as well.
    for env in TARGETS.values():
        runtime |= closure([PROJECT], env) - {PROJECT}
    freeze = closure(FREEZE_ROOTS, WINDOWS)
    wanted = {name: "run time" for name in sorted(runtime)}
    wanted.update({name: "freeze" for name in sorted(freeze - runtime)})
    if args.all:
        wanted.update({name: "test/dev" for name in sorted(set(pins) - set(wanted))})

    failures = 0
    print(f"{'package':<28} {'pinned':<12} {'used for':<9} Windows x64 / CPython 3.12 wheel")
    for name, role in sorted(wanted.items()):
        if name not in pins:
            print(f"{name:<28} {'-':<12} {role:<9} NOT PINNED in requirements.lock")
            failures += 1
            continue
        good, files = windows_wheels(name, pins[name])
        if good:
            verdict = "ok  " + ", ".join(sorted({"-".join(g.split("-")[-3:])[:-4] for g in good}))
        elif files:
            verdict = "MISSING (only: " + ", ".join(sorted(files)[:3]) + ")"
            failures += 1
        else:
            verdict = "MISSING (version not on PyPI)"
            failures += 1
        print(f"{name:<28} {pins[name]:<12} {role:<9} {verdict}")
    print(f"{len(wanted)} checked, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
