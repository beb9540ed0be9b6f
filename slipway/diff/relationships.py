"""Relationships of one entity, matched by kind, target and the field or join entity they use."""

from __future__ import annotations

from slipway.diff.model import Changes
from slipway.ir import RelationshipDef

CATEGORY = "relationship"


def relationship_key(r: RelationshipDef) -> str:
    return f"{r.kind}:{r.target}:{r.field or r.through or r.name}"


def diff_relationships(
    d: Changes, entity: str, old: list[RelationshipDef], new: list[RelationshipDef]
) -> None:
    base = f"entities.{entity}.relationships"
    old_rel = {relationship_key(r): r for r in old}
    new_rel = {relationship_key(r): r for r in new}
    for key in sorted(new_rel.keys() - old_rel.keys()):
        r = new_rel[key]
        d.add(
            CATEGORY,
            "added",
            f"{base}.{r.name}",
            "safe",
            f"new {r.kind.replace('_', ' ')} {r.target}",
            None,
            r.model_dump(by_alias=True),
        )
    for key in sorted(old_rel.keys() - new_rel.keys()):
        r = old_rel[key]
        d.add(
            CATEGORY,
            "removed",
            f"{base}.{r.name}",
            "unsafe",
            f"{r.kind.replace('_', ' ')} {r.target} removed",
            r.model_dump(by_alias=True),
        )
