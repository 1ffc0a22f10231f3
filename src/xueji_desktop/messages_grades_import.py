"""Clerk sentences (zh, en) for the Problem codes of the grade import (issue 6)."""

from __future__ import annotations

GRADE_IMPORT_PROBLEMS: dict[str, tuple[str, str]] = {}
