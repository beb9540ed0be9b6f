"""Spec Markdown → Blueprint IR. Deterministic, linear in the spec size, never raises.

Three passes, each a module:

1. ``parser.parse_spec``: Markdown → ``SpecTree`` (sections, blocks, bullets with line spans;
   see ``tree``), with the structural errors.
2. ``read_sections.read_tree`` (and ``read_entities``): the tree's bullets → declarations
   (fields, relationships, settings), with the errors in what a bullet says.
3. ``builder.build_blueprint``: declarations → ``Blueprint``: names resolved, defaults filled
   (ids, timestamps, FKs, indexes, join entities, tenant keys, CRUD resources), the whole checked.

All errors are collected, then sorted by line (stable, so one line's errors keep their order).
"""

from __future__ import annotations

from dataclasses import dataclass

from slipway.ir import Blueprint
from slipway.spec.builder import build_blueprint
from slipway.spec.errors import SpecError
from slipway.spec.parser import MAX_LINE, parse_spec
from slipway.spec.read_sections import read_tree

__all__ = ["MAX_LINE", "CompileResult", "SpecError", "compile_spec"]


@dataclass
class CompileResult:
    blueprint: Blueprint | None
    errors: list[SpecError]

    @property
    def ok(self) -> bool:
        return self.blueprint is not None and not self.errors


def compile_spec(text: str) -> CompileResult:
    """Compile a spec. Never raises: every problem is a line-numbered ``SpecError``."""
    try:
        if not isinstance(text, str):
            return CompileResult(
                None, [SpecError(1, "the spec must be text", "send Markdown text")]
            )
        tree = parse_spec(text)
        errors = list(tree.errors)
        spec = read_tree(tree, errors)
        blueprint = build_blueprint(spec, errors) if tree.title is not None else None
        errors.sort(key=lambda e: e.line)
        if errors:
            return CompileResult(None, errors)
        return CompileResult(blueprint, [])
    except RecursionError:
        return CompileResult(
            None, [SpecError(1, "the spec is too deeply nested", "simplify the spec")]
        )
