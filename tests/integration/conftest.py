"""A moto server over HTTP for the integration tests (one per module)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import support


@pytest.fixture(scope="module")
def moto_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = support.free_port()
    proc = support.moto_server(port, tmp_path_factory.mktemp("moto"))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()
