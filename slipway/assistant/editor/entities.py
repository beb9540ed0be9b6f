"""Entity-level edits: add, remove, rename, relationships and entity options."""

from __future__ import annotations

from slipway.assistant.editor.base import (
    Buffer,
    EditError,
    Skip,
    describe_spec,
    field_slot,
    field_text,
    marker,
    targets,
)
from slipway.assistant.operations import (
    AddEntity,
    AddRelationship,
    RemoveEntity,
    RenameEntity,
    SetEntityOption,
)
from slipway.assistant.outline import ENTITY_OPTIONS, Block
from slipway.spec import pluralize, snake_case

Change = tuple[str, str]
OPTION_TEXT = {
    "soft_delete": "soft delete",
    "audit_log": "audit log",
    "tenant_scoped": "tenant scoped",
    "global": "global",
    "no_timestamps": "no timestamps",
}


def add_entity(buf: Buffer, op: AddEntity) -> Change:
    if buf.has_entity(op.name):
        raise Skip(f"{op.name} already exists")
    section = buf.section("entities")
    lines = ["", f"### {op.name}", *(f"- {field_text(f)}" for f in op.fields)]
    buf.insert(section.last_content(buf.lines) + 1, lines)
    listed = ", ".join(describe_spec(f) for f in op.fields) or "no fields yet"
    return op.name, f"new entity with {listed}"


def _tenant(buf: Buffer) -> str | None:
    section = buf.outline.section("tenancy")
    for b in section.bullets if section else []:
        if b.key == "mode" and " by " in f" {b.value.lower()} ":
            return b.value.split()[-1]
    return None


def remove_entity(buf: Buffer, op: RemoveEntity) -> Change:
    block = buf.entity(op.name)
    tenant = _tenant(buf)
    if tenant and targets(tenant, block.name):
        raise EditError(
            f"{block.name} is the tenant entity: make the app single-tenant before removing it."
        )
    doomed: list[tuple[int, int]] = [(block.start, block.end)]
    dropped: list[str] = []
    for other in buf.outline.entities():
        if other is block or other.name == block.name:
            continue
        for bullet in other.bullets:
            line, rel = bullet.field, bullet.relation
            if (line and line.ref and targets(line.ref, block.name)) or (
                rel and targets(rel[1], block.name)
            ):
                doomed.append((bullet.index, bullet.index + 1))
                what = line.name if line and line.ref else " ".join(bullet.body.split()[:-1])
                dropped.append(f"{other.name}.{what}")
    api = buf.outline.section("api")
    api_block = next((b for b in api.blocks if targets(b.name, block.name)), None) if api else None
    if api_block is not None:
        doomed.append((api_block.start, api_block.end))
    for start, end in sorted(doomed, reverse=True):
        buf.delete(start, end)
    also = f" and the references to it ({', '.join(dropped)})" if dropped else ""
    return block.name, f"entity removed{also}"


def rename_entity(buf: Buffer, op: RenameEntity) -> Change:
    block = buf.entity(op.name)
    if buf.has_entity(op.new_name):
        raise EditError(f"There is already an entity called {op.new_name}.")
    old, new = block.name, op.new_name
    buf.replace(block.start, buf.lines[block.start].replace(old, new, 1))
    moved: list[str] = []
    for other in buf.outline.entities():
        taken = {ln.name for _, ln in other.fields()}
        for bullet in other.bullets:
            line, rel = bullet.field, bullet.relation
            if line is not None and line.ref is not None and targets(line.ref, old):
                line.parts[0] = f"ref {new}"
                if line.name == snake_case(old) and snake_case(new) not in taken:
                    moved.append(f"{other.name if other.name != old else new}.{line.name}")
                    line.name = snake_case(new)
                buf.set_field(bullet, line)
            elif rel is not None and targets(rel[1], old):
                plural = rel[1].lower() != old.lower()
                head = bullet.body[: len(bullet.body) - len(rel[1])].rstrip(". ")
                buf.replace(
                    bullet.index, f"{bullet.marker}{head} {pluralize(new) if plural else new}"
                )
    _rename_elsewhere(buf, old, new)
    also = f"; reference fields renamed too ({', '.join(moved)})" if moved else ""
    return new, f"renamed from {old}{also}"


def _rename_elsewhere(buf: Buffer, old: str, new: str) -> None:
    api = buf.outline.section("api")
    for b in api.blocks if api else []:
        if targets(b.name, old):
            buf.replace(b.start, buf.lines[b.start].replace(b.name, new, 1))
    tenancy = buf.outline.section("tenancy")
    for bullet in tenancy.bullets if tenancy else []:
        if bullet.key == "mode" and targets(bullet.value.split()[-1], old):
            head = bullet.body.rsplit(None, 1)[0]
            buf.replace(bullet.index, f"{bullet.marker}{head} {new}")


def _links(block: Block, target: str) -> list[str]:
    """How ``block`` already points at ``target`` (reference fields and relationship bullets)."""
    found = []
    for bullet in block.bullets:
        line, rel = bullet.field, bullet.relation
        if line is not None and line.ref is not None and targets(line.ref, target):
            found.append("belongs_to")
        elif rel is not None and targets(rel[1], target):
            found.append(rel[0])
    return found


def add_relationship(buf: Buffer, op: AddRelationship) -> Change:
    block, other = buf.entity(op.entity), buf.entity(op.target)
    mine, theirs = _links(block, other.name), _links(other, block.name)
    if op.kind == "belongs_to":
        if "belongs_to" in mine or "has_many" in theirs:
            raise Skip(f"{block.name} already belongs to {other.name}")
        name = op.name or snake_case(other.name)
        if any(ln.name in (name, f"{name}_id") for _, ln in block.fields()):
            raise EditError(f"{block.name} already has a {name} field; name the reference.")
        extra = ", required" if op.required else ""
        buf.insert(field_slot(block), [f"{marker(block)}{name}: ref {other.name}{extra}"])
        return block.name, f"belongs to {other.name} ({name}_id{extra})"
    if op.kind == "has_many":
        if "has_many" in mine or "belongs_to" in theirs:
            raise Skip(f"{block.name} already has many {pluralize(other.name)}")
        buf.insert(block.last + 1, [f"{marker(block)}has many {pluralize(other.name)}"])
        return (
            block.name,
            f"has many {pluralize(other.name)} ({snake_case(block.name)}_id on {other.name})",
        )
    if "many_to_many" in mine or "many_to_many" in theirs:
        raise Skip(f"{block.name} and {other.name} are already many-to-many")
    if block.name == other.name:
        raise EditError(f"{block.name} cannot be many-to-many with itself; use a reference field.")
    buf.insert(block.last + 1, [f"{marker(block)}many to many {pluralize(other.name)}"])
    join = "".join(sorted((block.name, other.name)))
    note = ""
    if "belongs_to" in mine:
        note = (
            f"; its single reference to {other.name} is still there (remove it if it is replaced)"
        )
    return block.name, f"many-to-many with {other.name} (through {join}){note}"


def set_entity_option(buf: Buffer, op: SetEntityOption) -> Change:
    block = buf.entity(op.entity)
    present = [b for b in block.bullets if b.option == op.option]
    text = OPTION_TEXT[op.option]
    if op.enabled == bool(present):
        raise Skip(f"{block.name} {'already has' if op.enabled else 'has no'} {text}")
    if not op.enabled:
        for b in reversed(present):
            buf.delete(b.index)
        return block.name, f"{text} turned off"
    clash = {"tenant_scoped": "global", "global": "tenant_scoped"}.get(op.option)
    for b in reversed(block.bullets):
        if clash and b.option == clash:
            buf.delete(b.index)
    block = buf.entity(op.entity)
    buf.insert(block.last + 1, [f"{marker(block)}{text}"])
    assert text in ENTITY_OPTIONS
    return block.name, f"{text} turned on"
