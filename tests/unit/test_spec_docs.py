"""The full spec examples printed in the README and in docs/ compile as printed (a reader pastes
them). The README's example once had its section headings demoted to '###', and pasting it gave
"unexpected heading 'Entities'"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slipway.spec import compile_spec

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```markdown\n(.*?)^```", re.S | re.M)


def full_examples(path: Path) -> list[str]:
    """The ```markdown blocks of ``path`` that are whole specs (they open with '# Title')."""
    return [b for b in FENCE.findall(path.read_text()) if b.startswith("# ")]


DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES = [
    pytest.param(text, id=f"{path.relative_to(ROOT)}#{n}")
    for path in DOCUMENTS
    for n, text in enumerate(full_examples(path), start=1)
]


def test_the_readme_and_the_language_doc_each_print_a_full_example() -> None:
    assert full_examples(ROOT / "README.md")
    assert full_examples(ROOT / "docs" / "spec-language.md")


@pytest.mark.parametrize("text", EXAMPLES)
def test_full_example_compiles_as_printed(text: str) -> None:
    result = compile_spec(text)
    assert result.ok, [str(e) for e in result.errors]
    assert result.blueprint is not None and result.blueprint.entities
