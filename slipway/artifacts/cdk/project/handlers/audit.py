"""Audit records of entities with ``audit_log``: who changed which record, when, and which
fields (names only: values, encrypted ones included, stay out of the log). The store writes the
record in the same transaction as the change, so a change is never unaudited."""

from __future__ import annotations

import uuid
from typing import Any

from common import now


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before, after = before or {}, after or {}
    names = (set(before) | set(after)) - {"updated_at"}
    return sorted(n for n in names if before.get(n) != after.get(n) and not n.startswith("_"))


def record(
    action: str,
    entity: str,
    record_id: str,
    actor: str,
    tenant: str | None,
    fields: list[str],
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "entity": entity,
        "record_id": str(record_id),
        "action": action,
        "actor": actor,
        "at": now(),
        "fields": fields,
    }
    if tenant:
        entry["tenant"] = tenant
    return entry
