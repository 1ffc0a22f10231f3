"""Garbage in, problems out: validation never raises and never keeps unusable values."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.records_fixtures import student_values
from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS
from xueji_desktop.core.validation import check_student, to_internal

TODAY = datetime.date(2026, 1, 1)
GARBAGE: list[Any] = [
    None, [], ["张三"], {}, {"a": 1}, b"bytes", 1.5, float("nan"), float("inf"), -1, 10**30,
    True, object(), "\x00\x01\x02", "\u202e反转", "\ud800"[:0], " " * 1000, "x" * 10_000_000,
    "１．１０１０５Ｅ＋１７", datetime.time(12, 0), set(), ("a",),
]  # fmt: skip


@pytest.mark.parametrize("value", GARBAGE, ids=lambda v: type(v).__name__)
def test_garbage_in_every_field(value: Any) -> None:
    values: dict[str, Any] = {f.name: value for f in STUDENT_FIELDS}
    values["family_members"] = [{f.name: value for f in FAMILY_FIELDS}]
    checked = check_student(values, today=TODAY, draft=False)
    assert checked.problems
    for name, stored in checked.values.items():
        assert stored is None or isinstance(stored, (str, int)), name
        assert not (isinstance(stored, str) and len(stored) > 2000), name
    internal, _ = to_internal({f.label: value for f in STUDENT_FIELDS})
    check_student(internal, today=TODAY)


@pytest.mark.parametrize("value", [None, [], "text", 3, [1, 2], {"家庭成员": 5}])
def test_garbage_records(value: Any) -> None:
    _, problems = to_internal(value)
    checked = check_student(value, today=TODAY)
    if not isinstance(value, dict):
        assert problems and checked.problems
    else:
        assert [(p.field, p.code) for p in problems] == [("family_members", "wrong_type")]


def test_huge_string_is_refused_not_stored() -> None:
    checked = check_student(student_values(home_address="长" * 10_000_000), today=TODAY)
    assert [p.code for p in checked.problems if p.field == "home_address"] == ["too_long"]
    assert checked.values["home_address"] == ""


def test_control_characters_are_refused() -> None:
    for bad in ("张\x00三", "张\n三", "张\t三", "\x1b[31m张三", "张三\x85"):
        checked = check_student(student_values(name=bad), today=TODAY)
        assert {p.code for p in checked.problems if p.field == "name"} == {"control_chars"}


def test_messages_never_carry_the_raw_id_number() -> None:
    raw = "130402198207290622"
    checked = check_student(
        student_values(id_number=raw, registry_no="G" + raw), today=TODAY, draft=False
    )
    assert checked.problems
    assert raw not in repr(checked.problems)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([f.name for f in STUDENT_FIELDS] + ["family_members", "x"]),
        st.none() | st.text(max_size=40) | st.integers() | st.floats() | st.booleans()
        | st.lists(st.text(max_size=3), max_size=2)
        | st.lists(st.dictionaries(st.sampled_from([f.name for f in FAMILY_FIELDS]),
                                   st.text(max_size=20) | st.integers()), max_size=2),
    )
)  # fmt: skip
def test_random_records_never_raise(values: dict[str, Any]) -> None:
    checked = check_student(values, today=TODAY, draft=False)
    assert all(p.severity in ("error", "warning") for p in checked.problems)
    to_internal(values)


def test_lone_surrogates_are_refused_not_stored() -> None:
    """Broken input (a lone surrogate) cannot be stored as UTF-8: a problem, never a crash."""
    import datetime

    from xueji_desktop.core.validation import check_student, to_internal

    values, problems = to_internal(
        {"姓名": "张\ud800", "家庭现地址": "建设路\udfff1号", "曾用名": "\ud83d"}
    )
    checked = check_student(values, today=datetime.date(2026, 1, 1))
    found = {p.field for p in problems + checked.problems if p.severity == "error"}
    assert {"name", "home_address", "former_name"} <= found
    for value in checked.values.values():
        if isinstance(value, str):
            value.encode("utf-8")  # nothing unencodable survives
