"""The 四性检测 report as a PDF (``print_four_properties``) and an Excel file
(``export_four_properties``).

The report names no student (counts, dates and shortened blob names only), so both are open to
whoever may run the check (CHECK_ARCHIVE) and audited as kind "other":
``integrity_report_printed`` / ``integrity_report_exported``. The file's place is checked before
anything is made; the bytes are written owner-only to a temporary file in the target folder and
renamed into place inside the audit's transaction (services/documents_files.Batch), so a file
that could not be written is not audited and a failed audit leaves no file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from xueji_desktop.core.errors import OutputFileError
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing.integrity_report import Line, Part, PrintedReport, integrity_report_pdf
from xueji_desktop.services import audit
from xueji_desktop.services import documents_files as files
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_settings import load_letterhead
from xueji_desktop.services.integrity_report import IntegrityReport, result_text
from xueji_desktop.services.xlsx_out import Column, SheetOut, workbook_bytes

ACTION_PRINTED = "integrity_report_printed"
ACTION_EXPORTED = "integrity_report_exported"
_NUMERALS = "一二三四"
_TITLE = ("电子档案四性检测报告", "Archive integrity report (four properties)")
_NOTE = (
    "说明：本报告由学籍档案系统按电子档案真实性、完整性、可用性、安全性（四性）检测的要求，对本档案库"
    "当时的状态逐项实际检测后生成；“检测情况”中的数字均为当次检测所得。“需注意”的项目不影响档案的"
    "真实完整，但应按说明处理；“不通过”的项目应立即按说明处理。病毒检测等本系统不做的项目标为“未检测”。",
    "Note: made by the archive program from checks run on the archive at the time shown, in the "
    "four properties of electronic archives (authenticity, integrity, usability, security); "
    "every figure under “Found” comes from that run. Items marked “Attention” do not make the "
    "archive untrustworthy but need the action described; “Failed” items need it at once. "
    "What this program does not check (viruses) is “Not checked”.",
)
_TALLY = (
    "通过 {pass} 项，需注意 {warn} 项，不通过 {fail} 项，未检测 {not_checked} 项",
    "{pass} passed, {warn} attention, {fail} failed, {not_checked} not checked",
)


def _lang(lang: str) -> int:
    return 1 if lang == "en" else 0


def local_time(stamp: str, lang: str) -> str:
    """The report's UTC time as the school's local time: "2026年11月26日 14:22"."""
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    if lang == "en":
        return moment.strftime("%Y-%m-%d %H:%M")
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def printed_report(report: IntegrityReport, lang: str) -> PrintedReport:
    """The report's texts in one language, for the PDF."""
    i = _lang(lang)
    parts = []
    for n, section in enumerate(report.sections):
        verdict = result_text(section.result, lang)
        if lang == "en":
            title = f"{n + 1}. {section.title(lang)} ({verdict})"
        else:
            title = f"{_NUMERALS[n]}、{section.title(lang)}（{verdict}）"
        lines = tuple(
            Line(it.label(lang), it.method(lang), it.detail(lang), result_text(it.result, lang))
            for it in section.items
        )
        parts.append(Part(title, lines))
    return PrintedReport(
        lang="en" if lang == "en" else "zh",
        title=_TITLE[i],
        made_at=local_time(report.made_at, lang),
        made_by=report.made_by,
        archive_id=report.archive_id,
        conclusion=report.conclusion(lang),
        tally=_TALLY[i].format(**report.counts()),
        parts=tuple(parts),
        note=_NOTE[i],
    )


def _check_out(out: object, overwrite: bool) -> Path:
    if not isinstance(out, Path):
        raise OutputFileError(path=str(out)[:80], reason="no_folder")
    files.check_destination(out.parent, [out.name], overwrite=overwrite)
    return out


def _save(session: Session, out: Path, data: bytes, action: str, report: IntegrityReport,
          overwrite: bool, lang: str) -> Path:  # fmt: skip
    h = session.archive
    with files.Batch(overwrite=overwrite) as batch:
        batch.add(out, data)
        with h.db.atomic():
            audit.record(
                h,
                session.username,
                action,
                target_type="archive",
                target_id=report.archive_id,
                details={"made_at": report.made_at, "result": report.result, "lang": lang},
            )
            batch.publish()
    return out


def print_four_properties(
    session: Session,
    report: IntegrityReport,
    out: Path,
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """The report as an A4 PDF at ``out``; audited ``integrity_report_printed``."""
    session.require(Permission.CHECK_ARCHIVE)
    target = _check_out(out, overwrite)
    letterhead = load_letterhead(session.archive.db.conn)
    pdf = integrity_report_pdf(printed_report(report, lang), letterhead)
    return _save(session, target, pdf, ACTION_PRINTED, report, overwrite, lang)


def workbook(report: IntegrityReport, lang: str) -> bytes:
    """One sheet: heading rows (school, time, conclusion), then a row per item with its
    property, item, method, finding, result and the evidence as JSON."""
    en = lang == "en"
    heads = (
        ("Property", "Item", "How it was checked", "Found", "Result", "Evidence")
        if en
        else ("检测类别", "检测项目", "检测方法", "检测情况", "结果", "检测依据（数据）")
    )
    widths = (12.0, 22.0, 50.0, 60.0, 10.0, 60.0)
    rows = [
        (s.title(lang), it.label(lang), it.method(lang), it.detail(lang),
         result_text(it.result, lang), it.evidence_text(lang))
        for s in report.sections
        for it in s.items
    ]  # fmt: skip
    printed = printed_report(report, lang)
    above = [
        (f"{report.school} {printed.title}".strip(),),
        (f"{'Checked at' if en else '检测时间'}：{printed.made_at}　"
         f"{'Checked by' if en else '检测人'}：{report.made_by}",),
        (("Conclusion: " if en else "检测结论：") + printed.conclusion
         + (f" ({printed.tally})" if en else f"（{printed.tally}）"),),
    ]  # fmt: skip
    sheet = SheetOut(
        title="Four properties" if en else "四性检测",
        columns=[Column(h, w) for h, w in zip(heads, widths, strict=True)],
        rows=rows,
        above=above,
        landscape=True,
    )
    return workbook_bytes([sheet])


def export_four_properties(
    session: Session,
    report: IntegrityReport,
    out: Path,
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """The report as an .xlsx at ``out``; audited ``integrity_report_exported``."""
    session.require(Permission.CHECK_ARCHIVE)
    target = _check_out(out, overwrite)
    return _save(session, target, workbook(report, lang), ACTION_EXPORTED, report, overwrite, lang)


__all__ = [
    "ACTION_EXPORTED",
    "ACTION_PRINTED",
    "export_four_properties",
    "print_four_properties",
    "printed_report",
    "workbook",
]
