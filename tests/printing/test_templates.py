from __future__ import annotations

import json
from typing import Any

import pytest

from xueji_desktop.core.errors import NotFound, TemplateInvalid
from xueji_desktop.printing import model
from xueji_desktop.printing.templates import (
    MAX_BYTES,
    builtin_template,
    builtin_templates,
    parse_template,
)
from xueji_desktop.resources import resources_root

from .conftest import template_json


def _invalid(text: str | bytes) -> TemplateInvalid:
    with pytest.raises(TemplateInvalid) as caught:
        parse_template(text, "bad.json")
    assert caught.value.fields["name"]
    assert caught.value.fields["detail"]
    return caught.value


def _reason(text: str | bytes) -> str:
    return str(_invalid(text).fields["detail"])


def _with_block(block: dict[str, Any]) -> str:
    return template_json(blocks=[block])


def test_a_good_template_parses() -> None:
    t = parse_template(template_json(), "test")
    assert (t.name, t.kind, t.mode, t.orientation) == ("test", "transcript", "flow", "portrait")
    assert t.margins_mm == (20.0, 20.0, 20.0, 28.0)
    assert len(t.blocks) == 7


def test_garbage_is_refused() -> None:
    assert _reason("this is not json") == "not JSON"
    assert _reason(b"\xff\xfe{") == "not UTF-8"
    assert _reason("[1, 2]") == "not a JSON object"
    assert "larger than" in _reason(" " * (MAX_BYTES + 1))
    assert "larger than" in _reason("学" * (MAX_BYTES // 3 + 1))  # counted in UTF-8 bytes
    assert "schema" in _reason(template_json(schema="xueji-template/2"))
    assert "kind" in _reason(template_json(kind="diploma"))
    assert "mode" in _reason(template_json(mode="fancy"))
    assert "name" in _reason(template_json(name="../../etc"))


def test_unknown_block_type_or_key_is_refused() -> None:
    assert "unknown block type 'picture'" in _reason(_with_block({"type": "picture"}))
    assert "unknown key 'colour'" in _reason(
        _with_block({"type": "title", "text": "x", "colour": 1})
    )
    assert "unknown key 'extra'" in _reason(template_json(extra=True))
    item = {"label": "姓名", "field": "name", "bold": True}
    assert "unknown key 'bold'" in _reason(
        _with_block({"type": "fields", "columns": 2, "items": [item]})
    )


def test_wrong_types_and_ranges_are_refused() -> None:
    assert "whole number" in _reason(_with_block({"type": "fields", "columns": "3", "items": []}))
    item = {"label": "姓名", "field": "name", "span": 3}
    assert "between" in _reason(_with_block({"type": "fields", "columns": 2, "items": [item]}))
    assert "true or false" in _reason(
        _with_block(
            {
                "type": "table",
                "source": "courses",
                "repeat_header": "yes",
                "columns": [{"label": "a", "field": "a"}],
            }
        )
    )
    assert "field name" in _reason(
        _with_block({"type": "summary", "items": [{"label": "a", "field": "Total Credits"}]})
    )
    assert "margins_mm" in _reason(template_json(page={"margins_mm": [20, 20]}))
    assert "must be a list" in _reason(template_json(blocks={"type": "title"}))
    assert "align" in _reason(_with_block({"type": "paragraph", "text": "x", "align": "middle"}))
    assert "missing key 'text'" in _reason(_with_block({"type": "title"}))


def test_nested_tear_off_and_unprintable_literal_are_refused() -> None:
    inner = {"type": "tear_off", "blocks": []}
    assert "tear_off" in _reason(_with_block({"type": "tear_off", "blocks": [inner]}))
    assert "cannot print" in _reason(_with_block({"type": "title", "text": "𠀀"}))


def test_overlay_template() -> None:
    text = template_json(
        mode="overlay",
        blocks=None,
        footer=None,
        items=[{"field": "name", "x_mm": 60, "y_mm": 80, "size": 14, "width_mm": 40}],
        tables=[
            {
                "source": "courses",
                "x_mm": 20,
                "y_mm": 100,
                "row_mm": 6.5,
                "max_rows": 30,
                "columns": [{"field": "course", "x_mm": 0, "width_mm": 50}],
            }
        ],
        qr={"x_mm": 170, "y_mm": 250, "size_mm": 22},
    )
    data = json.loads(text)
    del data["blocks"], data["footer"]
    t = parse_template(json.dumps(data), "overlay")
    assert t.mode == "overlay" and t.items[0].field == "name" and t.qr is not None
    data["blocks"] = []
    assert "unknown key 'blocks'" in _reason(json.dumps(data))
    del data["blocks"], data["items"], data["tables"]
    assert "items or tables" in _reason(json.dumps(data))


def test_builtin_recovery_sheet_and_not_found() -> None:
    t = builtin_template(model.RECOVERY_SHEET)
    assert t.name == "standard" and t.kind == model.RECOVERY_SHEET
    assert builtin_template(model.RECOVERY_SHEET) is t  # parsed once, then cached
    with pytest.raises(NotFound):
        builtin_template(model.RECOVERY_SHEET, "no-such-template")
    assert builtin_templates("no_such_kind") == []


def test_every_builtin_template_parses_and_standard_comes_first() -> None:
    folder = resources_root() / "templates"
    kinds = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert model.RECOVERY_SHEET in kinds
    for kind in kinds:
        assert kind in model.KINDS, kind
        found = builtin_templates(kind)
        assert found, kind
        names = [t.name for t in found]
        if "standard" in names:
            assert names[0] == "standard"
