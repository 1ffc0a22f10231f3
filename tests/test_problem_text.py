"""Every validation problem code has a zh and an en sentence that names the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xueji_desktop.core.fields import STUDENT_FIELDS
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.validation import PROBLEM_CODES
from xueji_desktop.problem_text import FIELD_NAMES_EN, PROBLEM_TEXTS, field_text, problem_text

CORE = Path(__file__).resolve().parents[1] / "src" / "xueji_desktop" / "core"
ID_REASONS = ("length", "chars", "check", "region", "region_abolished", "birth_date")


def test_problem_codes_list_is_complete() -> None:
    """Every literal code passed to Problem(...) in the validation modules is in PROBLEM_CODES."""
    source = "".join(
        (CORE / name).read_text("utf-8") for name in ("validation.py", "validation_rules.py")
    )
    literals = set(re.findall(r'Problem\(\s*[^,()]+,\s*"([a-z_]+)"', source))
    literals |= {f"id_{reason}" for reason in ID_REASONS}  # f"id_{err.reason}"
    assert len(literals) > 30
    assert literals <= PROBLEM_CODES, literals - PROBLEM_CODES


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_code_has_a_sentence(code: str, lang: str) -> None:
    assert code in PROBLEM_TEXTS
    params = {"value": "XYZ", "masked": "110105********002X", "max_len": "30", "age": "9"}
    text = problem_text(Problem("phone", code, "error", params), lang)
    assert text and "{" not in text and "(" + code + ")" not in text
    if "{field}" in PROBLEM_TEXTS[code][0]:
        assert ("联系电话" if lang == "zh" else "Phone") in text
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]{4,}", text.replace("非联合办学", "")), text


def test_field_names() -> None:
    assert set(FIELD_NAMES_EN) >= {f.name for f in STUDENT_FIELDS}
    assert field_text("id_number", "zh") == "身份证件号"
    assert field_text("id_number", "en") == "ID number"
    assert field_text("family_members.0.phone", "zh") == "家庭成员1的联系电话"
    assert field_text("family_members.1.relation", "en") == "family member 2: Relationship"
    assert field_text("family_members", "zh") == "家庭成员"
    assert field_text("学费", "zh") == "学费"  # an unknown column is named as given


def test_sentences() -> None:
    p = Problem("id_number", "id_check", "error", {"masked": "130402********0622"})
    assert problem_text(p, "zh") == (
        "身份证件号校验位不对（130402********0622），可能输错了一位，请对照证件核对。"
    )
    assert problem_text(Problem("学费", "unknown_field"), "zh").startswith(
        "“学费”不是可以填写的项目"
    )
    reg = Problem("registry_no", "registry_no_format", "error", {"reason": "check"})
    assert problem_text(reg, "zh").endswith("（校验位不对）。")
    assert problem_text(reg, "en").endswith("(wrong check character).")
    assert (
        problem_text(Problem("name", "made_up_code"), "en") == "Name is not valid (made_up_code)."
    )


def test_default_language_is_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XUEJI_LANG", raising=False)
    assert problem_text(Problem("name", "required")) == "姓名不能为空。"
    monkeypatch.setenv("XUEJI_LANG", "en")
    assert problem_text(Problem("name", "required")) == "Name is required."


def test_finding_texts() -> None:
    from xueji_desktop.problem_text import finding_text
    from xueji_desktop.services.duplicates import REASONS
    from xueji_desktop.services.health import KINDS

    for kind in KINDS:
        for lang in ("zh", "en"):
            text = finding_text(kind, {}, lang)
            assert text and "{" not in text and f"({kind})" not in text
    missing = finding_text("missing_required", {"fields": "phone,family_members.0.name"}, "zh")
    assert missing == "必填项目未填写：联系电话、家庭成员1的姓名。"
    assert finding_text("id_mismatch", {"field": "gender"}, "en") == (
        "Gender does not agree with the ID number."
    )
    for reason in REASONS:
        assert reason not in finding_text("likely_duplicate", {"reason": reason}, "zh")
