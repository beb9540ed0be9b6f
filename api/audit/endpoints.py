"""``GET /audit``: the caller's own audit entries, cursor-paged. No endpoint changes or deletes
an entry (the log is append-only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.audit import service
from api.audit.schemas import AuditEntryOut
from api.deps import ProjectLimit, Session, UserId
from api.keys.scopes import Scope, requires
from api.pagination import Paging
from api.schemas import Page, PageMeta

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=Page[AuditEntryOut], dependencies=[ProjectLimit])
@requires(Scope.AUDIT_READ)
async def list_audit(
    user_id: UserId,
    session: Session,
    page: Paging,
    project_id: Annotated[uuid.UUID | None, Query(alias="projectId")] = None,
    action: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_]+(\.[a-z_]+)?$")] = None,
) -> Page[AuditEntryOut]:
    """Newest first. ``action`` is exact (``deployment.deploy``) or a family
    (``deployment``); ``projectId`` narrows to one project's entries."""
    rows, next_cursor = await service.list_page(
        session,
        user_id,
        project_id=project_id,
        action=action,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(data=[AuditEntryOut.of(e) for e in rows], meta=PageMeta(next_cursor=next_cursor))
