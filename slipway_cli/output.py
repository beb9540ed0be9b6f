"""Output for people and for scripts: rich tables and colour on a terminal, plain text when
piped, JSON with ``--json``. Results go to stdout; notices and progress to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from slipway_cli.errors import CliError

STATUS_STYLES = {
    "completed": "green",
    "previewed": "green",
    "unchanged": "green",
    "deleted": "green",
    "destroyed": "green",
    "active": "green",
    "safe": "green",
    "passed": "green",
    "fixed": "cyan",
    "processing": "yellow",
    "running": "yellow",
    "queued": "yellow",
    "in_progress": "yellow",
    "pending": "dim",
    "unsafe": "yellow",
    "archived": "dim",
    "failed": "red",
    "blocked": "red",
    "cancelled": "magenta",
    "rolled_back": "magenta",
}


def styled(value: Any) -> Text:
    text = "" if value is None else str(value)
    return Text(text, style=STATUS_STYLES.get(text, ""))


def when(value: str | None) -> str:
    """``2026-11-25T14:18:23.123Z`` → ``2026-11-25 14:18:23`` (UTC), for tables."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return value


def short(identifier: str | None) -> str:
    return (identifier or "")[:8]


class Output:
    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    @property
    def rich(self) -> bool:
        """Tables and colour when stdout is a terminal; plain text when piped."""
        return self.out.is_terminal

    def json(self, value: Any) -> None:
        sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def print(self, *renderables: RenderableType | str, style: str | None = None) -> None:
        if self.json_mode:
            return
        for item in renderables:
            if isinstance(item, str):
                self.out.print(Text(item, style=style or ""))
            else:
                self.out.print(item)

    def success(self, message: str) -> None:
        self.print(Text.assemble(("✓ ", "green"), message))

    def notice(self, message: str, style: str = "dim") -> None:
        """A side note on stderr (shown in --json mode too: stdout stays JSON)."""
        self.err.print(Text(message, style=style))

    def raw(self, text: str) -> None:
        """Text a script may pipe on (a spec, a design doc): never wrapped or styled."""
        if not self.json_mode:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        title: str | None = None,
        empty: str = "(none)",
    ) -> None:
        if self.json_mode:
            return
        if not rows:
            self.print(f"{title}: {empty}" if title else empty, style="dim")
            return
        if not self.rich:
            if title:
                self.raw(f"{title}:")
            lines = ["\t".join(columns)]
            lines += ["\t".join(_plain(cell) for cell in row) for row in rows]
            self.raw("\n".join(lines))
            return
        table = Table(title=title, title_justify="left", header_style="bold", box=None)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(cell if isinstance(cell, Text) else _plain(cell) for cell in row))
        self.out.print(table)

    def fields(self, pairs: Sequence[tuple[str, Any]]) -> None:
        """``key: value`` lines, keys aligned; values may be styled Text."""
        if self.json_mode:
            return
        pairs = [(k, v) for k, v in pairs if v is not None and v != ""]
        width = max((len(k) for k, _ in pairs), default=0)
        for key, value in pairs:
            line = Text(f"{key + ':':<{width + 1}} ", style="bold" if self.rich else "")
            line.append(value if isinstance(value, Text) else Text(_plain(value)))
            self.out.print(line)

    def error(self, err: CliError) -> None:
        if self.json_mode:
            self.json(err.to_json())
            return
        line = Text("error: ", style="bold red")
        line.append(err.message)
        if err.code:
            line.append(f" [{err.code}]", style="red")
        self.err.print(line)
        for item in err.body.get("errors") or []:
            if isinstance(item, dict) and "line" not in item:
                where = item.get("field") or item.get("loc") or ""
                self.err.print(Text(f"  {where}: {item.get('message', item)}", style="red"))
        if err.hint:
            self.err.print(Text.assemble(("hint: ", "bold"), err.hint))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.plain
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
