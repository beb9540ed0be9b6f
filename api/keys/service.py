"""API keys: issue, list, revoke; resolve a presented key; check what a key may call.

A key is ``slw_`` + 8 public characters (the prefix, unique, shown in lists and used to find
the row) + 43 characters carrying 256 random bits. Only the SHA-256 of the whole key is stored:
with 256 bits of entropy no guessing attack on a leaked hash is feasible, so a slow password
hash buys nothing, and unlike an HMAC with a server secret the keys survive a ``JWT_SECRET``
rotation. The stored and presented hashes are compared in constant time.

A key that verified is remembered (``KNOWN``, by its hash) for ``RECHECK_SECONDS``: a client
polling with a key costs no query per request. Revoking a key forgets it in this process at
once; other processes see the revocation when they next re-read the row (within
``RECHECK_SECONDS``, like ended sessions: ``api.auth.revocations``). Expiry is checked on every
use. Which project a path's resource belongs to is cached too (``Owners``: it never changes).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import Request

from api.events.view import Lru, Owner, Owners
from api.keys.scopes import PROJECT_RESOURCES, Scope, access_of
from api.pagination import keyset_page
from core.errors import InsufficientScope, InvalidInput, NotFound, Unauthorized
from core.models import Blueprint, Deployment, Project, utcnow
from core.models_auth import ApiKey
from core.principal import Principal
from core.repositories import api_keys as repo
from core.repositories import events as events_repo
from core.repositories import projects as projects_repo

KEY_PREFIX = "slw_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8
KEY_PATTERN = re.compile(r"slw_[A-Za-z0-9_-]{51}")
LAST_USED_EVERY = 60.0
"""``lastUsedAt`` is written at most once a minute per key, not on every request."""
_DUMMY_HASH = hashlib.sha256(b"slipway-no-such-key").hexdigest()
RECHECK_SECONDS = 0.5
"""How long a verified key is trusted without re-reading its row (revocation elsewhere)."""


@dataclass(frozen=True, slots=True)
class KnownKey:
    """A key's row as last read: enough to authenticate it without the database."""

    principal: Principal
    key_id: uuid.UUID
    revoked: bool
    expires_at: datetime | None
    last_used_at: datetime | None
    read_at: float


KNOWN: Lru[str, KnownKey] = Lru(10_000)
"""Verified keys by the SHA-256 of the key (the stored hash): process-wide."""


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
    forget(key_id)


def forget(key_id: uuid.UUID) -> None:
    """Drop a key from ``KNOWN`` (revoked here: refused from the next request on)."""
    for digest, known in KNOWN.items():
        if known.key_id == key_id:
            KNOWN.pop(digest)


async def _read(session: AsyncSession, token: str, digest: str) -> KnownKey | None:
    """The key's row, verified against the presented key (constant-time compare)."""
    row = (
        await repo.by_prefix(session, token[:PREFIX_LENGTH])
        if KEY_PATTERN.fullmatch(token)
        else None
    )
    if not hmac.compare_digest(digest, row.key_hash if row else _DUMMY_HASH) or row is None:
        return None
    principal = Principal(
        user_id=row.user_id,
        api_key_id=row.id,
        scopes=frozenset(row.scopes),
        project_id=row.project_id,
    )
    known = KnownKey(
        principal,
        row.id,
        row.revoked_at is not None,
        row.expires_at,
        row.last_used_at,
        time.monotonic(),
    )
    KNOWN.put(digest, known)
    return known


async def resolve(session: AsyncSession, token: str) -> Principal:
    """The principal of a presented key; 401 for an unknown, revoked or expired key."""
    digest = hash_key(token)
    known = KNOWN.get(digest)
    if known is None or time.monotonic() - known.read_at > RECHECK_SECONDS:
        known = await _read(session, token, digest)
    if known is None:
        raise Unauthorized("Invalid API key")
    now = utcnow()
    if known.revoked:
        raise Unauthorized("This API key was revoked")
    if known.expires_at is not None and known.expires_at <= now:
        raise Unauthorized("This API key has expired")
    last = known.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_EVERY:
        KNOWN.put(digest, replace(known, last_used_at=now))  # written by one request here
        if await repo.touch(session, known.key_id, now, LAST_USED_EVERY):
            await session.commit()
    return known.principal


async def authorize(
    request: Request, session: AsyncSession, principal: Principal, owners: Owners
) -> None:
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
    found, target = await _path_project(request, session, principal.user_id, owners)
    if not found and not access.bound_keys:
        raise InsufficientScope(
            "This API key is bound to one project; this operation is not about a project"
        )
    if target is not None and target != principal.project_id:
        raise InsufficientScope("This API key is bound to another project")


OWNED_KINDS: dict[Any, str] = {Project: "project", Blueprint: "blueprint", Deployment: "deployment"}
"""Tables whose rows' owner and project never change and are cached (``Owners``)."""


async def _path_project(
    request: Request, session: AsyncSession, user_id: uuid.UUID, owners: Owners
) -> tuple[bool, uuid.UUID | None]:
    """Whether the path names a project (directly or through a resource), and which one when
    the user owns it (None: not theirs or missing; the endpoint answers 404 as usual)."""
    params = request.path_params
    tables = {"project_id": Project, **PROJECT_RESOURCES}
    name = next((n for n in tables if n in params), None)
    if name is None:
        return False, None
    table = tables[name]
    try:
        row_id = uuid.UUID(str(params[name]))
    except ValueError:
        return True, None
    kind = OWNED_KINDS.get(table)
    if kind is None:
        return True, await repo.owned_project_of(session, table, row_id, user_id)
    owner = await owners.get(kind, row_id, lambda: _owner(session, table, row_id))
    return True, owner.project_id if owner is not None and owner.user_id == user_id else None


async def _owner(session: AsyncSession, table: Any, row_id: uuid.UUID) -> Owner | None:
    if table is Project:
        found = await projects_repo.owner(session, row_id)
    else:
        found = await events_repo.owner(session, table, row_id)
    return Owner(*found) if found is not None else None
