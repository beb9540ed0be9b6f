"""Webhook rules: URL checks (SSRF), secrets shown once, deliveries started as workflows."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.deps import parse_uuid
from api.pagination import keyset_page
from api.schemas import iso
from api.state import AppState
from core import temporal_ops, webhook_net
from core.errors import NotFound, WebhookUrlRefused
from core.models import Project, utcnow
from core.models_ops import Webhook, WebhookDelivery
from core.repositories import After
from core.repositories import webhooks as repo
from core.webhook_crypto import encrypt_secret, new_secret


async def check_url(state: AppState, url: str) -> str:
    """Refuse what a delivery would refuse: not http(s), credentials, or a host that is (or
    resolves to) a loopback, private, link-local, multicast, reserved or metadata address.
    Every delivery checks again (DNS answers change)."""
    guard = webhook_net.Guard(allow_private=state.settings.webhook_allow_private)
    try:
        parsed = webhook_net.check_url(url.strip())
        await guard.pin(parsed.host, webhook_net.default_port(parsed))
    except webhook_net.AddressRefused as exc:
        raise WebhookUrlRefused(str(exc)) from exc
    return str(parsed)


async def create(
    state: AppState, session: AsyncSession, project: Project, url: str, events: list[str]
) -> tuple[Webhook, str]:
    """The new webhook and its signing secret (returned once, stored encrypted)."""
    checked = await check_url(state, url)
    secret = new_secret()
    webhook_id = uuid.uuid4()
    webhook = await repo.create(
        session,
        Webhook(
            id=webhook_id,
            project_id=project.id,
            owner_id=project.owner_id,
            url=checked,
            events=events,
            secret_ciphertext=encrypt_secret(state.settings, webhook_id, secret),
            secret_hint=secret[:10],
        ),
    )
    await session.commit()
    return webhook, secret


async def list_page(
    session: AsyncSession, project: Project, limit: int, cursor: str | None
) -> tuple[list[Webhook], str | None]:
    async def fetch(n: int, after: After | None) -> list[Webhook]:
        return await repo.list_for_project(session, project.id, limit=n, after=after)

    return await keyset_page(fetch, limit, cursor)


async def get_owned(session: AsyncSession, webhook_id: str, user_id: uuid.UUID) -> Webhook:
    webhook = await repo.get_owned(session, parse_uuid(webhook_id, "Webhook"), user_id)
    if webhook is None:
        raise NotFound("Webhook")
    return webhook


async def delete(session: AsyncSession, webhook: Webhook) -> None:
    await repo.soft_delete(session, webhook)
    await session.commit()


async def _start(
    state: AppState, session: AsyncSession, webhook: Webhook, delivery: WebhookDelivery
) -> WebhookDelivery:
    delivery = await repo.add_delivery(session, delivery)
    await session.commit()
    await temporal_ops.start_delivery(state.temporal, webhook, delivery)
    return delivery


async def ping(state: AppState, session: AsyncSession, webhook: Webhook) -> WebhookDelivery:
    """A ``ping`` event to this webhook alone (to check the receiver and its verification)."""
    key = f"ping-{uuid.uuid4()}"
    payload = {
        "id": key,
        "type": "ping",
        "createdAt": iso(utcnow()),
        "projectId": str(webhook.project_id),
        "webhookId": str(webhook.id),
        "data": {"message": "Ping from Slipway: this webhook is set up", "events": webhook.events},
    }
    delivery = WebhookDelivery(
        id=temporal_ops.delivery_id(webhook.id, key),
        webhook_id=webhook.id,
        event_id=key,
        event_type="ping",
        payload=payload,
        workflow_id=temporal_ops.delivery_workflow_id(webhook.id, key),
    )
    return await _start(state, session, webhook, delivery)


async def deliveries_page(
    session: AsyncSession, webhook: Webhook, limit: int, cursor: str | None
) -> tuple[list[WebhookDelivery], str | None]:
    async def fetch(n: int, after: After | None) -> list[WebhookDelivery]:
        return await repo.list_deliveries(session, webhook.id, limit=n, after=after)

    return await keyset_page(fetch, limit, cursor)


async def redeliver(
    state: AppState, session: AsyncSession, webhook: Webhook, delivery_id: str
) -> WebhookDelivery:
    """The same event and body again, as a new delivery (new id, new signature)."""
    original = await repo.get_delivery(session, parse_uuid(delivery_id, "Delivery"))
    if original is None or original.webhook_id != webhook.id:
        raise NotFound("Delivery")
    new_id = uuid.uuid4()
    key = f"redeliver-{new_id}"
    delivery = WebhookDelivery(
        id=new_id,
        webhook_id=webhook.id,
        event_id=original.event_id,
        event_type=original.event_type,
        payload=original.payload,
        redelivery_of=original.id,
        workflow_id=temporal_ops.delivery_workflow_id(webhook.id, key),
    )
    return await _start(state, session, webhook, delivery)
