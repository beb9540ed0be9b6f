"""Serving the web dashboard (``/``) and its assets, with the security headers of its pages."""
