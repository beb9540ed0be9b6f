"""Projects: owned by one user; archived projects stay readable."""
