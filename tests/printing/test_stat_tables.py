"""Statistics tables and the work log drawn from plain values (printing/stat_tables.py,
printing/work_log.py). Real PDFs parsed with pypdf: the Chinese words and the numbers are
there, wide tables turn landscape or split with the row labels repeated, long tables repeat
their header on every page, and garbage (no tables, empty tables, 10,000 rows, huge labels,
characters no font has) still gives a readable paper."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

import pytest

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.labels import KIND_LABELS
from xueji_desktop.printing import stat_tables as st
from xueji_desktop.printing.work_log import date_text, work_log_pdf
from xueji_desktop.services.statistics import COLUMN_LABELS, StatRow, StatTable, percent

from .conftest import SCHOOL, page_texts, read

DAY = datetime.date(2026, 11, 26)


def _table(
    title: str, columns: tuple[str, ...], n: int, label: str = "2025级计算机{i}班"
) -> StatTable:
    rows = tuple(
        StatRow(str(i), label.format(i=i), f"class {i}", tuple(i + k for k in range(len(columns))))
        for i in range(n)
    )
    totals = tuple(sum(r.values[k] for r in rows) for k in range(len(columns)))  # type: ignore[misc]
    return StatTable(title, columns, rows, totals)


def _pdf(*tables: StatTable, **kw: object) -> bytes:
    args: dict[str, object] = {
        "school": SCHOOL,
        "heading": "学生统计",
        "note": "统计截至2026年9月1日",
        "labels": COLUMN_LABELS,
        "printed_on": "2026年11月26日",
    }
    args.update(kw)
    return st.stat_tables_pdf(list(tables), **args)  # type: ignore[arg-type]


def _landscape(pdf: bytes) -> list[bool]:
    return [float(p.mediabox.width) > float(p.mediabox.height) for p in read(pdf).pages]


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [Fraction(1, 16), Fraction(2, 3), Fraction(1, 3), Fraction(1, 2000), Fraction(999, 1000),
     Fraction(1999, 2000), Fraction(0), Fraction(1), Fraction(5, 4), Fraction(1, 8)],
)  # fmt: skip
def test_rates_print_exactly_as_statistics_percent(value: Fraction) -> None:
    assert st.value_text("retention_rate", value) == percent(value)


def test_values_as_printed() -> None:
    assert st.value_text("count", 1234) == "1234"
    assert st.value_text("pass_rate", None) == "—"
    assert st.value_text("count", None) == "—"
    assert st.value_text("mean", Fraction(785, 10)) == "78.5"
    assert st.value_text("mean", Fraction(1569, 20)) == "78.5"  # 78.45 rounds half up
    assert st.value_text("mean", Fraction(-1, 3)) == "-0.3"
    assert st.is_rate("dropout_rate") and not st.is_rate("mean") and not st.is_rate("count")


def test_labels_caller_first_then_defaults_then_the_key() -> None:
    assert st.label_text(None, "students_by_status", "zh") == "学生人数（按学籍状态）"
    assert st.label_text({"students_by_status": ("甲", "A")}, "students_by_status", "en") == "A"
    assert st.label_text(None, "no_such_key", "zh") == "no_such_key"
    assert st.row_heading(None, "students_by_major", "zh") == "专业"
    assert st.row_heading(None, "anything", "zh") == "项目"
    assert st.row_heading({"anything.rows": ("课程", "course")}, "anything", "en") == "course"


# --- layout ------------------------------------------------------------------------------------


def test_narrow_table_portrait_with_words_numbers_totals_and_footer() -> None:
    rate = StatTable(
        "retention_per_intake",
        ("entered", "kept", "lost", "deceased", "retention_rate", "dropout_rate"),
        (StatRow("2023", "2023级", "2023", (300, 290, 9, 1, Fraction(29, 30), Fraction(3, 100))),
         StatRow("2024", "2024级", "2024", (0, 0, 0, 0, None, None))),
        (300, 290, 9, 1, Fraction(29, 30), Fraction(3, 100)),
    )  # fmt: skip
    pdf = _pdf(_table("students_by_status", ("count",), 3, "在籍{i}"), rate)
    assert _landscape(pdf) == [False]
    text = page_texts(pdf)[0]
    for expected in (SCHOOL, "学生统计", "统计截至2026年9月1日", "学生人数（按学籍状态）",
                     "学籍状态", "人数", "在籍2", "合计", "各年级巩固率", "巩固率", "96.7%",
                     "3.0%", "—", "打印日期", "2026年11月26日", "第 1 页 共 1 页"):  # fmt: skip
        assert expected in text, expected
    meta = read(pdf).metadata
    assert meta is not None and SCHOOL in str(meta.title)


def test_wide_table_goes_landscape_alone() -> None:
    wide = _table("status_changes_per_term", (*KIND_LABELS, "total"), 3, "2025—2026学年第{i}学期")
    pdf = _pdf(_table("students_by_status", ("count",), 3), wide, _table("x", ("count",), 2))
    assert _landscape(pdf) == [False, True, False]  # each table on the page it needs
    assert "各学期学籍异动" in page_texts(pdf)[1]


def test_too_wide_for_landscape_splits_columns_and_repeats_row_labels() -> None:
    columns = tuple(f"col{i:02d}" for i in range(70))
    pdf = _pdf(_table("wide", columns, 4, "甲班{i}"))
    texts = "\n".join(page_texts(pdf))
    assert all(_landscape(pdf))
    assert texts.count("（续）") >= 2
    assert texts.count("甲班3") >= 3  # the row labels again in every part
    for i in (0, 35, 69):
        assert f"col{i:02d}" in texts


def test_long_table_repeats_its_header_on_every_page() -> None:
    pdf = _pdf(_table("students_by_class_group", ("count",), 200))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for k, text in enumerate(texts, start=1):
        assert "班级" in text and "人数" in text, k  # the header row
        assert f"第 {k} 页 共 {len(texts)} 页" in text
    assert "学生人数（按班级）" in texts[0] and "学生人数（按班级）" not in texts[1]
    assert "2025级计算机199班" in texts[-1] and "合计" in texts[-1]


def test_english() -> None:
    pdf = _pdf(_table("students_by_status", ("count",), 2, "x{i}"), lang="en", heading="",
               note="")  # fmt: skip
    text = page_texts(pdf)[0]
    assert "Students by status" in text and "class 1" in text and "Total" in text
    assert "Page 1 of 1" in text and "Printed 2026年11月26日" in text


# --- garbage -------------------------------------------------------------------------------------


def test_no_tables_and_an_empty_table_still_print() -> None:
    pdf = _pdf()
    assert "（无数据）" in page_texts(pdf)[0]
    empty = StatTable("students_by_major", ("count",), (), (0,))
    text = page_texts(_pdf(empty, heading=""))[0]
    assert "学生人数（按专业）" in text and "（无数据）" in text and "合计" not in text


def test_ten_thousand_rows() -> None:
    seen: list[tuple[int, int]] = []
    pdf = _pdf(_table("students_by_class_group", ("count", "total"), 10_000),
               progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    texts = page_texts(pdf)
    assert len(texts) > 200
    assert "2025级计算机9999班" in texts[-1]
    assert seen[-1][0] == seen[-1][1]


def test_huge_labels_heading_and_note_are_cut_or_wrapped_never_lost_off_the_page() -> None:
    big = "很长的班级名称" * 3000
    rows = (StatRow("1", big, big, (5,)), StatRow("2", "短", "short", (6,)))
    table = StatTable("students_by_class_group", ("count",), rows, (11,))
    pdf = _pdf(table, heading="标题" * 100, note="说明" * 500)
    texts = page_texts(pdf)
    assert len(texts) < 10
    joined = "".join(texts)
    assert "…" in joined and "短" in joined and "11" in joined


def test_characters_no_font_has_print_as_boxes_and_controls_as_spaces() -> None:
    table = StatTable("students_by_class_group", ("count",),
                      (StatRow("1", "\U000f0000班\x07", "x", (5,)),), (5,))  # fmt: skip
    text = page_texts(_pdf(table))[0]
    assert "□班" in text


def test_cancel_stops_the_printing() -> None:
    with pytest.raises(OperationCancelled):
        _pdf(_table("x", ("count",), 10), cancelled=lambda: True)


# --- the work log -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    time: str
    action: str
    action_zh: str
    action_en: str
    subject_zh: str
    subject_en: str
    student_ids: tuple[int, ...]
    count: int


@dataclass(frozen=True)
class Log:
    user: str
    day: datetime.date
    school: str
    entries: tuple[Entry, ...]


def _entries(n: int) -> tuple[Entry, ...]:
    return tuple(
        Entry(f"{8 + i // 60:02d}:{i % 60:02d}", "student_added", "新增学生记录", "record added",
              f"张三{i}（2025710201{i:03d}）", f"张三{i} (2025710201{i:03d})", (i,), 1)
        for i in range(n)
    )  # fmt: skip


def test_work_log_of_today_with_lines_and_signatures() -> None:
    log = Log("clerk1", DAY, SCHOOL, _entries(3))
    pdf = work_log_pdf(log, user_label="李红（clerk1）", printed_on=DAY, student_count=3)
    text = page_texts(pdf)[0]
    for expected in (SCHOOL, "今日工作记录", "经办人", "李红（clerk1）", "2026年11月26日",
                     "3 条", "涉及学生", "3 名", "时间", "工作内容", "对象", "数量", "08:02",
                     "新增学生记录", "张三2（2025710201002）", "经办人签名", "档案室负责人签名",
                     "年", "月", "日", "第 1 页 共 1 页"):  # fmt: skip
        assert expected in text, expected


def test_work_log_printed_later_is_not_today_and_empty_says_so() -> None:
    log = Log("clerk1", DAY, SCHOOL, ())
    text = page_texts(work_log_pdf(log, printed_on=DAY + datetime.timedelta(days=3)))[0]
    assert "工作记录" in text and "今日工作记录" not in text
    assert "（当天没有工作记录）" in text and "2026年11月29日" in text


def test_long_work_log_flows_with_the_header_on_each_page() -> None:
    pdf = work_log_pdf(Log("clerk1", DAY, SCHOOL, _entries(400)), printed_on=DAY)
    texts = page_texts(pdf)
    assert len(texts) > 5
    assert all("工作内容" in t for t in texts)
    assert "张三399" in "".join(texts) and "经办人签名" in texts[-1]


def test_work_log_in_english_and_huge_subjects() -> None:
    e = Entry("09:30", "grades_set", "登记成绩", "grades entered", "甲" * 50_000, "A" * 50_000,
              (), 40)  # fmt: skip
    pdf = work_log_pdf(Log("clerk1", DAY, SCHOOL, (e,)), lang="en", printed_on=DAY)
    texts = page_texts(pdf)
    assert len(texts) == 1
    assert "Today's work log" in texts[0] and "grades entered" in texts[0] and "…" in texts[0]
    assert date_text(DAY, "en") == "2026-11-26"
