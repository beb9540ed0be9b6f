"""docker-compose.yml cannot run here (no Docker engine): check it statically against the settings."""

from __future__ import annotations

from pathlib import Path

import yaml

from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
EXTRA_ENV = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # read by boto3, not by Settings


def test_services_of_the_at_scale_column() -> None:
    assert {
        "postgres",
        "temporal",
        "temporal-ui",
        "redis",
        "moto",
        "api",
        "worker",
        "temporal-search-attributes",
    } <= set(COMPOSE["services"])


def test_environment_matches_settings() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    for service in ("api", "worker"):
        env = COMPOSE["services"][service]["environment"]
        unknown = set(env) - fields - EXTRA_ENV
        assert not unknown, (service, unknown)
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["RATE_LIMIT_STORAGE"].startswith("redis://")
        assert env["TEMPORAL_ADDRESS"] == "temporal:7233"
        assert env["SLIPWAY_ENV"] == "production"
        assert "JWT_SECRET" in env and ":?" in env["JWT_SECRET"]


def test_ports_agree_with_defaults() -> None:
    services = COMPOSE["services"]
    default_port = Settings.model_fields["port"].default
    assert f"{default_port}:8000" in services["api"]["ports"]
    assert "127.0.0.1:7233:7233" in services["temporal"]["ports"]
    assert "127.0.0.1:5000:5000" in services["moto"]["ports"]
    assert "127.0.0.1:8233:8080" in services["temporal-ui"]["ports"]


def test_only_the_api_is_published_beyond_loopback() -> None:
    """Temporal (gRPC and UI) and moto have no authentication in compose: issue 12 item 6."""
    published = {
        name: [str(p) for p in s.get("ports", [])] for name, s in COMPOSE["services"].items()
    }
    assert {"temporal", "temporal-ui", "moto"} <= {
        name for name, ports in published.items() if ports
    }
    for name, ports in published.items():
        for port in ports if name != "api" else []:
            assert port.count(":") == 2 and port.startswith("127.0.0.1:"), (name, port)


def test_api_and_worker_share_the_image() -> None:
    api, worker = COMPOSE["services"]["api"], COMPOSE["services"]["worker"]
    assert api["build"] == worker["build"] == "."
    assert worker["command"] == ["python", "worker.py"]


def test_search_attributes_registered() -> None:
    command = " ".join(COMPOSE["services"]["temporal-search-attributes"]["command"])
    for attr in ("ProjectId", "UserId", "Phase"):
        assert attr in command


def test_dockerfile_runs_migrations_and_the_api() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "alembic upgrade head" in text and "uvicorn api.main:app" in text
    assert "--no-proxy-headers" in text  # TRUSTED_PROXIES alone decides the client address
    assert "USER slipway" in text
    assert "chown slipway /app/data" in text  # the default SLIPWAY_DATA_DIR (SDK cache) writable
