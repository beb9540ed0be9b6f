"""The follower (``slipway_cli.follow``) and API-key login against the real stack: the API over
HTTP, Temporal, the worker process, moto. Nothing of Slipway's is faked.

- A generation followed through its Server-Sent Events stream, at once by ``slipway blueprints
  show --follow`` and by a ``StreamFollower`` on a CLI client whose exchanges httpx event hooks
  record: every status read after the first is conditional (``If-None-Match`` with the last
  ``ETag``), and the run is seen to ``completed``.
- The fallback: a stream that answers something else than ``text/event-stream`` (the dashboard's
  HTML page) and ``SLIPWAY_FOLLOW=poll``; the followers poll with ETags, get ``304``, and still
  see the run end.
- ``slipway login --api-key-stdin`` with a key made by ``POST /api-keys``: stored (0600), sent by
  the next commands, refused with a hint once revoked, forgotten by ``logout``.

The worker is stopped while a generation is started and the followers connect, then started
again: the followers see the run from its start whatever the machine's load, with no sleeps.
What the ``slipway`` command sends is read from httpx's own log (one line per exchange), kept
apart from the test's follower by the thread that logged it.
"""

from __future__ import annotations

import json
import logging
import stat
import threading
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import httpx
import pytest
from typer.testing import Result

from slipway_cli.client import Client, SessionAuth
from slipway_cli.follow import Poller, StreamFollower, Watch, make_source
from slipway_cli.operations import blueprint_watch, settled_fresh
from tests.cli.conftest import CLEAN_ENV, Cli
from tests.conftest import Stack
from tests.support import Proc, wait_for

pytestmark = pytest.mark.slow

WAIT = 120.0  # seconds a condition may take on a loaded machine


@dataclass(frozen=True)
class Exchange:
    path: str
    status: int
    sent_tag: str | None  # the If-None-Match the request carried
    etag: str | None
    content_type: str


def recorded(client: Client) -> list[Exchange]:
    """Every exchange of ``client`` from now on (an httpx response hook: for a stream, it runs
    once the headers have arrived)."""
    seen: list[Exchange] = []

    def hook(response: httpx.Response) -> None:
        seen.append(
            Exchange(
                response.request.url.path,
                response.status_code,
                response.request.headers.get("if-none-match"),
                response.headers.get("etag"),
                response.headers.get("content-type", ""),
            )
        )

    client.http.event_hooks["response"].append(hook)
    return seen


def session_client(cli: Cli) -> Client:
    """A client with the test user's session, as the CLI builds it from the profile."""
    return Client(cli.stack.url, SessionAuth(cli.store, cli.store.profile("default")))


class CliThread:
    """``cli(*args)`` run in a pool thread; ``lines()`` are the httpx log lines that thread
    wrote: what the command sent and what it got, one line per exchange."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        caplog: pytest.LogCaptureFixture,
        cli: Cli,
        *args: str,
        **kw: Any,
    ) -> None:
        self.caplog = caplog
        self.ident: int | None = None
        started = threading.Event()

        def run() -> Result:
            self.ident = threading.get_ident()
            started.set()
            return cli(*args, **kw)

        self.future: Future[Result] = pool.submit(run)
        assert started.wait(WAIT), "the pool never ran the command"

    def lines(self) -> list[str]:
        return [
            r.getMessage()
            for r in list(self.caplog.records)
            if r.name == "httpx" and r.thread == self.ident
        ]


def until(check: Callable[[], bool], what: str, *futures: Future[Any]) -> None:
    """Wait for ``check``; a follower that ended (or failed) before it is reported at once."""
    wait_for(lambda: check() or any(f.done() for f in futures), WAIT, what)
    for f in futures:
        if f.done():
            f.result()  # raises what went wrong in it
            raise AssertionError(f"a follower ended before {what}")


@contextmanager
def worker_held(stack: Stack) -> Iterator[None]:
    """No worker inside the block (started operations wait in Temporal), one after it."""
    stack.stop_worker()
    try:
        yield
    finally:
        stack.ensure_worker()


def status_reads(seen: list[Exchange], bid: str) -> list[Exchange]:
    return [e for e in seen if e.path == f"/blueprints/{bid}/status"]


def assert_conditional(reads: list[Exchange]) -> None:
    """The first read is plain; every later one sends the ETag of the answer before it, and a
    304 confirms that very tag."""
    assert reads and reads[0].sent_tag is None and reads[0].status == 200
    for before, read in pairwise(reads):
        assert read.sent_tag == before.etag, (before, read)
        assert read.status in (200, 304) and read.etag
        if read.status == 304:
            assert read.etag == read.sent_tag


def test_a_generation_is_followed_through_its_event_stream(
    cli: Cli, worker: Proc, caplog: pytest.LogCaptureFixture
) -> None:
    cli.project()
    caplog.set_level(logging.INFO, logger="httpx")
    client = session_client(cli)
    seen = recorded(client)
    follower = make_source(client, "sse")
    assert isinstance(follower, StreamFollower)
    with ThreadPoolExecutor(2) as pool:
        with worker_held(cli.stack):
            bid = cli.json("generate", "--no-wait")["blueprint"]["id"]
            events = f"/blueprints/{bid}/events"
            ours = pool.submit(list, follower.updates(blueprint_watch(bid)))
            theirs = CliThread(pool, caplog, cli, "blueprints", "show", bid, "--follow", "--json")
            until(
                lambda: (
                    any(e.path == events for e in seen)
                    and any(f'{events} "HTTP/1.1 200' in line for line in theirs.lines())
                ),
                "both followers have their stream open",
                ours,
                theirs.future,
            )
        bodies: list[dict[str, Any]] = ours.result(WAIT)
        shown = theirs.future.result(WAIT)
    client.close()

    final = cli.http.get(f"/blueprints/{bid}/status").json()
    assert bodies[-1] == final and final["status"] == "completed" and settled_fresh(final)
    assert bodies[0]["status"] != "completed"  # seen from before the run started
    progress = [b["progress"] for b in bodies]
    assert progress == sorted(progress) and progress[-1] == 100
    # the stream drove the reads: one to begin, one per event (and one after a stream that
    # ended before the answer said so), each conditional
    opens = [e for e in seen if e.path == events]
    assert opens and all(
        e.status == 200 and e.content_type.startswith("text/event-stream") for e in opens
    )
    reads = status_reads(seen, bid)
    assert {e.path for e in seen} == {events, f"/blueprints/{bid}/status"}
    assert follower.events >= 1
    assert 1 + follower.events <= len(reads) <= 1 + follower.events + len(opens)
    assert_conditional(reads)
    assert follower.poller.not_modified == sum(e.status == 304 for e in reads)

    # the command: exit 0 (checked by ``cli``), the blueprint as the API has it, and its own
    # stream opened after its first status read
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["data"]["status"] == "completed"
    lines = theirs.lines()
    assert f"/blueprints/{bid}/status" in lines[0] and '"HTTP/1.1 200' in lines[0]
    assert any(f'{events} "HTTP/1.1 200 OK"' in line for line in lines)


def test_without_a_stream_the_followers_poll_with_etags(
    cli: Cli, worker: Proc, caplog: pytest.LogCaptureFixture
) -> None:
    cli.project()
    caplog.set_level(logging.INFO, logger="httpx")
    client = session_client(cli)
    seen = recorded(client)
    follower = StreamFollower(client, Poller(client))
    assert isinstance(make_source(client, "poll"), Poller)
    with ThreadPoolExecutor(2) as pool:
        with worker_held(cli.stack):
            bid = cli.json("generate", "--no-wait")["blueprint"]["id"]
            status = f"/blueprints/{bid}/status"
            # the "stream" is the dashboard's page: 200 text/html, as a misrouting proxy answers
            watch = Watch(status, "/", done=settled_fresh)
            ours = pool.submit(list, follower.updates(watch))
            theirs = CliThread(
                pool,
                caplog,
                cli,
                "blueprints",
                "show",
                bid,
                "--follow",
                "--json",
                env={"SLIPWAY_FOLLOW": "poll"},
            )
            until(
                lambda: (
                    follower.poller.not_modified >= 2
                    and sum(status in s and "304 Not Modified" in s for s in theirs.lines()) >= 2
                ),
                "both followers have had two 304s",
                ours,
                theirs.future,
            )
        bodies: list[dict[str, Any]] = ours.result(WAIT)
        shown = theirs.future.result(WAIT)
    client.close()

    final = cli.http.get(status).json()
    assert bodies[-1] == final and final["status"] == "completed" and settled_fresh(final)
    # one look at the "stream", no event from it, then polling only
    (page,) = [e for e in seen if e.path == "/"]
    assert page.status == 200 and page.content_type.startswith("text/html")
    assert follower.events == 0
    reads = status_reads(seen, bid)
    assert len(seen) == len(reads) + 1
    assert_conditional(reads)
    assert follower.poller.not_modified == sum(e.status == 304 for e in reads) >= 2

    # SLIPWAY_FOLLOW=poll: the command never asks for the stream, and reaches the end too
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["data"]["status"] == "completed"
    lines = theirs.lines()
    assert not any("/events" in line for line in lines)
    assert sum(status in line and "304 Not Modified" in line for line in lines) >= 2


def test_api_key_login_stores_and_sends_the_key(cli: Cli) -> None:
    pid = cli.project(spec=None)
    made = cli.http.post("/api-keys", json={"name": "follow", "scopes": ["projects:read"]})
    assert made.status_code == 201, made.text
    key, key_id = made.json()["data"]["key"], made.json()["data"]["id"]
    assert key.startswith("slw_")

    home = cli.home.parent / "keyed"
    env = {**CLEAN_ENV, "XDG_CONFIG_HOME": str(home)}
    r = cli("login", "--api-key-stdin", "--url", cli.stack.url, input=key + "\n", env=env)
    assert f"Logged in to {cli.stack.url} with an API key as {cli.email}" in r.stdout
    path = home / "slipway" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    profile = tomllib.loads(path.read_text())["profiles"]["default"]
    assert profile == {"url": cli.stack.url, "email": cli.email, "api_key": key}

    # the key is what the next commands send: they see this user's project
    listed = cli.json("projects", "list", env=env)["data"]
    assert [p["id"] for p in listed] == [pid]
    me = cli.json("whoami", env=env)["data"]
    assert me["email"] == cli.email and me["credential"] == "the API key"

    # revoked on the server: refused at once, with the way out
    assert cli.http.delete(f"/api-keys/{key_id}").status_code == 204
    r = cli("projects", "list", env=env, code=3)
    assert "UNAUTHORIZED" in r.stderr and "log in again with a valid key" in r.stderr

    r = cli("logout", env=env)
    assert "forgot the API key" in r.stdout
    assert "api_key" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
