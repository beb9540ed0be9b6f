"""spec show|apply|diff|history|undo|discard|edit and chat (one shot and interactive)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.cli.conftest import SPEC_SHOP, SPEC_SHOP_REVIEWS, Cli

EDITOR_SCRIPT = """
import pathlib, sys
state = pathlib.Path({state!r})
n = int(state.read_text()) if state.exists() else 0
state.write_text(str(n + 1))
path = pathlib.Path(sys.argv[1])
text = path.read_text()
if n == 0:  # first save: a compile error
    path.write_text(text + "\\n### Review\\n- product: ref Product, required\\n- stars: integr\\n")
else:  # second save: the fix
    path.write_text(text.replace("- stars: integr", "- stars: integer, required"))
"""


def editor(tmp_path: Path) -> tuple[str, Path]:
    """A scripted $EDITOR: writes an error on its first run and fixes it on its second."""
    script, state = tmp_path / "editor.py", tmp_path / "editor-runs"
    script.write_text(EDITOR_SCRIPT.format(state=str(state)))
    return f"{sys.executable} {script}", state


def test_spec_edit_shows_compile_errors_at_their_lines_and_reopens(
    cli: Cli, tmp_path: Path
) -> None:
    cli.project()
    command, runs = editor(tmp_path)
    r = cli("spec", "edit", "-m", "reviews", input="y\n", env={"EDITOR": command})
    assert runs.read_text() == "2"
    broken = SPEC_SHOP + "\n### Review\n- product: ref Product, required\n- stars: integr\n"
    line = broken.splitlines().index("- stars: integr") + 1
    assert f"line {line}: " in r.stderr and "integr" in r.stderr
    assert f"{line:>4} | - stars: integr" in r.stderr  # the line itself, under its number
    assert "[SPEC_INVALID]" in r.stderr and "Edit again?" in r.stderr
    assert "Spec saved as version 2" in r.stdout
    assert "- stars: integer, required" in cli("spec", "show").stdout
    history = cli.json("spec", "history")["data"]
    assert [v["version"] for v in history] == [2, 1] and history[0]["lastUserMessage"] == "reviews"


def test_spec_edit_without_saving_or_declining_applies_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.project()
    r = cli("spec", "edit", env={"EDITOR": "true"})  # exits without saving
    assert "No changes" in r.stderr
    command, runs = editor(tmp_path)
    r = cli("spec", "edit", input="n\n", env={"EDITOR": command}, code=6)
    assert runs.read_text() == "1" and "SPEC_INVALID" in r.stderr
    assert [v["version"] for v in cli.json("spec", "history")["data"]] == [1]


def test_spec_apply_show_history_diff(cli: Cli) -> None:
    cli.project(spec=None)
    r = cli("spec", "show", code=4)
    assert "no spec yet" in r.stderr and "slipway chat" in r.stderr
    cli("spec", "apply", cli.write_spec(SPEC_SHOP), "-m", "first")
    r = cli("spec", "apply", "-", input=SPEC_SHOP_REVIEWS)
    assert "Spec saved as version 2" in r.stdout
    bad = cli.write_spec("# Bad\n\n## Entities\n\n### Task\n- title: strng\n")
    r = cli("spec", "apply", bad, code=6)
    assert "line 6: " in r.stderr and "strng" in r.stderr and "[SPEC_INVALID]" in r.stderr
    body = json.loads(cli("spec", "apply", bad, "--json", code=6).stdout)
    assert body["code"] == "SPEC_INVALID" and body["errors"][0]["line"] == 6
    cli("spec", "apply", code=2)  # neither FILE nor --draft

    assert cli("spec", "show").stdout == SPEC_SHOP_REVIEWS
    assert cli("spec", "show", "--version", "1").stdout == SPEC_SHOP
    assert cli.json("spec", "show")["spec"]["version"] == 2
    rows = cli("spec", "history").stdout.splitlines()
    assert rows[0].split("\t") == ["version", "size", "created", "message"]
    assert rows[2].split("\t")[-1] == "first"

    r = cli("spec", "diff", "--from", "1", "--to", "2")
    assert "--- v1" in r.stdout and "+### Review" in r.stdout
    cli("spec", "diff", code=2)  # no draft yet
    candidate = cli.write_spec(SPEC_SHOP_REVIEWS.replace("- stars: integer, required", ""))
    r = cli("spec", "diff", candidate)
    assert "-- stars: integer, required" in r.stdout
    assert "What deploying this would change (nothing generated yet" in r.stdout


def test_chat_one_shot_shows_the_diff_and_the_change_class(cli: Cli) -> None:
    cli.project()
    r = cli("chat", "Add a comments feature to products")
    assert "assistant>" in r.stdout and "+### Comment" in r.stdout
    assert (
        "What deploying this would change (nothing generated yet: every resource is new): safe"
        in r.stdout
    )
    assert "spec apply --draft" in r.stdout
    coloured = cli("spec", "diff", env={"FORCE_COLOR": "1", "COLUMNS": "160"}).stdout
    assert "\x1b[32m+### Comment" in coloured  # additions in green on a terminal
    answer = cli.json("chat", "Add an estimate field to products as number")
    assert answer["changed"] and "estimate" in answer["spec"]
    assert answer["classification"]["overall"] == "safe"
    diff = cli.json("spec", "diff")["data"]
    assert "+- estimate: number" in diff["diff"] and diff["to"] == "draft"

    assert cli.json("spec", "undo")["undoSteps"] == 1
    assert "estimate" not in cli("spec", "show", "--draft").stdout
    cli("spec", "discard")
    r = cli("spec", "show", "--draft", code=4)
    assert "no draft" in r.stderr.lower() and "slipway chat" in r.stderr
    r = cli("spec", "undo", code=5)
    assert "NOTHING_TO_UNDO" in r.stderr or "NO_DRAFT" in r.stderr


def test_chat_interactive_session(cli: Cli) -> None:
    cli.project()
    session = "\n".join(
        [
            "Add a comments feature to products",
            "/diff",
            "/help",
            "/apply comments on products",
            "Remove the Order entity",
            "/undo",
            "/quit",
        ]
    )
    r = cli("chat", input=session + "\n")
    assert r.stdout.count("assistant>") == 2
    assert "+### Comment" in r.stdout and "What deploying this would change" in r.stdout
    assert "Spec saved as version 2" in r.stdout and "Reverted one step" in r.stdout
    assert "/apply [message]" in r.stderr  # the help
    versions = cli.json("spec", "history")["data"]
    assert versions[0]["version"] == 2 and versions[0]["lastUserMessage"] == "comments on products"
    # Ctrl-D ends a session too, and a failing message does not end it; the undo took the
    # draft back to the applied version: there is nothing to discard
    r = cli("chat", input="/discard\n" + "x" * 4001 + "\n")
    assert "There is no draft" in r.stderr and "Draft discarded" not in r.stdout
    assert "VALIDATION_ERROR" in r.stderr
