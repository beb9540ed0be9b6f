"""Revision request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field, WithJsonSchema, model_validator

from api.schemas import MAX_NUMBER, CamelModel, OpenModel, PageMeta, RequestModel
from core.models import Revision


class RevisionSummary(CamelModel):
    number: int
    blueprint_id: str
    spec_version: int
    source: str
    change_class: str | None
    created_at: datetime

    @classmethod
    def of(cls, r: Revision) -> RevisionSummary:
        return cls(
            number=r.number,
            blueprint_id=str(r.blueprint_id),
            spec_version=r.spec_version,
            source=r.source,
            change_class=(r.classification or {}).get("overall"),
            created_at=r.created_at,
        )


class RevisionDetail(RevisionSummary):
    ir: dict[str, Any]
    classification: dict[str, Any] | None


class RevisionPage(CamelModel):
    data: list[RevisionSummary]
    meta: PageMeta


ONE_FORM: dict[str, Any] = {
    "oneOf": [
        {"title": "Candidate", "required": ["spec"], "not": {"required": ["to"]}},
        {"title": "Revisions", "not": {"required": ["spec"]}},
    ]
}
"""``{spec}`` (optionally with ``from``) XOR ``{from, to}`` (both optional): what the document
states beside the validator below."""


class ClassifyBody(RequestModel):
    """A candidate ``spec`` against revision ``from`` (default: the latest), or revision ``from``
    against revision ``to`` (defaults: the latest and the one before it); never both forms."""

    model_config = ConfigDict(json_schema_extra=ONE_FORM)
    from_: Annotated[int | None, Field(alias="from", ge=1, le=MAX_NUMBER)] = None
    to: Annotated[int | None, Field(ge=1, le=MAX_NUMBER)] = None
    spec: Annotated[
        str | None, Field(min_length=1), WithJsonSchema({"type": "string", "minLength": 1})
    ] = None

    @model_validator(mode="after")
    def _one_form(self) -> ClassifyBody:
        if "spec" in self.model_fields_set and (self.spec is None or "to" in self.model_fields_set):
            raise ValueError("send either {spec} (optionally with from) or {from, to}, not both")
        return self


class ChangeOut(OpenModel):
    category: str
    action: str
    path: str
    classification: str
    reason: str | None = None
    before: Any = None
    after: Any = None


class Comparison(CamelModel):
    """Two revisions (or the latest one and a candidate spec) and what changes between them."""

    from_: int | None = Field(alias="from")
    to: int | str
    """A revision number, or ``"candidate"``."""
    overall: str
    changes: list[ChangeOut]
    counts: dict[str, int]
    summary: str
