"""The encryption rules (SEC-001, SEC-008, SEC-003) count a field as encrypted only where
Slipway's deployed stacks store it as ciphertext: on DynamoDB the ``encrypted`` flag makes the
CRUD function seal the field with KMS; on PostgreSQL Slipway's functions encrypt nothing, so the
flag alone must not pass a rule (it used to: SEC-001 passed and the score rose for protection
the stacks did not have)."""

from __future__ import annotations

import json

import pytest

from slipway.ir import Blueprint
from slipway.rules import evaluate, score
from slipway.spec import compile_spec
from slipway.synth import synthesize
from slipway.synth.context import stored_encrypted

SPEC = """# T

## Entities
### Customer
- email: string, required, unique{enc}
- phone: string{enc}
- password: string{enc}
- audit log

## Infrastructure
- database: {database}
"""


def blueprint(database: str, encrypted: bool) -> Blueprint:
    result = compile_spec(SPEC.format(database=database, enc=", encrypted" if encrypted else ""))
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


def findings(bp: Blueprint, rule_id: str) -> dict[str, str]:
    return {f.path: f.message for f in evaluate(bp) if f.rule_id == rule_id}


def crud_env(bp: Blueprint) -> dict[str, object]:
    compute = next(s for s in synthesize(bp, project_id="p") if s.key == "compute")
    body = json.loads(compute.body)
    fn = body["Resources"]["CustomerHandler"]["Properties"]
    env: dict[str, object] = fn["Environment"]["Variables"]
    return env


@pytest.mark.parametrize("rule_id", ["SEC-001", "SEC-003", "SEC-008"])
def test_an_encrypted_flag_on_postgres_does_not_pass_the_rule(rule_id: str) -> None:
    marked, plain = blueprint("postgres", True), blueprint("postgres", False)
    assert set(findings(marked, rule_id)) == set(findings(plain, rule_id)) != set()


def test_postgres_scores_the_same_with_or_without_the_flag() -> None:
    marked, plain = blueprint("postgres", True), blueprint("postgres", False)
    assert score(evaluate(marked)) == score(evaluate(plain))


def test_the_postgres_finding_says_the_flag_is_not_deployed() -> None:
    found = findings(blueprint("postgres", True), "SEC-001")
    assert found["entities.Customer.fields.email"] == (
        "Customer.email looks like personal data and is stored without field encryption: it is "
        "marked encrypted, but Slipway's postgres stacks store it in plain text (field "
        "encryption deploys on DynamoDB only)"
    )
    secret = findings(blueprint("postgres", True), "SEC-008")
    assert "marked encrypted" in secret["entities.Customer.fields.password"]
    plain = findings(blueprint("postgres", False), "SEC-001")
    assert "marked encrypted" not in plain["entities.Customer.fields.email"]


def test_the_flag_passes_on_dynamodb_where_the_function_encrypts() -> None:
    marked = blueprint("dynamodb", True)
    for rule_id in ("SEC-001", "SEC-008", "SEC-003"):
        assert findings(marked, rule_id) == {}, rule_id
    assert findings(blueprint("dynamodb", False), "SEC-001")
    # the rule's predicate and what the stacks deploy are the same thing
    env = crud_env(marked)
    assert set(str(env["ENCRYPTED"]).split(",")) == {"email", "phone", "password"}


def test_the_rule_and_the_stacks_agree_field_by_field() -> None:
    for database in ("dynamodb", "postgres"):
        bp = blueprint(database, True)
        env = crud_env(bp)
        deployed = set(str(env.get("ENCRYPTED", "")).split(",")) - {""}
        predicate = {f.name for f in bp.entities[0].fields if stored_encrypted(bp, f)}
        assert predicate == deployed, database
