"""Project request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from api.drift.schemas import ProjectDrift
from api.schemas import CamelModel, RequestModel
from core.models import Project
from slipway.templates import list_templates


class ProjectOut(CamelModel):
    id: str
    name: str
    description: str
    owner_id: str
    status: str
    template_id: str | None = None
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
    drift: ProjectDrift | None = None
    """The latest finished drift check, in every project answer: in_sync | drifted | unknown
    (never checked) | failed."""
    stacks_gone: list[str] | None = None
    """``GET /projects/{id}`` only, once deployed: the live deployment's stacks that no longer
    exist (e.g. the local AWS lost its state); empty when all are there."""

    @classmethod
    def of(cls, p: Project) -> ProjectOut:
        return cls(
            id=str(p.id),
            name=p.name,
            description=p.description,
            owner_id=str(p.owner_id),
            status=p.status,
            template_id=p.template_id,
            created_at=p.created_at,
            updated_at=p.updated_at,
            archived_at=p.archived_at,
        )


# White space as Python, JavaScript and Rust regexes read it (their union), as ranges.
_BLANK_RANGES = (
    (0x09, 0x0D),
    (0x1C, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
BLANK = "".join(chr(c) for low, high in _BLANK_RANGES for c in range(low, high + 1))
NOT_BLANK = (
    "[^"
    + "".join(f"\\u{lo:04x}" + (f"-\\u{hi:04x}" if hi > lo else "") for lo, hi in _BLANK_RANGES)
    + "]"
)
"""A name holds at least one other character (the pattern the OpenAPI document states)."""
TEMPLATE_IDS = [t.id for t in list_templates()]
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK)]
TemplateId = Annotated[str, Field(max_length=64, json_schema_extra={"enum": TEMPLATE_IDS})]
"""One of GET /templates (the service refuses any other with UNKNOWN_TEMPLATE)."""


def _strip_name(value: str | None) -> str | None:
    return None if value is None else value.strip(BLANK)


class ProjectCreate(RequestModel):
    name: Name
    description: Annotated[str, Field(max_length=2000)] = ""
    template_id: TemplateId | None = None

    _name = field_validator("name")(_strip_name)


class ProjectUpdate(RequestModel):
    name: Name | None = None
    description: Annotated[str | None, Field(max_length=2000)] = None

    _name = field_validator("name")(_strip_name)
