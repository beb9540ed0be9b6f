"""Drift report bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.schemas import CamelModel
from core.models_ops import DriftReport, drift_json


class DriftResource(CamelModel):
    logical_id: str
    physical_id: str | None = None
    resource_type: str
    drift: str
    """missing | changed | extra"""
    details: str


class DriftStack(CamelModel):
    key: str
    name: str
    status: str
    """in_sync | drifted | missing | unknown"""
    template_changed: bool = False
    resources: list[DriftResource]
    error: str | None = None
    note: str | None = None
    """What could not be compared (e.g. resources the backend lists without an id)."""


class DriftSummary(CamelModel):
    stacks: int
    drifted: int
    resources: int


class DriftOut(CamelModel):
    id: str | None = None
    project_id: str
    status: str
    """in_sync | drifted | unknown (no check finished yet, nothing deployed, or AWS did not
    answer) | failed"""
    trigger: str | None = None
    """manual | schedule"""
    method: str | None = None
    """cloudformation (DetectStackDrift) | compare (templates, resources, describe calls)"""
    deployment_id: str | None = None
    checked_at: datetime | None = None
    started_at: datetime | None = None
    error: str | None = None
    stacks: list[DriftStack]
    summary: DriftSummary
    running_check_id: str | None = None
    """A check started and not finished yet (its result replaces this report)."""

    @classmethod
    def of(
        cls, project_id: str, finished: DriftReport | None, running: DriftReport | None
    ) -> DriftOut:
        body: dict[str, Any] = (
            drift_json(finished)
            if finished is not None
            else {
                "projectId": project_id,
                "status": "unknown",
                "stacks": [],
                "summary": {"stacks": 0, "drifted": 0, "resources": 0},
            }
        )
        body["runningCheckId"] = str(running.id) if running is not None else None
        return cls.model_validate(body)


class DriftAccepted(CamelModel):
    id: str
    status: str
    status_url: str


class ProjectDrift(CamelModel):
    """What ``GET /projects/{id}`` says about drift: the latest finished check."""

    status: str
    checked_at: datetime | None = None
    report_id: str | None = None
