"""signup, login (password or API key), logout, whoami."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from slipway_cli.client import Client, StaticAuth
from slipway_cli.config import Profile
from slipway_cli.context import App, JsonOpt
from slipway_cli.errors import CliError, ExitCode

API_KEY_PREFIX = "slw_"

EmailOpt = Annotated[str | None, typer.Option("--email", "-e", help="Account email.")]
PasswordStdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]
UrlOpt = Annotated[
    str | None,
    typer.Option("--url", help="API base URL to store in the profile (default: $SLIPWAY_URL)."),
]


def _read_stdin_secret(what: str) -> str:
    value = sys.stdin.readline().strip()
    if not value:
        raise CliError(f"No {what} on standard input", exit_code=ExitCode.USAGE)
    return value


def _credentials(email: str | None, password_stdin: bool) -> tuple[str, str]:
    email = email or typer.prompt("Email")
    if password_stdin:
        return email, _read_stdin_secret("password")
    return email, typer.prompt("Password", hide_input=True)


def _store_url(app: App, url: str | None) -> str:
    return (url or app.url).rstrip("/")


def signup(
    ctx: typer.Context,
    email: EmailOpt = None,
    password_stdin: PasswordStdinOpt = False,
    url: UrlOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Create an account, then log in with it."""
    app = App.of(ctx, json_)
    email, password = _credentials(email, password_stdin)
    client = Client(_store_url(app, url), notice=app.out.notice)
    try:
        user = client.post_json("/auth/signup", {"email": email, "password": password}, auth=False)[
            "data"
        ]
    finally:
        client.close()
    if not app.json_mode:
        app.out.success(f"Account {user['email']} created.")
    _password_login(app, url, user["email"], password)


def _forget_other_account(profile: Profile, email: str | None, url: str) -> None:
    """A new credential replaces the old one; another account or server forgets the project."""
    if profile.email != email or profile.url != url:
        profile.project = profile.project_name = None
    profile.clear_credentials()
    profile.url = url


def _password_login(app: App, url: str | None, email: str, password: str) -> None:
    base = _store_url(app, url)
    client = Client(base, notice=app.out.notice)
    try:
        pair = client.post_json("/auth/login", {"email": email, "password": password}, auth=False)
    finally:
        client.close()
    with app.store.transaction(app.profile_name) as profile:
        _forget_other_account(profile, email.strip().lower(), base)
        profile.email = email.strip().lower()
        profile.access_token = pair["accessToken"]
        profile.refresh_token = pair["refreshToken"]
        profile.expires_at = time.time() + float(pair.get("expiresIn", 3600))
    app.forget_profile()
    if app.json_mode:
        app.out.json({"data": {"email": profile.email, "url": base, "profile": profile.name}})
    else:
        app.out.success(f"Logged in to {base} as {profile.email} (profile {profile.name}).")


def _api_key_login(app: App, url: str | None) -> None:
    key = _read_stdin_secret("API key")
    if not key.startswith(API_KEY_PREFIX):
        raise CliError(
            f"API keys start with {API_KEY_PREFIX!r}",
            hint="pass the key on standard input: `slipway login --api-key-stdin < key.txt`",
            exit_code=ExitCode.USAGE,
        )
    base = _store_url(app, url)
    client = Client(base, StaticAuth(key, "the API key"), notice=app.out.notice)
    try:
        me = client.get_json("/auth/me")["data"]  # nothing is stored unless the API accepts it
    finally:
        client.close()
    with app.store.transaction(app.profile_name) as profile:
        _forget_other_account(profile, me.get("email"), base)
        profile.api_key = key
        profile.email = me.get("email")
    app.forget_profile()
    if app.json_mode:
        app.out.json({"data": {"email": profile.email, "url": base, "profile": profile.name}})
    else:
        app.out.success(f"Logged in to {base} with an API key as {profile.email}.")


def login(
    ctx: typer.Context,
    email: EmailOpt = None,
    password_stdin: PasswordStdinOpt = False,
    api_key_stdin: Annotated[
        bool,
        typer.Option("--api-key-stdin", help="Log in with an API key (slw_...) read from stdin."),
    ] = False,
    url: UrlOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Log in and store the credential in the profile (prompts unless told otherwise)."""
    app = App.of(ctx, json_)
    if api_key_stdin:
        if email or password_stdin:
            raise CliError(
                "--api-key-stdin does not take --email or --password-stdin",
                exit_code=ExitCode.USAGE,
            )
        _api_key_login(app, url)
        return
    email, password = _credentials(email, password_stdin)
    _password_login(app, url, email, password)


def logout(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """End the session on the server (revokes the refresh token) and forget it here."""
    app = App.of(ctx, json_)
    profile = app.profile
    note = "logged out"
    if profile.refresh_token:
        try:
            app.client.request("POST", "/auth/logout", json={"refreshToken": profile.refresh_token})
        except CliError as err:
            if err.exit_code != ExitCode.AUTH:
                raise
            note = "logged out (the session had already ended on the server)"
    elif profile.api_key:
        note = "forgot the API key here (it stays valid on the server until revoked)"
    elif not profile.access_token:
        note = "was not logged in"
    with app.store.transaction(app.profile_name) as fresh:
        fresh.clear_credentials()
    app.forget_profile()
    if app.json_mode:
        app.out.json({"data": {"profile": app.profile_name, "result": note}})
    else:
        app.out.success(f"Profile {app.profile_name}: {note}.")


def whoami(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Who the current credential belongs to, and where it points."""
    app = App.of(ctx, json_)
    me = app.client.get_json("/auth/me")["data"]
    auth = app.client.auth
    kind = auth.source if isinstance(auth, StaticAuth) else "session"
    project = app.profile.project
    info = {
        **me,
        "url": app.url,
        "profile": app.profile_name,
        "credential": kind,
        "project": project,
        "projectName": app.profile.project_name,
    }
    if app.json_mode:
        app.out.json({"data": info})
        return
    app.out.fields(
        [
            ("email", me["email"]),
            ("user id", me["id"]),
            ("api", app.url),
            ("profile", app.profile_name),
            ("credential", kind),
            (
                "project",
                f"{app.profile.project_name} ({project})" if project else "(none: `slipway use`)",
            ),
        ]
    )
