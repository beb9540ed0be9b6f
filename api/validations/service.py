"""Validations: one ValidateBlueprint workflow per request (``validate:{blueprintId}:{n}``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import ApiError
from api.services import workflows as wf
from api.state import AppState
from core.models import Blueprint, Validation, utcnow
from core.repositories import blueprints as repo
from core.repositories import idempotency
from workflows.messages import ValidateInput
from workflows.status import TERMINAL


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
                if existing.run_id is None and existing.status == "queued":
                    await _ensure_started(state, session, existing)
                return existing
    if blueprint.status != "completed" or blueprint.ir is None:
        raise ApiError(
            409,
            "BLUEPRINT_NOT_READY",
            f"Blueprint {blueprint.id} is {blueprint.status}; validate a completed blueprint",
        )
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
            raise ApiError(
                409,
                "CONFLICT",
                "Another validation of this blueprint started at the same moment; retry",
            ) from exc
        return replay
    try:
        await _ensure_started(state, session, row)
    except ApiError:
        if not idempotency_key:
            await repo.set_validation(
                session,
                row.id,
                status="failed",
                error="The workflow engine was unavailable; nothing ran.",
                completed_at=utcnow(),
            )
            await session.commit()
        raise
    return row


async def _ensure_started(state: AppState, session: AsyncSession, row: Validation) -> None:
    workflow_id = f"validate:{row.blueprint_id}:{row.number}"
    await wf.release(session)
    run_id, _ = await wf.start(
        state,
        workflow="ValidateBlueprint",
        workflow_id=workflow_id,
        arg=ValidateInput(
            validation_id=str(row.id),
            blueprint_id=str(row.blueprint_id),
            project_id=str(row.project_id),
            user_id=str(row.owner_id),
        ),
        project_id=str(row.project_id),
        user_id=str(row.owner_id),
        phase="validating",
    )
    await repo.set_validation(
        session, row.id, workflow_id=workflow_id, run_id=run_id, status="running"
    )
    await session.commit()
    await session.refresh(row)


async def latest(
    session: AsyncSession, blueprint_id: uuid.UUID, *, completed: bool = False
) -> Validation:
    row = await repo.latest_validation(session, blueprint_id, completed=completed)
    if row is None:
        raise ApiError(
            404,
            "NO_VALIDATION",
            "This blueprint has not been validated yet: POST /blueprints/{id}/validate",
        )
    return row


async def live(state: AppState, session: AsyncSession, row: Validation) -> dict[str, Any] | None:
    if row.status in TERMINAL or not row.workflow_id:
        return None
    await wf.release(session)
    return await state.status.live(row.workflow_id, row.run_id)
