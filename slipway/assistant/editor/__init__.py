"""ONE editor for both assistants: a list of operations applied to the spec text.

Lines the operations do not touch stay byte for byte (comments, blank lines, order, bullet
style); touched lines are edited in place and new ones go where they belong (a field after the
entity's last field, an entity after the last entity, a section at its canonical place). The
result must compile, or :class:`EditError` is raised and the caller keeps the old text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slipway.assistant.editor import entities, fields, settings
from slipway.assistant.editor.base import Buffer, EditError, Skip
from slipway.assistant.operations import Op
from slipway.spec import compile_spec

HANDLERS: dict[str, Callable[[Buffer, Any], tuple[str, str]]] = {
    "add_entity": entities.add_entity,
    "remove_entity": entities.remove_entity,
    "rename_entity": entities.rename_entity,
    "add_relationship": entities.add_relationship,
    "set_entity_option": entities.set_entity_option,
    "add_field": fields.add_field,
    "remove_field": fields.remove_field,
    "rename_field": fields.rename_field,
    "change_type": fields.change_type,
    "set_required": fields.set_required,
    "set_unique": fields.set_unique,
    "set_default": fields.set_default,
    "set_max_length": fields.set_max_length,
    "set_enum_values": fields.set_enum_values,
    "set_indexed": fields.set_indexed,
    "set_encrypted": fields.set_encrypted,
    "set_auth": settings.set_auth,
    "set_roles": settings.set_roles,
    "set_default_role": settings.set_default_role,
    "rename_role": settings.rename_role,
    "set_tenancy": settings.set_tenancy,
    "set_api": settings.set_api,
    "set_health": settings.set_health,
    "set_database": settings.set_database,
    "set_region": settings.set_region,
    "add_bucket": settings.add_bucket,
    "remove_bucket": settings.remove_bucket,
    "set_infra_flag": settings.set_infra_flag,
    "set_log_retention": settings.set_log_retention,
    "add_schedule": settings.add_schedule,
    "add_queue": settings.add_queue,
    "add_event": settings.add_event,
    "remove_workflow": settings.remove_workflow,
    "set_app": settings.set_app,
}


@dataclass
class EditResult:
    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    """``(scope, what changed)``: scope is an entity name or Auth, API, Infrastructure, ..."""
    skipped: list[str] = field(default_factory=list)
    """Operations that were already true of the spec, in words."""

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def apply_operations(text: str, operations: Sequence[Op]) -> EditResult:
    """Apply every operation or none: raises :class:`EditError` (text untouched) on failure."""
    buf = Buffer(text)
    result = EditResult(text)
    for op in operations:
        try:
            result.changes.append(HANDLERS[op.op](buf, op))
        except Skip as skip:
            result.skipped.append(str(skip))
    if not result.changes:
        return result
    new_text = buf.text()
    compiled = compile_spec(new_text)
    if not compiled.ok:
        first = compiled.errors[0]
        raise EditError(f"That change would not compile (line {first.line}: {first.message}).")
    result.text = new_text
    return result


__all__ = ["EditError", "EditResult", "apply_operations"]
