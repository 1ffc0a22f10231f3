"""Every Problem code any module can report has a zh and an en sentence (problem_text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import PROBLEM_TEXTS, SERVICE_PROBLEM_TEXTS, problem_text

SRC = Path(__file__).resolve().parents[1] / "src" / "xueji_desktop"
# Problem(field, "code" ...) and the Checks helper's ck.add(field, "code", ...)
_LITERAL = re.compile(r'(?:Problem|\.add)\(\s*[^,()]+,\s*"([a-z_0-9]+)"')


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found |= set(_LITERAL.findall(path.read_text("utf-8")))
    return found


def test_the_scan_finds_codes_of_core_and_services() -> None:
    found = codes_in_source()
    assert {
        "birth_date_mismatch",
        "status_by_event",
        "course_not_passed",
        "file_too_large",
    } <= found


@pytest.mark.parametrize("code", sorted(codes_in_source()))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_code_reads_as_a_sentence(code: str, lang: str) -> None:
    assert code in PROBLEM_TEXTS or code in SERVICE_PROBLEM_TEXTS, code
    text = problem_text(Problem("phone", code), lang)
    assert f"（{code}）" not in text and f"({code})" not in text  # not the fallback sentence
    if lang == "zh":
        assert re.search(r"[\u4e00-\u9fff]", text), text
    else:  # English; Chinese only for quoted template values such as 是/否
        assert len(re.findall(r"[A-Za-z]+", text)) >= 3, text


def test_findings_name_documents_and_report_statuses_in_words() -> None:
    from xueji_desktop.problem_text import finding_text

    zh = finding_text("missing_documents", {"documents": "enrolment_form,photo"}, "zh")
    assert "入学登记表" in zh and "照片" in zh and "enrolment_form" not in zh
    en = finding_text("not_approved", {"report_status": "confirmed"}, "en")
    assert "checked" in en and "confirmed" not in en
    assert "已核对" in finding_text("not_approved", {"report_status": "confirmed"}, "zh")
