"""LLM usage accounting of the current user."""
