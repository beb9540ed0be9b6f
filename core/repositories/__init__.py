"""Repositories: every database query of Slipway lives here (API services and activities)."""
