"""Live progress on stderr: a bar with the current step (generation, validation), one bar per
stack plus the event log (deployments). On a terminal they are rich live displays; otherwise
each change is one plain line, so CI logs read well."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from rich.console import Group, RenderableType
from rich.live import Live
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from slipway_cli.output import Output, styled, when
from slipway_cli.render import event_resource, own_events

DONE = ("completed", "unchanged", "deleted", "previewed")
ICONS = {"pending": "·", "in_progress": "↻", "failed": "✗", "blocked": "⊘"} | {
    status: "✓" for status in DONE
}


class View:
    """Base: a context manager fed with every status body."""

    def __init__(self, out: Output, title: str) -> None:
        self.out = out
        self.title = title
        self.live_mode = out.err.is_terminal
        self._last_step: tuple[Any, ...] | None = None

    def __enter__(self) -> View:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def update(self, body: dict[str, Any]) -> None:
        step = (body.get("status"), body.get("currentStep"))
        if step != self._last_step:
            self._last_step = step
            self.out.notice(
                f"[{int(body.get('progress') or 0):3d}%] {body.get('currentStep') or ''} "
                f"({body.get('status')})",
                style="",
            )


def _step_progress(out: Output) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[title]}"),
        BarColumn(bar_width=30),
        TaskProgressColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=out.err,
    )


class StepView(View):
    """Generation and validation: one bar with the percentage and the current step."""

    def __enter__(self) -> StepView:
        if self.live_mode:
            self.progress = _step_progress(self.out)
            self.task = self.progress.add_task("starting...", total=100, title=self.title)
            self.progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.live_mode:
            self.progress.stop()

    def update(self, body: dict[str, Any]) -> None:
        if not self.live_mode:
            super().update(body)
            return
        step = body.get("currentStep") or body.get("status") or ""
        if body.get("stale"):
            step += " (workflow engine unreachable: last known state)"
        self.progress.update(self.task, completed=body.get("progress") or 0, description=step)


class DeployView(View):
    """A deployment: the overall bar, one bar per stack, and the latest CloudFormation events."""

    def __init__(self, out: Output, title: str, max_events: int = 8) -> None:
        super().__init__(out, title)
        self.max_events = max_events
        self.events: list[dict[str, Any]] = []
        self._stack_status: dict[str, str] = {}
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> DeployView:
        if self.live_mode:
            self.overall = _step_progress(self.out)
            self.overall_task = self.overall.add_task("starting...", total=100, title=self.title)
            self.stacks = Progress(
                TextColumn("  {task.fields[icon]} {task.fields[key]:<8}"),
                BarColumn(
                    bar_width=30,
                    complete_style="green",
                    finished_style="green",
                    pulse_style="yellow",
                ),
                TextColumn("{task.fields[status]}"),
                TextColumn("[dim]{task.fields[note]}"),
                console=self.out.err,
            )
            self.live = Live(
                get_renderable=self._render, console=self.out.err, refresh_per_second=8
            )
            self.live.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.live_mode:
            self.live.refresh()
            self.live.stop()

    def update(self, body: dict[str, Any]) -> None:
        self.events = own_events(body)
        if not self.live_mode:
            self._plain(body)
            return
        step = body.get("currentStep") or body.get("status") or ""
        if body.get("stale"):
            step += " (workflow engine unreachable: last known state)"
        self.overall.update(
            self.overall_task, completed=body.get("progress") or 0, description=step
        )
        for stack in body.get("stacks") or []:
            self._bar(stack)
        self.live.refresh()

    def _bar(self, stack: dict[str, Any]) -> None:
        key, status = str(stack["key"]), str(stack.get("status", "pending"))
        if key not in self._tasks:
            self._tasks[key] = self.stacks.add_task(
                key, total=100, key=key, status="", note="", icon=" "
            )
        total: float | None = 100
        completed = 100 if status in DONE else 0
        if status == "in_progress":
            total = None  # no per-resource count from CloudFormation: a pulsing bar
        style = styled(status).style or "white"
        self.stacks.update(
            self._tasks[key],
            total=total,
            completed=completed,
            status=f"[{style}]{status}[/]",
            icon=f"[{style}]{ICONS.get(status, '?')}[/]",
            note=stack.get("reason") or stack.get("note") or "",
        )

    def _render(self) -> RenderableType:
        parts: list[RenderableType] = [self.overall, self.stacks]
        if self.events:
            table = Table(box=None, show_header=False, padding=(0, 1), title_justify="left")
            for event in self.events[-self.max_events :]:
                table.add_row(*_event_cells(event))
            parts += [Text("  Events", style="bold"), table]
        return Group(*parts)

    def _plain(self, body: dict[str, Any]) -> None:
        super().update(body)
        for stack in body.get("stacks") or []:
            status = str(stack.get("status"))
            if self._stack_status.get(stack["key"]) != status:
                self._stack_status[stack["key"]] = status
                reason = f"  {stack['reason']}" if stack.get("reason") else ""
                self.out.notice(f"  stack {stack['key']:<8} {status}{reason}", style="")
        seen = getattr(self, "_seen_events", 0)
        for event in self.events[seen:]:
            self.out.notice("  event " + "  ".join(c.plain for c in _event_cells(event)), style="")
        self._seen_events = len(self.events)


def _event_cells(event: dict[str, Any]) -> list[Text]:
    return [
        Text(when(event.get("timestamp"))[11:], style="dim"),
        Text(str(event.get("stack") or "")),
        Text(event_resource(event)),
        Text(str(event.get("resourceType") or ""), style="dim"),
        Text(
            str(event.get("status") or ""),
            style="red" if "FAILED" in str(event.get("status")) else "green",
        ),
        Text(str(event.get("reason") or ""), style="dim"),
    ]
