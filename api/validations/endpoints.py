"""Validation endpoints (seed 000): start a validation, read its status and its report."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, status
from pydantic import Field

from api.deps import GenerationLimit, ProjectLimit, Session, State, UserId
from api.errors import ApiError
from api.schemas import RequestModel, iso
from api.services import generation
from api.services import validations as service
from api.services.workflows import status_body

router = APIRouter(prefix="/blueprints/{blueprint_id}", tags=["validations"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


class ValidateBody(RequestModel):
    auto_fix: bool = True
    accept_risk: list[Literal["medium", "high"]] = Field(default_factory=list, max_length=2)


@router.post("/validate", status_code=status.HTTP_202_ACCEPTED, dependencies=[GenerationLimit])
async def validate(
    blueprint_id: str,
    user_id: UserId,
    session: Session,
    state: State,
    body: ValidateBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    body = body or ValidateBody()
    blueprint = await generation.get_owned(session, blueprint_id, user_id)
    row = await service.start(
        state, session, blueprint, user_id, body.auto_fix, list(body.accept_risk), idempotency_key
    )
    return {
        "validation": {
            "id": str(row.id),
            "blueprintId": str(row.blueprint_id),
            "number": row.number,
            "status": row.status,
            "autoFix": row.auto_fix,
            "acceptRisk": row.accept_risk or [],
            "createdAt": iso(row.created_at),
        },
        "message": "Validation started",
        "statusUrl": f"/blueprints/{row.blueprint_id}/validation-status",
    }


@router.get("/validation-status", dependencies=[ProjectLimit])
async def validation_status(
    blueprint_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    blueprint = await generation.get_owned(session, blueprint_id, user_id)
    row = await service.latest(session, blueprint.id)
    live = await service.live(state, session, row)
    body = status_body(row, live)
    if live is None and row.status not in ("completed", "failed") and row.workflow_id:
        body["stale"] = True
    return {
        "validationId": str(row.id),
        "number": row.number,
        **body,
        "fixedBlueprintId": str(row.fixed_blueprint_id) if row.fixed_blueprint_id else None,
        "reportUrl": f"/blueprints/{blueprint.id}/validation-report",
    }


@router.get("/validation-report", dependencies=[ProjectLimit])
async def validation_report(blueprint_id: str, user_id: UserId, session: Session) -> dict[str, Any]:
    blueprint = await generation.get_owned(session, blueprint_id, user_id)
    row = await service.latest(session, blueprint.id, completed=True)
    if row.report is None:
        raise ApiError(
            404, "NO_VALIDATION", "No validation report yet: POST /blueprints/{id}/validate first"
        )
    return {
        "data": {
            "validationId": str(row.id),
            "number": row.number,
            "fixedBlueprintId": str(row.fixed_blueprint_id) if row.fixed_blueprint_id else None,
            "completedAt": iso(row.completed_at),
            **row.report,
        }
    }
