"""Signup, login (throttled per account), refresh-token rotation with reuse detection, and
ending sessions (logout, reuse): a session is a refresh-token family, its id the access
tokens' ``sid``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth import throttle
from api.auth.revocations import SessionRevocations
from api.security import (
    create_access_token,
    hash_password,
    hash_refresh_token,
    new_refresh_token,
    verify_password,
)
from core.errors import (
    EmailTaken,
    InvalidCredentials,
    InvalidRefreshToken,
    NotFound,
    TokenReused,
    WeakPassword,
)
from core.models import RefreshToken, User, utcnow
from core.repositories import sessions, users
from core.settings import Settings

MIN_PASSWORD_LENGTH = 10


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_policy(email: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            f"Password must be at least {MIN_PASSWORD_LENGTH} characters long", "too short"
        )
    if password.strip().lower() == email:
        raise WeakPassword("Password must not be the same as the email address", "equals the email")


async def signup(session: AsyncSession, email: str, password: str) -> User:
    email = normalise_email(email)
    check_password_policy(email, password)
    if await users.get_by_email(session, email) is not None:
        raise EmailTaken()
    password_hash = await hash_password(password)
    try:
        user = await users.create_user(session, email, password_hash)
    except users.EmailTaken as exc:
        raise EmailTaken() from exc
    await session.commit()
    return user


async def _issue(
    session: AsyncSession, settings: Settings, user_id: uuid.UUID, family_id: uuid.UUID
) -> TokenPair:
    token, token_hash = new_refresh_token()
    await users.add_refresh_token(
        session,
        user_id,
        family_id,
        token_hash,
        utcnow() + timedelta(seconds=settings.refresh_token_ttl),
    )
    await session.commit()
    return TokenPair(
        access_token=create_access_token(
            user_id, family_id, settings.jwt_secret, settings.access_token_ttl
        ),
        refresh_token=token,
        expires_in=settings.access_token_ttl,
    )


async def login(
    session: AsyncSession, settings: Settings, email: str, password: str, client: str
) -> TokenPair:
    """A new session, unless the account's throttle makes this attempt wait (``client``: the
    caller's address, ``api.auth.throttle``)."""
    policy = throttle.Policy.of(settings)
    user = await users.get_by_email(session, normalise_email(email))
    attempt = await throttle.admit(
        session, policy, email, user.id if user else None, client, utcnow()
    )
    # Always one argon2 verification, so unknown emails take as long as wrong passwords.
    ok = await verify_password(user.password_hash if user else None, password)
    if user is None or not ok:
        await throttle.failed(session, policy, attempt, utcnow())
        raise InvalidCredentials()
    await throttle.succeeded(session, policy, attempt, utcnow())
    return await _issue(session, settings, user.id, uuid.uuid4())


async def refresh(
    session: AsyncSession, settings: Settings, revocations: SessionRevocations, token: str
) -> TokenPair:
    """A new pair for a refresh token, which is spent: every refresh answers a new refresh
    token. A spent token presented again ends its whole session (``TOKEN_REUSED``)."""
    stored = await users.get_refresh_token(session, hash_refresh_token(token))
    if stored is None or stored.revoked_at is not None:
        raise InvalidRefreshToken()
    if stored.rotated_at is not None or not await users.mark_rotated(session, stored.id):
        # A rotated token came back: someone holds a copy. End the whole session.
        await end_session(session, revocations, stored.family_id, stored.user_id, "reuse")
        raise TokenReused()
    if stored.expires_at <= utcnow():
        await session.commit()
        raise InvalidRefreshToken("Refresh token expired; log in again")
    return await _issue(session, settings, stored.user_id, stored.family_id)


async def end_session(
    session: AsyncSession,
    revocations: SessionRevocations,
    family_id: uuid.UUID,
    user_id: uuid.UUID,
    reason: str,
) -> None:
    """Revoke a session: its refresh tokens, and (through ``revoked_sessions``, followed by
    every API process) its access tokens, at once."""
    await users.revoke_family(session, family_id)
    await sessions.add(session, str(family_id), user_id, reason)
    await session.commit()
    revocations.add(str(family_id))


async def refresh_token_row(session: AsyncSession, token: str) -> RefreshToken | None:
    return await users.get_refresh_token(session, hash_refresh_token(token))


async def logout(
    session: AsyncSession,
    revocations: SessionRevocations,
    user_id: uuid.UUID | None,
    session_id: str | None,
    tokens: list[str],
) -> None:
    """End the caller's session (``session_id`` of the access token) and the sessions of the
    refresh tokens presented (one the caller owns, when an access token came too)."""
    families: set[tuple[uuid.UUID, uuid.UUID]] = set()
    if user_id is not None and session_id is not None:
        families.add((uuid.UUID(session_id), user_id))
    for token in tokens:
        stored = await refresh_token_row(session, token)
        if stored is not None and user_id in (None, stored.user_id):
            families.add((stored.family_id, stored.user_id))
    for family_id, owner in families:
        await end_session(session, revocations, family_id, owner, "logout")


async def current_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await users.get_by_id(session, user_id)
    if user is None:
        raise NotFound("User")
    return user
