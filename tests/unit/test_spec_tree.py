"""The public parse tree (``parse_spec``): line spans of sections, blocks and bullets, what the
compiler accepted, and its use to edit spec text in place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slipway.spec import LineSpan, SpecTree, compile_spec, parse_spec
from tests.fuzzing import FUZZ_DERANDOMIZE, FUZZ_EXAMPLES
from tests.unit.test_spec_docs import ROOT, full_examples

SHOP = """\
# Shop

A small shop.
Sold online.

## Entities

### Product
- name: string, required
  * price: number
<!-- priced in cents -->

### bad name
- x: string

#### notes
- y: string

### Order
+\tproduct: ref Product

```
- not: a bullet
```


## API
- health: true
### Product
- access: public
### Product
- path: /v1/p

## Stuff
- ignored: yes
"""


def test_tree_of_a_spec() -> None:
    tree = parse_spec(SHOP)
    assert tree.title is not None and (tree.title.line, tree.title.text) == (1, "Shop")
    assert [(t.line, t.text) for t in tree.description] == [
        (3, "A small shop."),
        (4, "Sold online."),
    ]
    assert [s.kind for s in tree.sections] == ["entities", "api", "unknown"]
    entities, api, stuff = tree.sections
    assert entities.span == LineSpan(6, 24)  # to the closing fence, not the blank lines after
    assert [(b.name, b.accepted) for b in entities.blocks] == [
        ("Product", True),
        ("bad name", False),
        ("Order", True),
    ]
    product, bad, order = entities.blocks
    assert product.span == LineSpan(8, 11)  # the comment is inside
    assert [(b.span, b.marker, b.indent, b.text, b.key) for b in product.bullets] == [
        (LineSpan(9, 9), "-", "", "name: string, required", "name"),
        (LineSpan(10, 10), "*", "  ", "price: number", "price"),
    ]
    # '####' does not close a block: its bullets stay in the (rejected) block
    assert bad.span == LineSpan(13, 17)
    assert [b.text for b in bad.bullets] == ["x: string", "y: string"]
    assert order.span == LineSpan(19, 24)
    assert [b.text for b in order.bullets] == ["product: ref Product"]  # not the fenced one
    assert api.span == LineSpan(27, 32)
    assert [b.text for b in api.bullets] == ["health: true"]
    assert [(b.name, b.accepted, b.span) for b in api.blocks] == [
        ("Product", True, LineSpan(29, 30)),
        ("Product", False, LineSpan(31, 32)),
    ]
    assert api.block("Product") is api.blocks[0]
    assert stuff.heading == "Stuff" and [b.key for b in stuff.bullets] == ["ignored"]
    assert stuff.span == LineSpan(34, 35) and tree.line_count == 35
    assert tree.entity("Order") is order and tree.entity("bad name") is None
    assert tree.section("api") is api and tree.section("auth") is None
    assert [(e.line, e.message) for e in tree.errors] == [
        (13, "invalid entity name 'bad name'"),
        (16, "unexpected level-4 heading"),
        (17, "a bullet outside of an entity"),
        (31, "API settings for 'Product' appear twice"),
        (34, "unknown section 'Stuff'"),
    ]


def test_tree_errors_are_the_compilers_structural_errors() -> None:
    compiled = compile_spec(SHOP)
    assert set(parse_spec(SHOP).errors) <= set(compiled.errors)


def test_description_stops_at_the_first_section() -> None:
    tree = parse_spec("Before the title\n# T\none\n\ntwo\n## Auth\nthree\n")
    assert [t.text for t in tree.description] == ["one", "two"]
    assert parse_spec("no title").title is None
    assert [e.message for e in parse_spec("no title").errors] == ["the spec has no app title"]


def edit(text: str, tree: SpecTree, inserts: dict[int, str], replaces: dict[int, str]) -> str:
    """Insert lines after given line numbers and replace others, by the tree's numbers."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        out.append(replaces.get(n, line))
        if n in inserts:
            out.append(inserts[n])
    return "\n".join(out) + "\n"


def test_an_editor_can_insert_and_replace_lines_by_the_tree() -> None:
    """What the assistant's editing operations need: add a field at the end of an entity in the
    user's bullet style, change one API setting, and leave every other line as written."""
    text = full_examples(ROOT / "docs" / "spec-language.md")[0]
    tree = parse_spec(text)
    task = tree.entity("Task")
    api = tree.section("api")
    assert task is not None and api is not None
    tag_api = api.block("Tag")
    assert tag_api is not None
    access = next(b for b in tag_api.bullets if b.key == "access")
    style = task.bullets[-1]
    edited = edit(
        text,
        tree,
        inserts={task.end: f"{style.indent}{style.marker} reviewed: boolean, default false"},
        replaces={access.line: f"{access.indent}{access.marker} access: authenticated"},
    )
    before, after = text.splitlines(), edited.splitlines()
    assert task.end < access.line
    assert after[task.end] == "- reviewed: boolean, default false"
    assert after[access.line] == "- access: authenticated"  # one line further down
    untouched = [
        line for n, line in enumerate(after, 1) if n not in (task.end + 1, access.line + 1)
    ]
    assert untouched == [line for n, line in enumerate(before, 1) if n != access.line]
    result = compile_spec(edited)
    assert result.ok and result.blueprint is not None
    bp = result.blueprint
    reviewed = bp.entity("Task").field("reviewed")  # type: ignore[union-attr]
    assert reviewed is not None and reviewed.default is False
    assert not next(r for r in bp.api.resources if r.entity == "Tag").public


LINES = st.sampled_from(
    [
        "# A",
        "# B",
        "## Entities",
        "## API",
        "## Auth",
        "## Nope",
        "### T",
        "### T",
        "### U",
        "### bad",
        "#### deep",
        "- a: string",
        "  * b: integer",
        "+\tc: ref T",
        "- health: true",
        "- strategy: jwt",
        "```",
        "<!-- c -->",
        "text",
        "",
        "   ",
    ]
)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_DERANDOMIZE)
@given(st.lists(LINES, max_size=30))
def test_spans_nest_and_point_at_their_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    tree = parse_spec(text)
    raw = text.splitlines()
    assert tree.line_count == len(raw)
    previous_end = 0
    for section in tree.sections:
        assert previous_end < section.line <= section.end <= len(raw)
        assert raw[section.line - 1].strip().startswith("## ")
        assert raw[section.end - 1].strip()
        previous_end = section.end
        spans = [b.span for b in section.bullets] + [b.span for b in section.blocks]
        for block in section.blocks:
            assert raw[block.line - 1].strip().startswith("### ")
            assert raw[block.end - 1].strip()
            spans += [b.span for b in block.bullets]
            assert all(b.line in block.span for b in block.bullets)
        assert all(s.start in section.span and s.end in section.span for s in spans)
        for bullet in section.bullets + [b for k in section.blocks for b in k.bullets]:
            line = raw[bullet.line - 1]
            assert line.startswith(bullet.indent + bullet.marker)
            assert line.strip()[2:].strip() == bullet.text
    assert set(tree.errors) <= set(compile_spec(text).errors)
