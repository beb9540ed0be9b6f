"""Arguments and results of the operations workflows (webhook deliveries, drift checks): one
pydantic model each, shared by the workflows, their activities and their starters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# --- webhook deliveries ----------------------------------------------------------------------


class RetrySchedule(BaseModel):
    """Exponential backoff between attempts (``WEBHOOK_RETRY_*`` when the delivery started)."""

    initial_seconds: float = 10.0
    max_interval_seconds: float = 3600.0
    window_seconds: int = 24 * 3600
    """No attempt starts later than this after the first one."""


class DeliveryInput(BaseModel):
    """Argument of ``WebhookDelivery`` (ID ``webhook:{webhookId}:{eventId}``)."""

    delivery_id: str
    webhook_id: str
    retry: RetrySchedule = Field(default_factory=RetrySchedule)


class AttemptInput(BaseModel):
    delivery_id: str
    attempt: int


Outcome = Literal["delivered", "retry", "gone", "refused", "disabled"]


class AttemptResult(BaseModel):
    outcome: Outcome
    """delivered (2xx) | retry (anything else) | gone (410: webhook disabled) | refused (SSRF) |
    disabled (the webhook was deleted or disabled meanwhile)"""
    response_status: int | None = None
    error: str | None = None


class DeliveryGiveUp(BaseModel):
    delivery_id: str
    attempts: int


# --- drift checks ----------------------------------------------------------------------------


class DriftInput(BaseModel):
    """Argument of ``DriftCheck``: a manual check names its report; a scheduled one does not."""

    project_id: str
    report_id: str | None = None


class DriftRef(BaseModel):
    report_id: str


class DriftOutcome(BaseModel):
    report_id: str
    status: str
    """in_sync | drifted | unknown | failed"""
    newly_drifted: bool = False
    """The findings differ from the previous report's (``drift.detected`` is emitted)."""


class DriftFailure(BaseModel):
    report_id: str
    error: str
