"""Infrastructure: engine and region are replaced wholesale, settings change in place, buckets
come and go with their objects."""

from __future__ import annotations

from slipway.diff.model import Changes
from slipway.ir import Blueprint

CATEGORY = "infrastructure"
REPLACED = (
    ("database", "database engine changed (data does not move by itself)"),
    ("region", "region changed (every resource would be recreated)"),
)
IN_PLACE = (
    "billing_mode",
    "point_in_time_recovery",
    "backups",
    "log_retention_days",
    "structured_logging",
    "tracing",
    "alarms",
    "settings",
)


def diff_infrastructure(d: Changes, before: Blueprint, after: Blueprint) -> None:
    bi, ai = before.infrastructure, after.infrastructure
    for attr, reason in REPLACED:
        was, now = getattr(bi, attr), getattr(ai, attr)
        if was != now:
            d.modified(CATEGORY, f"infrastructure.{attr}", "blocked", reason, was, now)
    for attr in IN_PLACE:
        was, now = getattr(bi, attr), getattr(ai, attr)
        if was != now:
            reason = f"{attr.replace('_', ' ')} changed"
            d.modified(CATEGORY, f"infrastructure.{attr}", "safe", reason, was, now)
    old, new = set(bi.buckets), set(ai.buckets)
    for bucket in sorted(new - old):
        path = f"infrastructure.buckets.{bucket}"
        d.add(CATEGORY, "added", path, "safe", "new bucket", None, bucket)
    for bucket in sorted(old - new):
        path = f"infrastructure.buckets.{bucket}"
        d.add(CATEGORY, "removed", path, "unsafe", "bucket removed (its objects are lost)", bucket)
