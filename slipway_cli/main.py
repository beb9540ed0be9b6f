"""The ``slipway`` command: the whole flow from a terminal, with live progress."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from slipway_cli import __version__
from slipway_cli.commands import artifacts, auth, build, chat, deploy, projects, spec, status
from slipway_cli.config import DEFAULT_PROFILE
from slipway_cli.context import App
from slipway_cli.errors import EXIT_CODES_HELP, CliError


class SlipwayGroup(TyperGroup):
    """Reports a CliError (message, API code, next step) and exits with its code."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except CliError as err:
            App.of(ctx).out.error(err)
            raise typer.Exit(err.exit_code) from None
        finally:
            if isinstance(ctx.obj, App):
                ctx.obj.close()


app = typer.Typer(
    name="slipway",
    cls=SlipwayGroup,
    help="Slipway from a terminal: spec, chat, generate, validate, deploy.",
    epilog=EXIT_CODES_HELP
    + " Environment: SLIPWAY_URL, SLIPWAY_TOKEN, SLIPWAY_PROJECT, SLIPWAY_PROFILE, "
    "SLIPWAY_FOLLOW (auto | poll), XDG_CONFIG_HOME.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"slipway {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-P", help="Config profile (default: $SLIPWAY_PROFILE or default)."
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    state = App(profile_name=profile or os.environ.get("SLIPWAY_PROFILE") or DEFAULT_PROFILE)
    state.out.json_mode = json_
    ctx.obj = state


app.command()(auth.signup)
app.command()(auth.login)
app.command()(auth.logout)
app.command()(auth.whoami)
app.add_typer(projects.projects, name="projects")
app.add_typer(projects.templates, name="templates")
app.command()(projects.use)
app.command()(status.status)
app.add_typer(spec.spec, name="spec")
app.command()(chat.chat)
app.command()(build.generate)
app.command()(build.validate)
app.command()(build.preview)
app.command()(deploy.deploy)
app.command("continue")(deploy.continue_)
app.command()(deploy.rollback)
app.command()(deploy.cancel)
app.command()(deploy.destroy)
app.add_typer(deploy.deployments, name="deployments")
app.add_typer(build.blueprints, name="blueprints")
app.add_typer(artifacts.artifacts, name="artifacts")
app.command()(artifacts.usage)


def run() -> None:
    """Console-script entry point."""
    app(prog_name="slipway")
