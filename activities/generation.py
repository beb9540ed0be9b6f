"""Activities of GenerateBlueprint. Each reads and writes the blueprint row by ID (idempotent)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.deps import ActivityDeps, as_uuid, not_found
from core.models import Blueprint as BlueprintRow
from core.models import utcnow
from core.repositories import blueprints as repo
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.rules import summarize
from slipway.spec import compile_spec
from slipway.synth import synthesize
from workflows.messages import BlueprintRef, FailInput, SaveRevisionResult, StepResult
from workflows.status import GenerationStatus


class GenerationActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps

    async def _row(self, session: Any, ref: BlueprintRef) -> BlueprintRow:
        row = await repo.get(session, as_uuid(ref.blueprint_id, "Blueprint"))
        if row is None:
            raise not_found("Blueprint", ref.blueprint_id)
        return row

    async def _ir(self, ref: BlueprintRef) -> tuple[BlueprintRow, Blueprint]:
        async with self.deps.session() as session:
            row = await self._row(session, ref)
        if row.ir is None:
            raise ApplicationError("Blueprint has no IR yet", type="MissingIR", non_retryable=True)
        return row, Blueprint.from_json(row.ir)

    @activity.defn(name="generation.load_spec")
    async def load_spec(self, ref: BlueprintRef) -> StepResult:
        async with self.deps.session() as session:
            row = await self._row(session, ref)
            spec = await repo.get_spec_version(session, row.project_id, row.spec_version)
            if spec is None:
                raise ApplicationError(
                    f"Spec version {row.spec_version} no longer exists",
                    type="SpecMissing",
                    non_retryable=True,
                )
            values: dict[str, Any] = {"status": GenerationStatus.PROCESSING}
            if row.started_at is None:
                values["started_at"] = utcnow()
            await repo.set_fields(session, row.id, **values)
        return StepResult(summary={"specVersion": row.spec_version, "specBytes": len(spec.content)})

    @activity.defn(name="generation.parse")
    async def parse(self, ref: BlueprintRef) -> StepResult:
        async with self.deps.session() as session:
            row = await self._row(session, ref)
            spec = await repo.get_spec_version(session, row.project_id, row.spec_version)
            if spec is None:
                raise ApplicationError(
                    "Spec version missing", type="SpecMissing", non_retryable=True
                )
            result = compile_spec(spec.content)
            if result.blueprint is None:
                first = result.errors[0]
                raise ApplicationError(
                    f"Spec version {row.spec_version} does not compile: line {first.line}: "
                    f"{first.message} ({len(result.errors)} error(s))",
                    [e.to_dict() for e in result.errors[:20]],
                    type="SpecInvalid",
                    non_retryable=True,
                )
            await repo.set_fields(session, row.id, ir=result.blueprint.to_json())
        return StepResult(summary={"entities": len(result.blueprint.entities)})

    @activity.defn(name="generation.data_model")
    async def data_model(self, ref: BlueprintRef) -> StepResult:
        row, bp = await self._ir(ref)
        summary = {
            "entities": len(bp.entities),
            "fields": sum(len(e.fields) for e in bp.entities),
            "relationships": sum(len(e.relationships) for e in bp.entities),
            "indexes": sum(len(e.indexes) for e in bp.entities),
            "joinEntities": sum(1 for e in bp.entities if e.join_entity),
        }
        await self._merge_summary(row, "dataModel", summary)
        return StepResult(summary={"dataModel": summary})

    @activity.defn(name="generation.api")
    async def api(self, ref: BlueprintRef) -> StepResult:
        row, bp = await self._ir(ref)
        routes = sum(len(r.operations) for r in bp.api.resources)
        summary = {
            "resources": len(bp.api.resources),
            "operations": routes,
            "publicResources": sum(1 for r in bp.api.resources if r.public),
            "auth": bp.auth.strategy,
        }
        await self._merge_summary(row, "api", summary)
        return StepResult(summary={"api": summary})

    @activity.defn(name="generation.infrastructure")
    async def infrastructure(self, ref: BlueprintRef) -> StepResult:
        row, bp = await self._ir(ref)
        # deploys nothing: a summary of any size (deploys refuse what breaks CloudFormation's
        # limits, activities/plans.py)
        stacks = synthesize(bp, project_id=str(row.project_id), body_max=None)
        summary = {
            "stacks": [s.key for s in stacks],
            "resources": sum(len(s.resource_types) for s in stacks),
            "database": bp.infrastructure.database,
            "region": bp.infrastructure.region,
        }
        await self._merge_summary(row, "infrastructure", summary)
        return StepResult(summary={"infrastructure": summary})

    @activity.defn(name="generation.validate")
    async def validate(self, ref: BlueprintRef) -> StepResult:
        row, bp = await self._ir(ref)
        summary = summarize(bp)
        async with self.deps.session() as session:
            await repo.set_fields(session, row.id, validation_summary=summary)
        score = summary.get("score", summary.get("overall"))
        return StepResult(summary={"validationScore": score})

    @activity.defn(name="generation.save_revision")
    async def save_revision(self, ref: BlueprintRef) -> SaveRevisionResult:
        row, bp = await self._ir(ref)
        async with self.deps.session() as session:
            existing = await repo.revision_for_blueprint(session, row.id)
            if existing is not None:  # a retried attempt: the revision is already saved
                overall = (existing.classification or {}).get("overall", "none")
                await self._complete(session, row.id, existing.number)
                return SaveRevisionResult(revision=existing.number, classification=overall)
            previous = await repo.latest_revision(session, row.project_id)
            before = Blueprint.from_json(previous.ir) if previous is not None else None
            classification = classify(before, bp).to_dict()
            classification["fromRevision"] = previous.number if previous else None
            try:
                revision = await repo.add_revision(
                    session,
                    project_id=row.project_id,
                    blueprint_id=row.id,
                    spec_version=row.spec_version,
                    ir=row.ir or {},
                    classification=classification,
                    source=row.source,
                )
            except IntegrityError as exc:
                # Another generation of this project took the number: retry the activity.
                raise ApplicationError("revision number taken, retrying", type="Conflict") from exc
            await self._complete(session, row.id, revision.number)
        return SaveRevisionResult(
            revision=revision.number, classification=classification["overall"]
        )

    @activity.defn(name="generation.fail")
    async def fail(self, inp: FailInput) -> None:
        async with self.deps.session() as session:
            await repo.set_fields(
                session,
                as_uuid(inp.blueprint_id, "Blueprint"),
                status=GenerationStatus.FAILED,
                error=inp.error[:4000],
                completed_at=utcnow(),
            )

    async def _complete(self, session: Any, blueprint_id: Any, number: int) -> None:
        await repo.set_fields(
            session,
            blueprint_id,
            status=GenerationStatus.COMPLETED,
            revision=number,
            progress=100,
            current_step="Blueprint ready",
            completed_at=utcnow(),
        )

    async def _merge_summary(self, row: BlueprintRow, key: str, value: dict[str, Any]) -> None:
        async with self.deps.session() as session:
            fresh = await self._row(session, BlueprintRef(blueprint_id=str(row.id)))
            summary = dict(fresh.summary or {})
            summary[key] = value
            await repo.set_fields(session, row.id, summary=summary)

    def all(self) -> list[Any]:
        return [
            self.load_spec,
            self.parse,
            self.data_model,
            self.api,
            self.infrastructure,
            self.validate,
            self.save_revision,
            self.fail,
        ]
