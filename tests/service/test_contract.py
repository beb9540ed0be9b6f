"""The API's contract in process: the status vocabulary, the response bodies built from rows and
workflow progress, the error catalogue and the OpenAPI document generated from declarations."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from api.deployments.schemas import DeploymentOut
from api.main import ROUTERS, create_app
from api.openapi import conflicts, upstream
from api.schemas import RunStatus
from core import errors
from core.models import Blueprint, Deployment
from core.settings import Settings
from workflows.status import DeploymentStatus, GenerationStatus, ValidationStatus

NOW = datetime(2026, 11, 25, 14, 18, 23, 123456, tzinfo=UTC)


def test_public_status_vocabulary() -> None:
    assert [GenerationStatus.to_public(s) for s in GenerationStatus] == [
        "processing",
        "processing",
        "processing",
        "completed",
        "failed",
    ]
    assert ValidationStatus.RUNNING.public == "processing"
    assert DeploymentStatus.PROCESSING.public == DeploymentStatus.QUEUED.public == "running"
    assert DeploymentStatus.FAILED.public == "failed" and DeploymentStatus.ROLLED_BACK.terminal
    assert not GenerationStatus.PROCESSING.terminal


def test_a_running_generation_reads_processing_from_its_row_and_its_workflow() -> None:
    row = Blueprint(project_id=uuid.uuid4(), owner_id=uuid.uuid4(), spec_version=1)
    body = RunStatus(**RunStatus.of(row, None, GenerationStatus.to_public))
    assert body.status == "processing" and body.stale is False
    live = {
        "status": "processing",
        "currentStep": "Parsing spec...",
        "progress": 15,
        "startedAt": "2026-11-25T14:18:23.123456Z",
        "details": {"entities": 3},
    }
    dumped = RunStatus(**RunStatus.of(row, live, GenerationStatus.to_public)).model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    assert dumped["startedAt"] == "2026-11-25T14:18:23.123456Z"
    assert dumped["currentStep"] == "Parsing spec..." and dumped["details"] == {"entities": 3}
    quiet = RunStatus(**RunStatus.of(row, {**live, "details": {}}, GenerationStatus.to_public))
    assert "details" not in quiet.model_dump(by_alias=True, exclude_unset=True)


def test_a_deployment_reads_running_while_its_workflow_processes() -> None:
    row = Deployment(
        project_id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        kind="deploy",
        status="queued",
        created_at=NOW,
    )
    assert DeploymentOut.of(row, [], None, True).status == "queued"  # Temporal down: the row
    live: dict[str, Any] = {
        "status": "processing",
        "currentStep": "Deploying data...",
        "progress": 40,
        "details": {"stacks": [{"key": "data"}]},
    }
    out = DeploymentOut.of(row, [], live, False)
    assert (out.status, out.progress, out.stacks) == ("running", 40, [{"key": "data"}])
    parked = Deployment(
        project_id=row.project_id,
        owner_id=row.owner_id,
        kind="deploy",
        status="failed",
        created_at=NOW,
    )
    assert DeploymentOut.of(parked, [], None, False).awaiting_decision is True
    body = DeploymentOut.of(row, [], None, False).model_dump(mode="json", by_alias=True)
    assert body["createdAt"] == "2026-11-25T14:18:23.123456Z"


@pytest.mark.parametrize(
    "error",
    [
        errors.NoSpec(),
        errors.VersionConflict(3),
        errors.OperationInProgress("d1"),
        errors.TemporalUnavailable(detail="connection refused"),
        errors.NotFound("Deployment"),
    ],
)
def test_every_error_carries_its_status_and_code(error: errors.SlipwayError) -> None:
    assert 400 <= error.status < 600 and error.code.isupper() and error.message
    assert type(error).status == error.status and type(error).code == error.code


def test_conflict_and_upstream_documentation_is_generated_from_declarations() -> None:
    table = conflicts(ROUTERS)
    # WritableProject brings PROJECT_ARCHIVED; @raises(...) the operation's own conflicts.
    assert table[("post", "/projects/{project_id}/spec/apply")] == (
        "PROJECT_ARCHIVED",
        "VERSION_CONFLICT",
    )
    assert table[("delete", "/projects/{project_id}/stack")] == ("OPERATION_IN_PROGRESS",)
    assert ("get", "/projects/{project_id}") not in table
    assert upstream(ROUTERS) == {
        ("post", "/projects/{project_id}/spec/chat"),
        ("post", "/projects/{project_id}/blueprints"),
    }
    document = create_app(Settings()).openapi()
    deploy = document["paths"]["/projects/{project_id}/deploy"]["post"]["responses"]
    assert deploy["409"]["description"].endswith(
        ", ".join(table[("post", "/projects/{project_id}/deploy")])
    )
    assert "409" not in document["paths"]["/projects/{project_id}"]["get"]["responses"]


def test_every_operation_documents_a_response_schema() -> None:
    document = create_app(Settings()).openapi()
    missing = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            success = {k: v for k, v in op["responses"].items() if k.startswith("2")}
            if all(k == "204" for k in success):
                continue
            schemas = [
                m.get("schema") for r in success.values() for m in r.get("content", {}).values()
            ]
            if not any(
                s
                and s != {}
                and (
                    s.get("$ref")
                    or s.get("type") != "object"
                    or s.get("properties")
                    or s.get("required")
                )
                for s in schemas
            ):
                missing.append(f"{method.upper()} {path}")
    assert missing == []
