"""API keys (``slw_…``) and the scopes every endpoint declares (``api.keys.scopes``)."""
