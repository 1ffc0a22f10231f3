"""``xueji import national-list`` and ``xueji import photos``: the imports that are not rows of
students or grades (issue 6 §1, §4). cli_import has the parser and the contract.

The national list is compared first and changes nothing unless ``--fill-registry-numbers`` or
``--mark-approved`` asks for it; its exit status is 0 when the comparison ran, whatever it found
(like ``health``). Photos print the sheet imports' shape (new = a first photo, update = a photo
replaced, duplicate/error = files not imported); exit 1 when no file matches a student.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from xueji_desktop.cli_import import (
    SHOWN_PROBLEMS,
    print_result,
    problem_json,
    problem_line,
    read_file,
    text,
)
from xueji_desktop.messages_cli_import import CLI_IMPORT_TEXTS

# -- what an update changes ------------------------------------------------------------------


def shown(field: str, value: object) -> object:
    """A stored value as the clerk knows it: labels, not codes (family members as template
    rows); other values as they are."""
    from xueji_desktop.core.template import field_label, to_template

    if value is None:
        return ""
    if field == "family_members":
        return to_template({field: value}).get("家庭成员", value)
    label = field_label(field)
    if label != field:
        return to_template({field: value}).get(label, value)
    return value if isinstance(value, str | int | float | bool) else str(value)


def changes_json(plan: Any) -> list[dict[str, Any]]:
    """Each update row and what it changes, field by field (--json)."""
    from xueji_desktop.cli_input import column

    return [
        {
            "row": r.row,
            "label": r.label,
            "student_id": r.student_id,
            "changes": [
                {
                    "field": column(c.field),
                    "old": shown(c.field, c.old),
                    "new": shown(c.field, c.new),
                }
                for c in r.changes
            ],
        }
        for r in plan.rows
        if r.kind == "update"
    ]


def _flat(value: object) -> str:
    if isinstance(value, list):  # family members: one "name/relation/…" per member
        return "、".join("/".join(str(v) for v in m.values() if v not in ("", None))
                        for m in value if isinstance(m, dict))  # fmt: skip
    return str(value)


def change_lines(plan: Any, *, limit: int = SHOWN_PROBLEMS) -> list[str]:
    """The first updates, field by field, for the human summary."""
    from xueji_desktop.problem_text import field_text

    updates = [r for r in plan.rows if r.kind == "update"]
    if not updates:
        return []
    lines = [text("changes_head", count=len(updates))]
    for r in updates[:limit]:
        items = [
            text(
                "change_item",
                field=field_text(c.field),
                old=_flat(shown(c.field, c.old)),
                new=_flat(shown(c.field, c.new)),
            )
            for c in r.changes
        ]
        lines.append(text("change_row", row=r.row, label=r.label,
                          changes=text("change_sep").join(items)))  # fmt: skip
    if len(updates) > limit:
        lines.append(text("more_changes", count=len(updates) - limit))
    return lines


# -- the national list ------------------------------------------------------------------------


def difference_json(d: Any) -> dict[str, Any]:
    from xueji_desktop.cli_input import column

    return {
        "kind": d.kind,
        "row": d.row,
        "student_id": d.student_id,
        "label": d.label,
        "field": column(d.field) if d.field else "",
        "ours": d.ours,
        "theirs": d.theirs,
        "message": difference_text(d),
    }


def difference_text(d: Any, lang: str | None = None) -> str:
    """What differs, for a clerk: 学籍状态不同：本库为“在籍”，名单为“休学”."""
    from xueji_desktop.problem_text import field_text

    key = f"diff_{d.kind}" if f"diff_{d.kind}" in CLI_IMPORT_TEXTS else "diff_other"
    name = field_text(d.field, lang) if d.field else ""
    return text(key, lang, field=name, ours=d.ours, theirs=d.theirs)


def reconciliation_json(rec: Any) -> dict[str, Any]:
    return {
        "sheet": rec.sheet,
        "rows": rec.rows,
        "matched": len(rec.matched),
        "counts": rec.counts(),
        "differences": [difference_json(d) for d in rec.differences],
        "fillable": len(rec.fillable),
        "markable": len(rec.markable),
        "unmarkable": [{"student_id": sid, "上报状态": s} for sid, s in rec.unmarkable],
        "problems": [problem_json(p) for p in rec.problems],
    }


def reconciliation_lines(rec: Any, *, limit: int = SHOWN_PROBLEMS) -> list[str]:
    lines = [
        text(
            "reconcile_counts",
            rows=rec.rows,
            matched=len(rec.matched),
            differences=len(rec.differences),
            fillable=len(rec.fillable),
        )
    ]
    if not rec.differences and not rec.problems:
        lines.append(text("reconcile_none"))
    for d in rec.differences[:limit]:
        where = text("diff_where_row", row=d.row) if d.row else ""
        lines.append(text("diff_line", where=where, label=d.label, text=difference_text(d)))
    if len(rec.differences) > limit:
        lines.append(text("more_problems_file", count=len(rec.differences) - limit))
    lines += [problem_line(p) for p in rec.problems[:limit]]
    return lines


def national_list(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services import reconcile

    path, sheet = read_file(args)
    rec = reconcile.plan_national_list(session, sheet, source=str(path))
    payload = reconciliation_json(rec)
    lines = reconciliation_lines(rec)
    if args.fill_registry_numbers or args.mark_approved:
        result = reconcile.apply_reconciliation(
            session,
            sheet,
            rec,
            fill_registry_numbers=args.fill_registry_numbers,
            mark_approved=args.mark_approved,
        )
        payload.update(updated=result.updated, skipped=result.skipped)
        lines.append(text("reconcile_applied", updated=result.updated))
    else:
        lines.append(text("reconcile_report_only"))
    payload["ok"] = True
    print_result(args, payload, "\n".join(lines))
    return 0


# -- photos -------------------------------------------------------------------------------------


def photos_json(plan: Any) -> dict[str, Any]:
    """A photo plan in the sheet imports' shape: new/update (replacing a photo), duplicate and
    error (files not matched), and a problem per file not imported."""
    from xueji_desktop.problem_text import problem_text

    duplicates = sum(1 for m in plan.unmatched if m.reason == "duplicate")
    return {
        "new": sum(1 for m in plan.matched if not m.replaces),
        "update": sum(1 for m in plan.matched if m.replaces),
        "duplicate": duplicates,
        "error": len(plan.unmatched) - duplicates,
        "matched": [
            {
                "file": m.file_name,
                "student_id": m.student_id,
                "label": m.label,
                "replaces": m.replaces,
            }
            for m in plan.matched
        ],
        "problems": [
            {
                "row": None,
                "column": "",
                "file": m.file_name,
                "code": m.problem().code,
                "message": problem_text(m.problem()),
            }
            for m in plan.unmatched
        ],
    }


def photos(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.problem_text import problem_text
    from xueji_desktop.services import import_photos

    source = Path(args.source).expanduser()
    plan = import_photos.plan_photos(session, source)
    payload = photos_json(plan)
    total = len(plan.matched) + len(plan.unmatched)
    lines = [text("photos_counts", total=total, matched=len(plan.matched),
                  unmatched=len(plan.unmatched))]  # fmt: skip
    lines += [text("photo_unmatched", file=m.file_name, reason=problem_text(m.problem()))
              for m in plan.unmatched[:SHOWN_PROBLEMS]]  # fmt: skip
    if len(plan.unmatched) > SHOWN_PROBLEMS:
        lines.append(text("more_problems_file", count=len(plan.unmatched) - SHOWN_PROBLEMS))
    ok = bool(plan.matched)  # with no match, an import would have nothing to do
    if args.dry_run:
        lines.append(text("dry_run_done"))
    else:
        result = import_photos.commit_photos(session, source, plan)
        payload.update(added=result.added, updated=result.updated, skipped=result.skipped)
        lines.append(text("photos_committed", added=result.added, updated=result.updated,
                          skipped=result.skipped))  # fmt: skip
    payload.update(ok=ok, dry_run=bool(args.dry_run))
    print_result(args, payload, "\n".join(lines))
    return 0 if ok else 1
