"""Blueprints, revisions and spec versions as generation sees them."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Blueprint, Revision, SpecVersion, Validation, utcnow
from core.repositories import After, newest_first
from workflows.status import GenerationStatus, ValidationStatus


async def create(
    session: AsyncSession,
    project_id: uuid.UUID,
    owner_id: uuid.UUID,
    spec_version: int,
    *,
    source: str = "generation",
) -> Blueprint:
    bp = Blueprint(
        project_id=project_id, owner_id=owner_id, spec_version=spec_version, source=source
    )
    session.add(bp)
    await session.flush()
    return bp


async def get(session: AsyncSession, blueprint_id: uuid.UUID) -> Blueprint | None:
    return await session.get(Blueprint, blueprint_id)


async def get_owned(
    session: AsyncSession, blueprint_id: uuid.UUID, owner_id: uuid.UUID
) -> Blueprint | None:
    result = await session.exec(
        select(Blueprint).where(Blueprint.id == blueprint_id, Blueprint.owner_id == owner_id)
    )
    return result.first()


async def list_for_project(
    session: AsyncSession,
    project_id: uuid.UUID,
    *,
    limit: int,
    after: After | None,
) -> list[Blueprint]:
    query = newest_first(
        select(Blueprint).where(Blueprint.project_id == project_id), Blueprint, after, limit
    )
    return list((await session.exec(query)).all())


async def latest_completed(session: AsyncSession, project_id: uuid.UUID) -> Blueprint | None:
    result = await session.exec(
        select(Blueprint)
        .where(Blueprint.project_id == project_id, Blueprint.status == GenerationStatus.COMPLETED)
        .order_by(col(Blueprint.completed_at).desc())
        .limit(1)
    )
    return result.first()


async def set_fields(session: AsyncSession, blueprint_id: uuid.UUID, **values: Any) -> None:
    await session.exec(
        sa.update(Blueprint).where(col(Blueprint.id) == blueprint_id).values(**values)
    )


async def get_spec_version(
    session: AsyncSession, project_id: uuid.UUID, version: int
) -> SpecVersion | None:
    result = await session.exec(
        select(SpecVersion).where(
            SpecVersion.project_id == project_id, SpecVersion.version == version
        )
    )
    return result.first()


async def latest_revision(session: AsyncSession, project_id: uuid.UUID) -> Revision | None:
    result = await session.exec(
        select(Revision)
        .where(Revision.project_id == project_id)
        .order_by(col(Revision.number).desc())
        .limit(1)
    )
    return result.first()


async def revision_for_blueprint(session: AsyncSession, blueprint_id: uuid.UUID) -> Revision | None:
    result = await session.exec(select(Revision).where(Revision.blueprint_id == blueprint_id))
    return result.first()


async def get_revision(
    session: AsyncSession, project_id: uuid.UUID, number: int
) -> Revision | None:
    result = await session.exec(
        select(Revision).where(Revision.project_id == project_id, Revision.number == number)
    )
    return result.first()


async def list_revisions(
    session: AsyncSession, project_id: uuid.UUID, *, limit: int, before: int | None
) -> list[Revision]:
    query = select(Revision).where(Revision.project_id == project_id)
    if before is not None:
        query = query.where(col(Revision.number) < before)
    query = query.order_by(col(Revision.number).desc()).limit(limit)
    return list((await session.exec(query)).all())


async def add_revision(
    session: AsyncSession,
    *,
    project_id: uuid.UUID,
    blueprint_id: uuid.UUID,
    spec_version: int,
    ir: dict[str, Any],
    classification: dict[str, Any] | None,
    source: str,
) -> Revision:
    """Next revision number for the project; the unique constraint settles races (retry)."""
    current = await session.exec(
        select(func.max(Revision.number)).where(Revision.project_id == project_id)
    )
    number = (current.one() or 0) + 1
    revision = Revision(
        project_id=project_id,
        number=number,
        blueprint_id=blueprint_id,
        spec_version=spec_version,
        ir=ir,
        classification=classification,
        source=source,
        created_at=utcnow(),
    )
    session.add(revision)
    await session.flush()
    return revision


async def create_validation(session: AsyncSession, **values: Any) -> Validation:
    current = await session.exec(
        select(func.max(Validation.number)).where(Validation.blueprint_id == values["blueprint_id"])
    )
    validation = Validation(number=(current.one() or 0) + 1, **values)
    session.add(validation)
    await session.flush()
    return validation


async def get_validation(session: AsyncSession, validation_id: uuid.UUID) -> Validation | None:
    return await session.get(Validation, validation_id)


async def set_validation(session: AsyncSession, validation_id: uuid.UUID, **values: Any) -> None:
    await session.exec(
        sa.update(Validation).where(col(Validation.id) == validation_id).values(**values)
    )


async def latest_validation(
    session: AsyncSession, blueprint_id: uuid.UUID, *, completed: bool = False
) -> Validation | None:
    query = select(Validation).where(Validation.blueprint_id == blueprint_id)
    if completed:
        query = query.where(Validation.status == ValidationStatus.COMPLETED)
    query = query.order_by(col(Validation.number).desc()).limit(1)
    return (await session.exec(query)).first()


async def add_blueprint(session: AsyncSession, **values: Any) -> Blueprint:
    """A blueprint made outside generation (e.g. the fixed blueprint of a validation)."""
    blueprint = Blueprint(**values)
    session.add(blueprint)
    await session.flush()
    return blueprint
