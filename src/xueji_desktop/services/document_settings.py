"""Print settings of the school: letterhead logo, template per kind, imported templates, printer
offsets for pre-printed forms (套打), and which totals a transcript shows.

Settings live in table ``settings`` (keys ``documents.*``), imported templates in
``document_templates`` (schema 4); every change is audited in its transaction.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xueji_desktop.core.errors import NotFound, TemplateInvalid, ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing.model import Letterhead
from xueji_desktop.services import audit
from xueji_desktop.services.context import ArchiveHandle, Session

# The transcript builder reads the same setting: one list of totals, one default, one key.
from xueji_desktop.services.document_tables import (
    SUMMARY_ITEMS,
    TRANSCRIPT_SUMMARY_KEY,
    summary_items,
)
from xueji_desktop.services.documents_kinds import ISSUED_KINDS
from xueji_desktop.services.settings_store import read_setting
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

if TYPE_CHECKING:
    from xueji_desktop.printing.templates import Template

LOGO_KEY = "documents.logo"
OFFSETS_KEY = "documents.print_offsets"
SUMMARY_KEY = TRANSCRIPT_SUMMARY_KEY
TEMPLATE_KEY = "documents.template."  # + kind
MAX_LOGO_BYTES = 512 * 1024  # a letterhead logo is a few kB; a photo of a page is not a logo
MAX_TEMPLATE_BYTES = 64 * 1024  # the largest built-in template is ~5 kB
MAX_IMPORTED = 200
MAX_OFFSET_MM = 30.0
MAX_PRINTERS = 100


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    label: str
    mode: str  # "flow" | "overlay"
    chosen: bool
    builtin: bool


def _write(
    handle: ArchiveHandle, actor: str, key: str, value: str | None, details: dict[str, object]
) -> None:
    with handle.db.atomic() as conn:
        if value is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        audit.record(handle, actor, "setting_changed", target_type="settings", target_id=key,
                     details=details)  # fmt: skip


# -- letterhead ----------------------------------------------------------------------------------


def letterhead(session: Session) -> Letterhead:
    session.require(Permission.READ_RECORDS)
    return load_letterhead(session.archive.db.conn)


def load_letterhead(conn: Connection) -> Letterhead:
    row = conn.execute("SELECT name, code FROM school WHERE id = 1").fetchone()
    name, code = (str(row[0]), str(row[1])) if row else ("", "")
    text = read_setting(conn, LOGO_KEY, "")
    logo = base64.b64decode(text) if text else None
    return Letterhead(school_name=name, school_code=code, logo=logo)


def _check_image(image: bytes) -> None:
    if len(image) > MAX_LOGO_BYTES:
        raise ValidationError(
            field="logo", reason="file_too_large", limit_kb=MAX_LOGO_BYTES // 1024
        )
    if not (image.startswith(b"\x89PNG\r\n\x1a\n") or image.startswith(b"\xff\xd8\xff")):
        raise ValidationError(field="logo", reason="format")
    # ReportLab must be able to draw it: a truncated file would only fail on paper.
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(io.BytesIO(image)).getSize()
    except Exception:  # PIL/ReportLab raise many kinds on a damaged image
        raise ValidationError(field="logo", reason="format") from None
    if not (0 < width <= 4000 and 0 < height <= 4000):
        raise ValidationError(field="logo", reason="format")


def set_logo(session: Session, image: bytes | None) -> None:
    """A PNG or JPEG logo for the letterhead, or None to remove it."""
    session.require(Permission.MANAGE_SETTINGS)
    if image is not None and not isinstance(image, bytes):
        raise ValidationError(field="logo", reason="type")
    if image is not None:  # empty bytes are a broken file, not "remove the logo"
        _check_image(image)
        value: str | None = base64.b64encode(image).decode("ascii")
        details: dict[str, object] = {
            "logo": {"bytes": len(image), "sha256": hashlib.sha256(image).hexdigest()}
        }
    else:
        value, details = None, {"logo": None}
    _write(session.archive, session.username, LOGO_KEY, value, details)


# -- templates -----------------------------------------------------------------------------------


def _check_kind(kind: object) -> str:
    if not isinstance(kind, str) or kind not in ISSUED_KINDS:
        raise ValidationError(field="document_kind", reason="unknown")
    return kind


def chosen_template(conn: Connection, kind: str) -> str:
    return read_setting(conn, TEMPLATE_KEY + kind, "standard")


def resolve_template(conn: Connection, kind: str, name: str = "") -> Template:
    """The Template to print ``kind`` with: ``name``, else the school's choice, else "standard".
    Raises NotFound(kind="template") or TemplateInvalid (an imported one that no longer parses)."""
    from xueji_desktop.printing import templates as tpl

    name = name or chosen_template(conn, kind)
    row = conn.execute(
        "SELECT body FROM document_templates WHERE kind = ? AND name = ?", (kind, name)
    ).fetchone()
    if row is not None:
        template = tpl.parse_template(str(row[0]), name)
        if template.kind != kind:
            raise TemplateInvalid(name=name, detail="kind changed")
        return template
    try:
        return tpl.builtin_template(kind, name)
    except NotFound:
        if name == chosen_template(conn, kind) and name != "standard":
            return tpl.builtin_template(kind, "standard")  # the chosen one was removed
        raise


def templates(session: Session, kind: str) -> list[TemplateInfo]:
    """Built-in and imported templates of ``kind``; ``chosen`` marks the school's choice."""
    session.require(Permission.READ_RECORDS)
    from xueji_desktop.printing import templates as tpl

    kind = _check_kind(kind)
    conn = session.archive.db.conn
    chosen = chosen_template(conn, kind)
    found = [TemplateInfo(t.name, t.label, t.mode, t.name == chosen, True)
             for t in tpl.builtin_templates(kind)]  # fmt: skip
    names = {t.name for t in found}
    for name, label, body in conn.execute(
        "SELECT name, label, body FROM document_templates WHERE kind = ? ORDER BY name", (kind,)
    ):
        mode = "overlay" if '"overlay"' in str(body) else "flow"
        if name not in names:
            found.append(TemplateInfo(str(name), str(label), mode, name == chosen, False))
    return found


def choose_template(session: Session, kind: str, name: str) -> None:
    session.require(Permission.MANAGE_SETTINGS)
    kind = _check_kind(kind)
    if not isinstance(name, str) or not name:
        raise ValidationError(field="template", reason="required")
    resolve_template(session.archive.db.conn, kind, name)  # exists and parses
    _write(session.archive, session.username, TEMPLATE_KEY + kind, name,
           {"kind": kind, "template": name})  # fmt: skip


def import_template(session: Session, text: str) -> TemplateInfo:
    """Store a template (``xueji-template/1`` JSON) the school made; checked before it is kept.
    A built-in name cannot be taken; importing the same name again replaces the import."""
    session.require(Permission.MANAGE_SETTINGS)
    from xueji_desktop.printing import templates as tpl

    if not isinstance(text, str):
        raise ValidationError(field="template", reason="type")
    if len(text.encode("utf-8", "replace")) > MAX_TEMPLATE_BYTES:
        raise TemplateInvalid(name="imported", detail="too large")
    template = tpl.parse_template(text, "imported")
    kind = _check_kind(template.kind)
    if any(t.name == template.name for t in tpl.builtin_templates(kind)):
        raise ValidationError(field="template", reason="duplicate")
    handle = session.archive
    with handle.db.atomic() as conn:
        count = conn.execute("SELECT count(*) FROM document_templates").fetchone()[0]
        if int(count) >= MAX_IMPORTED:
            raise ValidationError(field="template", reason="too_long")
        conn.execute(
            "INSERT INTO document_templates (kind, name, label, body, imported_by, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, name) DO UPDATE SET "
            "label = excluded.label, body = excluded.body, imported_by = excluded.imported_by, "
            "imported_at = excluded.imported_at",
            (kind, template.name, template.label, text, session.username, now_utc()),
        )
        audit.record(handle, session.username, "template_imported", target_type="template",
                     target_id=f"{kind}/{template.name}",
                     details={"sha256": hashlib.sha256(text.encode()).hexdigest()})  # fmt: skip
    chosen = chosen_template(handle.db.conn, kind) == template.name
    return TemplateInfo(template.name, template.label, template.mode, chosen, False)


# -- printer offsets (套打) ------------------------------------------------------------------------


def _offsets(conn: Connection) -> dict[str, list[float]]:
    try:
        data = json.loads(read_setting(conn, OFFSETS_KEY, "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def saved_offset(conn: Connection, printer: str) -> tuple[float, float]:
    value = _offsets(conn).get(printer)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
    ):
        return float(value[0]), float(value[1])
    return (0.0, 0.0)


def check_offset(dx_mm: object, dy_mm: object) -> tuple[float, float]:
    out = []
    for v in (dx_mm, dy_mm):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ValidationError(field="print_offset", reason="type")
        if abs(v) > MAX_OFFSET_MM:
            raise ValidationError(field="print_offset", reason="invalid")
        out.append(round(float(v), 1))
    return out[0], out[1]


def print_offset(session: Session, printer: str) -> tuple[float, float]:
    """The saved X/Y shift (mm) for pre-printed forms on ``printer``; (0, 0) when none."""
    session.require(Permission.PRINT)
    return saved_offset(session.archive.db.conn, str(printer))


def set_print_offset(session: Session, printer: str, dx_mm: float, dy_mm: float) -> None:
    session.require(Permission.PRINT)
    if not isinstance(printer, str) or not printer.strip() or len(printer) > 200:
        raise ValidationError(field="printer", reason="required")
    dx, dy = check_offset(dx_mm, dy_mm)
    handle = session.archive
    data = _offsets(handle.db.conn)
    if printer not in data and len(data) >= MAX_PRINTERS:
        raise ValidationError(field="printer", reason="too_long")
    data[printer] = [dx, dy]
    _write(handle, session.username, OFFSETS_KEY, json.dumps(data, ensure_ascii=False,
           sort_keys=True), {"printer": printer, "offset_mm": [dx, dy]})  # fmt: skip


# -- transcript totals ---------------------------------------------------------------------------


def transcript_summary(session: Session) -> tuple[str, ...]:
    """Which totals and averages transcripts show (of SUMMARY_ITEMS, in print order)."""
    session.require(Permission.READ_RECORDS)
    return summary_items(session.archive.db.conn)


def set_transcript_summary(session: Session, items: Sequence[str]) -> None:
    session.require(Permission.MANAGE_SETTINGS)
    if isinstance(items, str) or not all(isinstance(i, str) for i in items):
        raise ValidationError(field="transcript_summary", reason="type")
    if any(i not in SUMMARY_ITEMS for i in items):
        raise ValidationError(field="transcript_summary", reason="unknown_code")
    chosen = [i for i in SUMMARY_ITEMS if i in items]
    _write(session.archive, session.username, SUMMARY_KEY, ",".join(chosen), {"items": chosen})
