"""API keys: issue, list, revoke; resolve a presented key; check what a key may call.

A key is ``slw_`` + 8 public characters (the prefix, unique, shown in lists and used to find
the row) + 43 characters carrying 256 random bits. Only the SHA-256 of the whole key is stored:
with 256 bits of entropy no guessing attack on a leaked hash is feasible, so a slow password
hash buys nothing, and unlike an HMAC with a server secret the keys survive a ``JWT_SECRET``
rotation. The stored and presented hashes are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import Request

from api.keys.scopes import PROJECT_RESOURCES, Scope, access_of
from api.pagination import keyset_page
from core.errors import InsufficientScope, InvalidInput, NotFound, Unauthorized
from core.models import Project, utcnow
from core.models_auth import ApiKey
from core.principal import Principal
from core.repositories import api_keys as repo

KEY_PREFIX = "slw_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8
KEY_PATTERN = re.compile(r"slw_[A-Za-z0-9_-]{51}")
LAST_USED_EVERY = 60.0
"""``lastUsedAt`` is written at most once a minute per key, not on every request."""
_DUMMY_HASH = hashlib.sha256(b"slipway-no-such-key").hexdigest()


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(6) + secrets.token_urlsafe(32)


def is_api_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)


async def create(
    session: AsyncSession,
    user_id: uuid.UUID,
    name: str,
    scopes: list[Scope],
    project_id: uuid.UUID | None,
    expires_at: datetime | None,
) -> tuple[ApiKey, str]:
    """A new key and its secret (shown to the caller once, never stored)."""
    if project_id is not None and (
        await repo.owned_project_of(session, Project, project_id, user_id) is None
    ):
        raise InvalidInput(
            "projectId is not one of your projects",
            errors=[{"field": "body.projectId", "message": "not one of your projects"}],
        )
    if expires_at is not None and expires_at <= utcnow():
        raise InvalidInput(
            "expiresAt must be in the future",
            errors=[{"field": "body.expiresAt", "message": "must be in the future"}],
        )
    ordered = sorted(set(scopes), key=list(Scope).index)
    for _ in range(5):  # a prefix collision (48 random bits) is retried with a new key
        key = new_key()
        row = ApiKey(
            user_id=user_id,
            project_id=project_id,
            name=name,
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
            scopes=[s.value for s in ordered],
            expires_at=expires_at,
        )
        try:
            await repo.create(session, row)
        except repo.PrefixTaken:
            continue
        await session.commit()
        return row, key
    raise RuntimeError("could not draw a unique API key prefix")


async def list_page(
    session: AsyncSession, user_id: uuid.UUID, limit: int, cursor: str | None
) -> tuple[list[ApiKey], str | None]:
    now = utcnow()
    return await keyset_page(
        lambda n, after: repo.list_active(session, user_id, now, n, after), limit, cursor
    )


async def revoke(session: AsyncSession, user_id: uuid.UUID, key_id: uuid.UUID) -> None:
    if not await repo.revoke(session, key_id, user_id):
        raise NotFound("API key")
    await session.commit()


async def resolve(session: AsyncSession, token: str) -> Principal:
    """The principal of a presented key; 401 for an unknown, revoked or expired key."""
    row = (
        await repo.by_prefix(session, token[:PREFIX_LENGTH])
        if KEY_PATTERN.fullmatch(token)
        else None
    )
    matches = hmac.compare_digest(hash_key(token), row.key_hash if row else _DUMMY_HASH)
    if row is None or not matches:
        raise Unauthorized("Invalid API key")
    now = utcnow()
    if row.revoked_at is not None:
        raise Unauthorized("This API key was revoked")
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthorized("This API key has expired")
    last = row.last_used_at
    due = last is None or (now - last).total_seconds() >= LAST_USED_EVERY
    if due and await repo.touch(session, row.id, now, LAST_USED_EVERY):
        await session.commit()
    return Principal(
        user_id=row.user_id,
        api_key_id=row.id,
        scopes=frozenset(row.scopes),
        project_id=row.project_id,
    )


async def authorize(request: Request, session: AsyncSession, principal: Principal) -> None:
    """An API key may call the matched endpoint: its declared scope, its project."""
    access = access_of(getattr(request.scope.get("route"), "endpoint", None))
    if access is None or not access.keys:
        raise InsufficientScope("API keys cannot call this operation; use a login session")
    if access.scope is not None and access.scope not in (principal.scopes or ()):
        raise InsufficientScope(
            f"This API key lacks the scope {access.scope}", requiredScope=access.scope.value
        )
    if principal.project_id is None:
        return
    found, target = await _path_project(request, session, principal.user_id)
    if not found and not access.bound_keys:
        raise InsufficientScope(
            "This API key is bound to one project; this operation is not about a project"
        )
    if target is not None and target != principal.project_id:
        raise InsufficientScope("This API key is bound to another project")


async def _path_project(
    request: Request, session: AsyncSession, user_id: uuid.UUID
) -> tuple[bool, uuid.UUID | None]:
    """Whether the path names a project (directly or through a resource), and which one when
    the user owns it (None: not theirs or missing; the endpoint answers 404 as usual)."""
    params = request.path_params
    tables = {"project_id": Project, **PROJECT_RESOURCES}
    for name, table in tables.items():
        if name not in params:
            continue
        try:
            row_id = uuid.UUID(str(params[name]))
        except ValueError:
            return True, None
        return True, await repo.owned_project_of(session, table, row_id, user_id)
    return False, None
