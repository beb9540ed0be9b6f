"""Field-level edits: add, remove, rename, type, required, unique, default, max, enum, index."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.editor.base import (
    MANAGED,
    Buffer,
    EditError,
    FieldRef,
    Skip,
    declared,
    describe_spec,
    field_slot,
    field_text,
    find_field,
    marker,
    render_default,
)
from slipway.assistant.operations import (
    AddField,
    ChangeType,
    RemoveField,
    RenameField,
    SetDefault,
    SetEncrypted,
    SetEnumValues,
    SetIndexed,
    SetMaxLength,
    SetRequired,
    SetUnique,
)
from slipway.assistant.outline import FieldLine

Change = tuple[str, str]


def _exists(buf: Buffer, entity: str, name: str) -> bool:
    try:
        find_field(buf, entity, name)
    except EditError:
        return False
    return True


def add_field(buf: Buffer, op: AddField) -> Change:
    block = buf.entity(op.entity)
    spec = op.field
    if spec.name in MANAGED:
        raise EditError(f"{spec.name} is added by Slipway on every entity; pick another name.")
    if _exists(buf, block.name, spec.name) or (
        spec.type == "ref" and _exists(buf, block.name, f"{spec.name}_id")
    ):
        raise Skip(f"{block.name} already has {spec.name}")
    if spec.type == "ref":
        buf.entity(spec.target or "")  # the target must exist
    buf.insert(field_slot(block), [f"{marker(block)}{field_text(spec)}"])
    return block.name, f"added {describe_spec(spec)}"


def remove_field(buf: Buffer, op: RemoveField) -> Change:
    ref = find_field(buf, op.entity, op.field)
    index = ref.bullet.index
    if ref.kind == "inverse":
        assert ref.owner is not None
        note = f" (the 'has many' on {ref.owner.name} that created it)"
    else:
        note = ""
    buf.delete(index)
    return ref.block.name, f"removed {ref.name}{note}"


def rename_field(buf: Buffer, op: RenameField) -> Change:
    ref = declared(buf, op.entity, op.field)
    assert ref.line is not None
    new = op.new_name
    if ref.line.ref is not None:
        new = new.removesuffix("_id")
    if new == ref.line.name or f"{new}_id" == ref.name:
        raise Skip(f"{ref.block.name}.{ref.name} already has that name")
    if _exists(buf, ref.block.name, new) or new in MANAGED:
        raise EditError(f"{ref.block.name} already has a {new} field.")
    old = ref.name
    ref.line.name = new
    buf.set_field(ref.bullet, ref.line)
    shown = f"{new}_id" if ref.line.ref else new
    return ref.block.name, f"renamed {old} to {shown}"


def _retype(line: FieldLine, op: ChangeType) -> str:
    if op.type == "ref":
        if op.target is None:
            raise EditError("A reference needs the entity it points to.")
        return f"ref {op.target}"
    if op.type == "enum":
        if not op.enum_values:
            raise EditError(f"Which values can {line.name} take?")
        return f"enum({', '.join(op.enum_values)})"
    return op.type


def change_type(buf: Buffer, op: ChangeType) -> Change:
    ref = declared(buf, op.entity, op.field)
    line = ref.line
    assert line is not None
    head = _retype(line, op)
    if head.lower() == line.type_text.lower():
        raise Skip(f"{ref.block.name}.{ref.name} is already {op.type}")
    if line.ref is not None and op.type != "ref":
        line.name = line.name.removesuffix("_id")
    line.parts[0] = head
    dropped = []
    for word in ("default", "max"):
        at = line.modifier(word)
        kept = word == "default" and at is not None and _still_valid(line.parts[at], op.type)
        if at is not None and not kept and (word == "default" or op.type != "string"):
            dropped.append(line.parts.pop(at))
    buf.set_field(ref.bullet, line)
    note = f" (dropped '{', '.join(dropped)}')" if dropped else ""
    return ref.block.name, f"{line.name} is now {head}{note}"


def _still_valid(default: str, kind: str) -> bool:
    """A default the new type still takes ("default 1" of an integer made a number)."""
    value = default.split(None, 1)[1].strip() if " " in default.strip() else ""
    if kind == "number":
        return rx.fullmatch(r"-?\d+(?:\.\d+)?", value) is not None
    return kind == "string" and bool(value)


def _flag(buf: Buffer, ref: FieldRef, word: str, on: bool, off_word: str | None = None) -> bool:
    """Add or drop a one-word modifier (and its opposite); False when nothing changes."""
    line = ref.line
    assert line is not None
    at = line.modifier(word)
    off = line.modifier(off_word) if off_word else None
    if on:
        if at is not None and off is None:
            return False
        if off is not None:
            line.parts.pop(off)
        if line.modifier(word) is None:
            line.parts.append(word)
    else:
        if at is None:
            return False
        line.parts.pop(at)
    buf.set_field(ref.bullet, line)
    return True


def set_required(buf: Buffer, op: SetRequired) -> Change:
    ref = declared(buf, op.entity, op.field)
    word = "required" if op.required else "optional"
    if not _flag(buf, ref, "required", op.required, "optional"):
        raise Skip(f"{ref.block.name}.{ref.name} is already {word}")
    return ref.block.name, f"{ref.name} is now {word}"


def set_unique(buf: Buffer, op: SetUnique) -> Change:
    ref = declared(buf, op.entity, op.field)
    word = "unique" if op.unique else "not unique"
    if not _flag(buf, ref, "unique", op.unique):
        raise Skip(f"{ref.block.name}.{ref.name} is already {word}")
    return ref.block.name, f"{ref.name} is now {word}"


def set_indexed(buf: Buffer, op: SetIndexed) -> Change:
    ref = declared(buf, op.entity, op.field)
    line = ref.line
    assert line is not None
    if line.ref is not None:
        raise Skip(f"{ref.block.name}.{ref.name} is a reference and always indexed")
    word = "index" if line.modifier("index") is not None else "indexed"
    if not _flag(buf, ref, word, op.indexed):
        raise Skip(f"{ref.block.name}.{ref.name} is already {'' if op.indexed else 'not '}indexed")
    return ref.block.name, f"{ref.name} is {'now' if op.indexed else 'no longer'} indexed"


def set_encrypted(buf: Buffer, op: SetEncrypted) -> Change:
    ref = declared(buf, op.entity, op.field)
    assert ref.line is not None
    if ref.line.ref is not None:
        raise EditError(f"{ref.block.name}.{ref.name} is a reference; only values are encrypted.")
    if not _flag(buf, ref, "encrypted", op.encrypted):
        state = "already" if op.encrypted else "not"
        raise Skip(f"{ref.block.name}.{ref.name} is {state} encrypted")
    return ref.block.name, f"{ref.name} is {'now' if op.encrypted else 'no longer'} encrypted"


def _set_valued(buf: Buffer, ref: FieldRef, word: str, value: str | None) -> str | None:
    line = ref.line
    assert line is not None
    at = line.modifier(word)
    old = line.parts[at] if at is not None else None
    if value is None:
        if at is None:
            return None
        line.parts.pop(at)
    elif at is None:
        line.parts.append(f"{word} {value}")
    else:
        line.parts[at] = f"{word} {value}"
    buf.set_field(ref.bullet, line)
    return old or ""


def set_default(buf: Buffer, op: SetDefault) -> Change:
    ref = declared(buf, op.entity, op.field)
    value = None if op.default is None else render_default(op.default)
    assert ref.line is not None
    at = ref.line.modifier("default")
    if at is not None and value is not None and ref.line.parts[at] == f"default {value}":
        raise Skip(f"{ref.block.name}.{ref.name} already defaults to {value}")
    if _set_valued(buf, ref, "default", value) is None:
        raise Skip(f"{ref.block.name}.{ref.name} has no default")
    what = f"defaults to {value}" if value is not None else "has no default any more"
    return ref.block.name, f"{ref.name} {what}"


def set_max_length(buf: Buffer, op: SetMaxLength) -> Change:
    ref = declared(buf, op.entity, op.field)
    value = None if op.max_length is None else str(op.max_length)
    assert ref.line is not None
    if ref.line.ref is not None or ref.line.type_text.lower() not in ("string", "text", "str"):
        raise EditError(f"{ref.block.name}.{ref.name} is not text, so it has no length limit.")
    at = ref.line.modifier("max")
    if at is not None and value is not None and ref.line.parts[at] == f"max {value}":
        raise Skip(f"{ref.block.name}.{ref.name} is already limited to {value} characters")
    if _set_valued(buf, ref, "max", value) is None:
        raise Skip(f"{ref.block.name}.{ref.name} has no length limit")
    what = f"at most {value} characters" if value else "no length limit"
    return ref.block.name, f"{ref.name} takes {what}"


def set_enum_values(buf: Buffer, op: SetEnumValues) -> Change:
    ref = declared(buf, op.entity, op.field)
    line = ref.line
    assert line is not None
    match = rx.match(r"^enum\s*\((.*)\)$", line.type_text.strip(), re.IGNORECASE)
    if match is None:
        raise EditError(f"{ref.block.name}.{ref.name} is not an enum; change its type first.")
    values = [v.strip() for v in match.group(1).split(",") if v.strip()]
    said = {v.lower() for v in op.values}  # a value is one value however it is cased
    if op.mode == "replace":
        new = list(dict.fromkeys(op.values))
    elif op.mode == "add":
        have = {v.lower() for v in values}
        new = [*values, *dict.fromkeys(v for v in op.values if v.lower() not in have)]
    else:
        new = [v for v in values if v.lower() not in said]
    if new == values:
        raise Skip(f"{ref.block.name}.{ref.name} already has those values")
    if not new:
        raise EditError(f"{ref.block.name}.{ref.name} needs at least one value.")
    line.parts[0] = f"enum({', '.join(new)})"
    buf.set_field(ref.bullet, line)
    return ref.block.name, f"{ref.name} takes {', '.join(new)}"
