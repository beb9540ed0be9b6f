"""The rules package: rules declared by ``@rule`` beside their checks, a registry that refuses
inconsistent declarations and lists rules in report order, and the ``Locator`` that fixes use
to find IR nodes by path."""

from __future__ import annotations

import pytest

from slipway.ir import Blueprint, EntityDef, FieldDef, IndexDef, ProjectInfo
from slipway.rules import (
    PILLARS,
    RULES,
    RULES_BY_ID,
    WEIGHTS,
    Fix,
    Locator,
    Pillar,
    Risk,
    Rule,
    Severity,
    rule,
    security,
)
from slipway.rules.registry import register, registered


def no_findings(bp: Blueprint) -> list[tuple[str, str]]:
    return []


def no_op(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    return None


def test_rules_are_listed_by_pillar_then_id() -> None:
    assert [r.id for r in RULES] == [r.id for r in registered()]
    keys = [(PILLARS.index(r.pillar), r.id) for r in RULES]
    assert keys == sorted(keys)
    assert {r.id: r for r in RULES} == RULES_BY_ID


def test_enums_are_the_report_vocabulary() -> None:
    assert tuple(Pillar) == PILLARS
    assert list(WEIGHTS) == list(Severity)
    assert [r.value for r in Risk] == ["safe", "medium", "high"]
    for r in RULES:
        assert r.id.startswith(f"{r.pillar.prefix}-")
        assert isinstance(r.pillar, Pillar) and isinstance(r.severity, Severity)
        assert r.risk is None or isinstance(r.risk, Risk)


def test_the_decorator_returns_the_check_and_declares_its_rule() -> None:
    declared = RULES_BY_ID["SEC-001"]
    assert declared.check is security.check_pii_encrypted
    assert declared.fix is security.fix_encrypt and declared.risk == Risk.MEDIUM


@pytest.mark.parametrize(
    ("rule_id", "pillar", "fix", "risk", "description"),
    [
        ("REL-900", Pillar.SECURITY, None, None, None),  # prefix of another pillar
        ("SEC-900", Pillar.SECURITY, no_op, None, "x"),  # fix without risk
        ("SEC-900", Pillar.SECURITY, no_op, Risk.SAFE, None),  # fix without description
        ("SEC-900", Pillar.SECURITY, None, Risk.SAFE, None),  # risk without fix
    ],
)
def test_inconsistent_declarations_are_refused(
    rule_id: str, pillar: Pillar, fix: Fix | None, risk: Risk | None, description: str | None
) -> None:
    declare = rule(
        rule_id, pillar, Severity.LOW, title="t", fix=fix, risk=risk, fix_description=description
    )
    with pytest.raises(ValueError, match=rule_id):
        declare(no_findings)
    assert rule_id not in {r.id for r in registered()}


def test_fix_applies_needs_a_fix_and_limits_it() -> None:
    with pytest.raises(ValueError, match="SEC-901"):
        Rule("SEC-901", Pillar.SECURITY, Severity.LOW, "t", no_findings, fix_applies=bool)
    limited = Rule(
        "SEC-901",
        Pillar.SECURITY,
        Severity.LOW,
        "t",
        no_findings,
        no_op,
        Risk.SAFE,
        "d",
        fix_applies=lambda bp: bp.infrastructure.database == "dynamodb",
    )
    bp = Blueprint(project=ProjectInfo(name="P", slug="p"))
    assert limited.fix_for(bp) is no_op
    bp.infrastructure.database = "postgres"
    assert limited.fix_for(bp) is None


def test_a_rule_id_is_declared_once() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        register(RULES_BY_ID["OPS-001"])
    assert registered() == RULES


# --- Locator --------------------------------------------------------------------------------


def entity(indexes: list[IndexDef]) -> EntityDef:
    fields = [FieldDef(name=n, type="string") for n in ("a", "b", "c")]
    return EntityDef(name="T", plural="ts", table="ts", fields=fields, indexes=indexes)


def blueprint(*entities: EntityDef) -> Blueprint:
    return Blueprint(project=ProjectInfo(name="P", slug="p"), entities=list(entities))


def test_locator_finds_the_first_node_of_a_name_and_nothing_for_other_paths() -> None:
    first, second = entity([]), entity([])
    at = Locator(blueprint(first, second))
    assert at.entity("entities.T") is first
    assert at.field("entities.T.fields.b") is first.fields[1]
    assert at.field("entities.T.fields.zzz") is None
    assert at.entity("api.resources.T") is None and at.field("entities.T") is None
    assert at.resources("api.resources.T") == [] and at.queues("workflows.queues.q") == []


def test_add_index_sorts_like_append_then_sort_and_never_duplicates() -> None:
    unsorted = [IndexDef(name="z", fields=["c"]), IndexDef(name="m", fields=["b"])]
    e = entity(list(unsorted))
    at = Locator(blueprint(e))
    at.add_index(e, "b", "idx_b")  # already leads an index: nothing changes, not even order
    assert [i.name for i in e.indexes] == ["z", "m"]
    at.add_index(e, "a", "idx_a")
    at.add_index(e, "a", "idx_a")
    at.add_index(e, "a2", "m")  # same name as an existing index: after it, as a stable sort
    assert [(i.name, i.fields) for i in e.indexes] == [
        ("idx_a", ["a"]),
        ("m", ["b"]),
        ("m", ["a2"]),
        ("z", ["c"]),
    ]
