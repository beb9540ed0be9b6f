"""The template gallery: starter specs shipped with Slipway (each one compiles)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    name: str
    description: str
    category: str
    spec: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "category": self.category,
            "spec": self.spec,
        }


_CATALOG: tuple[tuple[str, str], ...] = (
    ("task-manager", "productivity"),
    ("crm", "sales"),
    ("blog", "content"),
    ("ecommerce", "commerce"),
    ("saas", "saas"),
    ("booking", "scheduling"),
)


def _load(template_id: str, category: str) -> TemplateInfo:
    text = resources.files("slipway.templates").joinpath("specs", f"{template_id}.md").read_text()
    lines = text.splitlines()
    name = lines[0].lstrip("#").strip()
    description = next(
        (line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")), ""
    )
    return TemplateInfo(template_id, name, description, category, text)


@lru_cache(maxsize=1)
def list_templates() -> list[TemplateInfo]:
    return [_load(tid, category) for tid, category in _CATALOG]


def get_template(template_id: str) -> TemplateInfo | None:
    return next((t for t in list_templates() if t.id == template_id), None)
