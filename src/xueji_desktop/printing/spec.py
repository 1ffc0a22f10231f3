"""Parsing helpers for "xueji-template/1" JSON: typed getters that remember the keys read.

Every parser reads the keys it knows through :class:`Spec` and then calls ``done()``, which
rejects any key left over; so a misspelt key is an error, never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xueji_desktop.core.errors import TemplateInvalid

_FIELD = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,39})\}")
ALIGNS = ("left", "center", "right")


class Spec:
    """One JSON object being parsed: typed getters that remember which keys were read."""

    def __init__(self, data: dict[str, object], path: str, name: str) -> None:
        self.data = data
        self.path = path
        self.name = name
        self.seen: set[str] = set()

    def error(self, reason: str) -> TemplateInvalid:
        where = f"{self.path}: {reason}"
        return TemplateInvalid(name=self.name, detail=where)

    def _get(self, key: str, optional: bool) -> object:
        self.seen.add(key)
        if key not in self.data:
            if optional:
                return None
            raise self.error(f"missing key {key!r}")
        return self.data[key]

    def text(self, key: str, *, default: str | None = None, max_len: int = 2000) -> str:
        value = self._get(key, default is not None)
        if value is None:
            return default or ""
        if not isinstance(value, str):
            raise self.error(f"{key!r} must be text")
        if len(value) > max_len:
            raise self.error(f"{key!r} longer than {max_len} characters")
        return value

    def field(self, key: str, *, optional: bool = False) -> str:
        value = self.text(key, default="" if optional else None, max_len=40)
        if value and not _FIELD.match(value):
            raise self.error(f"{key!r} must be a field name (a-z 0-9 _)")
        return value

    def choice(self, key: str, options: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.text(key, default=default)
        if value not in options:
            raise self.error(f"{key!r} must be one of {', '.join(options)}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, True)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(f"{key!r} must be true or false")
        return value

    def number(self, key: str, low: float, high: float, *, default: float | None = None) -> float:
        value = self._get(key, default is not None)
        if value is None:
            assert default is not None
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"{key!r} must be a number")
        if not low <= value <= high:
            raise self.error(f"{key!r} must be between {low} and {high}")
        return float(value)

    def integer(self, key: str, low: int, high: int, *, default: int | None = None) -> int:
        value = self._get(key, default is not None)
        if value is None:
            assert default is not None
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{key!r} must be a whole number")
        if not low <= value <= high:
            raise self.error(f"{key!r} must be between {low} and {high}")
        return value

    def numbers(
        self, key: str, count: int, low: float, high: float, *, default: tuple[float, ...]
    ) -> tuple[float, ...]:
        value = self._get(key, True)
        if value is None:
            return default
        if not isinstance(value, list) or len(value) != count:
            raise self.error(f"{key!r} must be a list of {count} numbers")
        out: list[float] = []
        for v in value:
            if isinstance(v, bool) or not isinstance(v, int | float) or not low <= v <= high:
                raise self.error(f"{key!r} must hold numbers between {low} and {high}")
            out.append(float(v))
        return tuple(out)

    def array(
        self, key: str, low: int, high: int, *, default: list[object] | None = None
    ) -> list[object]:
        value = self._get(key, default is not None)
        if value is None:
            return list(default or [])
        if not isinstance(value, list):
            raise self.error(f"{key!r} must be a list")
        if not low <= len(value) <= high:
            raise self.error(f"{key!r} must hold {low} to {high} entries")
        return value

    def objects(
        self, key: str, low: int, high: int, *, default: list[object] | None = None
    ) -> Iterator[Spec]:
        for i, item in enumerate(self.array(key, low, high, default=default)):
            if not isinstance(item, dict):
                raise self.error(f"{key}[{i}] must be an object")
            yield Spec(item, f"{self.path}.{key}[{i}]", self.name)

    def texts(self, key: str, low: int, high: int) -> tuple[str, ...]:
        out = []
        for v in self.array(key, low, high):
            if not isinstance(v, str) or len(v) > 200:
                raise self.error(f"{key!r} must hold short texts")
            out.append(v)
        return tuple(out)

    def obj(self, key: str, *, optional: bool = False) -> Spec:
        value = self._get(key, optional)
        if value is None:
            return Spec({}, f"{self.path}.{key}", self.name)
        if not isinstance(value, dict):
            raise self.error(f"{key!r} must be an object")
        return Spec(value, f"{self.path}.{key}", self.name)

    def done(self) -> None:
        extra = sorted(set(self.data) - self.seen)
        if extra:
            raise self.error(f"unknown key {extra[0]!r}")


def size_of(spec: Spec) -> float | None:
    """The optional "size" key (points) of a block or item; None: the template's font size."""
    if "size" not in spec.data:
        spec.seen.add("size")
        return None
    return spec.number("size", 6, 36)
