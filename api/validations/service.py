"""Validations: one ValidateBlueprint workflow per request (``validate:{blueprintId}:{n}``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.blueprints.service import get_owned
from api.schemas import RunStatus
from api.state import AppState
from core.db import release
from core.errors import BlueprintNotReady, NoValidation, SlipwayError, ValidationStartedTwice
from core.models import Blueprint, Validation, utcnow
from core.repositories import blueprints as repo
from core.repositories import idempotency
from core.temporal import start_or_find
from workflows.messages import ValidateInput
from workflows.status import GenerationStatus, ValidationStatus, is_terminal
from workflows.validate import ValidateBlueprintWorkflow

__all__ = ["finished", "get_owned", "latest", "start", "status"]


async def start(
    state: AppState,
    session: AsyncSession,
    blueprint: Blueprint,
    user_id: uuid.UUID,
    auto_fix: bool,
    accept_risk: list[str],
    idempotency_key: str | None,
) -> Validation:
    scope = f"validate:{blueprint.id}"
    if idempotency_key:
        found = await idempotency.get(session, user_id, scope, idempotency_key)
        if found is not None:
            existing = await repo.get_validation(session, found.resource_id)
            if existing is not None:
                if existing.run_id is None and existing.status == ValidationStatus.QUEUED:
                    await _ensure_started(state, session, existing)
                return existing
    if blueprint.status != GenerationStatus.COMPLETED or blueprint.ir is None:
        raise BlueprintNotReady(blueprint.id, blueprint.status, "validate")
    try:
        row = await repo.create_validation(
            session,
            blueprint_id=blueprint.id,
            project_id=blueprint.project_id,
            owner_id=user_id,
            auto_fix=auto_fix,
            accept_risk=sorted(set(accept_risk)),
        )
        if idempotency_key:
            idempotency.add(session, user_id, scope, idempotency_key, row.id)
        await session.commit()
    except IntegrityError as exc:  # a concurrent twin took the number or the key
        await session.rollback()
        found = await idempotency.get(session, user_id, scope, idempotency_key or "")
        replay = await repo.get_validation(session, found.resource_id) if found else None
        if replay is None:
            raise ValidationStartedTwice() from exc
        return replay
    try:
        await _ensure_started(state, session, row)
    except SlipwayError:
        if not idempotency_key:
            await repo.set_validation(
                session,
                row.id,
                status=ValidationStatus.FAILED,
                error="The workflow engine was unavailable; nothing ran.",
                completed_at=utcnow(),
            )
            await session.commit()
        raise
    return row


async def _ensure_started(state: AppState, session: AsyncSession, row: Validation) -> None:
    workflow_id = f"validate:{row.blueprint_id}:{row.number}"
    await release(session)
    run_id = await start_or_find(
        state.temporal,
        ValidateBlueprintWorkflow.run,
        ValidateInput(
            validation_id=str(row.id),
            blueprint_id=str(row.blueprint_id),
            project_id=str(row.project_id),
            user_id=str(row.owner_id),
        ),
        workflow_id=workflow_id,
        project_id=str(row.project_id),
        user_id=str(row.owner_id),
        phase="validating",
    )
    await repo.set_validation(
        session, row.id, workflow_id=workflow_id, run_id=run_id, status=ValidationStatus.RUNNING
    )
    await session.commit()
    await session.refresh(row)


async def latest(
    session: AsyncSession, blueprint_id: uuid.UUID, *, completed: bool = False
) -> Validation:
    row = await repo.latest_validation(session, blueprint_id, completed=completed)
    if row is None:
        raise NoValidation()
    return row


def finished(row: Validation) -> bool:
    """The validation has ended: its status no longer changes."""
    return is_terminal(row.status)


async def status(state: AppState, session: AsyncSession, row: Validation) -> dict[str, Any]:
    """The run's status members: from the row once finished, else from the workflow; stale
    when a started workflow did not answer."""
    live = None
    if not is_terminal(row.status) and row.workflow_id:
        query = ValidateBlueprintWorkflow.get_progress
        live = await state.live(session, query, row.workflow_id, row.run_id)
    body = RunStatus.of(row, live, ValidationStatus.to_public)
    if live is None and not is_terminal(row.status) and row.workflow_id:
        body["stale"] = True
    return body
