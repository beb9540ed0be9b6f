"""Auth endpoints: signup, login, refresh, me, logout (body tokens or the cookie session)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response, status

from api.audit.recorder import audited
from api.auth import cookies, service
from api.auth.schemas import (
    AccessTokenResponse,
    Credentials,
    LoginBody,
    LogoutBody,
    RefreshBody,
    TokenResponse,
    UserOut,
)
from api.deps import (
    Session,
    State,
    UserId,
    auth_ip_limit,
    bearer_token,
    current_principal,
    rate_limited,
)
from api.keys.scopes import any_credential, session_only
from api.openapi import raises
from api.schemas import Data
from core.errors import EmailTaken, SlipwayError, Unauthorized

router = APIRouter(prefix="/auth", tags=["auth"])
Tokens = TokenResponse | AccessTokenResponse


async def _email_limit(request: Request, state: State, email: str) -> None:
    await state.limiter.hit(request, "auth", f"email:{service.normalise_email(email)}")


def _answer(pair: service.TokenPair, response: Response, cookie_ttl: int | None) -> Tokens:
    """The body pair, or (cookie session) the access token with the refresh token set as the
    cookie."""
    if cookie_ttl is None:
        return TokenResponse(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
        )
    cookies.set_refresh(response, pair.refresh_token, cookie_ttl)
    return AccessTokenResponse(access_token=pair.access_token, expires_in=pair.expires_in)


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=Data[UserOut],
    dependencies=[Depends(auth_ip_limit)],
)
@raises(EmailTaken)
@audited("auth.signup", created="user")
async def signup(
    body: Credentials, request: Request, state: State, session: Session
) -> Data[UserOut]:
    await _email_limit(request, state, body.email)
    user = await service.signup(session, body.email, body.password)
    return Data(data=UserOut.of(user))


@router.post("/login", response_model=Tokens, dependencies=[Depends(auth_ip_limit)])
@audited("auth.login", signs_in=True)
async def login(
    body: LoginBody, request: Request, response: Response, state: State, session: Session
) -> Tokens:
    """A new session. ``"session": "cookie"`` (browsers): the refresh token is set as the
    ``slipway_refresh`` cookie instead of being answered. Failed logins slow the account down
    for new addresses only (``429 LOGIN_THROTTLED``); see the README, "Authentication"."""
    client = state.limiter.client_ip(request)
    pair = await service.login(session, state.settings, body.email, body.password, client)
    ttl = state.settings.refresh_token_ttl if body.session == "cookie" else None
    return _answer(pair, response, ttl)


@router.post(
    "/refresh",
    response_model=Tokens,
    dependencies=[Depends(auth_ip_limit)],
    responses={403: cookies.CSRF_RESPONSE},
)
async def refresh(
    request: Request,
    response: Response,
    state: State,
    session: Session,
    body: RefreshBody | None = None,
) -> Tokens:
    """Rotate a refresh token: ``{refreshToken}`` answers a new pair (the token sent is spent);
    without it the ``slipway_refresh`` cookie is used (header ``X-Slipway-CSRF: 1``), replaced
    by a new cookie, and the body is ``{accessToken, expiresIn}``."""
    if body is not None and body.refresh_token is not None:
        pair = await service.refresh(session, state.settings, state.revocations, body.refresh_token)
        return _answer(pair, response, None)
    token = cookies.refresh_token(request)
    if token is None:
        raise Unauthorized('No refresh token: send {"refreshToken"} or the slipway_refresh cookie')
    try:
        pair = await service.refresh(session, state.settings, state.revocations, token)
    except SlipwayError as exc:
        if exc.status == 401:  # a dead cookie is cleared
            exc.headers.update(cookies.clearing_header())
        raise
    return _answer(pair, response, state.settings.refresh_token_ttl)


@router.get("/me", response_model=Data[UserOut], dependencies=[Depends(rate_limited("project"))])
@any_credential()
async def me(user_id: UserId, session: Session) -> Data[UserOut]:
    return Data(data=UserOut.of(await service.current_user(session, user_id)))


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(auth_ip_limit)],
    responses={403: cookies.CSRF_RESPONSE},
)
@session_only()
@audited("auth.logout")
async def logout(
    request: Request,
    response: Response,
    state: State,
    session: Session,
    body: LogoutBody | None = None,
) -> None:
    """End the session: with an access token, its session (and the session of the body's
    ``refreshToken``, if it is the caller's); with the ``slipway_refresh`` cookie (header
    ``X-Slipway-CSRF: 1``), the cookie's session. Its access tokens get 401 at once; the
    cookie is cleared."""
    user_id = session_id = None
    tokens = [t for t in (cookies.refresh_token(request),) if t]
    if bearer_token(request) is not None:
        principal = await current_principal(request, state, session)
        user_id, session_id = principal.user_id, principal.session_id
        tokens += [body.refresh_token] if body and body.refresh_token else []
    elif not tokens:
        raise Unauthorized("Send the access token (Authorization: Bearer) or the session cookie")
    await service.logout(session, state.revocations, user_id, session_id, tokens)
    cookies.clear_refresh(response)
