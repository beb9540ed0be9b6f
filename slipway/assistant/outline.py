"""A light line scanner of spec text: where each section, ``###`` block and bullet is.

The editor edits the user's own lines in place, so it needs positions, not the compiled IR. This
reads the same structure as the compiler (headings, bullets, fenced blocks skipped) and keeps
every line index; it never rejects anything (the compiler judges the result). Keywords are read
with the compiler's own helpers (``words``, ``split_top``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.spec.text import split_top, words

SECTION_ORDER = ("entities", "auth", "tenancy", "api", "workflows", "infrastructure")
SECTION_TITLES = {
    "entities": "Entities",
    "auth": "Auth",
    "tenancy": "Tenancy",
    "api": "API",
    "workflows": "Workflows",
    "infrastructure": "Infrastructure",
}
ENTITY_OPTIONS = {
    "soft delete": "soft_delete",
    "audit log": "audit_log",
    "audit logging": "audit_log",
    "no timestamps": "no_timestamps",
    "tenant scoped": "tenant_scoped",
    "global": "global",
}
RELATION_PREFIXES = (
    ("belongs to ", "belongs_to"),
    ("has many ", "has_many"),
    ("many to many ", "many_to_many"),
)
_FIELD = rx.compile(r"^`?([a-z][a-z0-9_]{0,63})`?\s*:(.*)$")


@dataclass
class Bullet:
    index: int
    marker: str
    """Everything before the bullet's text, e.g. ``"- "`` or ``"  * "``."""
    body: str

    @property
    def field(self) -> FieldLine | None:
        return FieldLine.parse(self.body)

    @property
    def relation(self) -> tuple[str, str] | None:
        """``(kind, target as written)`` for relationship bullets."""
        low = words(self.body)
        for prefix, kind in RELATION_PREFIXES:
            if low.startswith(prefix):
                return kind, self.body.strip().split()[-1].strip(".")
        return None

    @property
    def option(self) -> str | None:
        return ENTITY_OPTIONS.get(words(self.body))

    @property
    def key(self) -> str:
        """``words`` of the text before ':' (``- log retention: 30`` → ``log retention``)."""
        return words(self.body.partition(":")[0])

    @property
    def value(self) -> str:
        return self.body.partition(":")[2].strip()


@dataclass
class FieldLine:
    name: str
    parts: list[str]
    """The type first, then the modifiers, each as written."""

    @classmethod
    def parse(cls, body: str) -> FieldLine | None:
        match = _FIELD.match(body.strip())
        if match is None:
            return None
        return cls(match.group(1), split_top(match.group(2)))

    @property
    def type_text(self) -> str:
        return self.parts[0] if self.parts else ""

    @property
    def ref(self) -> str | None:
        head = self.type_text.split(None, 1)
        if len(head) == 2 and head[0].lower() in ("ref", "reference", "references"):
            return head[1].strip()
        return None

    def modifier(self, name: str) -> int | None:
        """Index in ``parts`` of the modifier whose first word is ``name``."""
        for i, part in enumerate(self.parts[1:], start=1):
            first = words(part).split(" ", 1)[0]
            if first == name or (name == "max" and words(part).startswith("max length")):
                return i
        return None

    def render(self) -> str:
        return f"{self.name}: {', '.join(self.parts)}"


@dataclass
class Block:
    name: str
    start: int
    end: int
    bullets: list[Bullet] = field(default_factory=list)

    @property
    def last(self) -> int:
        """Index of the block's last bullet (or its heading)."""
        return self.bullets[-1].index if self.bullets else self.start

    def fields(self) -> list[tuple[Bullet, FieldLine]]:
        out = []
        for b in self.bullets:
            f = b.field
            if f is not None and b.relation is None and b.option is None:
                out.append((b, f))
        return out


@dataclass
class Section:
    key: str
    start: int
    end: int
    bullets: list[Bullet] = field(default_factory=list)
    """Bullets directly under the section heading (not in a ``###`` block)."""
    blocks: list[Block] = field(default_factory=list)

    def block(self, name: str) -> Block | None:
        return next((b for b in self.blocks if b.name == name), None)

    def last_content(self, lines: list[str]) -> int:
        """Index of the section's last non-blank line."""
        i = self.end - 1
        while i > self.start and not lines[i].strip():
            i -= 1
        return i


@dataclass
class Outline:
    lines: list[str]
    title: int | None = None
    sections: list[Section] = field(default_factory=list)

    @classmethod
    def scan(cls, lines: list[str]) -> Outline:
        out = cls(lines)
        in_fence = False
        section: Section | None = None
        block: Block | None = None
        for i, raw in enumerate(lines):
            line = raw.strip()
            if line.startswith("```"):
                in_fence = not in_fence
                continue
            if in_fence or not line or line.startswith("<!--"):
                continue
            if line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                text = line[level:].strip()
                if level <= 2 and block is not None:
                    block.end = i
                    block = None
                if level == 1:
                    out._close(section, i)
                    section = None
                    out.title = i if out.title is None else out.title
                elif level == 2:
                    out._close(section, i)
                    section = Section(words(text), i, len(lines))
                    out.sections.append(section)
                elif level == 3 and section is not None:
                    if block is not None:
                        block.end = i
                    block = Block(text, i, len(lines))
                    section.blocks.append(block)
                continue
            if line[0] in "-*+" and line[1:2] in (" ", "\t"):
                marker = raw[: len(raw) - len(raw.lstrip())] + line[:2]
                bullet = Bullet(i, marker, line[2:].strip())
                if block is not None:
                    block.bullets.append(bullet)
                elif section is not None:
                    section.bullets.append(bullet)
        return out

    def _close(self, section: Section | None, end: int) -> None:
        if section is not None:
            section.end = end
            if section.blocks:
                section.blocks[-1].end = min(section.blocks[-1].end, end)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def entity(self, name: str) -> Block | None:
        section = self.section("entities")
        return section.block(name) if section else None

    def entities(self) -> list[Block]:
        section = self.section("entities")
        return list(section.blocks) if section else []
