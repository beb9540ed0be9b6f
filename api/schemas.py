"""Request/response models shared by the routers (camelCase JSON)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from api.errors import ApiError

T = TypeVar("T")
# Upper bound of version and revision numbers accepted from clients (database integers are 32-bit
# on PostgreSQL and 64-bit on SQLite; beyond this nothing can exist anyway).
MAX_NUMBER = 10**9


@overload
def iso(value: datetime) -> str: ...
@overload
def iso(value: None) -> None: ...
def iso(value: datetime | None) -> str | None:
    """A timestamp as every response writes it: UTC, ISO 8601, ``Z`` suffix (as pydantic does)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class RequestModel(CamelModel):
    """Request bodies ignore unknown keys (no mass assignment of id/ownerId/status...)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class Data(CamelModel, Generic[T]):
    data: T


class PageMeta(CamelModel):
    next_cursor: str | None = None


class Page(CamelModel, Generic[T]):
    data: list[T]
    meta: PageMeta


class ErrorBody(BaseModel):
    """The uniform error body (RFC 7807 members plus ``error``/``code``)."""

    model_config = ConfigDict(extra="allow")
    error: str
    code: str
    type: str
    title: str
    status: int
    detail: str
    instance: str


def encode_cursor(created_at: datetime, item_id: uuid.UUID | int) -> str:
    raw = json.dumps({"c": created_at.isoformat(), "i": str(item_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data: Any = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(data["c"]), str(data["i"])
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ApiError(
            422,
            "INVALID_CURSOR",
            "Invalid cursor: pass the meta.nextCursor value of the previous page unchanged",
        ) from exc


LimitQuery = Field(default=20, ge=1, le=100)


def parse_uuid(value: str, what: str = "Resource") -> uuid.UUID:
    """Path ids: a malformed id is simply a resource that does not exist (404)."""
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError) as exc:
        raise ApiError(404, "NOT_FOUND", f"{what} not found") from exc
