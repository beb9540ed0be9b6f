"""Helpers for the CDK project tests: the project on disk, its handlers loaded as modules, and
the deployed compute stack run locally behind an API-Gateway-shaped HTTP adapter."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import boto3
import psycopg

from slipway.artifacts.cdk import build_cdk_project, entity_schema, route_rules
from slipway.ir import Blueprint

JWT_SECRET = "gallery-" + "s" * 40


def write_project(bp: Blueprint, root: Path, prefix: str = "slipway-g-12345678") -> None:
    for name, text in build_cdk_project(bp, stack_prefix=prefix).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def event(
    method: str, path_id: str | None = None, body: Any = None, query: dict[str, str] | None = None
) -> dict[str, Any]:
    """An API Gateway HTTP API event (payload format 2.0)."""
    return {
        "version": "2.0",
        "requestContext": {"http": {"method": method}},
        "pathParameters": {"id": path_id} if path_id else None,
        "queryStringParameters": query,
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def pg_admin_url() -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        return re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql://", configured)
    return os.environ.get("SLIPWAY_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def aws(service: str, moto_url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def local_aws_env(moto_url: str) -> dict[str, str]:
    """The environment a handler sees when it talks to moto instead of AWS."""
    return {
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
    }


def dynamo_table(moto_url: str, prefix: str) -> str:
    """A fresh `id`-keyed, pay-per-request table on moto (as the data stack creates)."""
    table = f"{prefix}-{uuid.uuid4().hex[:8]}"
    aws("dynamodb", moto_url).create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return table


class Backend:
    """The deployed compute stack, locally: one CRUD module per entity, each with the
    environment the CDK stack gives its function (applied around each call)."""

    def __init__(self, bp: Blueprint, root: Path, moto_url: str, pg_db: str | None) -> None:
        self.bp = bp
        self.env: dict[str, dict[str, str]] = {}
        self.modules: dict[str, ModuleType] = {}
        self.public: dict[str, bool] = {}
        base = local_aws_env(moto_url)
        secret_arn = ""
        if pg_db is not None:
            url = psycopg.conninfo.conninfo_to_dict(pg_admin_url())
            secret_arn = aws("secretsmanager", moto_url).create_secret(
                Name=f"rds-{uuid.uuid4().hex[:8]}",
                SecretString=json.dumps(
                    {"username": url.get("user", "postgres"), "password": url.get("password", "")}
                ),
            )["ARN"]
            base.update(
                STORE="postgres",
                DATABASE_HOST=str(url.get("host", "127.0.0.1")),
                DATABASE_PORT=str(url.get("port", "5432")),
                DATABASE_NAME=pg_db,
                DATABASE_SECRET_ARN=secret_arn,
                DATABASE_SSLMODE="disable",
                DATABASE_URL="",  # not Slipway's own: the handler must take the secret path
            )
        entities = {e.name: e for e in bp.entities}
        for r in bp.api.resources:
            e = entities[r.entity]
            env = {
                **base,
                "ENTITY": e.name,
                "SCHEMA": json.dumps(entity_schema(e, r.pagination_limit, bp.tenancy.tenant_key)),
            }
            if pg_db is None:
                env["TABLE_NAME"] = dynamo_table(moto_url, e.table)
            else:
                env["TABLE_NAME"] = e.table
            self.env[r.base_path] = env
            self.public[r.base_path] = r.public or bp.auth.strategy == "none"
            self.modules[r.base_path] = load_module(
                root / "handlers" / "crud.py", f"crud_{uuid.uuid4().hex}"
            )
        self.authorizer = load_module(root / "handlers" / "authorizer.py", "authorizer_gallery")
        self.lock = threading.Lock()

    def call(self, base_path: str, event: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            saved = dict(os.environ)
            os.environ.update(self.env[base_path])
            try:
                if not self.public[base_path]:
                    os.environ["JWT_SECRET"] = JWT_SECRET
                    os.environ["ROUTE_RULES"] = json.dumps(route_rules(self.bp))
                    if "authorization" not in event["headers"]:  # identity source missing
                        return {"statusCode": 401, "body": '{"message": "Unauthorized"}'}
                    verdict = self.authorizer.handler(
                        {"routeKey": event["routeKey"], "headers": event["headers"]}
                    )
                    if not verdict["isAuthorized"]:
                        return {"statusCode": 403, "body": '{"message": "Forbidden"}'}
                    event["requestContext"]["authorizer"] = {"lambda": verdict["context"]}
                return dict(self.modules[base_path].handler(event))
            finally:
                os.environ.clear()
                os.environ.update(saved)


def serve(backend: Backend) -> HTTPServer:
    """HTTP → API Gateway HTTP API event (payload 2.0) → handler, as API Gateway does."""

    class Adapter(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            url = urlsplit(self.path)
            route = next(
                (b for b in backend.modules if url.path == b or url.path.startswith(b + "/")), None
            )
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode() if length else None
            if route is None:
                result: dict[str, Any] = {"statusCode": 404, "body": '{"message": "Not Found"}'}
            else:
                rest = url.path[len(route) :].strip("/")
                result = backend.call(
                    route,
                    {
                        "version": "2.0",
                        "routeKey": f"{self.command} {route}" + ("/{id}" if rest else ""),
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "requestContext": {"http": {"method": self.command}},
                        "pathParameters": {"id": rest} if rest else None,
                        "queryStringParameters": dict(parse_qsl(url.query)) or None,
                        "body": body,
                        "isBase64Encoded": False,
                    },
                )
            payload = (result.get("body") or "").encode()
            self.send_response(result["statusCode"])
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Adapter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
