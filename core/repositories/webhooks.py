"""Webhooks (per project) and their deliveries."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import utcnow
from core.models_ops import Webhook, WebhookDelivery
from core.repositories import After, newest_first


async def create(session: AsyncSession, webhook: Webhook) -> Webhook:
    session.add(webhook)
    await session.flush()
    return webhook


async def get(session: AsyncSession, webhook_id: uuid.UUID) -> Webhook | None:
    return await session.get(Webhook, webhook_id, populate_existing=True)


async def get_owned(
    session: AsyncSession, webhook_id: uuid.UUID, owner_id: uuid.UUID
) -> Webhook | None:
    """A webhook of this user that is not deleted."""
    result = await session.exec(
        select(Webhook).where(
            Webhook.id == webhook_id,
            Webhook.owner_id == owner_id,
            col(Webhook.deleted_at).is_(None),
        )
    )
    return result.first()


async def list_for_project(
    session: AsyncSession, project_id: uuid.UUID, *, limit: int, after: After | None
) -> list[Webhook]:
    query = select(Webhook).where(
        Webhook.project_id == project_id, col(Webhook.deleted_at).is_(None)
    )
    return list((await session.exec(newest_first(query, Webhook, after, limit))).all())


async def subscribed(session: AsyncSession, project_id: uuid.UUID, event: str) -> list[Webhook]:
    """The active webhooks of a project that listen to ``event``."""
    result = await session.exec(
        select(Webhook).where(
            Webhook.project_id == project_id,
            col(Webhook.active).is_(True),
            col(Webhook.deleted_at).is_(None),
        )
    )
    return [w for w in result.all() if event in (w.events or [])]


async def soft_delete(session: AsyncSession, webhook: Webhook) -> None:
    """Deleted webhooks stop receiving at once; their deliveries stay for the record."""
    now = utcnow()
    webhook.deleted_at = now
    webhook.active = False
    webhook.disabled_at = webhook.disabled_at or now
    webhook.disabled_reason = webhook.disabled_reason or "deleted"
    session.add(webhook)
    await session.flush()


async def disable(session: AsyncSession, webhook_id: uuid.UUID, reason: str) -> bool:
    """Disable an active webhook; False when it was not active (nothing changed)."""
    result = await session.exec(
        sa.update(Webhook)
        .where(col(Webhook.id) == webhook_id, col(Webhook.active).is_(True))
        .values(active=False, disabled_at=utcnow(), disabled_reason=reason[:500])
    )
    return bool(result.rowcount)


async def enable(session: AsyncSession, webhook_id: uuid.UUID) -> None:
    """Active again (a disabled webhook whose receiver answered a ping or redelivery)."""
    await session.exec(
        sa.update(Webhook)
        .where(col(Webhook.id) == webhook_id, col(Webhook.deleted_at).is_(None))
        .values(active=True, disabled_at=None, disabled_reason=None)
    )


# --- deliveries --------------------------------------------------------------------------------


async def get_delivery(session: AsyncSession, delivery_id: uuid.UUID) -> WebhookDelivery | None:
    return await session.get(WebhookDelivery, delivery_id, populate_existing=True)


async def add_delivery(session: AsyncSession, delivery: WebhookDelivery) -> WebhookDelivery:
    """Insert unless a delivery with this id exists (ids are derived from webhook + event)."""
    existing = await session.get(WebhookDelivery, delivery.id)
    if existing is not None:
        return existing
    session.add(delivery)
    await session.flush()
    return delivery


async def list_deliveries(
    session: AsyncSession, webhook_id: uuid.UUID, *, limit: int, after: After | None
) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    return list((await session.exec(newest_first(query, WebhookDelivery, after, limit))).all())


async def update_delivery(session: AsyncSession, delivery_id: uuid.UUID, **values: Any) -> None:
    await session.exec(
        sa.update(WebhookDelivery).where(col(WebhookDelivery.id) == delivery_id).values(**values)
    )


async def count_redeliveries(session: AsyncSession, delivery_id: uuid.UUID) -> int:
    result = await session.exec(
        select(sa.func.count()).where(col(WebhookDelivery.redelivery_of) == delivery_id)
    )
    return int(result.one())
