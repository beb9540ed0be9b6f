"""The CDK project's Python is static package data, checked as it runs: the handlers as Lambda
imports them (siblings are top-level modules) and the app with its stacks, under mypy --strict.
The repository's own mypy run sees these files one by one; this sees them together."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from slipway.artifacts.cdk import STATIC_FILES, build_cdk_project, static_files
from tests.unit.irs import task_app


def write(root: Path) -> None:
    for name, text in build_cdk_project(task_app(), stack_prefix="slipway-x-12345678").items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def mypy(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--ignore-missing-imports",
            "--no-incremental",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_static_files_are_the_package_modules() -> None:
    root = Path(__file__).resolve().parents[2] / "slipway" / "artifacts" / "cdk" / "project"
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*.py") if "__pycache__" not in p.parts}
    assert on_disk == set(STATIC_FILES)  # nothing left out of the generated project
    assert all(static_files()[name] == (root / name).read_text() for name in STATIC_FILES)


def test_handlers_type_check_as_lambda_loads_them(tmp_path: Path) -> None:
    write(tmp_path)
    handlers = tmp_path / "handlers"
    result = mypy(handlers, *sorted(p.name for p in handlers.glob("*.py")))
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
def test_app_and_stacks_type_check_together(tmp_path: Path) -> None:
    pytest.importorskip("aws_cdk", reason="aws-cdk-lib is a dev dependency")
    write(tmp_path)
    result = mypy(tmp_path, "app.py", "stacks")
    assert result.returncode == 0, result.stdout[-3000:]
