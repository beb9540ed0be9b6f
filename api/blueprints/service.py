"""Blueprint generation: create the row, start GenerateBlueprint, answer status reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.deps import parse_uuid
from api.pagination import keyset_page
from api.schemas import RunStatus
from api.specs import service as specs_service
from api.state import AppState
from core.db import release
from core.errors import NoSpec, NotFound, SlipwayError
from core.models import Blueprint, Project, SpecVersion, utcnow
from core.repositories import After, idempotency
from core.repositories import blueprints as repo
from core.repositories import specs as specs_repo
from core.temporal import start_or_find
from workflows.generate import GenerateBlueprintWorkflow
from workflows.messages import GenerateInput
from workflows.status import GenerationStatus, is_terminal


def workflow_id(blueprint_id: uuid.UUID) -> str:
    return f"blueprint:{blueprint_id}"


async def start(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    idempotency_key: str | None,
    spec: SpecVersion | None = None,
) -> tuple[Blueprint, int]:
    scope = f"generate:{project.id}"
    if idempotency_key:
        found = await idempotency.get(session, user_id, scope, idempotency_key)
        if found is not None:
            return await _replay(state, session, found.resource_id)
    if spec is None:
        spec = await specs_repo.latest_version(session, project.id)
    if spec is None:
        raise NoSpec()
    blueprint = await repo.create(session, project.id, user_id, spec.version)
    if idempotency_key:
        idempotency.add(session, user_id, scope, idempotency_key, blueprint.id)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        found = await idempotency.get(session, user_id, scope, idempotency_key or "")
        if found is None:
            raise
        return await _replay(state, session, found.resource_id)
    try:
        await ensure_started(state, session, blueprint)
    except SlipwayError:
        if not idempotency_key:  # nobody can retry this row: record why it never ran
            await repo.set_fields(
                session,
                blueprint.id,
                status=GenerationStatus.FAILED,
                error="The workflow engine was unavailable; nothing ran. Start a new generation.",
                completed_at=utcnow(),
            )
            await session.commit()
        raise
    return blueprint, spec.version


async def start_from_prompt(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    prompt: str,
    idempotency_key: str | None,
) -> tuple[Blueprint, int]:
    """``POST /projects/{id}/blueprints``: the assistant writes the spec, which is applied as a
    new version, then generation starts. A replayed key creates no other spec version."""
    if idempotency_key:
        found = await idempotency.get(session, user_id, f"generate:{project.id}", idempotency_key)
        if found is not None:
            return await _replay(state, session, found.resource_id)
    spec = await specs_service.create_from_prompt(
        session, state.assistant, project, user_id, prompt
    )
    return await start(state, session, project, user_id, idempotency_key, spec=spec)


async def _replay(
    state: AppState, session: AsyncSession, blueprint_id: uuid.UUID
) -> tuple[Blueprint, int]:
    blueprint = await repo.get(session, blueprint_id)
    if blueprint is None:
        raise NotFound("Blueprint")
    if blueprint.run_id is None and blueprint.status == GenerationStatus.QUEUED:
        await ensure_started(state, session, blueprint)  # the first attempt never started it
    return blueprint, blueprint.spec_version


async def ensure_started(state: AppState, session: AsyncSession, blueprint: Blueprint) -> None:
    await release(session)
    run_id = await start_or_find(
        state.temporal,
        GenerateBlueprintWorkflow.run,
        GenerateInput(
            blueprint_id=str(blueprint.id),
            project_id=str(blueprint.project_id),
            user_id=str(blueprint.owner_id),
        ),
        workflow_id=workflow_id(blueprint.id),
        project_id=str(blueprint.project_id),
        user_id=str(blueprint.owner_id),
    )
    values: dict[str, Any] = {"workflow_id": workflow_id(blueprint.id), "run_id": run_id}
    if blueprint.status == GenerationStatus.QUEUED:
        values["status"] = GenerationStatus.PROCESSING
    await repo.set_fields(session, blueprint.id, **values)
    await session.commit()
    await session.refresh(blueprint)


async def get_owned(session: AsyncSession, blueprint_id: str, user_id: uuid.UUID) -> Blueprint:
    blueprint = await repo.get_owned(session, parse_uuid(blueprint_id, "Blueprint"), user_id)
    if blueprint is None:
        raise NotFound("Blueprint")
    return blueprint


async def get_in_project(
    session: AsyncSession, project: Project, blueprint_id: str, user_id: uuid.UUID
) -> Blueprint:
    blueprint = await get_owned(session, blueprint_id, user_id)
    if blueprint.project_id != project.id:
        raise NotFound("Blueprint")
    return blueprint


async def list_page(
    session: AsyncSession, project: Project, limit: int, cursor: str | None
) -> tuple[list[Blueprint], str | None]:
    async def fetch(n: int, after: After | None) -> list[Blueprint]:
        return await repo.list_for_project(session, project.id, limit=n, after=after)

    return await keyset_page(fetch, limit, cursor)


def finished(blueprint: Blueprint) -> bool:
    """The generation has ended: its status no longer changes."""
    return is_terminal(blueprint.status)


async def status(state: AppState, session: AsyncSession, blueprint: Blueprint) -> dict[str, Any]:
    """Finished: from the row. Running: the workflow's progress; Temporal unreachable: the row,
    flagged stale."""
    live = None
    if not is_terminal(blueprint.status) and blueprint.workflow_id:
        query = GenerateBlueprintWorkflow.get_progress
        live = await state.live(session, query, blueprint.workflow_id, None)
        if live is None:
            return {**RunStatus.of(blueprint, None, GenerationStatus.to_public), "stale": True}
    return RunStatus.of(blueprint, live, GenerationStatus.to_public)
