"""The field rules behind core/validation.py: one check per field kind, then the cross-field
rules (ID against birth date and gender, age at intake, 学籍号, 联招, regions, guardians).

Every rule appends ``Problem``s and returns the value to store; nothing here raises on input.
Patterns are compiled once at import: validation of 10,000 records must stay under a second.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from xueji_desktop.core import codes
from xueji_desktop.core.errors import InvalidIdNumber
from xueji_desktop.core.fields import FieldSpec
from xueji_desktop.core.id_number import IdNumberInfo, mask_id_number, validate_id_number
from xueji_desktop.core.majors import ALL_MAJORS_BY_CODE
from xueji_desktop.core.normalize import has_control
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.regions import is_current_region, is_known_region, region_ended_before

__all__ = [
    "PROBLEM_CODES",
    "FamilyContext",
    "RecordContext",
    "check_family_members",
    "check_value",
    "cross_check",
]

# Every Problem code validation can report (problem_text has a zh and an en sentence for each).
PROBLEM_CODES: frozenset[str] = frozenset(
    {
        "unknown_field", "wrong_type", "duplicate_field", "id_number_as_number", "required",
        "required_with_joint", "too_long", "control_chars", "unknown_code", "unknown_region",
        "region_not_current", "region_abolished", "date_format", "date_in_future",
        "month_format", "month_in_future", "bool_format", "phone_format", "name_chars",
        "name_too_short", "name_latin", "student_no_format", "registry_no_format",
        "registry_no_temporary", "registry_no_id_mismatch", "postal_code_format",
        "unknown_major", "major_catalogue_mismatch", "id_length", "id_chars", "id_check",
        "id_region", "id_region_abolished", "id_birth_date", "id_number_upgraded",
        "id_number_format", "birth_date_mismatch", "gender_mismatch", "age_implausible",
        "age_unusual", "no_guardian",
    }
)  # fmt: skip

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_NAME_CJK = re.compile(f"^[{_CJK}]+(?:·[{_CJK}]+)*$")
_NAME_LATIN = re.compile(f"^[A-Za-z{_CJK}]+(?:[ ·.'-][A-Za-z{_CJK}]+)*$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_PHONE_PREFIX = re.compile(r"^(?:\+86|0086)-?")
_STUDENT_NO = re.compile(r"^[0-9A-Za-z-]{1,30}$")
_REGION = re.compile(r"^\d{6}$")
_POSTAL = re.compile(r"^\d{6}$")
_OTHER_ID = re.compile(r"^[0-9A-Z()\-]{2,30}$")
_MAJOR = re.compile(r"^\d{6}$")
_TEMP_L = re.compile(r"^L(\d{6})(\d{8})\d{4}$")
_TEMP_V1 = re.compile(r"^999\d{15}$")
# 身份证件类型 whose holders may have Latin-letter names: HK/Macau/Taiwan documents, foreign
# permanent residence, passport.
_FOREIGN_ID_TYPES = frozenset({"6", "7", "8", "9", "A"})
_RESIDENT = "1"
_NO_JOINT = "非联合办学"
_JOINT_FIELDS = ("joint_form", "joint_school_code")
_MAX_TEXT = 2000


@dataclass(slots=True)
class FamilyContext:
    today: datetime.date
    id_type: str = ""
    id_info: IdNumberInfo | None = None
    latin_names: list[str] = field(default_factory=list)
    family: bool = True


@dataclass(slots=True)
class RecordContext(FamilyContext):
    majors: Mapping[str, str] | None = None
    missing: list[str] = field(default_factory=list)
    family: bool = False


def _masked(value: str) -> dict[str, str]:
    return {"masked": mask_id_number(value[:40])}


def _id_number(value: str, path: str, ctx: FamilyContext, problems: list[Problem]) -> str:
    if ctx.id_type in ("", _RESIDENT) and (ctx.id_type or len(value) in (15, 18)):
        try:
            info = validate_id_number(value, today=ctx.today, accept_15=True)
        except InvalidIdNumber as err:
            problems.append(Problem(path, f"id_{err.reason}", "error", _masked(value)))
            return value
        ctx.id_info = info
        if info.upgraded_from_15:
            problems.append(Problem(path, "id_number_upgraded", "warning", _masked(info.number)))
        return info.number
    if not _OTHER_ID.match(value):
        problems.append(Problem(path, "id_number_format", "error", _masked(value)))
    return value


def _phone(value: str, path: str, problems: list[Problem]) -> str:
    number = _PHONE_PREFIX.sub("", value)
    if _MOBILE.match(number) or _LANDLINE.match(number):
        return number
    problems.append(Problem(path, "phone_format"))
    return value


def _name(value: str, path: str, ctx: FamilyContext, problems: list[Problem]) -> None:
    if _NAME_CJK.match(value):
        if len(value) < 2:
            problems.append(Problem(path, "name_too_short"))
    elif _NAME_LATIN.match(value) and any("A" <= c <= "z" for c in value):
        ctx.latin_names.append(path)  # warning or error: decided by nationality and ID type
    else:
        problems.append(Problem(path, "name_chars"))


def _registry_no(value: str, path: str, ctx: FamilyContext, problems: list[Problem]) -> None:
    kind, rest = value[:1], value[1:]
    if kind == "G" and ctx.id_info is not None and rest == ctx.id_info.number:
        return  # the student's own ID number, already validated
    if kind in ("G", "J") and len(rest) == 18:
        try:
            validate_id_number(rest, today=ctx.today)
        except InvalidIdNumber as err:
            params = {"reason": err.reason, **_masked(rest)}
            problems.append(Problem(path, "registry_no_format", "error", params))
        return
    temp = _TEMP_L.match(value)
    if temp is not None:
        try:
            birth = datetime.datetime.strptime(temp.group(2), "%Y%m%d").date()
        except ValueError:
            birth = None
        if is_known_region(temp.group(1)) and birth is not None and birth <= ctx.today:
            problems.append(Problem(path, "registry_no_temporary", "warning"))
            return
    elif _TEMP_V1.match(value):
        problems.append(Problem(path, "registry_no_temporary", "warning"))
        return
    problems.append(Problem(path, "registry_no_format"))


def _major(value: str, path: str, ctx: RecordContext, problems: list[Problem]) -> None:
    known = (
        value in ctx.majors
        if ctx.majors is not None
        else bool(_MAJOR.match(value)) and value in ALL_MAJORS_BY_CODE
    )
    if not known:
        problems.append(Problem(path, "unknown_major", "error", {"value": value[:20]}))


def _check_code(spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]) -> str:
    if v not in codes.get_table(spec.table).labels:
        out.append(Problem(path, "unknown_code", "error", {"value": v[:20]}))
    elif spec.name == "id_type":
        ctx.id_type = v
    return v


def _is_iso_date(v: str) -> bool:
    try:
        datetime.date.fromisoformat(v)
    except ValueError:
        return False
    return v[4] == "-"


def _check_date(spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]) -> str:
    if len(v) != 10 or v < "1900-01-01" or not _is_iso_date(v):
        out.append(Problem(path, "date_format"))
    elif v > ctx.today.isoformat():
        out.append(Problem(path, "date_in_future"))
    return v


def _check_month(spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]) -> str:
    if len(v) != 6 or not v.isdigit() or v < "190001" or not 1 <= int(v[4:]) <= 12:
        out.append(Problem(path, "month_format"))
    elif v > f"{ctx.today.year:04d}{ctx.today.month:02d}":
        out.append(Problem(path, "month_in_future"))
    return v


def _pattern(regex: re.Pattern[str], code: str, with_value: bool = False) -> _Check:
    def check(spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]) -> str:
        if not regex.match(v):
            out.append(Problem(path, code, "error", {"value": v[:20]} if with_value else {}))
        return v

    return check


def _check_region(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> str:
    if not _REGION.match(v) or not is_known_region(v):
        out.append(Problem(path, "unknown_region", "error", {"value": v[:20]}))
    return v


def _check_name(spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]) -> str:
    _name(v, path, ctx, out)
    return v


def _check_registry(
    spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]
) -> str:
    _registry_no(v, path, ctx, out)
    return v


def _check_major(spec: FieldSpec, v: str, path: str, ctx: FamilyContext, out: list[Problem]) -> str:
    if isinstance(ctx, RecordContext):
        _major(v, path, ctx, out)
    return v


_Check = Callable[[FieldSpec, str, str, FamilyContext, list[Problem]], str]
_CHECKS: dict[str, _Check] = {
    "text": lambda spec, v, path, ctx, out: v,
    "class_group": lambda spec, v, path, ctx, out: v,
    "code": _check_code,
    "id_number": lambda spec, v, path, ctx, out: _id_number(v, path, ctx, out),
    "date": _check_date,
    "month": _check_month,
    "phone": lambda spec, v, path, ctx, out: _phone(v, path, out),
    "name": _check_name,
    "region": _check_region,
    "student_no": _pattern(_STUDENT_NO, "student_no_format"),
    "registry_no": _check_registry,
    "postal_code": _pattern(_POSTAL, "postal_code_format"),
    "major": _check_major,
}


def check_value(
    spec: FieldSpec,
    value: object,
    path: str,
    ctx: FamilyContext,
    problems: list[Problem],
) -> object:
    """Check one normalised value; returns what to store ("" / None when it was unusable)."""
    if spec.kind == "bool":
        if value is None or value in (0, 1):
            return value
        problems.append(Problem(path, "bool_format"))
        return None
    if type(value) is not str:
        problems.append(Problem(path, "wrong_type"))
        return ""
    if not value:
        return ""
    if len(value) > spec.max_len or len(value) > _MAX_TEXT:
        problems.append(Problem(path, "too_long", "error", {"max_len": str(spec.max_len)}))
        return ""
    if not value.isprintable() and has_control(value):
        problems.append(Problem(path, "control_chars"))
        return ""
    return _CHECKS[spec.kind](spec, value, path, ctx, problems)


def _age_at(birth: str, month: str) -> int:
    """Age in whole years on the 1st of ``month`` (YYYYMM) for ``birth`` (YYYY-MM-DD)."""
    age = int(month[:4]) - int(birth[:4])
    return age - 1 if month[4:] + "01" < birth[5:7] + birth[8:10] else age  # MMDD order


def _valid(problems: list[Problem], name: str) -> bool:
    return not problems or not any(p.field == name and p.severity == "error" for p in problems)


def cross_check(out: dict[str, object], ctx: RecordContext, problems: list[Problem]) -> None:
    """Rules between fields of one record (values already normalised by check_value)."""
    info = ctx.id_info
    if info is not None and out["id_type"] == _RESIDENT:
        n = info.number  # validated: its birth date digits are the ISO text, less the dashes
        birth = f"{n[6:10]}-{n[10:12]}-{n[12:14]}"
        if not out["birth_date"]:
            out["birth_date"] = birth
        elif out["birth_date"] != birth and _valid(problems, "birth_date"):
            problems.append(Problem("birth_date", "birth_date_mismatch"))
        if not out["gender"]:
            out["gender"] = info.gender
        elif out["gender"] in ("1", "2") and out["gender"] != info.gender:
            problems.append(Problem("gender", "gender_mismatch"))
    birth_value = out["birth_date"]
    birth = birth_value if isinstance(birth_value, str) and _valid(problems, "birth_date") else ""
    month = out["enrolment_month"]
    if birth and isinstance(month, str) and month and _valid(problems, "enrolment_month"):
        age = _age_at(birth, month)
        if age < 10 or age > 70:
            problems.append(Problem("birth_date", "age_implausible", "error", {"age": str(age)}))
        elif age < 14 or age > 20:
            problems.append(Problem("birth_date", "age_unusual", "warning", {"age": str(age)}))
    foreign = out["nationality"] not in ("", "156") or out["id_type"] in _FOREIGN_ID_TYPES
    for path in ctx.latin_names:
        problems.append(Problem(path, "name_latin", "warning" if foreign else "error"))
    _check_regions(out, birth, problems)
    registry = out["registry_no"]
    if (
        isinstance(registry, str)
        and registry.startswith("G")
        and info is not None
        and registry[1:] != info.number
        and _valid(problems, "registry_no")
    ):
        problems.append(Problem("registry_no", "registry_no_id_mismatch", "warning"))
    _check_major_catalogue(out, ctx, problems)
    if out["joint_type"] not in ("", _NO_JOINT) and _valid(problems, "joint_type"):
        ctx.missing.extend(name for name in _JOINT_FIELDS if not out[name])


def _check_regions(out: Mapping[str, object], birth: str, problems: list[Problem]) -> None:
    for name in ("hukou_place", "source_place"):
        code = out[name]
        if (
            isinstance(code, str)
            and code
            and not is_current_region(code)
            and _valid(problems, name)
        ):
            problems.append(Problem(name, "region_not_current", "warning", {"value": code}))
    if not birth:
        return
    year = int(birth[:4])
    for name in ("birthplace", "native_place"):
        code = out[name]
        if (
            isinstance(code, str)
            and code
            and region_ended_before(code, year)
            and _valid(problems, name)
        ):
            problems.append(Problem(name, "region_abolished", "warning", {"value": code}))


def _check_major_catalogue(
    out: dict[str, object], ctx: RecordContext, problems: list[Problem]
) -> None:
    major = out["major_code"]
    if not isinstance(major, str) or not major or not _valid(problems, "major_code"):
        return
    if ctx.majors is not None:
        version = ctx.majors.get(major, "")
    else:
        known = ALL_MAJORS_BY_CODE.get(major)
        version = known.catalogue_version if known else ""
    if not version:
        return
    if not out["major_catalogue"]:
        out["major_catalogue"] = version
    elif out["major_catalogue"] != version and _valid(problems, "major_catalogue"):
        params = {"value": str(out["major_catalogue"]), "expected": version}
        problems.append(Problem("major_catalogue", "major_catalogue_mismatch", "error", params))


def check_family_members(family: list[dict[str, object]], problems: list[Problem]) -> None:
    """At least one guardian (a warning: the clerk may not know yet)."""
    if not any(member.get("is_guardian") == 1 for member in family):
        problems.append(Problem("family_members", "no_guardian", "warning"))
