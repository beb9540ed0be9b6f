# The Slipway image: the API (default command) and the worker (`python worker.py`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY api ./api
COPY workflows ./workflows
COPY activities ./activities
COPY core ./core
COPY slipway ./slipway
COPY migrations ./migrations
COPY scripts ./scripts
COPY alembic.ini worker.py ./
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 slipway \
    && mkdir -p /app/data && chown slipway /app/data  # SLIPWAY_DATA_DIR: the SDK cache
USER slipway

EXPOSE 8000
# Apply migrations, then serve the API (uvloop + httptools). uvicorn's proxy handling is off:
# Slipway's TRUSTED_PROXIES alone decides whose X-Forwarded-For is believed.
CMD ["sh", "-c", "alembic upgrade head && exec uvicorn api.main:app --host 0.0.0.0 --port 8000 --loop uvloop --http httptools --no-access-log --no-proxy-headers --timeout-keep-alive 75"]
