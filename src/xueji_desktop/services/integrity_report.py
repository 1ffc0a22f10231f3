"""四性检测: the archive integrity report in the terms archive inspectors use (issue 9 §2).

真实性 (authenticity), 完整性 (integrity), 可用性 (usability) and 安全性 (security), each a list of
items built from checks run now, not from claims: the database's own checks and page
authentication (``check.check_archive``), a walk of the audit chain and its anchor, every scan
and photo decrypted and compared (``integrity_blobs``), the data-health counts
(``health.health_report``), the backup history and the latest restore drill, the print fonts,
and the security facts (encryption, binding, password hashing, accounts, recovery code, failed
sign-ins, destruction carried out). Each item says what was checked, how, what was found and the
evidence (numbers, dates, names of damaged files; never student data).

Read-only apart from one audit entry, ``integrity_report_made`` (details: the outcome and the
keys of the items that did not pass). docs/design/four-properties.md maps every item to its
check and gives the thresholds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from xueji_desktop.core.errors import OperationCancelled, ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_integrity import (
    CONCLUSIONS,
    EVIDENCE_LABELS,
    ITEMS,
    RESULT_TEXTS,
    SECTION_TITLES,
)
from xueji_desktop.messages_integrity_details import DETAILS
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session

Result = Literal["pass", "warn", "fail", "not_checked"]
SectionKey = Literal["authenticity", "integrity", "usability", "security"]
SECTION_KEYS: tuple[SectionKey, ...] = ("authenticity", "integrity", "usability", "security")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
ACTION_MADE = "integrity_report_made"


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Item:
    key: str
    result: Result
    label_zh: str
    label_en: str
    detail_zh: str
    detail_en: str
    evidence: Mapping[str, object]
    method_zh: str = ""  # how it was checked
    method_en: str = ""

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def detail(self, lang: str) -> str:
        return self.detail_en if lang == "en" else self.detail_zh

    def method(self, lang: str) -> str:
        return self.method_en if lang == "en" else self.method_zh

    def evidence_text(self, lang: str) -> str:
        """The evidence as a line the clerk and the inspector read: "已比对份数：11；…"."""
        en = lang == "en"
        parts = []
        for key, value in self.evidence.items():
            label = EVIDENCE_LABELS.get(key, (key, key))[1 if en else 0]
            parts.append(f"{label}{': ' if en else '：'}{_value_text(value, en)}")
        return ("; " if en else "；").join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "result": self.result,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "method_zh": self.method_zh,
            "method_en": self.method_en,
            "detail_zh": self.detail_zh,
            "detail_en": self.detail_en,
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True)
class Section:
    key: SectionKey
    items: tuple[Item, ...]

    def title(self, lang: str) -> str:
        zh, en = SECTION_TITLES[self.key]
        return en if lang == "en" else zh

    @property
    def result(self) -> Result:
        return worst(i.result for i in self.items)


@dataclass(frozen=True)
class IntegrityReport:
    made_at: str  # UTC ISO-8601 with Z
    school: str
    archive_id: str
    sections: tuple[Section, ...]
    made_by: str = ""
    as_of: str = ""  # the day the ages were counted to (ISO date)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def result(self) -> Result:
        return worst(i.result for i in self.items)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(RESULT_TEXTS, 0)
        for i in self.items:
            out[i.result] += 1
        return out

    def conclusion(self, lang: str) -> str:
        counts = self.counts()
        zh, en = CONCLUSIONS[self.result]
        return (en if lang == "en" else zh).format(**counts)

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def to_json(self) -> dict[str, Any]:
        return {
            "made_at": self.made_at,
            "as_of": self.as_of,
            "made_by": self.made_by,
            "school": self.school,
            "archive_id": self.archive_id,
            "result": self.result,
            "counts": self.counts(),
            "sections": [
                {"key": s.key, "result": s.result, "items": [i.to_json() for i in s.items]}
                for s in self.sections
            ],
        }


def _value_text(value: object, en: bool) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("是" if value else "否")
    if isinstance(value, list | tuple):
        return (", " if en else "、").join(str(v) for v in value)
    if isinstance(value, dict):
        return (", " if en else "、").join(f"{k} {v}" for k, v in value.items())
    return str(value)


def worst(results: Any) -> Result:
    """fail > warn > pass; an item not checked never makes the whole fail or pass."""
    seen = set(results)
    order: tuple[Result, ...] = ("fail", "warn", "pass")
    for r in order:
        if r in seen:
            return r
    return "not_checked"


def result_text(result: str, lang: str) -> str:
    zh, en = RESULT_TEXTS[result]
    return en if lang == "en" else zh


def make_item(
    key: str,
    result: str,
    variant: str,
    evidence: Mapping[str, object],
    *,
    texts: Mapping[str, tuple[str, str]] | None = None,
) -> Item:
    """An item with its texts from messages_integrity: the detail ``key:variant`` filled from
    the evidence and ``texts`` (language-dependent pieces, (zh, en))."""
    if result not in RESULT_TEXTS:
        raise ValueError(f"unknown result {result!r}")
    label_zh, label_en, how_zh, how_en = ITEMS[key]
    zh, en = DETAILS[f"{key}:{variant}"]
    extra = texts or {}
    params_zh = _Blank({**evidence, **{k: v[0] for k, v in extra.items()}})
    params_en = _Blank({**evidence, **{k: v[1] for k, v in extra.items()}})
    return Item(
        key=key,
        result=cast(Result, result),
        label_zh=label_zh,
        label_en=label_en,
        detail_zh=zh.format_map(params_zh),
        detail_en=en.format_map(params_en),
        evidence=dict(evidence),
        method_zh=how_zh,
        method_en=how_en,
    )


@dataclass
class _Steps:
    """One progress scale over the phases: fixed steps plus one per blob."""

    progress: Progress | None
    cancelled: Cancelled | None
    total: int = 0
    done: int = 0
    fixed: int = field(default=4)

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise OperationCancelled()

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def four_properties(
    session: Session,
    *,
    today: datetime.date,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> IntegrityReport:
    """Run every check and build the report; audited ``integrity_report_made``.
    Raises OperationCancelled when ``cancelled()`` (nothing recorded then)."""
    session.require(Permission.CHECK_ARCHIVE)
    if not isinstance(today, datetime.date) or isinstance(today, datetime.datetime):
        raise ValidationError(field="today", reason="invalid")
    from xueji_desktop.services import integrity_checks as checks
    from xueji_desktop.services.integrity_blobs import check_blobs, count_blobs, leftover_count

    h = session.archive
    steps = _Steps(progress, cancelled)
    steps.total = steps.fixed + count_blobs(h.db.conn)
    steps.check()
    # Counted first: a clean archive check removes what a cut-short destruction left behind.
    leftover = leftover_count(h)
    base = checks.archive_checks(session, cancelled)
    steps.step()
    steps.check()
    chain = checks.chain_facts(h)
    steps.step()
    steps.check()
    health = checks.health_counts(session, today, cancelled)
    steps.step()
    start = steps.done

    def blob_progress(done: int, total: int) -> None:
        if progress is not None:
            progress(start + done, steps.total)

    blobs = check_blobs(h, leftover_before=leftover, progress=blob_progress, cancelled=cancelled)
    steps.check()
    sections = (
        Section("authenticity", checks.authenticity(base, chain, blobs, health)),
        Section("integrity", checks.integrity(base, chain, blobs, health)),
        Section("usability", checks.usability(session, base, blobs, today)),
        Section("security", checks.security(session, base, blobs, today)),
    )
    if progress is not None:  # destroyed blobs were counted in the total but not read
        progress(steps.total, steps.total)
    made_at = datetime.datetime.fromtimestamp(h.clock(), datetime.UTC)
    report = IntegrityReport(
        made_at=made_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        school=checks.school_name(h.db.conn),
        archive_id=h.archive_id,
        sections=sections,
        made_by=session.username,
        as_of=today.isoformat(),
    )
    counts = report.counts()
    with h.db.atomic():
        audit.record(
            h,
            session.username,
            ACTION_MADE,
            target_type="archive",
            target_id=h.archive_id,
            details={
                "result": report.result,
                **counts,
                "not_passed": [i.key for i in report.items if i.result in ("fail", "warn")],
            },
        )
    return report


__all__ = [
    "ACTION_MADE",
    "SECTION_KEYS",
    "IntegrityReport",
    "Item",
    "Section",
    "four_properties",
    "make_item",
    "result_text",
    "worst",
]
