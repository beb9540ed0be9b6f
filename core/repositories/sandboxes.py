"""Queries of the sandboxes table."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models_sandbox import Sandbox


async def of_project(session: AsyncSession, project_id: uuid.UUID) -> Sandbox | None:
    found = await session.exec(select(Sandbox).where(col(Sandbox.project_id) == project_id))
    return found.first()


async def of_project_for_update(session: AsyncSession, project_id: uuid.UUID) -> Sandbox | None:
    """The project's sandbox, locked until the transaction ends (PostgreSQL; SQLite writes are
    serialized anyway)."""
    query = select(Sandbox).where(col(Sandbox.project_id) == project_id).with_for_update()
    found = await session.exec(query)
    return found.first()
