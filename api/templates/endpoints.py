"""Starter templates (public): each is a spec that compiles."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.deps import public_ip_limit
from api.schemas import CamelModel, Data
from core.errors import NotFound
from slipway.templates import get_template, list_templates

router = APIRouter(prefix="/templates", tags=["templates"], dependencies=[Depends(public_ip_limit)])


class TemplateSummary(CamelModel):
    id: str
    name: str
    description: str
    category: str


class TemplateOut(TemplateSummary):
    spec: str
    """The template's spec (Markdown), ready for ``POST /projects {"templateId"}``."""


@router.get("", response_model=Data[list[TemplateSummary]])
async def templates() -> Data[list[TemplateSummary]]:
    return Data(data=[TemplateSummary.model_validate(t.to_dict()) for t in list_templates()])


@router.get("/{template_id}", response_model=Data[TemplateOut])
async def template(template_id: str) -> Data[TemplateOut]:
    found = get_template(template_id)
    if found is None:
        raise NotFound("Template")
    return Data(data=TemplateOut.model_validate(found.to_dict()))
