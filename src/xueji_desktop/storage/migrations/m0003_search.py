"""Schema 3: an index for the data-health report's "no grades in a finished term" check.

Which students have any grade in a term is one covering range of ``grades(term_id, student_id)``
(~0.1 s per term on 4,000,000 grades). Without it the check either looks up every grade row of
the term through ``grades_term`` or scans the whole unique index with a temporary B-tree: 2-5 s
per term on the benchmark archive (docs/design/search.md). No table changes: ``search_keys``
(m0002) already holds the search index.
"""

from __future__ import annotations

from xueji_desktop.storage.connection import Connection

VERSION = 3


def apply(conn: Connection) -> None:
    conn.execute("CREATE INDEX grades_term_student ON grades(term_id, student_id)")
