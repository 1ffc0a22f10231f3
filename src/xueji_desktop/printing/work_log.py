"""今日工作记录: one user's work of one day on A4, for the clerk to sign and file (issue 9 §1).

Pure drawing from plain values: a log shaped like ``services.work_stats.WorkLog`` (user, day,
school, entries with time, action words, subject words and a count), made from the audit
trail by the service. The paper: the letterhead, the title (今日工作记录 when printed on the
day itself, else 工作记录), who and which day, one line per entry (时间, 工作内容, 对象,
数量) flowing over as many pages as needed with the header repeated, a sentence saying where
the lines come from, and the signature lines (经办人, 日期). Subjects name students by name and
学号, never by ID number (the service words them). Characters no face can draw print as □:
the 学号 beside each name keeps the line unambiguous.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Protocol

from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts
from xueji_desktop.printing.flow import Flow, layout_blocks
from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.room_papers import new_canvas
from xueji_desktop.printing.stat_tables import PORTRAIT, draw_pages, frame_of
from xueji_desktop.printing.values import Values

__all__ = ["WorkLogEntryLike", "WorkLogLike", "date_text", "work_log_pdf"]

KIND = "work_log"
MAX_SUBJECT_CHARS = 200  # a line is never taller than a page


class WorkLogEntryLike(Protocol):
    @property
    def time(self) -> str: ...
    @property
    def action_zh(self) -> str: ...
    @property
    def action_en(self) -> str: ...
    @property
    def subject_zh(self) -> str: ...
    @property
    def subject_en(self) -> str: ...
    @property
    def count(self) -> int: ...


class WorkLogLike(Protocol):
    @property
    def user(self) -> str: ...
    @property
    def day(self) -> datetime.date: ...
    @property
    def school(self) -> str: ...
    @property
    def entries(self) -> Sequence[WorkLogEntryLike]: ...


_WORDS: dict[str, tuple[str, str]] = {
    "title_today": ("今日工作记录", "Today's work log"),
    "title": ("工作记录", "Work log"),
    "user": ("经办人", "Done by"),
    "day": ("日期", "Date"),
    "items": ("记录条数", "Entries"),
    "items_value": ("{n} 条", "{n}"),
    "students": ("涉及学生", "Students"),
    "students_value": ("{n} 名", "{n}"),
    "seq": ("序号", "No."),
    "time": ("时间", "Time"),
    "action": ("工作内容", "Work"),
    "subject": ("对象", "Subject"),
    "count": ("数量", "Count"),
    "empty": ("（当天没有工作记录）", "(no work recorded that day)"),
    "source": (
        "以上记录由系统根据档案库的操作记录自动生成，时间为本机时间。",
        "The lines above are taken from the archive's activity record; times are local.",
    ),
    "sign_user": ("经办人签名", "Signature"),
    "sign_check": ("档案室负责人签名", "Checked by"),
    "printed": ("打印日期：{date}", "Printed {date}"),
}


def _w(key: str, lang: str, **params: object) -> str:
    return _WORDS[key][1 if lang == "en" else 0].format(**params)


def date_text(day: datetime.date, lang: str = "zh") -> str:
    """2026年11月26日 (zh) or 2026-11-26 (en)."""
    return day.isoformat() if lang == "en" else f"{day.year}年{day.month}月{day.day}日"


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SUBJECT_CHARS else text[: MAX_SUBJECT_CHARS - 1] + "…"


def work_log_pdf(
    log: WorkLogLike,
    *,
    lang: str = "zh",
    user_label: str = "",
    printed_on: datetime.date | None = None,
    student_count: int | None = None,
) -> bytes:
    """The log as a PDF (module note). ``user_label``: the user as printed (display name and
    account; default the account name); ``printed_on``: the print date (None: not printed on
    the paper, and the title is 工作记录); ``student_count``: distinct students named (shown
    when given)."""
    fonts.ensure_registered()
    en = lang == "en"
    title = _w("title_today" if printed_on == log.day else "title", lang)
    rows = tuple(
        (
            str(i),
            e.time,
            _cut(e.action_en if en else e.action_zh),
            _cut(e.subject_en if en else e.subject_zh),
            str(e.count),
        )
        for i, e in enumerate(log.entries, start=1)
    )
    fields = {
        "title": title,
        "user": user_label or log.user,
        "day": date_text(log.day, lang),
        "items": _w("items_value", lang, n=len(rows)),
        "students": "" if student_count is None else _w("students_value", lang, n=student_count),
    }
    doc = Document(
        KIND,
        fields,
        {"lines": Table(("seq", "time", "action", "subject", "count"), rows)},
        subject=title,
    )
    letterhead = Letterhead(school_name=log.school)
    items = [B.Item(_w("user", lang), "user"), B.Item(_w("day", lang), "day"),
             B.Item(_w("items", lang), "items")]  # fmt: skip
    if student_count is not None:
        items.append(B.Item(_w("students", lang), "students"))
    blocks: tuple[B.Block, ...] = (
        B.LetterheadBlock(),
        B.Title("{title}", 18),
        B.Fields(columns=2, photo=False, items=tuple(items), size=10),
        B.Spacer(1),
        B.TableBlock(
            "lines",
            (
                B.Column(_w("seq", lang), "seq", 0.8, "center"),
                B.Column(_w("time", lang), "time", 1.1, "center"),
                B.Column(_w("action", lang), "action", 3.2, "left"),
                B.Column(_w("subject", lang), "subject", 5.0, "left"),
                B.Column(_w("count", lang), "count", 1.0, "right"),
            ),
            group_headings=False,
            empty_text=_w("empty", lang),
            size=9.5,
        ),
        B.Paragraph(_w("source", lang), size=9, indent=0, align="left", line_spacing=1.5),
        B.Spacer(4),
        B.Signatures((_w("sign_user", lang), _w("sign_check", lang)), date_line=True),
    )
    values = Values(doc, letterhead, True)
    flow = Flow(frame_of(PORTRAIT), values, 10.5)
    layout_blocks(flow, blocks)
    pages = flow.pages[:-1] if len(flow.pages) > 1 and not flow.pages[-1] else flow.pages
    buf = io.BytesIO()
    clean = values.clean
    c = new_canvas(buf, clean(f"{log.school} {title}".strip()), title, clean(log.school))
    printed = _w("printed", lang, date=date_text(printed_on, lang)) if printed_on else ""
    footer = "\u3000".join(p for p in (title, fields["user"], fields["day"], printed) if p)
    draw_pages(c, [(PORTRAIT, p) for p in pages], clean(footer), lang, lambda k, n: None, None)
    c.save()
    return buf.getvalue()
