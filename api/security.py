"""Password hashing (argon2id, OWASP parameters) and JWT access tokens (HS256, pinned; each
carries its session id, ``sid``)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import anyio
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = _hasher.hash("slipway-timing-equaliser")
ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "sub", "jti", "sid"]


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    """Constant-work check: an unknown user still costs one argon2 verification."""
    return await anyio.to_thread.run_sync(_verify, stored, password)


def create_access_token(
    user_id: uuid.UUID, session_id: uuid.UUID, secret: str, ttl_seconds: int
) -> str:
    """An access token of one session (``sid``: its refresh-token family), which dies with it."""
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl_seconds)).timestamp()),
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    jti: str
    session_id: str
    expires_at: float = 0.0
    """``exp`` (Unix time): ``api.tokens`` keeps verified tokens until then."""


def decode_access_token(token: str, secret: str) -> AccessClaims | None:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": REQUIRED_CLAIMS},
        )
        if claims.get("typ") != "access":
            return None
        return AccessClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            jti=str(claims["jti"]),
            session_id=str(uuid.UUID(str(claims["sid"]))),
            expires_at=int(claims["exp"]),
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None


def new_refresh_token() -> tuple[str, str]:
    """An opaque refresh token and its SHA-256 (what the database stores)."""
    token = secrets.token_urlsafe(48)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
