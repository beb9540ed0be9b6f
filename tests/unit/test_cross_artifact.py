"""The artifacts agree, route by route, on who may call what: for every gallery template and
every auth strategy, the CloudFormation Slipway deploys (read from the api and compute
templates: authorizers, API-key requirements, the roles each function checks) and the OpenAPI
document (read from each operation's ``security``) give the same table, and it is the one the
blueprint plans. The CDK project joins this comparison with its own extractor."""

from __future__ import annotations

import copy
import json

import pytest
from openapi_spec_validator import validate

from slipway.artifacts.openapi import build_openapi, openapi_access
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.synth import (
    RouteAccess,
    StackTemplate,
    planned_access,
    synthesize,
    template_access,
)
from slipway.templates import list_templates

PID = "3f2a1b4c-1111-4000-8000-000000000000"
STRATEGIES = ("jwt", "cognito", "api_key", "none")
CASES = [(t.id, strategy) for t in list_templates() for strategy in STRATEGIES]


def blueprint(template_id: str, strategy: str) -> Blueprint:
    template = next(t for t in list_templates() if t.id == template_id)
    result = compile_spec(template.spec)
    assert result.blueprint is not None, result.errors
    bp = result.blueprint
    bp.auth.strategy = strategy  # type: ignore[assignment]
    return bp


@pytest.mark.parametrize(("template_id", "strategy"), CASES)
def test_cloudformation_and_openapi_agree_on_who_may_call_what(
    template_id: str, strategy: str
) -> None:
    bp = blueprint(template_id, strategy)
    deployed = template_access(synthesize(bp, project_id=PID))
    doc = build_openapi(bp)
    validate(doc)
    documented = openapi_access(doc)
    assert deployed == documented, sorted(set(deployed.items()) ^ set(documented.items()))
    assert deployed == planned_access(bp)
    public = {r.base_path for r in bp.api.resources if r.public}
    for route, access in deployed.items():
        path = route.split(" ", 1)[1]
        open_by_design = path == "/health" or path.removesuffix("/{id}") in public
        if strategy == "none" or open_by_design:
            assert access == RouteAccess("public"), route
        elif strategy == "api_key":
            assert access == RouteAccess("api_key"), route
        else:
            assert access.auth == "jwt", route


@pytest.mark.parametrize("template_id", [t.id for t in list_templates()])
def test_api_key_strategy_protects_every_non_public_route(template_id: str) -> None:
    """Regression (issue 12 item 2): api_key deployed no authorizer, every route (DELETE
    included) with AuthorizationType NONE, while the OpenAPI document claimed bearerAuth."""
    bp = blueprint(template_id, "api_key")
    deployed = template_access(synthesize(bp, project_id=PID))
    deletes = {r: a for r, a in deployed.items() if r.startswith("DELETE ")}
    assert deletes and all(a == RouteAccess("api_key") for a in deletes.values())
    doc = build_openapi(bp)
    assert set(doc["components"]["securitySchemes"]) == {"apiKey"}
    assert doc["components"]["securitySchemes"]["apiKey"]["in"] == "header"
    assert doc["components"]["securitySchemes"]["apiKey"]["name"] == "x-api-key"
    assert "bearerAuth" not in json.dumps(doc)


def test_roles_reach_both_artifacts() -> None:
    """task-manager restricts Member to admins: the function checks ROLES=admin, and the
    OpenAPI operation names the role in its bearerAuth requirement."""
    bp = blueprint("task-manager", "jwt")
    deployed = template_access(synthesize(bp, project_id=PID))
    assert deployed["DELETE /v1/members/{id}"] == RouteAccess("jwt", ("admin",))
    doc = build_openapi(bp)
    assert doc["paths"]["/v1/members/{id}"]["delete"]["security"] == [{"bearerAuth": ["admin"]}]
    assert doc["paths"]["/v1/tasks"]["get"]["security"] == [{"bearerAuth": []}]


def tampered(stacks: list[StackTemplate], key: str, edit: str, to: str) -> list[StackTemplate]:
    out = []
    for s in stacks:
        body = s.body.replace(edit, to, 1) if s.key == key else s.body
        assert s.key != key or body != s.body, "nothing to tamper with"
        out.append(StackTemplate(s.key, s.name, s.depends_on, body, s.resource_types))
    return out


@pytest.mark.parametrize(
    ("strategy", "key", "edit", "to"),
    [
        ("api_key", "api", '"ApiKeyRequired": true', '"ApiKeyRequired": false'),
        ("jwt", "api", '"AuthorizationType": "JWT"', '"AuthorizationType": "NONE"'),
        ("jwt", "compute", '"ROLES": "admin"', '"ROLES": "admin,user"'),
    ],
)
def test_the_comparison_sees_a_route_that_disagrees(
    strategy: str, key: str, edit: str, to: str
) -> None:
    """The extractors read the artifacts, not the blueprint: one changed route is caught."""
    bp = blueprint("task-manager", strategy)
    stacks = synthesize(bp, project_id=PID)
    assert template_access(stacks) == openapi_access(build_openapi(bp))
    assert template_access(tampered(stacks, key, edit, to)) != openapi_access(build_openapi(bp))
    doc = copy.deepcopy(build_openapi(bp))
    doc["paths"]["/v1/tasks"]["post"]["security"] = []
    assert template_access(stacks) != openapi_access(doc)
