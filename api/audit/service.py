"""Reading the audit log: a user's own entries only, newest first."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.pagination import keyset_page
from core.models_ops import AuditEntry
from core.repositories import After
from core.repositories import audit as repo


async def list_page(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    project_id: uuid.UUID | None,
    action: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[AuditEntry], str | None]:
    async def fetch(n: int, after: After | None) -> list[AuditEntry]:
        return await repo.list_for_user(
            session, user_id, project_id=project_id, action=action, limit=n, after=after
        )

    return await keyset_page(fetch, limit, cursor)
