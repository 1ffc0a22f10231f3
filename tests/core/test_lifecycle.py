"""The 学籍异动 state machine: every kind from every state, written out independently here."""

from __future__ import annotations

import datetime

import pytest

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import IllegalTransition

ACTIVE = ("enrolled", "on_leave")

# kind -> {from state: to state}; everything else is illegal. Written from the issue, not
# copied from the module, so a wrong entry there fails here.
LEGAL: dict[str, dict[str, str]] = {
    "leave_of_absence": {"enrolled": "on_leave"},
    "return_from_leave": {"on_leave": "enrolled"},
    "withdrawal": dict.fromkeys(ACTIVE, "withdrawn"),
    "transfer_out": dict.fromkeys(ACTIVE, "transferred_out"),
    "transfer_in": {"none": "enrolled", "transferred_out": "enrolled", "withdrawn": "enrolled"},
    "expulsion": dict.fromkeys(ACTIVE, "expelled"),
    "repeat_year": {"enrolled": "enrolled"},
    "demotion": {"enrolled": "enrolled"},
    "change_major": {"enrolled": "enrolled"},
    "change_class": {"enrolled": "enrolled"},
    "deregistration": dict.fromkeys(ACTIVE, "deregistered"),
    "death": dict.fromkeys(ACTIVE, "deceased"),
    "graduation": {"enrolled": "graduated"},
    "early_graduation": {"enrolled": "graduated"},
    "completion": {"enrolled": "completed_without_diploma"},
    "diploma_after_completion": {"completed_without_diploma": "graduated"},
    "studied_without_completing": dict.fromkeys(ACTIVE, "studied_without_completing"),
}
STATES = (
    "none",
    "enrolled",
    "on_leave",
    "graduated",
    "completed_without_diploma",
    "studied_without_completing",
    "withdrawn",
    "expelled",
    "transferred_out",
    "deregistered",
    "deceased",
)
CODES = {
    "leave_of_absence": "11",
    "return_from_leave": "12",
    "withdrawal": "31",
    "transfer_out": "21",
    "transfer_in": "22",
    "expulsion": "42",
    "repeat_year": "02",
    "demotion": "03",
    "change_major": "23",
    "change_class": "29",
    "deregistration": "18",
    "death": "51",
    "graduation": "",
    "early_graduation": "61",
    "completion": "62",
    "diploma_after_completion": "",
    "studied_without_completing": "63",
}
CASES = [(k, s) for k in LEGAL for s in STATES]


def test_kinds_and_states_are_the_documented_ones() -> None:
    assert set(lifecycle.KINDS) == set(LEGAL)
    assert set(lifecycle.STATUSES) == set(STATES) - {"none"}
    for kind, code in CODES.items():
        assert lifecycle.SPECS[kind].category_code == code
        assert code == "" or code in lifecycle.CATEGORY_CODES


@pytest.mark.parametrize(("kind", "status"), CASES)
def test_every_kind_from_every_state(kind: str, status: str) -> None:
    legal = LEGAL[kind]
    if status in legal:
        assert lifecycle.transition(kind, status) == legal[status]
        return
    with pytest.raises(IllegalTransition) as exc:
        lifecycle.transition(kind, status)
    reason = exc.value.fields["reason"]
    assert exc.value.fields["kind"] == kind and exc.value.fields["status"] == status
    if status == "none":
        assert reason == "no_record"
    elif kind == "transfer_in":
        assert reason == ("already_enrolled" if status in ACTIVE else "cannot_reactivate")
    elif kind == "diploma_after_completion":
        assert reason == "not_completed"
    elif status not in ACTIVE:
        assert reason == "already_left"
    elif kind == "return_from_leave":
        assert reason == "not_on_leave"
    else:
        assert reason == "not_enrolled"


@pytest.mark.parametrize(
    ("kind", "status", "reason"),
    [
        ("graduate", "enrolled", "unknown_kind"),
        ("", "enrolled", "unknown_kind"),
        (None, "enrolled", "unknown_kind"),
        (11, "enrolled", "unknown_kind"),
        ("withdrawal", "active", "unknown_status"),
        ("withdrawal", None, "unknown_status"),
        ("withdrawal", "", "unknown_status"),
    ],
)
def test_garbage_refused(kind: object, status: object, reason: str) -> None:
    with pytest.raises(IllegalTransition) as exc:
        lifecycle.transition(kind, status)  # type: ignore[arg-type]
    assert exc.value.fields["reason"] == reason


def test_locked_states() -> None:
    assert not lifecycle.is_locked("enrolled")
    assert not lifecycle.is_locked("on_leave")
    for s in STATES[3:]:
        assert lifecycle.is_locked(s), s
    assert not lifecycle.is_locked("none")


D = datetime.date


def test_one_year_rule() -> None:
    ok = {"enrolled_on": D(2025, 9, 1), "graded_terms": 2, "failed_courses": 0}
    lifecycle.check_one_year("studied_without_completing", "enrolled", effective=D(2026, 9, 1),
                             **ok)  # fmt: skip
    for effective, changes, reason in (
        (D(2026, 8, 31), {}, "needs_one_year"),
        (D(2026, 9, 1), {"enrolled_on": None}, "needs_one_year"),
        (D(2026, 9, 1), {"graded_terms": 1}, "needs_one_year"),
        (D(2026, 9, 1), {"failed_courses": 1}, "failed_courses"),
    ):
        with pytest.raises(IllegalTransition) as exc:
            lifecycle.check_one_year(
                "studied_without_completing", "enrolled", effective=effective,
                **{**ok, **changes},  # type: ignore[arg-type]
            )  # fmt: skip
        assert exc.value.fields["reason"] == reason


@pytest.mark.parametrize(
    ("issued", "inside"),
    [
        (D(2026, 12, 31), False),
        (D(2027, 1, 1), True),
        (D(2028, 7, 1), True),
        (D(2028, 7, 2), False),
    ],
)
def test_completion_window(issued: datetime.date, inside: bool) -> None:
    args = {"completed_on": D(2026, 7, 1), "issued_on": issued, "window_months": (6, 24)}
    if inside:
        lifecycle.check_completion_window("completed_without_diploma", **args)  # type: ignore[arg-type]
        return
    with pytest.raises(IllegalTransition) as exc:
        lifecycle.check_completion_window("completed_without_diploma", **args)  # type: ignore[arg-type]
    assert exc.value.fields["reason"] == "outside_window"


def test_add_months_end_of_month() -> None:
    assert lifecycle.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert lifecycle.add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert lifecycle.add_months(D(2026, 1, 15), 24) == D(2028, 1, 15)


REPORT_LEGAL = {
    ("draft", "confirmed"),
    ("confirmed", "reported"),
    ("confirmed", "draft"),
    ("reported", "approved"),
    ("reported", "returned"),
    ("returned", "draft"),
    ("returned", "confirmed"),
}


@pytest.mark.parametrize("current", lifecycle.REPORT_STATUSES)
@pytest.mark.parametrize("target", [*lifecycle.REPORT_STATUSES, "done", ""])
def test_report_transitions(current: str, target: str) -> None:
    if (current, target) in REPORT_LEGAL:
        lifecycle.check_report_transition(current, target)
        return
    with pytest.raises(IllegalTransition):
        lifecycle.check_report_transition(current, target)


def test_assessment_rank() -> None:
    assert lifecycle.rank_assessment("优秀") > lifecycle.rank_assessment("合格") > 0  # type: ignore[operator]
    assert lifecycle.rank_assessment("不合格") == 0
    assert lifecycle.rank_assessment("") is None
    assert lifecycle.rank_assessment(None) is None  # type: ignore[arg-type]
