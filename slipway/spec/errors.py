"""The compiler's one error type: a problem at a line of the spec, with a hint to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecError:
    line: int
    message: str
    hint: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} — hint: {self.hint}"


class Reporter:
    """Base of the compiler's passes: collects ``SpecError`` s in the order they are found."""

    def __init__(self, errors: list[SpecError]) -> None:
        self.errors = errors

    def error(self, line: int, message: str, hint: str) -> None:
        self.errors.append(SpecError(line, message, hint))
