"""Webhooks: signed deliveries of project events, each a durable Temporal workflow."""
