"""services.student_list: one page of the list with filters, sort, count and masking."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from xueji_desktop.core import labels
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.errors import ArchiveLocked, ValidationError
from xueji_desktop.services import student_list
from xueji_desktop.services.archive import Created
from xueji_desktop.services.demo import load_demo_data
from xueji_desktop.services.student_list import ListQuery, list_page


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> Created:
    created = make_archive("list")
    load_demo_data(created, generate_demo(7, students_per_intake=4), 7)
    return created


def test_default_page_is_every_student_by_student_no(school: Created) -> None:
    page = list_page(school.session, ListQuery())
    assert page.total == 12 and page.total_exact
    numbers = [r.student_no for r in page.rows]
    assert numbers == sorted(numbers)
    assert all("********" in r.id_number_masked for r in page.rows)  # masked for everyone


def test_limit_and_sort_descending(school: Created) -> None:
    page = list_page(school.session, ListQuery(sort="birth_date", descending=True, limit=5))
    assert len(page.rows) == 5 and page.total == 12
    everyone = list_page(school.session, ListQuery(sort="birth_date", descending=True)).rows
    assert [r.id for r in page.rows] == [r.id for r in everyone[:5]]
    births = [r.birth_date for r in everyone]
    assert births == sorted(births, reverse=True)


def test_states_sort_in_their_natural_order(school: Created) -> None:
    """学籍状态 sorts 在籍, 休学, 毕业 …, 上报状态 草稿 → 退回: the order a clerk reads, not the
    alphabetical order of the internal names (which put 结业 before 在籍)."""
    order = list(labels.STATUS_LABELS)
    rows = list_page(school.session, ListQuery(sort="status")).rows
    ranks = [order.index(r.status) for r in rows]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    report_order = list(labels.REPORT_STATUS_LABELS)
    rows = list_page(school.session, ListQuery(sort="report_status", descending=True)).rows
    ranks = [report_order.index(r.report_status) for r in rows]
    assert ranks == sorted(ranks, reverse=True)


def test_text_and_filters_combine(school: Created) -> None:
    rows = list_page(school.session, ListQuery()).rows
    target = rows[4]
    hit = list_page(school.session, ListQuery(text=target.student_no))
    assert [r.id for r in hit.rows] == [target.id] and hit.total == 1
    conn = school.session.archive.db.conn
    class_id, year = conn.execute(
        "SELECT c.id, c.intake_year FROM students s JOIN class_groups c ON c.id = s.class_group_id"
        " WHERE s.id = ?",
        (target.id,),
    ).fetchone()
    by_class = list_page(school.session, ListQuery(text=target.name, class_group_id=class_id))
    assert target.id in [r.id for r in by_class.rows]
    by_year = list_page(school.session, ListQuery(intake_year=year))
    assert target.id in [r.id for r in by_year.rows] and by_year.total < 12
    other = list_page(school.session, ListQuery(text=target.student_no, intake_year=year + 1))
    assert other.rows == [] and other.total == 0
    ids = list_page(school.session, ListQuery(student_ids=(target.id, rows[0].id)))
    assert {r.id for r in ids.rows} == {target.id, rows[0].id}


def test_broad_search_is_capped(school: Created, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(student_list, "MATCH_CAP", 3)
    page = list_page(school.session, ListQuery(text="2"))  # every 学号 starts with 2
    assert page.total == 3 and not page.total_exact
    assert len(page.rows) == 4  # the rows of the first cap + 1 matches, sorted


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(sort="id_number; DROP TABLE students"),
        ListQuery(status="nonsense"),
        ListQuery(report_status="x"),
        ListQuery(intake_year=12),
        ListQuery(limit=0),
        ListQuery(class_group_id="1"),  # type: ignore[arg-type]
        ListQuery(student_ids=("1",)),  # type: ignore[arg-type]
    ],
)
def test_garbage_is_refused(school: Created, query: ListQuery) -> None:
    with pytest.raises(ValidationError):
        list_page(school.session, query)


def test_a_locked_session_may_not_list(school: Created) -> None:
    school.session.locked = True
    with pytest.raises(ArchiveLocked):
        list_page(school.session, ListQuery())
    school.session.locked = False
