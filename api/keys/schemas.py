"""API-key request and response bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, Field

from api.keys.scopes import Scope
from api.schemas import CamelModel, RequestModel
from core.models_auth import ApiKey


class ApiKeyCreate(RequestModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=len(Scope))]
    """What the key may do; each endpoint's ``x-required-scope`` in /openapi.json."""
    project_id: uuid.UUID | None = None
    """Bind the key to one of your projects: it then reaches that project only."""
    expires_at: AwareDatetime | None = None
    """When the key stops working (with a time zone; in the future). None: until revoked."""


class ApiKeyOut(CamelModel):
    id: str
    name: str
    prefix: str
    """The key's first characters (``slw_`` + 8), to recognise it; never the secret."""
    scopes: list[Scope]
    project_id: str | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    """Updated at most once a minute."""

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyOut:
        return cls(
            id=str(key.id),
            name=key.name,
            prefix=key.prefix,
            scopes=[Scope(s) for s in key.scopes],
            project_id=str(key.project_id) if key.project_id else None,
            created_at=key.created_at,
            expires_at=key.expires_at,
            last_used_at=key.last_used_at,
        )


class ApiKeyCreated(ApiKeyOut):
    key: str
    """The secret key (``slw_…``), shown this once: only its hash is stored."""

    @classmethod
    def issued(cls, row: ApiKey, secret: str) -> ApiKeyCreated:
        return cls(**ApiKeyOut.of(row).model_dump(), key=secret)
