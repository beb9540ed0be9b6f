"""Sources of the inline Lambda functions of Slipway's own templates, read from the real
modules in ``slipway.synth.lambdas`` (the CDK artifact ships its own, fuller handlers).

The compute stack holds each source once, in its ``Handlers`` mapping, and every function reads
it with ``Fn::FindInMap``: a template carries one copy of the CRUD code however many entities
use it, which keeps it far below CloudFormation's 51,200-byte ``TemplateBody`` limit. A
PostgreSQL blueprint's CRUD functions run ``CRUD`` + ``POSTGRES`` + its schema line, joined.

The sources are the modules without their docstrings, comments and type-checking imports (the
same code, compacted by ``ast``): what CloudFormation writes to ``index.py``.
"""

from __future__ import annotations

import ast
from importlib import resources

_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _type_checking_only(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"


class _Unannotated(ast.NodeTransformer):
    """Type annotations removed: the handlers read none at run time (no dataclasses)."""

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.annotation = None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.returns = None
        self.generic_visit(node)
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.stmt | None:
        if node.value is None:
            return None
        return ast.copy_location(ast.Assign(targets=[node.target], value=node.value), node)


def compact(text: str) -> str:
    """``text`` without docstrings (and other bare strings), comments, type annotations and
    ``if TYPE_CHECKING:`` blocks, indented by one space per level (the same statements:
    ``ast`` parses and writes it back)."""
    tree = ast.fix_missing_locations(_Unannotated().visit(ast.parse(text)))
    for node in ast.walk(tree):
        if isinstance(node, _DOCUMENTED):
            body = [n for n in node.body if not (_type_checking_only(n) or _is_docstring(n))]
            node.body = body or [ast.Pass()]
    # ast.unparse writes each statement, string literals included, on one line: leading
    # spaces are indentation (four per level) and nothing else
    return "".join(_reindent(line) + "\n" for line in ast.unparse(tree).splitlines())


def _reindent(line: str) -> str:
    body = line.lstrip(" ")
    return " " * ((len(line) - len(body)) // 4) + body


def _source(name: str) -> str:
    text = resources.files("slipway.synth.lambdas").joinpath(f"{name}.py").read_text("utf-8")
    return compact(text)


CRUD = _source("crud")
POSTGRES = "\n" + _source("postgres")
HEALTH = _source("health")
JOB = _source("job")
