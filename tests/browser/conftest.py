"""Browser fixtures: Debian's Chromium, headless, driven by Playwright (async API, so an
in-process worker keeps running on the same event loop).

Every page is watched: a console error, an uncaught exception, a CSP violation or a request to
any host but this machine fails the test (requests elsewhere are cut, as on a machine without
internet). ``Failed to load resource`` messages are Chromium's own log of an HTTP error; they are
accepted only for the API answers the test says it expects (``ui.expect(status, path)``).

Without Chromium the tests skip with a reason, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.async_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Route,
    async_playwright,
)

from tests.support import PASSWORD, ROOT, Stack, random_ip

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOTS = ROOT / "docs" / "screenshots"
_LOAD_FAILED = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})")
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def chromium_path() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found:
        return found
    reason = "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: the browser tests must run in CI")
    pytest.skip(reason)


@pytest.fixture(scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    chromium_path()
    async with async_playwright() as p:
        yield p


@pytest.fixture(scope="session")
async def browser(playwright: Playwright) -> AsyncIterator[Browser]:
    browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    try:
        yield browser
    finally:
        await browser.close()


class Ui:
    """One signed-out browser context on the stack's API, with its own client IP."""

    def __init__(self, page: Page, base: str, shots: Path) -> None:
        self.page = page
        self.base = base
        self.shots = shots
        self.errors: list[str] = []
        # the report of a blueprint not validated (a load without a session sends no refresh)
        self.expected: list[tuple[int, str]] = [(404, "/blueprints/[^/]+/validation-report")]
        self.email = f"web-{uuid.uuid4().hex[:10]}@example.com"
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def expect(self, status: int, path: str) -> None:
        """An API answer the test provokes on purpose (Chromium logs it as a console error)."""
        self.expected.append((status, path))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        failed = _LOAD_FAILED.match(message.text)
        if failed:
            path = urlsplit(message.location.get("url", "")).path
            status = int(failed.group(1))
            if any(status == s and re.fullmatch(p, path) for s, p in self.expected):
                return
            self.errors.append(f"HTTP {status} for {path}")
            return
        self.errors.append(f"console: {message.text}")

    async def shot(self, name: str, *, docs: bool = False) -> Path:
        path = self.shots / f"{name}.png"
        await self.page.screenshot(path=path, full_page=True)
        if docs and os.environ.get("UPDATE_SCREENSHOTS"):  # the README's: what a screen shows
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            await self.page.screenshot(path=SCREENSHOTS / f"{name}.png")
        return path

    async def open(self, fragment: str = "") -> None:
        await self.page.goto(f"{self.base}/{fragment}")
        await self.page.wait_for_selector("body[data-ready='true']")

    async def sign_up(self) -> None:
        page = self.page
        await self.open("#/signup")
        await page.get_by_label("Email").fill(self.email)
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Create account").click()
        await page.get_by_role("heading", name="Projects", level=1).wait_for()

    def check(self) -> None:
        assert not self.errors, "the page reported errors:\n" + "\n".join(self.errors)


UiFactory = Callable[..., Any]


@pytest.fixture
async def ui_factory(
    browser: Browser,
    stack: Stack,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> AsyncIterator[UiFactory]:
    shots = tmp_path_factory.getbasetemp() / "screenshots" / request.node.name
    shots.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Any, Ui]] = []
    outside: list[str] = []

    async def cut(route: Route, req: Request) -> None:
        host = urlsplit(req.url).hostname or ""
        if req.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            await route.continue_()
        else:
            outside.append(req.url)
            await route.abort("internetdisconnected")

    async def make(width: int = 1280, height: int = 900) -> Ui:
        context = await browser.new_context(
            viewport={"width": width, "height": height},
            extra_http_headers={"X-Forwarded-For": random_ip()},
            accept_downloads=True,
        )
        await context.add_init_script(CSP_WATCH)
        await context.route("**/*", cut)
        page = await context.new_page()
        page.set_default_timeout(30_000)
        ui = Ui(page, stack.url, shots)
        made.append((context, ui))
        return ui

    try:
        yield make
    finally:
        for context, _ in made:
            await context.close()
    assert not outside, f"requests to other hosts: {outside}"
    for _, ui in made:
        ui.check()


@pytest.fixture
async def ui(ui_factory: UiFactory) -> Ui:
    made: Ui = await ui_factory()
    return made
