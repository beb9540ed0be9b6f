"""The audit log: every state-changing request, append-only, readable by its owner."""
