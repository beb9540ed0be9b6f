"""Escaping of user text in generated Markdown (design doc, CDK README).

- ``text``/``inline``: no raw HTML (``&``, ``<``, ``>`` become entities), no emphasis, links,
  images, headings, lists, tables, math or block quotes: Markdown punctuation is
  backslash-escaped, so the text renders as itself. ``inline`` also folds line breaks.
- ``code``: a code span whose backtick fence is longer than any backtick run in the value.
- ``cell``/``cell_code``: the same inside a table row (``|`` escaped as GFM requires).
- ``fence``: a fenced block whose fence is longer than any backtick run in its content.
- ``mermaid_id``/``mermaid_label``: what may stand in a Mermaid diagram (letters, digits, ``_``;
  labels also spaces, ``.`` and ``-``): everything else becomes ``_``, so a name can neither
  close the block nor inject a directive, a click handler or a style.
"""

from __future__ import annotations

import re

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPED = re.compile(r"([\\`*_{}\[\]#|~^$])")
_LIST_MARK = re.compile(r"^([-+=])")
_ORDERED_MARK = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
_HTML = re.compile(r"[&<>]")
_BACKTICKS = re.compile(r"`+")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(value: object) -> str:
    return _LINE_BREAKS.sub(" ", str(value))


def text(value: object) -> str:
    """One line of user text (line breaks must already be gone, see ``inline``). A leading
    list, heading-underline or ordered-list marker is escaped as well, so the text may start a
    line."""
    escaped = _ESCAPED.sub(r"\\\1", str(value).strip(" \t"))
    escaped = _ORDERED_MARK.sub(r"\1\\\2", _LIST_MARK.sub(r"\\\1", escaped))
    return _HTML.sub(lambda m: _ENTITIES[m.group()], escaped)


def inline(value: object) -> str:
    """User text on one line: line breaks become spaces, then ``text``."""
    return text(_one_line(value))


def paragraphs(value: object) -> list[str]:
    """Multi-line user text as escaped lines (blank lines kept as paragraph breaks)."""
    lines = [text(_LINE_BREAKS.sub(" ", line)) for line in str(value).splitlines()]
    return [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]


def code(value: object) -> str:
    """A code span showing ``value`` verbatim (code spans render no HTML and no Markdown)."""
    content = _one_line(value)
    if not content.strip():
        return inline(content) or "—"
    longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
    fence = "`" * (longest + 1)
    if content[0] in "` " or content[-1] in "` ":
        content = f" {content} "
    return f"{fence}{content}{fence}"


def cell(value: object) -> str:
    """Table-cell text (``|`` is among the escaped characters)."""
    return inline(value)


def cell_code(value: object) -> str:
    """A code span inside a table cell: GFM splits cells on ``|`` before code spans, so
    pipes are escaped inside the span too (GFM removes that backslash)."""
    return code(value).replace("|", "\\|")


def fence(info: str, lines: list[str]) -> list[str]:
    """A fenced block around ``lines`` that no line can close."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    marker = "`" * max(3, longest + 1)
    return [f"{marker}{info}", *lines, marker]


def mermaid_id(value: object) -> str:
    ident = re.sub(r"[^A-Za-z0-9_]", "_", str(value))
    return ident if ident[:1].isalpha() else f"n_{ident}"


def mermaid_label(value: object) -> str:
    return re.sub(r"[^A-Za-z0-9_ .\-]", "_", _one_line(value)).strip() or "_"
