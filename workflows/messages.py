"""Workflow and activity arguments/results: one pydantic model each, shared by both sides.

Only IDs and small values travel through Temporal; IR, templates and reports stay in the database.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class GenerateInput(BaseModel):
    blueprint_id: str
    project_id: str
    user_id: str


class GenerateResult(BaseModel):
    blueprint_id: str
    status: str
    revision: int | None = None


class BlueprintRef(BaseModel):
    blueprint_id: str


class StepResult(BaseModel):
    """A short human summary of what a step produced, shown in progress details."""

    summary: dict[str, Any] = Field(default_factory=dict)


class SaveRevisionResult(BaseModel):
    revision: int
    classification: str


class FailInput(BaseModel):
    blueprint_id: str
    error: str
