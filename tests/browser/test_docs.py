"""Item 7: /docs (Swagger UI) and /redoc load with the network cut, from the installed package's
assets, under the pages' CSP; the dashboard and docs assets are cached by digest and ETag."""

from __future__ import annotations

import httpx

from api.web.headers import CONTENT_SECURITY_POLICY
from tests.browser.conftest import Ui
from tests.support import Stack


async def test_swagger_ui_loads_offline_under_the_csp(ui: Ui) -> None:
    response = await ui.page.goto(f"{ui.base}/docs")
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    await ui.page.locator(
        ".opblock-summary-path", has_text="/projects/{project_id}/deploy"
    ).first.wait_for()
    await ui.page.get_by_role("heading", name="Slipway API").first.wait_for()
    await ui.shot("docs-swagger")


async def test_redoc_loads_offline_under_the_csp(ui: Ui) -> None:
    response = await ui.page.goto(f"{ui.base}/redoc")
    assert response is not None and response.status == 200
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    await ui.page.get_by_role("heading", name="Slipway API (0.1.0)").wait_for()
    await ui.page.get_by_text("Download OpenAPI specification").wait_for()
    await ui.page.get_by_text("deployments", exact=True).first.wait_for()
    await ui.shot("docs-redoc")


async def test_pages_and_assets_carry_their_headers(stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=stack.url) as client:
        page = await client.get("/")
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        for name in ("x-content-type-options", "referrer-policy", "x-frame-options"):
            assert name in page.headers
        assert "<script" in page.text and "<script>" not in page.text  # modules by src only
        again = await client.get("/", headers={"If-None-Match": page.headers["etag"]})
        assert again.status_code == 304
        main = next(line for line in page.text.splitlines() if "main.js" in line)
        src = main.split('src="')[1].split('"')[0]
        asset = await client.get(src)
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith("text/javascript")
        assert "immutable" in asset.headers["cache-control"]
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert (
            await client.get(src, headers={"If-None-Match": asset.headers["etag"]})
        ).status_code == 304
        stale = await client.get(src.replace(src.split("/")[2], "0" * 16))
        assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
        for bad in ("/assets/x/%2e%2e/index.html", "/assets/x/js/nope.js", "/docs-assets/x/%2e%2e"):
            assert (await client.get(bad)).status_code == 404
        # the JSON API is untouched by the pages' policy
        health = await client.get("/health")
        assert health.headers["content-type"] == "application/json"
        assert "content-security-policy" not in health.headers
        spec = (await client.get("/openapi.json")).json()
        assert not [p for p in spec["paths"] if p in ("/", "/docs", "/redoc") or "assets" in p]
