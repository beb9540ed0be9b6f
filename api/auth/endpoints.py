"""Auth endpoints (seed 000): signup, login, refresh, me, logout."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from pydantic import EmailStr, Field

from api.deps import Session, State, UserId, auth_ip_limit, rate_limited
from api.errors import not_found
from api.schemas import CamelModel, Data, RequestModel
from api.services import auth as service
from core.repositories import users

router = APIRouter(prefix="/auth", tags=["auth"])


class Credentials(RequestModel):
    email: Annotated[EmailStr, Field(max_length=320)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class RefreshBody(RequestModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=512)]


class TokenResponse(CamelModel):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


class UserOut(CamelModel):
    id: str
    email: str
    created_at: datetime


async def _email_limit(request: Request, state: State, email: str) -> None:
    await state.limiter.hit(request, "auth", f"email:{service.normalise_email(email)}")


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=Data[UserOut],
    dependencies=[Depends(auth_ip_limit)],
)
async def signup(
    body: Credentials, request: Request, state: State, session: Session
) -> Data[UserOut]:
    await _email_limit(request, state, body.email)
    user = await service.signup(session, body.email, body.password)
    return Data(data=UserOut(id=str(user.id), email=user.email, created_at=user.created_at))


@router.post("/login", response_model=TokenResponse, dependencies=[Depends(auth_ip_limit)])
async def login(
    body: Credentials, request: Request, state: State, session: Session
) -> TokenResponse:
    await _email_limit(request, state, body.email)
    pair = await service.login(session, state.settings, body.email, body.password)
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/refresh", response_model=TokenResponse, dependencies=[Depends(auth_ip_limit)])
async def refresh(body: RefreshBody, state: State, session: Session) -> TokenResponse:
    pair = await service.refresh(session, state.settings, body.refresh_token)
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.get("/me", response_model=Data[UserOut], dependencies=[Depends(rate_limited("project"))])
async def me(user_id: UserId, session: Session) -> Data[UserOut]:
    user = await users.get_by_id(session, user_id)
    if user is None:
        raise not_found("User")
    return Data(data=UserOut(id=str(user.id), email=user.email, created_at=user.created_at))


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(auth_ip_limit)],
)
async def logout(body: RefreshBody, user_id: UserId, session: Session) -> None:
    await service.logout(session, body.refresh_token, user_id)
