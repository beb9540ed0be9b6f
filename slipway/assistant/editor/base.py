"""The editor's text buffer, its errors, and how it finds entities and fields in the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from slipway.assistant.operations import Default, FieldSpec
from slipway.assistant.outline import (
    SECTION_ORDER,
    SECTION_TITLES,
    Block,
    Bullet,
    FieldLine,
    Outline,
    Section,
)
from slipway.spec import pluralize, singularize, snake_case

MANAGED = ("id", "created_at", "updated_at")


class EditError(Exception):
    """The operations cannot be applied; nothing changes. ``candidates`` for a question."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates


class Skip(Exception):
    """The operation is already true of the spec: nothing to do (said in the reply)."""


class Buffer:
    """Spec lines being edited; the outline is rescanned after every change."""

    def __init__(self, text: str) -> None:
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.lines = text.splitlines()
        self.final_newline = text.endswith(("\n", "\r")) or not text
        self._outline: Outline | None = None

    @property
    def outline(self) -> Outline:
        if self._outline is None:
            self._outline = Outline.scan(self.lines)
        return self._outline

    def text(self) -> str:
        body = self.newline.join(self.lines)
        return body + self.newline if self.final_newline else body

    def replace(self, index: int, line: str) -> None:
        self.lines[index] = line
        self._outline = None

    def insert(self, index: int, lines: list[str]) -> None:
        self.lines[index:index] = lines
        self._outline = None

    def delete(self, start: int, end: int | None = None) -> None:
        del self.lines[start : (start + 1 if end is None else end)]
        self._outline = None

    def set_field(self, bullet: Bullet, line: FieldLine) -> None:
        self.replace(bullet.index, bullet.marker + line.render())

    # --- sections ------------------------------------------------------------------------

    def section(self, key: str) -> Section:
        """The section, created at its canonical place when missing."""
        found = self.outline.section(key)
        if found is not None:
            return found
        rank = SECTION_ORDER.index(key)
        later = [s for s in self.outline.sections if s.key in SECTION_ORDER[rank + 1 :]]
        heading = f"## {SECTION_TITLES[key]}"
        if later:
            self.insert(later[0].start, [heading, ""])
        else:
            while self.lines and not self.lines[-1].strip():
                self.lines.pop()
            self.insert(len(self.lines), ["", heading] if self.lines else [heading])
        section = self.outline.section(key)
        assert section is not None
        return section

    def upsert(self, key: str, bullet_key: str, text: str) -> str | None:
        """Set the ``- <bullet_key>: ...`` bullet of a section; returns the old text if any."""
        section = self.section(key)
        for b in section.bullets:
            if b.key == bullet_key:
                self.replace(b.index, b.marker + text)
                return b.body
        self.add_bullet(section, text)
        return None

    def add_bullet(self, section: Section, text: str) -> None:
        marker = section.bullets[0].marker if section.bullets else "- "
        at = section.bullets[-1].index + 1 if section.bullets else section.start + 1
        if section.blocks and at > section.blocks[0].start:
            at = section.blocks[0].start
        self.insert(at, [marker + text])

    # --- entities and fields -------------------------------------------------------------

    def entity(self, name: str) -> Block:
        blocks = self.outline.entities()
        for b in blocks:
            if b.name == name:
                return b
        for b in blocks:  # a model that writes "tasks" or "task" for Task
            if b.name.lower() in (name.lower(), singularize(name).lower()):
                return b
        names = [b.name for b in blocks]
        raise EditError(f"There is no {name} entity.", close(name, names))

    def has_entity(self, name: str) -> bool:
        return any(b.name.lower() == name.lower() for b in self.outline.entities())


def close(word: str, options: list[str], limit: int = 3) -> tuple[str, ...]:
    """The options nearest to a misspelt name, best first."""
    found = process.extract(word, options, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return tuple(str(hit[0]) for hit in found)


def targets(written: str, entity: str) -> bool:
    """Does a reference as written ("Tasks", "task", "Task") name ``entity``?"""
    low = written.lower()
    return low in (entity.lower(), pluralize(entity).lower()) or (
        singularize(written).lower() == entity.lower()
    )


@dataclass
class FieldRef:
    block: Block
    bullet: Bullet
    kind: Literal["field", "belongs", "inverse"]
    name: str
    """The IR name (``author_id`` for a reference)."""
    line: FieldLine | None = None
    owner: Block | None = None
    """``inverse``: the entity whose ``has many`` bullet creates this key."""
    target: str | None = None


def find_field(buf: Buffer, entity: str, name: str) -> FieldRef:
    block = buf.entity(entity)
    base = name[:-3] if name.endswith("_id") else name
    for bullet, line in block.fields():
        if line.name == name or (line.ref is not None and line.name in (base, f"{base}_id")):
            ir_name = f"{line.name.removesuffix('_id')}_id" if line.ref else line.name
            return FieldRef(block, bullet, "field", ir_name, line, target=line.ref)
    for bullet in block.bullets:
        rel = bullet.relation
        if rel and rel[0] == "belongs_to" and snake_case(singularize(rel[1])) == base:
            return FieldRef(block, bullet, "belongs", f"{base}_id", target=rel[1])
    for other in buf.outline.entities():
        for bullet in other.bullets:
            rel = bullet.relation
            inverse = rel and rel[0] == "has_many" and targets(rel[1], block.name)
            if inverse and snake_case(other.name) == base:
                return FieldRef(block, bullet, "inverse", f"{base}_id", owner=other)
    if name in MANAGED:
        raise EditError(f"{name} is managed by Slipway and cannot be changed.")
    known = [ln.name for _, ln in block.fields()]
    raise EditError(f"{block.name} has no {name} field.", close(name, known))


def declared(buf: Buffer, entity: str, name: str) -> FieldRef:
    """The field as a ``- name: ...`` line, rewriting a relationship bullet into one if needed."""
    ref = find_field(buf, entity, name)
    if ref.kind == "field":
        return ref
    base = ref.name[:-3]
    if ref.kind == "belongs":
        buf.replace(ref.bullet.index, f"{ref.bullet.marker}{base}: ref {ref.target}, required")
    else:
        assert ref.owner is not None
        buf.delete(ref.bullet.index)
        block = buf.entity(ref.block.name)
        buf.insert(field_slot(block), [f"{marker(block)}{base}: ref {ref.owner.name}"])
    return find_field(buf, entity, name)


def marker(block: Block) -> str:
    return block.bullets[0].marker if block.bullets else "- "


def field_slot(block: Block) -> int:
    """Where a new field line goes: after the block's last field line."""
    fields = block.fields()
    return fields[-1][0].index + 1 if fields else block.start + 1


def render_default(value: Default) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def field_text(spec: FieldSpec) -> str:
    if spec.type == "ref":
        head = f"ref {spec.target}"
    elif spec.type == "enum":
        head = f"enum({', '.join(spec.enum_values)})"
    else:
        head = spec.type
    parts = [head]
    parts += ["required"] if spec.required else []
    parts += ["unique"] if spec.unique else []
    parts += [f"default {render_default(spec.default)}"] if spec.default is not None else []
    parts += [f"max {spec.max_length}"] if spec.max_length is not None else []
    parts += ["indexed"] if spec.indexed else []
    parts += ["encrypted"] if spec.encrypted else []
    return f"{spec.name}: {', '.join(parts)}"


def describe_spec(spec: FieldSpec) -> str:
    """``due_date (date, required)`` as the reply shows a field."""
    kind = {"ref": f"reference to {spec.target}", "enum": f"enum {', '.join(spec.enum_values)}"}
    bits = [kind.get(spec.type, spec.type)]
    bits += ["required"] if spec.required else []
    bits += ["unique"] if spec.unique else []
    bits += [f"default {render_default(spec.default)}"] if spec.default is not None else []
    bits += [f"at most {spec.max_length} characters"] if spec.max_length else []
    bits += ["indexed"] if spec.indexed else []
    bits += ["encrypted"] if spec.encrypted else []
    name = f"{spec.name}_id" if spec.type == "ref" else spec.name
    return f"{name} ({', '.join(bits)})"
