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
from soracheck.agents.ops import EditOp, SetField
from soracheck.agents.reading import Names, Reading
from soracheck.storyboard.model import Storyboard
from soracheck.vocabulary.notes import FILLER, NUMBER, number

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
    reading = names.read(FILLER.sub(" ", _corrected(note)))
    clauses = _clauses(reading.text)
    subject = None
    prefix = re.match(rf"^(?:(?:in|on|for)\s+)?(?P<s>{S})\s*(?::|,|-)\s*", reading.text)
    if prefix:
        mention = reading.mention(prefix.group("s"))
        if mention.problem:
            raise NotUnderstood(mention.problem)
        if len(mention.shots) == 1:
            subject = mention.shots[0]
    reading.text = _masked(reading.text, clauses)
    about = Subject(board, names, reading, subject)
    about.references |= _aside(clauses)
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
    negated = next((c for c in clauses if c.kind == "negated"), None)
    if not claims and negated:
        raise NotUnderstood(negated.why)
    if not claims:
        raise NotUnderstood(reasons[0] if reasons else _unread(reading))
    if reasons:
        raise NotUnderstood(f"part of the note was read, but {reasons[0]}")
    unread = _unclaimed(reading, claims)
    if unread:
        raise NotUnderstood(f"part of the note was read, but not {unread!r}; write it as a note of its own")
    claims.sort(key=lambda c: c.start)
    ops = [op for claim in claims for op in claim.ops]
    ruled_out = _ruled_out(reading, clauses, ops) or _several_values(about, ops)
    if ruled_out:
        raise NotUnderstood(ruled_out)
    follow = [op for claim in claims for op in claim.follow]
    words = [_words(about, claim) for claim in claims for _ in claim.ops]
    words += [_words(about, claim) for claim in claims for _ in claim.follow]
    return Understood([*ops, *follow], words, len(follow))


_REASON = re.compile(
    r"^(?:⟨s\d+⟩(?:'s)?\s+(?:already|still|keeps|runs|eats|works|looks|feels|reads|is\s+(?:already|still|fine|good|great|perfect|\S+\s+too))\b|"
    r"(?:[\w⟨⟩'-]+\s+){1,6}?(?:is|are|feels?|looks?|seems?)\s+(?:a\s+lot|too|way|far|so|really|very|a\s+blink|a\s+bit|boring|dull|fine|ok|okay|good|great|perfect|right)\b|"
    r"i\s+(?:think|feel|love)|it'?s|it\s+(?:is|was|reads|feels|looks|loses|gets)|so\s|because|since|"
    r"that'?s|this\s+is|the\s+client|legal|we\s+(?:have|had|will|'ll)|we'll|(?:she|he|they)\s+(?:is|are|looks?|feels?|seems?))\b",
    re.IGNORECASE,
)
#: What makes a note no request to carry out: it says what not to do, asks, reports, excludes, or
#: offers a choice. Each is refused with why, never read as if it asked for the change it mentions.
_NOT_A_REQUEST = re.compile(
    r"(?P<negated>\b(?:don't|do\s+not|never|shouldn't|should\s+not|wouldn't|would\s+not|mustn't|must\s+not|can't|cannot|won't|isn't|is\s+not"
    r"|aren't|no\s+need\s+to|doesn't\s+need\s+to\s+be\s+(?!in\b)|not\s+(?:sure|web|social|broadcast)\b|I\s+don't\s+(?:think|want)"
    r"|let's\s+not|let\s+us\s+not|leave\s+(?:⟨[sc]\d+⟩|it|that|this|them|him|her)(?:\s+[\w'⟨⟩]+){0,3}?\s+(?:alone|as\s+it\s+is|be)\b"
    r"|keep\s+(?:⟨s\d+⟩|it)\s+as\s+(?:it\s+is|is)\b|\bno\s+changes?\b|\bas\s+it\s+is\b|\bfine\s+(?:with|as)\b))"
    r"|(?P<asked>^\s*(?:did|was|were|how|why|who|when|where|is\s+(?:it|the|there|⟨)|has|have\s+we|do\s+we|what\s+(?:would|about|if\s+we\s+tried)"
    r"|should\s+(?:we|i|it|the|⟨)|shall\s+we|would\s+(?:it|that|a|the|⟨)|are\s+we|does|which)\b[^.]*\?"
    r"|\b(?:let's|we'll|we\s+can)\s+(?:talk|discuss|chat)\b|\bthoughts\s*\?|\bwhat\s+do\s+you\s+think\b|\bI\s+wonder\b)"
    r"|(?P<reported>\b(?:last\s+time|asked\s+for|used\s+to|we\s+tried|i\s+disagree|earlier\s+note|undo|ignore|we\s+had|originally"
    r"|in\s+the\s+(?:first|last|previous|old|earlier)\s+(?:draft|cut|version|pass|edit))\b)"
    r"|(?P<deferred>\bhold\s+off\b|\buntil\s+(?:we|i|they|after|⟨c\d+⟩|[A-Z][\w'-]+|the\s+(?:client|label|agency|brand|cut|edit|review|rushes))\b"
    r"|^\s*once\s+(?!(?:we're|we\s+are|we\s+get|they're|he's|she's|more|again|up|where|as|in|at|on)\b)|\bnext\s+(?:pass|cut|version|round|edit|time)\b"
    r"|\bwe'll\s+(?:want|need|decide|revisit)\b|\b(?:in|for)\s+the\s+next\s+(?:cut|version|round|pass|edit)\b|\bmaybe\s+later\b"
    r"|\bafter\s+the\s+(?:test|screening|review|meeting|call)\b|\bunless\b"
    r"|(?<!as\s)(?<!even\s)\bif\s+(?!possible\b|you\s+(?:can|could)\b|we\s+can\b|need\s+be\b|necessary\b))"
    r"|(?P<excepted>\b(?:except|apart\s+from|other\s+than|excluding|save\s+for|but\s+not|besides)\b)"
    r"|(?P<choice>\beither\b(?=.*\bor\b)|\bor\s+(?:(?:maybe|the|shot|a|an)\b|\d)|\bwhichever\b|\byour\s+call\b"
    r"|\bbetween\s+\d+\w*\s+and\s+\d+|(?<!from\s)\b\d+(?:\s*to\s*|-)\d+\s*(?:s|secs?|seconds)\b)",
    re.IGNORECASE,
)
#: How a question that is a request begins ("can we…?", "could you…?", "would you mind…?").
_POLITE = re.compile(r"\s*(?:(?:so|and|hey|ok|okay|also)\s*,?\s+)?(?:can|could|would|will)\b", re.I)
#: … or one of its later clauses does ("the wheelhouse drags — could we get it down to 4?").
_POLITE_LATER = re.compile(r"(?:[,;:]|\s-)\s*(?:can|could|would|will)\s+(?:we|you|it|i|⟨)", re.I)
#: Sarcasm: the note asks for what it mocks ("sure, let's make it 40 seconds, why not").
_SARCASM = re.compile(
    r"\bwho\s+needs\b|\bwhy\s+not\b\W*$|\byeah\s+right\b|\bsure,?\s+let's\b|\bwhat\s+could\s+go\s+wrong\b"
    r"|\b(?:yeah|oh)\s+sure\b|\bnothing\s+says\b[^.]*\blike\b|\boh\s+great\b|\bthat'll\s+(?:really\s+)?help\b"
    r"|\bsurely\s+(?:nobody|no\s+one)\b|\bgenius\b",
    re.IGNORECASE,
)
_NOT_A_REQUEST_WHY = {
    "negated": "it says what not to do, not what to change; write the change itself",
    "asked": "it asks a question; write the change as a note",
    "reported": "it reports or revisits an earlier note or decision; write the change itself (or 'soracheck undo')",
    "deferred": "it is for later or on a condition; write it when it is decided",
    "excepted": "it names shots by exception; name the shots it changes",
    "choice": "it offers a choice; pick one",
    "sarcasm": "it reads as sarcasm; write the change plainly if it is meant",
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


#: Where a clause of a (tokenised) note ends: a full stop, question mark, semicolon or ellipsis, a dash
#: between spaces, or a comma.
_CLAUSE_END = re.compile(r"[.?!;…]+(?:\s+|$)|…|\s+-+\s+|,\s+")


@dataclass
class Clause:
    """A clause of a note and what it does: it asks for a change (``request``), gives a reason, says
    what not to do (``negated``: set aside when another clause asks for something), or makes the
    note no request at all (``asked``, ``reported``, ``deferred``, ``choice``, ``excepted``, ``sarcasm``)."""

    start: int
    end: int
    text: str
    kind: str
    #: The words that made it so.
    marker: str = ""

    @property
    def why(self) -> str:
        return f"{_NOT_A_REQUEST_WHY[self.kind]} ({self.marker!r})"


def _clauses(text: str) -> list[Clause]:
    """The note's clauses, each with its kind; :class:`NotUnderstood` when one makes the note no
    request (a question, a report, a deferral, a choice, an exception, sarcasm), and when every
    clause that is not a reason says what not to do."""
    sarcasm = _SARCASM.search(text)
    if sarcasm:  # "oh sure, let's …" spans a clause
        raise NotUnderstood(f"{_NOT_A_REQUEST_WHY['sarcasm']} ({sarcasm.group()!r})")
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if sentence.rstrip().endswith("?") and not (_POLITE.match(sentence) or _POLITE_LATER.search(sentence)):
            raise NotUnderstood(f"{_NOT_A_REQUEST_WHY['asked']} ({sentence.strip()!r})")
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(text) if 0 < m.end() < len(text)), len(text)]
    clauses = []
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        words = text[start:end]
        refused = _NOT_A_REQUEST.search(words)
        if _DISMISSED.match(words) or (index and _gives_reason(words)):
            kind, marker = "reason", ""
        elif refused:
            kind, marker = next(k for k, v in refused.groupdict().items() if v), refused.group()
        elif _REASON.match(words.strip()) and (index or not re.search(rf"{NUMBER}|{Q}", words, re.I)):
            kind, marker = "reason", ""  # a first clause that gives a reason carries no value
        else:
            kind, marker = "request", ""
        clauses.append(Clause(start, end, words, kind, marker))
    for clause in clauses:
        if clause.kind not in ("request", "reason", "negated"):
            raise NotUnderstood(clause.why)
    if not any(c.kind == "request" for c in clauses):
        negated = next((c for c in clauses if c.kind == "negated"), None)
        if negated:
            raise NotUnderstood(negated.why)
    return clauses


#: A clause that sets an earlier note aside ("never mind what I said about lenses"): no request, and
#: nothing it names is ruled out.
#: So is one that names a shot only to exclude it ("put shot 5 on a 100, not shot 4").
_DISMISSED = re.compile(
    r"\s*(?:never\s+mind|forget\s+what|scratch\s+(?:that|what))\b"
    r"|\s*(?:not|rather\s+than|instead\s+of)\s+(?:(?:in|on|for)\s+)?⟨s\d+⟩[\s.,;!-]*$",
    re.I,
)


def _masked(text: str, clauses: list[Clause]) -> str:
    """The note with the clauses that do not ask for a change blanked — its reasons (after the first
    clause: "…, it's like the exit on a 50mm") and what it says not to do, when another clause asks
    for something ("don't touch the lens, just make it 6 seconds") — keeping offsets and the shots
    they name, so that no aspect reads a value in them."""
    if not any(c.kind == "request" for c in clauses):
        return text
    asking = any(c.kind == "request" and _asks(c.text) for c in clauses)
    for clause in clauses:
        if clause.kind == "negated" or (clause.kind == "reason" and (clause.start or asking)):
            end = next((m.start() for m in _CLAUSE_END.finditer(clause.text) if m.end() == len(clause.text)), None)
            end = clause.start + (len(clause.text) if end is None else end)
            kept = " ".join(re.findall(S, text[clause.start : end]))
            text = text[: clause.start] + kept.ljust(end - clause.start) + text[end:]
    return text


def _asks(clause: str) -> bool:
    """Whether a clause asks for a change: it starts with a verb of one, or gives a value."""
    return bool(
        _ASKS.match(clause.strip(" ,.;:-")) or re.search(rf"{NUMBER}|{Q}", re.sub(r"⟨[sc]\d+⟩", "", clause), re.I)
    )


def _aside(clauses: list[Clause]) -> set[str]:
    """Shots named only in the clauses set aside (a reason: "the sprint already runs 12"; what not to
    do: "leave the lace alone"), when the clauses that ask name shots of their own: they are not what
    the note changes."""
    asking = {t for c in clauses if c.kind == "request" for t in re.findall(S, c.text)}
    first_aside = any(c.kind == "request" and _asks(c.text) for c in clauses)  # as _masked sets it aside
    aside = {
        t
        for c in clauses
        if c.kind == "negated" or (c.kind == "reason" and (c.start or first_aside))
        for t in re.findall(S, c.text)
    }
    return aside - asking if asking else set()


#: Words that name a field in what a note says not to do ("don't touch the lens on the laps").
_FIELD_WORDS = {
    "duration": r"long|longer|short|shorter|length|duration|seconds?|secs?|trim|timing",
    "lens": r"lens|lenses|mm|focal",
    "camera": r"camera|move|pan|dolly|push|track|tracking|handheld",
    "transition": r"transition|dissolve|whip|cut\s+into",
    "lighting": r"light|lighting|grade",
    "audio": r"sound|sfx|music|bgm|cue|line",
}


def _ruled_out(reading: Reading, clauses: list[Clause], ops: list[EditOp]) -> str | None:
    """Why an edit changes what the note says not to change (a shot it says to leave alone, or the
    field it says not to touch there), or ``None``."""
    for clause in (c for c in clauses if c.kind == "negated"):
        shots = {s for t in re.findall(S, clause.text) for s in reading.mention(t).shots}
        fields = [f for f, words in _FIELD_WORDS.items() if re.search(rf"\b(?:{words})\b", clause.text, re.I)]
        whole = not fields and re.search(
            r"\b(?:touch|change|changes|alone|as\s+it\s+is|as\s+is|fine)\b", clause.text, re.I
        )
        for op in ops:
            shot = getattr(op, "key", None) or getattr(op, "shot", None)
            field = str(getattr(op, "field", "")).split(".")[0]
            if (shot in shots or not shots) and (field in fields or (shots and whole)):
                return (
                    f"the note asks to {op.describe()}, and also says not to "
                    f"({reading.original(clause.text).strip(' ,.;')!r}); say which stands"
                )
    return None


#: How a note gives a duration or a lens a value; a time a cue or beat is at, or an old value
#: ("not 16", "from 12 s") is no new value.
_GIVEN = {
    "duration": rf"(?<![\w.])(?P<n>{NUMBER})\s*-?\s*(?:s|secs?|seconds?)\b",
    "lens": rf"(?<![\w.])(?P<n>{NUMBER})\s*mm\b|\b(?:on|to)\s+an?\s+(?P<m>{NUMBER})\b(?!\s*(?:s|secs?|seconds?|minutes?|%))",
}
_NOT_GIVEN = re.compile(
    r"(?:\b(?:at|after|before|until|till|within|from|not|than|of)\s+(?:the\s+|a\s+|an\s+)?|instead\s+of\s+(?:the\s+|a\s+)?)$",
    re.I,
)


def _several_values(about: Subject, ops: list[EditOp]) -> str | None:
    """Why the note gives a field more values than it was read to set ("taxi to 4 seconds. Taxi to 16
    seconds."): one of them was left unread, so the reading is not certain; ``None`` when not."""
    for name, pattern in _GIVEN.items():
        setting = [op for op in ops if isinstance(op, SetField) and op.target == "shot" and op.field == name]
        if not setting:
            continue
        current = {
            number(m.group())
            for op in setting
            for m in re.finditer(r"[\d.]+", str(getattr(about.get(op.key or ""), name)))
        }
        given = set()
        for m in re.finditer(pattern, about.text, re.I):
            value = m.group("n") if m.groupdict().get("n") else m.group("m")
            if not _NOT_GIVEN.search(about.text[: m.start()]) and number(value) not in current:
                given.add(number(value))
        if len(given) > len({str(op.value) for op in setting}):
            shown = " and ".join(f"{v:g}" for v in sorted(given))
            return f"it gives the {name} {shown}; say one value per shot"
    return None


#: A value corrected once in the note ("make it 5 — no, 4 seconds"): the later value stands.
_CORRECTION = re.compile(
    rf"(?P<old>{NUMBER})\s*(?:s|secs?|seconds?|mm)?\s*(?:,|[-\u2014\u2013]+|…|\.\.\.)?\s+"
    rf"(?:no|actually|sorry|wait|make\s+(?:that|it)|i\s+mean|scratch\s+that|or\s+rather)\b[,\s]*(?:i\s+mean\s+)?(?:an?\s+)?(?P<new>{NUMBER})",
    re.IGNORECASE,
)
_MIND = r"(?:no|actually|sorry|wait|make\s+that|i\s+mean|scratch\s+that|or\s+rather)\b"
_CHANGED_MIND = re.compile(rf"(?:^|[,.…-]\s*){_MIND}(?:[,\s]+{_MIND})*", re.I)


#: Words that take back what a note just said ("no wait, keep it at 35").
_TAKEN_BACK = re.compile(
    r"\b(?:no\s+wait|wait,?\s+no|actually,?\s+no|scratch\s+that)\b|,\s*(?:sorry,?\s+)?i\s+mean\b", re.I
)


def _corrected(text: str) -> str:
    """The note with a value it corrects once replaced by the correction; :class:`NotUnderstood` when
    it changes its mind more than once ("8 seconds… actually 16, no, 8"), corrects more than one
    value ("shots 3 and 4, I mean 1 and 2"), or takes back what it said without a new value."""
    found = _CORRECTION.search(text)
    if not found:
        taken = _TAKEN_BACK.search(text)
        if taken:
            raise NotUnderstood(f"the note takes back what it said ({taken.group()!r}); write it as decided")
        return text
    if len(_CHANGED_MIND.findall(text)) > 1:
        raise NotUnderstood("the note changes its mind more than once; give the value once")
    if re.match(rf"\s*(?:and|to|or|-|,)\s*{NUMBER}", text[found.end() :], re.I):
        raise NotUnderstood("the note corrects more than one value; write it as decided")
    return text[: found.start("old")] + text[found.start("new") :]


#: Words a clause asks for a change with, when it begins with one (after "can we", "please" …).
_ASKS = re.compile(
    r"^(?:(?:and|while|also|then|so)\s+)?(?:(?:can|could|would)\s+(?:we|you)\s+|let's\s+|(?:i'd|we'd)\s+(?:like\s+to\s+|rather\s+)?"
    r"|you're\s+in\s+there\s+)?"
    r"(?:add|put|pop|stick|drop|lose|cut|remove|make|move|swap|give|set|change|use|avoid|kill|lock|"
    r"shorten|lengthen|trim|extend|duplicate|repeat|fade|dissolve|whip|bring|take|get\s+rid|replace|turn)\b",
    re.IGNORECASE,
)


def _unclaimed(reading: Reading, claims: list[Claim]) -> str | None:
    """A clause that asks for a change (it starts with a verb of one, or gives a time or a lens) that
    no aspect read."""
    text = reading.text
    changed = {getattr(op, "key", None) or getattr(op, "shot", None) for c in claims for op in c.ops}
    bounds = [0, *(m.end() for m in CLAUSES.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        clause = text[start:end].strip(" ,.;:-")
        others = [t for t in re.findall(S, clause) if not set(reading.mention(t).shots) <= changed]
        valued = re.search(rf"{NUMBER}|{Q}", re.sub(r"⟨[sc]\d+⟩", "", clause), re.I) or others
        asks = _ASKS.match(clause) or (
            re.search(rf"\b{NUMBER}\s*(?:s|secs?|seconds?|mm|minutes?)\b", clause, re.I)
            and not re.match(r"(?:not|instead\s+of|rather\s+than)\b", clause, re.I)
        )
        # a request joined on with "and" asks for a change of its own, valued or not ("… and drop the
        # door bell"); after a comma or a dash, one without a value restates ("…, lose the whip")
        joined = re.search(r"\band\s*$", text[max(0, start - 6) : start], re.I) or re.match(
            r"\s*and\b", text[end - 5 : end + 5] if end < len(text) else "", re.I
        )
        if (
            clause
            and (valued or (joined and _ASKS.match(clause)))
            and asks
            and not any(c.start < end and start < c.end for c in claims)
        ):
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
