"""Audit log response bodies."""

from __future__ import annotations

from datetime import datetime

from api.schemas import CamelModel
from core.models_ops import AuditEntry


class AuditEntryOut(CamelModel):
    id: str
    actor: str
    """``user:<id>`` or ``api_key:<id>`` (``anonymous`` when nobody authenticated);
    ``system:schedule`` or ``system:webhooks`` for what the worker did by itself."""
    action: str
    target_kind: str | None = None
    target_id: str | None = None
    project_id: str | None = None
    outcome: str
    """success | denied (401, 403, 404, 429) | failed"""
    status_code: int
    error_code: str | None = None
    ip: str | None = None
    request_id: str | None = None
    method: str
    path: str
    created_at: datetime

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryOut:
        return cls(
            id=str(e.id),
            actor=e.actor,
            action=e.action,
            target_kind=e.target_kind,
            target_id=e.target_id,
            project_id=str(e.project_id) if e.project_id else None,
            outcome=e.outcome,
            status_code=e.status_code,
            error_code=e.error_code,
            ip=e.ip,
            request_id=e.request_id,
            method=e.method,
            path=e.path,
            created_at=e.created_at,
        )
