"""Likely duplicates: same name + birth date, same name + family phone, homophones + birth date."""

from __future__ import annotations

from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure, student_values
from xueji_desktop.core.errors import NotFound, ValidationError
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.duplicates import all_likely_duplicates, likely_duplicates_of
from xueji_desktop.services.search import refresh_search_keys

_PHONES = iter(range(13700000000, 13799999999))


def _add(session: Session, name: str, birth: str = "20100315", **kw: Any) -> int:
    kw.setdefault(
        "family",
        [{"name": "某家长", "relation": "父亲", "is_guardian": 1, "phone": str(next(_PHONES))}],
    )
    sid = insert_student(session, None, name=name, birth=birth, **kw)
    with session.archive.db.atomic() as conn:
        refresh_search_keys(conn, sid)
    return sid


def _groups(session: Session) -> dict[str, set[tuple[int, ...]]]:
    out: dict[str, set[tuple[int, ...]]] = {}
    for g in all_likely_duplicates(session):
        out.setdefault(g.reason, set()).add(g.student_ids)
    return out


@pytest.fixture
def s(archive: Created) -> Session:
    setup_structure(archive.session)
    return archive.session


def test_distinct_students_are_not_duplicates(s: Session) -> None:
    a = _add(s, "张三", "20100315")
    _add(s, "李四", "20100315")
    _add(s, "张三", "20100316")
    assert _groups(s) == {}
    assert likely_duplicates_of(s, a) == []


def test_same_name_and_birth_date(s: Session) -> None:
    a = _add(s, "王伟")
    b = _add(s, "王伟")
    assert _groups(s) == {"same_name_birth_date": {(a, b)}}
    [c] = likely_duplicates_of(s, a)
    assert (c.student_id, c.reasons) == (b, ("same_name_birth_date",))


def test_same_name_and_family_phone(s: Session) -> None:
    fam = [{"name": "李大山", "relation": "父亲", "is_guardian": 1, "phone": "13900001111"}]
    a = _add(s, "李四", "20100101", family=fam)
    b = _add(s, "李四", "20100202", family=fam)
    _add(s, "李五", "20100303", family=fam)  # sibling: another name, same phone
    assert _groups(s) == {"same_name_family_phone": {(a, b)}}
    assert [c.student_id for c in likely_duplicates_of(s, b)] == [a]


def test_homophone_names_with_the_same_birth_date(s: Session) -> None:
    a = _add(s, "王伟")
    b = _add(s, "汪伟")
    _add(s, "汪薇", "20110101")  # homophone, other birth date
    groups = _groups(s)
    assert groups == {"homophone_birth_date": {(a, b)}}
    found = likely_duplicates_of(s, {"name": "王玮", "birth_date": "2010-03-15"})
    assert [(c.student_id, c.reasons) for c in found] == [
        (a, ("homophone_birth_date",)),
        (b, ("homophone_birth_date",)),
    ]
    assert {x.student_id for x in likely_duplicates_of(s, a)} == {b}


def test_polyphonic_surname_homophone(s: Session) -> None:
    a = _add(s, "单雄")  # shan xiong
    b = _add(s, "山雄")
    assert _groups(s) == {"homophone_birth_date": {(a, b)}}


def test_values_before_saving_and_the_same_id_number(s: Session) -> None:
    a = _add(s, "赵六")
    idn = s.archive.db.conn.execute("SELECT id_number FROM students WHERE id = ?", (a,)).fetchone()[
        0
    ]
    values = student_values(name="赵六", id_number=idn.lower())  # lower-case x, as typed
    values["family_members"] = [{"phone": "13000000000"}]
    [c] = likely_duplicates_of(s, values)
    assert c.student_id == a
    assert c.reasons == ("same_id_number", "same_name_birth_date")


def test_voided_records_are_never_candidates(s: Session) -> None:
    a = _add(s, "王伟")
    b = _add(s, "王伟")
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1, void_reason = 'x' WHERE id = ?", (b,))
    assert _groups(s) == {}
    assert likely_duplicates_of(s, a) == []


def test_three_of_a_kind_is_one_group(s: Session) -> None:
    ids = tuple(_add(s, "刘洋") for _ in range(3))
    assert _groups(s) == {"same_name_birth_date": {ids}}
    assert len(likely_duplicates_of(s, ids[0])) == 2


@pytest.mark.parametrize("garbage", [None, "12", 1.5, True, [1], b"x"])
def test_garbage_is_refused(s: Session, garbage: object) -> None:
    with pytest.raises(ValidationError):
        likely_duplicates_of(s, garbage)  # type: ignore[arg-type]


def test_malformed_values_match_nothing(s: Session) -> None:
    _add(s, "王伟")
    for values in (
        {},
        {"name": 5, "birth_date": None},
        {"name": "王伟", "family_members": "13900001111"},
        {"name": "王伟", "family_members": [None, 3, {"phone": 7}]},
        {"name": "王伟" * 10_000, "birth_date": "x" * 10_000, "id_number": "∞"},
    ):
        assert likely_duplicates_of(s, values) == []
    with pytest.raises(NotFound):
        likely_duplicates_of(s, 123_456)
