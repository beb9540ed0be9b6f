"""Following a long operation: one small interface, two sources.

``Source.updates(watch)`` yields status bodies until ``watch.done(body)``.

- ``Poller`` reads the status endpoint, quickly at first then once a second, sending
  ``If-None-Match`` once the API has answered with an ``ETag`` (a ``304`` reuses the last body).
- ``StreamFollower`` listens to the Server-Sent Events stream of the resource
  (``/blueprints/{id}/events``, ``/deployments/{id}/events``, ``/projects/{id}/events``) and
  re-reads the status on every event (conditionally, so it costs a 304), which keeps it
  independent of the events' payloads. A ``404``/``405`` for the route (no stream on this
  server: remembered for the process), a ``404`` for the resource (the API's ``NOT_FOUND``
  body: this follow only), a stream that is not ``text/event-stream`` or a broken connection
  falls back to polling; a quiet stream is re-read and reconnected after ``read_timeout``.

``SLIPWAY_FOLLOW=poll`` forces polling, ``SLIPWAY_FOLLOW=sse`` (or ``auto``, the default)
prefers the stream.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from httpx_sse import SSEError

from slipway_cli.client import Client

TERMINAL = frozenset({"completed", "failed", "cancelled", "rolled_back", "destroyed"})
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_MISSING_STREAMS: set[str] = set()  # endpoint shapes this server answered 404/405 for


def _identity(body: Any) -> dict[str, Any]:
    return dict(body)


def ended(body: dict[str, Any]) -> bool:
    """A generation, validation or deployment that will not change any more by itself."""
    return body.get("status") in TERMINAL and not body.get("awaitingDecision")


def settled(body: dict[str, Any]) -> bool:
    """Ended, or parked: a failed deployment waiting for continue / rollback / cancel."""
    return body.get("status") in TERMINAL


@dataclass
class Watch:
    status_path: str
    events_path: str | None = None
    done: Callable[[dict[str, Any]], bool] = settled
    unwrap: Callable[[Any], dict[str, Any]] = field(default=_identity)


class Source(Protocol):
    def updates(self, watch: Watch) -> Iterator[dict[str, Any]]: ...


class Poller:
    def __init__(self, client: Client, min_interval: float = 0.25, max_interval: float = 1.0):
        self.client = client
        self.min_interval = min_interval
        self.max_interval = max_interval
        self._etags: dict[str, str] = {}
        self._bodies: dict[str, dict[str, Any]] = {}
        self.not_modified = 0  # 304 answers received (ETag reuse)

    def read(self, watch: Watch) -> dict[str, Any]:
        path = watch.status_path
        etag = self._etags.get(path)
        headers = {"If-None-Match": etag} if etag and path in self._bodies else None
        response = self.client.request("GET", path, headers=headers)
        if response.status_code == 304 and path in self._bodies:
            self.not_modified += 1
            return self._bodies[path]
        body = watch.unwrap(response.json())
        self._bodies[path] = body
        if response.headers.get("etag"):
            self._etags[path] = response.headers["etag"]
        return body

    def updates(self, watch: Watch) -> Iterator[dict[str, Any]]:
        delay = self.min_interval
        while True:
            body = self.read(watch)
            yield body
            if watch.done(body):
                return
            time.sleep(delay)
            delay = min(delay * 1.5, self.max_interval)


class StreamFollower:
    def __init__(self, client: Client, poller: Poller, read_timeout: float = 15.0) -> None:
        self.client = client
        self.poller = poller
        self.read_timeout = read_timeout
        self.events = 0  # SSE events received

    def updates(self, watch: Watch) -> Iterator[dict[str, Any]]:
        body = self.poller.read(watch)
        yield body
        if watch.done(body):
            return
        path = watch.events_path
        while path and _UUID.sub("{id}", path) not in _MISSING_STREAMS:
            try:
                for body in self._stream(watch, path):
                    yield body
                    if watch.done(body):
                        return
            except httpx.ReadTimeout:
                pass  # a quiet stream: re-read below, then reconnect
            except (httpx.TransportError, SSEError):
                break
            time.sleep(self.poller.min_interval)
            body = self.poller.read(watch)
            yield body
            if watch.done(body):
                return
        yield from self.poller.updates(watch)

    def _stream(self, watch: Watch, path: str) -> Iterator[dict[str, Any]]:
        with self.client.sse(path, self.read_timeout) as source:
            status = source.response.status_code
            if status == 404 and _resource_missing(source.response):
                raise SSEError("the resource of this event stream was not found")
            if status in (404, 405, 501):
                _MISSING_STREAMS.add(_UUID.sub("{id}", path))
                return
            if status != 200:
                raise SSEError(f"event stream answered {status}")
            for _event in source.iter_sse():
                self.events += 1
                yield self.poller.read(watch)


def _resource_missing(response: httpx.Response) -> bool:
    """A 404 in the API's uniform error body about the resource (missing, or someone else's),
    not about the route: the stream exists on this server. A route the server lacks answers a
    body without a code, or this API's ``No route for ...``."""
    try:
        body = json.loads(response.read())
    except ValueError:
        return False
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return False
    return not str(body.get("error") or "").startswith("No route for")


def make_source(client: Client, mode: str | None = None) -> Source:
    mode = (mode or os.environ.get("SLIPWAY_FOLLOW") or "auto").lower()
    poller = Poller(client)
    if mode == "poll":
        return poller
    return StreamFollower(client, poller)
