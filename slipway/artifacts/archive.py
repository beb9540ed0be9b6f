"""Deterministic zip archives: the same files always give byte-identical bytes. Entry names are
relative POSIX paths inside the archive: an absolute name, a ``..`` component, a backslash or
a control character is refused, so no archive Slipway serves can write outside the folder it
is unpacked into."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\:]")


def safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or _UNSAFE.search(name):
        raise ValueError(f"unsafe archive entry name {name!r}")
    return name


def deterministic_zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(safe_name(name), ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = files[name]
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()
