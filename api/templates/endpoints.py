"""Starter templates (public): each is a spec that compiles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.deps import public_ip_limit
from api.errors import not_found
from slipway.templates import get_template, list_templates

router = APIRouter(prefix="/templates", tags=["templates"], dependencies=[Depends(public_ip_limit)])


@router.get("")
async def templates() -> dict[str, Any]:
    items = []
    for t in list_templates():
        item = t.to_dict()
        item.pop("spec", None)
        items.append(item)
    return {"data": items}


@router.get("/{template_id}")
async def template(template_id: str) -> dict[str, Any]:
    found = get_template(template_id)
    if found is None:
        raise not_found("Template")
    return {"data": found.to_dict()}
