"""Student record package dialogs (issue 9 §3) between two real archives: the export dialog
writes a package the import dialog then previews and takes in; a wrong passphrase, an altered
package and a package taken in twice are refused with a plain sentence and change nothing; the
transferred records are shown read-only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from tests.services.transfer_fixtures import (
    KDF,
    PASSPHRASE,
    TODAY,
    Pair,
    archive_state,
    make_pair,
    other_school,
)
from xueji_desktop.core.errors import PackageAlreadyImported, PackageUnreadable, WrongPassphrase
from xueji_desktop.services import transfer_import, transfer_keys
from xueji_desktop.services.transfer_export import MAX_RECEIVER, export_package
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.transfer_export_dialog import TransferExportDialog
from xueji_desktop.ui.transfer_import_dialog import DONE, OPEN, PREVIEW, TransferImportDialog
from xueji_desktop.ui.transfer_records_view import (
    TransferredRecordsButton,
    TransferredRecordsDialog,
)
from xueji_desktop.ui.worker import SessionWorker

SHOTS = Path("/tmp/shots-t2")


@pytest.fixture
def pair(make_archive: Any) -> Pair:
    return make_pair(make_archive)


def package(pair: Pair, tmp_path: Path) -> Path:
    """A package of the 转出 student made by the sender (fast KDF: the dialog's own export test
    runs the production parameters)."""
    out = tmp_path / "pkg" / "李小明.xjpkg"
    out.parent.mkdir(exist_ok=True)
    export_package(pair.sender.session, [pair.student], reason="transfer_out",
                   receiver="长沙市第二职业中专", passphrase=PASSPHRASE, out=out, today=TODAY,
                   kdf=KDF)  # fmt: skip
    return out


def export_dialog(qtbot: QtBot, pair: Pair, worker: SessionWorker, sid: int) -> Any:
    dialog = TransferExportDialog(
        PageContext(pair.sender.session, worker), [(sid, "李小明")], today=TODAY
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=10_000):
        dialog.show()
    return dialog


def import_dialog(qtbot: QtBot, pair: Pair, worker: SessionWorker) -> TransferImportDialog:
    dialog = TransferImportDialog(PageContext(pair.receiver.session, worker), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def idle(qtbot: QtBot, dialog: Any) -> None:
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=20_000)


def test_export_dialog_writes_a_package_and_shows_the_fingerprint(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    dialog = export_dialog(qtbot, pair, worker, pair.student)
    fingerprint = transfer_keys.signer_fingerprint(pair.sender.session)
    assert dialog.fingerprint_label.text() == fingerprint
    suggested = dialog.passphrase_edit.text()
    assert len(suggested) >= 12
    assert not dialog.save_button.isEnabled()  # no receiver yet
    dialog.receiver_edit.setText("长沙市第二职业中专")
    assert dialog.save_button.isEnabled()
    target = tmp_path / "李小明.xjpkg"
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as got:
        dialog.export_to(target)
    made = got.args[0]
    assert target.is_file() and made.path == target and made.student_count == 1
    assert fingerprint in dialog.result_label.text() and dialog.result_label.isVisible()
    assert str(target) in dialog.result_label.text()
    # the receiving archive opens it with the passphrase the dialog suggested
    preview = transfer_import.read_package(pair.receiver.session, target, suggested)
    assert preview.fingerprint == fingerprint and preview.students[0].name == "李小明"
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "transfer-export-zh.png"))


def test_export_refusal_is_said_and_writes_nothing(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    dialog = export_dialog(qtbot, pair, worker, pair.other)  # still 在籍: no 转出 package
    dialog.receiver_edit.setText("长沙市第二职业中专")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "x.xjpkg"
    dialog.export_to(target)
    idle(qtbot, dialog)
    assert dialog.error_line.isVisible() and dialog.error_line.text()
    assert list(out.iterdir()) == []
    assert dialog.package is None
    # the refusal is one of making a package, not of saving a record
    assert dialog.error_line.text().startswith("学籍档案包没有导出")
    # not as 档案移交 either: only students who have left are handed over
    dialog.reason_buttons["handover"].setChecked(True)
    dialog.export_to(target)
    idle(qtbot, dialog)
    assert "不能档案移交" in dialog.error_line.text()
    assert list(out.iterdir()) == [] and dialog.package is None


def test_export_cancel_leaves_no_file(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    dialog = export_dialog(qtbot, pair, worker, pair.student)
    dialog.receiver_edit.setText("长沙市第二职业中专")
    dialog.workStarted.connect(lambda work: work.cancel())
    out = tmp_path / "out"
    out.mkdir()
    dialog.export_to(out / "x.xjpkg")
    idle(qtbot, dialog)
    assert "已停止" in dialog.error_line.text()
    assert list(out.iterdir()) == []


def test_import_dialog_previews_then_takes_the_package_in(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path, qtmodeltester: Any
) -> None:
    path = package(pair, tmp_path)
    dialog = import_dialog(qtbot, pair, worker)
    assert dialog.step == OPEN and not dialog.next_button.isEnabled()
    dialog.path_edit.setText(str(path))
    dialog.passphrase_edit.setText(PASSPHRASE)
    assert dialog.next_button.isEnabled()
    with qtbot.waitSignal(dialog.stepShown, timeout=20_000):
        dialog.next()
    assert dialog.step == PREVIEW
    qtmodeltester.check(dialog.model)
    assert dialog.school_label.text() == "邵阳市第一职业中专"
    assert dialog.fingerprint_label.text() == transfer_keys.signer_fingerprint(pair.sender.session)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 0).data() == "李小明"
    assert dialog.model.index(0, 4).data() == "是"
    assert "1 名学生" in dialog.counts_label.text()
    # a 转出 package: the class is asked for, and the fingerprint must have been compared
    assert dialog.class_combo.isVisibleTo(dialog)
    assert not dialog.next_button.isEnabled()
    dialog.compared_check.setChecked(True)
    assert not dialog.next_button.isEnabled()  # no class yet
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData(pair.target_class))
    assert dialog.next_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "transfer-import-zh.png"))
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as got:
        dialog.take_in()
    assert dialog.step == DONE
    (new_id,) = got.args[0].student_ids
    assert "1 名学生" in dialog.done_label.text()
    row = pair.receiver.session.archive.db.conn.execute(
        "SELECT name, status, class_group_id FROM students WHERE id = ?", (new_id,)
    ).fetchone()
    assert tuple(row) == ("李小明", "enrolled", pair.target_class)
    navigated: list[tuple[str, dict[str, object]]] = []
    dialog.ctx.navigate = lambda page, args: navigated.append((page, args))
    dialog.show_students()
    assert navigated[0][0] == "students" and navigated[0][1]["student_ids"] == [new_id]

    view = TransferredRecordsDialog(PageContext(pair.receiver.session, worker), new_id, "李小明")
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    qtmodeltester.check(view.model)
    names = [view.list.item(i).text() for i in range(view.list.count())]
    grades = next(i for i, n in enumerate(names) if n.startswith("成绩"))
    assert names[grades] == "成绩（3）"
    view.list.setCurrentRow(grades)
    across = Qt.Orientation.Horizontal
    headers = [view.model.headerData(c, across) for c in range(view.model.columnCount())]
    assert "课程" in headers and "成绩" in headers
    courses = {view.model.index(r, headers.index("成绩")).data() for r in range(3)}
    assert courses == {"88", "52", "91"}
    assert "邵阳市第一职业中专" in view.intro.text()
    view.grab().save(str(SHOTS / "transferred-records-zh.png"))

    # the record view's button shows once the worker found transferred records, and opens them
    button = TransferredRecordsButton(PageContext(pair.receiver.session, worker), new_id, "李小明")
    qtbot.addWidget(button)
    qtbot.waitUntil(lambda: not button.isHidden(), timeout=10_000)
    assert button.text() == "转入档案…"
    opened = button.open_dialog()
    qtbot.waitUntil(lambda: opened.list.count() > 0, timeout=10_000)
    opened.close()


def test_wrong_passphrase_is_said_and_asks_again(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    path = package(pair, tmp_path)
    before = archive_state(pair.receiver)
    dialog = import_dialog(qtbot, pair, worker)
    dialog.read(path, "not-the-right-passphrase")
    idle(qtbot, dialog)
    assert dialog.step == OPEN
    assert dialog.error_line.text() == error_sentence(WrongPassphrase())
    assert dialog.passphrase_edit.hasFocus() or dialog.passphrase_edit.selectedText()
    assert archive_state(pair.receiver) == before


def test_altered_package_is_refused(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    path = package(pair, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    before = archive_state(pair.receiver)
    dialog = import_dialog(qtbot, pair, worker)
    dialog.read(path, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == OPEN
    assert dialog.error_line.text() == error_sentence(PackageUnreadable(reason="tampered"))
    assert archive_state(pair.receiver) == before


def test_a_package_taken_in_twice_is_refused(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    path = package(pair, tmp_path)
    r = pair.receiver.session
    transfer_import.import_package(r, path, PASSPHRASE, class_group_id=pair.target_class,
                                   today=TODAY)  # fmt: skip
    before = archive_state(pair.receiver)
    dialog = import_dialog(qtbot, pair, worker)
    dialog.read(path, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == OPEN
    shown = dialog.error_line.text()
    with pytest.raises(PackageAlreadyImported) as refused:
        transfer_import.read_package(r, path, PASSPHRASE)
    assert shown == error_sentence(refused.value)
    assert archive_state(pair.receiver) == before


def test_cancel_while_reading_changes_nothing(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    path = package(pair, tmp_path)
    dialog = import_dialog(qtbot, pair, worker)

    def cancel_at_once(work: WorkProgress) -> None:
        work.cancel()

    dialog.workStarted.connect(cancel_at_once)
    dialog.read(path, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == OPEN
    assert "已停止" in dialog.error_line.text()


def test_no_transferred_records_says_so(qtbot: QtBot, pair: Pair, worker: SessionWorker) -> None:
    view = TransferredRecordsDialog(PageContext(pair.sender.session, worker), pair.other)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert view.findChild(QListWidget, "sectionList").count() == 0
    assert view.intro.text() == "这名学生没有随档案包转入的记录。"
    button = TransferredRecordsButton(PageContext(pair.sender.session, worker), pair.other)
    qtbot.addWidget(button)
    worker.wait()
    qtbot.wait(20)
    assert button.isHidden()


def test_a_student_already_here_blocks_the_whole_package(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path, qtmodeltester: Any
) -> None:
    first = package(pair, tmp_path)
    transfer_import.import_package(pair.receiver.session, first, PASSPHRASE,
                                   class_group_id=pair.target_class, today=TODAY)  # fmt: skip
    second = tmp_path / "again.xjpkg"
    export_package(pair.sender.session, [pair.student], reason="transfer_out", receiver="乙",
                   passphrase=PASSPHRASE, out=second, today=TODAY, kdf=KDF)  # fmt: skip
    dialog = import_dialog(qtbot, pair, worker)
    dialog.read(second, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == PREVIEW
    qtmodeltester.check(dialog.model)
    (student,) = dialog.start.preview.students  # type: ignore[union-attr]
    assert student.exists
    assert dialog.model.blocked(student)
    assert dialog.model.index(0, 4).data() != "是"
    assert dialog.model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "1 名学生不能转入" in dialog.error_line.text()
    dialog.compared_check.setChecked(True)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData(pair.target_class))
    assert not dialog.next_button.isEnabled()


def test_receiver_length_passphrase_spaces_and_export_warnings(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    """F4: the receiver field stops at the service's limit; F18: spaces around the passphrase
    do not count; F20: another receiver than the recorded 转入学校 is said, not refused."""
    dialog = export_dialog(qtbot, pair, worker, pair.student)
    assert dialog.receiver_edit.maxLength() == MAX_RECEIVER
    dialog.receiver_edit.setText("乙市职业学校")
    dialog.passphrase_edit.setText(f"  {PASSPHRASE} ")
    target = tmp_path / "x.xjpkg"
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_to(target)
    assert dialog.warning_label.isVisibleTo(dialog)
    assert "长沙市第二职业中专" in dialog.warning_label.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "transfer-export-warning-zh.png"))
    importer = import_dialog(qtbot, pair, worker)
    importer.path_edit.setText(str(target))
    importer.passphrase_edit.setText(f" {PASSPHRASE}\t")
    with qtbot.waitSignal(importer.stepShown, timeout=60_000):
        importer.next()
    assert importer.step == PREVIEW


def test_a_major_not_set_up_here_does_not_block_a_transfer_out_package(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path, make_archive: Any
) -> None:
    """F11: the class decides the major; the GUI takes the package in as the CLI does."""
    far, class_id = other_school(make_archive)
    path = package(pair, tmp_path)
    dialog = TransferImportDialog(PageContext(far.session, worker), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.read(path, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == PREVIEW
    assert dialog.model.index(0, 4).data() == "是"
    assert not dialog.error_line.text()
    assert dialog.preview.placement_note.isVisibleTo(dialog)
    dialog.compared_check.setChecked(True)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData(class_id))
    assert dialog.next_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as got:
        dialog.take_in()
    (new,) = got.args[0].student_ids
    row = far.session.archive.db.conn.execute(
        "SELECT major_code, class_group_id FROM students WHERE id = ?", (new,)
    ).fetchone()
    assert tuple(row) == ("660301", class_id)


def test_another_fingerprint_for_a_known_school_is_a_red_warning(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path, make_archive: Any
) -> None:
    """F24: the preview says when this school's earlier packages had another fingerprint."""
    first = package(pair, tmp_path)
    transfer_import.import_package(pair.receiver.session, first, PASSPHRASE,
                                   class_group_id=pair.target_class, today=TODAY)  # fmt: skip
    impostor = make_archive("impostor", school_name="邵阳市第一职业中专")
    fake = make_pair(lambda name, **kw: impostor if name == "sender" else make_archive("x", **kw))
    forged = tmp_path / "forged.xjpkg"
    export_package(fake.sender.session, [fake.student], reason="transfer_out", receiver="乙",
                   passphrase=PASSPHRASE, out=forged, today=TODAY, kdf=KDF)  # fmt: skip
    dialog = import_dialog(qtbot, pair, worker)
    dialog.read(forged, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == PREVIEW
    label = dialog.preview.key_label
    assert label.isVisibleTo(dialog) and "另一个校验码" in label.text()
    assert "#a61b0f" in label.styleSheet()
    dialog.grab().save(str(SHOTS / "transfer-import-different-key-zh.png"))


def test_a_handover_package_of_a_major_not_here_is_taken_in_with_a_class(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path, make_archive: Any
) -> None:
    """F11 (handover): the class picker is offered; the row is blocked until a class is
    chosen, then the package goes in and the student takes the class's major."""
    far, class_id = other_school(make_archive)
    out = tmp_path / "h.xjpkg"
    export_package(pair.sender.session, [pair.left], reason="handover", receiver="区档案馆",
                   passphrase=PASSPHRASE, out=out, today=TODAY, kdf=KDF)  # fmt: skip
    dialog = TransferImportDialog(PageContext(far.session, worker), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.read(out, PASSPHRASE)
    idle(qtbot, dialog)
    assert dialog.step == PREVIEW and not dialog.error_line.text()
    assert dialog.class_combo.isVisibleTo(dialog) and dialog.class_combo.currentData() is None
    assert dialog.model.index(0, 4).data() != "是"
    dialog.compared_check.setChecked(True)
    assert not dialog.next_button.isEnabled()
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData(class_id))
    assert dialog.model.index(0, 4).data() == "是"
    assert dialog.next_button.isEnabled()
    dialog.grab().save(str(SHOTS / "transfer-import-handover-class-zh.png"))
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as got:
        dialog.take_in()
    (new,) = got.args[0].student_ids
    row = far.session.archive.db.conn.execute(
        "SELECT major_code, class_group_id, status FROM students WHERE id = ?", (new,)
    ).fetchone()
    assert tuple(row) == ("660301", class_id, "withdrawn")


def _section(view: TransferredRecordsDialog, name: str) -> list[list[str]]:
    row = next(i for i, s in enumerate(view.sections) if s.section == name)
    view.list.setCurrentRow(row)
    across = Qt.Orientation.Horizontal
    heads = [view.model.headerData(c, across) for c in range(view.model.columnCount())]
    body = [
        [view.model.index(r, c).data() for c in range(view.model.columnCount())]
        for r in range(view.model.rowCount())
    ]
    return [heads, *body]


def test_transferred_records_read_as_the_app_reads_them(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path
) -> None:
    """N6: field names in Chinese, code values through the code tables, states and 异动 kinds
    by name, local times, no internal keys such as confirmed_by."""
    path = package(pair, tmp_path)
    new_id = transfer_import.import_package(
        pair.receiver.session, path, PASSPHRASE, class_group_id=pair.target_class, today=TODAY
    ).student_ids[0]
    view = TransferredRecordsDialog(PageContext(pair.receiver.session, worker), new_id, "李小明")
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    student = _section(view, "student")
    text = "\n".join(" ".join(line) for line in student)
    fields = dict((line[0], line[1]) for line in student[1:])
    assert fields["性别"] in ("男", "女")
    assert fields["学籍状态"] == "转出"
    assert not any(re.fullmatch(r"[a-z_]+", k) for k in fields), fields
    assert "admin" not in text and "T0" not in text and "Z" not in text
    changes = _section(view, "status_changes")
    assert changes[1][:2] == ["转出", "转学（转出）"]
    assert "转入学校：长沙市第二职业中专" in changes[1]
    assert "否" in changes[1] and "0" not in changes[1]
    history = _section(view, "field_history")
    assert history[0][:3] == ["时间", "经办人", "项目"]
    cells = [c for line in history[1:] for c in line[2:] if c]  # the user names aside
    assert all(not re.fullmatch(r"[a-z_]+", c) and len(c) < 60 for c in cells), history
    assert history[-1][2:] == ["学籍状态", "在籍", "转出", "转出"]
    SHOTS.mkdir(exist_ok=True)
    view.grab().save(str(SHOTS / "transferred-n6-zh.png"))


@pytest.fixture
def english(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    import os

    from xueji_desktop.ui import i18n

    monkeypatch.setenv("XUEJI_LANG", "en")
    assert i18n.install_translators(qapp) == "en"
    yield
    monkeypatch.undo()
    os.environ["XUEJI_LANG"] = "zh"
    assert i18n.install_translators(qapp) == "zh"


def test_transferred_records_in_the_english_ui(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, tmp_path: Path, english: None
) -> None:
    path = package(pair, tmp_path)
    new_id = transfer_import.import_package(
        pair.receiver.session, path, PASSPHRASE, class_group_id=pair.target_class, today=TODAY
    ).student_ids[0]
    view = TransferredRecordsDialog(PageContext(pair.receiver.session, worker), new_id, "李小明")
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    student = _section(view, "student")
    fields = dict((line[0], line[1]) for line in student[1:])
    assert fields["Enrolment status"] == "transferred out"
    assert "Class" in fields and "Name" in fields and "Gender" in fields
    assert not any(re.fullmatch(r"[a-z_]+", k) for k in fields), fields
    changes = _section(view, "status_changes")
    assert "To school: 长沙市第二职业中专" in changes[1] and "No" in changes[1]
    history = _section(view, "field_history")
    assert history[-1][2:] == ["Enrolment status", "enrolled", "transferred out", "transfer out"]
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(50)
    view.grab().save(str(SHOTS / "transferred-n6-en.png"))


def test_export_dialog_shows_statuses_and_refuses_before_the_file_dialog(
    qtbot: QtBot, pair: Pair, worker: SessionWorker
) -> None:
    """N14: each chosen student's 学籍状态 is listed, and a student the chosen reason refuses is
    marked with the reason and 保存档案包… stays disabled (no file dialog to go through)."""
    students = [
        (pair.student, "李小明　S1", "transferred_out"),
        (pair.other, "赵小红　S2", "enrolled"),
    ]
    dialog = TransferExportDialog(PageContext(pair.sender.session, worker), students, today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=10_000):
        dialog.show()
    dialog.receiver_edit.setText("长沙市第二职业中专")
    texts = [dialog.chosen.item(i).text() for i in range(dialog.chosen.count())]
    assert texts[0] == "李小明　S1　转出" and texts[1].endswith("赵小红　S2　在籍")
    assert texts[1].startswith("✗") and dialog.chosen.item(1).toolTip()
    assert dialog.refused_label.isVisibleTo(dialog) and "赵小红" in dialog.refused_label.text()
    assert "李小明" not in dialog.refused_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.choose_target()  # refused before any file dialog: nothing opens, nothing written
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "transfer-export-refused-zh.png"))
    # 档案移交 refuses the 在籍 student too; without her the package can be saved
    dialog.reason_buttons["handover"].setChecked(True)
    assert "不能档案移交" in dialog.refused_label.text() and not dialog.save_button.isEnabled()
    dialog.chosen.item(1).setSelected(True)
    dialog.remove_selected()
    assert not dialog.refused_label.isVisibleTo(dialog) and dialog.save_button.isEnabled()
    dialog.reason_buttons["transfer_out"].setChecked(True)
    assert dialog.save_button.isEnabled()


def test_export_dialog_refusal_in_english(
    qtbot: QtBot, pair: Pair, worker: SessionWorker, english: None
) -> None:
    students = [(pair.other, "赵小红　S2", "enrolled")]
    dialog = TransferExportDialog(PageContext(pair.sender.session, worker), students, today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=10_000):
        dialog.show()
    assert dialog.chosen.item(0).text() == "✗ 赵小红　S2　enrolled"
    assert dialog.refused_label.isVisibleTo(dialog) and not dialog.save_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "transfer-export-refused-en.png"))
