"""GET /projects (page of 20, authenticated, 50 connections) vs a bare FastAPI JSON endpoint
served the same way; login requests/s."""

from __future__ import annotations

import asyncio

import httpx

from bench.common import BenchStack, load, uvicorn
from tests import support

BARE_APP = """
from fastapi import FastAPI
app = FastAPI()
ITEMS = [{"id": str(i), "name": f"Project {i}", "status": "active"} for i in range(20)]
@app.get("/projects")
async def projects() -> dict:
    return {"data": ITEMS, "meta": {"nextCursor": None}}
"""


async def run(seconds: float = 8.0) -> list[str]:
    stack = BenchStack(worker=False).start()
    bare_port = support.free_port()
    app_file = stack.dir / "bare_app.py"
    app_file.write_text(BARE_APP)
    bare = support.Proc(
        "bare",
        uvicorn("bare_app:app", bare_port, "--app-dir", str(stack.dir)),
        stack.env,
        stack.dir,
    ).start()
    lines = []
    try:
        support.wait_for(lambda: support.port_open(bare_port), 30, "bare app")
        limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
        async with httpx.AsyncClient(base_url=stack.url, limits=limits, timeout=30) as client:
            headers = await stack.user(client)
            for i in range(25):
                await client.post("/projects", json={"name": f"P{i}"}, headers=headers)
            slipway = await load(
                "GET /projects (Slipway, 50 conns)",
                lambda c: c.get("/projects", params={"limit": 20}, headers=headers),
                client,
                concurrency=50,
                seconds=seconds,
            )
            login = await load(
                "POST /auth/login (argon2id, 8 conns)",
                lambda c: c.post(
                    "/auth/login", json={"email": "x@example.com", "password": "SecurePass123!"}
                ),
                client,
                concurrency=8,
                seconds=seconds / 2,
                ok=lambda r: r.status_code in (200, 401),
            )
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{bare_port}", limits=limits, timeout=30
        ) as client:
            baseline = await load(
                "GET /projects (bare FastAPI, 50 conns)",
                lambda c: c.get("/projects"),
                client,
                concurrency=50,
                seconds=seconds,
            )
        lines += [slipway.line(), baseline.line(), login.line()]
        lines.append(
            f"  ratio Slipway/bare throughput: {slipway.rps / baseline.rps:.2f}  "
            f"(p50 {slipway.pct(50) / max(baseline.pct(50), 0.001):.2f}x)"
        )
    finally:
        bare.stop()
        stack.stop()
    return lines


if __name__ == "__main__":
    print("\n".join(asyncio.run(run())))
