"""Fast paths of core/validation.py: same results, less work (issue 3 §7: 10,000 records < 1 s).

Two kinds of shortcut, both falling back to the general path whenever they do not apply:

- per field kind, ``FAST_CHECKS``: for the usual shape of a value (a name of common Chinese
  characters, an ASCII date, a mobile number, ...) they return exactly what normalize_value +
  check_value would, without the general clean-up; for anything else they return ``SLOW`` having
  added nothing. Each assumes the field's max_len is between 11 and 2000 (``plan`` attaches them
  only then).
- per record layout, ``Layout``: the records of one import carry the same fields, so which
  fields are present (in check order) is worked out once per set of keys, and the memoised
  fields (codes, regions, yes/no) of a record are looked up together; ``map_plain`` does the
  same for to_internal's key mapping.

tests/core/test_validation_fast.py compares them with the general path.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from xueji_desktop.core.fields import FieldSpec
from xueji_desktop.core.normalize import fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.validation_rules import FamilyContext, _check_major, _id_number

__all__ = [
    "FAST_CHECKS",
    "SLOW",
    "FastCheck",
    "Layout",
    "Plan",
    "Step",
    "layout_of",
    "looks_scientific",
    "map_plain",
    "plan",
    "take_memo_hits",
]

SLOW: object = object()
FastCheck = Callable[[FieldSpec, str, str, FamilyContext, list[Problem]], object]

# Unified ideographs of the BMP: no decomposition (already NFC), no look-alike dot to fix.
_PLAIN_NAME = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+(?:·[\u3400-\u4dbf\u4e00-\u9fff]+)*")
_ASCII_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", re.ASCII)
_MOBILE_SECOND = frozenset("3456789")
_ASCII_STUDENT_NO = re.compile(r"[0-9A-Za-z-]{1,30}")
_CHECK_CHARS = frozenset("0123456789Xx")


def _fast_name(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    if len(v) > spec.max_len or _PLAIN_NAME.fullmatch(v) is None:
        return SLOW
    if len(v) < 2:
        out.append(Problem(path, "name_too_short"))
    return v


def _fast_date(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    try:
        if len(v) == 10 and v[4] == "-" and v[7] == "-" and v.isascii():
            date = datetime.date.fromisoformat(v)
            iso = v  # dddd-dd-dd of a real date: its own isoformat()
        else:
            m = _ASCII_DATE.fullmatch(v)
            if m is None:
                return SLOW
            date = datetime.date(int(m[1]), int(m[2]), int(m[3]))
            iso = f"{m[1]}-{m[2].zfill(2)}-{m[3].zfill(2)}"  # date.isoformat(), cheaper
    except ValueError:
        return SLOW
    if date.year < 1900:
        out.append(Problem(path, "date_format"))
    elif date > ctx.today:  # same order as the ISO texts _check_date compares
        out.append(Problem(path, "date_in_future"))
    return iso


def _fast_month(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    # parse_month gives six ASCII digits back unchanged, valid or not: _check_month's rule.
    if len(v) != 6 or not v.isascii() or not v.isdigit():
        return SLOW
    if v < "190001" or not "01" <= v[4:] <= "12":
        out.append(Problem(path, "month_format"))
    elif int(v) > ctx.today.year * 100 + ctx.today.month:
        out.append(Problem(path, "month_in_future"))
    return v


def _fast_phone(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    # 1[3-9] and nine more ASCII digits (cheaper than the pattern).
    if len(v) == 11 and v[0] == "1" and v[1] in _MOBILE_SECOND and v.isascii() and v.isdigit():
        return v
    return SLOW


def _fast_student_no(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    if len(v) > spec.max_len:
        return SLOW
    if (v.isascii() and v.isalnum()) or _ASCII_STUDENT_NO.fullmatch(v):
        return v
    return SLOW


def _fast_text(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    # Printable text has no control, zero-width, NBSP or U+3000 character: clean_text would
    # only trim ASCII spaces and apply NFC.
    if len(v) > spec.max_len or v[0] == " " or v[-1] == " " or not v.isprintable():
        return SLOW
    if not v.isascii() and not unicodedata.is_normalized("NFC", v):
        return SLOW
    return v


def _fast_major(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    if len(v) != 6 or not v.isascii() or not v.isdigit():
        return SLOW
    return _check_major(spec, v, path, ctx, out)  # fold gives it back unchanged


def _fast_id_number(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    # 17 ASCII digits and a check char: nothing to fold, not Excel's 1.1E+17, within max_len.
    if len(v) != 18 or len(v) > spec.max_len or not v.isascii() or not v[:17].isdigit():
        return SLOW
    if v[17] not in _CHECK_CHARS:
        return SLOW
    return _id_number(v.upper(), path, ctx, out)


def _fast_registry_no(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> object:
    # G + the student's own validated ID number: already upper-case ASCII, nothing to check.
    info = ctx.id_info
    if info is None or len(v) > spec.max_len or v[:1] != "G" or v[1:] != info.number:
        return SLOW
    return v


FAST_CHECKS: dict[str, FastCheck] = {
    "name": _fast_name,
    "date": _fast_date,
    "month": _fast_month,
    "phone": _fast_phone,
    "student_no": _fast_student_no,
    "text": _fast_text,
    "class_group": _fast_text,
    "major": _fast_major,
    "id_number": _fast_id_number,
    "registry_no": _fast_registry_no,
}


# --- plans and layouts ---------------------------------------------------------------------

# Valid values of low-cardinality kinds (codes, regions, yes/no) seen before -> stored form, one
# dict per table (or field). A record has ~25 of them and they repeat across records. Only
# values that were stored without any problem are kept: a hit adds no problem.
_MEMO_KINDS = frozenset({"code", "region", "bool"})
_MEMOS: dict[str, dict[str, object]] = {}
MEMO_MAX = 20_000
_LAYOUT_MAX = 256

# Per field: name, spec, the empty value, its memo (None: not memoised), its fast path, its
# text clean-up (None: the general normaliser), and whether it is the 身份证件类型 the ID rules
# read.
Step = tuple[
    str,
    FieldSpec,
    object,
    "dict[str, object] | None",
    "FastCheck | None",
    "Callable[[FieldSpec, str], object] | None",
    bool,
]


@dataclass(frozen=True, slots=True)
class Layout:
    """The fields a record carries, in check order."""

    steps: tuple[Step, ...]  # every present field
    others: tuple[Step, ...]  # the present fields that are not memoised
    memos: tuple[tuple[str, dict[str, object]], ...]  # the present memoised fields
    has_id_type: bool  # 身份证件类型 is among the memoised fields


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[Step, ...]
    empty: Mapping[str, object]  # every field's empty value, in check order
    layouts: dict[tuple[object, ...], Layout]
    full: Layout  # for mappings that are not dicts: every field


def plan(
    specs: tuple[FieldSpec, ...],
    cleaners: Mapping[str, Callable[[FieldSpec, str], object]],
    hard_limit: int,
) -> Plan:
    steps = tuple(
        (
            s.name,
            s,
            None if s.kind == "bool" else "",
            _MEMOS.setdefault(s.table or s.name, {}) if s.kind in _MEMO_KINDS else None,
            FAST_CHECKS.get(s.kind) if 11 <= s.max_len <= hard_limit else None,
            cleaners.get(s.kind),
            s.name == "id_type",
        )
        for s in specs
    )
    full = Layout(steps, steps, (), False)
    return Plan(steps, {step[0]: step[2] for step in steps}, {}, full)


def layout_of(p: Plan, values: Mapping[str, object]) -> Layout:
    """The layout of ``values``; a mapping that is not a dict gets every field looked up."""
    if type(values) is not dict:
        return p.full
    keys = tuple(values)
    layout = p.layouts.get(keys)
    if layout is None:
        present = set(keys)
        steps = tuple(step for step in p.steps if step[0] in present)
        memos = tuple((step[0], step[3]) for step in steps if step[3] is not None)
        layout = Layout(
            steps,
            tuple(step for step in steps if step[3] is None),
            memos,
            any(name == "id_type" for name, _ in memos),
        )
        if len(p.layouts) >= _LAYOUT_MAX:
            p.layouts.clear()
        p.layouts[keys] = layout
    return layout


def take_memo_hits(
    layout: Layout, values: Mapping[str, object], out: dict[str, object], ctx: FamilyContext
) -> bool:
    """Store the memoised fields of ``values`` in ``out`` when every one is a memo hit.

    A hit adds no problem and touches the context only through 身份证件类型, which no field
    before it reads; so taking them all first leaves the problems and their order unchanged.
    False on the first miss (an empty, unusable or new value): the general loop then redoes
    every field.
    """
    try:
        for name, memo in layout.memos:
            out[name] = memo[values[name]]  # type: ignore[index]
    except (KeyError, TypeError):  # TypeError: an unhashable value
        return False
    if layout.has_id_type:
        ctx.id_type = str(out["id_type"])
    return True


# --- to_internal ---------------------------------------------------------------------------

_SCI = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)


def looks_scientific(value: str) -> bool:
    """An ID number Excel turned into 1.10105E+17."""
    if value.isascii() and "E" not in value and "e" not in value:
        return False  # the common case; folding cannot bring an E into ASCII text
    return _SCI.match(fold(value[:40])) is not None


# Records of one import share their keys, so how they map is worked out once per key tuple:
# (internal names of the keys, position of the family list or -1, positions of ID numbers), or
# None when a key needs the general loop (unknown, folded, mapping twice to one field).
_KeyLayout = tuple[tuple[str, ...], int, tuple[int, ...]]
_STR_ONLY = frozenset({str})
_KEY_LAYOUTS: dict[bool, dict[tuple[object, ...], _KeyLayout | None]] = {True: {}, False: {}}


def _key_layout(
    keys: tuple[object, ...], index: Mapping[str, FieldSpec], family_keys: frozenset[str] | None
) -> _KeyLayout | None:
    names: list[str] = []
    family_at, id_at = -1, []
    for pos, key in enumerate(keys):
        spec = index.get(key) if type(key) is str else None
        if spec is None:
            is_family = (
                family_keys is not None
                and type(key) is str
                and len(key) < 200
                and fold(key) in family_keys
            )
            if not is_family or family_at >= 0:
                return None
            family_at = pos
            continue
        if spec.kind == "id_number":
            id_at.append(len(names))
        names.append(spec.name)
    return (tuple(names), family_at, tuple(id_at)) if len(set(names)) == len(names) else None


def map_plain(
    raw: Mapping[str, object],
    index: Mapping[str, FieldSpec],
    family_keys: frozenset[str] | None,
) -> tuple[dict[str, object], object] | None:
    """What to_internal's general loop gives for a dict of known keys and text values: the
    mapped values and the family list (None: absent); None for any other input.

    ``family_keys``: the keys of the family list (a record), None for a family member.
    """
    if type(raw) is not dict:
        return None
    keys = tuple(raw)
    layouts = _KEY_LAYOUTS[family_keys is not None]
    if keys not in layouts:
        if len(layouts) >= _LAYOUT_MAX:
            layouts.clear()
        layouts[keys] = _key_layout(keys, index, family_keys)
    layout = layouts[keys]
    if layout is None:
        return None
    names, family_at, id_at = layout
    values = list(raw.values())
    family = values.pop(family_at) if family_at >= 0 else None
    if not set(map(type, values)) <= _STR_ONLY:
        return None
    if any(looks_scientific(values[i]) for i in id_at):
        return None
    return dict(zip(names, values, strict=True)), family
