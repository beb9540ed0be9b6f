"""The sandbox: a live, callable copy of a project's generated backend (its latest revision)."""
