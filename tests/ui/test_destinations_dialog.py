"""毕业去向 of a class (ui/destinations_dialog): one row per leaver, saved at once through the
worker; a refused row shows its problem in its own row and nothing is saved."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import structure
from xueji_desktop.services.archive import Created
from xueji_desktop.services.destinations import get_destination, set_destination
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.ui.destinations_dialog import DestinationsDialog
from xueji_desktop.ui.destinations_table import (
    DATE_COL,
    EMPLOYER_COL,
    KIND_COL,
    MATCHES_COL,
    PROBLEM_COL,
)
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

TODAY = datetime.datetime(2026, 7, 5, 12)


@pytest.fixture
def env(make_archive: Callable[..., Created], worker: SessionWorker) -> tuple[PageContext, dict]:  # type: ignore[type-arg]
    created = make_archive()
    s = created.session
    s.archive.clock = lambda: TODAY.timestamp()
    ids = setup_structure(s)
    for n, (name, status) in enumerate(
        (("王一", "graduated"), ("李二", "graduated"), ("赵三", "withdrawn"), ("钱四", "enrolled"))
    ):
        ids[name] = insert_student(
            s, ids["c1"], name=name, status=status, student_no=f"2025710201{n:04d}"
        )
    set_destination(s, ids["李二"], kind="military", recorded_on="2026-07-01")
    return PageContext(s, worker), ids


def _dialog(qtbot: QtBot, ctx: PageContext, class_id: int) -> DestinationsDialog:
    group = next(g for g in structure.list_class_groups(ctx.session) if g.id == class_id)
    dialog = DestinationsDialog(ctx, group)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    return dialog


def test_lists_leavers_and_saves_all_at_once(env, qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = env
    dialog = _dialog(qtbot, ctx, ids["c1"])
    model = dialog.model
    assert [e.leaver.name for e in model.entries] == ["王一", "李二", "赵三"]  # not 钱四
    assert "3" in dialog.summary.text() and "2" in dialog.summary.text()
    assert model.index(1, KIND_COL).data() == "参军"
    qtmodeltester.check(model)
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    assert model.setData(model.index(0, KIND_COL), "employment")
    assert model.index(0, DATE_COL).data() == "2026-07-05"  # dated today by default
    model.setData(model.index(0, EMPLOYER_COL), "长沙某科技公司")
    model.setData(
        model.index(0, MATCHES_COL), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    model.setData(model.index(2, KIND_COL), "further_study")
    model.setData(model.index(2, EMPLOYER_COL), "湖南某职业技术学院")
    assert not model.setData(model.index(2, KIND_COL), "abroad")  # not a kind
    qtmodeltester.check(model)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save_button.click()
    assert saved.args == [2]
    d = get_destination(ctx.session, ids["王一"])
    assert d is not None and (d.kind, d.employer, d.matches_major, d.recorded_on) == (
        "employment", "长沙某科技公司", True, "2026-07-05",
    )  # fmt: skip
    qtbot.waitUntil(lambda: not dialog.working, timeout=10_000)
    assert not dialog.save_button.isEnabled()  # reloaded: nothing left to save


def test_a_wrong_row_shows_its_problem_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    env, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, ids = env
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = _dialog(qtbot, ctx, ids["c1"])
    model = dialog.model
    before = content_hash(ctx.session.archive.db.conn)
    model.setData(model.index(0, KIND_COL), "employment")  # no employer: required
    model.setData(model.index(1, EMPLOYER_COL), "某部队")  # a fine change
    model.setData(model.index(2, KIND_COL), "other")
    model.setData(model.index(2, DATE_COL), "2099-01-01")  # in the future
    dialog.save()
    qtbot.waitUntil(lambda: bool(model.entries[0].problems), timeout=10_000)
    expected = problem_text(Problem("destination_employer", "required"), "zh")
    assert model.index(0, PROBLEM_COL).data() == expected
    assert "不能" in model.index(2, PROBLEM_COL).data()
    assert model.entries[1].problems == []
    assert "没有保存" in dialog.error_line.text() or "未保存" in dialog.error_line.text()
    assert content_hash(ctx.session.archive.db.conn) == before
    assert get_destination(ctx.session, ids["王一"]) is None
    dialog.close_button.click()  # unsaved changes: the clerk is asked, "No" keeps it open
    assert len(asked) == 1 and dialog.isVisible()
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_exports_the_class_sheet(env, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from xueji_desktop.services.sheets import read_sheet

    ctx, ids = env
    dialog = _dialog(qtbot, ctx, ids["c1"])
    target = tmp_path / "去向"
    dialog.export_template(target)
    qtbot.waitUntil(
        lambda: (tmp_path / "去向.xlsx").exists() and not dialog.working, timeout=10_000
    )
    rows = read_sheet(tmp_path / "去向.xlsx").rows
    assert [r[1] for r in rows[3:]] == ["王一", "李二", "赵三"]
    assert rows[4][2] == "参军"


def test_import_wizard_takes_a_destinations_sheet(  # type: ignore[no-untyped-def]
    env, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.sheet_files import write_xlsx
    from xueji_desktop.ui import import_wizard as iw
    from xueji_desktop.ui.import_wizard import ImportWizard

    ctx, ids = env
    asked: list[str] = []

    def question(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    path = write_xlsx(
        tmp_path / "去向.xlsx",
        [
            ["学号", "姓名", "毕业去向", "单位或学校", "是否对口", "登记日期", "备注"],
            ["20257102010000", "王一", "就业", "某公司", "是", None, None],  # dated today
            ["20257102010003", "钱四", "参军", None, None, "2026-07-01", None],  # in school
        ],
        text_columns=(0,),
    )
    wizard = ImportWizard(ctx, mode="destinations")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.open_file(path)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.step == iw.PREVIEW, wizard.error_line.text()  # no column step
    assert wizard.plan is not None and wizard.plan.counts()["error"] == 1
    assert wizard.preview_page.valid_only()  # rows with errors: only the valid ones by default
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step == iw.DONE, timeout=10_000)
    assert asked[-1].startswith("将新登记 1 名学生的毕业去向")
    assert wizard.done_page.summary.text().startswith("导入完成：新登记毕业去向 1 条")
    d = get_destination(ctx.session, ids["王一"])
    assert d is not None and (d.kind, d.recorded_on) == ("employment", "2026-07-05")
