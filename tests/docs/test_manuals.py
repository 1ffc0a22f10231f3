"""The user manuals under docs/manual/: every link and picture resolves, and each Chinese manual
has a complete English translation (docs/manual/en/<same name>) with the same level-2 sections.

Generic on purpose: it covers every manual in the folder, whoever wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANUALS = ROOT / "docs" / "manual"
EN = MANUALS / "en"

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_CODE = re.compile(r"`[^`\n]*`")
# [text](target) and ![alt](target); the target may carry a "title" or be in <angle brackets>.
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto: …


def _manuals() -> list[Path]:
    return sorted(MANUALS.rglob("*.md")) if MANUALS.is_dir() else []


def _chinese_manuals() -> list[Path]:
    return sorted(MANUALS.glob("*.md")) if MANUALS.is_dir() else []


def _prose(path: Path) -> str:
    """The text without code blocks and inline code: links shown as code are examples."""
    return _CODE.sub("", _FENCE.sub("", path.read_text(encoding="utf-8")))


def _targets(path: Path) -> list[str]:
    found = []
    for match in _LINK.finditer(_prose(path)):
        target = match.group(1).strip("<>")
        if target and not _EXTERNAL.match(target):
            found.append(target)
    return found


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, only letters, marks, digits, '_', '-' and
    spaces kept (Chinese characters are letters; full-width punctuation goes), spaces → '-'."""
    text = re.sub(r"[*`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading).lower()
    kept = (ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LMN")
    return "".join(kept).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for match in _HEADING.finditer(_prose(path)):
        slug = _slug(match.group(2))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def _level2(path: Path) -> list[str]:
    return [m.group(2) for m in _HEADING.finditer(_prose(path)) if m.group(1) == "##"]


def test_the_manuals_exist() -> None:
    assert (MANUALS / "clerk.md").is_file()
    assert (EN / "clerk.md").is_file()


@pytest.mark.parametrize("manual", _manuals(), ids=lambda p: str(p.relative_to(MANUALS)))
def test_every_relative_link_and_image_resolves(manual: Path) -> None:
    broken = []
    for target in _targets(manual):
        file_part = unquote(target.split("#", 1)[0])
        if file_part and not (manual.parent / file_part).exists():
            broken.append(target)
    assert not broken, f"{manual.name}: links to missing files: {broken}"


@pytest.mark.parametrize("manual", _manuals(), ids=lambda p: str(p.relative_to(MANUALS)))
def test_every_anchor_names_a_heading(manual: Path) -> None:
    broken = []
    for target in _targets(manual):
        file_part, _, anchor = target.partition("#")
        if not anchor:
            continue
        doc = (manual.parent / unquote(file_part)) if file_part else manual
        if doc.suffix == ".md" and doc.is_file() and unquote(anchor) not in _anchors(doc):
            broken.append(target)
    assert not broken, f"{manual.name}: anchors without a heading: {broken}"


@pytest.mark.parametrize("manual", _chinese_manuals(), ids=lambda p: p.name)
def test_each_manual_has_an_english_translation_with_the_same_sections(manual: Path) -> None:
    english = EN / manual.name
    assert english.is_file(), f"docs/manual/{manual.name} has no English translation in en/"
    zh, en = _level2(manual), _level2(english)
    assert len(zh) == len(en), (
        f"{manual.name}: {len(zh)} level-2 sections in Chinese, {len(en)} in English"
    )


@pytest.mark.parametrize("manual", _manuals(), ids=lambda p: str(p.relative_to(MANUALS)))
def test_screenshots_match_the_manual_language(manual: Path) -> None:
    """The Chinese manuals show the -zh pictures, the English ones the -en pictures."""
    wrong_suffix = "-zh.png" if manual.parent == EN else "-en.png"
    wrong = [t for t in _targets(manual) if t.endswith(wrong_suffix)]
    assert not wrong, f"{manual.name}: pictures in the other language: {wrong}"
