"""四性检测 page: runs the real check on the worker with progress, shows green/amber/red cards and
every item, a damaged archive shows red, 停止 stops it and records nothing, print/export write
real files; the table model passes qtmodeltester."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import attachments
from xueji_desktop.services.archive import Created
from xueji_desktop.ui import integrity_ops
from xueji_desktop.ui.integrity_page import IntegrityPage
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

TIMEOUT = 30_000


@pytest.fixture
def archive_with_scans(make_archive: Callable[..., Created]) -> Created:
    created = make_archive("school")
    s = created.session
    sid = insert_student(s, setup_structure(s)["c1"])
    for n in range(5):
        attachments.attach(s, sid, "enrolment_form", b"%PDF-1.7\n" + str(n).encode() + b"\n%%EOF\n",
                           "application/pdf")  # fmt: skip
    return created


def _page(qtbot: QtBot, worker: SessionWorker, created: Created) -> IntegrityPage:
    page = IntegrityPage(PageContext(created.session, worker, school_name="测试市职业中专"))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.activate()
    return page


def _run(qtbot: QtBot, page: IntegrityPage) -> None:
    page.run_button.click()
    assert page.busy and not page.run_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)


def _made(created: Created) -> int:
    row = created.session.archive.db.conn.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'integrity_report_made'"
    ).fetchone()
    return int(row[0])


def test_the_page_contract() -> None:
    assert IntegrityPage.page_id == "integrity"
    assert IntegrityPage.permission == Permission.CHECK_ARCHIVE


def test_runs_the_check_and_shows_every_item(
    qtbot: QtBot, qtmodeltester, worker: SessionWorker, archive_with_scans: Created
) -> None:
    page = _page(qtbot, worker, archive_with_scans)
    assert page.title() == "四性检测"
    assert not page.print_button.isEnabled() and not page.export_button.isEnabled()
    _run(qtbot, page)
    report = page.report
    assert report is not None and report.result != "fail"
    assert page.model.rowCount() == len(report.items)
    qtmodeltester.check(page.model)
    assert page.cards["authenticity"].verdict.text() == "● 通过"
    assert page.cards["security"].verdict.text() == "● 需注意"  # no backup yet
    assert "需注意" in page.conclusion.text() and page.conclusion.isVisible()
    texts = [page.model.index(r, 2).data() for r in range(page.model.rowCount())]
    assert "操作日志防篡改校验" in texts and "病毒检测" in texts
    page.table.selectRow(texts.index("电子文件可读性检测"))
    details = page.details.toPlainText()
    assert "检测方法：" in details and "5 份扫描件和照片都能正常打开" in details
    assert page.print_button.isEnabled() and page.export_button.isEnabled()
    assert _made(archive_with_scans) == 1


def test_a_missing_scan_shows_red(
    qtbot: QtBot, worker: SessionWorker, archive_with_scans: Created
) -> None:
    store = archive_with_scans.session.archive.blobs()
    (name,) = archive_with_scans.session.archive.db.conn.execute(
        "SELECT blob_name FROM attachments LIMIT 1"
    ).fetchone()
    store.path_for(str(name)).unlink()
    page = _page(qtbot, worker, archive_with_scans)
    _run(qtbot, page)
    assert page.cards["integrity"].verdict.text() == "● 不通过"
    assert "不通过" in page.conclusion.text()
    # the first failed item is selected and explained
    selected = page.table.selectionModel().selectedRows()[0].row()
    assert page.model.index(selected, 2).data() == "电子文件齐全检测"
    assert "找不到" in page.details.toPlainText()


def test_stop_records_nothing(
    qtbot: QtBot, worker: SessionWorker, archive_with_scans: Created, monkeypatch
) -> None:
    real = integrity_ops.run_check
    waited = threading.Event()

    def held(session, today, report, cancelled):  # type: ignore[no-untyped-def]
        def report_and_wait(done: int, total: int) -> None:
            report(done, total)
            if not waited.is_set():  # hold the first step until the clerk has pressed 停止
                waited.set()
                end = time.monotonic() + 10
                while not cancelled() and time.monotonic() < end:
                    time.sleep(0.01)

        return real(session, today, report_and_wait, cancelled)

    monkeypatch.setattr(integrity_ops, "run_check", held)
    page = _page(qtbot, worker, archive_with_scans)
    page.run_button.click()
    qtbot.waitUntil(lambda: page.progress_bar.maximum() == 100, timeout=TIMEOUT)
    assert page.stop_button.isVisible()
    page.stop_button.click()
    assert "正在停止" in page.progress_label.text() and not page.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert page.report is None
    assert "已停止" in page.done_line.text()
    assert not page.stop_button.isVisible() and page.run_button.isEnabled()
    assert _made(archive_with_scans) == 0
    monkeypatch.setattr(integrity_ops, "run_check", real)
    _run(qtbot, page)  # runs again, from the start
    assert page.report is not None and page.stop_button.isEnabled()


def test_print_and_export(
    qtbot: QtBot, worker: SessionWorker, archive_with_scans: Created, tmp_path: Path
) -> None:
    page = _page(qtbot, worker, archive_with_scans)
    _run(qtbot, page)
    page.save_to(tmp_path / "四性检测", "pdf")
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    pdf = tmp_path / "四性检测.pdf"
    assert "电子档案四性检测报告" in PdfReader(pdf).pages[0].extract_text()
    assert str(pdf) in page.done_line.text()
    page.save_to(tmp_path / "r.xlsx", "xlsx")
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    actions = [
        str(r[0])
        for r in archive_with_scans.session.archive.db.conn.execute(
            "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2"
        )
    ]
    assert actions == ["integrity_report_exported", "integrity_report_printed"]


def test_a_file_that_cannot_be_written_is_said_plainly(
    qtbot: QtBot, worker: SessionWorker, archive_with_scans: Created, tmp_path: Path
) -> None:
    page = _page(qtbot, worker, archive_with_scans)
    _run(qtbot, page)
    page.save_to(tmp_path / "no-such-folder" / "r.pdf", "pdf")
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert page.error_line.isVisible() and page.error_line.text()
    assert json.dumps(page.error_line.text(), ensure_ascii=False)
