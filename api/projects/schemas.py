"""Project request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from api.drift.schemas import ProjectDrift
from api.schemas import CamelModel, RequestModel
from core.models import Project


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
    """The latest drift check (``GET /projects/{id}`` only): in_sync | drifted | unknown."""
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


def _strip_name(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ValueError("name must not be blank")
    return value


class ProjectCreate(RequestModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    description: Annotated[str, Field(max_length=2000)] = ""
    template_id: Annotated[str | None, Field(max_length=64)] = None

    _name = field_validator("name")(_strip_name)


class ProjectUpdate(RequestModel):
    name: Annotated[str | None, Field(min_length=1, max_length=100)] = None
    description: Annotated[str | None, Field(max_length=2000)] = None

    _name = field_validator("name")(_strip_name)
