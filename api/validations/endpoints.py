"""Validation endpoints: start a validation, read its status and its report."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from api.audit.recorder import audited
from api.deps import GenerationLimit, IdempotencyKey, ProjectLimit, Session, State, UserId
from api.events.status import Built, StatusLimit, answer, owned
from api.keys.scopes import Scope, requires
from api.openapi import raises
from api.schemas import Data
from api.validations import service
from api.validations.schemas import (
    ValidateBody,
    ValidationOut,
    ValidationReport,
    ValidationStarted,
    ValidationStatusOut,
)
from core.errors import BlueprintNotReady, NoValidation, ValidationStartedTwice

router = APIRouter(prefix="/blueprints/{blueprint_id}", tags=["validations"])


@router.post(
    "/validate",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ValidationStarted,
    dependencies=[GenerationLimit],
)
@raises(BlueprintNotReady, ValidationStartedTwice)
@requires(Scope.VALIDATE)
@audited("validation.start")
async def validate(
    blueprint_id: str,
    user_id: UserId,
    session: Session,
    state: State,
    body: ValidateBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> ValidationStarted:
    body = body or ValidateBody()
    blueprint = await service.get_owned(session, blueprint_id, user_id)
    row = await service.start(
        state, session, blueprint, user_id, body.auto_fix, list(body.accept_risk), idempotency_key
    )
    state.view.invalidate(blueprint.id)  # the latest validation changed
    return ValidationStarted(
        validation=ValidationOut.of(row),
        message="Validation started",
        status_url=f"/blueprints/{row.blueprint_id}/validation-status",
    )


@router.get(
    "/validation-status",
    response_model=ValidationStatusOut,
    response_model_exclude_unset=True,
    dependencies=[StatusLimit],
)
@requires(Scope.PROJECTS_READ)
async def validation_status(
    blueprint_id: str, request: Request, user_id: UserId, session: Session, state: State
) -> Response:
    """The latest validation's status; ``ETag`` / ``If-None-Match`` answer ``304``."""
    bid, _ = await owned(state.owners, session, "blueprint", blueprint_id, user_id)

    async def build() -> Built:
        row = await service.latest(session, bid)
        body = ValidationStatusOut(
            validation_id=str(row.id),
            number=row.number,
            **await service.status(state, session, row),
            fixed_blueprint_id=str(row.fixed_blueprint_id) if row.fixed_blueprint_id else None,
            report_url=f"/blueprints/{bid}/validation-report",
        )
        return body, service.finished(row)

    return await answer(request, state, "validation", bid, build)


@router.get(
    "/validation-report", response_model=Data[ValidationReport], dependencies=[ProjectLimit]
)
@requires(Scope.PROJECTS_READ)
async def validation_report(
    blueprint_id: str, user_id: UserId, session: Session
) -> Data[ValidationReport]:
    blueprint = await service.get_owned(session, blueprint_id, user_id)
    row = await service.latest(session, blueprint.id, completed=True)
    if row.report is None:
        raise NoValidation("No validation report yet: POST /blueprints/{id}/validate first")
    return Data(
        data=ValidationReport(
            validation_id=str(row.id),
            number=row.number,
            fixed_blueprint_id=str(row.fixed_blueprint_id) if row.fixed_blueprint_id else None,
            completed_at=row.completed_at,
            **row.report,
        )
    )
