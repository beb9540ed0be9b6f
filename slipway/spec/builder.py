"""Declarations → Blueprint IR: the compiler's last pass.

Resolves entity names, fills what the spec leaves out (ids, timestamps, foreign keys and their
indexes, both ends of each relationship, join entities, tenant keys, CRUD resources) and checks
the whole (unknown names, cyclic required references, defaults, API paths). Every lookup is a
dict or set (see ``drafts``), so the work is linear in the size of the spec.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import ValidationError

from slipway.ir import (
    Blueprint,
    EntityDef,
    FieldDef,
    IndexDef,
    InfrastructureConfig,
    ProjectInfo,
    RelationshipDef,
)
from slipway.spec.build_checks import (
    api_config,
    apply_tenancy,
    auth_config,
    check_cycles,
    check_required_optional,
    workflows_config,
)
from slipway.spec.declarations import EntityDecl, FieldDecl, SpecDecl
from slipway.spec.drafts import BuildContext, EntityDraft
from slipway.spec.errors import SpecError
from slipway.spec.text import pluralize, slugify, snake_case

TIMESTAMPS = ("created_at", "updated_at")


def build_blueprint(spec: SpecDecl, errors: list[SpecError]) -> Blueprint | None:
    """The Blueprint, or None when ``errors`` (the earlier passes' too) is not empty."""
    return _Builder(spec, errors).build()


def _timestamps() -> list[FieldDef]:
    return [FieldDef(name=n, type="datetime", required=True, managed=True) for n in TIMESTAMPS]


class _Builder(BuildContext):
    def build(self) -> Blueprint | None:
        for e in self.spec.entities.values():
            self.drafts[e.name] = EntityDraft(self.base_entity(e))
        for e in self.spec.entities.values():
            self.references(e)
        for e in self.spec.entities.values():
            self.relationships(e)
        tenancy = apply_tenancy(self)
        check_cycles(self)
        check_required_optional(self)
        api = api_config(self)
        auth = auth_config(self)
        workflows = workflows_config(self)
        if self.errors:
            return None
        for draft in self.drafts.values():
            ent = draft.ent
            ent.indexes.sort(key=lambda i: i.name)
            ent.relationships.sort(key=lambda r: (r.kind, r.name, r.target))
            order_fields(ent)
        spec = self.spec
        infra = InfrastructureConfig(
            **spec.infra,
            buckets=sorted(set(spec.buckets)),
            settings=dict(sorted(spec.settings.items())),
        )
        try:
            return Blueprint(
                project=ProjectInfo(
                    name=spec.title or "App",
                    slug=slugify(spec.title or "app"),
                    description=" ".join(spec.description)[:2000],
                ),
                auth=auth,
                tenancy=tenancy,
                entities=[d.ent for d in self.drafts.values()],
                api=api,
                workflows=workflows,
                infrastructure=infra,
            )
        except ValidationError as exc:  # a guard: the parser should have caught it
            self.error(
                1,
                f"the spec produced an invalid blueprint: {exc.errors()[0]['msg']}",
                "check the values near the reported fields",
            )
            return None

    # --- declared entities ---------------------------------------------------------------

    def base_entity(self, e: EntityDecl) -> EntityDef:
        table = snake_case(pluralize(e.name))
        fields: list[FieldDef] = []
        if not any(f.primary for f in e.fields):
            fields.append(
                FieldDef(name="id", type="string", primary=True, required=True, managed=True)
            )
        indexes: list[IndexDef] = []
        for f in e.fields:
            if f.ref is not None:
                continue  # resolved in references()
            fields.append(
                FieldDef(
                    name=f.name,
                    type=f.type,
                    required=f.required or f.primary,
                    unique=f.unique or f.primary,
                    primary=f.primary,
                    default=self.coerce_default(f),
                    enum_values=f.enum_values,
                    max_length=f.max_length,
                    encrypted=f.encrypted,
                )
            )
            self.field_lines[(e.name, f.name)] = f.line
            if f.indexed and not f.primary:
                indexes.append(
                    IndexDef(name=f"idx_{table}_{f.name}", fields=[f.name], unique=f.unique)
                )
        if e.timestamps:
            fields.extend(_timestamps())
        return EntityDef(
            name=e.name,
            plural=table,
            table=table,
            fields=fields,
            indexes=indexes,
            soft_delete=e.soft_delete,
            audit_log=e.audit_log,
            timestamps=e.timestamps,
        )

    def coerce_default(self, f: FieldDecl) -> str | int | float | bool | None:
        if f.default is None:
            return None
        raw = f.default
        if f.type == "enum":
            if raw in f.enum_values:
                return raw
            self.error(
                f.line,
                f"default '{raw[:30]}' is not one of the enum values of '{f.name}'",
                f"use one of: {', '.join(f.enum_values)}",
            )
            return None
        value = _coerce(f.type, raw)
        if value is None:
            self.error(
                f.line,
                f"default '{raw[:30]}' does not fit type {f.type} of '{f.name}'",
                f"give {'an' if f.type[0] in 'aeiou' else 'a'} {f.type} value",
            )
        return value

    # --- relationships -------------------------------------------------------------------

    def add_fk(
        self,
        source: str,
        base: str,
        target: str,
        *,
        required: bool,
        line: int,
        unique: bool = False,
    ) -> str:
        """FK field ``<base>_id`` on source → target, its index, and both relationship ends."""
        draft = self.drafts[source]
        ent = draft.ent
        field_name = f"{base}_id"
        if draft.field(field_name) is None:
            fk = FieldDef(
                name=field_name, type="string", required=required, unique=unique, references=target
            )
            draft.add_field(fk)
            self.field_lines[(source, field_name)] = line
        index_name = f"idx_{ent.table}_{field_name}"
        if index_name not in draft.index_names:
            draft.add_index(IndexDef(name=index_name, fields=[field_name], unique=unique))
        if field_name not in draft.belongs_to:
            draft.add_relationship(
                RelationshipDef(
                    name=base, kind="belongs_to", target=target, field=field_name, required=required
                )
            )
        other = self.drafts[target]
        rel_name = ent.plural if base == snake_case(target) else f"{ent.plural}_by_{base}"
        if (source, field_name) not in other.has_many:
            other.add_relationship(
                RelationshipDef(name=rel_name, kind="has_many", target=source, field=field_name)
            )
        return field_name

    def references(self, e: EntityDecl) -> None:
        """``- project: ref Project`` fields (first, so 'has many' on the other side merges in)."""
        seen: set[str] = set()
        for f in e.fields:
            if f.ref is None:
                continue
            target = self.resolve(f.ref, f.line, f"field '{f.name}' of {e.name}")
            if target is None:
                continue
            base = f.name[:-3] if f.name.endswith("_id") else f.name
            if f"{base}_id" in seen or f"{base}_id" in e.field_names:
                self.error(
                    f.line,
                    f"duplicate field '{base}_id' in {e.name}",
                    "the reference creates this field; remove the other one",
                )
                continue
            seen.add(f"{base}_id")
            required = f.required and not f.optional
            self.add_fk(e.name, base, target, required=required, line=f.line, unique=f.unique)

    def relationships(self, e: EntityDecl) -> None:
        for name, line in e.belongs:
            target = self.resolve(name, line, f"'belongs to' in {e.name}")
            if target is not None:
                self.add_fk(e.name, snake_case(target), target, required=True, line=line)
        for name, line in e.has_many:
            target = self.resolve(name, line, f"'has many' in {e.name}")
            if target is not None:
                self.add_fk(target, snake_case(e.name), e.name, required=False, line=line)
        for name, line in e.many:
            target = self.resolve(name, line, f"'many to many' in {e.name}")
            if target is None:
                continue
            if target == e.name:
                self.error(
                    line,
                    f"'{e.name}' is many-to-many with itself",
                    "use a self-reference field instead: '- parent: ref " + e.name + "'",
                )
                continue
            self.join(e.name, target, line)

    def join(self, a: str, b: str, line: int) -> None:
        first, second = sorted((a, b))
        name = first + second
        if name in self.drafts:
            if not self.drafts[name].ent.join_entity:
                self.error(
                    line,
                    f"the join entity '{name}' clashes with an entity of that name",
                    f"rename the entity '{name}'",
                )
            return
        table = snake_case(pluralize(name))
        id_field = FieldDef(name="id", type="string", primary=True, required=True, managed=True)
        join = EntityDraft(
            EntityDef(
                name=name,
                plural=table,
                table=table,
                fields=[id_field, *_timestamps()],
                join_entity=True,
            )
        )
        self.drafts[name] = join
        fa = self.add_fk(name, snake_case(first), first, required=True, line=line)
        fb = self.add_fk(name, snake_case(second), second, required=True, line=line)
        join.add_index(IndexDef(name=f"uq_{table}_pair", fields=[fa, fb], unique=True))
        for this, other in ((first, second), (second, first)):
            self.drafts[this].add_relationship(
                RelationshipDef(
                    name=snake_case(pluralize(other)),
                    kind="many_to_many",
                    target=other,
                    through=name,
                )
            )


def _coerce(kind: str, raw: str) -> str | int | float | bool | None:
    """``raw`` as a default of type ``kind`` (not enum), or None when it does not fit."""
    if kind == "boolean":
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
    elif kind == "integer":
        if re.match(r"^-?\d+$", raw):
            return int(raw)
    elif kind == "number":
        if re.match(r"^-?\d+(\.\d+)?$", raw):
            return float(raw) if "." in raw else int(raw)
    elif kind == "date":
        try:
            date.fromisoformat(raw)
            return raw
        except ValueError:
            pass
    elif kind == "datetime":
        if raw.lower() == "now":
            return "now"
        try:
            datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return raw
        except ValueError:
            pass
    elif kind in ("string", "json"):
        return raw
    return None


def order_fields(ent: EntityDef) -> None:
    """id first, declared fields in order, then managed tenant key, then timestamps."""
    head = [f for f in ent.fields if f.primary]
    tail = [f for f in ent.fields if f.name in TIMESTAMPS and f.managed]
    middle = [f for f in ent.fields if not f.primary and not (f.name in TIMESTAMPS and f.managed)]
    ent.fields = head + middle + sorted(tail, key=lambda f: TIMESTAMPS.index(f.name))
