"""The audit log: appended to, listed by its owner; never updated nor deleted (the migration's
triggers refuse UPDATE and DELETE on ``audit_log``)."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models_ops import AuditEntry
from core.repositories import After, newest_first


async def append(session: AsyncSession, entry: AuditEntry) -> AuditEntry:
    session.add(entry)
    await session.flush()
    return entry


async def list_for_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    project_id: uuid.UUID | None,
    action: str | None,
    limit: int,
    after: After | None,
) -> list[AuditEntry]:
    """A user's entries, newest first; ``action`` matches exactly, or a whole family when it
    has no dot (``deployment`` matches ``deployment.deploy``, ``deployment.cancel``, ...)."""
    query = select(AuditEntry).where(AuditEntry.user_id == user_id)
    if project_id is not None:
        query = query.where(AuditEntry.project_id == project_id)
    if action:
        if "." in action:
            query = query.where(AuditEntry.action == action)
        else:
            query = query.where(col(AuditEntry.action).startswith(f"{action}.", autoescape=True))
    return list((await session.exec(newest_first(query, AuditEntry, after, limit))).all())


SCHEDULE_ACTOR = "system:schedule"
"""The actor of what a Temporal Schedule does (a scheduled drift check)."""
WEBHOOKS_ACTOR = "system:webhooks"
"""The actor of what webhook delivery does by itself (disabling a webhook after a 410)."""


async def append_system(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    user_id: uuid.UUID,
    project_id: uuid.UUID,
    target: tuple[str, uuid.UUID],
    method: str,
    path: str,
    request_id: str,
    status_code: int,
) -> AuditEntry:
    """An entry no request made, in the owner's log: ``method`` names the trigger (``SCHEDULE``,
    ``DELIVERY``), ``path`` what ran (the workflow, the delivery), ``request_id`` its run, and
    ``status_code`` the status that led to it (202 as for the manual request, the receiver's
    410); the action was carried out, so the outcome is ``success``."""
    kind, target_id = target
    return await append(
        session,
        AuditEntry(
            user_id=user_id,
            actor=actor,
            action=action,
            target_kind=kind,
            target_id=str(target_id),
            project_id=project_id,
            outcome="success",
            status_code=status_code,
            method=method[:10],
            path=path[:500],
            request_id=request_id[:128],
        ),
    )
