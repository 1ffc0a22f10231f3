"""Worker-side calls of the 保管期限 page: one small function per user action.

Everything here runs on the session worker, never on the GUI thread, and touches no widget. The
services (services/retention_rules.py, destruction.py) check the roles (the rules are the
admin's, proposing is the clerk's, approving is the admin's with the password again), validate
and audit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.services import destruction, retention_register, retention_rules
from xueji_desktop.services.context import Session


@dataclass(frozen=True)
class RetentionView:
    """Everything the page shows at once."""

    rules: list[retention_rules.RetentionRule]
    due: list[destruction.DueItem]  # due by ``as_of``
    proposals: list[retention_register.RegisterEntry]  # awaiting the admin's decision
    register: list[retention_register.RegisterEntry]  # entries of ``year`` (None: every year)
    as_of: datetime.date
    year: int | None


def load(session: Session, as_of: datetime.date, year: int | None) -> RetentionView:
    return RetentionView(
        rules=retention_rules.get_rules(session),
        due=destruction.review_list(session, as_of=as_of),
        proposals=retention_register.register(session, status="proposed"),
        register=retention_register.register(session, year=year),
        as_of=as_of,
        year=year,
    )


def set_rule(
    session: Session, doc_type: str, years: int | None, counted_from: str
) -> list[retention_rules.RetentionRule]:
    retention_rules.set_rule(
        session,
        doc_type,
        years=years,
        counted_from=counted_from,
    )
    return retention_rules.get_rules(session)


def propose(
    session: Session, attachment_ids: Sequence[int], reason: str, today: datetime.date
) -> list[str]:
    return destruction.propose(session, list(attachment_ids), reason=reason, today=today)


def decide(
    session: Session,
    serials: Sequence[str],
    *,
    approve: bool,
    admin_password: str,
    remark: str,
    today: datetime.date,
) -> list[str]:
    return destruction.decide(
        session,
        list(serials),
        approve=approve,
        admin_password=admin_password,
        remark=remark,
        today=today,
    )


def print_register(session: Session, out: Path, year: int | None, lang: str) -> Path:
    return retention_register.print_register(session, out, year=year, lang=lang, overwrite=True)


def export_register(session: Session, out: Path, year: int | None, lang: str) -> Path:
    return retention_register.export_register(session, out, year=year, lang=lang, overwrite=True)
