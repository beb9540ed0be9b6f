"""Names and order shared by every stack: stack names, logical IDs, tags, waves."""

from __future__ import annotations

import re
from dataclasses import dataclass

from slipway.ir import Blueprint

STACK_KEYS = ("data", "auth", "compute", "api", "ops")
DEPENDS: dict[str, tuple[str, ...]] = {
    "data": (),
    "auth": (),
    "compute": ("data",),
    "api": ("compute", "auth"),
    "ops": ("compute",),
}


@dataclass(frozen=True)
class StackTemplate:
    key: str
    name: str
    depends_on: tuple[str, ...]
    body: str
    resource_types: tuple[str, ...]


def database_name(bp: Blueprint) -> str:
    """The PostgreSQL database name of a postgres blueprint's RDS instance."""
    return re.sub(r"[^a-z0-9]", "", bp.project.slug)[:60] or "app"


def logical(*parts: str) -> str:
    """A CloudFormation logical ID (alphanumeric, <= 255) from name parts, each capitalised."""
    return "".join(re.sub(r"[^A-Za-z0-9]", "", p[:1].upper() + p[1:]) for p in parts if p)[:255]


def stack_name(project_slug: str, project_id: str, key: str) -> str:
    short = project_id.replace("-", "")[:8]
    slug = re.sub(r"[^a-z0-9-]", "-", project_slug.lower()).strip("-")[:60].strip("-") or "app"
    name = f"slipway-{slug}-{short}-{key}"
    return name[:128]


def stack_tags(project_id: str, deployment_id: str | None, key: str) -> list[dict[str, str]]:
    return [
        {"Key": "slipway:project", "Value": project_id},
        {"Key": "slipway:deployment", "Value": deployment_id or "none"},
        {"Key": "slipway:stack", "Value": key},
    ]


def stack_order(stacks: list[StackTemplate]) -> list[list[str]]:
    """Waves of stack keys; the stacks of one wave can run in parallel."""
    present = {s.key: set(s.depends_on) for s in stacks}
    done: set[str] = set()
    waves: list[list[str]] = []
    while len(done) < len(present):
        wave = sorted(k for k, deps in present.items() if k not in done and deps <= done)
        if not wave:
            raise ValueError("cyclic stack dependencies")
        waves.append(wave)
        done |= set(wave)
    return waves
