"""Temporal activities: the I/O side (database, AWS, LLM). Idempotent, keyed by IDs."""
