"""core/validation_fast.py: every shortcut gives what the general path gives, or steps aside."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.records_fixtures import make_id_number, student_values
from xueji_desktop.core import validation_fast
from xueji_desktop.core.fields import (
    FAMILY_FIELDS,
    STUDENT_FIELDS,
    STUDENT_FIELDS_BY_NAME,
    FieldSpec,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.validation import check_student, normalize_value, to_internal
from xueji_desktop.core.validation_fast import FAST_CHECKS, SLOW
from xueji_desktop.core.validation_rules import FamilyContext, RecordContext, check_value

TODAY = datetime.date(2026, 1, 1)
ID = make_id_number("20100315")
BAD_CHECK = ID[:17] + ("1" if ID[17] != "1" else "2")
SAMPLES = [
    "张三", "欧阳·娜娜", "张", "张 三", "張三", "欧阳・娜娜", "John Smith", "张\u200b三",
    "\u4e00" * 51,
    "2010-03-15", "2010/3/5", "2010.03.15", "2010-02-30", "1899-12-31", "2030-01-01", "0999-01-01",
    "2010-3-15", "２０１０-03-15", "2010-03-15\n", "20100315", "2010年3月15日", "202509", "202513",
    "189912", "203001", "202601", "202602", "2026-01-01", "2026-01-02", "000000",
    "２０２５０９", "13800138000", "12800138000", "1380013800",
    "+8613800138000", "１３８００１３８０００", "2025000001", "2025-0001", "A_1", "x" * 31,
    "建设路1号", " 建设路1号", "建设路1号 ", "建设\u3000路", "e\u0301", "a\tb", "730301", "999999",
    "７３０３０１", ID, ID.lower(), BAD_CHECK, " " + ID, ID[:15], "1.1E+17", "G" + ID, "g" + ID,
    "G" + BAD_CHECK, "J" + ID, "学号", "ＡＢＣ", "a", "\x00", "٠١٢٣٤٥",
]  # fmt: skip
# (spec, is a family member's field)
FAST_SPECS = [(s, False) for s in STUDENT_FIELDS if s.kind in FAST_CHECKS] + [
    (s, True) for s in FAMILY_FIELDS if s.kind in FAST_CHECKS
]


def _context(family: bool, id_info: bool) -> FamilyContext:
    ctx = FamilyContext(today=TODAY) if family else RecordContext(today=TODAY)
    if id_info:  # what the 身份证件号 before 学籍号 leaves behind
        check_value(STUDENT_FIELDS_BY_NAME["id_number"], ID, "id_number", ctx, [])
    return ctx


def _general(spec: FieldSpec, raw: str, ctx: FamilyContext) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    return check_value(spec, normalize_value(spec, raw), spec.name, ctx, problems), problems


def _compare(spec: FieldSpec, family: bool, raw: str) -> None:
    for id_info in (False, True):
        fast_ctx, slow_ctx = _context(family, id_info), _context(family, id_info)
        problems: list[Problem] = []
        stored = FAST_CHECKS[spec.kind](spec, raw, spec.name, fast_ctx, problems)
        if stored is SLOW:
            assert problems == []
            assert fast_ctx == _context(family, id_info)
            continue
        assert (stored, problems) == _general(spec, raw, slow_ctx), (spec.name, raw)
        assert fast_ctx == slow_ctx


@pytest.mark.parametrize("spec_family", FAST_SPECS, ids=lambda s: s[0].name + "_family" * s[1])
def test_fast_paths_match_the_general_path(spec_family: tuple[FieldSpec, bool]) -> None:
    for raw in SAMPLES:
        _compare(*spec_family, raw)


def test_the_samples_take_the_fast_paths() -> None:
    # The comparison above must not pass only because every sample stepped aside.
    taken = {
        spec.kind
        for spec, family in FAST_SPECS
        for raw in SAMPLES
        if FAST_CHECKS[spec.kind](spec, raw, spec.name, _context(family, True), []) is not SLOW
    }
    assert taken == set(FAST_CHECKS)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FAST_SPECS), st.text(min_size=1, max_size=25))
def test_fast_paths_match_on_random_text(spec_family: tuple[FieldSpec, bool], raw: str) -> None:
    _compare(*spec_family, raw)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FAST_SPECS), st.from_regex(r"[0-9０-９Xx年月日./ -]{1,20}", fullmatch=True))
def test_fast_paths_match_on_random_digits(spec_family: tuple[FieldSpec, bool], raw: str) -> None:
    _compare(*spec_family, raw)


class _Plain(Mapping[str, Any]):
    """A mapping that is not a dict: validation takes the general loop for it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _records() -> list[dict[str, Any]]:
    base = student_values(migrant_child="否", poverty_registered="否")  # text: memoised
    base["family_members"] = [{"name": "张大山", "relation": "父亲", "is_guardian": "是"}]
    variants: list[dict[str, Any]] = [base, dict(reversed(list(base.items())))]
    for overrides in [
        {"gender": ""}, {"gender": None}, {"ethnicity": "xx"}, {"migrant_child": 1},
        {"hukou_place": ["x"]}, {"birthplace": "110104"}, {"id_number": 1.1e17},
        {"phone": " 13800138000 "}, {"id_type": "2", "id_number": BAD_CHECK},
    ]:  # fmt: skip
        variants.append({**base, **overrides})
    return variants


@pytest.mark.parametrize("index", range(11))
def test_layouts_and_memo_hits_change_nothing(index: int) -> None:
    values = _records()[index]
    for memo in validation_fast._MEMOS.values():
        memo.clear()  # start cold
    cold = check_student(_Plain(values), today=TODAY, draft=False)
    for _ in range(3):  # warm: layouts built, memo hits taken
        warm = check_student(values, today=TODAY, draft=False)
        assert (warm.values, warm.family, warm.problems, warm.missing) == (
            cold.values,
            cold.family,
            cold.problems,
            cold.missing,
        )
        assert list(warm.values) == list(cold.values)  # same field order too


def test_to_internal_shortcut_matches_the_general_loop() -> None:
    raw: dict[str, Any] = {f.label: "x" for f in STUDENT_FIELDS}
    raw["身份证件号"] = ID
    raw["家庭成员"] = [{"姓名": "张大山", "关系": "父亲"}]
    for variant in (
        raw,
        {**raw, "身份证件号": "4.30502E+17"},
        {**raw, "学号": 5, "姓名": None},
        {**raw, "name": "李四"},
        {**raw, "bogus": "1"},
        {**raw, " 姓名": "李四"},
    ):
        assert to_internal(variant) == to_internal(MappingProxyType(variant))
