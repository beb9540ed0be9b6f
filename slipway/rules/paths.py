"""Rule paths (``entities.Order.fields.total``, ``api.resources.Order``, ``workflows.queues.q``)
and the ``Locator`` that finds the IR node a path names through dicts, not list scans.

A locator indexes its blueprint lazily, once. It stays valid while fixes change attributes and
append fields or indexes (``add_index`` keeps it current); it must be rebuilt when entities,
resources or queues are added, removed or renamed, which no fix does to a path it looks up in
the same round (paths come from the previous evaluation).
"""

from __future__ import annotations

from bisect import insort

from slipway.ir import ApiResource, Blueprint, EntityDef, FieldDef, IndexDef, QueueDef

ENTITIES = "entities."
RESOURCES = "api.resources."
QUEUES = "workflows.queues."


def entity_path(e: EntityDef) -> str:
    return f"{ENTITIES}{e.name}"


def field_path(e: EntityDef, f: FieldDef) -> str:
    return f"{ENTITIES}{e.name}.fields.{f.name}"


def resource_path(r: ApiResource) -> str:
    return f"{RESOURCES}{r.entity}"


def queue_path(q: QueueDef) -> str:
    return f"{QUEUES}{q.name}"


def first_by_name(entities: list[EntityDef]) -> dict[str, EntityDef]:
    """Entities by name; the first wins, as ``Blueprint.entity`` answers."""
    out: dict[str, EntityDef] = {}
    for e in entities:
        out.setdefault(e.name, e)
    return out


class Locator:
    """The IR nodes of one blueprint by rule path, each lookup O(1) after one linear index."""

    def __init__(self, bp: Blueprint) -> None:
        self.bp = bp
        self._entities: dict[str, EntityDef] | None = None
        self._fields: dict[str, dict[str, FieldDef]] = {}
        self._index_heads: dict[str, set[str]] = {}
        self._sorted: set[str] = set()
        self._resources: dict[str, list[ApiResource]] | None = None
        self._queues: dict[str, list[QueueDef]] | None = None

    def entity(self, path: str) -> EntityDef | None:
        parts = path.split(".")
        if len(parts) < 2 or parts[0] != "entities":
            return None
        if self._entities is None:
            self._entities = first_by_name(self.bp.entities)
        return self._entities.get(parts[1])

    def field(self, path: str) -> FieldDef | None:
        e = self.entity(path)
        parts = path.split(".")
        if e is None or len(parts) < 4:
            return None
        fields = self._fields.get(e.name)
        if fields is None:
            fields = self._fields[e.name] = {}
            for f in e.fields:
                fields.setdefault(f.name, f)
        return fields.get(parts[3])

    def resources(self, path: str) -> list[ApiResource]:
        """Every resource the path names (a hand-built IR may repeat an entity)."""
        if self._resources is None:
            self._resources = {}
            for r in self.bp.api.resources:
                self._resources.setdefault(resource_path(r), []).append(r)
        return self._resources.get(path, [])

    def queues(self, path: str) -> list[QueueDef]:
        if self._queues is None:
            self._queues = {}
            for q in self.bp.workflows.queues:
                self._queues.setdefault(queue_path(q), []).append(q)
        return self._queues.get(path, [])

    def add_index(self, e: EntityDef, column: str, name: str) -> None:
        """Index ``column`` of the located entity ``e`` unless an index already leads with it;
        adding one leaves the indexes sorted by name (stable, as a sort after each append)."""
        heads = self._index_heads.get(e.name)
        if heads is None:
            heads = self._index_heads[e.name] = {i.fields[0] for i in e.indexes if i.fields}
        if column in heads:
            return
        heads.add(column)
        index = IndexDef(name=name, fields=[column])
        if e.name in self._sorted:
            insort(e.indexes, index, key=lambda i: i.name)
        else:
            e.indexes.append(index)
            e.indexes.sort(key=lambda i: i.name)
            self._sorted.add(e.name)


def locate(bp: Blueprint, at: Locator | None) -> Locator:
    """The engine's shared locator, or a fresh one for a fix called on its own."""
    return at if at is not None and at.bp is bp else Locator(bp)
