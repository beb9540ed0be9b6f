"""Webhook endpoints: create (secret shown once), list, delete, ping, deliveries, redeliver."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.audit.recorder import audited
from api.deps import OwnedProject, ProjectLimit, Session, State, UserId, WritableProject
from api.keys.scopes import Scope, requires
from api.pagination import Paging
from api.schemas import Data, Page, PageMeta
from api.webhooks import service
from api.webhooks.schemas import DeliveryOut, WebhookCreate, WebhookCreated, WebhookOut

router = APIRouter(tags=["webhooks"], dependencies=[ProjectLimit])


@router.post(
    "/projects/{project_id}/webhooks",
    status_code=status.HTTP_201_CREATED,
    response_model=Data[WebhookCreated],
)
@audited("webhook.create", created="webhook")
@requires(Scope.WEBHOOKS_MANAGE)
async def create_webhook(
    project: WritableProject, body: WebhookCreate, session: Session, state: State
) -> Data[WebhookCreated]:
    """The signing ``secret`` is in this response only: store it where the receiver runs."""
    webhook, secret = await service.create(state, session, project, body.url, list(body.events))
    return Data(data=WebhookCreated(**WebhookOut.of(webhook).model_dump(), secret=secret))


@router.get("/projects/{project_id}/webhooks", response_model=Page[WebhookOut])
@requires(Scope.WEBHOOKS_MANAGE)
async def list_webhooks(project: OwnedProject, session: Session, page: Paging) -> Page[WebhookOut]:
    rows, next_cursor = await service.list_page(session, project, page.limit, page.cursor)
    return Page(data=[WebhookOut.of(w) for w in rows], meta=PageMeta(next_cursor=next_cursor))


@router.delete("/webhooks/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT)
@audited("webhook.delete")
@requires(Scope.WEBHOOKS_MANAGE)
async def delete_webhook(webhook_id: str, user_id: UserId, session: Session) -> None:
    await service.delete(session, await service.get_owned(session, webhook_id, user_id))


@router.post(
    "/webhooks/{webhook_id}/ping",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Data[DeliveryOut],
)
@audited("webhook.ping")
@requires(Scope.WEBHOOKS_MANAGE)
async def ping_webhook(
    webhook_id: str, user_id: UserId, session: Session, state: State
) -> Data[DeliveryOut]:
    """A ``ping`` event to this webhook. It is sent even when a 410 disabled the webhook, and
    a 2xx answer enables it again (the receiver is back)."""
    webhook = await service.get_owned(session, webhook_id, user_id)
    delivery = await service.ping(state, session, webhook)
    return Data(data=DeliveryOut.of(delivery, webhook.url))


@router.get("/webhooks/{webhook_id}/deliveries", response_model=Page[DeliveryOut])
@requires(Scope.WEBHOOKS_MANAGE)
async def list_deliveries(
    webhook_id: str, user_id: UserId, session: Session, page: Paging
) -> Page[DeliveryOut]:
    """Newest first: each delivery's request, latest response status, duration and attempts."""
    webhook = await service.get_owned(session, webhook_id, user_id)
    rows, next_cursor = await service.deliveries_page(session, webhook, page.limit, page.cursor)
    return Page(
        data=[DeliveryOut.of(d, webhook.url) for d in rows],
        meta=PageMeta(next_cursor=next_cursor),
    )


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Data[DeliveryOut],
)
@audited("webhook.redeliver")
@requires(Scope.WEBHOOKS_MANAGE)
async def redeliver(
    webhook_id: str, delivery_id: str, user_id: UserId, session: Session, state: State
) -> Data[DeliveryOut]:
    webhook = await service.get_owned(session, webhook_id, user_id)
    delivery = await service.redeliver(state, session, webhook, delivery_id)
    return Data(data=DeliveryOut.of(delivery, webhook.url))
