"""Slipway HTTP API (FastAPI): auth, CRUD, rate limits; starts Temporal workflows."""
