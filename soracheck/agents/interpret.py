"""Interpreters turn director notes into an :class:`EditPlan`: offline by grammar, or by a language model.

Both read the notes against the storyboard's own names and say plainly which notes they could not
turn into edits. The offline interpreter is deterministic and never reaches the network; the OpenAI
interpreter talks to any OpenAI-compatible server with structured outputs, and is sent the storyboard
without consent data, cameo keys, reference images or render records.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from soracheck.agents.consistency import Lint, conflicts
from soracheck.agents.grammar import Instruction, NotUnderstood, read_note
from soracheck.agents.ops import EditOp, EditPlan, OpRejected, SetField, apply_plan
from soracheck.agents.reading import Names
from soracheck.storyboard.load import parse_storyboard
from soracheck.storyboard.model import Storyboard

if TYPE_CHECKING:
    from soracheck.config import Agent


class InterpreterError(RuntimeError):
    """The interpreter could not produce a plan (network, server, or an answer that is not a plan)."""


@dataclass(frozen=True)
class Note:
    """One director note and the line of the notes file it is on."""

    line: int
    text: str


@dataclass(frozen=True)
class Unclear:
    """A note that was not turned into edits, and why."""

    line: int
    text: str
    reason: str
    #: ``unclear`` (not read, ambiguous, no value), ``conflict`` (it breaks a rule) or ``instruction``
    #: (it addresses the tool): only an unclear note is worth asking a model about.
    kind: str = "unclear"


@dataclass
class Interpretation:
    plan: EditPlan
    unclear: list[Unclear]
    #: Requests made to a model (0 offline).
    calls: int = 0


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def parse_notes(text: str) -> list[Note]:
    """One note per line; blank lines and ``#`` comments are skipped, list bullets removed."""
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = _BULLET.sub("", line).strip()
        if stripped and not stripped.startswith("#"):
            notes.append(Note(number, stripped))
    return notes


class Interpreter(Protocol):
    #: Shown to the user: which interpreter ran.
    name: str
    #: Whether a rejection's reason can change the next plan.
    uses_feedback: bool

    def interpret(
        self, notes: list[Note], text: str, path: str, feedback: str | None, check: Lint | None = None
    ) -> Interpretation:
        """A plan for ``notes`` on the storyboard ``text``; ``feedback`` is why the last plan was rejected;
        ``check`` lints a storyboard text, for an interpreter that refuses notes that break the rules."""
        ...

    def repair(
        self, notes: list[Note], text: str, path: str, plan: EditPlan, findings: list[str]
    ) -> Interpretation | None:
        """A new plan that also avoids ``findings``; ``None`` to let the rules' own fixes repair them."""
        ...


class OfflineInterpreter:
    """The documented note grammar (README, "Director notes"): deterministic, no network.

    Notes are read in order, each against the storyboard as the notes before it left it, so a later
    note can name a shot an earlier one added. A note whose edits would not apply is reported with
    the reason, like a note outside the grammar.
    """

    name = "offline"
    uses_feedback = False

    def interpret(
        self, notes: list[Note], text: str, path: str, feedback: str | None = None, check: Lint | None = None
    ) -> Interpretation:
        board, _ = parse_storyboard(text, path)
        ops: list[EditOp] = []
        unclear: list[Unclear] = []
        understood: list[str] = []
        current = text
        first_order = [s.id for s in board.shots]
        set_by: dict[tuple[str, str | None, str], tuple[int, SetField]] = {}
        for note in notes:
            try:
                # numbers mean the storyboard as it was read, whatever earlier notes moved or dropped
                found = read_note(note.text, board, Names(board, positions=first_order))
                traced = [
                    op.model_copy(update={"line": note.line, "words": words})
                    for op, words in zip(found.ops, found.words, strict=True)
                ]
                applied = apply_plan(current, path, _plan(traced))
                asked = apply_plan(current, path, _plan(traced[: len(traced) - found.follow])).text
            except (NotUnderstood, OpRejected) as error:
                kind = "instruction" if isinstance(error, Instruction) else "unclear"
                unclear.append(Unclear(note.line, note.text, str(error), kind))
                continue
            except Exception as error:
                reason = (
                    f"the offline interpreter failed on this note ({type(error).__name__}: {error}); please report it"
                )
                unclear.append(Unclear(note.line, note.text, reason))
                continue
            earlier = _disagrees(traced[: len(traced) - found.follow], set_by)
            if earlier:
                unclear.append(
                    Unclear(note.line, note.text, f"not applied: {earlier}; say which one stands", "conflict")
                )
                continue
            broken = conflicts(current, applied.text, path, check, asked) if check else []
            if broken:
                named = "; ".join(
                    f"{f['code']} (shot {f['shot']}): {f['message']}" if f["shot"] else f"{f['code']}: {f['message']}"
                    for f in broken
                )
                reason = f"not applied: it would break the storyboard's rules: {named}"
                unclear.append(Unclear(note.line, note.text, reason, "conflict"))
                continue
            ops += traced
            set_by.update(
                {
                    (op.target, op.key, op.field): (note.line, op)
                    for op in traced[: len(traced) - found.follow]
                    if isinstance(op, SetField)
                }
            )
            understood.append(note.text)
            current, board = applied.text, applied.board
        rationale = f"Read {len(understood)} of {len(notes)} notes with the offline grammar."
        plan = EditPlan(rationale=rationale, ops=ops, not_understood=[u.text for u in unclear])
        return Interpretation(plan, unclear)

    def repair(
        self, notes: list[Note], text: str, path: str, plan: EditPlan, findings: list[str]
    ) -> Interpretation | None:
        return None


def _disagrees(ops: list[EditOp], set_by: dict[tuple[str, str | None, str], tuple[int, SetField]]) -> str:
    """How ``ops`` set a field an earlier note set to another value (empty when they do not): two notes
    that disagree are the director's to settle, not the last one's to win."""
    for op in ops:
        if isinstance(op, SetField) and (op.target, op.key, op.field) in set_by:
            line, before = set_by[op.target, op.key, op.field]
            if before.value != op.value:
                return f"the note on line {line} asks to {before.describe()}, this one to {op.describe()}"
    return ""


def _plan(ops: list[EditOp]) -> EditPlan:
    return EditPlan(rationale="", ops=ops, not_understood=[])


SYSTEM = """\
You edit a video storyboard for a director. Turn the director's notes into edit operations.
Rules:
- Address shots by their `id`, characters and locations by their key, exactly as in the storyboard.
- "shot N" means the N-th shot in the list (1-based).
- Change only what a note asks for. Keep every other field as it is.
- Field names are those of the storyboard (shot: duration, location, cast, npcs, action, camera, lens,
  lighting, coverage, persist, beats, directives, avoid, transition, audio.sfx, audio.bgm, audio.dialogue,
  details, prompt).
- Directives are written without brackets: continue-shooting, match-move, "lighting-lock: NAME",
  "match-lighting: SHOT", "identity-lock". Transitions: match-cut, whip-pan, seamless, cut, dissolve,
  fade, "time-jump: 30-minutes-later".
- Background people (npcs) are named, with one action: "Leo (barista) wipes the counter".
- Every edit says which note it carries out: `line` is that note's line number (as given, "line N:"),
  `words` the words of the note it carries out, verbatim.
- A note you cannot turn into edits without guessing goes, verbatim, into `not_understood`.
"""


class OpenAIInterpreter:
    """Structured outputs from an OpenAI-compatible server (``chat.completions.parse`` with :class:`EditPlan`)."""

    def __init__(self, settings: Agent, *, api_key: str | None = None, base_url: str | None = None) -> None:
        import openai

        self.model = os.environ.get("SORACHECK_MODEL") or settings.model
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or settings.base_url
        self.client = openai.OpenAI(
            api_key=api_key or os.environ.get("OPENAI_API_KEY") or "not-needed",
            base_url=self.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        self.name = f"openai ({self.model} at {self.client.base_url})"
        self.uses_feedback = True
        self.offline_first = settings.offline_first

    def interpret(
        self, notes: list[Note], text: str, path: str, feedback: str | None = None, check: Lint | None = None
    ) -> Interpretation:
        """The notes the offline interpreter reads are applied without a model call (unless the director
        rejected a plan: then the model reads them all); the rest go to the model, with the storyboard as
        those left it. A plan whose edits do not apply, or do not say which note they come from, goes
        back once with the reason."""
        offline = EditPlan(rationale="", ops=[], not_understood=[])
        kept: list[Unclear] = []
        asked, current = notes, text
        if self.offline_first and not feedback:
            first = OfflineInterpreter().interpret(notes, text, path, check=check)
            kept = [u for u in first.unclear if u.kind != "unclear"]  # conflicts and instructions stay refused
            pending = {u.line for u in first.unclear if u.kind == "unclear"}
            asked = [n for n in notes if n.line in pending]
            offline = first.plan
            current = apply_plan(text, path, offline).text if offline.ops else text
            read = sorted({op.line for op in offline.ops if op.line})
            if not asked:
                rationale = f"Read every note offline (lines {_lines(read)}); no model call."
                return Interpretation(EditPlan(rationale=rationale, ops=offline.ops, not_understood=[]), kept)
        board, _ = parse_storyboard(current, path)
        request = f"Storyboard (JSON):\n{shareable(board)}\n\nNotes:\n" + "\n".join(
            f"line {n.line}: {n.text}" for n in asked
        )
        if feedback:
            request += f"\n\nThe director rejected your previous plan: {feedback}"
        calls = 0
        for attempt in range(2):
            result = self._ask(request, asked)
            calls += result.calls
            reason = _untraced(result.plan, asked)
            if reason is None:
                try:
                    apply_plan(current, path, result.plan)
                except OpRejected as error:
                    reason = f"it does not apply: {error}"
            if reason is None:
                break
            if attempt:
                raise InterpreterError(f"the model's plan is not usable after {calls} answers: {reason}")
            request += f"\n\nYour previous plan could not be used ({reason}). Answer with a corrected complete plan."
        if not offline.ops:
            return Interpretation(result.plan, [*kept, *result.unclear], calls=calls)
        read = sorted({op.line for op in offline.ops if op.line})
        rationale = (
            f"Read lines {_lines(read)} offline, without a model call; asked the model about lines "
            f"{_lines([n.line for n in asked])}: {result.plan.rationale}"
        )
        plan = EditPlan(
            rationale=rationale, ops=[*offline.ops, *result.plan.ops], not_understood=result.plan.not_understood
        )
        return Interpretation(plan, [*kept, *result.unclear], calls=calls)

    def repair(
        self, notes: list[Note], text: str, path: str, plan: EditPlan, findings: list[str]
    ) -> Interpretation | None:
        board, _ = parse_storyboard(text, path)
        request = (
            f"Storyboard (JSON):\n{shareable(board)}\n\nNotes:\n"
            + "\n".join(f"line {n.line}: {n.text}" for n in notes)
            + f"\n\nYour plan:\n{plan.model_dump_json()}\n\nApplied, it introduced these problems:\n"
            + "\n".join(f"- {f}" for f in findings)
            + "\n\nAnswer with a complete new plan for the same notes that avoids them."
        )
        result = self._ask(request, notes)
        lines = {n.line for n in notes}
        result.plan.ops = [op for op in result.plan.ops if getattr(op, "line", None) in lines]  # traced, or not used
        return result

    def _ask(self, request: str, notes: list[Note]) -> Interpretation:
        import openai
        import pydantic

        messages: Any = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": request}]
        try:
            completion = self.client.chat.completions.parse(
                model=self.model, messages=messages, response_format=EditPlan
            )
        except openai.LengthFinishReasonError:
            raise InterpreterError(
                "the model's answer was cut off (length limit) before the plan was complete"
            ) from None
        except openai.ContentFilterFinishReasonError:
            raise InterpreterError("the server's content filter stopped the answer") from None
        except openai.APITimeoutError:
            raise InterpreterError(f"no answer from {self.client.base_url} in time (after retries)") from None
        except openai.APIConnectionError as error:
            raise InterpreterError(f"cannot reach {self.client.base_url}: {error.__cause__ or error}") from None
        except openai.APIStatusError as error:
            raise InterpreterError(
                f"{self.client.base_url} answered HTTP {error.status_code}: {_detail(error)}"
            ) from None
        except (pydantic.ValidationError, json.JSONDecodeError) as error:
            raise InterpreterError(f"the model's answer is not a valid edit plan: {_first_error(error)}") from None
        except openai.OpenAIError as error:
            raise InterpreterError(f"the model request failed: {error}") from None
        if not completion.choices:
            raise InterpreterError("the server answered with no choices")
        message = completion.choices[0].message
        if message.refusal:
            raise InterpreterError(f"the model refused: {message.refusal}")
        if message.parsed is None:
            raise InterpreterError("the model's answer is empty")
        plan = message.parsed
        unclear = [_unclear(text, notes) for text in plan.not_understood]
        return Interpretation(plan, unclear, calls=1)


def _lines(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _untraced(plan: EditPlan, notes: list[Note]) -> str | None:
    """Why a model's plan cannot be used as it is: an edit that names no line of the notes it was sent."""
    lines = {n.line for n in notes}
    for index, op in enumerate(plan.ops):
        if getattr(op, "line", None) not in lines:
            return f"edit {index + 1} ({op.describe()}) names no note line of {_lines(sorted(lines))}"
    return None


def shareable(board: Storyboard) -> str:
    """The storyboard as sent to a remote model: no cameo keys, reference images or render records."""
    data = board.model_dump(
        mode="json",
        exclude_defaults=True,
        exclude={
            "characters": {"__all__": {"cameo", "references"}},
            "shots": {"__all__": {"render"}},
        },
    )
    return json.dumps(data, ensure_ascii=False)


def _unclear(text: str, notes: list[Note]) -> Unclear:
    line = next((n.line for n in notes if n.text == text), 0) or next(
        (n.line for n in notes if text.casefold() in n.text.casefold()), 0
    )
    return Unclear(line, text, "the model could not turn it into edits")


def _detail(error: Any) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return str(error.message)


def _first_error(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return str(error)


def choose(settings: Agent, *, offline: bool) -> Interpreter:
    """OpenAI when a key or a base URL is configured (and ``offline`` is not forced), else offline."""
    configured = os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL") or settings.base_url
    if offline or not configured:
        return OfflineInterpreter()
    return OpenAIInterpreter(settings)
