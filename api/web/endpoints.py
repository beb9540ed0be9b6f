"""The dashboard: its page at ``/`` and its modules and styles under ``/assets/<digest>/``.

The page is one HTML shell (``web/index.html``) with the asset prefix filled in; everything else
is built by the ES modules from the public API's JSON (client-side routes live in the URL's
fragment, ``/#/projects/<id>/spec``, so no path of the API is shadowed).
"""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.assets import AssetSet, send
from api.web.headers import PAGE_HEADERS
from core.errors import NotFound
from web import DIR as WEB_DIR

ASSETS_PREFIX = "/assets"
router = APIRouter(include_in_schema=False)


@cache
def dashboard_assets() -> AssetSet:
    return AssetSet.from_directory(WEB_DIR, (".js", ".css", ".svg"))


@cache
def _index() -> tuple[bytes, str]:
    base = f"{ASSETS_PREFIX}/{dashboard_assets().digest}"
    body = (WEB_DIR / "index.html").read_text().replace("{{assets}}", base).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@router.get("/")
async def dashboard(request: Request) -> Response:
    body, etag = _index()
    headers = {**PAGE_HEADERS, "Cache-Control": "no-cache"}
    return send(request, body, etag, "text/html; charset=utf-8", headers)


@router.get(ASSETS_PREFIX + "/{digest}/{name:path}")
async def asset(digest: str, name: str, request: Request) -> Response:
    response = dashboard_assets().response(request, digest, name)
    if response is None:
        raise NotFound("Asset")
    return response
