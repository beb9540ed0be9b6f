"""The audit row of a change to an audit-logged entity (``AUDIT_TABLE``): who changed what, when,
the item's id and the ``AUDIT_IDS`` reference ids before and after; never a field's value. The
store writes it in the change's own transaction."""

from __future__ import annotations

import uuid

from slipway.synth.lambdas.common import MANAGED, E, Item, actor, csv, now


def audit_row(event: Item, action: str, before: Item | None, after: Item | None) -> Item:
    """Who changed what, when: field names and reference ids only, never values."""
    item = after or before or {}
    old, new = before or {}, after or {}
    ids = [k for k in ("id", *csv("AUDIT_IDS")) if k not in csv("ENCRYPTED")]
    return {
        "record": f"{E('ENTITY')}#{item['id']}",
        "at": f"{now()}#{uuid.uuid4().hex}",
        "entity": E("ENTITY"),
        "item_id": item["id"],
        "action": action,
        "actor": actor(event),
        "request_id": str(event["requestContext"].get("requestId") or ""),
        "changed": sorted(k for k in {*old, *new} - set(MANAGED) if old.get(k) != new.get(k)),
        "before": {k: old[k] for k in ids if old.get(k) is not None},
        "after": {k: new[k] for k in ids if new.get(k) is not None},
    }
