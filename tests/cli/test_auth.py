"""signup, login (prompts, --password-stdin, --api-key-stdin), logout, whoami; the config file
(XDG, 0600, profiles), environment variables, and automatic token refresh with rotation."""

from __future__ import annotations

import json
import stat
import time
import tomllib
import uuid
from pathlib import Path

import httpx

from slipway_cli.client import Client, SessionAuth
from slipway_cli.config import ConfigStore, Profile
from tests.cli.conftest import CLEAN_ENV, Cli
from tests.conftest import Stack
from tests.support import PASSWORD, free_port, random_ip


def _config(home: Path) -> dict:
    return tomllib.loads((home / "slipway" / "config.toml").read_text())


def test_signup_login_whoami_logout(cli: Cli, stack: Stack, tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    env = {**CLEAN_ENV, "XDG_CONFIG_HOME": str(home)}
    email = f"Signup-{uuid.uuid4().hex[:8]}@Example.com"
    r = cli(
        "signup",
        "--email",
        email,
        "--password-stdin",
        "--url",
        stack.url,
        input=PASSWORD + "\n",
        env=env,
    )
    assert "created" in r.stdout and "Logged in" in r.stdout

    path = home / "slipway" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    profile = _config(home)["profiles"]["default"]
    assert profile["url"] == stack.url and profile["email"] == email.lower()
    refresh_token = profile["refresh_token"]

    me = json.loads(cli("whoami", "--json", env=env).stdout)["data"]
    assert me["email"] == email.lower() and me["credential"] == "session"

    r = cli("logout", env=env)
    assert "logged out" in r.stdout
    assert "access_token" not in _config(home)["profiles"]["default"]
    # the server revoked the session too: its refresh token no longer works
    with httpx.Client(base_url=stack.url, headers={"X-Forwarded-For": random_ip()}) as http:
        assert http.post("/auth/refresh", json={"refreshToken": refresh_token}).status_code == 401

    r = cli("whoami", env=env, code=3)
    assert "Not logged in" in r.stderr and "slipway login" in r.stderr

    # interactive: the prompts read email and password
    r = cli("login", input=f"{email}\n{PASSWORD}\n", env=env)
    assert f"as {email.lower()}" in r.stdout
    assert cli.json("whoami", env=env)["data"]["email"] == email.lower()


def test_wrong_password_is_exit_3_with_the_api_code_and_a_hint(cli: Cli) -> None:
    before = _config(cli.home)
    r = cli("login", "--email", cli.email, "--password-stdin", input="wrong-password\n", code=3)
    assert "INVALID_CREDENTIALS" in r.stderr and "hint:" in r.stderr
    assert _config(cli.home) == before  # nothing stored, the old session kept

    r = cli(
        "login", "--email", cli.email, "--password-stdin", "--json", input="nope-nope\n", code=3
    )
    body = json.loads(r.stdout)
    assert body["code"] == "INVALID_CREDENTIALS" and body["exitCode"] == 3 and body["hint"]


def test_expired_token_is_refreshed_and_the_rotated_pair_stored(cli: Cli) -> None:
    with cli.store.transaction("default") as p:
        p.expires_at = time.time() - 10
    old = _config(cli.home)["profiles"]["default"]
    assert cli.json("whoami")["data"]["email"] == cli.email
    new = _config(cli.home)["profiles"]["default"]
    assert new["access_token"] != old["access_token"]
    assert new["refresh_token"] != old["refresh_token"]
    assert new["expires_at"] > time.time() + 60

    # a rejected access token (401) is renewed once, then the request is sent again
    with cli.store.transaction("default") as p:
        p.access_token = "not-a-jwt"
    assert cli.json("whoami")["data"]["email"] == cli.email
    assert _config(cli.home)["profiles"]["default"]["access_token"] != "not-a-jwt"

    # reuse of a spent refresh token revokes the login: the CLI says to log in again
    r = cli.http.post("/auth/refresh", json={"refreshToken": old["refresh_token"]})
    assert r.status_code == 401 and r.json()["code"] == "TOKEN_REUSED"
    with cli.store.transaction("default") as p:
        p.expires_at = time.time() - 10
    r = cli("whoami", code=3)
    assert "[UNAUTHORIZED]" in r.stderr and "slipway login" in r.stderr  # the family is revoked
    assert "refresh_token" not in _config(cli.home)["profiles"]["default"]


def test_a_pair_rotated_by_another_process_is_adopted_not_spent_twice(cli: Cli) -> None:
    """Two slipway processes, one expired token: the second must not present the refresh token
    the first already spent (that would revoke the whole login)."""
    stale = cli.store.profile("default")
    stale.expires_at = time.time() - 10
    pair = cli.http.post("/auth/refresh", json={"refreshToken": stale.refresh_token}).json()
    with cli.store.transaction("default") as p:  # what the other process wrote
        p.access_token, p.refresh_token = pair["accessToken"], pair["refreshToken"]
        p.expires_at = time.time() + 3600
    client = Client(cli.stack.url, SessionAuth(cli.store, stale))
    try:
        assert client.get_json("/auth/me")["data"]["email"] == cli.email
    finally:
        client.close()
    # the other process's pair is still good: nothing presented the spent token
    r = cli.http.post("/auth/refresh", json={"refreshToken": pair["refreshToken"]})
    assert r.status_code == 200, r.text


def test_environment_variables_and_profiles(cli: Cli, tmp_path: Path) -> None:
    empty = {**CLEAN_ENV, "XDG_CONFIG_HOME": str(tmp_path / "none")}
    token_env = {**empty, "SLIPWAY_URL": cli.stack.url, "SLIPWAY_TOKEN": cli.tokens["accessToken"]}
    me = cli.json("whoami", env=token_env)["data"]
    assert me["email"] == cli.email and me["credential"] == "SLIPWAY_TOKEN"
    assert not (tmp_path / "none" / "slipway" / "config.toml").exists()  # never stored

    r = cli("whoami", env={**token_env, "SLIPWAY_TOKEN": "garbage"}, code=3)
    assert "UNAUTHORIZED" in r.stderr and "SLIPWAY_TOKEN" in r.stderr

    # a second profile pointing elsewhere; the default one is kept as it is
    cli.store.save(Profile(name="staging", url=f"http://127.0.0.1:{free_port()}"))
    before = _config(cli.home)["profiles"]["default"]
    r = cli("--profile", "staging", "templates", "list", code=7)
    assert "Cannot reach the Slipway API" in r.stderr and "SLIPWAY_URL" in r.stderr
    cli("templates", "list", env={"SLIPWAY_PROFILE": "staging"}, code=7)
    assert cli.json("whoami")["data"]["profile"] == "default"
    assert _config(cli.home)["profiles"]["default"] == before
    assert set(_config(cli.home)["profiles"]) == {"default", "staging"}


def test_writes_restore_mode_0600(cli: Cli) -> None:
    path = cli.home / "slipway" / "config.toml"
    path.chmod(0o644)
    cli("use", cli.project(spec=None))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_api_key_login(cli: Cli) -> None:
    before = _config(cli.home)
    r = cli("login", "--api-key-stdin", input="not-a-key\n", code=2)
    assert "slw_" in r.stderr
    # a key the server does not accept: its message and code, nothing stored
    r = cli("login", "--api-key-stdin", input=f"slw_{uuid.uuid4().hex}\n", code=3)
    assert "UNAUTHORIZED" in r.stderr and "API key" in r.stderr
    assert _config(cli.home) == before
    cli("login", "--api-key-stdin", "--email", "x@example.com", input="slw_x\n", code=2)


def test_config_store_keeps_other_profiles_and_survives_bad_toml(tmp_path: Path) -> None:
    store = ConfigStore(tmp_path / "slipway")
    store.save(Profile(name="a", url="http://a"))
    store.save(Profile(name="b", url="http://b", project="p"))
    with store.transaction("a") as p:
        p.email = "a@example.com"
    assert store.profile("b").project == "p" and store.profile("a").email == "a@example.com"
    store.path.write_text("not = [valid")
    try:
        store.profile("a")
    except Exception as exc:
        assert "not valid TOML" in str(exc)
    else:
        raise AssertionError("a broken config file must be reported")


def test_api_key_login_against_the_stack(cli: Cli, tmp_path: Path) -> None:
    """A real key (POST /api-keys): stored, sent as the bearer, its scopes enforced; a revoked
    key is refused at once with the CLI's hint."""
    made = cli.http.post("/api-keys", json={"name": "cli", "scopes": ["projects:read"]})
    assert made.status_code == 201, made.text
    key, key_id = made.json()["data"]["key"], made.json()["data"]["id"]
    env = {**CLEAN_ENV, "XDG_CONFIG_HOME": str(tmp_path / "keyed")}
    r = cli("login", "--api-key-stdin", "--url", cli.stack.url, input=key + "\n", env=env)
    assert f"with an API key as {cli.email}" in r.stdout
    config = (tmp_path / "keyed" / "slipway" / "config.toml").read_text()
    assert f'api_key = "{key}"' in config and "refresh_token" not in config
    me = cli.json("whoami", env=env)["data"]
    assert me["email"] == cli.email and me["credential"] == "the API key"
    assert cli.json("projects", "list", env=env)["data"] == []
    r = cli("projects", "create", "Nope", env=env, code=None)
    assert r.exit_code != 0 and "INSUFFICIENT_SCOPE" in r.stderr
    assert cli.http.delete(f"/api-keys/{key_id}").status_code == 204
    r = cli("whoami", env=env, code=3)
    assert "UNAUTHORIZED" in r.stderr and "API key" in r.stderr
