"""The dashboard's cookie session: the refresh token in an HttpOnly cookie, CSRF by header.

``POST /auth/login {"session": "cookie"}`` sets ``slipway_refresh`` (HttpOnly, Secure,
SameSite=Strict, Path=/auth, Max-Age = REFRESH_TOKEN_TTL) and leaves the refresh token out of
the body. ``/auth/refresh`` and ``/auth/logout`` accept the cookie only with the header
``X-Slipway-CSRF: 1``: a cross-site form cannot set a custom header, and a cross-site script
cannot send one without a CORS preflight this API never grants.

Beside it, ``slipway_session=1`` (Secure, SameSite=Strict, Path=/, same Max-Age, *not*
HttpOnly, no secret in it) tells the page a session may exist, so a page load without one does
not send a refresh bound to fail. It is set and cleared with the refresh cookie.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.errors import CsrfHeaderRequired

COOKIE = "slipway_refresh"
PATH = "/auth"
HINT = "slipway_session"
CSRF_HEADER = "X-Slipway-CSRF"
CSRF_RESPONSE = {
    "description": "The slipway_refresh cookie came without the header X-Slipway-CSRF: 1 "
    "(CSRF_HEADER_REQUIRED)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}


def set_refresh(response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        COOKIE, token, max_age=max_age, path=PATH, secure=True, httponly=True, samesite="strict"
    )
    response.set_cookie(HINT, "1", max_age=max_age, path="/", secure=True, samesite="strict")


def clear_refresh(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, secure=True, httponly=True, samesite="strict")
    response.delete_cookie(HINT, path="/", secure=True, samesite="strict")


def clearing_header() -> dict[str, str]:
    """The ``Set-Cookie`` header that clears the refresh cookie, for error responses (the page
    clears the hint itself when a refresh fails)."""
    response = Response()
    response.delete_cookie(COOKIE, path=PATH, secure=True, httponly=True, samesite="strict")
    return {"set-cookie": response.headers["set-cookie"]}


def refresh_token(request: Request) -> str | None:
    """The cookie's refresh token; raises 403 when it came without the CSRF header."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    if request.headers.get(CSRF_HEADER) != "1":
        raise CsrfHeaderRequired()
    return token
