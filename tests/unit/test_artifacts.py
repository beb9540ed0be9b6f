"""Artifacts from hand-built IRs: OpenAPI validity, design doc content, CDK project shape."""

from __future__ import annotations

import json
import py_compile
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate

from slipway.artifacts.archive import deterministic_zip
from slipway.artifacts.cdk import build_cdk_project, entity_schema
from slipway.artifacts.design_doc import build_design_doc
from slipway.artifacts.openapi import build_openapi
from tests.unit.irs import task_app


def test_openapi_is_valid_and_complete() -> None:
    bp = task_app()
    doc = build_openapi(bp)
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert set(doc["paths"]) == {
        "/v1/projects",
        "/v1/projects/{id}",
        "/v1/tasks",
        "/v1/tasks/{id}",
        "/health",
    }
    tasks = doc["paths"]["/v1/tasks"]
    assert tasks["get"]["parameters"][0]["schema"]["maximum"] == 50
    assert tasks["post"]["security"] == [{"bearerAuth": []}]
    task = doc["components"]["schemas"]["Task"]["properties"]
    assert task["priority"] == {
        "type": "string",
        "enum": ["low", "medium", "high"],
        "default": "low",
    }
    assert task["due_date"]["format"] == "date" and task["id"]["readOnly"] is True
    create = doc["components"]["schemas"]["TaskCreate"]
    assert "id" not in create["properties"] and create["required"] == ["project_id", "title"]
    assert "404" in doc["paths"]["/v1/tasks/{id}"]["get"]["responses"]


def test_openapi_is_deterministic() -> None:
    assert json.dumps(build_openapi(task_app())) == json.dumps(build_openapi(task_app()))


def test_public_resources_have_no_security() -> None:
    bp = task_app()
    bp.api.resources[0].public = True
    doc = build_openapi(bp)
    assert doc["paths"]["/v1/projects"]["get"]["security"] == []
    assert "401" not in doc["paths"]["/v1/projects"]["get"]["responses"]


def test_openapi_security_follows_the_auth_strategy() -> None:
    """jwt/cognito: bearerAuth naming a restricted resource's roles (any one of them);
    api_key: an apiKey scheme in the x-api-key header, 403 (never 401) from the gateway;
    none: no security at all (regression: api_key and none were documented as bearerAuth)."""
    bp = task_app()
    bp.api.resources[1].roles = ["admin", "member"]
    doc = build_openapi(bp)
    validate(doc)
    assert doc["paths"]["/v1/tasks/{id}"]["delete"]["security"] == [
        {"bearerAuth": ["admin"]},
        {"bearerAuth": ["member"]},
    ]
    assert doc["paths"]["/v1/projects"]["get"]["security"] == [{"bearerAuth": []}]

    bp.auth.strategy = "api_key"
    doc = build_openapi(bp)
    validate(doc)
    scheme = doc["components"]["securitySchemes"]
    assert list(scheme) == ["apiKey"]
    assert (scheme["apiKey"]["type"], scheme["apiKey"]["in"]) == ("apiKey", "header")
    assert scheme["apiKey"]["name"] == "x-api-key" and doc["security"] == [{"apiKey": []}]
    delete = doc["paths"]["/v1/tasks/{id}"]["delete"]
    assert delete["security"] == [{"apiKey": []}]  # API keys carry no roles
    assert "401" not in delete["responses"]
    forbidden = delete["responses"]["403"]
    assert "API key" in forbidden["description"]
    assert forbidden["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GatewayError"
    }
    assert doc["paths"]["/health"]["get"]["security"] == []

    bp.auth.strategy = "none"
    doc = build_openapi(bp)
    validate(doc)
    assert "securitySchemes" not in doc["components"] and "security" not in doc
    assert all(
        op["security"] == [] and "401" not in op["responses"] and "403" not in op["responses"]
        for item in doc["paths"].values()
        for key, op in item.items()
        if key != "parameters"
    )


def test_design_doc_sections() -> None:
    text = build_design_doc(
        task_app(),
        revision=3,
        stacks=[
            {
                "key": "data",
                "name": "slipway-x-data",
                "dependsOn": [],
                "resourceTypes": ["AWS::DynamoDB::Table"],
            }
        ],
        validation={"score": 72, "pillars": {"security": {"score": 60}}},
        cost={"starter": {"totalMonthlyUsd": 4.2}, "production": {"totalMonthlyUsd": 310.0}},
        history=[{"number": 3, "specVersion": 2, "changeClass": "safe", "createdAt": "2026-01-01"}],
    )
    for heading in (
        "## Overview",
        "## Data model",
        "```mermaid",
        "erDiagram",
        "## API",
        "## Auth and tenancy",
        "## Infrastructure",
        "## Validation",
        "## Cost estimate",
        "## Change history",
    ):
        assert heading in text, heading
    assert 'Project ||--o{ Task : "project_id"' in text
    assert "| PATCH | `/v1/tasks/{id}` | Task | authenticated |" in text
    assert "Overall score: **72**" in text


def test_cdk_project_files_compile(tmp_path: Path) -> None:
    files = build_cdk_project(task_app(), stack_prefix="slipway-task-app-12345678")
    assert {
        "app.py",
        "cdk.json",
        "requirements.txt",
        "README.md",
        "handlers/crud.py",
        "handlers/health.py",
        "handlers/authorizer.py",
        "stacks/data_stack.py",
        "stacks/api_stack.py",
    } <= set(files)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if name.endswith(".py"):
            py_compile.compile(str(path), doraise=True)
    assert json.loads(files["cdk.json"])["app"] == "python3 app.py"


def test_generated_literals_keep_string_values() -> None:
    """Regression: literals were JSON with true/false/null replaced as text, which also rewrote
    string values such as an enum value 'true'."""
    bp = task_app()
    task = bp.entities[1]
    priority = next(f for f in task.fields if f.name == "priority")
    priority.enum_values = ["true", "false", "nullable"]
    priority.default = "true"
    files = build_cdk_project(bp, stack_prefix="slipway-task-app-12345678")
    schema = json.loads(files["handlers/resources.json"])["resources"]["Task"]
    expected = entity_schema(task, bp.api.resources[1].pagination_limit)
    assert {k: schema[k] for k in expected} == expected
    assert schema["fields"]["priority"]["enum"] == ["true", "false", "nullable"]


def test_entity_schema_marks_managed_and_rules() -> None:
    schema = entity_schema(task_app().entities[1], 50)
    assert schema["fields"]["id"]["managed"] is True
    assert schema["fields"]["title"] == {"type": "string", "required": True, "maxLength": 200}
    assert schema["softDelete"] is True and schema["pageSize"] == 50


def test_zip_is_deterministic() -> None:
    files: dict[str, str | bytes] = {"b.txt": "2", "a.txt": b"1"}
    assert deterministic_zip(files) == deterministic_zip(dict(reversed(list(files.items()))))


def _auth(doc: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    responses = doc["paths"][path][method]["responses"]
    return {
        c: responses[c]["content"]["application/json"]["schema"]
        for c in ("401", "403")
        if c in responses
    }


ERROR_REF = {"$ref": "#/components/schemas/Error"}
GATEWAY_REF = {"$ref": "#/components/schemas/GatewayError"}


def test_auth_answers_are_what_the_deployed_gateway_answers() -> None:
    """Regression: every JWT route documented ``403`` for an invalid or expired token, which an
    HTTP API JWT authorizer answers ``401``. Slipway's stacks: 401 (GatewayError) for a missing,
    invalid or expired token; 403 only where the function checks a role or a tenant (Error).
    The CDK project's Lambda authorizer: 401 only for a missing header, its deny 403."""
    bp = task_app()
    bp.api.resources[1].roles = ["admin"]
    doc = build_openapi(bp)
    validate(doc)
    plain = doc["paths"]["/v1/projects"]["get"]["responses"]
    assert "invalid or expired" in plain["401"]["description"]
    assert _auth(doc, "/v1/projects", "get") == {"401": GATEWAY_REF}
    assert _auth(doc, "/v1/tasks/{id}", "delete") == {"401": GATEWAY_REF, "403": ERROR_REF}

    cdk = build_openapi(bp, authorizer="lambda")
    validate(cdk)
    assert (
        "Missing Authorization header"
        in cdk["paths"]["/v1/projects"]["get"]["responses"]["401"]["description"]
    )
    assert _auth(cdk, "/v1/projects", "get") == {"401": GATEWAY_REF, "403": GATEWAY_REF}
    both = {"anyOf": [GATEWAY_REF, ERROR_REF]}
    assert _auth(cdk, "/v1/tasks/{id}", "delete") == {"401": GATEWAY_REF, "403": both}

    # a tenant-scoped entity: the function refuses a token without a tenant (403), and under
    # api_key refuses every key (403 as an Error, beside the gateway's 403 for a bad key)
    bp.tenancy.mode, bp.tenancy.tenant_key = "multi", "project_id"
    bp.entities[1].tenant_scoped = True
    doc = build_openapi(bp)
    assert _auth(doc, "/v1/tasks", "get") == {"401": GATEWAY_REF, "403": ERROR_REF}
    bp.auth.strategy = "api_key"
    doc = build_openapi(bp)
    assert _auth(doc, "/v1/tasks", "get") == {"403": both}
    assert _auth(doc, "/v1/projects", "get") == {"403": GATEWAY_REF}
    bp.auth.strategy = "none"
    assert _auth(build_openapi(bp), "/v1/tasks", "get") == {"403": ERROR_REF}
    assert _auth(build_openapi(bp), "/v1/projects", "get") == {}


def test_cdk_project_documents_its_own_gateway() -> None:
    files = build_cdk_project(task_app(), stack_prefix="slipway-task-app-12345678")
    assert json.loads(files["openapi.json"]) == json.loads(
        json.dumps(build_openapi(task_app(), authorizer="lambda"))
    )
