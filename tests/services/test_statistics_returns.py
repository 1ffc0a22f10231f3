"""教育事业统计 returns (statistics_returns) on the hand-counted archive of test_statistics.py,
and the balance start + increases − decreases = end on the 1,200-student demo."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.records_fixtures import MAJOR, MAJOR2
from tests.services.test_statistics import School, table
from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.services.archive import Created
from xueji_desktop.services.demo import create_demo
from xueji_desktop.services.statistics import COLUMN_LABELS, TITLE_LABELS, StatTable
from xueji_desktop.services.statistics_returns import (
    CHANGE_COLUMNS,
    FLOW_COLUMNS,
    STUDENT_COLUMNS,
    education_returns,
)
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

D = datetime.date


@pytest.fixture
def w(archive: Created) -> School:
    return School(archive.session)


def row(t: StatTable, key: str) -> dict[str, object]:
    return dict(zip(t.columns, table(t)[key], strict=True))


def test_returns_at_the_end_of_the_school_year(w: School) -> None:
    # The year 2025-06-30 .. 2026-06-30. On roll at the start: f g h i (g h i have no history
    # and graduated on 2025-07-01). In the year: a entered; l came by 转入; d entered and is
    # back from leave; b entered and is on leave; c entered and withdrew; f g h i graduated.
    students, flows, changes = education_returns(w.s, school_year=2025, as_of=D(2026, 6, 30))
    assert [t.title for t in (students, flows, changes)] == [
        "returns_students",
        "returns_flows",
        "returns_changes",
    ]
    assert students.columns == STUDENT_COLUMNS and changes.columns == CHANGE_COLUMNS
    assert row(students, MAJOR) == {
        "graduates": 4,
        "admitted": 1,
        "on_roll": 2,
        "year_1": 2,
        "year_2": 0,
        "year_3": 0,
        "year_4plus": 0,
        "female": 0,
        "minority": 0,
    }
    assert table(students)[MAJOR2] == (0, 1, 1, 1, 0, 0, 0, 1, 0)  # d, female
    assert students.totals == (4, 2, 3, 3, 0, 0, 0, 1, 0)
    assert flows.columns == FLOW_COLUMNS
    assert table(flows) == {"admitted": (2, 1, 0), "graduates": (4, 0, 0), "on_roll": (3, 1, 0)}
    assert [r.label_zh for r in flows.rows] == ["招生数", "毕业生数", "在校生数"]
    computing = row(changes, MAJOR)
    assert computing["start_on_roll"] == 4 and computing["end_on_roll"] == 2
    assert (computing["inc_admitted"], computing["inc_transfer_in"]) == (1, 1)
    assert (computing["increase"], computing["decrease"], computing["dec_graduated"]) == (2, 4, 4)
    accounting = row(changes, MAJOR2)
    assert (accounting["start_on_roll"], accounting["inc_admitted"]) == (0, 1)
    assert accounting["end_on_roll"] == 1 and accounting["decrease"] == 0
    assert [r.label_zh for r in changes.rows] == ["计算机应用", "会计事务"]


def test_returns_in_the_middle_of_the_year(w: School) -> None:
    # 2024-12-01 .. 2025-12-01: b and d are on leave (never 在籍 in the count), c still 在籍,
    # l not yet there; f g h i graduated on 2025-07-01.
    students, _flows, changes = education_returns(w.s, school_year=2025, as_of=D(2025, 12, 1))
    assert table(students)[MAJOR][:3] == (4, 1, 1)
    assert table(students)[MAJOR2][:3] == (0, 1, 1)
    assert changes.totals[0] == 4 and changes.totals[-1] == 2


def test_every_column_and_title_has_a_label() -> None:
    for column in (*STUDENT_COLUMNS, *FLOW_COLUMNS, *CHANGE_COLUMNS):
        assert column in COLUMN_LABELS, column
    for title in ("returns_students", "returns_flows", "returns_changes"):
        assert title in TITLE_LABELS


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"school_year": "2025", "as_of": D(2025, 10, 1)}, "school_year", "stat_bad_year"),
        ({"school_year": 25, "as_of": D(2025, 10, 1)}, "school_year", "stat_bad_year"),
        ({"school_year": 2025, "as_of": "2025-10-01"}, "as_of", "stat_bad_date"),
        ({"school_year": 2025, "as_of": D(2025, 7, 31)}, "as_of", "stat_date_outside_year"),
        ({"school_year": 2025, "as_of": D(2026, 8, 1)}, "as_of", "stat_date_outside_year"),
    ],
)
def test_garbage_is_refused_with_problems(
    archive: Created, kwargs: dict[str, object], field: str, code: str
) -> None:
    with pytest.raises(RecordInvalid) as caught:
        education_returns(archive.session, **kwargs)  # type: ignore[arg-type]
    assert [(p.field, p.code) for p in caught.value.problems] == [(field, code)]


def test_the_demo_balances(tmp_path: Path) -> None:
    created = create_demo(
        tmp_path / "demo", password="Demo-Password-For-Tests-1", kdf=FAST_FOR_TESTS
    )
    try:
        for year, as_of in ((2025, D(2025, 9, 30)), (2026, D(2026, 11, 16))):
            students, flows, changes = education_returns(
                created.session, school_year=year, as_of=as_of
            )
            c = CHANGE_COLUMNS
            for r in (*changes.rows, None):
                v = dict(zip(c, r.values if r else changes.totals, strict=True))
                incs = [v[k] for k in c if k.startswith("inc_")]
                decs = [v[k] for k in c if k.startswith("dec_")]
                assert v["increase"] == sum(incs) and v["decrease"] == sum(decs)  # type: ignore[arg-type]
                assert v["start_on_roll"] + v["increase"] - v["decrease"] == v["end_on_roll"]  # type: ignore[operator]
            assert students.totals[2] == changes.totals[-1] == flows.rows[2].values[0] > 0
            grades = sum(int(students.totals[i] or 0) for i in range(3, 7))
            assert grades <= int(students.totals[2] or 0)
    finally:
        created.session.close()
