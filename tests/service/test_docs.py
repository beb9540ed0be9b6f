"""The repository's own documents: what they print works as printed."""

from __future__ import annotations

import re

from slipway.spec import compile_spec
from tests.support import ROOT


def test_the_readme_full_spec_example_compiles_as_printed() -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"### Full example\n\n```markdown\n(.*?)```", readme, re.S)
    assert example is not None
    result = compile_spec(example.group(1))
    assert result.errors == [], result.errors
    assert result.blueprint is not None
    names = {e.name for e in result.blueprint.entities}
    assert {"Project", "Task", "Tag", "Member"} <= names


def test_the_architecture_document_names_files_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    paths = set(re.findall(r"`((?:api|core|workflows|activities|tests)/[\w/.]+\.py)`", text))
    assert paths, "no file paths found"
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []
