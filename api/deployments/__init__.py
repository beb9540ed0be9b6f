"""Deployments: preview, deploy with change gates, destroy, rollback, signals, status."""
