"""Drift detection: what is live in AWS against what Slipway deployed."""
