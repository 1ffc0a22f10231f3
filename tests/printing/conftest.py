"""Small templates and documents for the print engine tests (real PDFs, parsed with pypdf)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.templates import Template, parse_template

SCHOOL = "测试市职业中专学校"
COURSE_COLUMNS = ("term", "course", "course_type", "credits", "score", "makeup", "retake", "result")

TRANSCRIPT_BLOCKS: list[dict[str, Any]] = [
    {"type": "letterhead"},
    {"type": "title", "text": "学生成绩单"},
    {"type": "serial_line"},
    {
        "type": "fields",
        "columns": 3,
        "photo": True,
        "items": [
            {"label": "姓名", "field": "name"},
            {"label": "性别", "field": "gender"},
            {"label": "出生日期", "field": "birth_date"},
            {"label": "学号", "field": "student_no"},
            {"label": "学籍号", "field": "registry_no", "span": 2},
        ],
    },
    {
        "type": "table",
        "source": "courses",
        "repeat_header": True,
        "group_headings": True,
        "empty_text": "（无成绩记录）",
        "columns": [
            {"label": "课程名称", "field": "course", "width": 4, "align": "left"},
            {"label": "学分", "field": "credits", "width": 1},
            {"label": "成绩", "field": "score", "width": 1},
            {"label": "补考", "field": "makeup", "width": 1},
        ],
    },
    {"type": "summary", "items": [{"label": "总学分", "field": "total_credits"}]},
    {"type": "seal", "text": "（学校盖章）", "date_field": "issue_date"},
]


def template_json(**override: Any) -> str:
    data: dict[str, Any] = {
        "schema": "xueji-template/1",
        "kind": "transcript",
        "name": "test",
        "label": "成绩单（测试）",
        "mode": "flow",
        "page": {"size": "A4", "orientation": "portrait", "margins_mm": [20, 20, 20, 28]},
        "font_size": 10.5,
        "blocks": TRANSCRIPT_BLOCKS,
        "footer": {"page_numbers": True, "qr": True, "fingerprint": True},
    }
    data.update(override)
    return json.dumps(data, ensure_ascii=False)


def make_template(**override: Any) -> Template:
    return parse_template(template_json(**override), "test")


def courses(n: int) -> Table:
    rows = []
    groups = []
    for i in range(n):
        if i % 20 == 0:
            groups.append((f"第{i // 20 + 1}学期", i))
        rows.append(("", f"课程{i:03d}", "必修", "2.0", str(60 + i % 40), "", "", "合格"))
    return Table(COURSE_COLUMNS, tuple(rows), tuple(groups))


def transcript(
    name: str = "王小明",
    rows: int = 8,
    *,
    serial: str = "CJ2026-000123",
    qr: bool = True,
    photo: bytes | None = None,
    **fields: str,
) -> Document:
    values = {
        "name": name,
        "gender": "男",
        "birth_date": "2008年3月5日",
        "student_no": "2023010101",
        "registry_no": "G110101200803051234",
        "total_credits": "120",
        "issue_date": "2026年11月26日",
        **fields,
    }
    return Document(
        kind="transcript",
        fields=values,
        tables={"courses": courses(rows)},
        photo=photo,
        serial=serial,
        qr_text=f"XJ1:{serial}:ABCDEFGH:" + "A" * 103 if qr else "",
        key_fingerprint="ABCD-EFGH-IJKL-MNOP" if qr else "",
        subject=f"2023010101 {name}",
    )


LETTERHEAD = Letterhead(SCHOOL, "1234567890")


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in read(pdf).pages]


@pytest.fixture
def jpeg() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (358, 441), (200, 210, 230))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def all_fonts(pdf: bytes) -> list[Any]:
    """Every font dictionary in the file (pages and forms alike)."""
    reader = read(pdf)
    found = []
    size = int(reader.trailer["/Size"])
    for num in range(1, size):
        obj = reader.get_object(num)
        if obj is not None and hasattr(obj, "get") and obj.get("/Type") == "/Font":
            found.append(obj)
    return found


Progress = Callable[[int, int], None]
