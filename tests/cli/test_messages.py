"""What the CLI says, against the real API: chat with no draft, piped chat, a retried 429, the
preview's actions, and which 404 of an event stream turns streams off."""

from __future__ import annotations

import io
import itertools
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from rich.console import Console

from slipway_cli import follow
from slipway_cli.client import Client, SessionAuth
from slipway_cli.follow import Poller, StreamFollower, Watch
from slipway_cli.output import Output
from slipway_cli.render import render_preview
from tests.cli.conftest import Cli


def test_discard_without_a_draft_says_there_is_none(cli: Cli) -> None:
    cli.project()
    r = cli("chat", input="/discard\n/quit\n")
    assert "There is no draft" in r.stderr and "Draft discarded" not in r.stdout
    r = cli("spec", "discard")
    assert "There is no draft" in r.stderr and "Draft discarded" not in r.stdout
    assert cli.json("spec", "discard")["data"] == {"discarded": False}
    cli("chat", "Add a comments feature to products")
    r = cli("chat", input="/discard\n/quit\n")
    assert "Draft discarded" in r.stdout and "no draft" not in r.stderr
    assert cli.json("spec", "show")["draft"] is None


def test_piped_chat_prints_no_lone_prompt_and_labels_the_change_class(cli: Cli) -> None:
    cli.project()
    r = cli("chat", "Add a comments feature to products")
    lines = r.stdout.splitlines()
    assert not [line for line in lines if line.strip() == "assistant>"], r.stdout
    assert any(line.startswith("assistant> ") and len(line) > 12 for line in lines), r.stdout
    # nothing generated yet: the classify call compares with no revision at all
    assert "What deploying this would change (nothing generated yet: every resource is new)" in (
        r.stdout
    )
    assert "against an empty project" not in r.stdout


class _Limited(BaseHTTPRequestHandler):
    """A server at the HTTP boundary: the first request is rate limited, the next answered."""

    hits = itertools.count()

    def do_GET(self) -> None:
        if next(self.hits) == 0:
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Type", "application/json")
            body = b'{"error": "Too many requests", "code": "RATE_LIMITED"}'
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            body = b'{"data": []}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def limited_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Limited)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_retried_429_names_the_request_and_the_rate_limit(limited_server: str) -> None:
    notices: list[str] = []
    client = Client(limited_server, notice=notices.append)
    try:
        assert client.get_json("/projects") == {"data": []}
    finally:
        client.close()
    assert len(notices) == 1, notices
    assert "GET /projects" in notices[0] and "rate limit" in notices[0], notices
    assert "retrying in 0 s" in notices[0]


PREVIEW = {
    "stacks": [
        {
            "key": "data",
            "name": "slipway-x-data",
            "changes": [
                {"action": "add", "logicalId": "ReviewTable", "resourceType": "AWS::DynamoDB::Table",
                 "replacement": False},
                {"action": "modify", "logicalId": "Api", "resourceType": "AWS::Lambda::Function",
                 "replacement": True},
                {"action": "remove", "logicalId": "Old", "resourceType": "AWS::SQS::Queue",
                 "replacement": False},
            ],
        }
    ]
}  # fmt: skip


def _rendered(terminal: bool) -> str:
    out = Output()
    buffer = io.StringIO()
    out.out = Console(file=buffer, force_terminal=terminal, width=160, highlight=False)
    render_preview(out, PREVIEW)
    return buffer.getvalue()


def test_preview_prints_each_action_and_the_replacement_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _rendered(terminal=False)  # piped: tab-separated lines on stdout
    plain = capsys.readouterr().out.splitlines()
    start = plain.index("action\tlogical id\ttype\treplacement") + 1
    rows = [line.split("\t") for line in plain[start : start + 3]]
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("add", "ReviewTable", "no"),
        ("modify", "Api", "yes"),
        ("remove", "Old", "no"),
    ]
    coloured = _rendered(terminal=True)
    assert "\x1b[32madd" in coloured and "\x1b[33mmodify" in coloured
    assert "\x1b[31mremove" in coloured and "completed" not in coloured


def _follow_through(cli: Cli, events_path: str) -> StreamFollower:
    """A follower whose status reads succeed and whose stream is ``events_path``; done after
    three reads."""
    client = Client(cli.stack.url, SessionAuth(cli.store, cli.store.profile("default")))
    reads = itertools.count(1)
    watch = Watch("/auth/me", events_path, done=lambda _: next(reads) >= 3)
    follower = StreamFollower(client, Poller(client, min_interval=0.05))
    try:
        assert len(list(follower.updates(watch))) >= 3
    finally:
        client.close()
    return follower


def test_only_a_missing_route_turns_event_streams_off(cli: Cli) -> None:
    shapes = ("/blueprints/{id}/events", "/blueprints/{id}/no-such-stream")
    follow._MISSING_STREAMS.difference_update(shapes)
    try:
        # a blueprint that is not there (or someone else's): the API's NOT_FOUND for the
        # resource; this follow polls, and later follows still use the stream
        _follow_through(cli, f"/blueprints/{uuid.uuid4()}/events")
        assert shapes[0] not in follow._MISSING_STREAMS
        # a route this server lacks (an older server): streams of that shape are off
        _follow_through(cli, f"/blueprints/{uuid.uuid4()}/no-such-stream")
        assert shapes[1] in follow._MISSING_STREAMS
    finally:
        follow._MISSING_STREAMS.difference_update(shapes)
