"""What the spec declares, read from the tree's bullets, before names are resolved.

The builder's first step (``read_tree``) fills these from a ``SpecTree``; its second step turns
them into the Blueprint IR. Every declaration keeps the line it came from, for errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from slipway.ir import EventDef, QueueDef, ScheduledJob

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass
class FieldDecl:
    name: str
    type: str
    line: int
    required: bool = False
    unique: bool = False
    primary: bool = False
    indexed: bool = False
    encrypted: bool = False
    default: str | None = None
    max_length: int | None = None
    enum_values: list[str] = field(default_factory=list)
    ref: str | None = None
    optional: bool = False


@dataclass
class EntityDecl:
    name: str
    line: int
    fields: list[FieldDecl] = field(default_factory=list)
    field_names: set[str] = field(default_factory=set)
    """Names in ``fields``: the duplicate check is a set lookup, not a scan."""
    belongs: list[tuple[str, int]] = field(default_factory=list)
    has_many: list[tuple[str, int]] = field(default_factory=list)
    many: list[tuple[str, int]] = field(default_factory=list)
    soft_delete: bool = False
    audit_log: bool = False
    timestamps: bool = True
    scope: str | None = None  # "tenant" | "global" | None

    def add_field(self, f: FieldDecl) -> None:
        self.fields.append(f)
        self.field_names.add(f.name)


@dataclass
class ApiDecl:
    entity: str
    line: int
    path: str | None = None
    operations: list[str] | None = None
    public: bool = False
    roles: list[str] = field(default_factory=list)
    page_size: int | None = None


@dataclass
class SpecDecl:
    title: str | None = None
    description: list[str] = field(default_factory=list)
    entities: dict[str, EntityDecl] = field(default_factory=dict)
    strategy: str = "jwt"
    roles: list[str] | None = None
    roles_line: int = 0
    default_role: str | None = None
    tenancy: str = "single"
    tenant_entity: str | None = None
    tenancy_line: int = 0
    api: dict[str, ApiDecl] = field(default_factory=dict)
    health: bool = False
    jobs: list[ScheduledJob] = field(default_factory=list)
    queues: list[QueueDef] = field(default_factory=list)
    events: list[tuple[EventDef, int]] = field(default_factory=list)
    infra: dict[str, Any] = field(default_factory=dict)
    buckets: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
