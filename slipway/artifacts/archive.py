"""Deterministic zip archives: the same files always give byte-identical bytes."""

from __future__ import annotations

import io
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = files[name]
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()
