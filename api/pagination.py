"""Pagination: the one helper behind every list endpoint.

Two cursor kinds, both opaque to clients (``meta.nextCursor`` passed back unchanged):
keyset cursors over ``(created_at, id)`` for rows listed newest first, and number cursors over a
per-project sequence (spec versions, revisions, chat messages). Each kind has a pattern, stated in
the OpenAPI document, that every cursor of that kind matches and that every string it matches
decodes: a client (or a fuzzer) that sends a matching cursor gets a page, never a 422.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Protocol, TypeVar

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


KEYSET_CURSOR = r"^[0-9]{1,17}\.[0-9a-f]{32}$"
"""``{microseconds since 1970 (UTC)}.{id as 32 hex digits}``: 17 digits reach the year 5138."""
NUMBER_CURSOR = r"^[0-9]{1,9}$"
"""A sequence number below ``api.schemas.MAX_NUMBER``."""
_KEYSET = re.compile(KEYSET_CURSOR.replace("$", r"\Z"))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(created_at: datetime, item_id: uuid.UUID | int) -> str:
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    micros = (created_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{item_id.hex if isinstance(item_id, uuid.UUID) else item_id}"


def decode_cursor(cursor: str) -> After:
    if not _KEYSET.match(cursor):
        raise InvalidCursor(
            "Invalid cursor: pass the meta.nextCursor value of the previous page unchanged"
        )
    micros, item_id = cursor.split(".")
    return _EPOCH + timedelta(microseconds=int(micros)), uuid.UUID(hex=item_id)


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


async def page_params(  # async: a plain def would hop to the thread pool on every list call
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[
        str | None,
        Query(
            max_length=50,
            pattern=KEYSET_CURSOR,
            description="meta.nextCursor of the previous page, unchanged",
        ),
    ] = None,
) -> PageParams:
    return PageParams(limit, cursor)


Paging = Annotated[PageParams, Depends(page_params)]
"""``?limit=`` (1 to 100, default 20) and ``?cursor=`` of a newest-first (keyset) list."""

NumberCursor = Annotated[
    str | None,
    Query(
        max_length=9,
        pattern=NUMBER_CURSOR,
        description="meta.nextCursor of the previous page, unchanged",
    ),
]
"""``?cursor=`` of a list over a per-project sequence (versions, revisions, chat messages)."""
