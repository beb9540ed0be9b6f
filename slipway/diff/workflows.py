"""Scheduled jobs, queues and events, matched by name. Removing a queue loses the messages in
flight; switching a queue between standard and FIFO replaces it."""

from __future__ import annotations

from collections.abc import Sequence

from slipway.diff.model import ChangeClass, Changes
from slipway.ir import Blueprint, EventDef, QueueDef, ScheduledJob

CATEGORY = "workflow"
Item = ScheduledJob | QueueDef | EventDef


def diff_workflows(d: Changes, before: Blueprint, after: Blueprint) -> None:
    bw, aw = before.workflows, after.workflows
    diff_kind(d, "jobs", bw.jobs, aw.jobs, "safe")
    diff_kind(d, "queues", bw.queues, aw.queues, "unsafe")
    diff_kind(d, "events", bw.events, aw.events, "safe")


def diff_kind(
    d: Changes, kind: str, old: Sequence[Item], new: Sequence[Item], removal: ChangeClass
) -> None:
    one = kind[:-1]
    olds = {i.name: i for i in old}
    news = {i.name: i for i in new}
    for name in sorted(news.keys() - olds.keys()):
        d.add(CATEGORY, "added", f"workflows.{kind}.{name}", "safe", f"new {one}", None, name)
    for name in sorted(olds.keys() - news.keys()):
        reason = (
            "queue removed (messages in flight are lost)" if kind == "queues" else f"{one} removed"
        )
        d.add(CATEGORY, "removed", f"workflows.{kind}.{name}", removal, reason, name)
    for name in sorted(olds.keys() & news.keys()):
        a, b = olds[name], news[name]
        if a == b:
            continue
        replaced = isinstance(a, QueueDef) and isinstance(b, QueueDef) and a.fifo != b.fifo
        reason = "queue type changed (the queue is replaced)" if replaced else f"{one} changed"
        before, after = a.model_dump(by_alias=True), b.model_dump(by_alias=True)
        d.modified(
            CATEGORY,
            f"workflows.{kind}.{name}",
            "unsafe" if replaced else "safe",
            reason,
            before,
            after,
        )
