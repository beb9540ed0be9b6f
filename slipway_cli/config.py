"""``~/.config/slipway/config.toml`` (``$XDG_CONFIG_HOME`` respected): named profiles, 0600.

One file, a table per profile::

    [profiles.default]
    url = "http://127.0.0.1:8000"
    email = "you@example.com"
    access_token = "..."      # or api_key = "slw_..."
    refresh_token = "..."
    expires_at = 1795951877.0
    project = "<project id>"
    project_name = "My App"

Writes are atomic (a 0600 temporary file renamed over the old one) and serialised with a lock
file, so concurrent ``slipway`` processes never lose a rotated refresh token.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import tomli_w
from filelock import FileLock

from slipway_cli.errors import CliError, ExitCode

DEFAULT_URL = "http://127.0.0.1:8000"
DEFAULT_PROFILE = "default"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "slipway"


@dataclass
class Profile:
    """One named profile: where the API is, the credential, the default project."""

    name: str = DEFAULT_PROFILE
    url: str | None = None
    email: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_at: float | None = None
    api_key: str | None = None
    project: str | None = None
    project_name: str | None = None

    @classmethod
    def from_toml(cls, name: str, table: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)} - {"name"}
        return cls(name=name, **{k: v for k, v in table.items() if k in known})

    def to_toml(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "name" and v is not None}

    def clear_credentials(self) -> None:
        self.access_token = self.refresh_token = self.expires_at = self.api_key = None
        self.email = None


class ConfigStore:
    """Reads and writes the config file; every write happens under the lock."""

    def __init__(self, directory: Path | None = None) -> None:
        self.dir = directory or config_dir()
        self.path = self.dir / "config.toml"
        self._lock = FileLock(str(self.dir / ".config.lock"), timeout=30, mode=0o600)

    def read(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as f:
                return tomllib.load(f)
        except FileNotFoundError:
            return {}
        except tomllib.TOMLDecodeError as exc:
            raise CliError(
                f"{self.path} is not valid TOML: {exc}",
                hint="fix or delete the file, then `slipway login` again",
                exit_code=ExitCode.USAGE,
            ) from exc

    def profile(self, name: str) -> Profile:
        table = self.read().get("profiles", {}).get(name, {})
        return Profile.from_toml(name, table if isinstance(table, dict) else {})

    def profile_names(self) -> list[str]:
        return sorted(self.read().get("profiles", {}))

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._lock:
            yield

    def save(self, profile: Profile) -> None:
        """Write one profile, keeping every other profile as it is on disk now."""
        with self.locked():
            self._write_profile(profile)

    def _write_profile(self, profile: Profile) -> None:
        data = self.read()
        profiles = data.setdefault("profiles", {})
        profiles[profile.name] = profile.to_toml()
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".config-", suffix=".toml")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as f:
                tomli_w.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def transaction(self, name: str) -> Iterator[Profile]:
        """Lock, read the profile fresh from disk, let the caller change it, write it back."""
        with self.locked():
            profile = self.profile(name)
            yield profile
            self._write_profile(profile)
