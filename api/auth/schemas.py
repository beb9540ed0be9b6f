"""Auth request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import EmailStr, Field

from api.schemas import CamelModel, RequestModel
from core.models import User


class Credentials(RequestModel):
    email: Annotated[EmailStr, Field(max_length=320)]
    password: Annotated[str, Field(min_length=10, max_length=1024)]  # MIN_PASSWORD_LENGTH


class LoginBody(RequestModel):
    email: Annotated[EmailStr, Field(max_length=320)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]
    session: Literal["body", "cookie"] = "body"
    """``cookie`` (browsers): the refresh token is set as the HttpOnly cookie
    ``slipway_refresh`` (Path=/auth) instead of being in the body."""


class RefreshBody(RequestModel):
    refresh_token: Annotated[str | None, Field(min_length=1, max_length=512)] = None
    """The refresh token; without it the ``slipway_refresh`` cookie is used (with the header
    ``X-Slipway-CSRF: 1``)."""


class LogoutBody(RequestModel):
    refresh_token: Annotated[str | None, Field(min_length=1, max_length=512)] = None
    """A refresh token of yours to revoke as well (its family)."""


class AccessTokenResponse(CamelModel):
    """Cookie sessions: the refresh token travels in the ``slipway_refresh`` cookie only."""

    access_token: str
    expires_in: int
    token_type: str = "Bearer"


class TokenResponse(CamelModel):
    """Every refresh answers a new refresh token: the one presented is spent."""

    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


class UserOut(CamelModel):
    id: str
    email: str
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=str(user.id), email=user.email, created_at=user.created_at)
