"""Auth request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field

from api.schemas import CamelModel, RequestModel
from core.models import User


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

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=str(user.id), email=user.email, created_at=user.created_at)
