"""The API Gateway in front of the sandbox's functions: route matching, the Lambda proxy event
(HTTP API payload 2.0 for the JWT strategies, REST API 1.0 for ``api_key``), and the
translation of what the function returns, as API Gateway does them.

Gateway answers (no route, no or bad credentials, throttling, a broken function) have API
Gateway's own bodies (``{"message": ...}``, the OpenAPI document's ``GatewayError``).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote

from slipway.sandbox.template import Route

ACCOUNT = "123456789012"
STAGES = {"2.0": "$default", "1.0": "prod"}


@dataclass(frozen=True)
class Request:
    """An HTTP request to the sandbox, its path relative to the API's base URL."""

    method: str
    path: str
    query: str
    headers: Sequence[tuple[str, str]]
    body: bytes
    source_ip: str
    host: str
    request_id: str

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass(frozen=True)
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def gateway_error(status: int, message: str) -> Response:
    return Response(
        status, [("content-type", "application/json")], json.dumps({"message": message}).encode()
    )


NOT_FOUND = {"2.0": (404, "Not Found"), "1.0": (403, "Missing Authentication Token")}
# Credentials refused before any function runs, as the deployed gateway refuses them and the
# OpenAPI artifact documents it (slipway/artifacts/gateway_answers.py): an HTTP API's JWT
# authorizer answers a missing, invalid or expired token alike, 401 (AWS: "Control access to
# HTTP APIs with JWT authorizers in API Gateway", any failed validation step denies the request;
# "Troubleshooting issues with HTTP API JWT authorizers", 401 {"message":"Unauthorized"},
# https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html);
# 403 is the JWT authorizer's answer only to missing scopes, which no route requires. A REST
# API answers a missing or unknown API key 403 {"message":"Forbidden"} (AWS knowledge center,
# "How do I troubleshoot HTTP 403 errors from API Gateway?").
DENIED = {"2.0": (401, "Unauthorized"), "1.0": (403, "Forbidden")}
"""A missing credential (no bearer token; no ``x-api-key``), by payload version."""
REFUSED = DENIED
"""An invalid or expired credential: the same answer as a missing one."""
BROKEN = {"2.0": (500, "Internal Server Error"), "1.0": (502, "Internal server error")}


def _pattern(path: str) -> re.Pattern[str]:
    parts = [
        "(?P<" + p[1:-1] + ">[^/]+)" if p.startswith("{") and p.endswith("}") else re.escape(p)
        for p in path.split("/")
    ]
    return re.compile("^" + "/".join(parts) + "$")


def match(routes: Sequence[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route serving ``METHOD path`` and its path parameters (decoded), most specific
    first, as API Gateway picks it."""
    for route in routes:
        if route.method != method.upper():
            continue
        found = _pattern(route.path).match(path)
        if found:
            return route, {k: unquote(v) for k, v in found.groupdict().items()}
    return None


def _body(raw: bytes) -> tuple[str | None, bool]:
    if not raw:
        return None, False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode(), True


def _now() -> tuple[str, int]:
    now = datetime.now(UTC)
    return now.strftime("%d/%b/%Y:%H:%M:%S +0000"), int(now.timestamp() * 1000)


def claims_for_gateway(claims: dict[str, Any]) -> dict[str, str]:
    """Token claims as an HTTP API JWT authorizer hands them to the function: strings, arrays
    flattened as ``[a b]``."""
    out = {}
    for key, value in claims.items():
        if isinstance(value, list):
            out[key] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, dict):
            out[key] = json.dumps(value)
        else:
            out[key] = str(value)
    return out


def http_event(
    route: Route, req: Request, params: dict[str, str], claims: dict[str, Any] | None
) -> dict[str, Any]:
    """The HTTP API (payload 2.0) proxy event."""
    when, epoch = _now()
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in req.headers:
        if name.lower() == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    query: dict[str, str] = {}
    for k, v in parse_qsl(req.query, keep_blank_values=True):
        query[k] = f"{query[k]},{v}" if k in query else v
    body, encoded = _body(req.body)
    context: dict[str, Any] = {
        "accountId": ACCOUNT,
        "apiId": "sandbox",
        "domainName": req.host,
        "domainPrefix": req.host.split(".")[0],
        "http": {
            "method": req.method.upper(),
            "path": req.path,
            "protocol": "HTTP/1.1",
            "sourceIp": req.source_ip,
            "userAgent": req.header("user-agent") or "",
        },
        "requestId": req.request_id,
        "routeKey": route.key,
        "stage": STAGES["2.0"],
        "time": when,
        "timeEpoch": epoch,
    }
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": claims_for_gateway(claims), "scopes": None}}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.key,
        "rawPath": req.path,
        "rawQueryString": req.query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": encoded,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if params:
        event["pathParameters"] = params
    if body is not None:
        event["body"] = body
    return event


def rest_event(
    route: Route, req: Request, params: dict[str, str], identity: dict[str, Any]
) -> dict[str, Any]:
    """The REST API (payload 1.0) proxy event; ``identity`` carries the API key's id."""
    _, epoch = _now()
    multi_headers: dict[str, list[str]] = {}
    for name, value in req.headers:
        multi_headers.setdefault(name, []).append(value)
    multi_query: dict[str, list[str]] = {}
    for k, v in parse_qsl(req.query, keep_blank_values=True):
        multi_query.setdefault(k, []).append(v)
    body, encoded = _body(req.body)
    stage = STAGES["1.0"]
    return {
        "resource": route.path,
        "path": req.path,
        "httpMethod": req.method.upper(),
        "headers": {k: v[-1] for k, v in multi_headers.items()} or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "sandbox",
            "httpMethod": req.method.upper(),
            "identity": {
                "sourceIp": req.source_ip,
                "userAgent": req.header("user-agent") or "",
                **identity,
            },
            "path": f"/{stage}{req.path}",
            "protocol": "HTTP/1.1",
            "requestId": req.request_id,
            "requestTimeEpoch": epoch,
            "resourcePath": route.path,
            "stage": stage,
        },
        "body": body,
        "isBase64Encoded": encoded,
    }


def _headers(result: dict[str, Any]) -> list[tuple[str, str]]:
    out = [(str(k), str(v)) for k, v in (result.get("headers") or {}).items()]
    for k, values in (result.get("multiValueHeaders") or {}).items():
        out += [(str(k), str(v)) for v in values]
    out += [("set-cookie", str(c)) for c in result.get("cookies") or []]
    return out


def response(result: Any, payload: str) -> Response:
    """What API Gateway answers for a function's return value (HTTP API 2.0 infers a 200 JSON
    answer from anything that is not a response; REST 1.0 needs a ``statusCode``)."""
    if not (isinstance(result, dict) and "statusCode" in result):
        if payload == "1.0":
            return gateway_error(*BROKEN["1.0"])
        text = result if isinstance(result, str) else json.dumps(result)
        return Response(200, [("content-type", "application/json")], text.encode())
    try:
        status = int(result["statusCode"])
        raw = result.get("body")
        body = b"" if raw is None else str(raw).encode()
        if result.get("isBase64Encoded") and raw is not None:
            body = base64.b64decode(str(raw))
        headers = _headers(result)
    except (TypeError, ValueError, AttributeError):
        return gateway_error(*BROKEN[payload])
    if not 100 <= status <= 599:
        return gateway_error(*BROKEN[payload])
    return Response(status, headers, body)
