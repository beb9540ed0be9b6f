"""Auth endpoints: signup, login, refresh, me, logout."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status

from api.auth import service
from api.auth.schemas import Credentials, RefreshBody, TokenResponse, UserOut
from api.deps import Session, State, UserId, auth_ip_limit, rate_limited
from api.keys.scopes import any_credential, session_only
from api.openapi import raises
from api.schemas import Data
from core.errors import EmailTaken

router = APIRouter(prefix="/auth", tags=["auth"])


async def _email_limit(request: Request, state: State, email: str) -> None:
    await state.limiter.hit(request, "auth", f"email:{service.normalise_email(email)}")


def _tokens(pair: service.TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=Data[UserOut],
    dependencies=[Depends(auth_ip_limit)],
)
@raises(EmailTaken)
async def signup(
    body: Credentials, request: Request, state: State, session: Session
) -> Data[UserOut]:
    await _email_limit(request, state, body.email)
    user = await service.signup(session, body.email, body.password)
    return Data(data=UserOut.of(user))


@router.post("/login", response_model=TokenResponse, dependencies=[Depends(auth_ip_limit)])
async def login(
    body: Credentials, request: Request, state: State, session: Session
) -> TokenResponse:
    await _email_limit(request, state, body.email)
    return _tokens(await service.login(session, state.settings, body.email, body.password))


@router.post("/refresh", response_model=TokenResponse, dependencies=[Depends(auth_ip_limit)])
async def refresh(body: RefreshBody, state: State, session: Session) -> TokenResponse:
    return _tokens(await service.refresh(session, state.settings, body.refresh_token))


@router.get("/me", response_model=Data[UserOut], dependencies=[Depends(rate_limited("project"))])
@any_credential()
async def me(user_id: UserId, session: Session) -> Data[UserOut]:
    return Data(data=UserOut.of(await service.current_user(session, user_id)))


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(auth_ip_limit)],
)
@session_only()
async def logout(body: RefreshBody, user_id: UserId, session: Session) -> None:
    await service.logout(session, body.refresh_token, user_id)
