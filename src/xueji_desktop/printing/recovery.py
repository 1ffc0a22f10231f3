"""The recovery sheet printed when an archive is created (kind ``recovery_sheet``).

The PDF is made in memory only; the caller prints it (or saves it when the admin asks). The
code is shown in its groups of five, large, so it can be typed back without miscounting.
"""

from __future__ import annotations

from xueji_desktop.core import recovery_code as rc
from xueji_desktop.printing import model
from xueji_desktop.printing.render import render_pdf
from xueji_desktop.printing.templates import builtin_template


def code_groups(code: str) -> list[str]:
    """The code's groups of five, whatever separators it was given with."""
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return [compact[i : i + rc.GROUP] for i in range(0, len(compact), rc.GROUP)]


def recovery_sheet_pdf(
    school_name: str, archive_id: str, recovery_code: str, created_on: str
) -> bytes:
    """The recovery sheet of one archive, as PDF bytes."""
    groups = code_groups(recovery_code)
    doc = model.Document(
        kind=model.RECOVERY_SHEET,
        fields={
            "school_name": school_name,
            "archive_id": archive_id,
            "created_on": created_on,
            "recovery_code": recovery_code,
            "recovery_code_groups": "  ".join(groups),
        },
        subject="恢复单",
    )
    template = builtin_template(model.RECOVERY_SHEET)
    # mark_missing: a rare character in the school name must never stop this sheet; the code
    # itself is plain Latin letters and digits.
    return render_pdf(
        [doc],
        template,
        model.Letterhead(school_name=school_name),
        mark_missing=True,
        title=f"{school_name} 恢复单",
    )
