"""``xueji about``: what this program is and carries (docs/design/cli.md).

The version, the Python it runs on, whether it is the frozen build (installer/xueji.spec), the
archive schema it writes, the SQLCipher it links and the keyring backends it carries, with the
one in use marked. Needs no archive. ``installer/smoke_test.py`` reads ``--json`` to check that
a frozen build carries its platform's keyring backends.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from typing import Any

from xueji_desktop import about
from xueji_desktop.storage import keystore
from xueji_desktop.storage.connection import library_info
from xueji_desktop.storage.migrations import latest_version


def add_parser(sub: Any, cmd: Any) -> None:
    cmd(sub, "about", "version, Python, SQLCipher, schema and keyring backends of this program")


def facts() -> dict[str, Any]:
    libraries = library_info()
    backends = keystore.backend_report()
    return {
        "ok": True,
        "name": about.APP_NAME,
        "version": about.VERSION,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": sys.platform,
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "schema": latest_version(),
        "sqlcipher": libraries["cipher_version"],
        "sqlite": libraries["sqlite_version"],
        "keyring_backends": backends,
        "keyring_in_use": keystore.current_backend(),
    }


def _backend_line(backend: dict[str, Any]) -> str:
    mark = "*" if backend["in_use"] else " "
    name = backend.get("class") or backend["module"]
    if not backend["loaded"]:
        state = f"not loadable ({backend['reason']})"
    elif backend["missing"]:
        state = "missing " + ", ".join(backend["missing"])
    elif backend["priority"] is None:
        state = f"not usable here ({backend['reason']})"
    else:
        state = f"priority {backend['priority']:g}"
    return f"  {mark} {name}: {state}"


def cmd_about(args: argparse.Namespace, _secrets: object) -> int:
    doc = facts()
    if getattr(args, "json", False):
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
        return 0
    lines = [
        f"{about.APP_NAME} ({about.APP_NAME_ZH}) {doc['version']}",
        f"python: {doc['python']} ({doc['python_implementation']}, {doc['platform']})",
        f"frozen: {'yes' if doc['frozen'] else 'no'} ({doc['executable']})",
        f"archive schema written: {doc['schema']}",
        f"sqlcipher: {doc['sqlcipher']} (sqlite {doc['sqlite']})",
        f"keyring in use: {doc['keyring_in_use'] or 'none'}",
        "keyring backends carried (* = in use):",
        *(_backend_line(b) for b in doc["keyring_backends"]),
    ]
    print("\n".join(lines))
    return 0
