"""CloudFormation synthesis: cfn-lint clean, deterministic, named and ordered, and accepted by a
real moto server over HTTP in dependency order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from cfnlint.api import ManualArgs, lint

from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.synth import (
    STACK_KEYS,
    project_key,
    queue_name,
    stack_name,
    stack_order,
    stack_tags,
    synthesize,
)
from slipway.templates import list_templates
from tests import support

PID = "3f2a1b4c-1111-4000-8000-000000000000"


def bp(text: str) -> Blueprint:
    result = compile_spec(text)
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


VARIANTS = {t.id: t.spec for t in list_templates()} | {
    "minimal-no-auth": "# Mini\n## Entities\n### Note\n- text: string\n## Auth\n- strategy: none\n",
    "multi-tenant-dynamodb": (
        "# Teams\n## Entities\n### Team\n- name: string, required\n"
        "### Note\n- text: string\n- belongs to Team\n"
        "## Tenancy\n- mode: multi-tenant by Team\n"
    ),
    "provisioned": (
        "# Prov\n## Entities\n### Item\n- name: string, indexed\n"
        "## Infrastructure\n- billing: provisioned\n"
    ),
    # a REST API with an API key and usage plan; a public resource and /health need no key
    "api-key": (
        "# Keys\n## Entities\n### Note\n- text: string\n### Tag\n- name: string\n"
        "## Auth\n- strategy: api_key\n## API\n- health: true\n"
        "### Tag\n- access: public\n- path: /\n"
    ),
    # a customer-managed key, field-level encryption, the audit table and soft delete
    "protected": (
        "# Clinic\n## Entities\n### Doctor\n- name: string\n"
        "### Patient\n- ssn: string, encrypted, indexed\n- doctor: ref Doctor\n"
        "- soft delete\n- audit log\n## Infrastructure\n- billing: provisioned\n"
    ),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_templates_pass_cfn_lint(name: str) -> None:
    for stack in synthesize(bp(VARIANTS[name]), project_id=PID):
        matches = lint(stack.body, config=ManualArgs(regions=["us-east-1"]))
        assert not matches, (name, stack.key, [str(m) for m in matches[:5]])


def test_deterministic_and_independent_of_deployment() -> None:
    source = bp(VARIANTS["task-manager"])
    a = synthesize(source, project_id=PID, deployment_id="d1")
    b = synthesize(source, project_id=PID, deployment_id="d2")
    assert [s.body for s in a] == [s.body for s in b]
    assert stack_tags(PID, "d1", "data")[1] == {"Key": "slipway:deployment", "Value": "d1"}


def test_names_order_and_contents() -> None:
    stacks = synthesize(bp(VARIANTS["task-manager"]), project_id=PID)
    assert stacks[0].name == "slipway-h4vbwtarcfaabaaaaaaaaaaaaa-auth"
    assert stack_name("My App!", PID, "api") == "slipway-h4vbwtarcfaabaaaaaaaaaaaaa-api"
    assert stack_order(stacks) == [["auth", "data"], ["compute"], ["api", "ops"]]
    by_key = {s.key: s for s in stacks}
    assert "AWS::DynamoDB::Table" in by_key["data"].resource_types
    assert {"AWS::Lambda::Function", "AWS::IAM::Role", "AWS::Events::Rule"} <= set(
        by_key["compute"].resource_types
    )
    assert {"AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Authorizer"} <= set(
        by_key["api"].resource_types
    )
    assert {"AWS::SQS::Queue", "AWS::Logs::LogGroup"} <= set(by_key["ops"].resource_types)
    api = json.loads(by_key["api"].body)
    routes = {
        r["Properties"]["RouteKey"]
        for r in api["Resources"].values()
        if r["Type"] == "AWS::ApiGatewayV2::Route"
    }
    assert {
        "GET /v1/tasks",
        "POST /v1/tasks",
        "GET /v1/tasks/{id}",
        "PATCH /v1/tasks/{id}",
        "DELETE /v1/tasks/{id}",
        "GET /health",
    } <= routes
    data = json.loads(by_key["data"].body)
    for resource in data["Resources"].values():
        tags = {t["Key"]: t["Value"] for t in resource["Properties"].get("Tags", [])}
        assert tags.get("slipway:project") == PID


def test_resource_roles_reach_the_crud_function() -> None:
    """`access: roles admin` on Member: its function checks the token's cognito:groups."""
    stacks = synthesize(bp(VARIANTS["task-manager"]), project_id=PID)
    compute = json.loads(next(s for s in stacks if s.key == "compute").body)
    roles = {
        r["Properties"]["Environment"]["Variables"]["ENTITY"]: r["Properties"]["Environment"][
            "Variables"
        ].get("ROLES")
        for r in compute["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function" and "ENTITY" in json.dumps(r)
    }
    assert roles["Member"] == "admin"
    assert {k for k, v in roles.items() if v} == {"Member"}


def test_multi_tenant_isolation_reaches_cognito_and_functions() -> None:
    """The tenant is the ID token's custom:tenant claim: a pool attribute users cannot write,
    and TENANT_FIELD on the functions of tenant-scoped entities."""
    source = bp(VARIANTS["multi-tenant-dynamodb"])
    stacks = {s.key: json.loads(s.body) for s in synthesize(source, project_id=PID)}
    auth = stacks["auth"]["Resources"]
    schema = auth["UserPool"]["Properties"]["Schema"]
    assert [a["Name"] for a in schema] == ["tenant"]
    client = auth["UserPoolClient"]["Properties"]
    assert "custom:tenant" in client["ReadAttributes"]
    assert "custom:tenant" not in client["WriteAttributes"]
    env = {
        r["Properties"]["Environment"]["Variables"]["ENTITY"]: r["Properties"]["Environment"][
            "Variables"
        ].get("TENANT_FIELD")
        for r in stacks["compute"]["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function" and "ENTITY" in json.dumps(r)
    }
    assert env == {"Team": None, "Note": source.tenancy.tenant_key}
    single = {
        s.key: json.loads(s.body) for s in synthesize(bp(VARIANTS["task-manager"]), project_id=PID)
    }
    assert "Schema" not in single["auth"]["Resources"]["UserPool"]["Properties"]


def test_no_auth_stack_without_cognito() -> None:
    stacks = synthesize(bp(VARIANTS["minimal-no-auth"]), project_id=PID)
    assert "auth" not in [s.key for s in stacks]
    api = json.loads(next(s for s in stacks if s.key == "api").body)
    assert not any(r["Type"] == "AWS::ApiGatewayV2::Authorizer" for r in api["Resources"].values())


def test_postgres_variant() -> None:
    stacks = synthesize(bp(VARIANTS["saas"]), project_id=PID)
    data = next(s for s in stacks if s.key == "data")
    assert (
        "AWS::RDS::DBInstance" in data.resource_types
        and "AWS::DynamoDB::Table" not in data.resource_types
    )


@pytest.fixture(scope="module")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = support.free_port()
    proc = support.moto_server(port, Path(tmp_path_factory.mktemp("moto")))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()


@pytest.mark.parametrize(
    "name",
    ["task-manager", "saas", "minimal-no-auth", "multi-tenant-dynamodb", "protected", "api-key"],
)
def test_stacks_create_on_moto_in_order(moto: str, name: str) -> None:
    cfn = boto3.client(
        "cloudformation",
        endpoint_url=moto,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    pid = f"{abs(hash(name)) % 10**8:08d}-0000-4000-8000-000000000000"
    stacks = synthesize(bp(VARIANTS[name]), project_id=pid)
    for wave in stack_order(stacks):
        for key in wave:
            stack = next(s for s in stacks if s.key == key)
            cfn.create_stack(
                StackName=stack.name,
                TemplateBody=stack.body,
                Tags=stack_tags(pid, "d", key),
                Capabilities=["CAPABILITY_IAM"],
            )
            status = cfn.describe_stacks(StackName=stack.name)["Stacks"][0]["StackStatus"]
            assert status == "CREATE_COMPLETE", (key, status)


# --- stacks deployed under the old names -------------------------------------------------------

A = "3f2a1b4c-1111-4000-8000-000000000001"
QUEUES_SPEC = """# Shop
## Entities
### Product
- name: string, required
## Workflows
- queue orders, dead letter
- queue payments, fifo, dead letter
"""


def old_stack_name(project_id: str, key: str) -> str:
    """The name scheme stacks were deployed under before: slug and 32 bits of the project ID."""
    return f"slipway-shop-{project_id.replace('-', '')[:8]}-{key}"


def old_queue_names(body: str, slug: str) -> str:
    """A template as the old scheme named its queues (``<slug>-<queue>``)."""
    for q, fifo in (("orders", False), ("payments", True)):
        suffix = ".fifo" if fifo else ""
        body = body.replace(queue_name(A, q, fifo=fifo), f"{slug}-{q}{suffix}")
        body = body.replace(
            queue_name(A, q, dead_letter=True, fifo=fifo), f"{slug}-{q}-dlq{suffix}"
        )
    return body


def test_stacks_under_old_names_update_in_place_on_moto(moto: str) -> None:
    """Stacks created under the old names (and old queue names), then updated with today's
    templates and the recorded names: the same stacks update (the queues are renamed: a
    replacement on AWS; moto keeps the old queue) and no stack under a new name appears."""
    cfn = boto3.client(
        "cloudformation",
        endpoint_url=moto,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    shop = bp(QUEUES_SPEC)
    old = {k: old_stack_name(A, k) for k in STACK_KEYS}
    stacks = {s.key: s for s in synthesize(shop, project_id=A, names=old)}
    for key in [k for wave in stack_order(list(stacks.values())) for k in wave]:
        body = stacks[key].body
        cfn.create_stack(
            StackName=old[key],
            TemplateBody=old_queue_names(body, shop.project.slug) if key == "ops" else body,
            Tags=stack_tags(A, "d1", key),
            Capabilities=["CAPABILITY_IAM"],
        )
        assert cfn.describe_stacks(StackName=old[key])["Stacks"][0]["StackStatus"] == (
            "CREATE_COMPLETE"
        )
    cfn.update_stack(
        StackName=old["ops"],
        TemplateBody=stacks["ops"].body,
        Tags=stack_tags(A, "d2", "ops"),
        Capabilities=["CAPABILITY_IAM"],
    )
    assert cfn.describe_stacks(StackName=old["ops"])["Stacks"][0]["StackStatus"] == (
        "UPDATE_COMPLETE"
    )
    pages = cfn.get_paginator("describe_stacks").paginate()
    listed = {s["StackName"] for page in pages for s in page["Stacks"]}
    assert {old[k] for k in ("data", "compute", "api", "ops")} <= listed
    assert not any(project_key(A) in name for name in listed)
