"""Names and order shared by every stack: stack names, logical IDs, tags, waves."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Mapping
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


STACK_NAME = re.compile(r"^[A-Za-z][-A-Za-z0-9]{0,127}$")
SQS_NAME_MAX = 80
PROJECT_KEY_LEN = 26
_QUEUE_PART_MAX = SQS_NAME_MAX - len(".fifo") - PROJECT_KEY_LEN - len("-dlq-")


def project_key(project_id: str) -> str:
    """All 128 bits of the project's ID in 26 characters (lowercase base32, no padding); a
    SHA-256 prefix of the same size for an ID that is not a UUID."""
    try:
        raw = uuid.UUID(project_id).bytes
    except ValueError:
        raw = hashlib.sha256(project_id.encode()).digest()[:16]
    return base64.b32encode(raw).decode().rstrip("=").lower()


def stack_name(project_slug: str, project_id: str, key: str) -> str:
    """``slipway-<project key>-<stack key>``: unique per project (all 128 bits of its ID).

    The names are short on purpose: resources CloudFormation names after their stack must fit
    their own limits, e.g. the data stack's generated RDS identifier
    ``<stack>-Database-<12 characters>`` (63 at most; moto does not shorten it) leaves a data
    stack 41 characters. The project's slug is therefore not part of the name (the stacks carry
    the project in their ``slipway:project`` tag and its name in their description);
    ``project_slug`` is accepted for the callers that pass it."""
    del project_slug
    return f"slipway-{project_key(project_id)}-{key}"


def stack_names(
    project_slug: str, project_id: str, recorded: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The name of every stack key: a recorded name (the one a stack was deployed under, from
    the project's deployments) wins over a fresh one, so stacks keep their names for life."""
    names = {k: stack_name(project_slug, project_id, k) for k in STACK_KEYS}
    for key, name in (recorded or {}).items():
        if key in names:
            if not STACK_NAME.match(name):
                raise ValueError(f"invalid recorded stack name for {key!r}")
            names[key] = name
    return names


def queue_name(
    project_id: str, queue: str, *, dead_letter: bool = False, fifo: bool = False
) -> str:
    """An SQS queue name unique per project: ``<project key>-q-<queue>`` (the dead-letter
    queue ``-dlq-``), ``.fifo`` for FIFO queues, within SQS's 80 characters. A queue name that
    has to be shortened or cleaned (SQS allows ``[A-Za-z0-9_-]``) ends in a hash of itself, so
    two queues of one project never share a name."""
    part = re.sub(r"[^A-Za-z0-9_-]", "-", queue)
    if part != queue or len(part) > _QUEUE_PART_MAX:
        digest = hashlib.sha256(queue.encode()).hexdigest()[:8]
        part = f"{part[: _QUEUE_PART_MAX - 9]}-{digest}"
    kind = "dlq" if dead_letter else "q"
    return f"{project_key(project_id)}-{kind}-{part}" + (".fifo" if fifo else "")


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
