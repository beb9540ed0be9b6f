"""Operation events (the progress log every stream replays) and stream tickets."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Blueprint, Deployment, utcnow
from core.models_events import OperationEvent, StreamTicket

NOTIFY_CHANNEL = "slipway_operation_events"
"""PostgreSQL channel an insert notifies (payload: the event id) once it commits."""
_INSERT_LOCK = 0x51_1977_E7
"""Advisory lock serializing inserts on PostgreSQL, so ids become visible in increasing order
(a sequence alone hands out ids in transaction-start order, not commit order)."""


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def insert(session: AsyncSession, **values: Any) -> tuple[OperationEvent, bool]:
    """Insert the event unless one with the same ``key`` exists; returns (row, created).

    On PostgreSQL the insert takes a transaction-scoped advisory lock first and notifies
    ``NOTIFY_CHANNEL``; both take effect at commit. The caller commits.
    """
    values.setdefault("created_at", utcnow())
    postgres = _is_postgres(session)
    if postgres:
        await session.execute(sa.select(sa.func.pg_advisory_xact_lock(_INSERT_LOCK)))
        stmt: Any = postgresql.insert(OperationEvent).on_conflict_do_nothing(index_elements=["key"])
    else:
        stmt = sqlite.insert(OperationEvent).on_conflict_do_nothing(index_elements=["key"])
    result = await session.exec(stmt.values(**values).returning(col(OperationEvent.id)))
    new_id = result.scalar_one_or_none()
    if new_id is None:
        existing = (
            await session.exec(select(OperationEvent).where(OperationEvent.key == values["key"]))
        ).one()
        return existing, False
    if postgres:
        await session.execute(sa.select(sa.func.pg_notify(NOTIFY_CHANNEL, str(new_id))))
    row = await session.get(OperationEvent, new_id)
    assert row is not None
    return row, True


def _scoped(
    query: Any, project_id: uuid.UUID | None, subject_id: uuid.UUID | None, parents: bool
) -> Any:
    if project_id is not None:
        query = query.where(OperationEvent.project_id == project_id)
    if subject_id is not None:
        query = query.where(
            sa.or_(
                col(OperationEvent.subject_id) == subject_id,
                col(OperationEvent.parent_id) == subject_id,
            )
            if parents
            else col(OperationEvent.subject_id) == subject_id
        )
    return query


async def after(
    session: AsyncSession,
    after_id: int,
    *,
    project_id: uuid.UUID | None = None,
    subject_id: uuid.UUID | None = None,
    parents: bool = False,
    limit: int = 500,
) -> list[OperationEvent]:
    """Events with an id above ``after_id``, oldest first: of one project, of one subject (and,
    with ``parents``, of the subjects it is the parent of), or of every project."""
    query = _scoped(
        select(OperationEvent).where(col(OperationEvent.id) > after_id),
        project_id,
        subject_id,
        parents,
    )
    query = query.order_by(col(OperationEvent.id)).limit(limit)
    return list((await session.exec(query)).all())


async def last_id(session: AsyncSession) -> int:
    """The newest event id of the whole table (0 when empty)."""
    value = (await session.exec(select(sa.func.max(OperationEvent.id)))).one()
    return int(value or 0)


# --- stream tickets ----------------------------------------------------------------------------


async def add_ticket(
    session: AsyncSession,
    token_hash: str,
    user_id: uuid.UUID,
    project_id: uuid.UUID | None,
    expires_at: datetime,
) -> StreamTicket:
    ticket = StreamTicket(
        token_hash=token_hash, user_id=user_id, project_id=project_id, expires_at=expires_at
    )
    session.add(ticket)
    await session.flush()
    return ticket


async def redeem_ticket(session: AsyncSession, token_hash: str) -> StreamTicket | None:
    """Mark an unexpired, unused ticket used and return it; None when there is no such ticket.
    One conditional UPDATE, so two requests racing with the same ticket cannot both win."""
    now = utcnow()
    result = await session.exec(
        sa.update(StreamTicket)
        .where(
            col(StreamTicket.token_hash) == token_hash,
            col(StreamTicket.used_at).is_(None),
            col(StreamTicket.expires_at) > now,
        )
        .values(used_at=now)
        .returning(col(StreamTicket.id))
    )
    ticket_id = result.scalar_one_or_none()
    if ticket_id is None:
        return None
    return await session.get(StreamTicket, ticket_id)


async def purge_tickets(session: AsyncSession, before: datetime) -> None:
    await session.exec(sa.delete(StreamTicket).where(col(StreamTicket.expires_at) < before))


async def subject_state(session: AsyncSession, subject_id: uuid.UUID) -> tuple[bool, bool]:
    """(any event recorded for the subject, a terminal one among them)."""
    types = (
        await session.exec(
            select(OperationEvent.type).where(OperationEvent.subject_id == subject_id).distinct()
        )
    ).all()
    return bool(types), bool(set(types) & TERMINAL_TYPES)


TERMINAL_TYPES = frozenset({"completed", "failed", "cancelled", "rolled_back"})


async def owner(
    session: AsyncSession, model: type[Blueprint] | type[Deployment], subject_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(owner id, project id) of a blueprint or deployment, which never change."""
    row = (
        await session.exec(select(model.owner_id, model.project_id).where(model.id == subject_id))
    ).first()
    return (row[0], row[1]) if row is not None else None
