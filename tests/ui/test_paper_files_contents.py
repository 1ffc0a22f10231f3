"""What is in a paper file's folder: every checklist type on 查找档案 (pieces, 已扫描, required,
missing ones marked), corrected through 登记材料 by clerks only, and the 纸质档案 section of the
record's 附件 tab with its link to the 纸质档案 page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.ui.conftest import VIEWER, VIEWER_PASSWORD
from tests.ui.test_paper_files_page import SHOTS, Env, answer, locate, open_page
from tests.ui.test_paper_files_page import env as env  # the fixture: students in every state
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import attachments, file_loans, paper_files, student_reads
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_contents import ContentsDialog, contents_summary
from xueji_desktop.ui.record_tabs import history_rows
from xueji_desktop.ui.record_view import RecordView
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture
def papers(env: Env, tmp_path: Path) -> Env:
    """在室生's folder holds the 入学登记表 (also scanned) and two photos; the ID copy, which the
    checklist requires, is not there."""
    s, ids = env
    paper_files.set_contents(s, ids["shelved"], {"enrolment_form": 1, "photo": 2})
    scan = tmp_path / "scan.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(scan))
    attachments.attach(s, ids["shelved"], "enrolment_form", scan, "image/png", "入学登记表")
    return s, ids


def row_of(page: object, name: str) -> int:
    model = page.locate.contents  # type: ignore[attr-defined]
    for r in range(model.rowCount()):
        if model.item(r).name == name:
            return r
    raise AssertionError(name)


def cells(page: object, name: str) -> tuple[str, ...]:
    model = page.locate.contents  # type: ignore[attr-defined]
    r = row_of(page, name)
    return tuple(str(model.index(r, c).data() or "") for c in range(model.columnCount()))


def test_locate_shows_every_checklist_type(
    papers: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = papers
    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "在室生", 1)
    types = paper_files.get_paper_file(s, ids["shelved"]).contents
    qtbot.waitUntil(lambda: page.locate.contents.rowCount() == len(types), timeout=10_000)
    qtmodeltester.check(page.locate.contents)  # type: ignore[attr-defined]
    assert cells(page, "入学登记表") == ("入学登记表", "1份", "已扫描", "必备")
    assert cells(page, "照片")[:3] == ("照片", "2份", "")
    id_copy = cells(page, "身份证件复印件")
    assert id_copy[1] == "缺" and id_copy[3] == "必备"
    red = page.locate.contents.index(row_of(page, "身份证件复印件"), 0)
    assert red.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert (
        page.locate.contents.index(row_of(page, "照片"), 0).data(Qt.ItemDataRole.ForegroundRole)
        is None
    )
    assert page.locate.contents_note.isVisible()
    assert "身份证件复印件" in page.locate.contents_note.text()
    assert "入学登记表" not in page.locate.contents_note.text()
    assert page.locate.contents_button.isVisible() and page.locate.contents_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "locate-contents.png"))


def test_record_papers_dialog_corrects_the_pieces(
    papers: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, ids = papers
    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "在室生", 1)
    qtbot.waitUntil(lambda: page.locate.contents.rowCount() > 0, timeout=10_000)
    dialog = page.locate.edit_contents()
    assert isinstance(dialog, ContentsDialog)
    assert dialog.pieces()["photo"] == 2 and dialog.pieces()["id_copy"] == 0
    dialog.grab().save(str(SHOTS / "contents-dialog.png"))
    dialog.set_pieces("id_copy", 2)
    dialog.set_pieces("photo", 0)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    held = {c.doc_type: c.pieces for c in paper_files.get_paper_file(s, ids["shelved"]).contents}
    assert (held["id_copy"], held["photo"], held["enrolment_form"]) == (2, 0, 1)
    # The locate view reads the file again: the ID copy is no longer missing.
    qtbot.waitUntil(lambda: cells(page, "身份证件复印件")[1] == "2份", timeout=10_000)
    assert "身份证件复印件" not in page.locate.contents_note.text()
    assert cells(page, "照片")[1] == "缺"  # the photo is required too
    assert "照片" in page.locate.contents_note.text()


def test_a_refused_correction_says_why_in_chinese(
    papers: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, ids = papers
    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "在室生", 1)
    qtbot.waitUntil(lambda: page.locate.contents.rowCount() > 0, timeout=10_000)
    dialog = page.locate.edit_contents()
    assert isinstance(dialog, ContentsDialog)
    with s.archive.db.atomic() as conn:  # voided meanwhile (by another clerk)
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (ids["shelved"],))
    dialog.set_pieces("id_copy", 1)
    dialog.submit()
    qtbot.waitUntil(
        lambda: dialog.error_line.isVisible() and dialog.ok_button.isEnabled(), timeout=10_000
    )
    text = dialog.error_line.text()
    assert text and not any(c.isascii() and c.isalpha() for c in text)
    assert dialog.isVisible()  # stays open; nothing written
    held = {c.doc_type: c.pieces for c in paper_files.get_paper_file(s, ids["shelved"]).contents}
    assert held["id_copy"] == 0


def test_viewers_see_the_contents_but_cannot_record(
    papers: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, _ids = papers
    from tests.conftest import ADMIN_PASSWORD
    from xueji_desktop.core.roles import Role
    from xueji_desktop.services import users
    from xueji_desktop.storage.kdf import FAST_FOR_TESTS

    users.add_user(
        s,
        admin_password=ADMIN_PASSWORD,
        username=VIEWER,
        password=VIEWER_PASSWORD,
        roles=frozenset({Role.VIEWER}),
        kdf=FAST_FOR_TESTS,
    )
    viewer = archive_service.login(s.archive.layout.root, VIEWER, VIEWER_PASSWORD)
    try:
        page = open_page(qtbot, viewer, worker)
        locate(qtbot, page, "在室生", 1)
        qtbot.waitUntil(lambda: page.locate.contents.rowCount() > 0, timeout=10_000)
        assert cells(page, "入学登记表")[2] == "已扫描"
        assert page.locate.contents_button.isHidden()
        assert page.locate.edit_contents() is None
    finally:
        worker.wait()
        viewer.close()


def test_summary_lines() -> None:
    items = paper_files.ContentItem
    text = contents_summary(
        [
            items("enrolment_form", "入学登记表", 1, True, True),
            items("photo", "照片", 2, False, False),
            items("id_copy", "身份证件复印件", 0, True, False),
        ]
    )
    assert text == "入学登记表 1份（已扫描）、照片 2份"


def test_the_record_shows_the_paper_file_and_links_to_the_page(
    papers: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, ids = papers
    went: list[tuple[str, dict[str, object]]] = []
    view = RecordView(
        PageContext(s, worker, navigate=lambda page, args: went.append((page, args))),
        ids["shelved"],
    )
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitUntil(lambda: bool(view.record), timeout=10_000)  # the header
    with qtbot.waitSignal(
        view.loaded, check_params_cb=lambda k: k == "attachments", timeout=10_000
    ):
        view.show_tab("attachments")
    box = view.files_tab.paper
    assert box.isVisible()
    assert box.state.text() == "在档案室 A柜3层12盒"
    assert box.place.text() == "存放位置：A柜3层12盒"
    assert box.papers.text() == "袋内材料：入学登记表 1份（已扫描）、照片 2份"
    assert box.missing.isVisible() and "身份证件复印件" in box.missing.text()
    assert box.link.text().endswith(">在“纸质档案”中查看</a>")
    view.grab().save(str(SHOTS / "record-paper-file.png"))
    box.link.linkActivated.emit("paper_files")
    assert went == [("paper_files", {"student_id": ids["shelved"]})]


def test_the_record_of_a_file_sent_on(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    view = RecordView(PageContext(s, worker), ids["sent"])
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: bool(view.record), timeout=10_000)
    with qtbot.waitSignal(
        view.loaded, check_params_cb=lambda k: k == "attachments", timeout=10_000
    ):
        view.show_tab("attachments")
    box = view.files_tab.paper
    assert box.state.text() == "已于 2026-07-05 机要转递至 邵阳市人才中心，回执 未收到"
    assert box.place.text() == "存放位置：未记录"
    assert box.papers.text() == "袋内材料：无"


def test_the_history_words_the_paper_files_changes(env: Env) -> None:
    s, ids = env
    sid = ids["kept"]  # kept by the school in the fixture, with its reason
    paper_files.set_location(s, [sid], cabinet="B", shelf="2", box="7")
    paper_files.set_contents(s, sid, {"graduate_form": 1})
    paper_files.set_kept(s, sid, False, reason="改为转递")
    rows = history_rows(student_reads.field_history(s, sid))
    by_label = {r[2]: r for r in rows}
    kept = [r for r in rows if r[2] == "归档保存"]
    assert [(r[3], r[4]) for r in kept] == [("否", "是"), ("是", "否")]
    assert kept[1][5] == "改为转递"
    assert by_label["档案柜号"][4] == "B"
    assert by_label["档案层号"][4] == "2" and by_label["档案盒号"][4] == "7"
    assert by_label["档案袋里的毕业生登记表（份数）"][3:5] == ("0", "1")
    for row in rows:  # every field named in words, no internal name
        assert not any(c.isascii() and c.isalpha() for c in row[2]), row


def test_a_kept_file_says_where_it_is(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    paper_files.set_location(s, [ids["kept"]], cabinet="A", shelf="3", box="12")
    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "留存生", 1)
    assert answer(page, "留存生") == "学校归档保存，A柜3层12盒"


def test_the_answer_is_readable_in_full(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    with s.archive.db.atomic() as conn:  # 转递生 left on 2026-06-30
        conn.execute(
            "INSERT INTO status_changes (student_id, kind, effective_date, status_before,"
            " status_after, created_at, created_by) VALUES (?, 'graduation', '2026-06-30',"
            " 'enrolled', 'graduated', '2026-06-30T00:00:00Z', 'test')",
            (ids["sent"],),
        )
    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "转递生", 1)
    index = page.locate.model.index(0, 5)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()  # the whole sentence
    assert page.locate.table.wordWrap()
    header = page.locate.table.horizontalHeader()  # the answer column is not cut at the right
    assert header.sectionViewportPosition(5) + header.sectionSize(5) <= header.viewport().width()
    page.locate.table.selectRow(0)
    facts = page.locate.facts.text()
    # Each fact is kept on one line: "2026-06-30 离校" never breaks between 离 and 校.
    assert "<span style='white-space: nowrap'>2026-06-30 离校</span>" in facts


def test_a_search_is_audited_once_not_on_every_refresh(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, ids = env
    conn = s.archive.db.conn

    def located() -> list[str]:
        sql = "SELECT details FROM audit_log WHERE action = 'file_located' ORDER BY seq"
        return [str(r[0]) for r in conn.execute(sql)]

    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "2025", 6)
    after_search = located()
    page.activate()  # the clerk comes back to the page: the answers stay, nothing is audited
    assert located() == after_search
    assert "查找档案" in page.locate.count_label.text()  # says how to look again
    row = [page.locate.model.item(r).student_id for r in range(6)].index(ids["shelved"])
    page.locate.table.selectRow(row)
    dialog = page.locate.lend()
    assert dialog is not None
    dialog.borrower_edit.setText("李老师")  # type: ignore[attr-defined]
    dialog.purpose_edit.setText("查阅")  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.saved, timeout=10_000):  # type: ignore[attr-defined]
        dialog.submit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "李老师" in answer(page, "在室生"), timeout=10_000)
    assert page.locate.model.rowCount() == 6  # the other answers stay as they were
    new = located()[len(after_search) :]
    assert len(new) == 1 and "student_ids" not in new[0]  # only the file acted on, read once
    assert file_loans.list_loans(s, student_id=ids["shelved"], open_only=True)
