"""Validation request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import CamelModel, OpenModel, RequestModel, RunStatus
from core.models import Validation


class ValidateBody(RequestModel):
    auto_fix: bool = True
    accept_risk: list[Literal["medium", "high"]] = Field(default_factory=list, max_length=2)


class ValidationOut(CamelModel):
    id: str
    blueprint_id: str
    number: int
    status: str
    auto_fix: bool
    accept_risk: list[str]
    created_at: datetime

    @classmethod
    def of(cls, row: Validation) -> ValidationOut:
        return cls(
            id=str(row.id),
            blueprint_id=str(row.blueprint_id),
            number=row.number,
            status=row.status,
            auto_fix=row.auto_fix,
            accept_risk=row.accept_risk or [],
            created_at=row.created_at,
        )


class ValidationStarted(CamelModel):
    validation: ValidationOut
    message: str
    status_url: str


class ValidationStatusOut(RunStatus):
    validation_id: str
    number: int
    fixed_blueprint_id: str | None
    report_url: str


class ValidationReport(OpenModel):
    """The report's members follow these (rules, scores, fixes: see ``slipway.rules``)."""

    validation_id: str
    number: int
    fixed_blueprint_id: str | None
    completed_at: datetime | None
