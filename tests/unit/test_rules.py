"""Well-Architected rules: each rule fails on a bad IR and passes on a good one; fixes are
idempotent, never lower the score, and the fix loop terminates on adversarial IRs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slipway.cost import estimate
from slipway.ir import Blueprint, EntityDef, FieldDef, IndexDef
from slipway.rules import (
    PILLARS,
    RULES,
    RULES_BY_ID,
    Finding,
    Rule,
    auto_fix,
    build_report,
    evaluate,
    score,
    summarize,
)
from slipway.spec import compile_spec
from slipway.templates import TemplateInfo, list_templates

BAD = """# Bad App

## Entities

### Customer
- email: string, required
- phone: string
- password: string
- nickname: string, unique
- no timestamps

### Order
- customer: ref Customer, required
- total: number

## Auth
- strategy: none

## API
### Customer
- access: public

## Workflows
- schedule nightly: rate(1 day)
- queue emails

## Infrastructure
- billing: provisioned
"""

GOOD = """# Good App

## Entities

### Customer
- email: string, required, unique, encrypted, max 254
- nickname: string, unique, max 40
- audit log
- soft delete

### Order
- customer: ref Customer, required
- total: number

## Auth
- strategy: jwt
- roles: admin, user

## API
- health: true
### Customer
- access: roles admin
### Order
- access: roles admin

## Workflows
- schedule nightly: rate(1 day)
- queue emails, dead letter

## Infrastructure
- point in time recovery
- log retention: 30
- structured logging
- alarms
- tracing
"""

SAAS_BAD = """# SaaS
## Entities
### Organization
- name: string
### Project
- name: string
## Tenancy
- mode: multi-tenant by Organization
"""


def bp(text: str) -> Blueprint:
    result = compile_spec(text)
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


def postgres(entities: int = 2, backups: bool = False) -> Blueprint:
    body = "".join(f"### E{i}\n- name: string\n" for i in range(entities))
    extra = "- backups\n" if backups else ""
    return bp(f"# P\n## Entities\n{body}## Infrastructure\n- database: postgres\n{extra}")


def saas_without_isolation() -> Blueprint:
    b = bp(SAAS_BAD)
    project = b.entity("Project")
    assert project is not None
    project.fields = [f for f in project.fields if f.name != "organization_id"]
    project.indexes = []
    return b


def saas_unindexed() -> Blueprint:
    b = bp(SAAS_BAD)
    project = b.entity("Project")
    assert project is not None
    project.indexes = []
    return b


def huge_estimate() -> Blueprint:
    body = "".join(f"### E{i}\n- name: string\n" for i in range(3))
    queues = "".join(f"- queue q{i}, dead letter\n" for i in range(150))
    return bp(
        f"# H\n## Entities\n{body}## Workflows\n{queues}"
        "## Infrastructure\n- database: postgres\n- tracing\n"
    )


def jobs_without_queue() -> Blueprint:
    return bp("# J\n## Entities\n### T\n- a: string\n## Workflows\n- schedule s: rate(1 day)\n")


def many_indexes() -> Blueprint:
    b = bp("# I\n## Entities\n### T\n- a: string\n")
    t = b.entity("T")
    assert t is not None
    t.indexes = [IndexDef(name=f"idx_{i}", fields=["a"]) for i in range(21)]
    return b


def unbounded_page() -> Blueprint:
    b = bp(GOOD)
    b.api.resources[0].pagination_limit = 500
    return b


def fk_unindexed() -> Blueprint:
    b = bp(GOOD)
    order = b.entity("Order")
    assert order is not None
    order.indexes = []
    return b


def no_roles() -> Blueprint:
    b = bp(GOOD)
    b.auth.roles = []
    return b


def public_writes() -> Blueprint:
    b = bp(GOOD)
    b.api.resources[0].public = True
    return b


def email_not_unique() -> Blueprint:
    """GOOD but for one finding (BAD's security pillar is already at 0: no fix could raise it)."""
    b = bp(GOOD)
    customer = b.entity("Customer")
    assert customer is not None
    email = customer.field("email")
    assert email is not None
    email.unique = False
    return b


def keyed_roles() -> Blueprint:
    """GOOD (role-restricted resources) behind API keys, which carry no role."""
    b = bp(GOOD)
    b.auth.strategy = "api_key"
    return b


def open_deletes() -> Blueprint:
    b = bp(GOOD)
    for r in b.api.resources:
        r.roles = []
    return b


FAILING: dict[str, Blueprint] = {
    "SEC-007": open_deletes(),
    "REL-006": jobs_without_queue(),
    "REL-002": postgres(),
    "SEC-004": saas_without_isolation(),
    "PERF-002": saas_unindexed(),
    "PERF-001": fk_unindexed(),
    "PERF-003": unbounded_page(),
    "PERF-005": many_indexes(),
    "COST-003": huge_estimate(),
    "COST-004": postgres(),
    "OPS-005": no_roles(),
    "SEC-006": public_writes(),
    "SEC-009": email_not_unique(),
    "SEC-010": keyed_roles(),
}
PASSING: dict[str, Blueprint] = {
    "REL-002": postgres(5, backups=True),
    "COST-004": postgres(5, backups=True),
}


def ids(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings}


def test_at_least_25_rules_across_every_pillar() -> None:
    assert len(RULES) >= 25
    assert {r.pillar for r in RULES} == set(PILLARS)
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.severity in ("critical", "high", "medium", "low")
        assert (r.fix is None) == (r.risk is None)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fails_on_bad_and_passes_on_good(rule: Rule) -> None:
    failing = FAILING.get(rule.id, bp(BAD))
    found = [f for f in evaluate(failing) if f.rule_id == rule.id]
    assert found, f"{rule.id} did not fire"
    assert all(f.path and f.message for f in found)
    passing = PASSING.get(rule.id, bp(GOOD))
    assert rule.id not in ids(evaluate(passing)), [
        f.message for f in evaluate(passing) if f.rule_id == rule.id
    ]


@pytest.mark.parametrize("rule", [r for r in RULES if r.fix], ids=lambda r: r.id)
def test_fix_is_idempotent_and_resolves(rule: Rule) -> None:
    fix = rule.fix
    assert fix is not None
    source = FAILING.get(rule.id, bp(BAD))
    paths = [f.path for f in evaluate(source) if f.rule_id == rule.id]
    once = source.model_copy(deep=True)
    for path in paths:
        fix(once, path)
    twice = once.model_copy(deep=True)
    for path in paths:
        fix(twice, path)
    assert once == twice
    assert rule.id not in ids(evaluate(once)) or rule.id == "SEC-003"
    assert score(evaluate(once)).overall >= score(evaluate(source)).overall


def test_fix_loop_raises_score_and_medium_does_more() -> None:
    source = bp(BAD)
    safe = auto_fix(source)
    medium = auto_fix(source, {"medium"})
    high = auto_fix(source, {"medium", "high"})
    assert safe.scores_after.overall > safe.scores_before.overall
    assert medium.scores_after.overall >= safe.scores_after.overall
    assert high.scores_after.overall >= medium.scores_after.overall
    assert len(medium.applied) > len(safe.applied)
    assert all(a.risk == "safe" for a in safe.applied)
    assert source == bp(BAD)  # input untouched


def test_report_explains_every_finding() -> None:
    report = build_report(auto_fix(bp(BAD), {"medium"}))
    assert report["score"]["after"] >= report["score"]["before"]
    assert set(report["pillars"]) == set(PILLARS)
    statuses = {f["status"] for f in report["findings"]}
    assert statuses <= {"passed", "failed", "fixed"} and "fixed" in statuses
    assert {f["ruleId"] for f in report["findings"]} == set(RULES_BY_ID)
    for f in report["findings"]:
        if f["fix"]:
            assert f["fix"]["risk"] in ("safe", "medium", "high")
    assert report["summary"].startswith("Your backend scores")
    assert (
        report["costEstimate"]["production"]["totalMonthlyUsd"]
        > report["costEstimate"]["starter"]["totalMonthlyUsd"]
    )


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: t.id)
def test_templates_improve_with_autofix(template: TemplateInfo) -> None:
    source = bp(template.spec)
    outcome = auto_fix(source)
    assert outcome.scores_after.overall > outcome.scores_before.overall
    assert compile_spec is not None
    summary = summarize(source)
    assert summary["score"] == outcome.scores_before.overall and len(summary["topIssues"]) <= 5


def test_cost_estimate_is_deterministic() -> None:
    assert estimate(bp(GOOD)) == estimate(bp(GOOD))
    assert estimate(postgres())["starter"]["items"][0]["service"].startswith("Aurora Serverless")


def test_api_key_apis_are_priced_as_rest_apis() -> None:
    """API keys and usage plans exist only on REST APIs, which cost 3.5x an HTTP API."""
    jwt = bp(GOOD)
    keyed = bp(GOOD.replace("- strategy: jwt", "- strategy: api_key"))
    gateway = {
        name: next(i for i in estimate(b)["production"]["items"] if "API Gateway" in i["service"])
        for name, b in (("jwt", jwt), ("api_key", keyed))
    }
    assert gateway["jwt"]["service"] == "API Gateway (HTTP API)"
    assert gateway["api_key"]["service"] == "API Gateway (REST API)"
    assert gateway["api_key"]["monthlyUsd"] == round(3.5 * gateway["jwt"]["monthlyUsd"], 2)


NAMES = st.sampled_from(
    ["email", "phone", "password", "name", "title", "org_id", "address", "token", "x"]
)


@st.composite
def adversarial(draw: st.DrawFn) -> Blueprint:
    base = bp(BAD if draw(st.booleans()) else SAAS_BAD)
    for e in base.entities:
        for _ in range(draw(st.integers(0, 3))):
            name = draw(NAMES) + f"_{draw(st.integers(0, 3))}"
            if e.field(name) is None:
                e.fields.append(
                    FieldDef(
                        name=name,
                        type="string",
                        unique=draw(st.booleans()),
                        references=draw(st.sampled_from([None, base.entities[0].name])),
                    )
                )
        if draw(st.booleans()):
            e.fields = [f for f in e.fields if f.name != "created_at"]
    if draw(st.booleans()):
        base.entities.append(
            EntityDef(
                name="Extra",
                plural="extras",
                table="extras",
                fields=[FieldDef(name="email", type="string")],
            )
        )
    return base


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(adversarial(), st.sampled_from([set(), {"medium"}, {"medium", "high"}]))
def test_fix_loop_terminates_and_never_lowers_score(source: Blueprint, risks: set[str]) -> None:
    outcome = auto_fix(source, risks, max_rounds=5)
    assert outcome.rounds <= 5
    assert outcome.scores_after.overall >= outcome.scores_before.overall
    again = auto_fix(outcome.blueprint, risks)
    assert again.scores_after.overall >= outcome.scores_after.overall
