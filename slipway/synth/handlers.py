"""Sources of the inline Lambda functions of Slipway's own templates, assembled from the real
modules in ``slipway.synth.lambdas`` (the CDK artifact ships its own, fuller handlers).

Inline Lambda code is one file (``index.py``), so the CRUD function is assembled at synthesis
from cohesive pieces, each a real module under ruff and mypy: ``common`` (environment, clients,
answers), ``validation`` (bodies), ``protect`` (field encryption), ``audit`` (audit rows),
``dynamo`` (the DynamoDB store) and ``crud`` (routing, the handler); ``postgres`` (the Data API
store) is a separate source a PostgreSQL blueprint's functions append. The pieces import each
other as modules; once assembled they share one namespace, so those imports (and
``from __future__``) are dropped, and an import two pieces share is written once.

The compute stack holds each source once, in its ``Handlers`` mapping, and every function reads
it with ``Fn::FindInMap``: a template carries one copy of the CRUD code however many entities
use it. A PostgreSQL blueprint's CRUD functions run ``CRUD`` + ``POSTGRES`` + its schema line,
joined.

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


PACKAGE = "slipway.synth.lambdas"
CRUD_PIECES = ("common", "validation", "protect", "audit", "dynamo", "crud")
"""The CRUD function's pieces, in the order they are written (each after what it uses)."""


def _linking(node: ast.stmt) -> bool:
    """An import that only links the pieces (a sibling piece, or ``from __future__``)."""
    return isinstance(node, ast.ImportFrom) and (
        node.module == "__future__" or (node.module or "").startswith(PACKAGE)
    )


def compact(text: str, imported: set[str] | None = None) -> str:
    """``text`` without docstrings (and other bare strings), comments, type annotations,
    ``if TYPE_CHECKING:`` blocks and imports of sibling pieces, indented by one space per
    level (the same statements: ``ast`` parses and writes it back). ``imported``: the import
    statements written already (skipped here; the ones written here are added)."""
    tree = ast.fix_missing_locations(_Unannotated().visit(ast.parse(text)))
    for node in ast.walk(tree):
        if isinstance(node, _DOCUMENTED):
            body = [n for n in node.body if not (_type_checking_only(n) or _is_docstring(n))]
            node.body = body or [ast.Pass()]
    seen = set() if imported is None else imported
    kept: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            line = ast.unparse(node)
            if _linking(node) or line in seen:
                continue
            seen.add(line)
        kept.append(node)
    tree.body = kept
    # ast.unparse writes each statement, string literals included, on one line: leading
    # spaces are indentation (four per level) and nothing else
    return "".join(_reindent(line) + "\n" for line in ast.unparse(tree).splitlines())


def _reindent(line: str) -> str:
    body = line.lstrip(" ")
    return " " * ((len(line) - len(body)) // 4) + body


def _text(name: str) -> str:
    return resources.files(PACKAGE).joinpath(f"{name}.py").read_text("utf-8")


def assemble(*names: str, imported: set[str] | None = None) -> str:
    """The pieces ``names`` as one module (see the module docstring)."""
    seen = set() if imported is None else imported
    return "".join(compact(_text(name), seen) for name in names)


_CRUD_IMPORTS: set[str] = set()
CRUD = assemble(*CRUD_PIECES, imported=_CRUD_IMPORTS)
POSTGRES = "\n" + assemble("postgres", imported=set(_CRUD_IMPORTS))
"""Appended to ``CRUD``: its imports are those ``CRUD`` has not written yet."""
HEALTH = assemble("health")
JOB = assemble("job")
