"""Reading one note: the refusals made before any aspect reads it (instructions, questions, negations),
the aspects composed, and what part of the note no aspect read."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from soracheck.agents.grammar.avoid import avoid
from soracheck.agents.grammar.continuity import continues, lighting, match_move, transition
from soracheck.agents.grammar.fields import action, project
from soracheck.agents.grammar.framing import camera, lens
from soracheck.agents.grammar.order import order
from soracheck.agents.grammar.people import cast, npcs
from soracheck.agents.grammar.sound import sound
from soracheck.agents.grammar.subject import (
    CLAUSES,
    Aspect,
    Claim,
    Instruction,
    NotUnderstood,
    Q,
    S,
    Several,
    Subject,
    Unresolved,
)
from soracheck.agents.grammar.timing import duration
from soracheck.agents.grammar.wardrobe import wardrobe
from soracheck.agents.ops import (
    EditOp,
)
from soracheck.agents.reading import Names, Reading
from soracheck.storyboard.model import Storyboard
from soracheck.vocabulary.notes import FILLER, NUMBER

ASPECTS: tuple[Aspect, ...] = (
    duration,
    lens,
    camera,
    transition,
    continues,
    match_move,
    lighting,
    order,
    npcs,
    cast,
    wardrobe,
    avoid,
    sound,
    project,
    action,
)


_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|rules?|storyboard|checks?|lint\w*|you(?:'re| are))"
    r"|\b(?:system|assistant|admin|developer)\s*(?:prompt|override|:|\])|^\s*\[?(?:system|admin)\b"
    r"|\byou\s+are\s+(?:now|the)\b|\bfrom\s+now\s+on\b|\bprint\s+your\b|\bapi\s+keys?\b|\benvironment\s+variables\b"
    r"|\brm\s+-rf\b|</?\w+>|\bmark\s+(?:this|every|it|all)\b.{0,40}\b(?:approved|accepted)\b|\bwrite\s+me\b"
    r"|\bskip\s+the\s+(?:lint\w*|checks?)\b|\bwithout\s+(?:checking|lint\w*|review\w*)\b|\bno\s+checks\b"
    r"|\bapply\s+the\s+next\s+note\b|\bwhatever\s+(?:it|i|they)\s+says?\b",
    re.IGNORECASE,
)


# --- reading a note ------------------------------------------------------------------------------


@dataclass
class Understood:
    """The edits a note asks for, each with the words of the note it came from; ``follow`` of them
    (at the end of ``ops``) only keep the storyboard consistent with the rest."""

    ops: list[EditOp]
    words: list[str]
    follow: int = 0


def interpret_note(note: str, board: Storyboard, names: Names | None = None) -> list[EditOp]:
    """The edits one note asks for; :class:`NotUnderstood` when no reading is certain."""
    return read_note(note, board, names).ops


_REQUESTS = re.compile(r"\s*(?:;|,?\s+and\s+(?:then\s+|also\s+)?|,\s+then\s+|\s+-\s+)\s*", re.I)


def read_note(note: str, board: Storyboard, names: Names | None = None) -> Understood:
    """Every aspect's reading of the note, composed; :class:`NotUnderstood` when none reads it.

    A note that asks for two things of two shots ("trim the market to eight and put the eggs on a
    fifty") is read request by request when it cannot be read whole: each must be read, or give a
    reason ("we'll end on the clink"), or nothing is applied."""
    names = names or Names(board)
    try:
        return _read_note(note, board, names)
    except Several:
        parts = [p for p in _REQUESTS.split(note) if p.strip()]
        if len(parts) < 2:
            raise
        read = Understood([], [])
        for part in parts:
            if _REASON.match(part.strip()):
                continue
            one = _read_note(part, board, names)
            asked = len(one.ops) - one.follow
            read.ops[len(read.ops) - read.follow : len(read.ops) - read.follow] = one.ops[:asked]
            read.words[len(read.words) - read.follow : len(read.words) - read.follow] = one.words[:asked]
            read.ops += one.ops[asked:]
            read.words += one.words[asked:]
            read.follow += one.follow
        if not read.ops:
            raise
        return read


def _read_note(note: str, board: Storyboard, names: Names) -> Understood:
    if _INSTRUCTION.search(note):
        raise Instruction("this reads as an instruction to the tool, not a note on the storyboard; it was not applied")
    for index, clause in enumerate(re.split(r"(?<=[.?!;])\s+|\s+[-\u2014\u2013]+\s+|,\s+", note)):
        refused = _NOT_A_REQUEST.search(clause)
        if refused and not (index and _gives_reason(clause)):
            why = _NOT_A_REQUEST_WHY[next(k for k, v in refused.groupdict().items() if v)]
            raise NotUnderstood(f"{why} ({refused.group()!r})")
    reading = names.read(FILLER.sub(" ", note))
    subject = None
    prefix = re.match(rf"^(?:(?:in|on|for)\s+)?(?P<s>{S})\s*(?::|,|-)\s*", reading.text)
    if prefix:
        mention = reading.mention(prefix.group("s"))
        if mention.problem:
            raise NotUnderstood(mention.problem)
        if len(mention.shots) == 1:
            subject = mention.shots[0]
    reading.text = _masked(reading)
    about = Subject(board, names, reading, subject)
    about.references |= _reasons(reading)
    about.references |= set(
        re.findall(rf"\b(?:same\s+as|just\s+like|like\s+in|like|as\s+in|matching)\s+({S})", reading.text, re.I)
    )
    claims: list[Claim] = []
    reasons: list[str] = []
    unresolved: list[Unresolved] = []
    several = False
    for read in ASPECTS:
        try:
            claim = read(about)
        except Unresolved as error:
            unresolved.append(error)
            continue
        except NotUnderstood as error:
            several = several or isinstance(error, Several)
            reasons.append(str(error))
            continue
        if claim is not None and not any(c.start < claim.end and claim.start < c.end for c in claims):
            claims.append(claim)
    # A name that is ambiguous only in a clause no aspect read ("we have enough of the quay") is no reason.
    reasons += [
        str(e) for e in unresolved if not claims or any(c.start <= reading.text.index(e.token) < c.end for c in claims)
    ]
    if several:  # several shots named apart: read request by request, if the note has several
        raise Several(next(r for r in reasons if "say which shot it changes" in r))
    if not claims:
        raise NotUnderstood(reasons[0] if reasons else _unread(reading))
    if reasons:
        raise NotUnderstood(f"part of the note was read, but {reasons[0]}")
    unread = _unclaimed(reading, claims)
    if unread:
        raise NotUnderstood(f"part of the note was read, but not {unread!r}; write it as a note of its own")
    claims.sort(key=lambda c: c.start)
    ops = [op for claim in claims for op in claim.ops]
    follow = [op for claim in claims for op in claim.follow]
    words = [_words(about, claim) for claim in claims for _ in claim.ops]
    words += [_words(about, claim) for claim in claims for _ in claim.follow]
    return Understood([*ops, *follow], words, len(follow))


_REASON = re.compile(
    r"^(?:i\s+(?:think|feel|love)|it'?s|it\s+(?:is|was|reads|feels|looks|loses|gets)|so\s|because|since|"
    r"that'?s|this\s+is|the\s+client|legal|we\s+(?:have|had|will|'ll)|we'll|(?:she|he|they)\s+(?:is|are|looks?|feels?|seems?))\b",
    re.IGNORECASE,
)
#: What makes a note no request to carry out: it says what not to do, asks, reports, excludes, or
#: offers a choice. Each is refused with why, never read as if it asked for the change it mentions.
_NOT_A_REQUEST = re.compile(
    r"(?P<negated>\b(?:don't|do\s+not|never|shouldn't|should\s+not|mustn't|must\s+not|can't|cannot|won't|isn't|is\s+not"
    r"|aren't|no\s+need\s+to|doesn't\s+need\s+to\s+be\s+(?!in\b)|not\s+(?:sure|web|social|broadcast)\b|I\s+don't\s+(?:think|want)))"
    r"|(?P<asked>^\s*(?:did|was|were|how|why|who|when|where|is\s+(?:it|the|there)|has|have\s+we|do\s+we)\b[^.]*\?)"
    r"|(?P<reported>\b(?:last\s+time|asked\s+for|used\s+to|we\s+tried|i\s+disagree|earlier\s+note|undo|ignore)\b)"
    r"|(?P<excepted>\b(?:except|apart\s+from|other\s+than|excluding|save\s+for|but\s+not|besides)\b)"
    r"|(?P<choice>\beither\b(?=.*\bor\b)|\bor\s+(?:maybe|the|shot|a|an|\d)\b)",
    re.IGNORECASE,
)
_NOT_A_REQUEST_WHY = {
    "negated": "it says what not to do, not what to change; write the change itself",
    "asked": "it asks a question; write the change as a note",
    "reported": "it reports or revisits an earlier note or decision; write the change itself (or 'soracheck undo')",
    "excepted": "it names shots by exception; name the shots it changes",
    "choice": "it offers a choice; pick one",
}


def _gives_reason(clause: str) -> bool:
    """Whether a clause after a note's first one gives a reason ("we don't need to see him yet")
    rather than a request ("can we …", "we should …", "I'd …")."""
    clause = clause.strip()
    if re.match(r"(?i)(?:can|could|would)\s+(?:we|you)|we\s+(?:should|need\s+to)|let's|i'd|i\s+want", clause):
        return False
    return bool(
        _REASON.match(clause) or re.match(r"(?i)(?:we|you|she|he|they|it|that|this|i|[A-Z]\w+'s\s+not)\b", clause)
    )


def _masked(reading: Reading) -> str:
    """The note with its reason clauses (after the first clause: "…, it's like the exit on a 50mm")
    blanked, keeping offsets and the shots they name, so that no aspect reads a value in them."""
    text = reading.text
    bounds = [0, *(m.end() for m in re.finditer(r"[.?!;]\s+|\s+-\s+|,\s+", text)), len(text)]
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        if index and _REASON.match(text[start:end].strip()):
            kept = " ".join(re.findall(S, text[start:end]))
            text = text[:start] + kept.ljust(end - start) + text[end:]
    return text


def _reasons(reading: Reading) -> set[str]:
    """Shots named only in a clause that gives a reason ("I want the rain stacked up between us"),
    after the note's first clause: they are not what the note changes."""
    tokens: set[str] = set()
    for index, clause in enumerate(re.split(r"[.?!;]\s+|\s+-\s+|,\s+", reading.text)):
        if index and _REASON.match(clause.strip()):
            tokens |= set(re.findall(S, clause))
    named = set(re.findall(S, reading.text))
    return tokens if tokens != named else set()


#: Words a clause asks for a change with, when it begins with one (after "can we", "please" …).
_ASKS = re.compile(
    r"^(?:(?:and|while|also|then|so)\s+)?(?:(?:can|could|would)\s+(?:we|you)\s+|let's\s+|(?:i'd|we'd)\s+(?:like\s+to\s+|rather\s+)?"
    r"|you're\s+in\s+there\s+)?"
    r"(?:add|put|pop|stick|drop|lose|cut|remove|make|move|swap|give|set|change|use|avoid|kill|lock|"
    r"shorten|lengthen|trim|extend|duplicate|repeat|fade|dissolve|whip|bring|take|get\s+rid|replace|turn)\b",
    re.IGNORECASE,
)


def _unclaimed(reading: Reading, claims: list[Claim]) -> str | None:
    """A clause that asks for a change (it starts with a verb of one) that no aspect read."""
    text = reading.text
    changed = {getattr(op, "key", None) or getattr(op, "shot", None) for c in claims for op in c.ops}
    bounds = [0, *(m.end() for m in CLAUSES.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        clause = text[start:end].strip(" ,.;:-")
        others = [t for t in re.findall(S, clause) if not set(reading.mention(t).shots) <= changed]
        valued = re.search(rf"{NUMBER}|{Q}", re.sub(r"⟨[sc]\d+⟩", "", clause), re.I) or others
        if clause and valued and _ASKS.match(clause) and not any(c.start < end and start < c.end for c in claims):
            return re.sub(r"\s+(?:and|then|also|plus|while)$", "", reading.original(clause), flags=re.I)
    return None


def _words(about: Subject, claim: Claim) -> str:
    """The clauses of the note a claim was read from, as the note wrote them."""
    text = about.text
    bounds = [
        0,
        *(m.end() for m in re.finditer(r"[.?!;:]\s+|\s+-\s+|,\s+(?:and\s+|then\s+)?|\s+and\s+", text)),
        len(text),
    ]
    start = max(b for b in bounds if b <= claim.start)
    end = min((b for b in bounds if b >= claim.end and b > start), default=len(text))
    words = re.sub(r"[\s,.;:-]*(?:\b(?:and|then)\s*)?$", "", about.reading.original(text[start:end]))
    return words.strip(" ,.;:-")


#: Words that say which field a note is about, and how a note gives that field a value.
_FIELD_HINTS = (
    (r"\b(?:long|longer|short|shorter|length|drags?|seconds?|secs?|quick|quicker|slow)\b", "{shot}: 8 seconds"),
    (r"\b(?:lens|mm|wide|wider|tight|tighter|close|closer)\b", "{shot} on a 50mm"),
    (r"\b(?:camera|pan|dolly|push|tilt|track|handheld|static|crane)\b", "camera on {shot}: …, as if …"),
    (r"\b(?:music|sound|sfx|bgm|audio|quiet|loud|silence)\b", "music on {shot}: …"),
    (r"\b(?:light|lighting|lit|dark|bright)\b", "lock the lighting on {shot} to current"),
)


def _unread(reading: Reading) -> str:
    problems = [m.problem for m in reading.mentions if m.problem]
    if problems:
        return problems[0]
    named = next((m.written for m in reading.mentions if m.shots), None)
    if named:
        hints = [form for pattern, form in _FIELD_HINTS if re.search(pattern, reading.note, re.I)]
        examples = hints[:1] or [form for _, form in _FIELD_HINTS[:3]]
        shown = " or ".join(repr(e.format(shot=named)) for e in examples)
        return f"it names {named!r} but gives nothing to set; say it with a value, e.g. {shown}"
    return (
        "no field or value the offline interpreter reads (durations, lenses, camera, transitions, continuity, "
        "order, background people, cast, wardrobe, props, avoid tags, sound; see 'Director notes' in the README)"
    )
