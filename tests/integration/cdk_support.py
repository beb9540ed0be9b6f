"""Helpers for the CDK project tests: the project on disk, its handlers loaded as modules, and
the deployed project run locally: the AWS resources its stacks create (tables, audit table, KMS
keys, the JWT signing secret, an API key) made on a moto server, each function given the
environment its stack gives it, behind an API-Gateway-shaped HTTP adapter that serves the
generated route table (authorizer or API key in front of the protected routes). A PostgreSQL
project's functions call the RDS Data API, answered from a real PostgreSQL database by the
sandbox's Data API adapter (``core.sandbox.dataapi``): the same path Slipway's own stacks take."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import boto3
import psycopg
import pytest

from core.sandbox.dataapi import DATA_API, Target
from slipway.artifacts.cdk import build_cdk_project
from slipway.ir import Blueprint

JWT_SECRET = "gallery-" + "s" * 40
HANDLER_MODULES = (
    "common",
    "validation",
    "protect",
    "audit",
    "dynamo_store",
    "postgres_store",
    "crud",
    "authorizer",
)


def write_project(bp: Blueprint, root: Path, prefix: str = "slipway-g-12345678") -> None:
    for name, text in build_cdk_project(bp, stack_prefix=prefix).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def synth(root: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python3 app.py`` in the project folder, as ``cdk synth`` runs it (aws-cdk-lib and the
    machine's Node.js); templates under ``root/cdk.out``."""
    return subprocess.run(
        [sys.executable, "app.py"],
        cwd=root,
        env={
            **os.environ,
            "CDK_OUTDIR": str(root / "cdk.out"),
            "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
        },
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def templates(root: Path) -> dict[str, dict[str, Any]]:
    """The synthesized templates by stack key (``data``, ``auth``, ``compute``, ``api``, ``ops``)."""
    out: dict[str, dict[str, Any]] = {}
    for path in (root / "cdk.out").glob("*.template.json"):
        out[path.name.split(".")[0].rsplit("-", 1)[1]] = json.loads(path.read_text())
    return out


def load_module(path: Path, name: str) -> ModuleType:
    """A module loaded from its file under a unique name. The handlers import their siblings
    (``import common``) as Lambda does: the folder goes first on sys.path while it loads, and
    siblings of another project loaded earlier are forgotten, so each project gets its own."""
    saved = {m: sys.modules.pop(m) for m in HANDLER_MODULES if m in sys.modules}
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(path.parent))
        for m in HANDLER_MODULES:
            sys.modules.pop(m, None)
        sys.modules.update(saved)


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


def rest_event(
    method: str, path_id: str | None = None, body: Any = None, api_key_id: str | None = None
) -> dict[str, Any]:
    """An API Gateway REST API proxy event (payload format 1.0)."""
    return {
        "httpMethod": method,
        "requestContext": {"identity": {"apiKeyId": api_key_id}},
        "pathParameters": {"id": path_id} if path_id else None,
        "queryStringParameters": None,
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def pg_admin_url() -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        return re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql://", configured)
    return os.environ.get("SLIPWAY_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new PostgreSQL database for one test (skips the test without a server)."""
    admin = pg_admin_url()
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=2)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {admin} (set SLIPWAY_TEST_PG_URL): {exc}")
    name = f"slipway_cdk_{uuid.uuid4().hex[:10]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


def kms_key(moto_url: str, mac: bool = False) -> str:
    """A customer-managed key on moto: symmetric encryption, or HMAC-256 for blind indexes."""
    kms = aws("kms", moto_url)
    if mac:
        meta = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    else:
        meta = kms.create_key(KeyUsage="ENCRYPT_DECRYPT")
    return str(meta["KeyMetadata"]["Arn"])


def secret(moto_url: str, value: str) -> str:
    name = f"jwt-{uuid.uuid4().hex[:8]}"
    return str(aws("secretsmanager", moto_url).create_secret(Name=name, SecretString=value)["ARN"])


def route_pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^/{}]+\})", path)
    body = "".join(
        "[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts
    )
    return re.compile(f"^{body}$")


def database_url(pg_db: str) -> str:
    return pg_admin_url().rsplit("/", 1)[0] + f"/{pg_db}"


def _database_env(moto_url: str, pg_db: str) -> dict[str, str]:
    """The data stack's cluster, locally: its credentials' secret on moto and its Data API
    answered from database ``pg_db`` (the adapter checks the caller names that secret)."""
    cluster = f"arn:aws:rds:us-east-1:123456789012:cluster:cdk-{uuid.uuid4().hex[:12]}"
    secret_arn = secret(moto_url, json.dumps({"username": "slipway", "password": "x"}))
    DATA_API.register(cluster, Target(database_url(pg_db), "public", secret_arn))
    return {
        "STORE": "postgres",
        "DB_CLUSTER_ARN": cluster,
        "DB_SECRET_ARN": secret_arn,
        "DB_NAME": pg_db,
    }


class Backend:
    """The deployed project, locally: what its stacks create, made on moto (and PostgreSQL),
    and its functions run with the environment their stacks give them."""

    def __init__(self, root: Path, moto_url: str, pg_db: str | None = None) -> None:
        self.config: dict[str, Any] = json.loads((root / "blueprint.json").read_text())
        self.base = local_aws_env(moto_url)
        if pg_db is not None:
            self.base.update(_database_env(moto_url, pg_db))
        entities = {e["name"]: e for e in self.config["entities"]}
        self.audit_table = dynamo_table(moto_url, "audit") if self.config["auditTable"] else None
        self.env: dict[str, dict[str, str]] = {}
        self.modules: dict[str, ModuleType] = {}
        for fn in self.config["functions"]:
            e = entities[fn["entity"]]
            env = {**self.base, "RESOURCE": fn["id"]}
            env["TABLE_NAME"] = e["table"] if pg_db else dynamo_table(moto_url, e["table"])
            if e["fieldKey"]:
                env["FIELD_KEY_ARN"] = kms_key(moto_url)
            if e["macKey"]:
                env["MAC_KEY_ARN"] = kms_key(moto_url, mac=True)
            if e["auditLog"] and self.audit_table and fn["writes"]:
                env["AUDIT_TABLE"] = self.audit_table
            self.env[fn["id"]] = env
            self.modules[fn["id"]] = load_module(
                root / "handlers" / "crud.py", f"crud_{uuid.uuid4().hex}"
            )
        self.modules["Health"] = load_module(root / "handlers" / "health.py", "health_gallery")
        self.env["Health"] = self.base
        self.routes = [(route_pattern(r["path"]), r) for r in self.config["routes"]]
        strategy = self.config["auth"]["strategy"]
        self.rest = strategy == "api_key"  # a REST API (payload 1.0) with a usage-plan key
        self.api_key = secrets.token_urlsafe(30)
        self.api_key_id = f"key-{uuid.uuid4().hex[:10]}"
        self.authorizer_env = {
            **local_aws_env(moto_url),
            "JWT_SECRET_ARN": secret(moto_url, JWT_SECRET),
        }
        self.authorizer = load_module(root / "handlers" / "authorizer.py", "authorizer_gallery")
        self.lock = threading.Lock()

    def run(self, env: dict[str, str], module: ModuleType, evt: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            saved = dict(os.environ)
            os.environ.update(env)
            try:
                return dict(module.handler(evt))
            finally:
                os.environ.clear()
                os.environ.update(saved)

    def route(self, method: str, path: str) -> dict[str, Any] | None:
        for pattern, route in self.routes:
            if route["method"] == method and pattern.match(path):
                return route
        return None

    def _event(
        self, method: str, route: dict[str, Any], path: str, request: dict[str, Any]
    ) -> dict[str, Any]:
        item_id = path.rsplit("/", 1)[1] if route["path"].endswith("/{id}") else None
        common = {
            "pathParameters": {"id": item_id} if item_id else None,
            "queryStringParameters": request.get("query") or None,
            "body": request.get("body"),
            "isBase64Encoded": False,
            "headers": request["headers"],
        }
        if self.rest:
            identity = {"apiKeyId": self.api_key_id if route["auth"] == "api_key" else None}
            return {"httpMethod": method, "requestContext": {"identity": identity}, **common}
        return {
            "version": "2.0",
            "routeKey": f"{method} {route['path']}",
            "requestContext": {"http": {"method": method}},
            **common,
        }

    def handle(self, method: str, path: str, request: dict[str, Any]) -> dict[str, Any]:
        """What API Gateway does with a request: route, authorize, invoke."""
        route = self.route(method, path)
        if route is None:
            return {"statusCode": 404, "body": '{"message": "Not Found"}'}
        evt = self._event(method, route, path, request)
        headers = request["headers"]
        if route["auth"] == "api_key" and headers.get("x-api-key") != self.api_key:
            return {"statusCode": 403, "body": '{"message": "Forbidden"}'}
        if route["auth"] == "jwt":
            if "authorization" not in headers:  # the identity source is missing
                return {"statusCode": 401, "body": '{"message": "Unauthorized"}'}
            verdict = self.run(self.authorizer_env, self.authorizer, dict(evt))
            if not verdict["isAuthorized"]:
                return {"statusCode": 403, "body": '{"message": "Forbidden"}'}
            evt["requestContext"]["authorizer"] = {"lambda": verdict["context"]}
        target = route["function"]
        return self.run(self.env[target], self.modules[target], evt)


def serve(backend: Backend) -> HTTPServer:
    """HTTP → API Gateway event → handler, as API Gateway does."""

    class Adapter(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            request = {
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "query": dict(parse_qsl(url.query)),
                "body": self.rfile.read(length).decode() if length else None,
            }
            result = backend.handle(self.command, url.path, request)
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
