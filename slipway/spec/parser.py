"""Spec Markdown → ``SpecTree``: the compiler's first pass. One pass over the lines, never raises.

The parser decides the structure only (which section, block or description each line belongs
to, and which headings are valid); what a bullet says is read later by the builder. See
``slipway.spec.tree`` for the tree and ``docs/spec-language.md`` for the language.
"""

from __future__ import annotations

import re

from slipway.spec.errors import Reporter
from slipway.spec.text import words
from slipway.spec.tree import (
    BLOCK_SECTIONS,
    SECTION_KINDS,
    Block,
    Bullet,
    Section,
    SpecTree,
    TextLine,
    Title,
)

MAX_LINE = 2000
ENTITY_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,63}$")


def parse_spec(text: str) -> SpecTree:
    """Parse spec Markdown into its syntax tree; structural problems are in ``tree.errors``."""
    return _Parser(text).run()


class _Parser(Reporter):
    def __init__(self, text: str) -> None:
        super().__init__([])
        self.lines = text.splitlines()
        self.tree = SpecTree(line_count=len(self.lines), errors=self.errors)
        self.section: Section | None = None
        self.block: Block | None = None
        self.entities: dict[str, Block] = {}
        self.api_blocks: set[str] = set()
        self.in_fence = False
        # After a rejected entity heading its bullets are not reported again, up to any heading.
        self.skip_block = False

    def run(self) -> SpecTree:
        for index, raw in enumerate(self.lines, start=1):
            self.line(index, raw)
        if self.tree.title is None:
            self.error(
                1,
                "the spec has no app title",
                "start the spec with a level-1 heading, e.g. '# Task Manager'",
            )
        return self.tree

    def line(self, index: int, raw: str) -> None:
        line = raw.strip()
        if len(raw) > MAX_LINE:
            self.error(index, f"line is longer than {MAX_LINE} characters", "split it up")
        elif line.startswith("```"):
            self.in_fence = not self.in_fence
        elif self.in_fence or not line or line.startswith("<!--"):
            pass
        elif line.startswith("#"):
            self.heading(index, line)
        elif line[0] in "-*+" and line[1:2] in (" ", "\t"):
            self.bullet(index, raw, line)
        elif self.section is None and self.tree.title is not None and not self.entities:
            self.tree.description.append(TextLine(index, line))
        if line:
            if self.section is not None:
                self.section.end = index
            if self.block is not None:
                self.block.end = index

    # --- headings ------------------------------------------------------------------------

    def heading(self, index: int, line: str) -> None:
        self.skip_block = False
        level = len(line) - len(line.lstrip("#"))
        text = line[level:].strip()
        if level == 1:
            self.title(index, text)
        elif level == 2:
            self.open_section(index, text)
        elif level == 3:
            self.open_block(index, text)
        else:
            self.error(
                index, f"unexpected level-{level} heading", "use '#', '##' or '###' headings only"
            )

    def title(self, index: int, text: str) -> None:
        if self.tree.title is not None:
            self.error(
                index,
                "a second app title",
                "use exactly one '# App name' heading; use '##' for sections",
            )
        elif not text:
            self.error(index, "the app title is empty", "write the app's name after '# '")
        else:
            self.tree.title = Title(index, text)
            self.section = None
            self.block = None

    def open_section(self, index: int, text: str) -> None:
        kind = words(text)
        if kind not in SECTION_KINDS:
            kind = "unknown"
            self.error(
                index,
                f"unknown section '{text}'",
                "sections are: Entities, Auth, Tenancy, API, Workflows, Infrastructure",
            )
        self.block = None
        self.section = Section(kind=kind, heading=text, line=index, end=index)
        self.tree.sections.append(self.section)

    def open_block(self, index: int, name: str) -> None:
        section = self.section
        if section is None or section.kind not in BLOCK_SECTIONS:
            if section is None or section.kind != "unknown":
                self.error(
                    index,
                    f"unexpected heading '{name}'",
                    "'###' headings belong under '## Entities' or '## API'",
                )
            return
        if section.kind == "entities":
            accepted = self.accept_entity(index, name)
        else:
            accepted = self.accept_api(index, name)
        self.block = Block(name=name, line=index, end=index, accepted=accepted)
        section.blocks.append(self.block)
        if accepted and section.kind == "entities":
            self.entities[name] = self.block

    def accept_entity(self, index: int, name: str) -> bool:
        if not ENTITY_NAME.match(name):
            self.skip_block = True
            self.error(
                index,
                f"invalid entity name '{name[:60]}'",
                "entity names are PascalCase letters and digits, e.g. 'Task' or 'OrderItem'",
            )
            return False
        if name in self.entities:
            self.skip_block = True
            first = self.entities[name].line
            self.error(
                index,
                f"duplicate entity '{name}'",
                f"'{name}' is already defined on line {first}; merge the two",
            )
            return False
        return True

    def accept_api(self, index: int, name: str) -> bool:
        if name in self.api_blocks:
            self.error(
                index,
                f"API settings for '{name}' appear twice",
                "keep one '### {name}' block under '## API'",
            )
            return False
        self.api_blocks.add(name)
        return True

    # --- bullets -------------------------------------------------------------------------

    def bullet(self, index: int, raw: str, line: str) -> None:
        section = self.section
        if section is None:
            self.error(
                index,
                "a bullet before any section",
                "add a section heading such as '## Entities' first",
            )
            return
        indent = raw[: len(raw) - len(raw.lstrip())]
        bullet = Bullet(line=index, text=line[2:].strip(), marker=line[0], indent=indent)
        block = self.block
        outside = section.kind == "entities" and (block is None or not block.accepted)
        if outside and not self.skip_block:
            self.error(
                index,
                "a bullet outside of an entity",
                "put field bullets under an '### Entity' heading",
            )
        (block.bullets if block is not None else section.bullets).append(bullet)
