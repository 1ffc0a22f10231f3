"""QA findings on student record packages (issue 9 round 2): a 转出 package whose major is not
set up here, handover of students still at school, practice packages, a known school's changed
fingerprint, passphrase spaces, export warnings and the register's students."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.records_fixtures import MAJOR
from tests.services.test_transfer import export
from tests.services.transfer_fixtures import (
    PASSPHRASE,
    TODAY,
    Pair,
    archive_state,
    make_pair,
    other_school,
)
from xueji_desktop import messages
from xueji_desktop.core.errors import PackageAlreadyImported, PackageUnreadable, RecordInvalid
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import status_changes, transfer_keys
from xueji_desktop.services import transfer_import as ti
from xueji_desktop.services.record_rows import load_student
from xueji_desktop.services.transfer_export import MAX_RECEIVER


@pytest.fixture
def pair(make_archive: Any) -> Pair:
    return make_pair(make_archive)


def test_transfer_out_package_of_a_major_not_set_up_here(
    pair: Pair, tmp_path: Path, make_archive: Any
) -> None:
    """F11: the class decides the major, so the preview raises no major problem, the preview
    with the class says what the import does, and the import takes the class's major."""
    far, class_id = other_school(make_archive)
    made = export(pair, tmp_path)
    s = far.session
    preview = ti.read_package(s, made.path, PASSPHRASE)
    assert [p for st in preview.students for p in st.problems] == []
    chosen = ti.read_package(s, made.path, PASSPHRASE, class_group_id=class_id)
    assert [p for st in chosen.students for p in st.problems] == []
    assert chosen.class_name == "2026级电商1班" and chosen.class_major == "660301 电子商务"
    done = ti.import_package(s, made.path, PASSPHRASE, class_group_id=class_id, today=TODAY)
    (new,) = done.student_ids
    assert load_student(s.archive.db.conn, new)["major_code"] == "660301"
    sections = {t.section: t for t in ti.transferred_records(s, new)}
    assert sections["student"].rows[0]["major_code"] == MAJOR  # the sender's stays transferred


def test_handover_package_of_a_major_not_set_up_here_is_resolved_by_a_class(
    pair: Pair, tmp_path: Path, make_archive: Any
) -> None:
    """F11 for a handover: the major problem is one a chosen class resolves (said apart from
    the real problems); without a class it refuses, with one the student takes its major."""
    far, class_id = other_school(make_archive)
    made = export(pair, tmp_path, ids=[pair.left], reason="handover")
    s = far.session
    (student,) = ti.read_package(s, made.path, PASSPHRASE).students
    assert student.problems == () and student.class_problems
    assert {p.field for p in student.class_problems} <= {"major_code", "major_catalogue"}
    before = archive_state(far)
    with pytest.raises(RecordInvalid) as exc:
        ti.import_package(s, made.path, PASSPHRASE, class_group_id=None, today=TODAY)
    assert messages.message_for(exc.value).startswith("学籍档案包没有导入")
    assert archive_state(far) == before
    (chosen,) = ti.read_package(s, made.path, PASSPHRASE, class_group_id=class_id).students
    assert chosen.problems == () and chosen.class_problems == ()
    done = ti.import_package(s, made.path, PASSPHRASE, class_group_id=class_id, today=TODAY)
    row = load_student(s.archive.db.conn, done.student_ids[0])
    assert (row["major_code"], row["status"]) == ("660301", "withdrawn")


def test_handover_only_for_students_who_have_left(pair: Pair, tmp_path: Path) -> None:
    """F10: an 在籍 or 休学 student is never handed over."""
    before = archive_state(pair.sender)
    with pytest.raises(RecordInvalid) as exc:
        export(pair, tmp_path, ids=[pair.other, pair.left], reason="handover")
    (problem,) = exc.value.problems
    assert problem.code == "transfer_handover_in_school"
    assert "赵小红" in problem_text(problem, "zh") and "档案移交" in problem_text(problem, "zh")
    assert messages.message_for(exc.value).startswith("学籍档案包没有导出")
    s = pair.sender.session
    status_changes.record_change(s, pair.other, "leave_of_absence",
                                 effective_date=TODAY.isoformat(),
                                 details={"expected_return_date": "2027-09-01"})  # fmt: skip
    before = archive_state(pair.sender)
    with pytest.raises(RecordInvalid):
        export(pair, tmp_path, ids=[pair.other], reason="handover")
    assert archive_state(pair.sender) == before
    assert export(pair, tmp_path, ids=[pair.left], reason="handover").student_count == 1


def test_practice_package_refused_by_a_real_archive(tmp_path: Path, make_archive: Any) -> None:
    """F17: the manifest says the sender is a 练习库; a real archive refuses, a practice one
    takes it in."""
    sender = make_archive("demo", school_name="示范学校", practice=True)
    p = make_pair(lambda name, **kw: sender if name == "sender" else make_archive(name, **kw))
    made = export(p, tmp_path)
    before = archive_state(p.receiver)
    with pytest.raises(PackageUnreadable) as exc:
        ti.read_package(p.receiver.session, made.path, PASSPHRASE)
    assert exc.value.fields["reason"] == "practice"
    assert "练习库" in messages.message_for(exc.value)
    with pytest.raises(PackageUnreadable):
        ti.import_package(p.receiver.session, made.path, PASSPHRASE,
                          class_group_id=p.target_class, today=TODAY)  # fmt: skip
    assert archive_state(p.receiver) == before
    other, class_id = other_school(make_archive, "practice2", practice=True)
    assert ti.read_package(other.session, made.path, PASSPHRASE).practice
    ti.import_package(other.session, made.path, PASSPHRASE, class_group_id=class_id, today=TODAY)


def test_a_known_school_with_another_fingerprint_is_flagged(
    pair: Pair, tmp_path: Path, make_archive: Any
) -> None:
    """F24: new → same → different (same school name, another archive's key)."""
    r = pair.receiver.session
    first = export(pair, tmp_path, out=tmp_path / "out" / "1.xjpkg")
    assert ti.read_package(r, first.path, PASSPHRASE).key_state == "new"
    ti.import_package(r, first.path, PASSPHRASE, class_group_id=pair.target_class, today=TODAY)
    second = export(pair, tmp_path, ids=[pair.left], reason="handover",
                    out=tmp_path / "out" / "2.xjpkg")  # fmt: skip
    assert ti.read_package(r, second.path, PASSPHRASE).key_state == "same"
    impostor = make_archive("impostor", school_name="邵阳市第一职业中专")
    fake = make_pair(lambda name, **kw: impostor if name == "sender" else make_archive("x", **kw))
    forged = export(fake, tmp_path, out=tmp_path / "out" / "3.xjpkg")
    preview = ti.read_package(r, forged.path, PASSPHRASE)
    assert preview.key_state == "different" and preview.fingerprint != first.fingerprint


def test_the_fingerprint_told_must_match(pair: Pair, tmp_path: Path) -> None:
    """F24: a fingerprint given with the import is compared (spaces and case do not count)."""
    made = export(pair, tmp_path)
    r = pair.receiver.session
    before = archive_state(pair.receiver)
    wrong = "0000 " + made.fingerprint[5:]
    with pytest.raises(RecordInvalid) as exc:
        ti.read_package(r, made.path, PASSPHRASE, fingerprint=wrong)
    assert exc.value.problems[0].code == "transfer_fingerprint_mismatch"
    with pytest.raises(RecordInvalid):
        ti.import_package(r, made.path, PASSPHRASE, class_group_id=pair.target_class,
                          today=TODAY, fingerprint=wrong)  # fmt: skip
    assert archive_state(pair.receiver) == before
    told = made.fingerprint.replace(" ", "").lower()
    assert ti.import_package(r, made.path, PASSPHRASE, class_group_id=pair.target_class,
                             today=TODAY, fingerprint=told).student_ids  # fmt: skip


def test_passphrase_spaces_do_not_count(pair: Pair, tmp_path: Path) -> None:
    """F18: stripped on export and on import."""
    made = export(pair, tmp_path, passphrase=f"  {PASSPHRASE} ")
    r = pair.receiver.session
    assert ti.read_package(r, made.path, PASSPHRASE).students
    assert ti.read_package(r, made.path, f"\t{PASSPHRASE}  \n").students


def test_receiver_too_long_says_its_limit(pair: Pair, tmp_path: Path) -> None:
    """F4: the sentence names the limit."""
    with pytest.raises(RecordInvalid) as exc:
        export(pair, tmp_path, receiver="乙" * (MAX_RECEIVER + 1))
    assert f"最多 {MAX_RECEIVER} 个字符" in problem_text(exc.value.problems[0], "zh")


def test_already_imported_says_a_local_time(pair: Pair, tmp_path: Path) -> None:
    """F3: not the stored UTC stamp."""
    made = export(pair, tmp_path)
    r = pair.receiver.session
    ti.import_package(r, made.path, PASSPHRASE, class_group_id=pair.target_class, today=TODAY)
    with pytest.raises(PackageAlreadyImported) as exc:
        ti.read_package(r, made.path, PASSPHRASE)
    text = messages.message_for(exc.value)
    assert re.search(r"在 \d{4}-\d\d-\d\d \d\d:\d\d 导入过", text), text
    assert "T" not in str(exc.value.fields["recorded_at"])


def test_a_one_chunk_package_cut_short_is_incomplete(pair: Pair, tmp_path: Path) -> None:
    """F7: cut inside its only chunk → truncated, not tampered."""
    made = export(pair, tmp_path)
    data = made.path.read_bytes()
    assert len(data) < (1 << 20)
    cut = tmp_path / "cut.xjpkg"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(PackageUnreadable) as exc:
        ti.read_package(pair.receiver.session, cut, PASSPHRASE)
    assert exc.value.fields["reason"] == "truncated"
    folder = tmp_path / "folder.xjpkg"
    folder.mkdir()
    with pytest.raises(PackageUnreadable) as exc:
        ti.read_package(pair.receiver.session, folder, PASSPHRASE)
    text = messages.message_for(exc.value)
    assert "文件夹" in text and not re.search(r"[A-Za-z]{3}", text.replace("xjpkg", ""))


def test_export_warnings_and_the_register(pair: Pair, tmp_path: Path) -> None:
    """F20: another receiver than the recorded 转入学校 and a second package are said (not
    refused); the register lists the students and who made the package."""
    first = export(pair, tmp_path, receiver="乙市职业学校", out=tmp_path / "out" / "1.xjpkg")
    assert [w.code for w in first.warnings] == ["transfer_receiver_differs"]
    assert "长沙市第二职业中专" in problem_text(first.warnings[0], "zh")
    second = export(pair, tmp_path, out=tmp_path / "out" / "2.xjpkg")
    (again,) = second.warnings
    assert again.code == "transfer_packaged_before" and again.params["count"] == "1"
    assert "1 次" in problem_text(again, "zh") and "乙市职业学校" in problem_text(again, "zh")
    newest, oldest = ti.list_packages(pair.sender.session)
    assert newest.students == (("李小明", load_student(
        pair.sender.session.archive.db.conn, pair.student)["student_no"]),)  # fmt: skip
    assert newest.recorded_by == oldest.recorded_by == pair.sender.session.username
    assert transfer_keys.signer_fingerprint(pair.sender.session) == newest.signer_fingerprint
