"""Response and request building blocks shared by every module (camelCase JSON)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar, overload

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

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


class OpenModel(CamelModel):
    """A response whose documented members may be followed by more (kept as they are)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


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


class RunRow(Protocol):
    """What a run's database row (blueprint, validation) says about its progress."""

    status: str
    current_step: str | None
    progress: int
    error: str | None
    started_at: datetime | None
    completed_at: datetime | None


class RunStatus(CamelModel):
    """A run's status: from its row once finished, else from its workflow (``live``).

    ``stale`` says the workflow did not answer (no worker, or Temporal down) and the values are
    the last ones recorded; ``details`` is present when the workflow reports some.
    """

    status: str
    current_step: str | None
    progress: int
    started_at: datetime | None
    completed_at: datetime | None
    error: str | None
    stale: bool
    details: dict[str, Any] | None = None

    @classmethod
    def of(
        cls, row: RunRow, live: dict[str, Any] | None, public: Callable[[str], str]
    ) -> dict[str, Any]:
        """The body's members (``details`` only when reported), statuses mapped by ``public``."""
        if live is None:
            return {
                "status": public(row.status),
                "current_step": row.current_step,
                "progress": row.progress,
                "started_at": row.started_at,
                "completed_at": row.completed_at,
                "error": row.error,
                "stale": False,
            }
        body = {
            "status": public(live.get("status", row.status)),
            "current_step": live.get("currentStep"),
            "progress": live.get("progress", 0),
            "started_at": live.get("startedAt"),
            "completed_at": live.get("completedAt"),
            "error": live.get("error"),
            "stale": bool(live.get("stale", False)),
        }
        if live.get("details"):
            body["details"] = live["details"]
        return body
