"""PostgreSQL for the sandboxes of PostgreSQL blueprints on a machine that has none: ``make run``
starts an embedded server (the ``pgserver`` package: PostgreSQL binaries in a wheel) with its
data in SLIPWAY_DATA_DIR/postgres, hands its URL to the API as SANDBOX_DATABASE_URL, and stops
it with the rest. Nothing starts when a PostgreSQL is configured (SANDBOX_DATABASE_URL, or a
PostgreSQL DATABASE_URL) or one listens on 127.0.0.1:5432."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.settings import Settings


@dataclass
class Embedded:
    url: str
    server: Any

    def stop(self) -> None:
        self.server.cleanup()


def listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def needed(settings: Settings, local_port: int = 5432) -> bool:
    configured = settings.sandbox_database_url or settings.database_url.startswith("postgresql")
    return not configured and not listening(local_port)


def start(folder: Path) -> Embedded:
    """The embedded server (its data kept in ``folder`` across restarts)."""
    import pgserver

    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder, cleanup_mode="stop")
    return Embedded(str(server.get_uri()), server)
