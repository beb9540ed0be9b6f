"""The FastAPI application: ``uvicorn api.main:app``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import offload
from api.artifacts import endpoints as artifacts
from api.audit import endpoints as audit
from api.audit.recorder import AuditMiddleware
from api.auth import endpoints as auth
from api.auth.revocations import SessionRevocations
from api.blueprints import endpoints as blueprints
from api.deployments import endpoints as deployments
from api.docs_pages import install as install_docs
from api.drift import endpoints as drift
from api.errors import install_error_handlers
from api.events import endpoints as events
from api.events.fastpath import StatusFastPath
from api.health import endpoints as health
from api.keys import endpoints as api_keys
from api.middleware import SlipwayMiddleware
from api.openapi import ERROR_RESPONSES, customize_openapi
from api.projects import endpoints as projects
from api.ratelimit import RateLimiter
from api.revisions import endpoints as revisions
from api.sandbox import endpoints as sandbox
from api.sandbox import serve as sandbox_api
from api.specs import endpoints as specs
from api.state import AppState, settle_heap
from api.templates import endpoints as templates
from api.usage import endpoints as usage
from api.validations import endpoints as validations
from api.web import endpoints as web
from api.webhooks import endpoints as webhooks
from core.db import create_engine, session_factory
from core.logging import configure_logging
from core.settings import Settings, get_settings
from core.temporal import StatusReader, TemporalHandle
from slipway.assistant import make_provider

logger = logging.getLogger("slipway.api")
ROUTERS = (
    health.router,
    auth.router,
    api_keys.router,
    projects.router,
    specs.router,
    specs.assistant,
    blueprints.router,
    revisions.router,
    validations.router,
    deployments.router,
    artifacts.router,
    templates.router,
    usage.router,
    webhooks.router,
    audit.router,
    drift.router,
    events.router,
    sandbox.router,
    sandbox_api.router,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        temporal = TemporalHandle(settings)
        state = AppState(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            temporal=temporal,
            limiter=RateLimiter(settings),
            assistant=make_provider(
                settings.llm_provider,
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key,
                model=settings.llm_model,
                timeout=settings.llm_timeout,
                max_retries=settings.llm_max_retries,
                run=offload.runner(offload.COMPILE, "The assistant's edit"),
            ),
            status=StatusReader(temporal, settings.status_query_timeout),
            revocations=SessionRevocations(settings.access_token_ttl),
        )
        app.state.slipway = state
        following = state.revocations.start(state.sessions)  # ended sessions, every process
        state.events.start()  # the fan-out of operation events to open streams
        settle_heap()  # the startup heap is never scanned by the garbage collector again
        logger.info(
            "api started",
            extra={"database": engine.url.get_backend_name(), "env": settings.slipway_env},
        )
        try:
            yield
        finally:
            await SessionRevocations.stop(following)
            await state.events.stop()
            await engine.dispose()

    app = FastAPI(
        title="Slipway API",
        version="0.1.0",
        description="Control plane: spec → Blueprint IR → Well-Architected validation → AWS.",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
        docs_url=None,  # served offline by api.docs_pages
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(StatusFastPath)  # status polls answered from memory, before routing
    app.add_middleware(AuditMiddleware)  # inside SlipwayMiddleware: sees the request id
    app.add_middleware(SlipwayMiddleware)
    for router in ROUTERS:
        app.include_router(router)
    customize_openapi(app, ROUTERS)
    install_docs(app)
    app.include_router(web.router)  # the dashboard at /
    return app


def _app_from_env() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level, access_log=settings.access_log)
    return create_app(settings)


app = _app_from_env()
