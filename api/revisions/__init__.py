"""Revisions: history, compare two, classify a candidate spec."""
