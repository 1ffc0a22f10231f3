"""Fill the Chinese ``.ts`` from tab-separated fragments, then compile the ``.qm``.

    .venv/bin/python tools/ts_fill.py FRAGMENT.tsv [...]

Each fragment line is ``context<TAB>English source<TAB>Chinese translation`` (``\\n`` and ``\\t``
escaped as in Python). The tool first refreshes the ``.ts`` from the ``tr()`` calls (lupdate keeps
existing translations), fills every message whose context and source match a fragment line, then
builds the ``.qm``. It works under a lock file, so several people may run it at once. It prints the
messages still unfinished.
"""

from __future__ import annotations

import fcntl
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from xueji_desktop.ui import i18n


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def read_fragments(paths: list[Path]) -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise SystemExit(f"{path}:{number}: expected 3 tab-separated fields")
            context, source, translation = (_unescape(p) for p in parts)
            table[(context, source)] = translation
    return table


def fill(ts: Path, table: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    tree = ET.parse(ts)  # noqa: S314 - our own file from the repository
    unfinished: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            wanted = table.get((name, source))
            if wanted is not None:
                translation.text = wanted
                translation.attrib.pop("type", None)
            if translation.get("type") == "unfinished" or not (translation.text or "").strip():
                unfinished.append((name, source))
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    header = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>'
    text = ts.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>", header)
    ts.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return unfinished


def main(argv: list[str]) -> int:
    table = read_fragments([Path(a) for a in argv])
    lock_path = Path(tempfile.gettempdir()) / "xueji-ts-fill.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        i18n.update_sources()
        unfinished: list[tuple[str, str]] = []
        for ts in i18n.ts_files():
            unfinished += fill(ts, table)
        i18n.compile_translations()
    for context, source in unfinished:
        print(f"unfinished\t{context}\t{source!r}")
    print(f"{len(unfinished)} unfinished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
