"""The destruction register (销毁清册) on paper: A4 landscape, one line per destroyed scan.

Pure drawing from plain texts (services/retention_register.py reads the register). It names what
was destroyed — the student by name and 学号, the document type, title, media type and size, the
SHA-256 of the content — the rule and due day, who approved it and when, and the backups that
still held the content with their expected expiry. Never the content itself. Laid out by the print
engine's flow blocks (letterhead, title, flowing table with the header on every page, a closing
statement and signature lines), with "第 k 页 共 n 页" and the register's name in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.flow import Flow, Frame, layout_blocks
from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.room_papers import check_texts, new_canvas
from xueji_desktop.printing.values import Values

KIND = "destruction_register"
MARGINS_MM = (12.0, 12.0, 12.0, 15.0)  # top, right, bottom, left
FOOTER_SIZE = 8.0


@dataclass(frozen=True, slots=True)
class RegisterLine:
    serial: str
    student: str  # 张三（学号）
    doc_type: str
    title: str
    media: str  # "PDF 12.1 KB"
    sha256: str
    rule: str  # "离校后 5 年"
    due_on: str
    decided: str  # "2026-11-26 admin"
    backups: str  # one line per backup: "U盘A 2026-11-20 → 2026-12-01"
    reason: str = ""  # the proposal's reason
    remark: str = ""  # the approver's remark (监销人 …)
    outcome: str = ""  # "文件已删除", or why the file stayed (its bytes still in use)


_TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "学籍档案附件销毁清册",
        "year": "{year}年度",
        "all": "全部年度",
        "count": "共{n}件",
        "statement": "以上材料保管期限已满，经审批后销毁，在档案系统中不能再打开。“执行情况”为"
        "“文件已删除”的，文件已从档案系统中删除；注明“未删除”的，其内容与仍在使用的其他材料相同，"
        "文件随那份材料保留。清册只记录材料的名称、类型、大小和校验值，不含材料内容。所列备份仍存有"
        "该材料，将按备份保留规则在所示日期后自动删除；“长期保留”的备份需另行处理。",
        "sign": "经办人|审批人|监销人",
        "added": "添加后 {y} 年",
        "left": "离校后 {y} 年",
        "added_1": "添加后 1 年",
        "left_1": "离校后 1 年",
        "deleted": "文件已删除",
        "none": "无",
        "kept": "长期保留",
        "history": "（据备份记录）",
        "leftover": "恢复前留存",
        "footer": "销毁清册　打印于 {day}",
    },
    "en": {
        "title": "Register of destroyed student record scans",
        "year": "Year {year}",
        "all": "All years",
        "count": "{n} items",
        "statement": "The retention period of the items above had ended; after approval they "
        "were destroyed and no longer open in the archive. Where the outcome says “file "
        "deleted” the file was removed from the archive; where it says “not deleted” the same "
        "content is still used by another document and the file stays with it. The register "
        "records only their names, types, sizes and checksums, never their content. The "
        "backups listed still hold an item and are expected to be deleted by the backup "
        "retention rules on the day shown; those marked “kept” need "
        "separate handling.",
        "sign": "Handled by|Approved by|Witnessed by",
        "added": "{y} years after adding",
        "left": "{y} years after leaving",
        "added_1": "1 year after adding",
        "left_1": "1 year after leaving",
        "deleted": "file deleted",
        "none": "none",
        "kept": "kept",
        "history": " (from the backup history)",
        "leftover": "left by a restore",
        "footer": "Destruction register, printed {day}",
    },
}
_HEADERS = {
    "zh": ("清册编号", "学生", "材料类型", "标题", "文件", "SHA-256 校验值", "保管期限",
           "到期日", "提出理由", "批准（意见）", "执行情况", "仍存有该材料的备份（预计删除日）"),
    "en": ("Serial", "Student", "Type", "Title", "File", "SHA-256", "Retention", "Due on",
           "Reason", "Approved (remark)", "Outcome",
           "Backups still holding it (expected deletion)"),
}  # fmt: skip
_FIELDS = ("serial", "student", "doc_type", "title", "media", "sha256", "rule", "due_on",
           "reason", "approval", "outcome", "backups")  # fmt: skip
_WIDTHS = (2.0, 2.8, 1.6, 2.3, 1.2, 3.0, 1.4, 1.5, 2.2, 2.3, 2.4, 3.6)
_MEDIA = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/tiff": "TIFF"}


def media_text(media_type: str, size: int) -> str:
    """ "PDF 1.2 MB": the kind of file and its size, as a reader of the register needs them."""
    kind = _MEDIA.get(media_type, media_type)
    if size < 1024:
        return f"{kind} {size} B"
    if size < 1024 * 1024:
        return f"{kind} {size / 1024:.1f} KB"
    return f"{kind} {size / (1024 * 1024):.1f} MB"


def rule_text(years: int, counted_from: str, lang: str = "zh") -> str:
    t = _TEXTS[lang]
    key = "added" if counted_from == "added" else "left"
    return t[f"{key}_1"] if years == 1 else t[key].format(y=years)


def outcome_deleted(lang: str = "zh") -> str:
    """The outcome of a destroyed scan whose file was removed."""
    return _TEXTS[lang]["deleted"]


def _cell(line: RegisterLine, field: str) -> str:
    if field == "approval":  # who and when, the remark under it
        return "\n".join(p for p in (line.decided, line.remark) if p)
    return str(getattr(line, field))


def backups_text(backups: Sequence[object], lang: str = "zh") -> str:
    """One line per backup: where, which, and when it is expected to go."""
    t = _TEXTS[lang]
    if not backups:
        return t["none"]
    lines = []
    for b in backups:
        where = str(getattr(b, "where", ""))
        if where == "pre_restore":  # the folder's name is long and says only its time
            lines.append(f"{t['leftover']} {str(getattr(b, 'taken', ''))[:10]}".strip())
            continue
        label = str(getattr(b, "drive_label", "") or getattr(b, "drive_id", ""))[:24]
        taken = str(getattr(b, "taken", ""))[:10]
        exp = getattr(b, "expires_on", None)
        end = exp if exp else t["kept"]
        extra = t["history"] if where == "history" else ""
        lines.append(f"{label} {taken} → {end}{extra}")
    return "\n".join(lines)


def register_pdf(
    lines: Sequence[RegisterLine],
    letterhead: Letterhead,
    *,
    year: int | None,
    printed_on: str,
    lang: str = "zh",
) -> bytes:
    """The register as PDF bytes."""
    fonts.ensure_registered()
    t = _TEXTS[lang]
    check_texts(
        (ln.serial, f"{ln.student}{ln.doc_type}{ln.title}{ln.backups}{ln.reason}{ln.remark}")
        for ln in lines
    )
    check_texts(("销毁清册", s) for s in (letterhead.school_name,))
    columns = tuple(
        B.Column(h, f, w, "left") for h, f, w in zip(_HEADERS[lang], _FIELDS, _WIDTHS, strict=True)
    )
    blocks: tuple[B.Block, ...] = (
        B.LetterheadBlock(),
        B.Title("{title}", 16),
        B.Paragraph("{scope}　{count}", size=10, indent=0, align="center"),
        B.Spacer(1),
        B.TableBlock("lines", columns, group_headings=False, size=7.5),
        B.Spacer(2),
        B.Paragraph(t["statement"], size=9, indent=0, align="left", line_spacing=1.5),
        B.Spacer(2),
        B.Signatures(tuple(t["sign"].split("|")), date_line=True),
    )
    rows = tuple(tuple(_cell(ln, f) for f in _FIELDS) for ln in lines)
    doc = Document(
        kind=KIND,
        fields={
            "title": t["title"],
            "scope": t["year"].format(year=year) if year else t["all"],
            "count": t["count"].format(n=len(rows)),
        },
        tables={"lines": Table(_FIELDS, rows)},
        subject=t["title"],
    )
    width, height = landscape(A4)
    top, right, bottom, left = (m * mm for m in MARGINS_MM)
    frame = Frame(left, width - right, height - top, bottom + 9 * mm)
    flow = Flow(frame, Values(doc, letterhead, False), 10.0)
    layout_blocks(flow, blocks)
    pages = flow.pages[:-1] if len(flow.pages) > 1 and not flow.pages[-1] else flow.pages
    buf = io.BytesIO()
    c = new_canvas(buf, f"{letterhead.school_name} {t['title']}".strip(), t["title"],
                   letterhead.school_name)  # fmt: skip
    c.setPageSize((width, height))
    footer = flow.values.clean(t["footer"].format(day=printed_on))
    n = len(pages)
    y = bottom + 1.5 * mm
    for k, ops in enumerate(pages):
        for op in ops:
            op(c)
        page = f"第 {k + 1} 页 共 {n} 页" if lang == "zh" else f"Page {k + 1} of {n}"
        textfit.draw_aligned(c, frame.left, y, frame.width, page, FOOTER_SIZE + 1, "right")
        textfit.draw(c, frame.left, y, footer, FOOTER_SIZE)
        c.showPage()
    c.save()
    return buf.getvalue()


__all__ = [
    "RegisterLine",
    "backups_text",
    "media_text",
    "outcome_deleted",
    "register_pdf",
    "rule_text",
]
