"""Starting the operations workflows and managing drift schedules, from the API and from the
worker's event subscriber alike (both hold a ``TemporalHandle``).

- a webhook delivery runs as ``WebhookDelivery`` under ``webhook:{webhookId}:{key}``: a key
  (the recorded event's id) is delivered once per webhook, however often it is dispatched;
- a drift check runs as ``DriftCheck`` under ``drift:{reportId}``;
- each deployed project has the Temporal Schedule ``drift:{projectId}`` (every
  ``DRIFT_CHECK_INTERVAL`` seconds; ``temporal schedule list`` and the UI's Schedules page show
  it), created or updated when a deploy or rollback completes and deleted when a destroy does.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from temporalio.client import (
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.common import WorkflowIDReusePolicy
from temporalio.service import RPCError, RPCStatusCode

from core.models_ops import Webhook, WebhookDelivery
from core.settings import Settings
from core.temporal.client import TemporalHandle
from core.temporal.start import start_or_find
from workflows.common import search_attributes
from workflows.drift import DriftCheckWorkflow
from workflows.ops_messages import DeliveryInput, DriftInput, RetrySchedule
from workflows.webhooks import WebhookDeliveryWorkflow

DELIVERY_NAMESPACE = uuid.UUID("3d0c6b1e-2b8f-4d4e-a7f1-9e5c2a7b8d10")


def delivery_id(webhook_id: uuid.UUID, key: str) -> uuid.UUID:
    """A delivery's id, derived from its webhook and event (re-dispatching finds it)."""
    return uuid.uuid5(DELIVERY_NAMESPACE, f"{webhook_id}:{key}")


def delivery_workflow_id(webhook_id: uuid.UUID, key: str) -> str:
    return f"webhook:{webhook_id}:{key}"


def retry_schedule(settings: Settings) -> RetrySchedule:
    return RetrySchedule(
        initial_seconds=settings.webhook_retry_initial,
        max_interval_seconds=settings.webhook_retry_max_interval,
        window_seconds=settings.webhook_retry_window,
    )


async def start_delivery(
    temporal: TemporalHandle, webhook: Webhook, delivery: WebhookDelivery
) -> str | None:
    """Start (or find) the delivery's workflow; a finished one is never run again."""
    assert delivery.workflow_id is not None
    return await start_or_find(
        temporal,
        WebhookDeliveryWorkflow.run,
        DeliveryInput(
            delivery_id=str(delivery.id),
            webhook_id=str(webhook.id),
            retry=retry_schedule(temporal.settings),
        ),
        workflow_id=delivery.workflow_id,
        project_id=str(webhook.project_id),
        user_id=str(webhook.owner_id),
        phase="delivering",
        reuse=WorkflowIDReusePolicy.REJECT_DUPLICATE,
    )


async def start_drift_check(
    temporal: TemporalHandle, project_id: uuid.UUID, owner_id: uuid.UUID, report_id: uuid.UUID
) -> str | None:
    return await start_or_find(
        temporal,
        DriftCheckWorkflow.run,
        DriftInput(project_id=str(project_id), report_id=str(report_id)),
        workflow_id=f"drift:{report_id}",
        project_id=str(project_id),
        user_id=str(owner_id),
        phase="drift",
    )


def schedule_id(project_id: uuid.UUID | str) -> str:
    return f"drift:{project_id}"


def _drift_schedule(settings: Settings, project_id: str, owner_id: str) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            DriftCheckWorkflow.run,
            DriftInput(project_id=project_id),
            id=f"drift-scheduled:{project_id}",
            task_queue=settings.task_queue,
            typed_search_attributes=search_attributes(project_id, owner_id, "drift"),
        ),
        spec=ScheduleSpec(
            intervals=[ScheduleIntervalSpec(every=timedelta(seconds=settings.drift_check_interval))]
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
        state=ScheduleState(note=f"Drift check of project {project_id} (Slipway)"),
    )


async def ensure_drift_schedule(
    temporal: TemporalHandle, project_id: uuid.UUID, owner_id: uuid.UUID
) -> None:
    """Create the project's schedule, or bring an existing one up to date (idempotent)."""
    client = await temporal.get()
    schedule = _drift_schedule(temporal.settings, str(project_id), str(owner_id))
    try:
        await client.create_schedule(schedule_id(project_id), schedule)
    except ScheduleAlreadyRunningError:

        def update(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await client.get_schedule_handle(schedule_id(project_id)).update(update)


async def delete_drift_schedule(temporal: TemporalHandle, project_id: uuid.UUID) -> None:
    """Remove the project's schedule (idempotent: a missing one is fine)."""
    client = await temporal.get()
    try:
        await client.get_schedule_handle(schedule_id(project_id)).delete()
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
