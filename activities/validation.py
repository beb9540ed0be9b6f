"""Activities of ValidateBlueprint: rules + fixes, report, fixed revision (idempotent by ID)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.deps import ActivityDeps, as_uuid, not_found
from core.models import Validation, utcnow
from core.repositories import blueprints as repo
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.rules import auto_fix, build_report, summarize
from workflows.messages import SavedFix, ValidationFail, ValidationRef, ValidationRunResult
from workflows.status import GenerationStatus, ValidationStatus

FIXED_NAMESPACE = uuid.UUID("0b9a3c1e-7d52-4e08-9f3b-2c6d1e4a5b70")


class ValidationActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps

    async def _validation(self, session: Any, ref: ValidationRef) -> Validation:
        row = await repo.get_validation(session, as_uuid(ref.validation_id, "Validation"))
        if row is None:
            raise not_found("Validation", ref.validation_id)
        return row

    @activity.defn(name="validation.run")
    async def run(self, ref: ValidationRef) -> ValidationRunResult:
        async with self.deps.session() as session:
            validation = await self._validation(session, ref)
            blueprint = await repo.get(session, validation.blueprint_id)
            if blueprint is None or blueprint.ir is None:
                raise ApplicationError(
                    "The blueprint has no IR to validate", type="NotFound", non_retryable=True
                )
            source = Blueprint.from_json(blueprint.ir)
            risks = set(validation.accept_risk or []) if validation.auto_fix else set()
            outcome = auto_fix(source, risks, max_rounds=5 if validation.auto_fix else 0)
            report = build_report(outcome)
            report["autoFix"] = validation.auto_fix
            report["acceptRisk"] = sorted(risks)
            report["blueprintId"] = str(blueprint.id)
            values: dict[str, Any] = {"status": ValidationStatus.RUNNING, "report": report}
            if validation.started_at is None:
                values["started_at"] = utcnow()
            await repo.set_validation(session, validation.id, **values)
        changed = validation.auto_fix and outcome.changed
        return ValidationRunResult(
            score_before=outcome.scores_before.overall,
            score_after=outcome.scores_after.overall,
            fixes_applied=report["fixesApplied"],
            changed=changed,
        )

    @activity.defn(name="validation.save_fixed")
    async def save_fixed(self, ref: ValidationRef) -> SavedFix:
        async with self.deps.session() as session:
            validation = await self._validation(session, ref)
            source = await repo.get(session, validation.blueprint_id)
            if source is None or source.ir is None or validation.report is None:
                raise ApplicationError("Nothing to save", type="NotFound", non_retryable=True)
            fixed_id = uuid.uuid5(FIXED_NAMESPACE, str(validation.id))
            existing = await repo.revision_for_blueprint(session, fixed_id)
            if existing is not None:  # a retried attempt
                return SavedFix(
                    blueprint_id=str(fixed_id),
                    revision=existing.number,
                    classification=(existing.classification or {}).get("overall", "none"),
                )
            before = Blueprint.from_json(source.ir)
            risks = set(validation.accept_risk or [])
            fixed = auto_fix(before, risks).blueprint
            fixed_json = fixed.to_json()
            if await repo.get(session, fixed_id) is None:
                await repo.add_blueprint(
                    session,
                    id=fixed_id,
                    project_id=source.project_id,
                    owner_id=source.owner_id,
                    spec_version=source.spec_version,
                    status=GenerationStatus.COMPLETED,
                    ir=fixed_json,
                    summary=source.summary,
                    validation_summary=summarize(fixed),
                    source="validation",
                    progress=100,
                    current_step="Fixed by validation",
                    started_at=utcnow(),
                    completed_at=utcnow(),
                )
            source_revision = await repo.revision_for_blueprint(session, source.id)
            classification = classify(before, fixed).to_dict()
            classification["fromRevision"] = source_revision.number if source_revision else None
            try:
                revision = await repo.add_revision(
                    session,
                    project_id=source.project_id,
                    blueprint_id=fixed_id,
                    spec_version=source.spec_version,
                    ir=fixed_json,
                    classification=classification,
                    source="validation",
                )
            except IntegrityError as exc:
                raise ApplicationError("revision number taken, retrying", type="Conflict") from exc
            await repo.set_fields(session, fixed_id, revision=revision.number)
            await repo.set_validation(session, validation.id, fixed_blueprint_id=fixed_id)
        return SavedFix(
            blueprint_id=str(fixed_id),
            revision=revision.number,
            classification=classification["overall"],
        )

    @activity.defn(name="validation.complete")
    async def complete(self, ref: ValidationRef) -> None:
        async with self.deps.session() as session:
            validation = await self._validation(session, ref)
            await repo.set_validation(
                session,
                validation.id,
                status=ValidationStatus.COMPLETED,
                progress=100,
                current_step="Validation report ready",
                completed_at=utcnow(),
            )

    @activity.defn(name="validation.fail")
    async def fail(self, inp: ValidationFail) -> None:
        async with self.deps.session() as session:
            await repo.set_validation(
                session,
                as_uuid(inp.validation_id, "Validation"),
                status=ValidationStatus.FAILED,
                error=inp.error[:4000],
                completed_at=utcnow(),
            )

    def all(self) -> list[Any]:
        return [self.run, self.save_fixed, self.complete, self.fail]
