"""API documentation pages (Swagger UI, ReDoc) that work offline and under the pages' CSP.

FastAPI's own ``/docs`` loads Swagger UI from a public CDN and starts it with an inline script:
without internet access, or under a ``script-src 'self'`` policy, the page stays blank. Here the
scripts and style sheets come from the ``fastapi-offline`` package (installed from PyPI), and
each page is started by a small script file of ours (``web/docs/*-init.js``) that reads the
OpenAPI URL from a ``data-`` attribute. Any docs page Slipway serves is built by these helpers:

    from api.docs_pages import redoc_page, swagger_page

    @router.get("/sandbox/{project_id}/docs", include_in_schema=False)
    async def sandbox_docs(project_id: str) -> HTMLResponse:
        return swagger_page(f"/sandbox/{project_id}/openapi.json", "Sandbox API")

The assets are served by ``router`` (``/docs-assets/<digest>/<file>``), which ``install``
includes in the app together with the app's own ``/docs`` and ``/redoc``.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from api.web.assets import AssetSet
from api.web.headers import CONTENT_SECURITY_POLICY, PAGE_HEADERS, REDOC_POLICY
from core.errors import NotFound
from web import DIR as WEB_DIR

ASSETS_PREFIX = "/docs-assets"
_VENDOR_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
_VENDOR_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
_OWN_FILES = ("swagger-init.js", "redoc-init.js", "docs.css")

router = APIRouter(include_in_schema=False)


@cache
def docs_assets() -> AssetSet:
    """Swagger UI and ReDoc as installed by the registry package, and our start scripts."""
    files = {name: _VENDOR_DIR / name for name in _VENDOR_FILES}
    files.update({name: WEB_DIR / "docs" / name for name in _OWN_FILES})
    return AssetSet(files)


def _base() -> str:
    return f"{ASSETS_PREFIX}/{docs_assets().digest}"


def _page(title: str, head: str, body: str, csp: str = CONTENT_SECURITY_POLICY) -> HTMLResponse:
    document = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<link rel="icon" type="image/png" href="{_base()}/favicon.png">\n'
        f"{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )
    headers = {**PAGE_HEADERS, "Content-Security-Policy": csp, "Cache-Control": "no-cache"}
    return HTMLResponse(document, headers=headers)


def swagger_page(openapi_url: str, title: str) -> HTMLResponse:
    """Swagger UI for the OpenAPI document at ``openapi_url`` (a same-origin path)."""
    base = _base()
    return _page(
        f"{title} - Swagger UI",
        f'<link rel="stylesheet" href="{base}/swagger-ui.css">\n'
        f'<link rel="stylesheet" href="{base}/docs.css">\n',
        f'<div id="swagger-ui" data-openapi-url="{html.escape(openapi_url, quote=True)}"></div>\n'
        f'<script src="{base}/swagger-ui-bundle.js"></script>\n'
        f'<script src="{base}/swagger-init.js"></script>\n',
    )


def redoc_page(openapi_url: str, title: str) -> HTMLResponse:
    """ReDoc for the OpenAPI document at ``openapi_url`` (a same-origin path)."""
    base = _base()
    return _page(
        f"{title} - ReDoc",
        f'<link rel="stylesheet" href="{base}/docs.css">\n',
        f'<div id="redoc" data-openapi-url="{html.escape(openapi_url, quote=True)}"></div>\n'
        f'<script src="{base}/redoc.standalone.js"></script>\n'
        f'<script src="{base}/redoc-init.js"></script>\n',
        REDOC_POLICY,
    )


@router.get(ASSETS_PREFIX + "/{digest}/{name}")
async def docs_asset(digest: str, name: str, request: Request) -> Response:
    response = docs_assets().response(request, digest, name)
    if response is None:
        raise NotFound("Asset")
    return response


def install(app: FastAPI) -> None:
    """The app's ``/docs`` and ``/redoc`` (create the app with ``docs_url=None,
    redoc_url=None``) and the route of their assets."""
    openapi_url = app.openapi_url or "/openapi.json"
    title = app.title

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return swagger_page(openapi_url, title)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return redoc_page(openapi_url, title)

    app.include_router(router)
