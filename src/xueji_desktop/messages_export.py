"""Clerk sentences (zh, en) for the Problem codes of the spreadsheet export (issue 6)."""

from __future__ import annotations

EXPORT_PROBLEMS: dict[str, tuple[str, str]] = {}
