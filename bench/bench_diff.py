"""Diff, classification and validation rules on large blueprints: time for 1,000 and 5,000
entities and for 5,000 many-to-many relationships (best of N), and per-item linearity.

The IRs are built directly (not compiled) so that only diffing, classifying and the rules are
timed. The revised blueprint changes every entity (a new field, an enum value, a page size), so
each diff reports thousands of changes.

The per-entity time of the rules and the fix loop still rises by about 1.5-1.9x from 1,000 to
5,000 entities here; a check that reads each field once (SEC-009) rises as much, so that is
memory locality, not a quadratic term (5x). ``tests/unit/test_rules_scaling.py`` counts the work
itself, which grows linearly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from slipway.diff import classify
from slipway.ir import (
    ApiConfig,
    ApiResource,
    Blueprint,
    EntityDef,
    FieldDef,
    IndexDef,
    ProjectInfo,
    RelationshipDef,
)
from slipway.rules import auto_fix, evaluate
from tests.unit.irs import managed


def _entity(i: int, revised: bool) -> EntityDef:
    prev = f"E{max(i - 1, 0)}"
    fields = [
        *managed(),
        FieldDef(name="name", type="string", required=True, max_length=100),
        FieldDef(
            name="kind",
            type="enum",
            enum_values=["a", "b", "c", "d"] if revised else ["a", "b", "c"],
            default="a",
        ),
        FieldDef(name="email", type="string"),
        FieldDef(name="prev_id", type="string", references=prev),
    ]
    if revised:
        fields.append(FieldDef(name="note", type="string"))
    return EntityDef(
        name=f"E{i}",
        plural=f"e{i}s",
        table=f"e{i}s",
        fields=fields,
        indexes=[IndexDef(name=f"idx_e{i}s_prev_id", fields=["prev_id"])] if revised else [],
        relationships=[
            RelationshipDef(name="prev", kind="belongs_to", target=prev, field="prev_id")
        ],
    )


def entities(n: int, revised: bool = False) -> Blueprint:
    return Blueprint(
        project=ProjectInfo(name="Bench", slug="bench"),
        entities=[_entity(i, revised) for i in range(n)],
        api=ApiConfig(
            resources=[
                ApiResource(
                    entity=f"E{i}",
                    base_path=f"/v1/e{i}s",
                    operations=["list", "get", "create", "update", "delete"],
                    pagination_limit=25 if revised else 50,
                )
                for i in range(n)
            ]
        ),
    )


def relationships(n: int, revised: bool = False) -> Blueprint:
    """A hub entity related many-to-many to ``n`` targets, as ``- many to many B{i}`` compiles:
    per target a join entity with two foreign keys, and a has-many plus a many-to-many on the hub.
    The revision drops every tenth relationship and adds as many new ones."""
    hub_rels: list[RelationshipDef] = []
    others: list[EntityDef] = []
    for i in range(n):
        gone = revised and i % 10 == 0
        t, j = f"B{i}{'x' if gone else ''}", f"B{i}Hub"
        hub_rels.append(
            RelationshipDef(name=f"b{i}_hubs", kind="has_many", target=j, field="hub_id")
        )
        hub_rels.append(RelationshipDef(name=f"b{i}s", kind="many_to_many", target=t, through=j))
        others.append(
            EntityDef(name=t, plural=f"{t.lower()}s", table=f"{t.lower()}s", fields=managed())
        )
        keys = [
            FieldDef(name=f"b{i}_id", type="string", required=True, references=t),
            FieldDef(name="hub_id", type="string", required=True, references="Hub"),
        ]
        others.append(
            EntityDef(
                name=j,
                plural=f"b{i}_hubs",
                table=f"b{i}_hubs",
                fields=[*managed(), *keys],
                join_entity=True,
                relationships=[
                    RelationshipDef(name=f"b{i}", kind="belongs_to", target=t, field=f"b{i}_id"),
                    RelationshipDef(name="hub", kind="belongs_to", target="Hub", field="hub_id"),
                ],
            )
        )
    hub = EntityDef(
        name="Hub", plural="hubs", table="hubs", fields=managed(), relationships=hub_rels
    )
    return Blueprint(project=ProjectInfo(name="Bench", slug="bench"), entities=[hub, *others])


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _case(before: Blueprint, after: Blueprint, repeat: int) -> dict[str, float]:
    """Seconds per operation (best of ``repeat``)."""
    return {
        "classify": best(lambda: classify(before, after), repeat),
        "first revision": best(lambda: classify(None, after), repeat),
        "rules": best(lambda: evaluate(before), repeat),
        "fix loop": best(lambda: auto_fix(before, {"medium", "high"}), max(1, repeat // 2)),
    }


def run() -> list[str]:
    cases = (
        ("1000 entities", 1000, entities(1000), entities(1000, revised=True), 5),
        ("5000 entities", 5000, entities(5000), entities(5000, revised=True), 3),
        ("5000 many-to-many", 5000, relationships(5000), relationships(5000, revised=True), 3),
    )
    lines = []
    per_item: dict[str, dict[str, float]] = {}
    for label, n, before, after, repeat in cases:
        timings = _case(before, after, repeat)
        per_item[label] = {k: v / n for k, v in timings.items()}
        changes = len(classify(before, after).changes)
        lines.append(f"{label} ({changes} changes)")
        lines += [
            f"   {name:<15} {seconds * 1000:9.1f} ms  ({seconds / n * 1e6:7.1f} µs/item)"
            for name, seconds in timings.items()
        ]
    small, large = per_item["1000 entities"], per_item["5000 entities"]
    lines += [
        f"  linearity: {name} per-entity cost 5000 vs 1000 = {large[name] / small[name]:.2f}x "
        "(1.0 = linear, 5.0 = quadratic)"
        for name in small
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
