"""Security rules that follow the deployed stacks: an API without an authorizer in front of its
non-public routes is a high finding (SEC-010), and the encryption and audit-log fixes (SEC-001,
SEC-008, SEC-002) are offered only where the deployed stacks make them real."""

from __future__ import annotations

import typing

import pytest

from slipway.ir import AuthConfig, Blueprint
from slipway.rules import RULES_BY_ID, auto_fix, build_report, evaluate
from slipway.spec import compile_spec
from slipway.synth import synthesize
from slipway.synth.access import strategy_auth, template_access

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


# --- SEC-010: every non-public route has an authorizer ---------------------------------------


def test_unauthorized_routes_are_a_high_finding_per_resource() -> None:
    rule = RULES_BY_ID["SEC-010"]
    assert (rule.pillar, rule.severity) == ("security", "high")
    found = findings(shop(OPEN), "SEC-010")
    assert set(found) == {"api.resources.Customer", "api.resources.Order"}  # not public Product
    assert found["api.resources.Order"] == (
        "/v1/orders is not public but its routes have no authorizer: anyone can list, get, "
        "create, update, delete"
    )


@pytest.mark.parametrize("strategy", [s for s in STRATEGIES if s != OPEN])
def test_strategies_with_an_authorizer_pass(strategy: str) -> None:
    assert findings(shop(strategy), "SEC-010") == {}


def test_resources_without_routes_or_public_pass() -> None:
    bp = shop(OPEN)
    for r in bp.api.resources:
        if r.entity == "Order":
            r.operations = []
        if r.entity == "Customer":
            r.public = True
    assert findings(bp, "SEC-010") == {}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_the_rule_follows_how_the_stacks_protect_each_strategy(strategy: str) -> None:
    """SEC-010 fires exactly where the deployed stacks leave non-public routes open (only
    ``none`` today: ``api_key`` deploys required API keys), and agrees with the routes the
    synthesized api stack really serves."""
    bp = shop(strategy)
    open_routes = strategy_auth(strategy) == "public"
    assert bool(findings(bp, "SEC-010")) is open_routes
    assert open_routes is (strategy == OPEN)
    served = template_access(synthesize(bp, project_id="0" * 32))
    unprotected = {route for route, access in served.items() if access.auth == "public"}
    assert bool(unprotected - {"GET /v1/products", "GET /v1/products/{id}"}) is open_routes


def test_no_automatic_fix_but_switching_to_jwt_resolves_it() -> None:
    assert RULES_BY_ID["SEC-010"].fix is None
    safe = build_report(auto_fix(shop(OPEN), {"medium"}))
    entries = [e for e in safe["findings"] if e["ruleId"] == "SEC-010"]
    assert entries and all(e["status"] == "failed" and e["fix"] is None for e in entries)
    high = build_report(auto_fix(shop(OPEN), {"medium", "high"}))  # SEC-005: JWT
    entries = [e for e in high["findings"] if e["ruleId"] == "SEC-010"]
    assert entries and all(e["status"] == "fixed" and e["fix"] is None for e in entries)


# --- SEC-001 / SEC-008 / SEC-002: fixes that the deployed stacks make real --------------------

# rule -> what its fix adds to the data stack of a DynamoDB blueprint
PROTECTIONS = {"SEC-001": "AWS::KMS::Key", "SEC-008": "AWS::KMS::Key", "SEC-002": "AuditTable"}


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


@pytest.mark.parametrize("rule_id", sorted(PROTECTIONS))
def test_protection_fixes_are_not_offered_on_postgres(rule_id: str) -> None:
    """The flags deploy nothing on PostgreSQL (this fails, and the rule's ``fix_applies`` must
    widen, once the stacks protect PostgreSQL data too)."""
    source = shop(database="postgres")
    assert findings(source, rule_id)
    assert stacks(source) == stacks(fixed_by(rule_id, source))
    outcome = auto_fix(source, {"medium", "high"})
    assert rule_id not in {a.rule_id for a in outcome.applied}
    report = build_report(outcome)
    entries = [e for e in report["findings"] if e["ruleId"] == rule_id]
    assert entries and all(e["status"] == "failed" and e["fix"] is None for e in entries)


def test_protection_fix_texts_say_what_is_deployed() -> None:
    for rule_id in ("SEC-001", "SEC-008"):
        text = RULES_BY_ID[rule_id].fix_description or ""
        assert "customer-managed KMS key" in text and "ciphertext" in text
    assert "audit table" in (RULES_BY_ID["SEC-002"].fix_description or "")
    message = findings(shop(), "SEC-001")["entities.Customer.fields.email"]
    assert message.endswith("is stored without field encryption")  # tables are encrypted at rest
