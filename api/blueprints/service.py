"""Blueprint generation: create the row, start GenerateBlueprint, answer status reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import ApiError, not_found
from api.schemas import parse_uuid
from api.services import workflows as wf
from api.state import AppState
from core.models import Blueprint, Project, SpecVersion, utcnow
from core.repositories import blueprints as repo
from core.repositories import idempotency
from core.repositories import specs as specs_repo
from workflows.messages import GenerateInput
from workflows.status import TERMINAL

WORKFLOW = "GenerateBlueprint"


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
        raise ApiError(
            409,
            "NO_SPEC",
            "The project has no applied spec yet: POST /projects/{id}/spec/apply first "
            "(or chat with the assistant and apply the draft)",
        )
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
    except ApiError:
        if not idempotency_key:  # nobody can retry this row: record why it never ran
            await repo.set_fields(
                session,
                blueprint.id,
                status="failed",
                error="The workflow engine was unavailable; nothing ran. Start a new generation.",
                completed_at=utcnow(),
            )
            await session.commit()
        raise
    return blueprint, spec.version


async def replay_if_known(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    idempotency_key: str,
) -> tuple[Blueprint, int] | None:
    found = await idempotency.get(session, user_id, f"generate:{project.id}", idempotency_key)
    if found is None:
        return None
    return await _replay(state, session, found.resource_id)


async def _replay(
    state: AppState, session: AsyncSession, blueprint_id: uuid.UUID
) -> tuple[Blueprint, int]:
    blueprint = await repo.get(session, blueprint_id)
    if blueprint is None:
        raise not_found("Blueprint")
    if blueprint.run_id is None and blueprint.status == "queued":
        await ensure_started(state, session, blueprint)  # the first attempt never started it
    return blueprint, blueprint.spec_version


async def ensure_started(state: AppState, session: AsyncSession, blueprint: Blueprint) -> None:
    await wf.release(session)
    run_id, _ = await wf.start(
        state,
        workflow=WORKFLOW,
        workflow_id=workflow_id(blueprint.id),
        arg=GenerateInput(
            blueprint_id=str(blueprint.id),
            project_id=str(blueprint.project_id),
            user_id=str(blueprint.owner_id),
        ),
        project_id=str(blueprint.project_id),
        user_id=str(blueprint.owner_id),
    )
    values: dict[str, Any] = {"workflow_id": workflow_id(blueprint.id), "run_id": run_id}
    if blueprint.status == "queued":
        values["status"] = "processing"
    await repo.set_fields(session, blueprint.id, **values)
    await session.commit()
    await session.refresh(blueprint)


async def get_owned(session: AsyncSession, blueprint_id: str, user_id: uuid.UUID) -> Blueprint:
    blueprint = await repo.get_owned(session, parse_uuid(blueprint_id, "Blueprint"), user_id)
    if blueprint is None:
        raise not_found("Blueprint")
    return blueprint


async def status(state: AppState, session: AsyncSession, blueprint: Blueprint) -> dict[str, Any]:
    live = None
    if blueprint.status not in TERMINAL and blueprint.workflow_id:
        await wf.release(session)
        live = await state.status.live(blueprint.workflow_id, None)
        if live is None:  # Temporal unreachable: what the database knows, flagged stale
            body = wf.status_body(blueprint, None)
            body["stale"] = True
            return body
    return wf.status_body(blueprint, live)
