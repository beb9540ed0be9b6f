"""Reliability rules: backups, timestamps, soft delete, dead-letter queues."""

from __future__ import annotations

from slipway.ir import Blueprint, FieldDef, QueueDef
from slipway.rules.model import Pillar, Risk, Severity
from slipway.rules.paths import Locator, entity_path, locate, queue_path
from slipway.rules.registry import rule

# --- fixes ----------------------------------------------------------------------------------


def fix_pitr(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.infrastructure.point_in_time_recovery = True


def fix_backups(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    bp.infrastructure.backups = True


def fix_timestamps(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    e = locate(bp, at).entity(path)
    if e is None:
        return
    for name in ("created_at", "updated_at"):
        if e.field(name) is None:
            e.fields.append(FieldDef(name=name, type="datetime", required=True, managed=True))
    e.timestamps = True


def fix_soft_delete(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    e = locate(bp, at).entity(path)
    if e is not None:
        e.soft_delete = True


def fix_dlq(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    for q in locate(bp, at).queues(path):
        q.dead_letter = True


def fix_jobs_queue(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    if not bp.workflows.queues:
        bp.workflows.queues.append(QueueDef(name="jobs", dead_letter=True))


# --- checks ---------------------------------------------------------------------------------


@rule(
    "REL-001",
    Pillar.RELIABILITY,
    Severity.HIGH,
    title="DynamoDB point-in-time recovery",
    fix=fix_pitr,
    risk=Risk.SAFE,
    fix_description="enable point-in-time recovery",
)
def check_pitr(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "dynamodb" and not bp.infrastructure.point_in_time_recovery:
        return [
            ("infrastructure.pointInTimeRecovery", "DynamoDB tables have no point-in-time recovery")
        ]
    return []


@rule(
    "REL-002",
    Pillar.RELIABILITY,
    Severity.HIGH,
    title="PostgreSQL automated backups",
    fix=fix_backups,
    risk=Risk.SAFE,
    fix_description="enable automated backups",
)
def check_backups(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database == "postgres" and not bp.infrastructure.backups:
        return [("infrastructure.backups", "PostgreSQL has no automated backups")]
    return []


@rule(
    "REL-003",
    Pillar.RELIABILITY,
    Severity.MEDIUM,
    title="Entities carry timestamps",
    fix=fix_timestamps,
    risk=Risk.SAFE,
    fix_description="add managed created_at/updated_at",
)
def check_timestamps(bp: Blueprint) -> list[tuple[str, str]]:
    out = []
    for e in bp.entities:
        names = {f.name for f in e.fields}
        if "created_at" not in names or "updated_at" not in names:
            out.append((entity_path(e), f"{e.name} has no created_at/updated_at"))
    return out


@rule(
    "REL-004",
    Pillar.RELIABILITY,
    Severity.MEDIUM,
    title="Referenced entities use soft delete",
    fix=fix_soft_delete,
    risk=Risk.MEDIUM,
    fix_description="soft-delete rows instead of removing them",
)
def check_soft_delete(bp: Blueprint) -> list[tuple[str, str]]:
    referenced = {
        f.references for e in bp.entities for f in e.fields if f.references and not f.managed
    }
    return [
        (entity_path(e), f"{e.name} is referenced by other entities; deleting a row orphans them")
        for e in bp.entities
        if e.name in referenced and not e.soft_delete and not e.join_entity
    ]


@rule(
    "REL-005",
    Pillar.RELIABILITY,
    Severity.HIGH,
    title="Queues have dead-letter queues",
    fix=fix_dlq,
    risk=Risk.SAFE,
    fix_description="add a dead-letter queue",
)
def check_dlq(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (queue_path(q), f"queue {q.name} has no dead-letter queue: poison messages loop forever")
        for q in bp.workflows.queues
        if not q.dead_letter
    ]


@rule(
    "REL-006",
    Pillar.RELIABILITY,
    Severity.LOW,
    title="Scheduled jobs have a queue for retries",
    fix=fix_jobs_queue,
    risk=Risk.SAFE,
    fix_description="add a 'jobs' queue with a dead-letter queue",
)
def check_jobs_have_queue(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.workflows.jobs and not bp.workflows.queues:
        return [("workflows.queues", "scheduled jobs have no queue to retry failed work from")]
    return []
