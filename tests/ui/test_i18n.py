"""Translations: the .ts is complete and covers every tr() string; English is the fallback."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from xueji_desktop.core.errors import WrongCredentials
from xueji_desktop.messages import message_for
from xueji_desktop.ui import i18n
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.worker import SessionWorker

ZH_TS = i18n.translations_dir() / "xueji_zh_CN.ts"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
PLACEHOLDER = re.compile(r"%\d")


def messages_of(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()  # noqa: S314 - our own file, written by lupdate
    found: dict[tuple[str, str], ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


@pytest.fixture
def back_to_chinese(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield
    monkeypatch.undo()
    os.environ["XUEJI_LANG"] = "zh"
    assert i18n.install_translators(qapp) == "zh"


def test_every_string_has_a_finished_chinese_translation() -> None:
    messages = messages_of(ZH_TS)
    assert len(messages) > 40
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None, (context, source)
        assert translation.get("type") is None, (
            f"{context}: {source!r} is {translation.get('type')}"
        )
        text = (translation.text or "").strip()
        assert text, f"{context}: {source!r} has no translation"
        if re.search("[A-Za-z]", PLACEHOLDER.sub("", source)):  # not a bare joiner like "%1 %2"
            assert CJK.search(text), f"{context}: {source!r} is not translated into Chinese"
        assert not CJK.search(source), f"{context}: source strings are English: {source!r}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source


def test_ts_covers_every_tr_string_in_ui(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    i18n.update_sources(fresh)  # lupdate over src/xueji_desktop/ui, written elsewhere
    in_code = set(messages_of(fresh))
    in_ts = set(messages_of(ZH_TS))
    assert in_code, "lupdate found no strings"
    assert in_code - in_ts == set(), "strings missing from the .ts: run i18n --update, translate"
    assert in_ts - in_code == set(), "stale strings in the .ts: run i18n --update"


def test_no_literal_goes_through_a_wrapper_lupdate_cannot_see() -> None:
    """A helper like ``_tr(text)`` translates at run time, but lupdate extracts only ``tr()``,
    ``translate()`` and ``QT_TRANSLATE_NOOP()``: a literal passed to it is never translated
    (a Chinese message once ended in an English sentence that way)."""
    wrappers = re.compile(
        r"^def (\w+)\(text: str\) -> str:\n\s+return QCoreApplication\.translate", re.M
    )
    for path in i18n.UI_DIR.rglob("*.py"):
        source = path.read_text("utf-8")
        for name in wrappers.findall(source):
            literal = re.compile(rf"\b{name}\(\s*[\"']")
            assert not literal.search(source), f'{path.name}: {name}("...") is invisible to lupdate'


def test_every_translate_call_names_a_literal_context() -> None:
    """lupdate only sees translate("Context", "text") when the context is a literal too."""
    call = re.compile(r"translate\(\s*([^,\s)]+)\s*,\s*\"")
    for path in i18n.UI_DIR.rglob("*.py"):
        for match in call.finditer(path.read_text("utf-8")):
            argument = match.group(1)
            assert argument.startswith('"'), f"{path.name}: translate({argument}, ...)"


def test_compiled_translation_loads(qapp: QApplication) -> None:
    built = i18n.compile_translations()
    assert [p.name for p in built] == ["xueji_zh_CN.qm"]
    translator = QTranslator()
    assert translator.load(str(built[0]))
    assert translator.translate("LoginDialog", "Sign in") == "登录"
    assert QCoreApplication.translate("StudentTableModel", "Enrolled") == "在籍"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own qtbase


def test_english_is_complete_through_the_source_strings(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, back_to_chinese: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("XUEJI_LANG", "en")
    assert i18n.install_translators(qapp) == "en"
    worker = SessionWorker()
    dialog = LoginDialog(tmp_path, worker, practice=True)
    qtbot.addWidget(dialog)
    assert dialog.login_button.text() == "Sign in"
    assert dialog.windowTitle() == "[Practice] Sign in — Xueji Desktop"
    assert dialog.practice_banner is not None
    assert dialog.practice_banner.text() == "Practice archive: all data here is fictitious"
    assert i18n.error_text(WrongCredentials()) == message_for(WrongCredentials(), "en")


def test_missing_qm_falls_back_to_english(
    qapp: QApplication,
    tmp_path: Path,
    back_to_chinese: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("XUEJI_LANG", "zh")
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert i18n.install_translators(qapp) == "en"
    assert i18n.language() == "en"
    assert QCoreApplication.translate("LoginDialog", "Sign in") == "Sign in"
    # Error messages follow the UI language, so a window never mixes Chinese and English.
    assert i18n.error_text(WrongCredentials()) == message_for(WrongCredentials(), "en")
    assert "xueji_zh_CN.qm" in caplog.text
    assert str(tmp_path) not in caplog.text
