"""401 and 403: who is calling, and what they may call."""

from __future__ import annotations

from core.errors.base import SlipwayError


class Unauthorized(SlipwayError):
    status, code = 401, "UNAUTHORIZED"
    default_message = "Missing or invalid access token"
    default_headers = {"WWW-Authenticate": "Bearer"}


class InvalidRefreshToken(SlipwayError):
    status, code = 401, "UNAUTHORIZED"
    default_message = "Invalid refresh token; log in again"


class InvalidCredentials(SlipwayError):
    status, code = 401, "INVALID_CREDENTIALS"
    default_message = "Invalid email or password"


class TokenReused(SlipwayError):
    status, code = 401, "TOKEN_REUSED"
    default_message = (
        "This refresh token was already used; every session of this login has been "
        "signed out. Log in again."
    )


class InsufficientScope(SlipwayError):
    """An API key without the operation's scope, used outside its project, or on an operation
    API keys may not call (``api.keys.scopes``)."""

    status, code = 403, "INSUFFICIENT_SCOPE"
    default_message = "This API key may not call this operation"


class CsrfHeaderRequired(SlipwayError):
    status, code = 403, "CSRF_HEADER_REQUIRED"
    default_message = (
        "The slipway_refresh cookie is only accepted with the header X-Slipway-CSRF: 1"
    )
