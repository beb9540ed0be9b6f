"""Security rules that follow the deployed stacks: an API without an authorizer in front of its
non-public routes is one critical finding per resource (SEC-005), what an ``api_key`` API cannot
enforce (roles, tenants) is a high finding (SEC-010), and the encryption and audit-log fixes
(SEC-001, SEC-008, SEC-002) are offered only where the deployed stacks make them real."""

from __future__ import annotations

import json
import typing

import pytest

from slipway.artifacts.cdk.data import resource_config
from slipway.ir import AuthConfig, Blueprint
from slipway.rules import RULES_BY_ID, auto_fix, build_report, evaluate
from slipway.spec import compile_spec
from slipway.synth import synthesize
from slipway.synth.access import strategy_auth, template_access
from slipway.synth.lambdas import crud

SPEC = """# Shop

## Entities

### Customer
- email: string, required, unique, max 254
- password: string
- name: string

### Order
- customer: ref Customer, required
- total: number

### Product
- title: string, required

## Auth
- strategy: {strategy}

## API
### Product
- access: public
- operations: list, get
"""
OPEN = "none"
STRATEGIES = typing.get_args(AuthConfig.model_fields["strategy"].annotation)


def shop(strategy: str = "jwt", database: str = "dynamodb") -> Blueprint:
    result = compile_spec(SPEC.format(strategy=strategy))
    assert result.blueprint is not None, [str(e) for e in result.errors]
    result.blueprint.infrastructure.database = database  # type: ignore[assignment]
    return result.blueprint


def findings(bp: Blueprint, rule_id: str) -> dict[str, str]:
    return {f.path: f.message for f in evaluate(bp) if f.rule_id == rule_id}


# --- SEC-005: non-public routes without an authorizer -----------------------------------------


def test_open_routes_are_a_critical_finding_per_resource() -> None:
    rule = RULES_BY_ID["SEC-005"]
    assert (rule.pillar, rule.severity) == ("security", "critical")
    found = findings(shop(OPEN), "SEC-005")
    assert set(found) == {"api.resources.Customer", "api.resources.Order"}  # not public Product
    assert found["api.resources.Order"] == (
        "/v1/orders is not public but its routes have no authorizer: anyone can list, get, "
        "create, update, delete"
    )


def test_an_open_api_loses_points_once_per_resource() -> None:
    """SEC-010 used to report the same open routes again (issue 12 item 2 follow-up)."""
    for path in ("api.resources.Customer", "api.resources.Order"):
        rules = [f.rule_id for f in evaluate(shop(OPEN)) if f.path == path]
        assert rules == ["SEC-005"], (path, rules)


@pytest.mark.parametrize("strategy", [s for s in STRATEGIES if s != OPEN])
def test_strategies_with_an_authorizer_pass(strategy: str) -> None:
    assert findings(shop(strategy), "SEC-005") == {}


def test_resources_without_routes_or_public_pass() -> None:
    bp = shop(OPEN)
    for r in bp.api.resources:
        if r.entity == "Order":
            r.operations = []
        if r.entity == "Customer":
            r.public = True
    assert findings(bp, "SEC-005") == {}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_sec005_follows_how_the_stacks_protect_each_strategy(strategy: str) -> None:
    """SEC-005 fires exactly where the deployed stacks leave non-public routes open (only
    ``none``: ``api_key`` deploys required API keys), and agrees with the routes the
    synthesized api stack really serves."""
    bp = shop(strategy)
    open_routes = strategy_auth(strategy) == "public"
    assert bool(findings(bp, "SEC-005")) is open_routes
    assert open_routes is (strategy == OPEN)
    served = template_access(synthesize(bp, project_id="0" * 32))
    unprotected = {route for route, access in served.items() if access.auth == "public"}
    assert bool(unprotected - {"GET /v1/products", "GET /v1/products/{id}"}) is open_routes


def test_switching_to_jwt_resolves_sec005() -> None:
    high = build_report(auto_fix(shop(OPEN), {"medium", "high"}))
    entries = [e for e in high["findings"] if e["ruleId"] == "SEC-005"]
    assert entries and all(e["status"] == "fixed" for e in entries)


# --- SEC-010: what API keys cannot enforce --------------------------------------------------

KEYED = """# Clinic

## Entities

### Organization
- name: string, required

### Patient
- name: string, required

### Visit
- patient: ref Patient, required
- notes: string

### Leaflet
- title: string, required
- global

## Auth
- strategy: {strategy}
- roles: admin, staff

## Tenancy
- mode: multi-tenant by Organization

## API
### Visit
- access: roles admin
### Leaflet
- access: roles staff
### Organization
- access: authenticated
"""


def keyed(strategy: str = "api_key") -> Blueprint:
    result = compile_spec(KEYED.format(strategy=strategy))
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


def test_api_keys_cannot_enforce_roles_or_tenants() -> None:
    rule = RULES_BY_ID["SEC-010"]
    assert (rule.pillar, rule.severity, rule.fix) == ("security", "high", None)
    found = findings(keyed(), "SEC-010")
    assert set(found) == {"api.resources.Visit", "api.resources.Leaflet", "api.resources.Patient"}
    assert found["api.resources.Leaflet"] == (
        "/v1/leaflets is restricted to staff but API keys carry no role: any key holder can "
        "list, get, create, update, delete"
    )
    assert found["api.resources.Patient"] == (
        "/v1/patients serves tenant-scoped Patient but API keys carry no tenant: every call to "
        "it is refused (403)"
    )
    visit = found["api.resources.Visit"]
    assert "restricted to admin" in visit and "tenant-scoped Visit" in visit
    assert findings(keyed(), "SEC-005") == {}  # the routes do require a key


@pytest.mark.parametrize("strategy", [s for s in STRATEGIES if s != "api_key"])
def test_sec010_is_about_api_keys_only(strategy: str) -> None:
    assert findings(keyed(strategy), "SEC-010") == {}


def test_api_keys_without_roles_or_tenants_pass() -> None:
    assert findings(shop("api_key"), "SEC-010") == {}


def test_no_automatic_fix_for_sec010() -> None:
    """Nor does another rule's fix widen the gap (SEC-007 would restrict deletes to a role no
    key carries: it does not fire under api_key)."""
    assert findings(keyed(), "SEC-007") == {}
    report = build_report(auto_fix(keyed(), {"medium", "high"}))
    entries = [e for e in report["findings"] if e["ruleId"] == "SEC-010"]
    assert len(entries) == 3 and all(e["status"] == "failed" and e["fix"] is None for e in entries)


def crud_environments(bp: Blueprint) -> dict[str, dict[str, str]]:
    """Entity → the plain-text environment of its CRUD function in the compute stack."""
    compute = json.loads(
        next(s.body for s in synthesize(bp, project_id="0" * 32) if s.key == "compute")
    )
    out = {}
    for resource in compute["Resources"].values():
        env = resource.get("Properties", {}).get("Environment", {}).get("Variables", {})
        if resource["Type"] == "AWS::Lambda::Function" and "ENTITY" in env:
            out[env["ENTITY"]] = {k: v for k, v in env.items() if isinstance(v, str)}
    return out


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_slipway_and_the_cdk_project_agree_on_tenant_scoped_entities(strategy: str) -> None:
    """Both handlers get the tenant field of exactly the tenant-scoped entities, whatever the
    strategy: a caller without a tenant is refused by both, never served every tenant."""
    bp = keyed(strategy)
    entities = {e.name: e for e in bp.entities}
    deployed = {name: env.get("TENANT_FIELD") for name, env in crud_environments(bp).items()}
    cdk = {
        r.entity: resource_config(bp, r, entities[r.entity]).get("tenantField")
        for r in bp.api.resources
    }
    assert deployed == cdk
    assert {name for name, field in deployed.items() if field} == {"Patient", "Visit"}


def test_slipways_handler_refuses_an_api_key_on_a_tenant_scoped_entity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The deployed function of a tenant-scoped entity, called through the REST API with a
    valid key (API Gateway checked it): 403 before any table is read."""
    env = crud_environments(keyed())["Patient"]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    event = {
        "httpMethod": "GET",
        "path": "/v1/patients",
        "requestContext": {"identity": {"apiKeyId": "k-123"}, "requestId": "r-1"},
    }
    answer = crud.handler(event, None)
    assert answer["statusCode"] == 403
    assert json.loads(answer["body"]) == {
        "error": "Patient is tenant-scoped: the caller carries no tenant (custom:tenant)",
        "code": "FORBIDDEN",
    }


# --- SEC-001 / SEC-008 / SEC-002: fixes that the deployed stacks make real --------------------

# rule -> what its fix adds to the data stack of a DynamoDB blueprint
PROTECTIONS = {"SEC-001": "AWS::KMS::Key", "SEC-008": "AWS::KMS::Key", "SEC-002": "AuditTable"}
ENCRYPTION = ["SEC-001", "SEC-008"]


def stacks(bp: Blueprint) -> dict[str, str]:
    return {s.key: s.body for s in synthesize(bp, project_id="0" * 32)}


def fixed_by(rule_id: str, bp: Blueprint) -> Blueprint:
    out = bp.model_copy(deep=True)
    fix = RULES_BY_ID[rule_id].fix
    assert fix is not None
    for path in findings(bp, rule_id):
        fix(out, path)
    return out


@pytest.mark.parametrize("rule_id", sorted(PROTECTIONS))
def test_protection_fixes_change_the_deployed_dynamodb_stacks(rule_id: str) -> None:
    source = shop()
    assert findings(source, rule_id)
    before, after = stacks(source), stacks(fixed_by(rule_id, source))
    assert PROTECTIONS[rule_id] not in before["data"] and PROTECTIONS[rule_id] in after["data"]
    assert before["compute"] != after["compute"]  # the handler encrypts / writes audit rows
    applied = {a.rule_id for a in auto_fix(source, {"medium"}).applied}
    assert rule_id in applied


@pytest.mark.parametrize("rule_id", ENCRYPTION)
def test_encryption_fixes_are_not_offered_on_postgres(rule_id: str) -> None:
    """The flag deploys nothing on PostgreSQL, not even a lost unique check (this fails, and the
    rule's ``fix_applies`` must widen, once the stacks encrypt PostgreSQL fields too)."""
    source = shop(database="postgres")
    assert findings(source, rule_id)
    assert stacks(source) == stacks(fixed_by(rule_id, source))
    outcome = auto_fix(source, {"medium", "high"})
    assert rule_id not in {a.rule_id for a in outcome.applied}
    report = build_report(outcome)
    entries = [e for e in report["findings"] if e["ruleId"] == rule_id]
    assert entries and all(e["status"] == "failed" and e["fix"] is None for e in entries)


def test_the_audit_fix_is_real_and_offered_on_postgres() -> None:
    """PostgreSQL functions write the audit row in the change's transaction (AUDIT_TABLE)."""
    source = shop(database="postgres")
    assert findings(source, "SEC-002")
    before = crud_environments(source)["Customer"]
    after = crud_environments(fixed_by("SEC-002", source))["Customer"]
    assert "AUDIT_TABLE" not in before and after["AUDIT_TABLE"] == "slipway_audit"
    assert "SEC-002" in {a.rule_id for a in auto_fix(source, {"medium"}).applied}


def test_protection_fix_texts_say_what_is_deployed() -> None:
    for rule_id in ("SEC-001", "SEC-008"):
        text = RULES_BY_ID[rule_id].fix_description or ""
        assert "customer-managed KMS key" in text and "ciphertext" in text
    assert "audit table" in (RULES_BY_ID["SEC-002"].fix_description or "")
    message = findings(shop(), "SEC-001")["entities.Customer.fields.email"]
    assert message.endswith("is stored without field encryption")  # tables are encrypted at rest
