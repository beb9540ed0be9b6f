"""The follower and the API-key login against features the API does not have yet (SSE streams,
ETag/304 on status reads, API keys): a small stand-in server over real HTTP speaks them, so the
CLI's side is tested now and needs no change when the API gains them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from typer.testing import CliRunner

from slipway_cli.client import Client, StaticAuth
from slipway_cli.follow import Poller, StreamFollower, Watch, make_source, settled
from slipway_cli.main import app as cli_app
from tests.cli.conftest import CLEAN_ENV
from tests.support import ThreadedServer, free_port

KEY = "slw_standin_key"


@dataclass
class StandIn:
    url: str = ""
    version: int = 0
    polls: int = 0
    conditional: int = 0
    not_modified: int = 0
    stream_opens: int = 0
    complete_after_polls: int = 4
    log: list[str] = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        done = self.version >= 3
        return {
            "id": "d1",
            "status": "completed" if done else "running",
            "progress": min(100, self.version * 34),
            "currentStep": f"step {self.version}",
        }


def build(state: StandIn) -> FastAPI:
    api = FastAPI()

    def status_response(request: Request, body: dict[str, Any]) -> Response:
        state.polls += 1
        tag = f'"v{state.version}"'
        if request.headers.get("if-none-match"):
            state.conditional += 1
            if request.headers["if-none-match"] == tag:
                state.not_modified += 1
                return Response(status_code=304, headers={"ETag": tag})
        return JSONResponse(body, headers={"ETag": tag})

    @api.get("/deployments/{did}")
    async def deployment(did: str, request: Request) -> Response:
        return status_response(request, {"data": state.body()})

    @api.get("/deployments/{did}/events")
    async def events(did: str) -> StreamingResponse:
        state.stream_opens += 1

        async def stream() -> AsyncIterator[str]:
            for _ in range(3):
                state.version += 1
                yield f"event: progress\ndata: {json.dumps({'version': state.version})}\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream")

    @api.get("/blueprints/{bid}/status")
    async def blueprint(bid: str, request: Request) -> Response:
        # no events endpoint for blueprints here: the follower must fall back to polling
        if state.polls >= state.complete_after_polls:
            state.version = 3
        return status_response(request, state.body())

    @api.get("/auth/me")
    async def me(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {KEY}":
            return JSONResponse({"error": "Invalid token", "code": "UNAUTHORIZED"}, 401)
        return JSONResponse({"data": {"id": "u1", "email": "key@example.com"}})

    return api


@pytest.fixture
def standin() -> Iterator[StandIn]:
    state = StandIn()
    port = free_port()
    server = ThreadedServer(build(state), port).start()
    state.url = server.url
    try:
        yield state
    finally:
        server.stop()


def test_sse_stream_drives_conditional_status_reads(standin: StandIn) -> None:
    client = Client(standin.url)
    follower = StreamFollower(client, Poller(client))
    watch = Watch("/deployments/d1", "/deployments/d1/events", unwrap=lambda b: b["data"])
    bodies = list(follower.updates(watch))
    client.close()
    assert bodies[-1]["status"] == "completed" and settled(bodies[-1])
    assert [b["progress"] for b in bodies] == sorted(b["progress"] for b in bodies)
    assert follower.events >= 1 and standin.stream_opens == 1
    assert standin.polls == 1 + follower.events  # one read first, then one per event
    assert standin.conditional == standin.polls - 1  # every read after the first sent its ETag


def test_no_stream_falls_back_to_polling_with_etags(standin: StandIn) -> None:
    client = Client(standin.url)
    source = make_source(client)  # auto: tries the stream first
    assert isinstance(source, StreamFollower)
    watch = Watch("/blueprints/b1/status", "/blueprints/b1/events")
    bodies = list(source.updates(watch))
    assert bodies[-1]["status"] == "completed"
    assert standin.not_modified >= 2 and source.poller.not_modified == standin.not_modified
    # the 404 is remembered: the next follow of the same kind goes straight to polling
    standin.version, standin.polls = 0, 0
    again = make_source(client)
    assert list(again.updates(Watch("/blueprints/b2/status", "/blueprints/b2/events")))
    client.close()
    assert isinstance(make_source(client, "poll"), Poller)


def test_api_key_login_stores_and_sends_the_key(standin: StandIn, tmp_path: Path) -> None:
    env = {**CLEAN_ENV, "XDG_CONFIG_HOME": str(tmp_path)}
    runner = CliRunner()
    r = runner.invoke(
        cli_app, ["login", "--api-key-stdin", "--url", standin.url], input=KEY + "\n", env=env
    )
    assert r.exit_code == 0, r.output
    assert "with an API key as key@example.com" in r.stdout
    config = (tmp_path / "slipway" / "config.toml").read_text()
    assert f'api_key = "{KEY}"' in config and "refresh_token" not in config
    r = runner.invoke(cli_app, ["whoami", "--json"], env=env)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["data"]["credential"] == "the API key"
    r = runner.invoke(cli_app, ["logout"], env=env)
    assert (
        "forgot the API key" in r.stdout
        and "api_key" not in (tmp_path / "slipway" / "config.toml").read_text()
    )
    client = Client(standin.url, StaticAuth("slw_wrong", "the API key"))
    with pytest.raises(Exception) as info:
        client.get_json("/auth/me")
    client.close()
    assert "the API rejected the API key" in str(getattr(info.value, "hint", ""))
