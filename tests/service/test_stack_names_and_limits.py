"""What a stack operation and the artifacts synthesize, on a real database: the stack names the
project's stacks were deployed under (artifacts included), and the refusal of a blueprint whose
stacks would break a CloudFormation limit (a non-retryable ``BlueprintTooLarge`` for the deploy
activity, 422 for the artifacts)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.exceptions import ApplicationError

from activities.plans import templates_for
from api.artifacts import service as artifacts
from api.projects import service as projects
from core.errors import BlueprintTooLarge
from core.models import Deployment, Project
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as repo
from slipway.spec import compile_spec
from slipway.synth import stack_name
from tests.service.conftest import new_user
from workflows.status import DeploymentKind, DeploymentStatus

SMALL = "# Shop\n\n## Entities\n\n### Product\n- name: string, required\n"


def entities(count: int) -> str:
    body = "\n".join(f"### Thing{n}\n- name: string, required\n" for n in range(count))
    return f"# Big\n\n## Entities\n\n{body}"


async def with_blueprint(session: AsyncSession, spec: str) -> tuple[Project, Deployment]:
    """A project with a completed revision of ``spec`` and a queued deploy of it."""
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "Stacks", "")
    bp = compile_spec(spec).blueprint
    assert bp is not None
    row = await blueprints_repo.create(session, project.id, owner.id, 1)
    await blueprints_repo.set_fields(session, row.id, ir=bp.to_json(), status="completed")
    await blueprints_repo.add_revision(
        session,
        project_id=project.id,
        blueprint_id=row.id,
        spec_version=1,
        ir=bp.to_json(),
        classification=None,
        source="generation",
    )
    deployment = await repo.create(
        session,
        project_id=project.id,
        owner_id=owner.id,
        kind=DeploymentKind.DEPLOY,
        status=DeploymentStatus.QUEUED,
        blueprint_id=row.id,
        revision=1,
    )
    await session.commit()
    return project, deployment


async def test_deploy_activity_refuses_a_blueprint_past_cloudformation_limits(
    session: AsyncSession,
) -> None:
    _, row = await with_blueprint(session, entities(20))
    with pytest.raises(ApplicationError) as refused:
        await templates_for(session, row)
    assert refused.value.type == "BlueprintTooLarge" and refused.value.non_retryable
    assert "compute stack" in refused.value.message and "51,200" in refused.value.message


async def test_artifacts_use_the_names_the_stacks_were_deployed_under(
    session: AsyncSession,
) -> None:
    project, row = await with_blueprint(session, SMALL)
    fresh = {k: stack_name("stacks", str(project.id), k) for k in ("data", "compute", "api")}
    source = await artifacts.load(session, project, None)
    assert source.names == {}
    zipped = zipfile.ZipFile(io.BytesIO(artifacts.cloudformation(source, "zip").body))  # type: ignore[arg-type]
    assert {s["key"]: s["stackName"] for s in json.loads(zipped.read("stacks.json"))}.items() >= (
        fresh.items()
    )
    before = source.etag("cloudformation-json")

    # the project's stacks were deployed under an older naming scheme: they keep those names
    recorded = {
        k: f"slipway-stacks-0a1b2c3d-{k}" for k in ("data", "auth", "compute", "api", "ops")
    }
    await repo.set_fields(
        session,
        row.id,
        templates={k: {"name": n, "body": "{}", "dependsOn": []} for k, n in recorded.items()},
    )
    await session.commit()
    source = await artifacts.load(session, project, None)
    assert source.names == recorded and source.etag("cloudformation-json") != before
    document = json.loads(artifacts.cloudformation(source, "json").body)["data"]
    assert {k: v["stackName"] for k, v in document.items()} == {k: recorded[k] for k in document}
    assert f"{recorded['data']}-ProductTableName" in json.dumps(document["compute"]["template"])
    cdk = zipfile.ZipFile(io.BytesIO(artifacts.cdk_project(source).body))  # type: ignore[arg-type]
    assert json.loads(cdk.read("blueprint.json"))["stackNames"] == recorded
    doc = artifacts._design_doc(source, [])
    assert recorded["compute"] in str(doc.body)


async def test_artifacts_refuse_a_blueprint_past_cloudformation_limits(
    session: AsyncSession,
) -> None:
    project, _ = await with_blueprint(session, entities(120))
    source = await artifacts.load(session, project, None)
    for build in (
        lambda: artifacts.cloudformation(source, "zip"),
        lambda: artifacts.cdk_project(source),
        lambda: artifacts._design_doc(source, []),
    ):
        with pytest.raises(BlueprintTooLarge) as refused:
            build()
        assert refused.value.status == 422 and refused.value.code == "BLUEPRINT_TOO_LARGE"
        assert refused.value.extra["limit"]["limit"] in ("200 outputs", "500 resources")
