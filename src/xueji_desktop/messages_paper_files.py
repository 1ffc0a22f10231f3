"""Clerk sentences (zh, en) for issue 8's paper files services: errors, validation problems and
the names of their fields."""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
PAPER_FILES_ERRORS: dict[str, tuple[str, str]] = {}
# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
PAPER_FILES_PROBLEMS: dict[str, tuple[str, str]] = {}
# Field name -> (zh, en); merged into EXTRA_FIELD_NAMES.
PAPER_FILES_FIELD_NAMES: dict[str, tuple[str, str]] = {}
