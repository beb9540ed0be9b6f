"""The tests' own servers: a port handed out once is never handed out again, and an API server
whose port is taken fails at once with the reason (a session's stack once waited 30 s and then
errored every test of a module: its port had been handed to another server too)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from tests.support import ThreadedServer, _ephemeral_floor, free_port, listening_socket


def test_free_ports_are_never_handed_out_twice() -> None:
    ports = [free_port() for _ in range(200)]
    assert len(set(ports)) == len(ports)


def test_free_ports_are_below_the_ports_the_os_hands_out_for_port_0() -> None:
    """So a server that binds port 0 later (the Temporal dev server's internal services) can
    never take a port already handed to another server of the stack."""
    floor = _ephemeral_floor()
    assert all(free_port() < floor for _ in range(200))


def test_a_server_on_a_taken_port_fails_at_once() -> None:
    held = listening_socket()
    held.listen()
    try:
        with pytest.raises(OSError):
            ThreadedServer(FastAPI(), int(held.getsockname()[1]))
    finally:
        held.close()


def test_a_server_serves_on_the_socket_it_was_given() -> None:
    server = ThreadedServer(FastAPI(), sock=listening_socket()).start()
    try:
        assert server.server.started and server.url.endswith(f":{server.port}")
    finally:
        server.stop()
