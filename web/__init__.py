"""The web dashboard's static files (HTML, ES modules, CSS), shipped as package data.

Served by ``api.web`` at ``/`` and ``/assets/<digest>/...``; no build step, no third-party code.
"""

from __future__ import annotations

from pathlib import Path

DIR = Path(__file__).resolve().parent
