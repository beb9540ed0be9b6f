"""Starter templates (public)."""
