"""The spec's syntax tree: what ``parse_spec`` returns and the compiler's builder reads.

The tree records where every part of a spec is, by 1-based line number of the text given to
``parse_spec`` (the same numbers ``SpecError.line`` uses), so that a tool editing spec text can
find the lines to replace or the place to insert, and leave everything else (blank lines,
comments, paragraphs, the user's bullet markers and indentation) exactly as written.

    SpecTree
      title        Title (the '# App name' line) or None
      description  [TextLine]  paragraph lines under the title that form the app description
      sections     [Section]   every '## ...' heading, in document order
        bullets    [Bullet]    bullets not inside a block
        blocks     [Block]     every '### Name' under '## Entities' or '## API'
          bullets  [Bullet]

Spans: a section or block starts at its heading line and ends at its last non-blank line, that
is before the heading that closes it (the next '##', or '###' for a block), so trailing blank
lines stay outside. Lines the compiler ignores but that sit inside a node (comments, fenced
code, paragraphs, '####' headings) are inside its span. A bullet spans its one line: the
language has no continuation lines.

The tree is what the compiler understood, not only what was written: a block whose heading the
compiler rejected (an invalid or duplicate entity name, a second '### Task' under '## API') is
kept, with ``accepted=False``, and the problem is in ``SpecTree.errors``. Bullets are kept as
text; what they mean (fields, relationships, settings) is the builder's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slipway.spec.errors import SpecError

SECTION_KINDS = ("entities", "auth", "tenancy", "api", "workflows", "infrastructure")
"""``Section.kind`` of the sections the language knows; any other '##' heading is ``unknown``."""

BLOCK_SECTIONS = ("entities", "api")
"""The sections whose '###' headings open blocks."""


@dataclass(frozen=True, slots=True)
class LineSpan:
    """Lines ``start`` to ``end``, both included, 1-based."""

    start: int
    end: int

    def __contains__(self, line: object) -> bool:
        return isinstance(line, int) and self.start <= line <= self.end


@dataclass(slots=True)
class TextLine:
    line: int
    text: str
    """The line without surrounding whitespace."""


@dataclass(slots=True)
class Title:
    line: int
    text: str
    """The heading text as written (the compiler keeps the first 100 characters)."""


@dataclass(slots=True)
class Bullet:
    """A ``- text`` line (``*`` and ``+`` are markers too)."""

    line: int
    text: str
    """Everything after the marker, without surrounding whitespace."""
    marker: str
    """``-``, ``*`` or ``+``, as written."""
    indent: str
    """The whitespace before the marker, as written."""

    @property
    def span(self) -> LineSpan:
        return LineSpan(self.line, self.line)

    @property
    def key(self) -> str | None:
        """The text before the first ``:`` without spaces and backticks (a field's or a
        setting's name, e.g. ``due_date`` or ``path``), or None for a bullet without ``:``."""
        key, sep, _ = self.text.partition(":")
        return key.strip().strip("`") if sep else None


@dataclass(slots=True)
class Block:
    """A ``### Name`` heading and its bullets: an entity under '## Entities', or an entity's API
    settings under '## API'."""

    name: str
    line: int
    """The heading's line."""
    end: int
    """The block's last non-blank line."""
    accepted: bool = True
    """False when the compiler rejected the heading (invalid or duplicate entity name, or a
    second API block for one entity); it then ignores the bullets of a rejected entity and
    reads those of a rejected API block as section-wide API settings."""
    bullets: list[Bullet] = field(default_factory=list)

    @property
    def span(self) -> LineSpan:
        return LineSpan(self.line, self.end)


@dataclass(slots=True)
class Section:
    """A ``## Heading`` and everything up to the next '##' (or a first '# Title')."""

    kind: str
    """One of ``SECTION_KINDS`` (case, spaces, '-' and '_' do not matter), else ``unknown``."""
    heading: str
    """The heading text as written."""
    line: int
    end: int
    bullets: list[Bullet] = field(default_factory=list)
    """Bullets outside any block: all of them in Auth, Tenancy, Workflows and Infrastructure;
    section-wide settings before the first block in API; in Entities only misplaced bullets
    (reported as errors)."""
    blocks: list[Block] = field(default_factory=list)

    @property
    def span(self) -> LineSpan:
        return LineSpan(self.line, self.end)

    def block(self, name: str) -> Block | None:
        """The accepted block named ``name`` in this section."""
        return next((b for b in self.blocks if b.accepted and b.name == name), None)


@dataclass(slots=True)
class SpecTree:
    title: Title | None = None
    description: list[TextLine] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    line_count: int = 0
    """Number of lines in the text (``str.splitlines``)."""
    errors: list[SpecError] = field(default_factory=list)
    """Problems with the structure (headings, misplaced bullets, over-long lines), by line."""

    def section(self, kind: str) -> Section | None:
        """The first section of this kind (``entities``, ``api``, ...), if any."""
        return next((s for s in self.sections if s.kind == kind), None)

    def entities(self) -> list[Block]:
        """The accepted entity blocks, in document order."""
        return [b for s in self.sections if s.kind == "entities" for b in s.blocks if b.accepted]

    def entity(self, name: str) -> Block | None:
        """The accepted block of entity ``name`` (exact, case-sensitive), if any."""
        return next((b for b in self.entities() if b.name == name), None)
