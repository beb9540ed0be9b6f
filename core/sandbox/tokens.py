"""Sandbox tokens: JWTs shaped like the Cognito ID tokens the deployed API receives (``sub``,
``cognito:groups``, ``custom:tenant``), signed HS256 with the sandbox's own secret (never the
API's), and the authorizer checks API Gateway runs in front of the functions.

JWT strategies: ``Authorization: Bearer <token>``, verified as the HTTP API's JWT authorizer
verifies (signature, issuer, audience, expiry); its claims reach the function. ``api_key``:
the token is the sandbox's API key, sent as ``x-api-key`` like a key of the usage plan.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

import jwt

ALGORITHM = "HS256"
AUDIENCE = "slipway-sandbox"


def issuer(project_id: str, nonce: str) -> str:
    return f"slipway-sandbox:{project_id}:{nonce}"


def mint(
    secret: str,
    project_id: str,
    nonce: str,
    *,
    sub: str,
    roles: list[str],
    tenant: str | None,
    ttl: int,
) -> tuple[str, int]:
    """A token and its expiry (Unix seconds)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer(project_id, nonce),
        "aud": AUDIENCE,
        "sub": sub,
        "token_use": "id",
        "cognito:groups": roles,
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    if tenant is not None:
        claims["custom:tenant"] = tenant
    return jwt.encode(claims, secret, algorithm=ALGORITHM), now + ttl


def verify(token: str, secret: str, project_id: str, nonce: str) -> dict[str, Any] | None:
    """The claims of a valid token of this sandbox (and this generation of it), else None."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=issuer(project_id, nonce),
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError:
        return None
    return claims


def bearer(header: str | None) -> str | None:
    scheme, _, token = (header or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def api_key_id(token: str) -> str:
    """The id API Gateway would give the key: a digest, never the key itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:10]
