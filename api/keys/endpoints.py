"""API keys: create (the secret shown once), list, revoke. Login sessions only: a key can
never create or list keys."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.audit.recorder import audited
from api.deps import ProjectLimit, Session, UserId, parse_uuid
from api.keys import service
from api.keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from api.keys.scopes import session_only
from api.pagination import Paging
from api.schemas import Data, Page, PageMeta

router = APIRouter(prefix="/api-keys", tags=["api-keys"], dependencies=[ProjectLimit])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Data[ApiKeyCreated])
@session_only()
@audited("api_key.create", created="api_key")
async def create_key(body: ApiKeyCreate, user_id: UserId, session: Session) -> Data[ApiKeyCreated]:
    row, secret = await service.create(
        session, user_id, body.name, body.scopes, body.project_id, body.expires_at
    )
    return Data(data=ApiKeyCreated.issued(row, secret))


@router.get("", response_model=Page[ApiKeyOut])
@session_only()
async def list_keys(user_id: UserId, session: Session, page: Paging) -> Page[ApiKeyOut]:
    """The keys that still work (revoked and expired ones are left out), newest first."""
    rows, next_cursor = await service.list_page(session, user_id, page.limit, page.cursor)
    return Page(data=[ApiKeyOut.of(k) for k in rows], meta=PageMeta(next_cursor=next_cursor))


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
@session_only()
@audited("api_key.revoke")
async def revoke_key(key_id: str, user_id: UserId, session: Session) -> None:
    """Revoke a key: the next request made with it gets 401."""
    await service.revoke(session, user_id, parse_uuid(key_id, "API key"))
