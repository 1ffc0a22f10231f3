"""Print settings (issue 5 §2): logo, template per kind, imported templates, printer offsets,
transcript totals — checked, stored in the archive, audited."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pypdf
import pytest

from tests.services.test_documents import School, _school
from xueji_desktop.core.errors import NotFound, TemplateInvalid, ValidationError
from xueji_desktop.messages import message_for
from xueji_desktop.printing.templates import builtin_template
from xueji_desktop.resources import resources_root
from xueji_desktop.services import audit, documents
from xueji_desktop.services import document_settings as ds
from xueji_desktop.services.archive import Created
from xueji_desktop.services.documents import PrintRequest


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> School:
    return _school(make_archive())


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 60), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_logo_checked_and_in_letterhead(school: School) -> None:
    s = school.session
    assert ds.letterhead(s).logo is None and ds.letterhead(s).school_name
    for junk in (b"", b"GIF89a....", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, b"x" * 600_000):
        if junk:
            with pytest.raises(ValidationError):
                ds.set_logo(s, junk)
    png = _png()
    ds.set_logo(s, png)
    assert ds.letterhead(s).logo == png
    # An empty file is a broken image, not "remove the logo"; a big one says how big it may be.
    with pytest.raises(ValidationError) as empty:
        ds.set_logo(s, b"")
    assert empty.value.fields["reason"] == "format" and ds.letterhead(s).logo == png
    with pytest.raises(ValidationError) as big:
        ds.set_logo(s, b"\x89PNG\r\n\x1a\n" + b"\x00" * 600_000)
    assert "512 KB" in message_for(big.value, "zh") and ds.letterhead(s).logo == png
    last = list(audit.iter_entries(s.archive.db.conn))[-1]
    assert last.action == "setting_changed" and "sha256" in last.details
    assert len(last.details) < 300  # the image itself is not in the audit log
    ds.set_logo(s, None)
    assert ds.letterhead(s).logo is None


def _overlay_text(name: str = "mine") -> str:
    path = resources_root() / "templates" / "graduation_attestation" / "overlay.json"
    data = json.loads(path.read_text("utf-8"))
    data["name"] = name
    data["label"] = "本校毕业证明书（套打）"
    return json.dumps(data, ensure_ascii=False)


def test_templates_import_choose_and_print(school: School) -> None:
    s = school.session
    names = [t.name for t in ds.templates(s, "transcript")]
    assert names[0] == "standard" and ds.templates(s, "transcript")[0].chosen
    info = ds.import_template(s, _overlay_text())
    assert (info.name, info.mode, info.builtin) == ("mine", "overlay", False)
    assert "mine" in [t.name for t in ds.templates(s, "graduation_attestation")]
    ds.choose_template(s, "graduation_attestation", "mine")
    assert [t.name for t in ds.templates(s, "graduation_attestation") if t.chosen] == ["mine"]
    for junk in ("", "{", "[]", json.dumps({"schema": "x"}), "x" * 70_000):
        with pytest.raises((TemplateInvalid, ValidationError)):
            ds.import_template(s, junk)
    standard = builtin_template("transcript").source
    assert standard
    with pytest.raises(ValidationError):  # a built-in name cannot be taken
        ds.import_template(s, _overlay_text("standard"))
    with pytest.raises(NotFound):
        ds.choose_template(s, "transcript", "nope")
    with pytest.raises(ValidationError):
        ds.choose_template(s, "recovery_sheet", "standard")


def test_printer_offsets(school: School) -> None:
    s = school.session
    assert ds.print_offset(s, "HP") == (0.0, 0.0)
    ds.set_print_offset(s, "HP", 1.5, -2)
    ds.set_print_offset(s, "Epson LQ-630K", 0, 3)
    assert ds.print_offset(s, "HP") == (1.5, -2.0)
    assert ds.print_offset(s, "Epson LQ-630K") == (0.0, 3.0)
    for bad in ((31, 0), (0, float("nan")), ("1", 0), (True, 0)):
        with pytest.raises(ValidationError):
            ds.set_print_offset(s, "HP", *bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        ds.set_print_offset(s, "", 0, 0)


def test_transcript_summary_blanks_the_others(school: School) -> None:
    s = school.session
    assert ds.transcript_summary(s) == ("total_credits", "earned_credits", "average_score")
    first = documents.issue(s, PrintRequest("transcript", (school.students[0],)))
    assert "平均成绩" in pypdf.PdfReader(io.BytesIO(first.pdf)).pages[0].extract_text()
    ds.set_transcript_summary(s, ["total_credits"])
    assert ds.transcript_summary(s) == ("total_credits",)
    with pytest.raises(ValidationError):
        ds.set_transcript_summary(s, ["nope"])
    issued = documents.issue(s, PrintRequest("transcript", (school.students[0],)))
    text = pypdf.PdfReader(io.BytesIO(issued.pdf)).pages[0].extract_text()
    assert "总学分" in text and "平均" not in text
