"""FastAPI dependencies (``Annotated``): state, DB session, current user, rate limits, and the
project a path names (``OwnedProject``, ``WritableProject``).

An endpoint declares what it needs in its signature and receives it resolved and checked:
``async def deploy(project: WritableProject, user_id: UserId, ...)`` gets a project the user
owns and may change, or the request has already been answered 404 / 409.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.budget import check_llm_budget
from api.keys import service as api_keys
from api.state import AppState
from core.db import RequestSession, release
from core.errors import NotFound, ProjectArchived, Unauthorized
from core.models import Project
from core.principal import Principal
from core.repositories import projects as projects_repo


async def get_state(request: Request) -> AppState:
    """``async``: FastAPI runs a plain ``def`` dependency in its thread pool (a hop each time)."""
    state: AppState = request.app.state.slipway
    return state


State = Annotated[AppState, Depends(get_state)]


async def get_session(request: Request, state: State) -> AsyncIterator[AsyncSession]:
    """One session per request, built on first use (``RequestSession``: answers from memory
    open none). Services commit explicitly; anything left is rolled back.

    Database outages surface as ``OperationalError`` from the endpoint and are answered 503 by
    the handler in ``api.errors`` (nothing partial is committed)."""
    session = RequestSession(state.sessions)
    request.state.session = session  # a status refresh may borrow it (api.events.status)
    try:
        yield session
    finally:
        with contextlib.suppress(OperationalError, DBAPIError):  # connection already gone
            await session.close()


Session = Annotated[AsyncSession, Depends(get_session)]


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def current_principal(request: Request, state: State, session: Session) -> Principal:
    """The caller, resolved once per request and kept on ``request.state.principal``: a login
    session (an access token whose session has not ended) or an API key allowed to call the
    matched endpoint (its declared scope and project, ``api.keys.scopes``)."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Missing bearer token: send Authorization: Bearer <accessToken>")
    if api_keys.is_api_key(token):
        principal = await api_keys.resolve(session, token)
        await api_keys.authorize(request, session, principal, state.owners)
    else:
        claims = state.tokens.decode(token)
        if claims is None:
            raise Unauthorized("Invalid or expired access token; log in or refresh it")
        if await state.revocations.is_revoked(session, claims.session_id):
            raise Unauthorized("This session has ended (logged out or revoked); log in again")
        principal = Principal(user_id=claims.user_id, session_id=claims.session_id)
    if session_in_use(session):  # a key lookup: the connection goes back (long streams)
        await release(session)
    request.state.user_id = principal.user_id
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def session_in_use(session: AsyncSession) -> bool:
    built = not isinstance(session, RequestSession) or session.built
    return built and session.in_transaction()


async def current_user_id(principal: CurrentPrincipal) -> uuid.UUID:
    return principal.user_id


UserId = Annotated[uuid.UUID, Depends(current_user_id)]


def parse_uuid(value: str, what: str = "Resource") -> uuid.UUID:
    """Path ids: a malformed id is simply a resource that does not exist (404)."""
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError) as exc:
        raise NotFound(what) from exc


async def owned_project(project_id: str, user_id: UserId, session: Session) -> Project:
    """The project of the path, if this user owns it; anyone else's is 404 (no enumeration)."""
    project = await projects_repo.get_owned(session, parse_uuid(project_id, "Project"), user_id)
    if project is None:
        raise NotFound("Project")
    return project


OwnedProject = Annotated[Project, Depends(owned_project)]


def ensure_writable(project: Project) -> None:
    if project.status == "archived":
        raise ProjectArchived()


async def writable_project(project: OwnedProject) -> Project:
    """An owned project that may change: archived ones answer 409 PROJECT_ARCHIVED."""
    ensure_writable(project)
    return project


WritableProject = Annotated[Project, Depends(writable_project)]

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


def rate_limited(category: str) -> Callable[..., Awaitable[None]]:
    """Per-caller limit for authenticated endpoints of a category: per user for login
    sessions, per key for API keys (``Principal.rate_identity``)."""

    async def dependency(request: Request, state: State, principal: CurrentPrincipal) -> None:
        await state.limiter.hit(request, category, principal.rate_identity)

    dependency.__name__ = f"rate_limit_{category}"
    return dependency


async def auth_ip_limit(request: Request, state: State) -> None:
    await state.limiter.hit(request, "auth", f"ip:{state.limiter.client_ip(request)}")


async def public_ip_limit(request: Request, state: State) -> None:
    await state.limiter.hit(request, "public", f"ip:{state.limiter.client_ip(request)}")


async def assistant_limit(
    request: Request, state: State, principal: CurrentPrincipal, session: Session
) -> None:
    """The assistant (chat, prompt-based generation): its own limit per user, across the
    user's sessions and keys, then the user's daily LLM token budget (``api.budget``)."""
    await state.limiter.hit(request, "assistant", f"user:{principal.user_id}")
    await check_llm_budget(session, principal.user_id, state.settings.llm_daily_token_budget)


ProjectLimit = Depends(rate_limited("project"))
AssistantLimit = Depends(assistant_limit)
GenerationLimit = Depends(rate_limited("generation"))
DeploymentLimit = Depends(rate_limited("deployment"))
