"""The HTTP client: credentials, automatic token refresh, polite retries, uniform errors.

- A session credential (``slipway login``) is refreshed shortly before it expires and once
  more on a ``401``; ``POST /auth/refresh`` rotates the refresh token, and the new pair is
  written to the config under its lock (another process may have rotated it first: then its
  pair is adopted instead of spending a token twice, which would revoke the whole login).
- A static credential (``SLIPWAY_TOKEN``, or an API key ``slw_...``) is sent as it is.
- ``429`` (nothing was done) is retried after ``Retry-After`` within a time budget; transport
  errors and ``503`` with ``Retry-After`` are retried for requests that are safe to repeat (GETs,
  and POSTs carrying an ``Idempotency-Key``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx
from httpx_sse import EventSource, connect_sse

from slipway_cli import __version__
from slipway_cli.config import ConfigStore, Profile
from slipway_cli.errors import CliError, ExitCode, from_response

REFRESH_MARGIN = 30.0  # seconds before expiry at which a session token is refreshed
TRANSPORT_RETRIES = 3
KEEPALIVE_SECONDS = 2.0  # idle sockets dropped before the server's 5 s keep-alive ends them


class Auth(Protocol):
    def token(self, client: Client) -> str | None: ...

    def renew(self, client: Client) -> bool:
        """After a 401: renew the credential; True if the request should be sent again."""
        ...

    def rejected(self, error: CliError) -> CliError: ...


class NoAuth:
    def token(self, client: Client) -> str | None:
        return None

    def renew(self, client: Client) -> bool:
        return False

    def rejected(self, error: CliError) -> CliError:
        return error


class StaticAuth:
    """``SLIPWAY_TOKEN`` or an API key: sent as a bearer token, never refreshed."""

    def __init__(self, token: str, source: str) -> None:
        self._token = token
        self.source = source

    def token(self, client: Client) -> str | None:
        return self._token

    def renew(self, client: Client) -> bool:
        return False

    def rejected(self, error: CliError) -> CliError:
        error.hint = f"the API rejected {self.source}: " + (
            "set a valid one or unset SLIPWAY_TOKEN and run `slipway login`"
            if self.source == "SLIPWAY_TOKEN"
            else "log in again with a valid key (`slipway login --api-key-stdin`) or with "
            "your email and password (`slipway login`)"
        )
        return error


class SessionAuth:
    """Access + refresh token of a profile, refreshed automatically and stored on rotation."""

    def __init__(self, store: ConfigStore, profile: Profile) -> None:
        self.store = store
        self.profile = profile

    def token(self, client: Client) -> str | None:
        if not self.profile.access_token:
            raise CliError(
                f"Not logged in (profile {self.profile.name})",
                hint="run `slipway login`",
                exit_code=ExitCode.AUTH,
            )
        expires = self.profile.expires_at
        if expires is not None and expires - time.time() < REFRESH_MARGIN:
            self.refresh(client)
        return self.profile.access_token

    def renew(self, client: Client) -> bool:
        self.refresh(client)
        return True

    def rejected(self, error: CliError) -> CliError:
        error.hint = "your session ended: run `slipway login`"
        return error

    def refresh(self, client: Client) -> None:
        failure: CliError | None = None
        with self.store.transaction(self.profile.name) as fresh:
            if (
                fresh.access_token
                and fresh.access_token != self.profile.access_token
                and (fresh.expires_at or 0) - time.time() >= REFRESH_MARGIN
            ):
                self.profile = fresh  # another process rotated the pair a moment ago
                return
            if not fresh.refresh_token:
                failure = CliError(
                    "Not logged in", hint="run `slipway login`", exit_code=ExitCode.AUTH
                )
            else:
                try:
                    pair = client.post_json(
                        "/auth/refresh", {"refreshToken": fresh.refresh_token}, auth=False
                    )
                except CliError as err:
                    if err.status != 401:
                        raise  # rate limited or unavailable: the stored pair is still good
                    failure = err
                    fresh.access_token = fresh.refresh_token = fresh.expires_at = None
                else:
                    fresh.access_token = pair["accessToken"]
                    fresh.refresh_token = pair["refreshToken"]
                    fresh.expires_at = time.time() + float(pair.get("expiresIn", 3600))
            self.profile = fresh
        if failure is not None:
            raise self.rejected(failure)


def _why(response: httpx.Response) -> str:
    """Why a request is retried, for the notice: the rate limit (429) or unavailable (503)."""
    if response.status_code == 429:
        return "rate limited by the API (429)"
    return "the API is unavailable (503)"


class Client:
    """Sync HTTP client for one API base URL and one credential."""

    def __init__(
        self,
        url: str,
        auth: Auth | None = None,
        *,
        timeout: float = 30.0,
        max_wait: float = 65.0,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.auth: Auth = auth or NoAuth()
        self.max_wait = max_wait
        self.notice = notice or (lambda _: None)
        self.http = httpx.Client(
            base_url=self.url,
            timeout=timeout,
            headers={"User-Agent": f"slipway-cli/{__version__}"},
            # idle connections are dropped before the server's own keep-alive (uvicorn closes
            # them after 5 s), so a request never goes out on a socket the server is closing
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS),
        )

    def close(self) -> None:
        self.http.close()

    def headers(self, extra: dict[str, str] | None = None, *, auth: bool = True) -> dict[str, str]:
        headers = dict(extra or {})
        token = self.auth.token(self) if auth else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        repeatable = method in ("GET", "HEAD") or "Idempotency-Key" in (headers or {})
        renewed, attempt, waited = False, 0, 0.0
        while True:
            try:
                response = self.http.request(
                    method, path, json=json, params=params, headers=self.headers(headers, auth=auth)
                )
            except httpx.TransportError as exc:
                attempt += 1
                if not repeatable or attempt >= TRANSPORT_RETRIES:
                    raise self.unreachable(exc) from exc
                time.sleep(0.5 * 2**attempt)
                continue
            if response.status_code == 401 and auth and not renewed and self.auth.renew(self):
                renewed = True
                continue
            wait = self._retry_after(response, repeatable, waited)
            if wait is not None:
                self.notice(f"{method} {path}: {_why(response)}; retrying in {wait:.0f} s")
                time.sleep(wait)
                waited += wait
                continue
            if response.status_code >= 400:
                error = from_response(response)
                raise self.auth.rejected(error) if response.status_code == 401 and auth else error
            return response

    def _retry_after(
        self, response: httpx.Response, repeatable: bool, waited: float
    ) -> float | None:
        retryable = response.status_code == 429 or (response.status_code == 503 and repeatable)
        if not retryable:
            return None
        try:
            wait = max(0.0, float(response.headers.get("retry-after", "1")))
        except ValueError:
            wait = 1.0
        return wait if waited + wait <= self.max_wait else None

    def unreachable(self, exc: Exception) -> CliError:
        return CliError(
            f"Cannot reach the Slipway API at {self.url}: {exc}",
            hint="is it running (`make run`)? Point the CLI at it with SLIPWAY_URL or "
            "`slipway login --url URL`",
            exit_code=ExitCode.UNAVAILABLE,
        )

    # --- conveniences ---------------------------------------------------------------------

    def get_json(self, path: str, *, auth: bool = True, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None}
        return self.request("GET", path, params=clean or None, auth=auth).json()

    def post_json(
        self,
        path: str,
        body: Any = None,
        *,
        auth: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Any:
        response = self.request("POST", path, json=body, auth=auth, headers=headers)
        return response.json() if response.content else None

    def paginate(self, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
        """Follow ``meta.nextCursor`` until ``limit`` items or the last page."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while len(items) < limit:
            page = self.get_json(path, limit=min(100, limit - len(items)), cursor=cursor, **params)
            items.extend(page["data"])
            cursor = (page.get("meta") or {}).get("nextCursor")
            if not cursor:
                break
        return items[:limit]

    @contextlib.contextmanager
    def sse(self, path: str, read_timeout: float) -> Iterator[EventSource]:
        """An open Server-Sent Events stream (the caller checks ``response.status_code``)."""
        headers = self.headers({"Accept": "text/event-stream", "Cache-Control": "no-store"})
        timeout = httpx.Timeout(10.0, read=read_timeout)
        with connect_sse(self.http, "GET", path, headers=headers, timeout=timeout) as source:
            yield source
