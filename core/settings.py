"""Runtime configuration: every setting is an environment variable with a sane default."""

from __future__ import annotations

import os
import secrets
import time
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

INSECURE_SECRETS = {"", "secret", "changeme", "change-me", "dev", "development", "jwt-secret"}
MIN_PRODUCTION_SECRET_LENGTH = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    slipway_env: Literal["development", "test", "production"] = "development"
    slipway_data_dir: Path = Path("./data")
    database_url: str = ""
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    # Temporal transport security (README, "Security"): TLS with system roots, a private CA,
    # mTLS (client certificate + key, PEM files) and/or an API key (Temporal Cloud).
    temporal_tls: bool = False
    temporal_tls_ca: Path | None = None
    temporal_tls_cert: Path | None = None
    temporal_tls_key: Path | None = None
    temporal_tls_server_name: str | None = None
    temporal_api_key: str | None = None
    task_queue: str = "slipway"
    jwt_secret: str = ""
    access_token_ttl: int = Field(default=3600, ge=60, le=86400)
    refresh_token_ttl: int = Field(default=30 * 86400, ge=3600)
    # Login throttling per account (README, "Authentication"; api/auth/throttle.py)
    login_free_failures: int = Field(default=5, ge=1)
    login_max_delay: int = Field(default=60, ge=1, le=3600)
    login_failure_window: int = Field(default=900, ge=60)
    login_known_address_days: int = Field(default=30, ge=1)
    rate_limit_storage: str = "memory://"
    rate_limit_enabled: bool = True
    rate_limit_key_prefix: str = "slipway"
    trusted_proxies: str = ""
    aws_endpoint_url: str | None = "http://127.0.0.1:5000"
    aws_region: str = "us-east-1"
    llm_provider: Literal["offline", "openai"] = "offline"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str | None = None
    llm_timeout: float = 60.0
    llm_max_retries: int = 3
    llm_daily_token_budget: int = Field(default=1_000_000, ge=0)
    """Input + output tokens one user may spend on the assistant per UTC day (0: none)."""
    port: int = 8000
    host: str = "127.0.0.1"
    log_level: str = "INFO"
    access_log: bool = False
    """One JSON ``request`` line per HTTP request (logger ``slipway.access``)."""
    status_query_timeout: float = 1.0
    compute_workers: int = Field(default=2, ge=1, le=32)
    """Threads per pool for CPU work off the event loop (one pool compiles, one builds
    artifacts)."""
    compute_timeout: float = Field(default=20.0, gt=0)
    """Seconds a compile, diff or classification may take (queueing included): then 503."""
    artifact_timeout: float = Field(default=60.0, gt=0)
    """Seconds an artifact build may take (queueing included; the SDK generator is killed)."""
    sdk_cache_max_bytes: int = Field(default=256 * 1024 * 1024, ge=1024 * 1024)
    """Bound of the on-disk SDK cache under SLIPWAY_DATA_DIR (least recently used go first)."""
    deploy_failure_timeout: int = Field(default=24 * 3600, ge=1)
    stack_timeout: int = Field(default=1800, ge=5)
    # The sandbox (README, "Try it before AWS: the sandbox")
    sandbox_database_url: str = ""
    """PostgreSQL of PostgreSQL blueprints' sandboxes (a schema each); default: DATABASE_URL
    when it is PostgreSQL, else 127.0.0.1:5432 (user postgres)."""
    sandbox_rows_max: int = Field(default=1000, ge=1)
    """Rows per entity a sandbox holds at most."""
    sandbox_body_max: int = Field(default=256 * 1024, ge=1024)
    """Bytes of a request body to the sandbox API at most (413 above)."""
    sandbox_token_ttl: int = Field(default=3600, ge=60, le=86400)
    stacks_check_interval: float = Field(default=30.0, gt=0)
    """Seconds one listing of the AWS's stacks answers "are this deployment's stacks still
    there?" for every status read (``stacksGone``)."""
    # Live status (README, "Live status"): SSE heartbeat, the SQLite fan-out's poll, tickets
    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    events_poll_interval: float = Field(default=0.2, gt=0, le=5)
    stream_ticket_ttl: int = Field(default=60, ge=1, le=60)
    # Operations (README, "Operations: webhooks, audit log, drift")
    webhook_allow_private: bool = False
    """Local development and tests only: deliver to loopback/private addresses (refused in
    production)."""
    webhook_secret_key: str = ""
    """Key the webhook signing secrets are encrypted with at rest (default: derived from
    JWT_SECRET)."""
    webhook_timeout: float = Field(default=10.0, gt=0, le=60)
    webhook_retry_initial: float = Field(default=10.0, gt=0)
    webhook_retry_max_interval: float = Field(default=3600.0, gt=0)
    webhook_retry_window: int = Field(default=24 * 3600, ge=1)
    drift_check_interval: int = Field(default=24 * 3600, ge=60)

    @field_validator("database_url")
    @classmethod
    def _normalise_db(cls, value: str) -> str:
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @field_validator("aws_endpoint_url")
    @classmethod
    def _empty_endpoint_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _secure_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.slipway_data_dir / 'slipway.db').as_posix()}"
        if (self.temporal_tls_cert is None) != (self.temporal_tls_key is None):
            raise ValueError("TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS)")
        for pem in (self.temporal_tls_ca, self.temporal_tls_cert, self.temporal_tls_key):
            if pem is not None and not pem.is_file():
                raise ValueError(f"Temporal TLS file {pem} does not exist")
        if self.slipway_env == "production":
            if (
                self.jwt_secret.lower() in INSECURE_SECRETS
                or len(self.jwt_secret) < MIN_PRODUCTION_SECRET_LENGTH
            ):
                raise ValueError(
                    "JWT_SECRET must be set to a random value of at least "
                    f"{MIN_PRODUCTION_SECRET_LENGTH} characters when SLIPWAY_ENV=production "
                    "(generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
        elif not self.jwt_secret:
            self.jwt_secret = _dev_secret(self.slipway_data_dir)
        if self.slipway_env == "production" and self.webhook_allow_private:
            raise ValueError("WEBHOOK_ALLOW_PRIVATE is for local development and tests only")
        return self

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _dev_secret(data_dir: Path) -> str:
    """A per-checkout development secret, generated once and kept under the data dir.

    Keeping it on disk means tokens survive a restart of `make run` and that the API and any
    second API process of the same checkout agree on it.
    """
    path = data_dir / ".jwt-dev-secret"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it right now
            value = path.read_text().strip()
            if value:
                return value
            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty: delete it and start again") from None
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
