"""Fields of one entity: added, removed, and every attribute change of a kept field."""

from __future__ import annotations

from typing import Any

from slipway.diff.model import ChangeClass, Changes
from slipway.ir import FieldDef

CATEGORY = "field"


def field_json(f: FieldDef) -> dict[str, Any]:
    return f.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def removed_field(f: FieldDef) -> tuple[ChangeClass, str]:
    if f.primary:
        return "blocked", "primary key removed"
    if f.required:
        return "blocked", "required field removed (clients send and read it)"
    return "unsafe", "optional field removed (its data is lost)"


def added_field(f: FieldDef) -> tuple[ChangeClass, str]:
    if f.primary:
        return "blocked", "primary key changed"
    if not f.required or f.managed:
        return "safe", "new nullable field"
    if f.default is not None:
        return "safe", "new required field with a default"
    return "unsafe", "new required field without a default (existing rows and clients lack it)"


def diff_fields(d: Changes, entity: str, old: list[FieldDef], new: list[FieldDef]) -> None:
    base = f"entities.{entity}.fields"
    old_fields = {f.name: f for f in old}
    new_fields = {f.name: f for f in new}
    for name in sorted(old_fields.keys() - new_fields.keys()):
        f = old_fields[name]
        cls, reason = removed_field(f)
        d.add(CATEGORY, "removed", f"{base}.{name}", cls, reason, field_json(f))
    for name in sorted(new_fields.keys() - old_fields.keys()):
        f = new_fields[name]
        cls, reason = added_field(f)
        d.add(CATEGORY, "added", f"{base}.{name}", cls, reason, None, field_json(f))
    for name in sorted(old_fields.keys() & new_fields.keys()):
        diff_field(d, f"{base}.{name}", old_fields[name], new_fields[name])


def diff_field(d: Changes, path: str, old: FieldDef, new: FieldDef) -> None:
    def changed(cls: ChangeClass, reason: str, before: Any, after: Any) -> None:
        d.modified(CATEGORY, path, cls, reason, before, after)

    if old.primary != new.primary:
        changed("blocked", "primary key changed", old.primary, new.primary)
    if old.type != new.type:
        changed("unsafe", f"type changed from {old.type} to {new.type}", old.type, new.type)
    if not old.required and new.required and not new.managed:
        changed("unsafe", "nullable field made required", False, True)
    if old.required and not new.required:
        changed("safe", "required field made optional", True, False)
    if not old.unique and new.unique and not new.primary:
        changed("unsafe", "unique constraint added (existing duplicates fail)", False, True)
    if old.unique and not new.unique:
        changed("safe", "unique constraint removed", True, False)
    if old.default != new.default:
        changed("safe", "default changed", old.default, new.default)
    if old.type == new.type == "enum":
        _diff_enum(d, path, old, new)
    if old.max_length != new.max_length:
        grows = new.max_length is None or (
            old.max_length is not None and new.max_length > old.max_length
        )
        reason = "maximum length raised" if grows else "maximum length lowered (longer values fail)"
        changed("safe" if grows else "unsafe", reason, old.max_length, new.max_length)
    if old.references != new.references:
        changed("unsafe", "reference target changed", old.references, new.references)
    if old.encrypted != new.encrypted:
        state = "enabled" if new.encrypted else "disabled"
        changed("unsafe", f"encryption {state} (data is rewritten)", old.encrypted, new.encrypted)


def _diff_enum(d: Changes, path: str, old: FieldDef, new: FieldDef) -> None:
    removed = sorted(set(old.enum_values) - set(new.enum_values))
    added = sorted(set(new.enum_values) - set(old.enum_values))
    before, after = old.enum_values, new.enum_values
    if removed:
        reason = f"enum values removed: {', '.join(removed)}"
        d.modified(CATEGORY, path, "unsafe", reason, before, after)
    if added:
        d.modified(CATEGORY, path, "safe", f"enum values added: {', '.join(added)}", before, after)
