"""Clerk sentences (zh, en) for the Problem codes of the reconciliation with the national list
and of the photo import (issue 6)."""

from __future__ import annotations

RECONCILE_PROBLEMS: dict[str, tuple[str, str]] = {}
