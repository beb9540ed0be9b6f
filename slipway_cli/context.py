"""Per-invocation state: profile, output, client, and how ids and names are resolved."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer

from slipway_cli.client import Auth, Client, SessionAuth, StaticAuth
from slipway_cli.config import DEFAULT_PROFILE, DEFAULT_URL, ConfigStore, Profile
from slipway_cli.errors import CliError, ExitCode
from slipway_cli.output import Output

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProjectOpt = Annotated[
    str | None,
    typer.Option(
        "--project",
        "-p",
        help="Project id or name (default: `slipway use`, or $SLIPWAY_PROJECT).",
        show_default=False,
    ),
]
NoWaitOpt = Annotated[
    bool, typer.Option("--no-wait", help="Return as soon as it is started; do not follow.")
]


@dataclass
class App:
    profile_name: str = DEFAULT_PROFILE
    store: ConfigStore = field(default_factory=ConfigStore)
    out: Output = field(default_factory=Output)
    _client: Client | None = None
    _profile: Profile | None = None

    @classmethod
    def of(cls, ctx: typer.Context, json_mode: bool = False) -> App:
        root = ctx.find_root()
        if not isinstance(root.obj, App):
            root.obj = App()
        app: App = root.obj
        if json_mode:
            app.out.json_mode = True
        return app

    @property
    def json_mode(self) -> bool:
        return self.out.json_mode

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = self.store.profile(self.profile_name)
        return self._profile

    def forget_profile(self) -> None:
        """Re-read the profile from disk next time (after a command changed it)."""
        self._profile = None

    @property
    def url(self) -> str:
        return (os.environ.get("SLIPWAY_URL") or self.profile.url or DEFAULT_URL).rstrip("/")

    def credential(self) -> Auth:
        env_token = os.environ.get("SLIPWAY_TOKEN")
        if env_token:
            return StaticAuth(env_token.strip(), "SLIPWAY_TOKEN")
        if self.profile.api_key:
            return StaticAuth(self.profile.api_key, "the API key")
        return SessionAuth(self.store, self.profile)

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client(self.url, self.credential(), notice=self.out.notice)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- resolution -----------------------------------------------------------------------

    def project_ref(self, explicit: str | None) -> str:
        ref = explicit or os.environ.get("SLIPWAY_PROJECT") or self.profile.project
        if not ref:
            raise CliError(
                "No project selected",
                hint="pick one with `slipway use PROJECT` or pass --project "
                "(see `slipway projects list`)",
                exit_code=ExitCode.USAGE,
            )
        return ref

    def project_id(self, explicit: str | None = None) -> str:
        """A project id from an id or a name (exact, case-insensitive)."""
        ref = self.project_ref(explicit)
        if UUID.match(ref):
            return ref
        projects = self.client.paginate("/projects", 1000, includeArchived="true")
        matches = [p for p in projects if p["name"].casefold() == ref.casefold()]
        if not matches:
            raise CliError(
                f"No project named {ref!r}",
                code="NOT_FOUND",
                hint="see `slipway projects list` (names or ids both work)",
                exit_code=ExitCode.NOT_FOUND,
            )
        active = [p for p in matches if p["status"] != "archived"] or matches
        if len(active) > 1:
            ids = ", ".join(p["id"] for p in active)
            raise CliError(
                f"{len(active)} projects are named {ref!r}: {ids}",
                hint="pass the id instead of the name",
                exit_code=ExitCode.USAGE,
            )
        return str(active[0]["id"])

    def deployment_id(self, ref: str, project: str | None) -> str:
        """A deployment id from an id or its first characters (as tables show them)."""
        if UUID.match(ref):
            return ref
        if not re.fullmatch(r"[0-9a-fA-F-]{4,36}", ref):
            raise CliError(f"{ref!r} is not a deployment id", hint="see `slipway deployments list`")
        rows = self.client.paginate(f"/projects/{self.project_id(project)}/deployments", 200)
        matches = [d for d in rows if str(d["id"]).startswith(ref.lower())]
        if len(matches) != 1:
            raise CliError(
                f"{len(matches) or 'No'} deployment(s) of this project start with {ref!r}",
                hint="pass more characters of the id: `slipway deployments list`",
                exit_code=ExitCode.NOT_FOUND if not matches else ExitCode.USAGE,
            )
        return str(matches[0]["id"])

    def latest(self, path: str) -> dict[str, Any] | None:
        page = self.client.get_json(path, limit=1)
        return page["data"][0] if page["data"] else None
