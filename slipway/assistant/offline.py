"""The offline assistant: deterministic, no network.

A message is read into typed operations (``slipway.assistant.understand``), applied to the spec
text by the one editor, and compiled; the reply says what changed, entity by entity, with the
change class. A question (ambiguous or unknown names) or a message it cannot read leaves the
spec exactly as it was, and says so.
"""

from __future__ import annotations

from slipway.assistant.base import IN_A_THREAD, AssistantReply, ChatTurn, Runner, estimate_tokens
from slipway.assistant.describe import draft_spec
from slipway.assistant.editor import EditError, apply_operations
from slipway.assistant.report import describe
from slipway.assistant.understand import Understanding, understand
from slipway.assistant.understand.subjects import unknown_subject
from slipway.spec import compile_spec

MODEL = "slipway-offline-1"
EXAMPLES = (
    '"Books need a publication date", "Orders have a status: new, paid or shipped, new by '
    'default", "the isbn is required", "Rename Member to Patron", "remove price from products", '
    '"Add a Branch entity with a name and an address", "Loans belong to a branch", "Deleting a '
    'member should only hide them", "run it on postgres", "Turn on tracing and alarms"'
)


class OfflineAssistant:
    name = "offline"

    def __init__(self, run: Runner = IN_A_THREAD) -> None:
        self.run = run

    async def revise(
        self, spec: str, message: str, history: list[ChatTurn], applied: str | None = None
    ) -> AssistantReply:
        # compiling and editing a spec of up to 200 KB is CPU work: off the caller's event loop
        return await self.run(self.respond, spec, message, history, applied)

    async def create(self, prompt: str) -> AssistantReply:
        return await self.run(self.create_spec, prompt)

    def create_spec(self, prompt: str) -> AssistantReply:
        spec, message = draft_spec(prompt)
        if spec is None:
            return self.reply(prompt, "", "", message, question=True)
        return self.reply(prompt, "", spec, message)

    def respond(
        self,
        spec: str,
        message: str,
        history: list[ChatTurn] | None = None,
        applied: str | None = None,
    ) -> AssistantReply:
        """The reply to one message; the change class is against ``applied`` when given (the
        last applied version, "" for none), else against ``spec``."""
        if not spec.strip():
            return self.create_spec(message)
        compiled = compile_spec(spec)
        if not compiled.ok or compiled.blueprint is None:
            first = compiled.errors[0] if compiled.errors else None
            where = f" (line {first.line}: {first.message})" if first else ""
            text = f"The current spec does not compile{where}; fix that first, it is unchanged."
            return self.reply(message, spec, spec, text)
        reading = understand(message, compiled.blueprint, history)
        if reading.undo:
            return self.reply(message, spec, spec, "I took back the last change.", undo=True)
        if reading.question:
            return self.reply(message, spec, spec, reading.question, question=True)
        if not reading.ops:
            names = [e.name for e in compiled.blueprint.entities if not e.join_entity]
            return self.reply(message, spec, spec, self._nothing(message, reading.notes, names))
        return self.apply(message, spec, reading, spec if applied is None else applied)

    def apply(
        self, message: str, spec: str, reading: Understanding, applied: str
    ) -> AssistantReply:
        ops, notes, unknown = reading.ops, reading.notes, reading.unknown
        try:
            result = apply_operations(spec, ops)
        except EditError as err:
            offer = f" Did you mean {' or '.join(err.candidates)}?" if err.candidates else ""
            text = f"{err.message}{offer} The spec is unchanged."
            return self.reply(message, spec, spec, text, question=bool(err.candidates))
        if not result.changed:
            said = "; ".join(result.skipped) or "nothing to do"
            text = f"Nothing to change: {said}. The spec is unchanged."
            return self.reply(message, spec, spec, " ".join([text, *notes]))
        after = compile_spec(result.text).blueprint
        assert after is not None  # the editor only returns text that compiles
        base = compile_spec(applied).blueprint if applied.strip() else None
        text, klass = describe(
            result, base, after, notes, unknown, pending=applied != spec, told=reading.background
        )
        return self.reply(
            message,
            spec,
            result.text,
            text,
            change_class=klass,
            operations=tuple(op.model_dump(mode="json") for op in ops),
        )

    @staticmethod
    def _nothing(message: str, notes: list[str], entities: list[str]) -> str:
        if notes:
            return " ".join(notes) + " The spec is unchanged."
        if (missing := unknown_subject(message, entities)) is not None:
            return (
                f"There is no {missing} entity (the entities are {', '.join(entities)}), so the "
                f"spec is unchanged. Name one of them, or add it first: 'add a {missing} entity "
                "with a name'."
            )
        return (
            f'I could not turn "{message.strip()[:80]}" into a change to the spec, so it is '
            f"unchanged. I understand requests like {EXAMPLES}."
        )

    def reply(
        self,
        message: str,
        before: str,
        after: str,
        text: str,
        *,
        question: bool = False,
        undo: bool = False,
        change_class: str | None = None,
        operations: tuple[dict[str, object], ...] = (),
    ) -> AssistantReply:
        return AssistantReply(
            spec=after,
            message=text,
            changed=after != before,
            input_tokens=estimate_tokens(before) + estimate_tokens(message),
            output_tokens=estimate_tokens(after if after != before else "") + estimate_tokens(text),
            model=MODEL,
            provider="offline",
            question=question,
            undo=undo,
            change_class=change_class,
            operations=operations,
        )
