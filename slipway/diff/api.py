"""API resources (matched by entity) and the health endpoint: removals and narrowing break
clients, widening is safe, visibility and role changes change who can call what."""

from __future__ import annotations

from slipway.diff.model import Changes, added_removed
from slipway.ir import ApiResource, Blueprint

CATEGORY = "endpoint"


def diff_api(d: Changes, before: Blueprint, after: Blueprint) -> None:
    old_r = {r.entity: r for r in before.api.resources}
    new_r = {r.entity: r for r in after.api.resources}
    for name in sorted(new_r.keys() - old_r.keys()):
        path = f"api.resources.{name}"
        d.add(CATEGORY, "added", path, "safe", "new endpoint", None, new_r[name].base_path)
    for name in sorted(old_r.keys() - new_r.keys()):
        path = f"api.resources.{name}"
        reason = "endpoint removed (API break)"
        d.add(CATEGORY, "removed", path, "blocked", reason, old_r[name].base_path)
    for name in sorted(old_r.keys() & new_r.keys()):
        diff_resource(d, f"api.resources.{name}", old_r[name], new_r[name])
    was, now = before.api.health_endpoint, after.api.health_endpoint
    if was != now:
        reason = "health endpoint " + ("added" if now else "removed")
        d.modified(CATEGORY, "api.healthEndpoint", "safe" if now else "unsafe", reason, was, now)


def diff_resource(d: Changes, path: str, a: ApiResource, b: ApiResource) -> None:
    if a.base_path != b.base_path:
        reason = "base path changed (API break)"
        d.modified(CATEGORY, f"{path}.basePath", "blocked", reason, a.base_path, b.base_path)
    added_ops, removed_ops = added_removed(list(a.operations), list(b.operations))
    if removed_ops:
        reason = f"operations removed (API break): {', '.join(removed_ops)}"
        d.modified(CATEGORY, f"{path}.operations", "blocked", reason, a.operations, b.operations)
    if added_ops:
        reason = f"operations added: {', '.join(added_ops)}"
        d.modified(CATEGORY, f"{path}.operations", "safe", reason, a.operations, b.operations)
    if a.public != b.public:
        reason = "endpoint made " + ("public" if b.public else "authenticated")
        d.modified("auth", f"{path}.public", "unsafe", reason, a.public, b.public)
    if sorted(a.roles) != sorted(b.roles):
        reason = "roles allowed on the endpoint changed"
        d.modified("auth", f"{path}.roles", "unsafe", reason, a.roles, b.roles)
    if a.pagination_limit != b.pagination_limit:
        before, after = a.pagination_limit, b.pagination_limit
        d.modified(CATEGORY, f"{path}.paginationLimit", "safe", "page size changed", before, after)
