"""services/grade_sheets.check_entry agrees with what record_grades_bulk accepts and refuses."""

from __future__ import annotations

import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services.archive import Created
from xueji_desktop.services.grade_sheets import check_entry, parse_score
from xueji_desktop.services.grades import record_grades_bulk

CASES = [("85", ""), ("0", ""), ("100", ""), ("100.5", ""), ("-3", ""), ("abc", ""),
         ("", ""), ("", "良好"), ("", "很好"), ("60", "及格"), ("nan", ""), ("inf", ""),
         ("８８", "")]  # fmt: skip


@pytest.mark.parametrize(("score", "label"), CASES)
def test_check_entry_matches_the_bulk_save(archive: Created, score: str, label: str) -> None:
    ids = setup_structure(archive.session)
    sid = insert_student(archive.session, ids["c1"])
    check = check_entry(score, label)
    parsed = parse_score(score)
    row = {"student_id": sid, "score": parsed, "grade_label": label}
    result = record_grades_bulk(archive.session, ids["t1"], ids["math"], [row])
    assert check.ok == (not result.problems)
    if not check.ok:
        assert [p.code for p in check.problems] == [p.code for p in result.problems[0]]


def test_parse_score() -> None:
    assert parse_score(" ９０．５ ") == 90.5
    assert parse_score("") is None
    assert parse_score("八十") == "八十"
