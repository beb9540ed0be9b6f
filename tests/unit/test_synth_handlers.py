"""The inline CRUD function is assembled at synthesis from cohesive real modules (issue: one
484-line ``crud.py``): each piece stays small and is linted and type-checked as a module; the
assembled ``index.py`` is one self-contained module with each import once."""

from __future__ import annotations

import ast
from importlib import resources

import pytest

from slipway.synth import handlers
from slipway.synth.handlers import CRUD, CRUD_PIECES, HEALTH, JOB, POSTGRES

MODULE_MAX_LINES = 400


def pieces() -> list[str]:
    root = resources.files("slipway.synth.lambdas")
    return sorted(p.name for p in root.iterdir() if p.name.endswith(".py"))


@pytest.mark.parametrize("name", pieces())
def test_every_piece_is_a_small_module(name: str) -> None:
    text = resources.files("slipway.synth.lambdas").joinpath(name).read_text("utf-8")
    assert len(text.splitlines()) <= MODULE_MAX_LINES, name


def test_crud_is_split_into_cohesive_pieces() -> None:
    assert CRUD_PIECES == ("common", "validation", "protect", "audit", "dynamo", "crud")


@pytest.mark.parametrize("source", [CRUD, CRUD + POSTGRES, HEALTH, JOB])
def test_assembled_code_is_one_self_contained_module(source: str) -> None:
    tree = ast.parse(source)
    imports = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert len(imports) == len(set(imports)), "an import is written twice"
    assert not [i for i in imports if "slipway" in i or "__future__" in i]
    namespace: dict[str, object] = {}
    exec(compile(source, "index.py", "exec"), namespace)  # the code CloudFormation writes
    assert callable(namespace["handler"])


def test_every_name_the_pieces_import_from_each_other_is_defined_once_assembled() -> None:
    namespace: dict[str, object] = {}
    exec(compile(CRUD + POSTGRES, "index.py", "exec"), namespace)
    for name in (*CRUD_PIECES, "postgres"):
        text = resources.files("slipway.synth.lambdas").joinpath(f"{name}.py").read_text()
        for node in ast.parse(text).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                handlers.PACKAGE
            ):
                missing = [a.name for a in node.names if a.name not in namespace]
                assert not missing, (name, missing)
    stores = namespace["STORES"]
    assert isinstance(stores, dict) and set(stores) == {"dynamodb", "postgres"}
