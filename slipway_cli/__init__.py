"""The ``slipway`` command line: the whole flow from a terminal (typer + rich)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("slipway")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
