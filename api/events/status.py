"""Conditional status answers from the process's shared view (``api.events.view``).

A status endpoint checks ownership (cached: ``Owners``), then answers the view's entry for the
subject: ``304 Not Modified`` with no body when ``If-None-Match`` names its ``ETag``, else the
bytes the view holds. Rendering happens at most once per subject per refresh, not per request.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from fastapi import Depends, Request, Response
from pydantic import BaseModel

from api.deps import rate_limited
from api.events.service import owned
from api.events.view import Entry, matches
from api.state import AppState
from core.db import RequestSession

__all__ = ["Built", "StatusLimit", "answer", "owned", "respond"]

STATUS_CATEGORY = "status"
StatusLimit = Depends(rate_limited(STATUS_CATEGORY))
"""600/min per caller: status reads and streams never take from the project budget."""
REFRESH_WAIT = 0.05
"""Seconds a poller waits for the refresh of an aged answer before it gets the last one (a
Temporal query can take its whole 1 s timeout under load: pollers never queue behind it)."""
Built = tuple[BaseModel, bool]
"""A status body and whether it is final (its operation's row will not change any more)."""


async def answer(
    request: Request,
    state: AppState,
    kind: str,
    subject_id: uuid.UUID,
    build: Callable[[], Awaitable[Built]],
) -> Response:
    found = getattr(request.state, "session", None)
    session = found if isinstance(found, RequestSession) else None

    async def render() -> tuple[bytes, bool]:
        if session is not None:
            session.lend()  # the refresh may finish after the request: it keeps the session
        try:
            body, final = await build()
        finally:
            if session is not None:
                await session.give_back()
        return body.model_dump_json(by_alias=True, exclude_unset=True).encode(), final

    entry = await state.view.get((kind, subject_id), render, wait=REFRESH_WAIT)
    return respond(entry, request.headers.get("if-none-match"))


def respond(entry: Entry, if_none_match: str | None) -> Response:
    """The answer of a view entry (also ``api.events.fastpath``'s, byte for byte)."""
    headers = {"ETag": entry.etag, "Cache-Control": "no-cache"}
    if matches(if_none_match, entry.etag):
        return Response(status_code=304, headers=headers)
    return Response(entry.body, media_type="application/json", headers=headers)
