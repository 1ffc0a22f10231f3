"""The statistics page (统计): opens on the worker and fills each card with the services' own
numbers; filters and "as it stood on" ask again (the newest question wins); the on-demand tabs;
Excel and PDF files really written; what a viewer does not get; the chart's choices."""

from __future__ import annotations

import datetime
import threading
import zipfile
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import VIEWER, VIEWER_PASSWORD
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.roles import Role
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import (
    statistics,
    statistics_dashboard,
    statistics_grades,
    statistics_returns,
    users,
    work_stats,
)
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import load_demo_data
from xueji_desktop.services.statistics import StatFilter, StatRow, StatTable
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui import statistics_card
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.statistics_chart import MAX_BARS, chart_data
from xueji_desktop.ui.statistics_page import CARDS, StatisticsPage
from xueji_desktop.ui.statistics_table import ROW_KEY_ROLE, VALUE_ROLE, value_text
from xueji_desktop.ui.worker import SessionWorker

D = datetime.date
TODAY = D(2026, 11, 16)  # the demo's "today"
INTAKES = (2023, 2024, 2025, 2026)  # the 2023 intake graduated in June 2026
_H = Qt.Orientation.Horizontal


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> Created:
    """16 demo students over four intakes (one graduated) and a viewer account."""
    created = make_archive("stats")
    load_demo_data(created, generate_demo(7, intakes=INTAKES, students_per_intake=4), 7)
    users.add_user(
        created.session,
        admin_password=ADMIN_PASSWORD,
        username=VIEWER,
        password=VIEWER_PASSWORD,
        roles=frozenset({Role.VIEWER}),
        kdf=FAST_FOR_TESTS,
    )
    return created


def open_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> StatisticsPage:
    page = StatisticsPage(PageContext(session, worker))
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.activate(today=TODAY)
    return page


def shown(page: StatisticsPage) -> dict[str, StatTable | None]:
    return {key: card.table() for key, card in page.cards.items()}


def test_the_dashboard_shows_the_services_tables(
    qtbot: QtBot, qtmodeltester: object, school: Created, worker: SessionWorker
) -> None:
    s = school.session
    page = open_page(qtbot, s, worker)
    assert page.title() == "统计"
    expected = statistics_dashboard.dashboard(s, filters=StatFilter(), as_of=None)
    for key, _wide in CARDS:
        if key == "health":
            assert page.cards[key].table() is None  # on request only
            continue
        assert page.cards[key].table() == getattr(expected, key), key
        qtmodeltester.check(page.cards[key].model)  # type: ignore[attr-defined]
    assert expected.student_total == 16
    assert page.total_label.text() == "共统计 16 名学生"
    assert not page.busy.isVisible()

    model = page.cards["by_status"].model
    table = expected.by_status
    assert model.rowCount() == len(table.rows) + 1  # the 合计 row
    assert model.headerData(0, _H) == "项目" and model.headerData(1, _H) == "人数"
    assert model.index(0, 0).data() == "在籍"
    assert model.index(model.rowCount() - 1, 0).data() == "合计"
    assert model.index(model.rowCount() - 1, 1).data() == "16"
    assert model.index(0, 0).data(ROW_KEY_ROLE) == "enrolled"
    graduated = next(r for r in table.rows if r.key == "graduated")
    assert graduated.values[0] == 4  # the 2023 intake

    rates = page.cards["retention"].model
    rate = expected.retention.rows[0].values[4]
    assert isinstance(rate, Fraction)
    assert rates.index(0, 5).data(VALUE_ROLE) == rate
    assert rates.index(0, 5).data() == statistics.percent(rate)
    outcomes = page.cards["outcomes"]
    assert outcomes.table() is not None and outcomes.table().totals[0] == 4  # type: ignore[union-attr]


def test_the_gui_thread_never_counts(
    qtbot: QtBot, school: Created, worker: SessionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """activate() returns at once; the dashboard runs on the worker's thread, not the GUI's."""
    threads: list[threading.Thread] = []
    real = statistics_dashboard.dashboard

    def counted(*a: object, **kw: object) -> object:
        threads.append(threading.current_thread())
        return real(*a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(statistics_dashboard, "dashboard", counted)
    page = StatisticsPage(PageContext(school.session, worker))
    qtbot.addWidget(page)
    page.show()
    page.activate(today=TODAY)
    assert worker.busy and page.busy.isVisible()
    assert all(card.table() is None for card in page.cards.values())
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        pass
    assert threads and threading.main_thread() not in threads
    assert page.cards["by_status"].table() is not None


def test_filters_and_the_date_ask_again(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    s = school.session
    page = open_page(qtbot, s, worker)
    bar = page.filter_bar
    assert [bar.intake_combo.itemText(i) for i in range(bar.intake_combo.count())] == [
        "全部年级",
        "2026级",
        "2025级",
        "2024级",
        "2023级",
    ]
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.intake_combo.setCurrentIndex(bar.intake_combo.findData(2024))
    want = statistics_dashboard.dashboard(s, filters=StatFilter(intake_year=2024))
    assert shown(page)["by_major"] == want.by_major
    assert page.cards["by_status"].table().totals == (4,)  # type: ignore[union-attr]
    # the class list follows the intake
    classes = [bar.class_combo.itemData(i) for i in range(1, bar.class_combo.count())]
    assert classes and all(
        c.intake_year == 2024
        for c in page.choices.classes
        if c.id in classes  # type: ignore[union-attr]
    )

    day = D(2026, 1, 1)  # before the 2026 intake and before the 2023 intake graduated
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.intake_combo.setCurrentIndex(0)
        bar.set_as_of(day)
    want = statistics_dashboard.dashboard(s, filters=StatFilter(), as_of=day)
    assert shown(page)["by_status"] == want.by_status
    assert shown(page)["retention"] == want.retention
    by_status = {r.key: r.values[0] for r in want.by_status.rows}
    assert by_status["graduated"] == 0 and want.student_total == 12
    assert "2026-01-01" in page.total_label.text()
    assert "2026年1月1日" in page.note_text()


def test_only_the_newest_answer_is_shown(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    s = school.session
    page = open_page(qtbot, s, worker)
    bar = page.filter_bar
    bar.blockSignals(True)
    bar.intake_combo.setCurrentIndex(bar.intake_combo.findData(2025))
    page.reload()  # asked for 2025 …
    bar.intake_combo.setCurrentIndex(bar.intake_combo.findData(2026))
    bar.blockSignals(False)
    page.reload()  # … then 2026: the 2025 answer arrives first and is dropped
    loads: list[int] = []
    page.loaded.connect(lambda: loads.append(1))
    qtbot.waitUntil(lambda: not worker.busy, timeout=20_000)
    assert loads == [1]
    want = statistics_dashboard.dashboard(s, filters=StatFilter(intake_year=2026))
    assert shown(page)["by_intake"] == want.by_intake


def test_by_class_and_data_health_count_on_request(
    qtbot: QtBot, qtmodeltester: object, school: Created, worker: SessionWorker
) -> None:
    s = school.session
    page = open_page(qtbot, s, worker)
    with qtbot.waitSignal(page.classes.loaded, timeout=20_000):
        page.tabs.setCurrentWidget(page.classes)
    table = page.classes.table_card.table()
    assert table == statistics.counts(s, by="class_group")
    qtmodeltester.check(page.classes.table_card.model)  # type: ignore[attr-defined]

    health = page.cards["health"]
    page.health_button.click()
    qtbot.waitUntil(lambda: health.table() is not None, timeout=20_000)
    assert health.table() == statistics_dashboard.health_counts(s, today=TODAY)
    qtmodeltester.check(health.model)  # type: ignore[attr-defined]


def test_a_table_is_exported_and_printed(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    s = school.session
    page = open_page(qtbot, s, worker)
    targets = iter([tmp_path / "按专业", tmp_path / "全部.xlsx"])
    monkeypatch.setattr(statistics_card, "ask_target", lambda *a: next(targets))
    with qtbot.waitSignal(page.written, timeout=20_000) as got:
        page.cards["by_major"].export_button.click()
    path = got.args[0]
    assert path == tmp_path / "按专业.xlsx" and path.is_file()
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/worksheets/") for n in z.namelist())
    assert "已保存" in page.saved_label.text()
    with qtbot.waitSignal(page.written, timeout=20_000):
        page.export_all_button.click()
    with zipfile.ZipFile(tmp_path / "全部.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(page.dashboard_tables()) == len(CARDS) - 1
    actions = [r[0] for r in s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert actions.count("statistics_exported") == 2


def test_a_viewer_reads_but_does_not_export(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    root = school.session.archive.layout.root
    viewer = archive_service.login(root, VIEWER, VIEWER_PASSWORD)
    try:
        page = open_page(qtbot, viewer, worker)
        assert page.cards["by_status"].table() is not None
        assert not page.cards["by_status"].export_button.isVisible()
        assert not page.export_all_button.isVisible()
        assert page.work_stats is None  # the annual review is the admin's
        tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert "工作量统计" not in tabs and "工作记录" in tabs
        assert not page.work_log.user_combo.isVisible()  # only the own log
    finally:
        worker.wait()
        viewer.close()


def test_the_chart_leaves_out_nobody_and_keeps_the_largest() -> None:
    rows = tuple(StatRow(str(i), f"省{i}", f"p{i}", (i,)) for i in range(20))
    data = chart_data(StatTable("students_by_origin_region", ("count",), rows, (190,)), "zh")
    assert data is not None and data.column == "count"
    assert len(data.bars) == MAX_BARS and data.omitted == 19 - MAX_BARS  # row 0 has nobody
    assert [b.label for b in data.bars] == [f"省{i}" for i in range(8, 20)]  # table order
    assert data.bars[-1].fraction == 1.0 and data.bars[-1].text == "19"
    rates = (StatRow("2024", "2024级", "intake 2024", (4, Fraction(3, 4))),)
    rate = chart_data(StatTable("x", ("entered", "retention_rate"), rates, (4, None)), "en")
    assert rate is not None and rate.column == "entered"
    retention = StatTable(
        "retention_per_intake",
        ("entered", "kept", "lost", "deceased", "retention_rate", "dropout_rate"),
        (StatRow("2024", "2024级", "intake 2024", (4, 3, 1, 0, Fraction(3, 4), Fraction(1, 4))),),
        (4, 3, 1, 0, Fraction(3, 4), Fraction(1, 4)),
    )
    data = chart_data(retention, "en")
    assert data is not None and data.column == "retention_rate"
    assert data.bars[0].fraction == 0.75 and data.bars[0].text == "75.0%"
    assert data.bars[0].label == "intake 2024"
    assert value_text("dropout_rate", None) == "—"
    assert value_text("pass_rate", Fraction(1, 16)) == "6.3%"
    assert value_text("mean", Fraction(157, 2)) == "78.5"


def test_grades_returns_and_work_tabs(
    qtbot: QtBot, qtmodeltester: object, school: Created, worker: SessionWorker
) -> None:
    s = school.session
    page = open_page(qtbot, s, worker)
    grades = page.grades
    page.tabs.setCurrentWidget(grades)
    assert grades.term_combo.itemText(0) == "全部学期"
    grades.term_combo.setCurrentIndex(0)
    grades.by_combo.setCurrentIndex(grades.by_combo.findData("class_group"))
    with qtbot.waitSignal(grades.loaded, timeout=20_000):
        grades.count_button.click()
    want = statistics_grades.grade_distribution(s, by="class_group", term_id=None)
    assert grades.table_card.table() == want and want.rows
    assert grades.table_card.title_label.text() == "成绩分布（按班级）"
    qtmodeltester.check(grades.table_card.model)  # type: ignore[attr-defined]

    returns = page.returns
    page.tabs.setCurrentWidget(returns)
    assert returns.year_spin.value() == 2026
    assert returns.as_of_edit.date() == QDate(2026, 11, 16)
    returns.year_spin.setValue(2025)  # the date stays inside that school year
    assert returns.as_of_edit.date() == QDate(2026, 7, 31)
    with qtbot.waitSignal(returns.loaded, timeout=20_000):
        returns.count_button.click()
    want_returns = statistics_returns.education_returns(s, school_year=2025, as_of=D(2026, 7, 31))
    assert [c.table() for c in returns.cards] == want_returns
    for card in returns.cards:
        qtmodeltester.check(card.model)  # type: ignore[attr-defined]

    stats = page.work_stats
    assert stats is not None  # the admin's
    page.tabs.setCurrentWidget(stats)
    stats.since_edit.setDate(QDate(2000, 1, 1))
    with qtbot.waitSignal(stats.loaded, timeout=20_000):
        stats.count_button.click()
    table = stats.table_card.table()
    assert table == work_stats.work_statistics(s, since=D(2000, 1, 1), until=TODAY)
    model = stats.table_card.model
    assert model.headerData(1, _H) == "录入新生"  # work statistics' own word for "entered"
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_the_work_log_is_shown_and_printed(
    qtbot: QtBot, qtmodeltester: object, school: Created, worker: SessionWorker,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    s = school.session
    day = datetime.datetime.fromtimestamp(s.archive.clock()).date()  # the demo was loaded today
    page = open_page(qtbot, s, worker)
    log = page.work_log
    page.tabs.setCurrentWidget(log)
    log.day_edit.setMaximumDate(QDate(day.year, day.month, day.day))
    log.day_edit.setDate(QDate(day.year, day.month, day.day))
    assert log.user_combo.currentText() == s.username and log.user_combo.isVisible()
    with qtbot.waitSignal(log.loaded, timeout=20_000):
        log.count_button.click()
    want = work_stats.work_log(s, day=day)
    assert log.model.rows() == list(want.entries)
    qtmodeltester.check(log.model)  # type: ignore[attr-defined]
    assert log.model.headerData(1, _H) == "做了什么"
    monkeypatch.setattr(statistics_card, "ask_target", lambda *a: tmp_path / "log")
    with qtbot.waitSignal(page.written, timeout=20_000) as got:
        log.print_button.click()
    assert got.args[0] == tmp_path / "log.pdf"
    assert (tmp_path / "log.pdf").read_bytes().startswith(b"%PDF")
    actions = [r[0] for r in s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert "work_log_printed" in actions


def test_a_card_prints_to_pdf_and_a_refusal_is_said(
    qtbot: QtBot, school: Created, worker: SessionWorker, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    s = school.session
    page = open_page(qtbot, s, worker)
    monkeypatch.setattr(statistics_card, "ask_target", lambda *a: tmp_path / "巩固率.pdf")
    with qtbot.waitSignal(page.written, timeout=20_000):
        page.cards["retention"].print_button.click()
    assert (tmp_path / "巩固率.pdf").read_bytes().startswith(b"%PDF")
    # a folder that is not there: the service refuses, the page says so and stays usable
    monkeypatch.setattr(statistics_card, "ask_target", lambda *a: tmp_path / "gone" / "x.pdf")
    page.cards["by_gender"].print_button.click()
    qtbot.waitUntil(lambda: page.error_line.isVisible(), timeout=20_000)
    assert page.error_line.text() and not page.output.running
    assert not (tmp_path / "gone").exists()
    # nothing chosen in the file dialog: nothing happens
    monkeypatch.setattr(statistics_card, "ask_target", lambda *a: None)
    page.cards["by_gender"].export_button.click()
    assert not worker.busy


def test_a_card_with_an_empty_table_or_rows_that_do_not_add_up(
    qtbot: QtBot, qtmodeltester: object
) -> None:
    card = statistics_card.StatCard("returns_flows", can_export=True)
    qtbot.addWidget(card)
    card.show()
    card.set_table(StatTable("grade_distribution_by_course", ("band_lt60", "pass_rate"), (), ()))
    assert card.model.rowCount() == 0 and not card.view.isVisible()
    assert card.message.text() == "这里没有可统计的记录。" and not card.chart.isVisible()
    qtmodeltester.check(card.model)  # type: ignore[attr-defined]
    rows = tuple(StatRow(k, k, k, (n, n // 2)) for k, n in (("a", 10), ("b", 4)))
    card.set_table(StatTable("returns_flows", ("total", "female"), rows, (None, None)))
    assert card.model.rowCount() == 2  # no 合计 row of dashes
    assert card.view.isVisible() and card.chart.isVisible()
    assert card.chart.data is not None and [b.text for b in card.chart.data.bars] == ["10", "4"]
    qtmodeltester.check(card.model)  # type: ignore[attr-defined]


def test_counted_grades_say_when_the_filters_change(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = open_page(qtbot, school.session, worker)
    grades = page.grades
    page.tabs.setCurrentWidget(grades)
    with qtbot.waitSignal(grades.loaded, timeout=20_000):
        grades.count_button.click()
    assert not grades.table_card.message.isVisible()
    bar = page.filter_bar
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.major_combo.setCurrentIndex(1)
    assert grades.table_card.message.text() == "筛选条件变了：请点“统计”重新统计成绩。"


def test_the_main_window_opens_the_page_by_its_id(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    from xueji_desktop.ui.main_window import MainWindow
    from xueji_desktop.ui.operations import LoggedIn

    window = MainWindow(LoggedIn(school.session, "示范学校"), worker, pages=(StatisticsPage,))
    qtbot.addWidget(window)
    window.show()
    window.navigate("statistics", {"today": TODAY})
    page = window.current_page()
    assert isinstance(page, StatisticsPage)
    qtbot.waitUntil(lambda: page.dashboard is not None, timeout=20_000)
    assert page.cards["by_status"].table() is not None
    assert page.help_text().startswith("<p>学校领导和教育局")


def test_counted_tabs_do_not_raise_the_window_minimum_height(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    """N9: a long class table or grade table scrolls inside its tab; the main window's minimum
    height (a 768-px laptop screen) stays what it was before counting."""
    from tests.records_fixtures import insert_student
    from xueji_desktop.ui.main_window import MainWindow
    from xueji_desktop.ui.operations import LoggedIn

    s = school.session
    with s.archive.db.atomic() as conn:  # a school's worth of classes: a long 按班级 table
        major = conn.execute("SELECT code FROM majors LIMIT 1").fetchone()[0]
        classes = [
            int(
                conn.execute(
                    "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
                    "graduation_year) VALUES (?, ?, 2025, ?, '', 2028)",
                    (f"extra-{n}", f"2025级加开{n}班", major),
                ).lastrowid
            )
            for n in range(40)
        ]
    for n, class_id in enumerate(classes):
        insert_student(s, class_id, name=f"学生{n}", student_no=f"20259999{n:04d}")
    window = MainWindow(LoggedIn(s, "示范学校"), worker, pages=(StatisticsPage,))
    qtbot.addWidget(window)
    window.resize(1280, 700)
    window.show()
    window.navigate("statistics", {"today": TODAY})
    page = window.current_page()
    assert isinstance(page, StatisticsPage)
    qtbot.waitUntil(lambda: page.dashboard is not None, timeout=20_000)
    before = window.minimumSizeHint().height()
    with qtbot.waitSignal(page.classes.loaded, timeout=20_000):
        page.tabs.setCurrentWidget(page.classes)
    grades = page.grades
    page.tabs.setCurrentWidget(grades)
    grades.term_combo.setCurrentIndex(0)
    with qtbot.waitSignal(grades.loaded, timeout=20_000):
        grades.count_button.click()
    assert grades.table_card.table() is not None
    for tab in (page.classes, grades):
        page.tabs.setCurrentWidget(tab)
        qtbot.wait(10)  # let the layouts settle
        assert window.minimumSizeHint().height() <= before, tab
    assert window.height() <= 700


def test_the_file_note_labels_the_filters_in_chinese_punctuation(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    """N3: 统计日期：2025年1月1日；专业：…；班级：…。 with each filter labelled."""
    page = open_page(qtbot, school.session, worker)
    bar = page.filter_bar
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.set_as_of(D(2025, 1, 1))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.major_combo.setCurrentIndex(1)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.class_combo.setCurrentIndex(1)
    major, klass = bar.major_combo.currentText(), bar.class_combo.currentText()
    assert page.note_text() == (
        f"统计日期：2025年1月1日；专业：{major}；班级：{klass}。按学生现在所在的班级和专业筛选。"
    )
    assert ";" not in page.note_text() and ". " not in page.note_text()


def test_a_class_that_did_not_exist_on_the_day_is_said(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    """N5: as of a day before a class's intake its zeros get a sentence, not silence."""
    page = open_page(qtbot, school.session, worker)
    bar = page.filter_bar
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.set_as_of(D(2025, 1, 1))
    assert "还没有学生" not in page.total_label.text()
    later = next(c for c in page.choices.classes if c.intake_year == 2026)  # type: ignore[union-attr]
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.class_combo.setCurrentIndex(bar.class_combo.findData(later.id))
    assert page.dashboard is not None and page.dashboard.student_total == 0
    assert f"{later.name} 在 2025-01-01 还没有学生" in page.total_label.text()
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        bar.set_as_of(None)  # today: the class is there, no such sentence
    assert "还没有学生" not in page.total_label.text()


def test_a_refused_work_query_gets_a_query_heading_and_clears_the_table(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    """N7: a reversed period is a query to correct, not a record left unsaved; the previous
    table goes."""
    page = open_page(qtbot, school.session, worker)
    stats = page.work_stats
    assert stats is not None
    page.tabs.setCurrentWidget(stats)
    with qtbot.waitSignal(stats.loaded, timeout=20_000):
        stats.count_button.click()
    assert stats.table_card.table() is not None
    stats.since_edit.setDate(QDate(2026, 12, 31))
    stats.until_edit.setDate(QDate(2026, 1, 1))
    stats.count_button.click()
    qtbot.waitUntil(lambda: not page.error_line.isHidden(), timeout=20_000)
    text = page.error_line.text()
    assert text.startswith("查询条件有 1 处需要修改：") and "没有保存" not in text, text
    assert stats.table_card.table() is None
    assert "请改正查询条件" in stats.table_card.message.text()
