"""``diff_blueprints``: every section differ in turn, over two revisions of a blueprint."""

from __future__ import annotations

from collections.abc import Callable

from slipway.diff.api import diff_api
from slipway.diff.auth import diff_auth, diff_tenancy
from slipway.diff.entities import diff_entities
from slipway.diff.infrastructure import diff_infrastructure
from slipway.diff.model import Change, Changes
from slipway.diff.workflows import diff_workflows
from slipway.ir import Blueprint

Section = Callable[[Changes, Blueprint, Blueprint], None]


def diff_project(d: Changes, before: Blueprint, after: Blueprint) -> None:
    a, b = before.project, after.project
    if a.name != b.name or a.description != b.description:
        d.modified("project", "project", "safe", "name or description changed", a.name, b.name)


SECTIONS: tuple[Section, ...] = (
    diff_project,
    diff_entities,
    diff_api,
    diff_auth,
    diff_tenancy,
    diff_infrastructure,
    diff_workflows,
)


def first_revision(after: Blueprint) -> list[Change]:
    """Against nothing, every entity and endpoint is a safe addition."""
    d = Changes()
    for e in after.entities:
        d.add("entity", "added", f"entities.{e.name}", "safe", "new entity", None, e.name)
    for r in after.api.resources:
        path = f"api.resources.{r.entity}"
        d.add("endpoint", "added", path, "safe", "new endpoint", None, r.base_path)
    return d.sorted()


def diff_blueprints(before: Blueprint | None, after: Blueprint) -> list[Change]:
    """Every change from ``before`` to ``after``, classified, sorted by path, action, reason.
    Each section indexes its lists by name once, so the diff is linear in the blueprint's size
    (plus sorting)."""
    if before is None:
        return first_revision(after)
    d = Changes()
    for section in SECTIONS:
        section(d, before, after)
    return d.sorted()
