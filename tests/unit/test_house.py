"""House conventions, checked on the product code (``api/``, ``core/``, ``workflows/``,
``activities/``, ``slipway/``, ``slipway_cli/``, ``worker.py``; migrations are not product code
here): modules under 400 lines, functions under 60, and workflows, activities, queries and
signals referenced by type, never by a string name."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "core", "workflows", "activities", "slipway", "slipway_cli")
MODULE_LINES = 400
FUNCTION_LINES = 60

MODULE_EXCEPTIONS: dict[str, str] = {}
"""Product modules allowed over ``MODULE_LINES`` (path → why). None today."""
FUNCTION_EXCEPTIONS: dict[str, str] = {}
"""Product functions allowed over ``FUNCTION_LINES`` (``path:qualified.name`` → why). None
today."""

FIRST_ARGUMENT = {
    "execute_activity",
    "start_activity",
    "execute_activity_method",
    "start_activity_method",
    "execute_local_activity",
    "start_local_activity",
    "execute_workflow",
    "execute_child_workflow",
    "start_child_workflow",
    "signal_with_start",
    "query",
    "signal",
}
"""Calls whose first positional argument is the activity, workflow, query or signal (Temporal's
``workflow.execute_activity(...)``, ``client.start_workflow(...)``, ``handle.query(...)``...)."""
TARGET_KEYWORDS = {"activity", "workflow", "query", "signal"}


def product_modules() -> list[Path]:
    files = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    return [*files, ROOT / "worker.py"]


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@functools.cache
def parsed() -> tuple[tuple[str, ast.Module, int], ...]:
    """Every product module: its path, its syntax tree, its length in lines."""
    modules = []
    for path in product_modules():
        text = path.read_text(encoding="utf-8")
        modules.append(
            (relative(path), ast.parse(text, filename=str(path)), len(text.splitlines()))
        )
    return tuple(modules)


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """Every function (methods and nested ones included) by qualified name, with its length in
    lines (``def`` to its last line; decorators not counted)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            yield name, (node.end_lineno or node.lineno) - node.lineno + 1
            yield from functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


def is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def named_by_string(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Temporal calls naming their workflow, activity, query or signal by a string: the line and
    the call's name."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "start_workflow":
            # client.start_workflow(workflow, ...); core.temporal's start_workflow(temporal, run, ...)
            position = 0 if isinstance(func, ast.Attribute) else 1
        elif name in FIRST_ARGUMENT:
            position = 0
        else:
            continue
        targets = node.args[position : position + 1]
        targets += [k.value for k in node.keywords if k.arg in TARGET_KEYWORDS]
        if any(is_text(t) for t in targets):
            yield node.lineno, name


def temporal_calls(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "start_workflow" or name in FIRST_ARGUMENT:
                yield name


def test_modules_are_under_400_lines() -> None:
    over = {path: n for path, _, n in parsed() if n > MODULE_LINES}
    unexplained = {p: n for p, n in over.items() if p not in MODULE_EXCEPTIONS}
    assert not unexplained, f"split these modules (lines): {unexplained}"
    stale = set(MODULE_EXCEPTIONS) - set(over)
    assert not stale, f"no longer over {MODULE_LINES} lines: drop the exception for {stale}"


def test_functions_are_under_60_lines() -> None:
    over = {
        f"{path}:{name}": n
        for path, tree, _ in parsed()
        for name, n in functions(tree)
        if n > FUNCTION_LINES
    }
    unexplained = {f: n for f, n in over.items() if f not in FUNCTION_EXCEPTIONS}
    assert not unexplained, f"shorten these functions (lines): {unexplained}"
    stale = set(FUNCTION_EXCEPTIONS) - set(over)
    assert not stale, f"no longer over {FUNCTION_LINES} lines: drop the exception for {stale}"


def test_workflows_activities_queries_and_signals_are_referenced_by_type() -> None:
    found = [
        f"{path}:{line} {name}(...)"
        for path, tree, _ in parsed()
        for line, name in named_by_string(tree)
    ]
    assert not found, f"reference these by type (Workflow.run, activity function): {found}"
    seen = {name for _, tree, _ in parsed() for name in temporal_calls(tree)}
    # the check looks at the calls the product really makes
    assert {"start_workflow", "execute_activity_method", "query", "signal"} <= seen, seen


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ('await workflow.execute_activity("persist", arg)', True),
        ('await client.start_workflow("DeployWorkflow", arg, id="x")', True),
        ('await start_workflow(temporal, "DeployWorkflow", arg)', True),
        ('await handle.query("get_progress")', True),
        ('await handle.signal(f"{kind}_deploy", arg)', True),
        ('await workflow.execute_child_workflow(workflow="Validate")', True),
        ("await workflow.execute_activity_method(Activities.persist, arg)", False),
        ('await start_workflow(temporal, DeployWorkflow.run, arg, workflow_id="x")', False),
        ('await handle.signal(DeployWorkflow.cancel, "reason")', False),
        ('@workflow.query(name="get_progress")\ndef progress(self): ...', False),
    ],
)
def test_the_string_reference_check_tells_them_apart(source: str, flagged: bool) -> None:
    assert bool(list(named_by_string(ast.parse(source)))) is flagged


def test_the_length_checks_measure_what_they_say() -> None:
    tree = ast.parse(
        "class A:\n    def m(self):\n" + "        x = 1\n" * 70 + "def f():\n    return 1\n"
    )
    assert dict(functions(tree)) == {"A.m": 71, "f": 2}
