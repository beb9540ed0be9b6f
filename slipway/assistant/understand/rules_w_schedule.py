"""A schedule the spec has, moved to another hour of its own days: "the stock check should go out
at 7am, not 9", "push the nightly export to 3am" (its days stay as they are)."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddSchedule
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import stems

_OLD = rx.compile(
    r",? ?\b(?:not|instead of|rather than|no longer|and not)(?: at)? \d{1,2}(?::\d\d)? ?"
    r"(?:am|pm|a\.m\.|p\.m\.|h|o'?clock)?\b(?: any ?more)?"
)
_AT = (
    rx.compile(r"\bat (\d{1,2})(?::(\d\d))? ?(am|pm|a\.m\.|p\.m\.|h|o'?clock)?(?!\w)"),
    rx.compile(r"\b(\d{1,2})(?::(\d\d))? ?(am|pm|a\.m\.|p\.m\.|o'?clock)(?!\w)"),
    rx.compile(r"\b(?:to|for|by|around|from) (\d{1,2}):(\d\d)()\b"),
)
"""A time of day: "at 7", "7am", "to 6:30" (never a bare number: "for 3 tanks")."""


def hour_said(clause: str) -> tuple[int, int] | None:
    """The new hour of a clause, the one it replaces ("…, not 9") left out."""
    text = _OLD.sub(" ", clause)
    match = next((m for m in (p.search(text) for p in _AT) if m), None)
    if match is None:
        return None
    hour_, minute_, part = match.group(1), match.group(2), match.group(3)
    hour, minute = int(hour_), int(minute_ or 0)
    if hour > 23 or minute > 59:
        return None
    if (part or "").startswith("p") and hour < 12:
        hour += 12
    if (part or "").startswith("a") and hour == 12:
        hour = 0
    return hour, minute


def moved(clause: str, ctx: Context) -> Reading | None:
    """The one job whose every name word is said, at a new hour; its days unchanged."""
    if ctx.bp is None or rx.search(r"\b(?:field|column|default)\b", clause):
        return None
    said = stems(clause)
    jobs = [j for j in ctx.bp.workflows.jobs if stems(j.name.replace("-", " ")) <= said]
    at = hour_said(clause)
    if len(jobs) != 1 or at is None:
        return None
    job = jobs[0]
    cron = rx.fullmatch(r"cron\((\S+) (\S+) (.+)\)", job.schedule)
    if cron is None:
        return ask(
            f"{job.name} runs at {job.schedule}, on no fixed hour. How often should it run? "
            f"For example: 'run {job.name} every day at {at[0]}:{at[1]:02d}'."
        )
    return Reading([AddSchedule(name=job.name, schedule=f"cron({at[1]} {at[0]} {cron.group(3)})")])
