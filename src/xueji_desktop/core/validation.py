"""The one rule set for student records, used by forms, import, the CLI and the health report.

Two steps. ``to_internal`` maps a record keyed by template labels (学号, 姓名, …) or internal
names to internal names, refusing unknown keys and values of the wrong type. ``check_student``
normalises every field (``normalize_value``) and reports every problem as a ``Problem`` (field,
code, severity, params); it never raises on bad input. Errors mean the value is wrong; warnings
mean unusual but possible. A draft may leave required fields empty (they are listed in
``missing``); a value that is present must be valid, draft or not.

Derived values: when a resident ID number is valid and 出生日期/性别 are empty, they are taken
from the ID (not a default: the ID encodes them). Params never hold a raw ID number (masked).
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from xueji_desktop.core import codes
from xueji_desktop.core.fields import (
    FAMILY_FIELDS,
    FAMILY_FIELDS_BY_LABEL,
    FAMILY_FIELDS_BY_NAME,
    FAMILY_KEY,
    STUDENT_FIELDS,
    STUDENT_FIELDS_BY_LABEL,
    STUDENT_FIELDS_BY_NAME,
    FieldSpec,
)
from xueji_desktop.core.normalize import (
    clean_text,
    fix_name_dots,
    fold,
    fold_upper,
    parse_bool,
    parse_date,
    parse_month,
    scalar_text,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.validation_fast import (
    MEMO_MAX,
    SLOW,
    Plan,
    layout_of,
    looks_scientific,
    map_plain,
    plan,
    take_memo_hits,
)
from xueji_desktop.core.validation_rules import (
    PROBLEM_CODES,
    FamilyContext,
    RecordContext,
    check_family_members,
    check_value,
    cross_check,
)

__all__ = [
    "FAMILY_LIST",
    "PROBLEM_CODES",
    "Checked",
    "check_family_member",
    "check_student",
    "normalize_value",
    "to_internal",
]

FAMILY_LIST = "family_members"
_SCALARS = (str, int, float, datetime.date, type(None))
# Longer raw text is refused before any normalisation work (a 10 MB paste).
_HARD_LIMIT = 2000


@dataclass
class Checked:
    values: dict[str, object]
    family: list[dict[str, object]]
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _fold_index(specs: Mapping[str, FieldSpec]) -> dict[str, FieldSpec]:
    return {fold(k): v for k, v in specs.items()}


_STUDENT_KEYS = {
    **_fold_index(STUDENT_FIELDS_BY_NAME),
    **_fold_index(STUDENT_FIELDS_BY_LABEL),
    **STUDENT_FIELDS_BY_NAME,
    **STUDENT_FIELDS_BY_LABEL,
}
_FAMILY_KEYS = {
    **_fold_index(FAMILY_FIELDS_BY_NAME),
    **_fold_index(FAMILY_FIELDS_BY_LABEL),
    **FAMILY_FIELDS_BY_NAME,
    **FAMILY_FIELDS_BY_LABEL,
}
_FAMILY_LIST_KEYS = frozenset({fold(FAMILY_KEY), FAMILY_LIST})


# --- normalisation ---------------------------------------------------------------------------


def normalize_value(spec: FieldSpec, value: object) -> object:
    """The stored form of ``value`` for a field, or the cleaned input when it cannot be read.

    Absent (None, blank) gives "" (None for bool fields). The checker decides what is wrong.
    """
    if value is None:
        return None if spec.kind == "bool" else ""
    return _NORMALIZERS[spec.kind](spec, value)


def _norm_bool(spec: FieldSpec, value: object) -> object:
    parsed = parse_bool(value)
    if parsed is not None:
        return parsed
    text = scalar_text(value)
    return None if text is not None and not text.strip() else value


def _as_text(value: object) -> str | None:
    if type(value) is str:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return scalar_text(value) or ""
    return None


def _norm_with(clean: Callable[[FieldSpec, str], object]) -> Callable[[FieldSpec, object], object]:
    def norm(spec: FieldSpec, value: object) -> object:
        text = _as_text(value)
        if text is None:
            return value  # wrong type: reported by the checker
        if len(text) > _HARD_LIMIT:
            return text
        return clean(spec, text)

    return norm


def _clean_name(spec: FieldSpec, text: str) -> str:
    name = fix_name_dots(clean_text(text))
    if not any("A" <= c <= "z" for c in name):
        name = name.replace(" ", "")  # "张 三" -> "张三"; other whitespace is refused
    return name


def _clean_code(spec: FieldSpec, text: str) -> str:
    code = codes.code_of(spec.table, text)
    return code if code is not None else clean_text(text)


def _norm_id(spec: FieldSpec, value: object) -> object:
    if type(value) is not str or len(value) > _HARD_LIMIT:
        return value
    return fold_upper(value)


# Text clean-up per kind, for text up to _HARD_LIMIT (other input goes through _NORMALIZERS).
_CLEANERS: dict[str, Callable[[FieldSpec, str], object]] = {
    "text": lambda spec, t: clean_text(t),
    "class_group": lambda spec, t: clean_text(t),
    "name": _clean_name,
    "code": _clean_code,
    "registry_no": lambda spec, t: fold_upper(t),
}
for _kind in ("region", "phone", "student_no", "postal_code", "major"):
    _CLEANERS[_kind] = lambda spec, t: fold(t)

_NORMALIZERS: dict[str, Callable[[FieldSpec, object], object]] = {
    "bool": _norm_bool,
    "date": lambda spec, v: parse_date(v) or _text_or_raw(v),
    "month": lambda spec, v: parse_month(v) or _text_or_raw(v),
    "id_number": _norm_id,
    **{kind: _norm_with(clean) for kind, clean in _CLEANERS.items()},
}


def _text_or_raw(value: object) -> object:
    text = scalar_text(value)
    if text is None:
        return value
    return clean_text(text) if len(text) <= _HARD_LIMIT else text


# --- to_internal ---------------------------------------------------------------------------


def _scalar_problem(path: str, spec: FieldSpec, value: object) -> Problem | None:
    if spec.kind == "id_number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Problem(path, "id_number_as_number")
    if spec.kind == "id_number" and isinstance(value, str) and looks_scientific(value):
        return Problem(path, "id_number_as_number")
    if not isinstance(value, _SCALARS):
        return Problem(path, "wrong_type")
    return None


def _map_keys(
    raw: Mapping[str, object], index: Mapping[str, FieldSpec], prefix: str
) -> tuple[dict[str, object], list[Problem], object]:
    plain = map_plain(raw, index, None if prefix else _FAMILY_LIST_KEYS)
    if plain is not None:
        return plain[0], [], plain[1]
    out: dict[str, object] = {}
    problems: list[Problem] = []
    family: object = None
    for key, value in raw.items():
        spec = index.get(key) if type(key) is str else None  # exact label or name: no folding
        if spec is None:
            name = fold(key) if isinstance(key, str) and len(key) < 200 else ""
            if not prefix and name in _FAMILY_LIST_KEYS:
                family = value
                continue
            spec = index.get(name)
        if spec is None:
            shown = (key if isinstance(key, str) else type(key).__name__)[:50]
            problems.append(Problem(prefix + shown, "unknown_field"))
            continue
        name = spec.name
        if type(value) is not str or (spec.kind == "id_number" and looks_scientific(value)):
            problem = _scalar_problem(prefix + name, spec, value)
            if problem is not None:
                problems.append(problem)
                continue
        if name in out and out[name] != value:
            problems.append(Problem(prefix + name, "duplicate_field"))
        out[name] = value
    return out, problems, family


def to_internal(raw: Mapping[str, object]) -> tuple[dict[str, object], list[Problem]]:
    """Map template labels or internal names to internal names; family under "family_members".

    Values are passed on as given (check_student normalises them); values that cannot be used
    (lists, dicts, an ID number as a number) are left out and reported.
    """
    if type(raw) is not dict and not isinstance(raw, Mapping):
        return {}, [Problem("", "wrong_type")]
    values, problems, family = _map_keys(raw, _STUDENT_KEYS, "")
    if family is None:
        return values, problems
    if not isinstance(family, (list, tuple)):
        problems.append(Problem(FAMILY_LIST, "wrong_type"))
        return values, problems
    members: list[dict[str, object]] = []
    for i, member in enumerate(family):
        if type(member) is not dict and not isinstance(member, Mapping):
            problems.append(Problem(f"{FAMILY_LIST}.{i}", "wrong_type"))
            members.append({})
            continue
        mapped, member_problems, _ = _map_keys(member, _FAMILY_KEYS, f"{FAMILY_LIST}.{i}.")
        members.append(mapped)
        problems.extend(member_problems)
    values[FAMILY_LIST] = members
    return values, problems


# --- check ---------------------------------------------------------------------------------


def _check_fields(
    plan: Plan,
    values: Mapping[str, object],
    prefix: str,
    ctx: RecordContext | FamilyContext,
    problems: list[Problem],
) -> dict[str, object]:
    out = dict(plan.empty)
    layout = layout_of(plan, values)
    steps = layout.others if take_memo_hits(layout, values, out, ctx) else layout.steps
    get = values.get
    for name, spec, empty, memo, fast, clean, sets_id_type in steps:
        raw = get(name)
        if raw is None or raw == "":
            out[name] = empty
            continue
        if memo is not None and type(raw) is str:
            hit = memo.get(raw)
            if hit is not None:
                out[name] = hit
                if sets_id_type:
                    ctx.id_type = str(hit)
                continue
        path = prefix + name if prefix else name
        if fast is not None and type(raw) is str:
            stored = fast(spec, raw, path, ctx, problems)
            if stored is not SLOW:
                out[name] = stored
                continue
        if type(raw) is not str or spec.kind == "id_number":
            problem = _scalar_problem(path, spec, raw)
            if problem is not None:
                problems.append(problem)
                out[name] = empty
                continue
        before = len(problems)
        if clean is not None and type(raw) is str and len(raw) <= _HARD_LIMIT:
            value = clean(spec, raw)  # what _NORMALIZERS does with such text
        else:
            value = _NORMALIZERS[spec.kind](spec, raw)
        stored = check_value(spec, value, path, ctx, problems)
        out[name] = stored
        if (
            memo is not None
            and type(raw) is str
            and len(problems) == before
            and stored is not None
            and stored != ""
        ):
            if len(memo) >= MEMO_MAX:
                memo.clear()
            memo[raw] = stored
    return out


_STUDENT_PLAN = plan(STUDENT_FIELDS, _CLEANERS, _HARD_LIMIT)
_FAMILY_PLAN = plan(FAMILY_FIELDS, _CLEANERS, _HARD_LIMIT)


# Required fields: all of them, and a getter of those whose empty value is "" (not yes/no).
_Required = tuple[
    tuple[str, ...], tuple[str, ...], Callable[[Mapping[str, object]], tuple[object, ...]]
]


def _required(specs: tuple[FieldSpec, ...]) -> _Required:
    names = tuple(s.name for s in specs if s.required)
    flags = tuple(s.name for s in specs if s.required and s.kind == "bool")
    texts = [name for name in names if name not in flags]
    get = operator.itemgetter(*texts)
    return names, flags, get if len(texts) > 1 else lambda out: (get(out),)


def _missing(required: _Required, out: Mapping[str, object]) -> list[str]:
    names, flags, texts_of = required
    if all(texts_of(out)):  # the usual case: no text is ""
        names = flags
    return [name for name in names if out[name] in ("", None)]


_REQUIRED = _required(STUDENT_FIELDS)
_FAMILY_REQUIRED = _required(FAMILY_FIELDS)


def check_family_member(
    member: Mapping[str, object], index: int, *, today: datetime.date
) -> tuple[dict[str, object], list[Problem]]:
    """Normalise and check one family member; problems use "family_members.<index>.<name>"."""
    problems: list[Problem] = []
    ctx = FamilyContext(today=today)
    values = _check_fields(_FAMILY_PLAN, member, f"{FAMILY_LIST}.{index}.", ctx, problems)
    # A relative may be a foreign national: Latin letters in the name are only unusual.
    if ctx.latin_names:
        problems.extend(Problem(path, "name_latin", "warning") for path in ctx.latin_names)
    return values, problems


def check_student(
    values: Mapping[str, object],
    *,
    today: datetime.date,
    majors: Mapping[str, str] | None = None,
    draft: bool = True,
) -> Checked:
    """Normalise and check a record in internal names (the output of to_internal).

    ``majors``: major code -> catalogue version configured in the archive (None: the demo
    catalogues of core/majors). Keys that are not fields of the registry are ignored.
    """
    if type(values) is not dict and not isinstance(values, Mapping):
        return Checked({}, [], [Problem("", "wrong_type")], [])
    problems: list[Problem] = []
    ctx = RecordContext(today=today, majors=majors)
    out = _check_fields(_STUDENT_PLAN, values, "", ctx, problems)
    cross_check(out, ctx, problems)
    family_raw = values.get(FAMILY_LIST)
    family: list[dict[str, object]] = []
    if family_raw is not None and not isinstance(family_raw, (list, tuple)):
        problems.append(Problem(FAMILY_LIST, "wrong_type"))
    elif family_raw:
        for i, member in enumerate(family_raw):
            if type(member) is not dict and not isinstance(member, Mapping):
                problems.append(Problem(f"{FAMILY_LIST}.{i}", "wrong_type"))
                continue
            member_values, member_problems = check_family_member(member, i, today=today)
            family.append(member_values)
            problems.extend(member_problems)
    check_family_members(family, problems)
    missing = _missing(_REQUIRED, out)
    missing.extend(ctx.missing)
    for i, member in enumerate(family):
        member_missing = _missing(_FAMILY_REQUIRED, member)
        if member_missing:
            missing.extend(f"{FAMILY_LIST}.{i}.{name}" for name in member_missing)
    if not draft:
        problems.extend(
            Problem(m, "required_with_joint" if m in ctx.missing else "required") for m in missing
        )
    return Checked(out, family, problems, missing)
