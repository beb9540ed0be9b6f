"""Issue 12 item 1, Markdown outputs: user text in the design doc and the CDK README renders as
itself. No raw HTML, no links or images, no emphasis or headings it did not ask for, code spans
and fences that no value can close, a Mermaid diagram of sanitized names only. Checked by
parsing the output with a CommonMark parser (markdown-it, with GFM tables)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from slipway.artifacts import markdown
from slipway.artifacts.cdk import build_cdk_project
from slipway.artifacts.design_doc import build_design_doc
from slipway.ir import ApiResource, EntityDef, FieldDef, RelationshipDef
from tests.unit.irs import managed, task_app

FORBIDDEN = {"html_block", "html_inline", "link_open", "image"}
MERMAID_LINE = re.compile(
    r'^(erDiagram|\s+[A-Za-z0-9_]+ \{|\s+\}|\s+[a-z]+ [A-Za-z0-9_]+( [A-Z,]+)?|\s+[A-Za-z0-9_]+ \|[|o]--o\{ [A-Za-z0-9_]+ : "[A-Za-z0-9_ .\-]+")$'
)
HOSTILE = (
    'Pwn"""; <script>alert(1)</script> & `x` ``` [l](javascript:x) ![i](y) *b* _i_ | # ${} {{}}'
)


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out += walk(token.children or [])
    return out


def plain(token: Token) -> str:
    """What an inline token renders as text (code spans included)."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def squash(value: str) -> str:
    return " ".join(value.split())


def check_markdown(text: str, title: str) -> None:
    """No HTML, links or images; one level-1 heading reading ``title``; fences only ours, and
    the Mermaid block made of sanitized lines."""
    tokens = parse(text)
    kinds = {t.type for t in walk(tokens)}
    assert not kinds & FORBIDDEN, kinds & FORBIDDEN
    h1 = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1
    assert squash(plain(tokens[h1[0] + 1])) == squash(title.replace("\x00", "\ufffd"))
    for fence in (t for t in tokens if t.type == "fence"):
        assert fence.info in ("mermaid", "sh"), fence.info
        if fence.info == "mermaid":
            for line in fence.content.splitlines():
                assert MERMAID_LINE.match(line), line


def cells(text: str) -> list[list[str]]:
    tokens = walk(parse(text))
    rows: list[list[str]] = []
    for i, t in enumerate(tokens):
        if t.type == "tr_open":
            rows.append([])
        elif t.type in ("td_open", "th_open"):
            rows[-1].append(plain(tokens[i + 1]))
    return rows


def test_design_doc_renders_hostile_text_as_itself() -> None:
    """Regression: the description went in raw (a <script> became an HTML block), names and
    paths unescaped, code spans closed by backticks in the value."""
    bp = task_app()
    bp.project.name = HOSTILE
    bp.project.description = f"{HOSTILE}\n<iframe src=x>\n1. not a list\n===\n    not code"
    bp.api.resources[1].base_path = "/v1/`tasks` | x"
    bp.auth.roles = ["admin", "a|b`c"]
    text = build_design_doc(bp, validation={"score": HOSTILE, "topIssues": [HOSTILE]})
    check_markdown(text, f"{HOSTILE} — design")
    tokens = walk(parse(text))
    paragraphs = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "paragraph_open"]
    assert squash(HOSTILE) in [squash(p) for p in paragraphs]
    assert not [t for t in tokens if t.type in ("ordered_list_open", "code_block")]
    hostile = [t for t in tokens if t.type == "inline" and plain(t).startswith("Pwn")]
    assert hostile and not [c for t in hostile for c in walk(t.children or []) if c.nesting]
    spans = [t.content for t in tokens if t.type == "code_inline"]
    assert "/v1/`tasks` | x/{id}" in spans and "a|b`c" in spans
    api = [row for row in cells(text) if row and row[0] in ("GET", "POST", "PATCH", "DELETE")]
    assert api and all(len(row) == 4 for row in api)  # no cell split by a pipe in a value


def test_mermaid_diagram_holds_sanitized_names_only() -> None:
    bp = task_app()
    odd = 'X"} %%{init: {"theme": "dark"}}%%\n```\n# Injected'
    bp.entities.append(
        EntityDef(
            name=odd,
            plural="xs",
            table="xs",
            fields=[*managed(), FieldDef(name='f" click X call alert()', type="string")],
            relationships=[
                RelationshipDef(name="p", kind="belongs_to", target=odd, field='a"\n```'),
            ],
        )
    )
    text = build_design_doc(bp)
    check_markdown(text, "Task App — design")
    headings = [t for t in parse(text) if t.type == "heading_open"]
    assert len([h for h in headings if h.tag == "h1"]) == 1  # '# Injected' stayed inside
    assert "%%" not in text.split("```mermaid")[1].split("```")[0]


def test_fences_and_code_spans_outlast_the_backticks_inside() -> None:
    value = "a ``` b ```` c `"
    (span,) = [t for t in walk(parse(markdown.code(value))) if t.type == "code_inline"]
    assert span.content == value
    block = "\n".join(markdown.fence("sh", ["echo ````", "```"]))
    (fence,) = [t for t in parse(block) if t.type == "fence"]
    assert fence.content == "echo ````\n```\n"
    for value in ("`", "``", " x ", "|", "a\\|b"):
        table = f"| h |\n|---|\n| {markdown.cell_code(value)} |\n"
        (span,) = [t for t in walk(parse(table)) if t.type == "code_inline"]
        assert span.content == value, value


def test_cdk_readme_escapes_the_project_name() -> None:
    bp = task_app()
    bp.project.name = HOSTILE
    readme = build_cdk_project(bp, stack_prefix="slipway-x-12345678")["README.md"]
    check_markdown(readme, f"{HOSTILE} — AWS CDK project")


def test_design_doc_still_reads_well() -> None:
    text = build_design_doc(task_app(), revision=3)
    assert 'Project ||--o{ Task : "project_id"' in text
    assert "| PATCH | `/v1/tasks/{id}` | Task | authenticated |" in text
    assert "\\" not in text.split("## Data model")[0]  # plain text needs no escapes
    bp = task_app()
    bp.api.resources.append(ApiResource(entity="Task", base_path="/v2/t", operations=["get"]))
    assert "`/v2/t/{id}`" in build_design_doc(bp)
