"""The spec language: Markdown → Blueprint IR (``compile_spec``) and back (``render_spec``).

``parse_spec`` gives the syntax tree the compiler works from (sections, entity and API blocks,
bullets, each with its lines), for tools that edit spec text in place; see ``slipway.spec.tree``.
"""

from slipway.spec.compiler import CompileResult, SpecError, compile_spec
from slipway.spec.parser import parse_spec
from slipway.spec.render import render_spec
from slipway.spec.text import pascal_case, pluralize, singularize, slugify, snake_case
from slipway.spec.tree import Block, Bullet, LineSpan, Section, SpecTree, TextLine, Title

__all__ = [
    "Block",
    "Bullet",
    "CompileResult",
    "LineSpan",
    "Section",
    "SpecError",
    "SpecTree",
    "TextLine",
    "Title",
    "compile_spec",
    "parse_spec",
    "pascal_case",
    "pluralize",
    "render_spec",
    "singularize",
    "slugify",
    "snake_case",
]
