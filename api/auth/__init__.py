"""Accounts and tokens: signup, login, refresh-token rotation, logout, the current user."""
