"""Search: numbers, aliases, names, 曾用名, 拼音, 首字母, partial ID numbers, filters, masking."""

from __future__ import annotations

import dataclasses

import pytest

from tests.records_fixtures import insert_student, make_id_number, setup_structure
from xueji_desktop.core.errors import PermissionDenied, ValidationError
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.search import (
    prefix_range,
    rebuild_search_index,
    refresh_search_keys,
    search_students,
)
from xueji_desktop.storage.content_hash import content_hash


def _add(session: Session, class_id: int | None, **kw: object) -> int:
    sid = insert_student(session, class_id, **kw)  # type: ignore[arg-type]
    with session.archive.db.atomic() as conn:
        refresh_search_keys(conn, sid)
    return sid


def _ids(session: Session, text: str, **kw: object) -> set[int]:
    return {h.student_id for h in search_students(session, text, **kw)}  # type: ignore[arg-type]


def _viewer(session: Session) -> Session:
    return dataclasses.replace(session, username="viewer1", roles=frozenset({Role.VIEWER}))


@pytest.fixture
def world(archive: Created) -> dict[str, int]:
    s = archive.session
    ids = setup_structure(s)
    ids["zhang"] = _add(s, ids["c1"], name="张三", former_name="张小三", student_no="2025710201001")
    ids["shan"] = _add(s, ids["c1"], name="单雄信", student_no="2025710201002")
    ids["grad"] = _add(s, ids["c2"], name="李四", status="graduated", student_no="2022730301001")
    ids["draft"] = _add(s, None, name="王五", report_status="draft", student_no="")
    ids["gone"] = _add(s, ids["c2"], name="张三丰", status="withdrawn", student_no="2025730301009")
    return ids


def test_by_numbers(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    assert _ids(s, "2025710201001") == {world["zhang"]}
    assert _ids(s, "20257102010") == {world["zhang"], world["shan"]}  # prefix
    conn = s.archive.db.conn
    registry = conn.execute(
        "SELECT registry_no FROM students WHERE id = ?", (world["zhang"],)
    ).fetchone()[0]
    assert _ids(s, registry.lower()) == {world["zhang"]}  # 学籍号, any case
    assert _ids(s, registry[:12]) >= {world["zhang"]}  # prefix, for a clerk
    assert world["zhang"] not in _ids(_viewer(s), registry[:12])  # not for a viewer
    assert _ids(_viewer(s), registry) == {world["zhang"]}


def test_old_number_stays_findable(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO number_aliases "
            "(student_id, kind, old_value, new_value, reason, actor, ts) "
            "VALUES (?, 'student_no', '2024999', '2025710201001', 'typo', 'admin', 'now')",
            (world["zhang"],),
        )
        refresh_search_keys(conn, world["zhang"])
    hits = search_students(s, "2024999")
    assert [h.student_id for h in hits] == [world["zhang"]]
    assert hits[0].matched == "alias"


def test_by_name_former_name_pinyin_initials(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    assert _ids(s, "张三") == {world["zhang"], world["gone"]}
    assert _ids(s, "张小三") == {world["zhang"]}  # 曾用名
    assert _ids(s, "zs") >= {world["zhang"], world["gone"]}  # zs finds 张三 (and 张三丰)
    assert _ids(s, "zsf") == {world["gone"]}
    assert _ids(s, "Zhang San") == {world["zhang"], world["gone"]}
    assert _ids(s, "ＺＳＦ") == {world["gone"]}
    # the exact match ranks first
    assert search_students(s, "张三")[0].student_id == world["zhang"]


@pytest.mark.parametrize("typed", ["shanxiongxin", "danxiongxin", "chanxiong", "sxx", "dxx"])
def test_polyphonic_surname_under_each_reading(
    archive: Created, world: dict[str, int], typed: str
) -> None:
    assert world["shan"] in _ids(archive.session, typed)


def test_all_statuses_and_drafts_voided_only_on_request(
    archive: Created, world: dict[str, int]
) -> None:
    s = archive.session
    assert world["grad"] in _ids(s, "李四")
    assert world["draft"] in _ids(s, "wangwu")
    assert world["gone"] in _ids(s, "张三丰")
    with s.archive.db.atomic() as conn:
        conn.execute(
            "UPDATE students SET voided = 1, void_reason = 'x' WHERE id = ?", (world["grad"],)
        )
    assert world["grad"] not in _ids(s, "李四")
    assert world["grad"] in _ids(s, "李四", include_voided=True)


def test_filters(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    assert _ids(s, "zs", class_group_id=world["c2"]) == {world["gone"]}
    assert _ids(s, "zs", status="enrolled") == {world["zhang"]}
    assert _ids(s, "", status=["graduated", "withdrawn"]) == {world["grad"], world["gone"]}
    assert _ids(s, "", intake_year=2025) >= {world["zhang"], world["draft"]}
    assert _ids(s, "", intake_year=2019) == set()
    listing = search_students(s)
    assert {h.student_id for h in listing} == {
        world[k] for k in ("zhang", "shan", "grad", "draft", "gone")
    }


def test_partial_id_number_and_masking(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    idn = make_id_number("20090704", region="110105")
    sid = _add(s, world["c1"], name="赵六", id_number=idn, birth="20090704")
    for part in (idn[6:14], idn[-6:], idn[3:9], idn):
        assert sid in _ids(s, part), part
    hit = next(h for h in search_students(s, idn[6:14]) if h.student_id == sid)
    assert hit.id_number_masked == idn[:6] + "********" + idn[-4:]  # masked even for the admin
    assert hit.matched == "id_part"
    # Neither the ID number nor the 学籍号 (G + ID number) shows it in full.
    assert all(idn not in str(dataclasses.astuple(h)) for h in search_students(s, "赵六"))
    assert hit.registry_no == "G" + hit.id_number_masked


def test_viewer_cannot_probe_id_numbers(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    idn = make_id_number("20090704", region="110105")
    sid = _add(s, world["c1"], name="赵六", id_number=idn, birth="20090704")
    viewer = _viewer(s)
    assert sid not in _ids(viewer, idn[6:14])  # a partial number would leak masked digits
    assert sid not in _ids(viewer, idn[:10])
    assert _ids(viewer, idn) == {sid}  # the whole number: nothing new is learnt
    assert sid in _ids(viewer, "赵六")


def test_rebuild_matches_refresh_and_is_audited(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    conn = s.archive.db.conn
    before = sorted(conn.execute("SELECT key, student_id, source FROM search_keys").fetchall())
    hash_before = content_hash(conn)
    n = rebuild_search_index(s)
    after = sorted(conn.execute("SELECT key, student_id, source FROM search_keys").fetchall())
    assert after == before and n == len(after)
    # The audit log and search_* are outside the hash: a rebuild changes no record.
    assert content_hash(conn) == hash_before
    row = conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert row[0] == "search_index_rebuilt"
    with pytest.raises(PermissionDenied):
        rebuild_search_index(_viewer(s))


def test_search_keys_do_not_enter_the_content_hash(archive: Created, world: dict[str, int]) -> None:
    conn = archive.session.archive.db.conn
    h = content_hash(conn)
    with archive.session.archive.db.atomic() as c:
        c.execute("DELETE FROM search_keys")
    assert content_hash(conn) == h


def test_refresh_follows_changes(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET name = '张山' WHERE id = ?", (world["zhang"],))
        refresh_search_keys(conn, world["zhang"])
    assert world["zhang"] not in _ids(s, "张三")
    assert world["zhang"] in _ids(s, "张山")
    with s.archive.db.atomic() as conn:
        refresh_search_keys(conn, 999_999)  # unknown id: nothing, no error
    assert not conn.execute("SELECT 1 FROM search_keys WHERE student_id = 999999").fetchone()


def test_name_outside_the_bmp_is_found_by_prefix(archive: Created, world: dict[str, int]) -> None:
    s = archive.session
    sid = _add(s, world["c1"], name="王\U00020001明")
    assert _ids(s, "王\U00020001") == {sid}
    assert sid in _ids(s, "王")
    lo, hi = prefix_range("王")
    assert lo < "王\U00020001明" < hi


@pytest.mark.parametrize(
    "kw",
    [
        {"text": None},
        {"text": 42},
        {"class_group_id": "1"},
        {"status": "nope"},
        {"status": 5},
        {"status": []},
        {"intake_year": "2025"},
        {"intake_year": 99999},
        {"limit": 0},
        {"limit": "10"},
        {"limit": True},
    ],
)
def test_garbage_is_refused(archive: Created, world: dict[str, int], kw: dict[str, object]) -> None:
    text = kw.pop("text", "张")
    with pytest.raises(ValidationError):
        search_students(archive.session, text, **kw)  # type: ignore[arg-type]


def test_odd_text_finds_nothing_and_changes_nothing(
    archive: Created, world: dict[str, int]
) -> None:
    s = archive.session
    conn = s.archive.db.conn
    keys = conn.execute("SELECT count(*) FROM search_keys").fetchone()[0]
    for text in ("%", "_", "' OR 1=1 --", "\x00", "𠀀" * 1000, "x" * 100_000, "·"):
        assert isinstance(search_students(s, text), list)
    assert _ids(s, "%") == set() and _ids(s, "_") == set()
    assert conn.execute("SELECT count(*) FROM search_keys").fetchone()[0] == keys
    assert len(search_students(s, "", limit=10**9)) == 5  # clamped, not refused
