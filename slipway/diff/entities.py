"""Entities: added and removed ones, and per kept entity its fields, indexes, relationships and
behaviour flags (soft delete, audit log, timestamps)."""

from __future__ import annotations

from slipway.diff.fields import diff_fields
from slipway.diff.model import Changes
from slipway.diff.relationships import diff_relationships
from slipway.ir import Blueprint, EntityDef, IndexDef

FLAGS = (("soft_delete", "soft delete"), ("audit_log", "audit log"), ("timestamps", "timestamps"))


def diff_entities(d: Changes, before: Blueprint, after: Blueprint) -> None:
    old_e = {e.name: e for e in before.entities}
    new_e = {e.name: e for e in after.entities}
    for name in sorted(new_e.keys() - old_e.keys()):
        d.add("entity", "added", f"entities.{name}", "safe", "new entity", None, name)
    for name in sorted(old_e.keys() - new_e.keys()):
        reason = "entity deleted (its table and data go away)"
        d.add("entity", "removed", f"entities.{name}", "blocked", reason, name)
    for name in sorted(old_e.keys() & new_e.keys()):
        diff_entity(d, old_e[name], new_e[name])


def diff_entity(d: Changes, old: EntityDef, new: EntityDef) -> None:
    diff_fields(d, old.name, old.fields, new.fields)
    diff_indexes(d, old.name, old.indexes, new.indexes)
    diff_relationships(d, old.name, old.relationships, new.relationships)
    for attr, label in FLAGS:
        was, now = getattr(old, attr), getattr(new, attr)
        if was != now:
            reason = f"{label} {'enabled' if now else 'disabled'}"
            d.modified("entity", f"entities.{old.name}.{attr}", "safe", reason, was, now)


def diff_indexes(d: Changes, entity: str, old: list[IndexDef], new: list[IndexDef]) -> None:
    old_idx = {i.name: i for i in old}
    new_idx = {i.name: i for i in new}
    for name in sorted(old_idx.keys() | new_idx.keys()):
        a, b = old_idx.get(name), new_idx.get(name)
        path = f"entities.{entity}.indexes.{name}"
        if a is None and b is not None:
            reason = "index added (built on existing data)"
            d.add("index", "added", path, "unsafe", reason, None, b.model_dump(by_alias=True))
        elif b is None and a is not None:
            reason = "index removed (queries using it slow down)"
            d.add("index", "removed", path, "unsafe", reason, a.model_dump(by_alias=True))
        elif a is not None and b is not None and a != b:
            before, after = a.model_dump(by_alias=True), b.model_dump(by_alias=True)
            d.modified("index", path, "unsafe", "index changed", before, after)
