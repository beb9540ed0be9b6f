"""Workflow and activity arguments/results: one pydantic model each, shared by both sides.

Only IDs and small values travel through Temporal; IR, templates and reports stay in the database.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from workflows.status import DeploymentKind, DeploymentStatus, GenerationStatus


class GenerateInput(BaseModel):
    blueprint_id: str
    project_id: str
    user_id: str


class GenerateResult(BaseModel):
    blueprint_id: str
    status: GenerationStatus
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


# --- stack operations (deploy / preview / destroy / rollback) -------------------------------


class StackOpInput(BaseModel):
    """Argument of every stack-operation workflow (ID ``stack-ops:{projectId}``)."""

    deployment_id: str
    project_id: str
    user_id: str
    kind: DeploymentKind
    failure_timeout_seconds: int = 24 * 3600


class StackPlan(BaseModel):
    key: str
    name: str
    depends_on: list[str] = Field(default_factory=list)


class PlanResult(BaseModel):
    stacks: list[StackPlan]


class DeploymentRef(BaseModel):
    deployment_id: str


class StackStepInput(BaseModel):
    deployment_id: str
    key: str
    attempt: int = 1
    """Bumped by ``continue_deploy``: a new attempt uses new change-set names and tokens."""


class StackStepResult(BaseModel):
    key: str
    status: str
    """completed | unchanged | failed | deleted | previewed"""
    reason: str | None = None
    changes: list[dict[str, Any]] = Field(default_factory=list)


class FinishInput(BaseModel):
    deployment_id: str
    status: DeploymentStatus
    error: str | None = None
    current_step: str | None = None


class SignalInput(BaseModel):
    """Signals ``continue_deploy`` / ``request_rollback`` / ``cancel`` carry who sent them."""

    reason: str | None = None


class RecordInput(BaseModel):
    """The workflow is the single writer of a deployment's per-stack state (no lost updates)."""

    deployment_id: str
    stacks: list[dict[str, Any]]
    progress: int
    outputs: dict[str, Any] | None = None
    status: DeploymentStatus | None = None
    current_step: str | None = None
    error: str | None = None
    preview: dict[str, Any] | None = None


class RollbackStart(BaseModel):
    """What a parked deploy continues as after ``request_rollback``."""

    deployment_id: str
    kind: DeploymentKind
    """rollback (to the last successful deployment) | destroy (nothing succeeded before)"""


# --- validation ------------------------------------------------------------------------------


class ValidateInput(BaseModel):
    validation_id: str
    blueprint_id: str
    project_id: str
    user_id: str


class ValidationRef(BaseModel):
    validation_id: str


class ValidationRunResult(BaseModel):
    score_before: int
    score_after: int
    fixes_applied: int
    changed: bool


class SavedFix(BaseModel):
    blueprint_id: str
    revision: int
    classification: str


class ValidationFail(BaseModel):
    validation_id: str
    error: str
