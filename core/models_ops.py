"""Operations tables: webhooks and their deliveries, the audit log, drift reports.

Imported by ``core.models`` so every table is known to SQLModel's metadata (Alembic, tests).
Migration: ``migrations/versions/0004_webhooks_audit_drift.py``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models import json_col, ts, uuid_pk


class Webhook(SQLModel, table=True):
    __tablename__ = "webhooks"
    __table_args__ = (sa.Index("ix_webhooks_project_created", "project_id", "created_at", "id"),)
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id")
    owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    url: str = Field(max_length=2048)
    events: list[str] = Field(sa_column=sa.Column(sa.JSON(), nullable=False))
    secret_ciphertext: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    """AES-256-GCM of the signing secret, bound to this webhook's id (``core.webhook_crypto``)."""
    secret_hint: str = Field(max_length=16)
    """The first characters of the secret (``whsec_ab12``), to tell secrets apart."""
    active: bool = True
    disabled_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = ts()
    disabled_at: datetime | None = ts(nullable=True)
    deleted_at: datetime | None = ts(nullable=True)


class WebhookDelivery(SQLModel, table=True):
    """One event sent to one webhook (a ``WebhookDelivery`` workflow), with every attempt."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.Index("ix_webhook_deliveries_hook_created", "webhook_id", "created_at"),)
    id: uuid.UUID = uuid_pk()
    webhook_id: uuid.UUID = Field(foreign_key="webhooks.id")
    event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON(), nullable=False))
    status: str = Field(default="pending", max_length=20)
    """pending | delivered | failed | refused (SSRF) | gone (410: webhook disabled)"""
    attempt: int = 0
    response_status: int | None = None
    duration_ms: int | None = None
    error: str | None = Field(default=None, max_length=1000)
    attempts: list[dict[str, Any]] | None = json_col()
    """Every attempt: number, time, response status, duration, error (newest last)."""
    redelivery_of: uuid.UUID | None = None
    workflow_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = ts()
    delivered_at: datetime | None = ts(nullable=True)


class AuditEntry(SQLModel, table=True):
    """Append-only: inserted by the API's audit middleware (and by the worker for what no
    request made: ``core.repositories.audit.append_system``), never updated nor deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_user_created", "user_id", "created_at", "id"),)
    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID | None = Field(default=None, index=False)
    """Whose log the entry belongs to (None: nobody was authenticated, e.g. a failed sign-in)."""
    actor: str = Field(max_length=80)
    """``user:<id>``, ``api_key:<id>``, ``anonymous``, or for what no request made
    ``system:schedule`` (a scheduled drift check) and ``system:webhooks`` (a webhook disabled
    after a 410)."""
    action: str = Field(max_length=64, index=True)
    target_kind: str | None = Field(default=None, max_length=32)
    target_id: str | None = Field(default=None, max_length=200)
    project_id: uuid.UUID | None = Field(default=None, index=True)
    outcome: str = Field(max_length=16)
    """success | denied | failed"""
    status_code: int
    error_code: str | None = Field(default=None, max_length=64)
    ip: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=128)
    method: str = Field(max_length=10)
    path: str = Field(max_length=500)
    created_at: datetime = ts()


class DriftReport(SQLModel, table=True):
    __tablename__ = "drift_reports"
    __table_args__ = (sa.Index("ix_drift_reports_project_created", "project_id", "created_at"),)
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id")
    owner_id: uuid.UUID = Field(foreign_key="users.id")
    trigger: str = Field(max_length=16)
    """manual | schedule"""
    status: str = Field(default="running", max_length=16)
    """running | in_sync | drifted | unknown | failed"""
    method: str | None = Field(default=None, max_length=32)
    """cloudformation (DetectStackDrift) | compare (templates, resources, describe calls)"""
    deployment_id: uuid.UUID | None = None
    """The deployment whose templates were expected to be live."""
    stacks: list[dict[str, Any]] | None = json_col()
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    workflow_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = ts()
    completed_at: datetime | None = ts(nullable=True)


def drift_json(report: DriftReport) -> dict[str, Any]:
    """A drift report as ``GET /projects/{id}/drift`` answers it (and ``drift.detected``
    carries it): camelCase, timestamps in ISO 8601 UTC."""
    stacks = report.stacks or []
    return {
        "id": str(report.id),
        "projectId": str(report.project_id),
        "status": report.status,
        "trigger": report.trigger,
        "method": report.method,
        "deploymentId": str(report.deployment_id) if report.deployment_id else None,
        "checkedAt": _iso(report.completed_at),
        "startedAt": _iso(report.created_at),
        "error": report.error,
        "stacks": stacks,
        "summary": {
            "stacks": len(stacks),
            "drifted": sum(1 for s in stacks if s.get("status") in ("drifted", "missing")),
            "resources": sum(len(s.get("resources") or []) for s in stacks),
        },
    }


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
