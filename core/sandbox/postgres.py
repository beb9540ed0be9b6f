"""Which PostgreSQL the sandboxes of PostgreSQL blueprints use (each sandbox in a schema of its
own): ``SANDBOX_DATABASE_URL``; else ``DATABASE_URL`` when it is PostgreSQL; else one listening
on 127.0.0.1:5432 (user ``postgres``, as a developer machine or CI has it). None reachable: a
PostgreSQL blueprint's sandbox answers 503 saying what to set (DynamoDB ones need none)."""

from __future__ import annotations

import functools
import logging

import psycopg
from sqlalchemy.engine import make_url

from core.settings import Settings

logger = logging.getLogger("slipway.sandbox")
LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres"


def libpq(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) as libpq takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        logger.info("sandbox PostgreSQL not reachable", extra={"reason": type(exc).__name__})
        return False
    return True


@functools.cache
def _locate(configured: str, database_url: str) -> str | None:
    if configured:
        return libpq(configured)
    if database_url.startswith("postgresql"):
        return libpq(database_url)
    return LOCAL if _reachable(LOCAL) else None


def postgres_url(settings: Settings) -> str | None:
    """The sandboxes' PostgreSQL (libpq URL), or None when there is none."""
    return _locate(settings.sandbox_database_url, settings.database_url)
