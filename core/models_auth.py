"""Authentication tables: revoked sessions, API keys, login throttling.

Imported by ``core.models`` so every table is known to SQLModel's metadata (Alembic, tests).
Migration: ``migrations/versions/0002_auth_sessions_keys.py``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models import ts, uuid_pk

# A monotonically increasing id on both backends (SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, so
# ids are never reused after rows are pruned; PostgreSQL: BIGSERIAL).
SEQUENCE_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class RevokedSession(SQLModel, table=True):
    """A session (refresh-token family) that ended: its access tokens are refused at once.

    Every API process keeps the recent rows in memory and polls for new ids
    (``api.auth.revocations``); rows older than the access-token lifetime are pruned."""

    __tablename__ = "revoked_sessions"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(
        default=None, sa_column=sa.Column(SEQUENCE_ID, primary_key=True, autoincrement=True)
    )
    session_id: str = Field(max_length=64, index=True)
    user_id: uuid.UUID = Field(index=True)
    reason: str = Field(max_length=20)
    """``logout`` or ``reuse`` (a spent refresh token came back)."""
    revoked_at: datetime = ts(index=True)


class ApiKey(SQLModel, table=True):
    """An API key: only the SHA-256 of the key is stored (it carries 256 random bits)."""

    __tablename__ = "api_keys"
    __table_args__ = (sa.Index("ix_api_keys_user_created", "user_id", "created_at"),)
    id: uuid.UUID = uuid_pk()
    user_id: uuid.UUID = Field(foreign_key="users.id")
    project_id: uuid.UUID | None = Field(default=None, foreign_key="projects.id")
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, unique=True, index=True)
    """The key's public start (``slw_`` and 8 characters): how it is found and shown."""
    key_hash: str = Field(max_length=64)
    scopes: list[str] = Field(sa_column=sa.Column(sa.JSON(), nullable=False))
    created_at: datetime = ts()
    expires_at: datetime | None = ts(nullable=True)
    last_used_at: datetime | None = ts(nullable=True)
    revoked_at: datetime | None = ts(nullable=True)


class LoginThrottle(SQLModel, table=True):
    """Recent failed logins of one account (by email, known or not) from addresses it has not
    logged in from, and when the next such attempt may be made."""

    __tablename__ = "login_throttles"
    account: str = Field(primary_key=True, max_length=64)
    """SHA-256 of the normalised email (unknown emails are throttled alike: no enumeration)."""
    failures: int = 0
    last_failure_at: datetime | None = ts(nullable=True)
    next_attempt_at: datetime | None = ts(nullable=True, index=True)


class LoginAddress(SQLModel, table=True):
    """An address an account logged in from: not delayed by the account's throttle while it
    is recent and has not itself failed too often."""

    __tablename__ = "login_addresses"
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    address: str = Field(max_length=64, primary_key=True)
    last_success_at: datetime = ts()
    failures: int = 0
    last_failure_at: datetime | None = ts(nullable=True)
