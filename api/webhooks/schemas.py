"""Webhook request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from api.schemas import CamelModel, RequestModel
from core.models_ops import Webhook, WebhookDelivery

EventName = Literal[
    "generation.completed",
    "generation.failed",
    "validation.completed",
    "deployment.started",
    "deployment.completed",
    "deployment.failed",
    "deployment.awaiting_decision",
    "rollback.completed",
    "rollback.failed",
    "destroy.completed",
    "destroy.failed",
    "drift.detected",
]


class WebhookCreate(RequestModel):
    url: Annotated[str, Field(min_length=1, max_length=2048)]
    events: Annotated[list[EventName], Field(min_length=1, max_length=20)]

    @field_validator("events")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class WebhookOut(CamelModel):
    id: str
    project_id: str
    url: str
    events: list[str]
    active: bool
    disabled_reason: str | None = None
    secret_hint: str
    """The first characters of the signing secret (the secret itself is shown once)."""
    created_at: datetime
    disabled_at: datetime | None = None

    @classmethod
    def of(cls, w: Webhook) -> WebhookOut:
        return cls(
            id=str(w.id),
            project_id=str(w.project_id),
            url=w.url,
            events=list(w.events),
            active=w.active,
            disabled_reason=w.disabled_reason,
            secret_hint=w.secret_hint,
            created_at=w.created_at,
            disabled_at=w.disabled_at,
        )


class WebhookCreated(WebhookOut):
    secret: str
    """The signing secret: shown in this response only. Verify ``Slipway-Signature`` with it."""


class DeliveryRequest(CamelModel):
    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any]


class DeliveryOut(CamelModel):
    id: str
    webhook_id: str
    event_id: str
    event: str
    status: str
    """pending | delivered | failed | refused | gone"""
    attempt: int
    response_status: int | None = None
    duration_ms: int | None = None
    error: str | None = None
    redelivery_of: str | None = None
    request: DeliveryRequest
    """What was (or will be) sent: the headers of the latest attempt and the JSON body."""
    attempts: list[dict[str, Any]]
    """Every attempt, oldest first: number, time, response status and excerpt, duration, error."""
    created_at: datetime
    delivered_at: datetime | None = None

    @classmethod
    def of(cls, d: WebhookDelivery, url: str) -> DeliveryOut:
        attempts = [{k: v for k, v in a.items() if k != "request"} for a in d.attempts or []]
        last = (d.attempts or [{}])[-1].get("request") or {}
        headers = last.get("headers") or {
            "Content-Type": "application/json",
            "Slipway-Event": d.event_type,
            "Slipway-Delivery": str(d.id),
        }
        return cls(
            id=str(d.id),
            webhook_id=str(d.webhook_id),
            event_id=d.event_id,
            event=d.event_type,
            status=d.status,
            attempt=d.attempt,
            response_status=d.response_status,
            duration_ms=d.duration_ms,
            error=d.error,
            redelivery_of=str(d.redelivery_of) if d.redelivery_of else None,
            request=DeliveryRequest(
                method="POST", url=last.get("url", url), headers=headers, body=d.payload
            ),
            attempts=attempts,
            created_at=d.created_at,
            delivered_at=d.delivered_at,
        )
