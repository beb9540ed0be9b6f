"""Structural diff of two Blueprint IRs, each change classified safe / unsafe / blocked.

- **safe**: additive or behaviour-only changes existing data and clients survive as they are.
- **unsafe**: changes that may fail on existing data or change who can call what; deploying
  them needs an explicit acknowledgment.
- **blocked**: changes that destroy data or break API clients; Slipway refuses to deploy them.

Entities, fields and resources are matched by name, so a rename is a removal plus an addition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from slipway.ir import Blueprint, EntityDef, FieldDef

ChangeClass = Literal["safe", "unsafe", "blocked"]
Action = Literal["added", "removed", "modified"]
_RANK = {"safe": 0, "unsafe": 1, "blocked": 2}


@dataclass(frozen=True)
class Change:
    category: str
    action: Action
    path: str
    classification: ChangeClass
    reason: str
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "action": self.action,
            "path": self.path,
            "classification": self.classification,
            "reason": self.reason,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class Classification:
    overall: ChangeClass | Literal["none"]
    changes: list[Change]
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "changes": [c.to_dict() for c in self.changes],
            "counts": self.counts,
            "summary": self.summary(),
        }

    def summary(self) -> str:
        if self.overall == "none":
            return "No changes."
        parts = [f"{n} {k}" for k, n in self.counts.items() if n]
        verdict = {
            "safe": "Safe to deploy.",
            "unsafe": "Needs acknowledgment before deploying.",
            "blocked": "Cannot be deployed: it would destroy data or break API clients.",
        }[self.overall]
        return f"{len(self.changes)} change(s) ({', '.join(parts)}). {verdict}"


class _Diff:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(
        self,
        category: str,
        action: Action,
        path: str,
        cls: ChangeClass,
        reason: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.changes.append(Change(category, action, path, cls, reason, before, after))


def _field_json(f: FieldDef) -> dict[str, Any]:
    return f.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _diff_field(d: _Diff, entity: str, old: FieldDef, new: FieldDef) -> None:
    path = f"entities.{entity}.fields.{old.name}"
    if old.primary != new.primary:
        d.add("field", "modified", path, "blocked", "primary key changed", old.primary, new.primary)
    if old.type != new.type:
        d.add(
            "field",
            "modified",
            path,
            "unsafe",
            f"type changed from {old.type} to {new.type}",
            old.type,
            new.type,
        )
    if not old.required and new.required and not new.managed:
        d.add("field", "modified", path, "unsafe", "nullable field made required", False, True)
    if old.required and not new.required:
        d.add("field", "modified", path, "safe", "required field made optional", True, False)
    if not old.unique and new.unique and not new.primary:
        d.add(
            "field",
            "modified",
            path,
            "unsafe",
            "unique constraint added (existing duplicates fail)",
            False,
            True,
        )
    if old.unique and not new.unique:
        d.add("field", "modified", path, "safe", "unique constraint removed", True, False)
    if old.default != new.default:
        d.add("field", "modified", path, "safe", "default changed", old.default, new.default)
    removed = sorted(set(old.enum_values) - set(new.enum_values))
    added = sorted(set(new.enum_values) - set(old.enum_values))
    if old.type == new.type == "enum":
        if removed:
            d.add(
                "field",
                "modified",
                path,
                "unsafe",
                f"enum values removed: {', '.join(removed)}",
                old.enum_values,
                new.enum_values,
            )
        if added:
            d.add(
                "field",
                "modified",
                path,
                "safe",
                f"enum values added: {', '.join(added)}",
                old.enum_values,
                new.enum_values,
            )
    if old.max_length != new.max_length:
        grows = new.max_length is None or (
            old.max_length is not None and new.max_length > old.max_length
        )
        d.add(
            "field",
            "modified",
            path,
            "safe" if grows else "unsafe",
            "maximum length raised" if grows else "maximum length lowered (longer values fail)",
            old.max_length,
            new.max_length,
        )
    if old.references != new.references:
        d.add(
            "field",
            "modified",
            path,
            "unsafe",
            "reference target changed",
            old.references,
            new.references,
        )
    if old.encrypted != new.encrypted:
        d.add(
            "field",
            "modified",
            path,
            "unsafe",
            "encryption " + ("enabled" if new.encrypted else "disabled") + " (data is rewritten)",
            old.encrypted,
            new.encrypted,
        )


def _diff_entity(d: _Diff, old: EntityDef, new: EntityDef) -> None:
    base = f"entities.{old.name}"
    old_fields = {f.name: f for f in old.fields}
    new_fields = {f.name: f for f in new.fields}
    for name in sorted(old_fields.keys() - new_fields.keys()):
        f = old_fields[name]
        if f.primary:
            d.add(
                "field",
                "removed",
                f"{base}.fields.{name}",
                "blocked",
                "primary key removed",
                _field_json(f),
            )
        elif f.required:
            d.add(
                "field",
                "removed",
                f"{base}.fields.{name}",
                "blocked",
                "required field removed (clients send and read it)",
                _field_json(f),
            )
        else:
            d.add(
                "field",
                "removed",
                f"{base}.fields.{name}",
                "unsafe",
                "optional field removed (its data is lost)",
                _field_json(f),
            )
    for name in sorted(new_fields.keys() - old_fields.keys()):
        f = new_fields[name]
        if f.primary:
            d.add(
                "field",
                "added",
                f"{base}.fields.{name}",
                "blocked",
                "primary key changed",
                None,
                _field_json(f),
            )
        elif not f.required or f.managed:
            d.add(
                "field",
                "added",
                f"{base}.fields.{name}",
                "safe",
                "new nullable field",
                None,
                _field_json(f),
            )
        elif f.default is not None:
            d.add(
                "field",
                "added",
                f"{base}.fields.{name}",
                "safe",
                "new required field with a default",
                None,
                _field_json(f),
            )
        else:
            d.add(
                "field",
                "added",
                f"{base}.fields.{name}",
                "unsafe",
                "new required field without a default (existing rows and clients lack it)",
                None,
                _field_json(f),
            )
    for name in sorted(old_fields.keys() & new_fields.keys()):
        _diff_field(d, old.name, old_fields[name], new_fields[name])

    old_idx = {i.name: i for i in old.indexes}
    new_idx = {i.name: i for i in new.indexes}
    for name in sorted(old_idx.keys() | new_idx.keys()):
        a, b = old_idx.get(name), new_idx.get(name)
        path = f"{base}.indexes.{name}"
        if a is None and b is not None:
            d.add(
                "index",
                "added",
                path,
                "unsafe",
                "index added (built on existing data)",
                None,
                b.model_dump(by_alias=True),
            )
        elif b is None and a is not None:
            d.add(
                "index",
                "removed",
                path,
                "unsafe",
                "index removed (queries using it slow down)",
                a.model_dump(by_alias=True),
            )
        elif a is not None and b is not None and a != b:
            d.add(
                "index",
                "modified",
                path,
                "unsafe",
                "index changed",
                a.model_dump(by_alias=True),
                b.model_dump(by_alias=True),
            )

    def rel_key(r: Any) -> str:
        return f"{r.kind}:{r.target}:{r.field or r.through or r.name}"

    old_rel = {rel_key(r): r for r in old.relationships}
    new_rel = {rel_key(r): r for r in new.relationships}
    for key in sorted(new_rel.keys() - old_rel.keys()):
        r = new_rel[key]
        d.add(
            "relationship",
            "added",
            f"{base}.relationships.{r.name}",
            "safe",
            f"new {r.kind.replace('_', ' ')} {r.target}",
            None,
            r.model_dump(by_alias=True),
        )
    for key in sorted(old_rel.keys() - new_rel.keys()):
        r = old_rel[key]
        d.add(
            "relationship",
            "removed",
            f"{base}.relationships.{r.name}",
            "unsafe",
            f"{r.kind.replace('_', ' ')} {r.target} removed",
            r.model_dump(by_alias=True),
        )
    for attr, label in (
        ("soft_delete", "soft delete"),
        ("audit_log", "audit log"),
        ("timestamps", "timestamps"),
    ):
        if getattr(old, attr) != getattr(new, attr):
            d.add(
                "entity",
                "modified",
                f"{base}.{attr}",
                "safe",
                f"{label} {'enabled' if getattr(new, attr) else 'disabled'}",
                getattr(old, attr),
                getattr(new, attr),
            )


def diff_blueprints(before: Blueprint | None, after: Blueprint) -> list[Change]:
    d = _Diff()
    if before is None:
        for e in after.entities:
            d.add("entity", "added", f"entities.{e.name}", "safe", "new entity", None, e.name)
        for r in after.api.resources:
            d.add(
                "endpoint",
                "added",
                f"api.resources.{r.entity}",
                "safe",
                "new endpoint",
                None,
                r.base_path,
            )
        return _sorted(d.changes)

    if (
        before.project.name != after.project.name
        or before.project.description != after.project.description
    ):
        d.add(
            "project",
            "modified",
            "project",
            "safe",
            "name or description changed",
            before.project.name,
            after.project.name,
        )

    old_e = {e.name: e for e in before.entities}
    new_e = {e.name: e for e in after.entities}
    for name in sorted(new_e.keys() - old_e.keys()):
        d.add("entity", "added", f"entities.{name}", "safe", "new entity", None, name)
    for name in sorted(old_e.keys() - new_e.keys()):
        d.add(
            "entity",
            "removed",
            f"entities.{name}",
            "blocked",
            "entity deleted (its table and data go away)",
            name,
        )
    for name in sorted(old_e.keys() & new_e.keys()):
        _diff_entity(d, old_e[name], new_e[name])

    old_r = {r.entity: r for r in before.api.resources}
    new_r = {r.entity: r for r in after.api.resources}
    for name in sorted(new_r.keys() - old_r.keys()):
        d.add(
            "endpoint",
            "added",
            f"api.resources.{name}",
            "safe",
            "new endpoint",
            None,
            new_r[name].base_path,
        )
    for name in sorted(old_r.keys() - new_r.keys()):
        d.add(
            "endpoint",
            "removed",
            f"api.resources.{name}",
            "blocked",
            "endpoint removed (API break)",
            old_r[name].base_path,
        )
    for name in sorted(old_r.keys() & new_r.keys()):
        a, b = old_r[name], new_r[name]
        path = f"api.resources.{name}"
        if a.base_path != b.base_path:
            d.add(
                "endpoint",
                "modified",
                f"{path}.basePath",
                "blocked",
                "base path changed (API break)",
                a.base_path,
                b.base_path,
            )
        removed_ops = [o for o in a.operations if o not in b.operations]
        added_ops = [o for o in b.operations if o not in a.operations]
        if removed_ops:
            d.add(
                "endpoint",
                "modified",
                f"{path}.operations",
                "blocked",
                f"operations removed (API break): {', '.join(removed_ops)}",
                a.operations,
                b.operations,
            )
        if added_ops:
            d.add(
                "endpoint",
                "modified",
                f"{path}.operations",
                "safe",
                f"operations added: {', '.join(added_ops)}",
                a.operations,
                b.operations,
            )
        if a.public != b.public:
            d.add(
                "auth",
                "modified",
                f"{path}.public",
                "unsafe",
                "endpoint made " + ("public" if b.public else "authenticated"),
                a.public,
                b.public,
            )
        if sorted(a.roles) != sorted(b.roles):
            d.add(
                "auth",
                "modified",
                f"{path}.roles",
                "unsafe",
                "roles allowed on the endpoint changed",
                a.roles,
                b.roles,
            )
        if a.pagination_limit != b.pagination_limit:
            d.add(
                "endpoint",
                "modified",
                f"{path}.paginationLimit",
                "safe",
                "page size changed",
                a.pagination_limit,
                b.pagination_limit,
            )
    if before.api.health_endpoint != after.api.health_endpoint:
        d.add(
            "endpoint",
            "modified",
            "api.healthEndpoint",
            "safe" if after.api.health_endpoint else "unsafe",
            "health endpoint " + ("added" if after.api.health_endpoint else "removed"),
            before.api.health_endpoint,
            after.api.health_endpoint,
        )

    if before.auth.strategy != after.auth.strategy:
        d.add(
            "auth",
            "modified",
            "auth.strategy",
            "unsafe",
            "auth strategy changed (clients must sign in differently)",
            before.auth.strategy,
            after.auth.strategy,
        )
    gone = [r for r in before.auth.roles if r not in after.auth.roles]
    new_roles = [r for r in after.auth.roles if r not in before.auth.roles]
    if gone:
        d.add(
            "auth",
            "modified",
            "auth.roles",
            "unsafe",
            f"roles removed: {', '.join(gone)}",
            before.auth.roles,
            after.auth.roles,
        )
    if new_roles:
        d.add(
            "auth",
            "modified",
            "auth.roles",
            "safe",
            f"roles added: {', '.join(new_roles)}",
            before.auth.roles,
            after.auth.roles,
        )
    if before.auth.default_role != after.auth.default_role:
        d.add(
            "auth",
            "modified",
            "auth.defaultRole",
            "safe",
            "default role changed",
            before.auth.default_role,
            after.auth.default_role,
        )

    bt, at = before.tenancy, after.tenancy
    if (bt.mode, bt.tenant_entity, bt.tenant_key) != (at.mode, at.tenant_entity, at.tenant_key):
        d.add(
            "tenancy",
            "modified",
            "tenancy",
            "blocked",
            "tenancy changed (every tenant key and row would be rewritten)",
            bt.model_dump(by_alias=True),
            at.model_dump(by_alias=True),
        )

    bi, ai = before.infrastructure, after.infrastructure
    if bi.database != ai.database:
        d.add(
            "infrastructure",
            "modified",
            "infrastructure.database",
            "blocked",
            "database engine changed (data does not move by itself)",
            bi.database,
            ai.database,
        )
    if bi.region != ai.region:
        d.add(
            "infrastructure",
            "modified",
            "infrastructure.region",
            "blocked",
            "region changed (every resource would be recreated)",
            bi.region,
            ai.region,
        )
    for attr in (
        "billing_mode",
        "point_in_time_recovery",
        "backups",
        "log_retention_days",
        "structured_logging",
        "tracing",
        "alarms",
        "settings",
    ):
        if getattr(bi, attr) != getattr(ai, attr):
            d.add(
                "infrastructure",
                "modified",
                f"infrastructure.{attr}",
                "safe",
                f"{attr.replace('_', ' ')} changed",
                getattr(bi, attr),
                getattr(ai, attr),
            )
    for bucket in sorted(set(ai.buckets) - set(bi.buckets)):
        d.add(
            "infrastructure",
            "added",
            f"infrastructure.buckets.{bucket}",
            "safe",
            "new bucket",
            None,
            bucket,
        )
    for bucket in sorted(set(bi.buckets) - set(ai.buckets)):
        d.add(
            "infrastructure",
            "removed",
            f"infrastructure.buckets.{bucket}",
            "unsafe",
            "bucket removed (its objects are lost)",
            bucket,
        )

    bw, aw = before.workflows, after.workflows
    for kind, olds, news, removal in (
        ("jobs", {j.name: j for j in bw.jobs}, {j.name: j for j in aw.jobs}, "safe"),
        ("queues", {q.name: q for q in bw.queues}, {q.name: q for q in aw.queues}, "unsafe"),
        ("events", {e.name: e for e in bw.events}, {e.name: e for e in aw.events}, "safe"),
    ):
        for name in sorted(news.keys() - olds.keys()):
            d.add(
                "workflow",
                "added",
                f"workflows.{kind}.{name}",
                "safe",
                f"new {kind[:-1]}",
                None,
                name,
            )
        for name in sorted(olds.keys() - news.keys()):
            reason = (
                "queue removed (messages in flight are lost)"
                if kind == "queues"
                else f"{kind[:-1]} removed"
            )
            d.add("workflow", "removed", f"workflows.{kind}.{name}", removal, reason, name)  # type: ignore[arg-type]
        for name in sorted(olds.keys() & news.keys()):
            if olds[name] != news[name]:
                replaced = kind == "queues" and olds[name].fifo != news[name].fifo  # type: ignore[union-attr]
                d.add(
                    "workflow",
                    "modified",
                    f"workflows.{kind}.{name}",
                    "unsafe" if replaced else "safe",
                    "queue type changed (the queue is replaced)"
                    if replaced
                    else f"{kind[:-1]} changed",
                    olds[name].model_dump(by_alias=True),
                    news[name].model_dump(by_alias=True),
                )
    return _sorted(d.changes)


def _sorted(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (c.path, c.action, c.reason))


def classify(before: Blueprint | None, after: Blueprint) -> Classification:
    changes = diff_blueprints(before, after)
    counts = {"safe": 0, "unsafe": 0, "blocked": 0}
    for c in changes:
        counts[c.classification] += 1
    if not changes:
        return Classification("none", [], counts)
    worst = max(changes, key=lambda c: _RANK[c.classification]).classification
    return Classification(worst, changes, counts)
