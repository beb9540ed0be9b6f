"""The spec language: Markdown → Blueprint IR (``compile_spec``) and back (``render_spec``)."""

from slipway.spec.compiler import CompileResult, SpecError, compile_spec
from slipway.spec.render import render_spec
from slipway.spec.text import pascal_case, pluralize, singularize, slugify, snake_case

__all__ = [
    "CompileResult",
    "SpecError",
    "compile_spec",
    "pascal_case",
    "pluralize",
    "render_spec",
    "singularize",
    "slugify",
    "snake_case",
]
