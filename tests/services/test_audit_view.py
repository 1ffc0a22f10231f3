"""The audit viewer and access report (issue 9 §2): a real archive where an admin, a clerk and a
viewer act through the services, then exact filters, paging, before/after, the access report per
user and per student, who touched one student, a tampered entry, and every audited action type
classified (access report completeness)."""

from __future__ import annotations

import ast
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.records_fixtures import insert_student, password_only_archive, setup_structure
from xueji_desktop import problem_text as pt
from xueji_desktop.core.errors import PermissionDenied, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.messages_audit_view import (
    AUDIT_VIEW_FIELD_NAMES,
    AUDIT_VIEW_PROBLEMS,
    CHAIN_STATUS_TEXTS,
)
from xueji_desktop.services import documents, exports, file_loans, file_locate, students
from xueji_desktop.services.archive import login
from xueji_desktop.services.audit_access import ACTION_CLASSES, access_report
from xueji_desktop.services.audit_view import (
    AuditItem,
    audit_entries,
    chain_status,
    who_touched,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import PrintRequest

CLERK, CLERK_PW = "clerk2", "kestrel-lantern-42"
VIEWER, VIEWER_PW = "viewer1", "heron-candle-77"
TODAY = datetime.date(2026, 1, 5)
FAR = datetime.date(2099, 12, 31)
LONG_AGO = datetime.date(2000, 1, 1)


@dataclass
class World:
    root: Path
    admin: Session
    s1: int
    s2: int
    s3: int
    serial: str
    export_seq: int


def _as(root: Path, user: str, pw: str) -> Session:
    return login(root, user, pw)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    root = tmp_path / "archive"
    created = password_only_archive(
        root, [(CLERK, CLERK_PW, [Role.CLERK]), (VIEWER, VIEWER_PW, [Role.VIEWER])]
    )
    admin = created.session
    ids = setup_structure(admin)
    s1 = insert_student(admin, ids["c1"], name="王小明")
    s2 = insert_student(admin, ids["c1"], name="李娜")
    s3 = insert_student(admin, ids["c1"], name="赵六")
    viewer = _as(root, VIEWER, VIEWER_PW)
    students.get_student(viewer, s1)  # record_viewed s1
    viewer.close()
    clerk = _as(root, CLERK, CLERK_PW)
    students.get_student(clerk, s2)  # record_viewed s2
    students.edit_student(
        clerk, s1, {"phone": "13700000000", "home_address": "新地址1号"}, reason="搬家", today=TODAY
    )
    serial = documents.issue(clerk, PrintRequest("registration_card", (s1,))).serials[0]
    exports.export_students(clerk, tmp_path / "out.xlsx", student_ids=[s1, s2])
    export_seq = int(clerk.archive.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])
    file_loans.lend_file(clerk, s2, borrower="县人武部 刘干事", purpose="征兵政审",
                         lent_on="2026-01-05")  # fmt: skip
    file_locate.whereabouts(clerk, s2)  # file_located s2
    clerk.close()
    try:
        yield World(root, admin, s1, s2, s3, serial, export_seq)
    finally:
        admin.close()


def _acts(items: tuple[AuditItem, ...] | list[AuditItem]) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in items]


STUDENT_ACTS = [
    (CLERK, "file_located"),
    (CLERK, "file_lent"),
    (CLERK, "students_exported"),
    (CLERK, "document_issued"),
    (CLERK, "student_corrected"),
    (CLERK, "record_viewed"),
    (VIEWER, "record_viewed"),
]


def test_entries_newest_first_with_filters(world: World) -> None:
    page = audit_entries(world.admin, actor=CLERK)
    acts = _acts(page.entries)
    assert acts[-1] == (CLERK, "login") and page.next_before_seq is None
    assert [a for a in acts if a[1] != "document_saved"][:6] == STUDENT_ACTS[:6]
    seqs = [e.seq for e in page.entries]
    assert seqs == sorted(seqs, reverse=True)
    viewed = audit_entries(world.admin, actions=["record_viewed"])
    assert [(e.actor, e.student_ids, e.kind) for e in viewed.entries] == [
        (CLERK, (world.s2,), "viewed"),
        (VIEWER, (world.s1,), "viewed"),
    ]
    # the student filter finds the export (student_ids) and the document (serial) too
    s1 = audit_entries(world.admin, student_id=world.s1)
    assert _acts(s1.entries) == [
        (CLERK, "students_exported"),
        (CLERK, "document_issued"),
        (CLERK, "student_corrected"),
        (VIEWER, "record_viewed"),
    ]
    assert audit_entries(world.admin, student_id=world.s3).entries == ()
    # a period in the past holds nothing; one around today holds everything
    assert audit_entries(world.admin, until=LONG_AGO).entries == ()
    everything = audit_entries(world.admin, since=LONG_AGO, until=FAR)
    assert len(everything.entries) == audit_entries(world.admin).entries[0].seq


def test_paging_by_seq(world: World) -> None:
    whole = [e.seq for e in audit_entries(world.admin, limit=5000).entries]
    got: list[int] = []
    before = None
    while True:
        page = audit_entries(world.admin, limit=3, before_seq=before)
        got += [e.seq for e in page.entries]
        assert len(page.entries) <= 3
        if page.next_before_seq is None:
            break
        assert page.next_before_seq == page.entries[-1].seq
        before = page.next_before_seq
    assert got == whole
    # paging a filtered list: two of the four entries touching s1, then the other two
    first = audit_entries(world.admin, student_id=world.s1, limit=2)
    rest = audit_entries(
        world.admin, student_id=world.s1, limit=2, before_seq=first.next_before_seq
    )
    assert _acts(first.entries + rest.entries)[-1] == (VIEWER, "record_viewed")
    assert len(first.entries + rest.entries) == 4 and rest.next_before_seq is None


def test_before_and_after_of_a_record_change(world: World) -> None:
    (edit,) = audit_entries(world.admin, actions=["student_corrected"]).entries
    assert {(c.field, c.old_value, c.new_value, c.reason) for c in edit.changes} == {
        ("phone", "13812345678", "13700000000", "搬家"),
        ("home_address", "湖南省邵阳市双清区建设路1号", "新地址1号", "搬家"),
        # a correction of a reported record sends it back to be reported again
        ("report_status", "approved", "confirmed", "搬家"),
    }
    # viewing, printing and exporting carry no before/after
    others = audit_entries(world.admin, actor=CLERK).entries
    assert all(not e.changes for e in others if e.action != "student_corrected")


def test_a_second_edit_gets_only_its_own_rows(world: World) -> None:
    clerk = _as(world.root, CLERK, CLERK_PW)
    try:
        students.edit_student(clerk, world.s1, {"phone": "13700000009"}, reason="换号", today=TODAY)
    finally:
        clerk.close()
    first, second = sorted(
        audit_entries(world.admin, actions=["student_corrected"]).entries, key=lambda e: e.seq
    )
    assert [(c.field, c.new_value) for c in second.changes] == [("phone", "13700000009")]
    assert len(first.changes) == 3


class _SlowSaveClock:
    """The archive's clock for one scripted save: history rows 1 ms apart, each audit entry
    400 ms after whatever came before (a slow save: the entry is written well after the rows)."""

    def __init__(self) -> None:
        self.now = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)

    def _at(self, step_ms: int) -> str:
        self.now += datetime.timedelta(milliseconds=step_ms)
        return self.now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def history(self) -> str:
        return self._at(1)

    def audit(self) -> str:
        return self._at(400)


def test_a_view_just_before_a_correction_does_not_take_its_rows(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI's ``student edit``: read the record (record_viewed), then correct it, within
    # milliseconds; the view is nearer to the history rows than the correction's own entry.
    from xueji_desktop.services import audit, record_rows

    clock = _SlowSaveClock()
    monkeypatch.setattr(audit, "now_utc", clock.audit)
    monkeypatch.setattr(record_rows, "now_utc", clock.history)
    clerk = _as(world.root, CLERK, CLERK_PW)
    try:
        students.get_student(clerk, world.s3)
        students.edit_student(clerk, world.s3, {"phone": "13900001234"}, reason="核对更正",
                              today=TODAY)  # fmt: skip
    finally:
        clerk.close()
    monkeypatch.undo()
    touched = who_touched(world.admin, world.s3)
    assert [e.action for e in touched] == ["student_corrected", "record_viewed"]
    corrected, viewed = touched
    assert {(c.field, c.old_value, c.new_value) for c in corrected.changes} == {
        ("phone", "13812345678", "13900001234"),
        # the side effect a clerk does not ask for: a reported record goes back to 待上报
        ("report_status", "approved", "confirmed"),
    }
    assert viewed.changes == ()
    (page_entry,) = audit_entries(
        world.admin, student_id=world.s3, actions=["student_corrected"]
    ).entries
    assert page_entry.changes == corrected.changes


def test_access_report_per_user_and_per_student(world: World) -> None:
    rep = access_report(world.admin, since=LONG_AGO, until=FAR)
    lines = {
        (x.actor, x.student_id): (x.viewed, x.printed, x.exported, x.changed) for x in rep.lines
    }
    assert lines == {
        (CLERK, world.s1): (0, 1, 1, 1),  # issued a card, exported, edited
        (CLERK, world.s2): (2, 0, 1, 1),  # viewed, located; exported; lent
        (VIEWER, world.s1): (1, 0, 0, 0),
    }
    assert rep.per_user == {
        CLERK: {"viewed": 1, "printed": 1, "exported": 2, "changed": 2},
        VIEWER: {"viewed": 1, "printed": 0, "exported": 0, "changed": 0},
    }
    assert rep.per_student[world.s1] == {
        "viewed": (VIEWER,),
        "printed": (CLERK,),
        "exported": (CLERK,),
        "changed": (CLERK,),
    }
    assert world.s3 not in rep.per_student
    one = access_report(world.admin, since=LONG_AGO, until=FAR, student_id=world.s2)
    assert [(x.actor, x.student_id) for x in one.lines] == [(CLERK, world.s2)]
    assert world.export_seq in one.lines[0].seqs
    assert access_report(world.admin, since=LONG_AGO, until=LONG_AGO).lines == ()


def test_who_touched_one_student(world: World) -> None:
    got = who_touched(world.admin, world.s2)
    assert _acts(got) == [
        (CLERK, "file_located"),
        (CLERK, "file_lent"),
        (CLERK, "students_exported"),
        (CLERK, "record_viewed"),
    ]
    assert who_touched(world.admin, world.s3) == []


def test_chain_intact_then_broken_at_the_tampered_entry(world: World) -> None:
    status = chain_status(world.admin)
    assert status.intact and status.bad_seq is None and status.entries == status.head_seq
    (edit,) = audit_entries(world.admin, actions=["student_corrected"]).entries
    with world.admin.archive.db.atomic() as conn:
        # someone with the key and sqlite: the app's trigger is no obstacle to them
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute(
            "UPDATE audit_log SET details = ? WHERE seq = ?",
            (json.dumps({"fields": ["nothing"]}), edit.seq),
        )
    broken = chain_status(world.admin)
    assert (broken.state, broken.bad_seq, broken.head_seq) == ("broken", edit.seq, edit.seq - 1)
    assert not broken.intact


def test_only_admins(world: World) -> None:
    for user, pw in ((CLERK, CLERK_PW), (VIEWER, VIEWER_PW)):
        s = _as(world.root, user, pw)
        try:
            for call in (
                lambda s=s: audit_entries(s),
                lambda s=s: chain_status(s),
                lambda s=s: who_touched(s, world.s1),
                lambda s=s: access_report(s, since=LONG_AGO, until=FAR),
            ):
                with pytest.raises(PermissionDenied):
                    call()
        finally:
            s.close()
    assert world.admin.username == ADMIN and ADMIN_PASSWORD


@pytest.mark.parametrize(
    ("kwargs", "codes"),
    [
        ({"actor": ""}, ["audit_bad_actor"]),
        ({"actor": 7}, ["audit_bad_actor"]),
        ({"actions": []}, ["audit_bad_actions"]),
        ({"actions": "login"}, ["audit_bad_actions"]),
        ({"actions": ["login", "drop_table"]}, ["audit_unknown_action"]),
        ({"limit": 0}, ["audit_bad_limit"]),
        ({"limit": 5001}, ["audit_bad_limit"]),
        ({"limit": True}, ["audit_bad_limit"]),
        ({"before_seq": -1}, ["audit_bad_seq"]),
        ({"student_id": "1"}, ["audit_bad_student"]),
        ({"since": "2026-01-01"}, ["audit_bad_moment"]),
        ({"since": FAR, "until": LONG_AGO}, ["audit_period_reversed"]),
        # the ends of the calendar were an "internal error" (no UTC bound for them)
        ({"since": datetime.date(1, 1, 1)}, ["stat_date_out_of_range"]),
        ({"until": datetime.date(9999, 12, 31)}, ["stat_date_out_of_range"]),
        ({"since": datetime.datetime(1, 1, 1, 8)}, ["stat_date_out_of_range"]),
        ({"actor": "", "limit": 0}, ["audit_bad_actor", "audit_bad_limit"]),
    ],
)
def test_garbage_filters_refused_with_sentences(
    world: World, kwargs: dict[str, object], codes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the merge problem_text.py does (report: one line), so the sentences are the real ones
    for code, texts in AUDIT_VIEW_PROBLEMS.items():
        monkeypatch.setitem(
            pt.SERVICE_PROBLEM_TEXTS, code, pt.SERVICE_PROBLEM_TEXTS.get(code, texts)
        )
    for name, pair in AUDIT_VIEW_FIELD_NAMES.items():
        monkeypatch.setitem(pt.EXTRA_FIELD_NAMES, name, pt.EXTRA_FIELD_NAMES.get(name, pair))
    with pytest.raises(RecordInvalid) as err:
        audit_entries(world.admin, **kwargs)  # type: ignore[arg-type]
    assert [p.code for p in err.value.problems] == codes
    for p in err.value.problems:
        zh, en = pt.problem_text(p, "zh"), pt.problem_text(p, "en")
        assert p.code not in zh and p.code not in en and zh.endswith("。") and en.endswith(".")
    with pytest.raises(RecordInvalid):
        access_report(world.admin, since=FAR, until=LONG_AGO)
    with pytest.raises(RecordInvalid):
        who_touched(world.admin, 0)


def test_chain_texts_cover_every_state() -> None:
    assert set(CHAIN_STATUS_TEXTS) == {
        "intact", "broken", "anchor_mismatch", "anchor_missing", "anchor_absent",
    }  # fmt: skip
    for zh, en in CHAIN_STATUS_TEXTS.values():
        assert zh.format(seq=3, count=9) and en.format(seq=3, count=9)


# -- access report completeness: every audited action type is classified ------------------------

SERVICES = Path(__file__).resolve().parents[2] / "src" / "xueji_desktop" / "services"

# Call sites whose action name is not a literal, with every name each can write (read from the
# code: f"{kind}_added" for each kind passed in, the export names handed to _write_all …). A new
# such site fails the test until its names are listed here and classified.
DYNAMIC = {
    ("archive.py", "_flush_pending"): {
        "login_failed", "recovery_failed", "throttle_file_reset", "throttle_file_entry_rejected",
    },
    ("conduct.py", "_upsert_term_row"): {
        "conduct_recorded", "conduct_edited", "attendance_recorded", "attendance_edited",
    },
    ("export_lists.py", "_finish"): {
        "status_changes_exported", "graduates_exported", "aid_exported", "health_exported",
        "grade_sheet_exported",
    },
    ("exports.py", "_write_all"): {
        "students_exported", "roster_exported", "head_teacher_sheets_exported",
    },
    ("grades.py", "_write_one"): {
        "grade_recorded", "grade_makeup_recorded", "grade_retake_recorded",
    },
    ("record_edits.py", "insert_row"): {
        "reward_punishment_added", "internship_added", "skill_certificate_added",
        "financial_aid_added",
    },
    ("record_edits.py", "update_row"): {
        "internship_edited", "financial_aid_edited", "punishment_lifted", "punishment_annulled",
        "reward_punishment_voided", "internship_voided", "skill_certificate_voided",
        "financial_aid_voided",
    },
    ("record_edits.py", "save_structure_edit"): {
        "class_group_edited", "term_edited", "course_edited",
    },
    ("room_papers.py", "_finish"): {"room_paper_printed"},
    ("slots.py", "set_user_slot"): {
        "user_added", "password_changed", "password_reset", "recovered_with_code",
    },
    ("students.py", "edit_student"): {"student_edited", "student_corrected"},
    ("users.py", "set_disabled"): {"user_disabled", "user_enabled"},
    # issue 9
    ("statistics_export.py", "export_tables"): {"statistics_exported"},
    ("statistics_print.py", "_publish"): {"statistics_printed", "work_log_printed"},
    ("integrity_report.py", "four_properties"): {"integrity_report_made"},
    ("integrity_output.py", "_save"): {"integrity_report_printed", "integrity_report_exported"},
    ("destruction.py", "decide"): {"destruction_approved", "destruction_rejected"},
    ("retention_register.py", "_audit"): {
        "destruction_register_printed", "destruction_register_exported",
    },
}  # fmt: skip


def _audit_calls() -> tuple[set[str], set[tuple[str, str]]]:
    literal: set[str] = set()
    dynamic: set[tuple[str, str]] = set()
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit"
                ):
                    continue
                arg = node.args[2] if len(node.args) > 2 else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    literal.add(arg.value)
                else:
                    dynamic.add((path.name, fn.name))
    return literal, dynamic


def test_every_audited_action_type_is_classified() -> None:
    literal, dynamic = _audit_calls()
    assert len(literal) > 60  # the scan found the services' calls (a broken scan finds none)
    assert dynamic == set(DYNAMIC), "a call site writes an action name that is not a literal"
    written = literal | set().union(*DYNAMIC.values())
    missing = written - set(ACTION_CLASSES)
    assert not missing, f"classify in services/audit_access.py: {sorted(missing)}"
    stale = set(ACTION_CLASSES) - written
    assert not stale, f"no service writes these any more: {sorted(stale)}"


def test_dynamic_names_are_in_the_source() -> None:
    # each listed name (or the f-string part it is built from) appears in its module
    for (module, _fn), names in DYNAMIC.items():
        text = (SERVICES / module).read_text(encoding="utf-8")
        all_text = "".join(p.read_text(encoding="utf-8") for p in SERVICES.glob("*.py"))
        for name in names:
            suffix = "_" + name.rsplit("_", 1)[-1]
            assert name in all_text or suffix in text, (module, name)


@pytest.mark.parametrize(
    "period",
    [
        (datetime.date(1, 1, 1), datetime.date(2026, 1, 1)),
        (datetime.date(2026, 1, 1), datetime.date(9999, 12, 31)),
    ],
)
def test_access_report_refuses_the_ends_of_the_calendar(archive, period) -> None:
    """0001-01-01 and 9999-12-31 have no UTC bounds: a sentence, not a ValueError."""
    from xueji_desktop.core.errors import RecordInvalid

    with pytest.raises(RecordInvalid) as exc:
        access_report(archive.session, since=period[0], until=period[1])
    assert [p.code for p in exc.value.problems] == ["stat_date_out_of_range"]
