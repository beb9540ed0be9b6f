"""The sandbox table: one live sandbox per project (``api/sandbox``, ``core/sandbox``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models import json_col, ts, uuid_pk


class Sandbox(SQLModel, table=True):
    __tablename__ = "sandboxes"
    id: uuid.UUID = uuid_pk()
    project_id: uuid.UUID = Field(foreign_key="projects.id", unique=True, index=True)
    owner_id: uuid.UUID = Field(foreign_key="users.id")
    revision: int
    """The blueprint revision it runs."""
    revision_id: uuid.UUID = Field(foreign_key="revisions.id")
    nonce: str = Field(max_length=16)
    """The generation of its resources (new when the data is reset)."""
    secret: str = Field(max_length=128)
    """The HS256 key of its tokens (its own: never the API's)."""
    status: str = Field(default="ready", max_length=20)
    store: str = Field(max_length=20)
    resources: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON(), nullable=False))
    notice: dict[str, Any] | None = json_col()
    """What the last move to a new revision reset, and why."""
    created_at: datetime = ts()
    updated_at: datetime = ts()
