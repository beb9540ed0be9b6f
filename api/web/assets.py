"""Static files served from a package directory, addressed by a digest of the whole set.

Every file of a set is served under ``<prefix>/<digest>/<path>``, where the digest covers every
file's path and bytes. ES modules import each other by relative path, so they resolve under the
same digest, and a release with any changed file gets new URLs: the files are cached for a year
(``immutable``). A request naming another digest (an old tab after an upgrade) gets the current
file, revalidated on every use. Every answer carries an ``ETag``; ``If-None-Match`` gives 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import Response

from api.web.headers import ASSET_HEADERS

MEDIA_TYPES: Mapping[str, str] = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".json": "application/json",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@dataclass(frozen=True)
class Asset:
    body: bytes
    etag: str
    media_type: str


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def not_modified(request: Request, etag: str) -> bool:
    """The client already holds this version (``If-None-Match`` names its ETag, or ``*``)."""
    header = request.headers.get("if-none-match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in tags or "*" in tags


def send(
    request: Request, body: bytes, etag: str, media_type: str, headers: Mapping[str, str]
) -> Response:
    """``body`` with its ETag and ``headers``, or 304 when the client has it already."""
    merged = {**headers, "ETag": etag}
    if not_modified(request, etag):
        return Response(status_code=304, headers=merged)
    return Response(body, media_type=media_type, headers=merged)


class AssetSet:
    """A fixed set of files (read once), keyed by their relative POSIX path."""

    def __init__(self, files: Mapping[str, Path]) -> None:
        self.assets: dict[str, Asset] = {}
        for name, path in sorted(files.items()):
            media_type = MEDIA_TYPES.get(path.suffix)
            if media_type is None:
                raise ValueError(f"no media type for {name}")
            body = path.read_bytes()
            self.assets[name] = Asset(body, _etag(body), media_type)
        digest = hashlib.sha256()
        for name, asset in self.assets.items():
            digest.update(name.encode() + b"\0" + asset.etag.encode() + b"\0")
        self.digest = digest.hexdigest()[:16]

    @classmethod
    def from_directory(cls, root: Path, suffixes: Iterable[str]) -> AssetSet:
        wanted = set(suffixes)
        return cls(
            {
                path.relative_to(root).as_posix(): path
                for path in root.rglob("*")
                if path.is_file() and path.suffix in wanted
            }
        )

    def get(self, name: str) -> Asset | None:
        parts = PurePosixPath(name).parts
        if not parts or any(part in ("", ".", "..") for part in parts):
            return None
        return self.assets.get(name)

    def response(self, request: Request, digest: str, name: str) -> Response | None:
        """The file, or None when the set has no such file."""
        asset = self.get(name)
        if asset is None:
            return None
        cache = IMMUTABLE if digest == self.digest else REVALIDATE
        headers = {**ASSET_HEADERS, "Cache-Control": cache}
        return send(request, asset.body, asset.etag, asset.media_type, headers)
