"""The security headers of every page Slipway serves to a browser (dashboard and API docs).

No inline script or style anywhere: scripts and styles come from this origin only, the page
talks to this origin only, cannot be framed, and has no ``<base>`` or plugin content. Pages
that need more (none today) would say so here, next to the policy.
"""

from __future__ import annotations

from collections.abc import Mapping

CSP_DIRECTIVES: Mapping[str, str] = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}
CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())

EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
"""The hash of the empty string: allows an *empty* ``<style>`` element and nothing else."""
SCROLLBAR_STYLE = "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"
"""The one style text ReDoc's bundle (fastapi-offline 1.7.7) inserts as-is: perfect-scrollbar's
style sheet. A bundle with other text is refused, and the browser tests, which fail on any CSP
violation, show it (then put the hash Chromium's report names here)."""
REDOC_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", f"style-src 'self' {EMPTY_STYLE} {SCROLLBAR_STYLE}"
)
"""ReDoc's styles (styled-components) are rules inserted through the CSSOM into an empty
``<style>`` element it creates: CSP does not govern CSSOM insertion, but blocks the element
itself unless its (empty) text is allowed by hash. No other inline style text is allowed."""

PAGE_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
"""Headers of an HTML page (the dashboard shell, ``/docs``, ``/redoc``)."""

ASSET_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
"""Headers of a static asset (script, style sheet, image)."""
