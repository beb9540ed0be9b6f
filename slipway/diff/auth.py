"""Authentication (strategy, roles, default role) and tenancy."""

from __future__ import annotations

from slipway.diff.model import Changes, added_removed
from slipway.ir import Blueprint

CATEGORY = "auth"


def diff_auth(d: Changes, before: Blueprint, after: Blueprint) -> None:
    a, b = before.auth, after.auth
    if a.strategy != b.strategy:
        reason = "auth strategy changed (clients must sign in differently)"
        d.modified(CATEGORY, "auth.strategy", "unsafe", reason, a.strategy, b.strategy)
    new_roles, gone = added_removed(a.roles, b.roles)
    if gone:
        reason = f"roles removed: {', '.join(gone)}"
        d.modified(CATEGORY, "auth.roles", "unsafe", reason, a.roles, b.roles)
    if new_roles:
        reason = f"roles added: {', '.join(new_roles)}"
        d.modified(CATEGORY, "auth.roles", "safe", reason, a.roles, b.roles)
    if a.default_role != b.default_role:
        reason = "default role changed"
        d.modified(CATEGORY, "auth.defaultRole", "safe", reason, a.default_role, b.default_role)


def diff_tenancy(d: Changes, before: Blueprint, after: Blueprint) -> None:
    a, b = before.tenancy, after.tenancy
    if (a.mode, a.tenant_entity, a.tenant_key) != (b.mode, b.tenant_entity, b.tenant_key):
        reason = "tenancy changed (every tenant key and row would be rewritten)"
        before_json, after_json = a.model_dump(by_alias=True), b.model_dump(by_alias=True)
        d.modified("tenancy", "tenancy", "blocked", reason, before_json, after_json)
