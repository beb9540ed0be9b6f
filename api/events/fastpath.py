"""Status polls answered before FastAPI routing, from memory (docs/architecture.md, "Status
path").

A dashboard's poll of ``GET /blueprints/{id}/status``, ``GET /blueprints/{id}/validation-status``
or ``GET /deployments/{id}`` is, most of the time, a question every part of which the process
already knows: the caller (an access token verified before, ``api.tokens``; its session not
ended, ``api.auth.revocations``), that the caller owns the operation (``Owners``) and the answer
(``StatusView``, with its ``ETag``). Routing and dependency resolution then cost several times
the answer itself (py-spy: FastAPI's ``solve_dependencies`` and route matching were half of a
``304``), so this middleware answers such a poll directly, with the endpoint's own bytes
(``api.events.status.respond``) and the same rate limit (the ``status`` category, counted once).

Anything it cannot answer from memory goes to FastAPI untouched, before any side effect: an API
key or a stream ticket, an unknown or expired token, a session whose state only the database
knows, an operation not cached or owned by someone else (FastAPI answers 404), an answer due for
a refresh. ``tests/api/test_fastpath.py`` checks the answers are those of the endpoints.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import bearer_token
from api.errors import problem
from api.events.status import STATUS_CATEGORY, respond
from api.keys.service import is_api_key
from core.errors import RateLimited
from core.principal import Principal

if TYPE_CHECKING:
    from api.state import AppState

ROUTES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"/blueprints/([^/]+)/status"), "blueprint", "blueprint"),
    (re.compile(r"/blueprints/([^/]+)/validation-status"), "validation", "blueprint"),
    (re.compile(r"/deployments/([^/]+)"), "deployment", "deployment"),
)
"""(path, the view's answer kind, the owner's kind): the endpoints that answer with
``api.events.status.answer``."""


def _subject(path: str) -> tuple[str, str, uuid.UUID] | None:
    for pattern, kind, owner_kind in ROUTES:
        found = pattern.fullmatch(path)
        if found is not None:
            try:
                return kind, owner_kind, uuid.UUID(found.group(1))
            except ValueError:
                return None  # FastAPI answers 404
    return None


class StatusFastPath:
    """Pure ASGI, inside ``SlipwayMiddleware`` (request IDs, rate-limit headers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            found = _subject(scope["path"])
            if found is not None and await self._answer(scope, receive, send, *found):
                return
        await self.app(scope, receive, send)

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        kind: str,
        owner_kind: str,
        subject_id: uuid.UUID,
    ) -> bool:
        """Answer from memory, or return False having changed nothing."""
        state: AppState | None = getattr(scope["app"].state, "slipway", None)
        if state is None or not state.fast_status:
            return False
        request = Request(scope, receive)
        token = bearer_token(request)
        claims = state.tokens.decode(token) if token and not is_api_key(token) else None
        if claims is None:
            return False
        if state.revocations.known(claims.session_id) is not False:
            return False
        owner = state.owners.peek(owner_kind, subject_id)
        entry = state.view.peek((kind, subject_id))
        if owner is None or owner.user_id != claims.user_id or entry is None:
            return False
        principal = Principal(user_id=claims.user_id, session_id=claims.session_id)
        request.state.principal = principal
        request.state.user_id = principal.user_id
        try:
            await state.limiter.hit(request, STATUS_CATEGORY, principal.rate_identity)
        except RateLimited as exc:
            path = request.url.path  # as api.errors answers it
            await problem(exc.status, exc.code, exc.message, path, exc.headers, **exc.extra)(
                scope, receive, send
            )
            return True
        state.fast_answers += 1
        await respond(entry, request.headers.get("if-none-match"))(scope, receive, send)
        return True
