"""The builder's working state: entities being built, each with the lookups that make every
"is it already there?" check a dict or set lookup (compiling stays linear in the spec size)."""

from __future__ import annotations

from slipway.ir import EntityDef, FieldDef, IndexDef, RelationshipDef
from slipway.spec.declarations import SpecDecl
from slipway.spec.errors import Reporter, SpecError
from slipway.spec.text import pluralize, singularize


class EntityDraft:
    """An ``EntityDef`` under construction. Add fields, indexes and relationships through it so
    that its lookups stay current."""

    __slots__ = ("belongs_to", "ent", "fields", "has_many", "index_names")

    def __init__(self, ent: EntityDef) -> None:
        self.ent = ent
        self.fields: dict[str, FieldDef] = {}
        self.index_names: set[str] = set()
        self.belongs_to: set[str | None] = set()
        self.has_many: set[tuple[str, str | None]] = set()
        for f in ent.fields:
            self.fields.setdefault(f.name, f)
        self.index_names.update(i.name for i in ent.indexes)
        for r in ent.relationships:
            self.note(r)

    def field(self, name: str) -> FieldDef | None:
        """The first field called ``name`` (as ``EntityDef.field``)."""
        return self.fields.get(name)

    def add_field(self, f: FieldDef) -> None:
        self.ent.fields.append(f)
        self.fields.setdefault(f.name, f)

    def add_index(self, index: IndexDef) -> None:
        self.ent.indexes.append(index)
        self.index_names.add(index.name)

    def add_relationship(self, rel: RelationshipDef) -> None:
        self.ent.relationships.append(rel)
        self.note(rel)

    def note(self, rel: RelationshipDef) -> None:
        if rel.kind == "belongs_to":
            self.belongs_to.add(rel.field)
        elif rel.kind == "has_many":
            self.has_many.add((rel.target, rel.field))


class BuildContext(Reporter):
    """The declarations, the entity drafts by name, and name resolution."""

    def __init__(self, spec: SpecDecl, errors: list[SpecError]) -> None:
        super().__init__(errors)
        self.spec = spec
        self.by_lower: dict[str, str] = {}
        for name in spec.entities:
            self.by_lower[name.lower()] = name
            self.by_lower[pluralize(name).lower()] = name
        self.drafts: dict[str, EntityDraft] = {}
        self.field_lines: dict[tuple[str, str], int] = {}
        self._known: str | None = None

    def resolve(self, name: str, line: int, context: str) -> str | None:
        """The declared entity ``name`` means (any case, singular or plural), else an error."""
        found = self.by_lower.get(name.lower()) or self.by_lower.get(singularize(name).lower())
        if found is None:
            if self._known is None:  # once, not per error: a spec can have thousands of these
                self._known = ", ".join(sorted(self.spec.entities)[:8]) or "none yet"
            self.error(
                line,
                f"{context} refers to a missing entity '{name[:40]}'",
                f"define '### {name[:40]}' under '## Entities' (known: {self._known})",
            )
        return found
