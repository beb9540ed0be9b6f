"""FastAPI dependencies: state, DB session, current user, rate limits."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import ApiError
from api.security import decode_access_token
from api.state import AppState


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.slipway
    return state


State = Annotated[AppState, Depends(get_state)]


async def get_session(state: State) -> AsyncIterator[AsyncSession]:
    """One session per request. Services commit explicitly; anything left is rolled back.

    Database outages surface as ``OperationalError`` from the endpoint and are answered 503 by
    the handler in ``api.errors`` (nothing partial is committed)."""
    session = state.sessions()
    try:
        yield session
    finally:
        with contextlib.suppress(OperationalError, DBAPIError):  # connection already gone
            await session.close()


Session = Annotated[AsyncSession, Depends(get_session)]


def _unauthorized(message: str = "Missing or invalid access token") -> ApiError:
    return ApiError(401, "UNAUTHORIZED", message, headers={"WWW-Authenticate": "Bearer"})


async def current_user_id(request: Request, state: State) -> uuid.UUID:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Missing bearer token: send Authorization: Bearer <accessToken>")
    claims = decode_access_token(token.strip(), state.settings.jwt_secret)
    if claims is None:
        raise _unauthorized("Invalid or expired access token; log in or refresh it")
    request.state.user_id = claims.user_id
    return claims.user_id


UserId = Annotated[uuid.UUID, Depends(current_user_id)]


def rate_limited(category: str) -> Callable[..., Awaitable[None]]:
    """Per-user limit for authenticated endpoints of a category."""

    async def dependency(request: Request, state: State, user_id: UserId) -> None:
        await state.limiter.hit(request, category, f"user:{user_id}")

    dependency.__name__ = f"rate_limit_{category}"
    return dependency


async def auth_ip_limit(request: Request, state: State) -> None:
    await state.limiter.hit(request, "auth", f"ip:{state.limiter.client_ip(request)}")


async def public_ip_limit(request: Request, state: State) -> None:
    await state.limiter.hit(request, "public", f"ip:{state.limiter.client_ip(request)}")


ProjectLimit = Depends(rate_limited("project"))
GenerationLimit = Depends(rate_limited("generation"))
DeploymentLimit = Depends(rate_limited("deployment"))
