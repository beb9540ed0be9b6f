"""An entity block's bullets → ``EntityDecl``: fields with types and modifiers, relationship
phrases (belongs to, has many, many to many) and entity options."""

from __future__ import annotations

import re

from slipway.ir import FIELD_TYPES
from slipway.spec.declarations import FIELD_NAME, EntityDecl, FieldDecl
from slipway.spec.errors import Reporter
from slipway.spec.text import split_top
from slipway.spec.text import words as _words
from slipway.spec.tree import Block

TYPE_ALIASES = {
    "text": "string",
    "str": "string",
    "int": "integer",
    "float": "number",
    "decimal": "number",
    "double": "number",
    "bool": "boolean",
    "timestamp": "datetime",
    "object": "json",
}
OPTIONS = {
    "soft delete": ("soft_delete", True),
    "audit log": ("audit_log", True),
    "audit logging": ("audit_log", True),
    "no timestamps": ("timestamps", False),
}
FLAGS = {
    "required": "required",
    "optional": "optional",
    "unique": "unique",
    "indexed": "indexed",
    "index": "indexed",
    "encrypted": "encrypted",
    "primary": "primary",
    "primary key": "primary",
}
AUTOMATIC = ("id", "created_at", "updated_at")


class EntityReader(Reporter):
    def read(self, block: Block) -> EntityDecl:
        entity = EntityDecl(name=block.name, line=block.line)
        for bullet in block.bullets:
            self.bullet(entity, bullet.line, bullet.text)
        return entity

    def bullet(self, entity: EntityDecl, line_no: int, text: str) -> None:
        words = _words(text)
        for prefix, target in (
            ("belongs to ", entity.belongs),
            ("has many ", entity.has_many),
            ("many to many ", entity.many),
        ):
            if words.startswith(prefix):
                name = text.strip().split()[-1].strip(".")
                target.append((name, line_no))
                return
        if words in OPTIONS:
            attr, value = OPTIONS[words]
            setattr(entity, attr, value)
            return
        if words in ("tenant scoped", "global"):
            entity.scope = "tenant" if words == "tenant scoped" else "global"
            return
        if ":" not in text:
            self.error(
                line_no,
                f"malformed bullet '{text[:60]}'",
                "fields look like '- title: string, required'; "
                "relationships like '- belongs to Project'",
            )
            return
        self.field(entity, line_no, text)

    def field(self, entity: EntityDecl, line_no: int, text: str) -> None:
        name, _, rest = text.partition(":")
        name = name.strip().strip("`")
        if not FIELD_NAME.match(name):
            self.error(
                line_no,
                f"invalid field name '{name[:60]}'",
                "field names are snake_case, e.g. 'due_date'",
            )
            return
        if name in entity.field_names or name in AUTOMATIC:
            self.error(
                line_no,
                f"duplicate field '{name}' in {entity.name}",
                "each field appears once; id, created_at and updated_at are added automatically",
            )
            return
        parts = split_top(rest)
        if not parts:
            self.error(
                line_no, f"field '{name}' has no type", f"write a type, e.g. '- {name}: string'"
            )
            return
        parsed = self.parse_type(line_no, name, parts[0])
        if parsed is None:
            return
        for modifier in parts[1:]:
            self.apply_modifier(line_no, parsed, modifier)
        entity.add_field(parsed)

    def parse_type(self, line_no: int, name: str, text: str) -> FieldDecl | None:
        raw = text.strip()
        lower = raw.lower()
        if lower.startswith("enum"):
            return self.parse_enum(line_no, name, raw)
        if (
            lower.startswith("ref ")
            or lower.startswith("reference ")
            or lower.startswith("references ")
        ):
            target = raw.split(None, 1)[1].strip()
            return FieldDecl(name=name, type="string", line=line_no, ref=target)
        kind = TYPE_ALIASES.get(lower, lower)
        if kind not in FIELD_TYPES or kind == "enum":
            self.error(
                line_no,
                f"unknown type '{raw[:40]}' for field '{name}'",
                "use one of string, number, integer, boolean, datetime, date, enum(...), json, "
                "ref <Entity>",
            )
            return None
        return FieldDecl(name=name, type=kind, line=line_no)

    def parse_enum(self, line_no: int, name: str, raw: str) -> FieldDecl | None:
        match = re.match(r"^enum\s*\((.*)\)$", raw, re.IGNORECASE)
        if match is None:
            self.error(
                line_no, f"malformed enum for field '{name}'", "write enum(low, medium, high)"
            )
            return None
        values = [v.strip().strip("'\"") for v in match.group(1).split(",") if v.strip()]
        if not values:
            self.error(
                line_no,
                f"enum without values for field '{name}'",
                "list the values: enum(low, medium, high)",
            )
            return None
        bad = [v for v in values if not re.match(r"^[A-Za-z0-9_.\- ]{1,64}$", v)]
        if bad:
            self.error(
                line_no,
                f"invalid enum value '{bad[0][:40]}'",
                "enum values are words, digits, '_', '-' or '.'",
            )
            return None
        if len(set(values)) != len(values):
            self.error(line_no, f"enum for field '{name}' repeats a value", "list each value once")
            return None
        return FieldDecl(name=name, type="enum", line=line_no, enum_values=values)

    def apply_modifier(self, line_no: int, f: FieldDecl, text: str) -> None:
        words = _words(text)
        if words in FLAGS:
            setattr(f, FLAGS[words], True)
        elif words.startswith("default"):
            self.apply_default(line_no, f, text)
        elif re.match(r"^max( length)? \d+$", words):
            f.max_length = int(words.split()[-1])
            if f.type != "string" or f.ref:
                self.error(
                    line_no,
                    f"'max' applies to string fields, not '{f.name}'",
                    "remove it or make the field a string",
                )
        else:
            self.error(
                line_no,
                f"unknown modifier '{text[:40]}' on field '{f.name}'",
                "modifiers: required, optional, unique, default <value>, max <n>, encrypted, "
                "indexed, primary",
            )

    def apply_default(self, line_no: int, f: FieldDecl, text: str) -> None:
        value = text.strip()[len("default") :].strip()
        if value.startswith(("=", ":")):
            value = value[1:].strip()
        if not value:
            self.error(
                line_no,
                f"'default' without a value on field '{f.name}'",
                "write e.g. 'default low'",
            )
            return
        f.default = (
            value.strip("'\"")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
            else value
        )
