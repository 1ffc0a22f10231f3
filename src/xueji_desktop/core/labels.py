"""Labels of the archive's own states and events (学籍状态, 上报状态, 学籍异动 kinds): name -> 中文.

No imports of ours: the CLI builds its argument choices from these at start-up without loading
the code tables (core/codes.py) or the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["KIND_LABELS", "REPORT_STATUS_LABELS", "STATUS_LABELS"]

# 学籍状态 (GLOSSARY): stored name -> label.
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "enrolled": "在籍",
        "on_leave": "休学",
        "graduated": "毕业",
        "completed_without_diploma": "结业",
        "studied_without_completing": "肄业",
        "withdrawn": "退学",
        "expelled": "开除",
        "transferred_out": "转出",
        "deregistered": "注销",
        "deceased": "死亡",
    }
)
# 学籍异动 kinds (GLOSSARY): stored name -> label.
KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "leave_of_absence": "休学",
        "return_from_leave": "复学",
        "withdrawal": "退学",
        "transfer_out": "转出",
        "transfer_in": "转入",
        "expulsion": "开除学籍",
        "repeat_year": "留级",
        "demotion": "降级",
        "change_major": "转专业",
        "change_class": "调班",
        "deregistration": "注销",
        "death": "死亡",
        "graduation": "毕业",
        "early_graduation": "提前毕业",
        "completion": "结业",
        "diploma_after_completion": "结业换发毕业证",
        "studied_without_completing": "肄业",
    }
)
# 上报状态 of records and status changes.
REPORT_STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "draft": "草稿",
        "confirmed": "已核对",
        "reported": "已上报",
        "approved": "已核准",
        "returned": "退回",
    }
)
