"""The operations side of the event log (``activities.events``): a subscriber that turns
recorded events into webhook deliveries and keeps each project's drift schedule in step with
what is deployed.

The subscriber runs inside the ``events.record`` activity, which Temporal may retry: everything
here is idempotent by the event's id (delivery ids and workflow ids derive from it, and
schedules are created-or-updated / deleted-if-present).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from activities.deps import ActivityDeps
from activities.events import EVENT_SUBSCRIBERS, RecordedEvent
from core import temporal_ops
from core.models_ops import WebhookDelivery
from core.repositories import webhooks as repo

logger = logging.getLogger("slipway.webhooks")

WEBHOOK_EVENTS: dict[str, str] = {
    "generation.completed": "generation.completed",
    "generation.failed": "generation.failed",
    "validation.completed": "validation.completed",
    "deploy.started": "deployment.started",
    "deploy.completed": "deployment.completed",
    "deploy.failed": "deployment.failed",
    "deploy.cancelled": "deployment.failed",
    "deploy.rolled_back": "deployment.failed",
    "deploy.awaiting_decision": "deployment.awaiting_decision",
    "rollback.completed": "rollback.completed",
    "rollback.failed": "rollback.failed",
    "rollback.cancelled": "rollback.failed",
    "rollback.rolled_back": "rollback.failed",
    "destroy.completed": "destroy.completed",
    "destroy.failed": "destroy.failed",
    "destroy.cancelled": "destroy.failed",
    "drift.detected": "drift.detected",
}
"""Event-log names (``{operation}.{type}``) → the webhook event they are delivered as.

An operation that ends without completing sends its ``*.failed`` event whatever the ending:
failed (for a parked deploy: no decision before the timeout), cancelled, or rolled back after
a failure (a deploy or rollback parked, then ``request_rollback``); the body's ``data.status``
says which. A deploy that parks sends ``deployment.awaiting_decision`` first, and its
``deployment.failed`` (or ``deployment.completed`` after ``continue``) only when it ends."""
EVENT_TYPES = tuple(dict.fromkeys(WEBHOOK_EVENTS.values()))
"""Every event a webhook can subscribe to (``ping`` is sent on request only)."""
DEPLOYED = {"deploy.completed", "rollback.completed"}
DESTROYED = {"destroy.completed"}


def payload(
    event_id: str, event_type: str, project_id: uuid.UUID, created_at: str, **rest: Any
) -> dict[str, Any]:
    """The JSON body of a delivery: the event, and ``data`` as the API shows the subject."""
    return {
        "id": event_id,
        "type": event_type,
        "createdAt": created_at,
        "projectId": str(project_id),
        **rest,
    }


async def dispatch(deps: ActivityDeps, event: RecordedEvent) -> int:
    """Start one delivery per active webhook of the project subscribed to this event."""
    event_type = WEBHOOK_EVENTS.get(event.name)
    if event_type is None:
        return 0
    assert deps.temporal is not None
    key = str(event.id)
    body = payload(
        key,
        event_type,
        event.project_id,
        event.created_at.isoformat().replace("+00:00", "Z"),
        subject={"kind": event.subject_kind, "id": str(event.subject_id)},
        data=event.data,
    )
    async with deps.session() as session:
        hooks = await repo.subscribed(session, event.project_id, event_type)
        deliveries = [
            await repo.add_delivery(
                session,
                WebhookDelivery(
                    id=temporal_ops.delivery_id(hook.id, key),
                    webhook_id=hook.id,
                    event_id=key,
                    event_type=event_type,
                    payload=body,
                    workflow_id=temporal_ops.delivery_workflow_id(hook.id, key),
                ),
            )
            for hook in hooks
        ]
    for hook, delivery in zip(hooks, deliveries, strict=True):
        await temporal_ops.start_delivery(deps.temporal, hook, delivery)
    return len(deliveries)


async def keep_schedule(deps: ActivityDeps, event: RecordedEvent) -> None:
    assert deps.temporal is not None
    if event.name in DEPLOYED:
        await temporal_ops.ensure_drift_schedule(deps.temporal, event.project_id, event.user_id)
    elif event.name in DESTROYED:
        await temporal_ops.delete_drift_schedule(deps.temporal, event.project_id)


def install(deps: ActivityDeps) -> None:
    """Subscribe (once per process: a new worker's dependencies replace the previous ones)."""

    async def operations_subscriber(event: RecordedEvent) -> None:
        if event.name not in WEBHOOK_EVENTS:
            return
        await keep_schedule(deps, event)
        await dispatch(deps, event)

    EVENT_SUBSCRIBERS[:] = [
        s for s in EVENT_SUBSCRIBERS if s.__name__ != operations_subscriber.__name__
    ]
    EVENT_SUBSCRIBERS.append(operations_subscriber)
