"""Live status tables: the durable operation event log and single-use stream tickets.

Imported by ``core.models`` so every table is known to SQLModel's metadata (Alembic, tests).
Migration: ``migrations/versions/0003_operation_events.py``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models import ts

# 64-bit on PostgreSQL; on SQLite only ``INTEGER PRIMARY KEY`` is the rowid (and AUTOINCREMENT
# makes it never reuse an id, so ids only grow).
EVENT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class OperationEvent(SQLModel, table=True):
    """One step of an operation's progress (``activities.events.record_event``).

    ``id`` increases across the whole table in commit order (inserts are serialized), so a
    stream resumes after ``Last-Event-ID`` without loss or duplicates. ``key`` makes a retried
    recording a no-op. ``parent_id`` is the blueprint of a validation's events (the blueprint
    stream carries both).
    """

    __tablename__ = "operation_events"
    __table_args__ = (
        sa.Index("ix_operation_events_project_id", "project_id", "id"),
        sa.Index("ix_operation_events_subject_id", "subject_id", "id"),
        sa.Index("ix_operation_events_parent_id", "parent_id", "id"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(
        default=None, sa_column=sa.Column(EVENT_ID, primary_key=True, autoincrement=True)
    )
    key: str = Field(max_length=255, unique=True)
    project_id: uuid.UUID = Field(foreign_key="projects.id")
    user_id: uuid.UUID
    subject_kind: str = Field(max_length=16)
    """blueprint | validation | deployment | spec"""
    subject_id: uuid.UUID
    parent_id: uuid.UUID | None = None
    operation: str = Field(max_length=16)
    """generation | validation | deploy | preview | rollback | destroy | spec"""
    type: str = Field(max_length=32)
    """started | progress | stack | log | awaiting_decision | completed | failed | ..."""
    data: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON(), nullable=False))
    created_at: datetime = ts()


class StreamTicket(SQLModel, table=True):
    """A short-lived, single-use credential for ``EventSource`` (which cannot send headers).

    Only the SHA-256 of the ticket is stored; ``used_at`` is set by the one request that
    redeems it.
    """

    __tablename__ = "stream_tickets"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: uuid.UUID = Field(foreign_key="users.id")
    project_id: uuid.UUID | None = None
    created_at: datetime = ts()
    expires_at: datetime = ts(index=True)
    used_at: datetime | None = ts(nullable=True)
