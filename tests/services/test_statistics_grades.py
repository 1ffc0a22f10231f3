"""Grade distribution (statistics_grades) against hand-counted grades on the archive of
test_statistics.py: bands of the original score, the exact mean, and the pass rate that counts
补考, 重修 and result labels as core/grading.py does."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from tests.records_fixtures import MAJOR2
from tests.services.test_statistics import School, table
from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.services.archive import Created
from xueji_desktop.services.demo import create_demo
from xueji_desktop.services.statistics import StatFilter
from xueji_desktop.services.statistics_grades import GRADE_COLUMNS, grade_distribution
from xueji_desktop.storage.kdf import FAST_FOR_TESTS


class Graded(School):
    def __init__(self, session: object) -> None:
        super().__init__(session)  # type: ignore[arg-type]
        math, chinese, prog = (self.ids[k] for k in ("math", "chinese", "prog"))
        t1, t2 = self.ids["t1"], self.ids["t2"]
        for sid, course, term, score, label, makeup, retake in (
            (self.a, math, t1, 95, "", None, None),
            (self.b, math, t1, 59, "", 75, None),  # passed at the 补考
            (self.d, math, t1, 60, "", None, None),
            (self.c, math, t1, 72.5, "", None, None),
            (self.e, math, t1, 30, "", None, None),  # voided student: never counted
            (self.l, math, t1, None, "缺考", None, None),  # a result: failed, no score
            (self.a, chinese, t1, 88, "", None, None),
            (self.d, chinese, t1, None, "", None, None),  # no result yet
            (self.b, chinese, t1, None, "合格", None, None),  # passed without a score
            (self.a, prog, t2, 45, "", None, 80),  # passed at the 重修
            (self.d, prog, t2, 100, "", None, None),
        ):
            self.sql(
                "INSERT INTO grades (student_id, course_id, term_id, score, grade_label, "
                "makeup_score, retake_score, updated_at) VALUES (?,?,?,?,?,?,?, 'now')",
                sid,
                course,
                term,
                score,
                label,
                makeup,
                retake,
            )


@pytest.fixture
def g(archive: Created) -> Graded:
    return Graded(archive.session)


def test_by_course_in_one_term(g: Graded) -> None:
    t = grade_distribution(g.s, by="course", term_id=g.ids["t1"])
    assert t.title == "grade_distribution_by_course" and t.columns == GRADE_COLUMNS
    math, chinese = str(g.ids["math"]), str(g.ids["chinese"])
    assert table(t) == {
        # b 59, d 60, c 72.5, a 95, l 缺考; mean 286.5 / 4; passed a b c d of 5 with a result
        math: (1, 1, 1, 0, 1, 1, Fraction(573, 8), Fraction(4, 5)),
        # a 88; d nothing yet, b 合格: no score; passed a b of the 2 with a result
        chinese: (0, 0, 0, 1, 0, 2, Fraction(88), Fraction(1)),
    }
    assert t.totals == (1, 1, 1, 1, 1, 3, Fraction(749, 10), Fraction(6, 7))
    assert [r.label_zh for r in t.rows] == ["数学（GB001）", "语文（GB002）"]


def test_by_class_over_every_term(g: Graded) -> None:
    t = grade_distribution(g.s, by="class_group", term_id=None)
    c1, c2 = str(g.ids["c1"]), str(g.ids["c2"])
    assert table(t) == {
        # a 95 88 45(重修 80), b 59(补考 75) 合格, l 缺考
        c1: (2, 0, 0, 1, 1, 2, Fraction(287, 4), Fraction(5, 6)),
        # c 72.5, d 60 100 and one without a result
        c2: (0, 1, 1, 0, 1, 1, Fraction(155, 2), Fraction(1)),
    }
    assert [r.label_zh for r in t.rows] == ["2025级计算机1班", "2025级会计1班"]
    assert t.totals[:6] == (2, 1, 1, 1, 2, 3)


def test_filters_and_one_course(g: Graded) -> None:
    t = grade_distribution(
        g.s, by="course", term_id=g.ids["t1"], filters=StatFilter(major_code=MAJOR2)
    )
    math, chinese = str(g.ids["math"]), str(g.ids["chinese"])
    assert table(t) == {
        math: (0, 1, 1, 0, 0, 0, Fraction(265, 4), Fraction(1)),  # d 60, c 72.5
        chinese: (0, 0, 0, 0, 0, 1, None, None),  # d: no score, no result
    }
    only = grade_distribution(g.s, by="course", term_id=None, course_id=g.ids["prog"])
    assert table(only) == {str(g.ids["prog"]): (1, 0, 0, 0, 1, 0, Fraction(145, 2), Fraction(1))}
    withdrawn = grade_distribution(
        g.s, by="class_group", term_id=None, filters=StatFilter(statuses=frozenset({"withdrawn"}))
    )
    assert withdrawn.totals[:6] == (0, 0, 1, 0, 0, 0)  # c only
    empty = grade_distribution(g.s, by="course", term_id=g.ids["t2"], course_id=g.ids["math"])
    assert empty.rows == () and empty.totals == (0, 0, 0, 0, 0, 0, None, None)


@pytest.mark.parametrize(
    ("kwargs", "fields", "codes"),
    [
        ({"by": "student", "term_id": None}, ["by"], ["stat_bad_choice"]),
        ({"by": "course", "term_id": "1"}, ["term_id"], ["stat_bad_id"]),
        ({"by": "course", "term_id": 99999}, ["term_id"], ["stat_unknown_id"]),
        (
            {"by": "course", "term_id": None, "course_id": True},
            ["course_id"],
            ["stat_bad_id"],
        ),
        ({"by": "course", "term_id": None, "filters": {}}, ["filters"], ["stat_bad_filters"]),
        ({"by": None, "term_id": -1}, ["by", "term_id"], ["stat_bad_choice", "stat_unknown_id"]),
    ],
)
def test_garbage_is_refused_with_problems(
    archive: Created, kwargs: dict[str, object], fields: list[str], codes: list[str]
) -> None:
    with pytest.raises(RecordInvalid) as caught:
        grade_distribution(archive.session, **kwargs)  # type: ignore[arg-type]
    assert [p.field for p in caught.value.problems] == fields
    assert [p.code for p in caught.value.problems] == codes


def test_demo_totals_agree(tmp_path: Path) -> None:
    created = create_demo(
        tmp_path / "demo", password="Demo-Password-For-Tests-1", kdf=FAST_FOR_TESTS
    )
    s = created.session
    try:
        conn = s.archive.db.conn
        graded, scored = conn.execute(
            "SELECT count(*), count(g.score) FROM grades g JOIN students s ON s.id = g.student_id "
            "WHERE s.voided = 0"
        ).fetchone()
        assert graded > 0
        for by in ("course", "class_group"):
            t = grade_distribution(s, by=by, term_id=None)
            assert sum(int(v or 0) for v in t.totals[:6]) == graded, by
            assert sum(int(v or 0) for v in t.totals[:5]) == scored, by
            for r in t.rows:
                assert sum(int(v or 0) for v in r.values[:6]) > 0
        terms = [r[0] for r in conn.execute("SELECT id FROM terms")]
        per_term = sum(
            sum(int(v or 0) for v in grade_distribution(s, by="course", term_id=t).totals[:6])
            for t in terms
        )
        assert per_term == graded
    finally:
        s.close()
