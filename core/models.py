"""Database tables (SQLModel). Schema changes go through Alembic migrations in ``migrations/``.

UUID primary keys, timestamps stored as UTC (naive in the column, aware in Python), JSON columns
for IR, reports and per-stack state. The same schema runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from workflows.status import DeploymentStatus, GenerationStatus, ValidationStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns timezone-aware UTC on every backend."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def ts(nullable: bool = False, index: bool = False) -> Any:
    column: sa.Column[datetime] = sa.Column(UTCDateTime(), nullable=nullable, index=index)
    if nullable:
        return Field(default=None, sa_column=column)
    return Field(default_factory=utcnow, sa_column=column)


def json_col(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=sa.Column(sa.JSON(), nullable=nullable))


def uuid_pk() -> Any:
    return Field(default_factory=uuid.uuid4, primary_key=True)


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: uuid.UUID = uuid_pk()
    email: str = Field(max_length=320, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = ts()


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_tokens"
    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    family_id: uuid.UUID = Field(index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = ts()
    expires_at: datetime = ts()
    rotated_at: datetime | None = ts(nullable=True)
    revoked_at: datetime | None = ts(nullable=True)


class Project(SQLModel, table=True):
    __tablename__ = "projects"
    __table_args__ = (sa.Index("ix_projects_owner_created", "owner_id", "created_at", "id"),)
    id: uuid.UUID = uuid_pk()
    owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=2000)
    status: str = Field(default="active", max_length=20)
    template_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = ts()
    updated_at: datetime = ts()
    archived_at: datetime | None = ts(nullable=True)


class SpecVersion(SQLModel, table=True):
    __tablename__ = "spec_versions"
    __table_args__ = (sa.UniqueConstraint("project_id", "version", name="uq_spec_version"),)
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id", index=True)
    version: int
    content: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    last_user_message: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = ts()


class Conversation(SQLModel, table=True):
    """One conversation per project; it also holds the current (unapplied) draft."""

    __tablename__ = "conversations"
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id", unique=True, index=True)
    draft: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    draft_base_version: int | None = None
    draft_history: list[str] | None = json_col()
    """Earlier draft contents, oldest first, for ``spec/undo``."""
    created_at: datetime = ts()
    updated_at: datetime = ts()


class ChatMessage(SQLModel, table=True):
    __tablename__ = "chat_messages"
    __table_args__ = (sa.Index("ix_chat_messages_conv_created", "conversation_id", "seq"),)
    id: uuid.UUID = uuid_pk()
    seq: int = Field(sa_column=sa.Column(sa.BigInteger(), nullable=False))
    """Monotonic per conversation; the pagination cursor."""
    conversation_id: uuid.UUID = Field(foreign_key="conversations.id")
    role: str = Field(max_length=16)
    content: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    created_at: datetime = ts()


class LlmUsage(SQLModel, table=True):
    __tablename__ = "llm_usage"
    __table_args__ = (sa.Index("ix_llm_usage_user_created", "user_id", "created_at"),)
    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="users.id")
    project_id: uuid.UUID | None = Field(default=None, foreign_key="projects.id")
    provider: str = Field(max_length=32)
    model: str = Field(max_length=128)
    purpose: str = Field(max_length=32)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_cents: int = 0
    latency_ms: int = 0
    outcome: str = Field(max_length=32)
    created_at: datetime = ts()


class Blueprint(SQLModel, table=True):
    __tablename__ = "blueprints"
    __table_args__ = (sa.Index("ix_blueprints_project_created", "project_id", "created_at"),)
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id")
    owner_id: uuid.UUID = Field(foreign_key="users.id")
    spec_version: int
    status: str = Field(default=GenerationStatus.QUEUED.value, max_length=20)
    workflow_id: str | None = Field(default=None, max_length=200)
    run_id: str | None = Field(default=None, max_length=64)
    current_step: str | None = Field(default=None, max_length=200)
    progress: int = 0
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    ir: dict[str, Any] | None = json_col()
    summary: dict[str, Any] | None = json_col()
    """What generation produced: data model, API and infrastructure summaries."""
    validation_summary: dict[str, Any] | None = json_col()
    revision: int | None = None
    source: str = Field(default="generation", max_length=20)
    created_at: datetime = ts()
    started_at: datetime | None = ts(nullable=True)
    completed_at: datetime | None = ts(nullable=True)


class Revision(SQLModel, table=True):
    __tablename__ = "revisions"
    __table_args__ = (sa.UniqueConstraint("project_id", "number", name="uq_revision_number"),)
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id", index=True)
    number: int
    blueprint_id: uuid.UUID = Field(foreign_key="blueprints.id", unique=True)
    spec_version: int
    ir: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON(), nullable=False))
    classification: dict[str, Any] | None = json_col()
    source: str = Field(default="generation", max_length=20)
    created_at: datetime = ts()


class Validation(SQLModel, table=True):
    __tablename__ = "validations"
    __table_args__ = (sa.UniqueConstraint("blueprint_id", "number", name="uq_validation_number"),)
    id: uuid.UUID = uuid_pk()
    blueprint_id: uuid.UUID = Field(foreign_key="blueprints.id", index=True)
    project_id: uuid.UUID = Field(foreign_key="projects.id")
    owner_id: uuid.UUID = Field(foreign_key="users.id")
    number: int
    status: str = Field(default=ValidationStatus.QUEUED.value, max_length=20)
    auto_fix: bool = True
    accept_risk: list[str] | None = json_col()
    workflow_id: str | None = Field(default=None, max_length=200)
    run_id: str | None = Field(default=None, max_length=64)
    current_step: str | None = Field(default=None, max_length=200)
    progress: int = 0
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    report: dict[str, Any] | None = json_col()
    fixed_blueprint_id: uuid.UUID | None = None
    created_at: datetime = ts()
    started_at: datetime | None = ts(nullable=True)
    completed_at: datetime | None = ts(nullable=True)


class Deployment(SQLModel, table=True):
    __tablename__ = "deployments"
    __table_args__ = (sa.Index("ix_deployments_project_created", "project_id", "created_at"),)
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id")
    owner_id: uuid.UUID = Field(foreign_key="users.id")
    kind: str = Field(max_length=20)
    """deploy | preview | destroy | rollback"""
    status: str = Field(default=DeploymentStatus.QUEUED.value, max_length=20)
    blueprint_id: uuid.UUID | None = Field(default=None, foreign_key="blueprints.id")
    revision: int | None = None
    rollback_of: uuid.UUID | None = None
    acknowledge: list[str] | None = json_col()
    workflow_id: str | None = Field(default=None, max_length=200)
    run_id: str | None = Field(default=None, max_length=64)
    current_step: str | None = Field(default=None, max_length=200)
    progress: int = 0
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    stacks: list[dict[str, Any]] | None = json_col()
    templates: dict[str, Any] | None = json_col()
    outputs: dict[str, Any] | None = json_col()
    preview: dict[str, Any] | None = json_col()
    classification: dict[str, Any] | None = json_col()
    created_at: datetime = ts()
    started_at: datetime | None = ts(nullable=True)
    completed_at: datetime | None = ts(nullable=True)


class DeploymentEvent(SQLModel, table=True):
    __tablename__ = "deployment_events"
    __table_args__ = (
        sa.UniqueConstraint("deployment_id", "event_id", name="uq_deployment_event"),
        sa.Index("ix_deployment_events_dep_ts", "deployment_id", "timestamp"),
    )
    id: uuid.UUID = uuid_pk()
    deployment_id: uuid.UUID = Field(foreign_key="deployments.id")
    event_id: str = Field(max_length=200)
    stack_key: str = Field(max_length=32)
    stack_name: str = Field(max_length=128)
    logical_id: str = Field(max_length=255)
    resource_type: str = Field(max_length=255)
    status: str = Field(max_length=64)
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    timestamp: datetime = ts()


class IdempotencyKey(SQLModel, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("user_id", "scope", "key", name="uq_idempotency"),)
    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="users.id")
    scope: str = Field(max_length=100)
    key: str = Field(max_length=255)
    resource_id: uuid.UUID
    response: dict[str, Any] | None = json_col()
    created_at: datetime = ts()


import core.models_auth  # noqa: E402  (sessions, API keys, login throttling)
import core.models_events  # noqa: E402  (live status: operation events, stream tickets)
import core.models_ops  # noqa: E402  (the operations tables: webhooks, audit log, drift)
import core.models_sandbox  # noqa: E402, F401  (the sandboxes: api/sandbox, core/sandbox)
