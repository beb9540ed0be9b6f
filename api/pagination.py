"""Pagination: the one helper behind every list endpoint.

Two cursor kinds, both opaque to clients (``meta.nextCursor`` passed back unchanged):
keyset cursors over ``(created_at, id)`` for rows listed newest first, and number cursors over a
per-project sequence (spec versions, revisions, chat messages).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, Query

from core.errors import InvalidCursor
from core.repositories import After
from slipway.spec.text import parse_uint

T = TypeVar("T")


class Keyed(Protocol):
    @property
    def created_at(self) -> datetime: ...
    @property
    def id(self) -> uuid.UUID: ...


K = TypeVar("K", bound=Keyed)


def encode_cursor(created_at: datetime, item_id: uuid.UUID | int) -> str:
    raw = json.dumps({"c": created_at.isoformat(), "i": str(item_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> After:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data: Any = json.loads(base64.urlsafe_b64decode(padded.encode()))
        created, raw_id = datetime.fromisoformat(data["c"]), str(data["i"])
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidCursor(
            "Invalid cursor: pass the meta.nextCursor value of the previous page unchanged"
        ) from exc
    try:
        return created, uuid.UUID(raw_id)
    except ValueError as exc:
        raise InvalidCursor() from exc


def number_cursor(cursor: str | None) -> int | None:
    """A number cursor (ASCII digits only), or None for the first page."""
    if cursor is None or cursor == "":
        return None
    parsed = parse_uint(cursor, max_digits=9)
    if parsed is None:
        raise InvalidCursor()
    return parsed


def cut(rows: Sequence[T], limit: int, cursor_of: Callable[[T], str]) -> tuple[list[T], str | None]:
    """One page from ``limit + 1`` fetched rows: the page and the cursor of the next one."""
    if len(rows) > limit:
        return list(rows[:limit]), cursor_of(rows[limit - 1])
    return list(rows), None


async def keyset_page(
    fetch: Callable[[int, After | None], Awaitable[Sequence[K]]], limit: int, cursor: str | None
) -> tuple[list[K], str | None]:
    """A newest-first page: ``fetch(limit + 1, after)`` lists the rows after the cursor."""
    rows = await fetch(limit + 1, decode_cursor(cursor) if cursor else None)
    return cut(rows, limit, lambda row: encode_cursor(row.created_at, row.id))


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


def page_params(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> PageParams:
    return PageParams(limit, cursor)


Paging = Annotated[PageParams, Depends(page_params)]
"""``?limit=`` (1 to 100, default 20) and ``?cursor=`` of a newest-first (keyset) list."""
