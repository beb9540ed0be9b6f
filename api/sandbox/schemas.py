"""Sandbox request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from api.schemas import CamelModel, RequestModel

Name = Annotated[str, Field(min_length=1, max_length=64)]


class SandboxOut(CamelModel):
    base_url: str
    """Where the sandbox serves the blueprint's own paths (``{baseUrl}/v1/tasks``)."""
    docs_url: str
    openapi_url: str
    revision: int
    status: str
    store: str
    """``dynamodb`` (the local AWS) or ``postgres`` (a schema of its own)."""
    notice: dict[str, Any] | None = None
    """What moving to this revision kept or reset, and why."""
    created_at: datetime
    updated_at: datetime


class TokenBody(RequestModel):
    sub: Annotated[str, Field(min_length=1, max_length=128)] = "sandbox-user"
    roles: Annotated[list[Name], Field(max_length=20)] = []
    """Roles of the blueprint (``auth.roles``) the token carries."""
    tenant: Annotated[str | None, Field(min_length=1, max_length=64)] = None
    """The tenant of a multi-tenant blueprint (the id of a tenant row)."""


class TokenOut(CamelModel):
    token: str
    expires_at: datetime


class SeedBody(RequestModel):
    count: Annotated[int, Field(ge=1, le=100)] = 10
    """Rows per entity."""


class SeedOut(CamelModel):
    rows: dict[str, int]
    """Rows written per entity."""
    tenants: list[str]
    """Tenants that received rows (mint a token with one of them)."""
