"""projects list|create|show|rename|archive, templates list|show, use, status, usage; output for
people (a terminal) and for scripts (piped, --json); errors with what to do next."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli


def test_projects_lifecycle(cli: Cli) -> None:
    r = cli("projects", "list")
    assert "No projects yet" in r.stdout

    r = cli("projects", "create", "Shop Backend", "-d", "An online shop")
    pid = r.stdout.split("(")[-1].split(")")[0]
    assert "created" in r.stdout and "slipway use" in r.stdout
    other = cli.json("projects", "create", "Blog", "--template", "blog")["data"]
    assert other["templateId"] == "blog"

    # piped: plain tab-separated rows, newest first, no colour codes
    r = cli("projects", "list")
    lines = r.stdout.splitlines()
    assert lines[0].split("\t")[1:4] == ["id", "name", "status"]
    assert [line.split("\t")[2] for line in lines[1:]] == ["Blog", "Shop Backend"]
    assert "\x1b[" not in r.stdout

    # use by name; the current project is marked and is the default of later commands
    cli("use", "shop backend")
    assert cli.json("whoami")["data"]["project"] == pid
    assert any(line.startswith("*\t" + pid) for line in cli("projects", "list").stdout.splitlines())
    shown = cli.json("projects", "show")["data"]
    assert shown["id"] == pid and shown["description"] == "An online shop"
    assert "An online shop" in cli("projects", "show").stdout
    assert cli.json("projects", "show", "Blog")["data"]["id"] == other["id"]

    renamed = cli.json("projects", "rename", "Shop API", "-d", "Renamed")["data"]
    assert renamed["name"] == "Shop API" and renamed["description"] == "Renamed"
    assert cli.json("whoami")["data"]["projectName"] == "Shop API"

    # archive asks on a terminal; piped it needs --yes
    r = cli("projects", "archive", "Blog", code=2)
    assert "--yes" in r.stderr
    archived = cli.json("projects", "archive", "Blog", "--yes")["data"]
    assert archived["status"] == "archived"
    assert [p["name"] for p in cli.json("projects", "list")["data"]] == ["Shop API"]
    names = [p["name"] for p in cli.json("projects", "list", "--archived")["data"]]
    assert names == ["Blog", "Shop API"]
    r = cli("spec", "apply", cli.write_spec("# X\n"), "-p", other["id"], code=5)
    assert "PROJECT_ARCHIVED" in r.stderr and "slipway projects create" in r.stderr


def test_status_says_what_to_do_next(cli: Cli) -> None:
    cli.project(spec=None)
    assert "slipway chat" in cli.json("status")["data"]["next"]
    cli("chat", "A task management app with projects, tasks, and team members")
    status = cli.json("status")["data"]
    assert status["draft"] and "spec apply --draft" in status["next"]
    cli("spec", "apply", "--draft")
    r = cli("status")
    assert "version 1" in r.stdout and "slipway generate" in r.stdout


def test_terminal_output_has_tables_and_colour(cli: Cli) -> None:
    cli.project(spec=None, name="Coloured")
    r = cli("projects", "list", env={"FORCE_COLOR": "1", "COLUMNS": "160"})
    assert "\x1b[" in r.stdout and "Coloured" in r.stdout and "\t" not in r.stdout
    r = cli("projects", "list", env={"NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "160"})
    assert "Coloured" in r.stdout and "\x1b[3" not in r.stdout  # no colour codes


def test_templates(cli: Cli) -> None:
    rows = cli.json("templates", "list")["data"]
    assert {"task-manager", "crm", "blog"} <= {t["id"] for t in rows}
    assert "task-manager" in cli("templates", "list").stdout
    r = cli("templates", "show", "crm")
    assert r.stdout.count("### ") >= 3  # the spec, printed as it is when piped
    assert cli.json("templates", "show", "crm")["data"]["spec"].startswith("# ")
    r = cli("templates", "show", "nope", code=4)
    assert "NOT_FOUND" in r.stderr


def test_errors_name_the_code_and_the_next_step(cli: Cli) -> None:
    r = cli("projects", "show", code=2)
    assert "No project selected" in r.stderr and "slipway use" in r.stderr
    r = cli("use", "no such project", code=4)
    assert "No project named" in r.stderr and "slipway projects list" in r.stderr
    r = cli("projects", "show", "00000000-0000-4000-8000-000000000000", code=4)
    assert "[NOT_FOUND]" in r.stderr and "hint:" in r.stderr
    body = json.loads(
        cli("projects", "show", "00000000-0000-4000-8000-000000000000", "--json", code=4).stdout
    )
    assert body["code"] == "NOT_FOUND" and body["status"] == 404 and body["exitCode"] == 4
    r = cli("projects", "create", "x" * 101, code=6)
    assert "VALIDATION_ERROR" in r.stderr
    # SLIPWAY_PROJECT selects the project when nothing else does
    pid = cli.json("projects", "create", "Env")["data"]["id"]
    assert cli.json("projects", "show", env={"SLIPWAY_PROJECT": pid})["data"]["name"] == "Env"


def test_version_and_help_document_the_exit_codes(cli: Cli) -> None:
    assert cli("--version").stdout.startswith("slipway ")
    r = cli("--help", env={"COLUMNS": "200"})
    assert "Exit codes" in r.stdout and "11 a deployment failed" in r.stdout
    for command in ("deploy", "spec", "artifacts", "deployments"):
        assert command in r.stdout


def test_usage(cli: Cli) -> None:
    cli.project(spec=None)
    cli("chat", "A blog with posts and comments")
    body = cli.json("usage")["data"]
    assert body["usage"]["totalCalls"] >= 1 and body["recent"][0]["purpose"]
    r = cli("usage", "--recent", "5")
    assert cli.email in r.stdout and "Recent calls" in r.stdout
