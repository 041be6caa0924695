"""Reading a director's note against a storyboard: its spelling put right, and the shots, characters
and quoted texts it names found and replaced by tokens, for the grammar's aspects to compose.

A shot is named in many ways: by id (``booth``, ``the pour``), number (``shot 3``), ordinal (``the
second shot``, ``the penultimate shot``, ``the opener``), content (``the shot where she orders``,
``the one with the old woman waiting``, ``the close-up``), place or person (``every shot on the
deck``, ``all of Maya's shots``), or as a range (``from shot 3 on``, ``shots 2 thru 4``, ``the last
two shots``, ``everywhere``). Each becomes a :class:`Mention` of the shots it means; a name that
means several shots where one is meant, or none, keeps the problem to report when it is used.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from soracheck.storyboard.model import Shot, Storyboard
from soracheck.vocabulary.notes import COMMAND_WORDS, NUMBER, NUMBER_WORDS, ORDINALS, number, same_word, stem
from soracheck.vocabulary.wardrobe import GARMENTS

if TYPE_CHECKING:
    from spellchecker import SpellChecker


@dataclass(frozen=True)
class Mention:
    """Shots a note names, as it wrote them; ``problem`` says why they cannot be used as one target."""

    shots: tuple[str, ...]
    written: str
    #: ``one``: a single shot was meant; ``set``: several ("both", "every", a range); ``all``: the whole
    #: piece; ``except``: the shots a set leaves out ("… except the finale"), never a target.
    scope: str = "one"
    problem: str | None = None


@dataclass
class Reading:
    """A note with the storyboard's names replaced by tokens: ``⟨s0⟩`` shots, ``⟨c0⟩`` characters,
    ``⟨q0⟩`` quoted texts."""

    note: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)
    #: Descriptions of shots that match none, left as words (an idiom like "the money shot").
    unknown: list[str] = field(default_factory=list)

    def original(self, text: str) -> str:
        """``text`` with its tokens put back as the note wrote them."""
        while re.search(r"⟨[scq]\d+⟩", text):
            text = re.sub(r"⟨[scq]\d+⟩", lambda m: self.originals[m.group()], text)
        return text

    def mention(self, token: str) -> Mention:
        return self.mentions[int(token[2:-1])]

    def character(self, token: str) -> str:
        return self.characters[int(token[2:-1])]


#: Words that neither describe a shot nor stop a description.
_QUIET = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "her",
        "his",
        "their",
        "its",
        "she",
        "he",
        "they",
        "them",
        "him",
        "it",
        "this",
        "that",
        "one",
        "ones",
        "where",
        "with",
        "which",
        "who",
        "when",
        "shot",
        "shots",
        "bit",
    ]
)
#: Words that end a description ("the shot where she orders | down to a third").
_STOP = frozenset(
    [
        "on",
        "to",
        "down",
        "should",
        "needs",
        "need",
        "is",
        "can",
        "could",
        "would",
        "in",
        "into",
        "at",
        "for",
        "by",
        "from",
        "so",
        "but",
        "and",
        "-",
        "ought",
    ]
)
#: Words that may follow a bare shot id without making it part of another noun ("the horn | cord").
_AFTER_ID = frozenset(
    [
        "on",
        "in",
        "at",
        "to",
        "into",
        "from",
        "with",
        "and",
        "or",
        "but",
        "should",
        "needs",
        "need",
        "wants",
        "want",
        "is",
        "was",
        "has",
        "have",
        "can",
        "could",
        "would",
        "will",
        "goes",
        "go",
        "come",
        "comes",
        "continues",
        "continue",
        "picks",
        "carries",
        "match",
        "matches",
        "shot",
        "shots",
        "too",
        "also",
        "either",
        "instead",
        "then",
        "so",
        "it",
        "for",
        "camera",
        "lens",
        "music",
        "bgm",
        "sfx",
        "audio",
        "lighting",
        "action",
        "transition",
        "duration",
        "dialogue",
        "line",
        "plays",
        "feels",
        "drags",
        "ought",
        "must",
        "lose",
        "loses",
        "be",
        "off",
        "up",
        "down",
        "please",
        "pls",
        "first",
        "last",
        "right",
        "straight",
        "before",
        "after",
        "ends",
        "went",
        "gets",
        "looks",
        "isn't",
        "doesn't",
        "runs",
        "run",
        "the",
        "a",
        "an",
        "shoud",
        "shoudl",
        "its",
        "it's",
        "than",
        "as",
        "over",
        "under",
        "through",
        "thru",
        "came",
        "i",
        "i'd",
        "i'm",
        "we",
        "we'd",
        "you",
    ]
)


class Names:
    """The storyboard's names: what a note may refer to, and how each shot can be described."""

    def __init__(self, board: Storyboard, positions: list[str] | None = None) -> None:
        """``positions``: the shot ids in the order the notes file's numbers mean (the storyboard as it
        was read, before earlier notes moved or dropped shots); by default the board's own order."""
        self.board = board
        self.ids = [s.id for s in board.shots]
        self.positions = positions or self.ids
        self.people: list[tuple[re.Pattern[str], str]] = []
        for key, character in board.characters.items():
            spellings = {key, character.name, character.name.split()[0]}
            pattern = "|".join(sorted((re.escape(s) for s in spellings), key=len, reverse=True))
            self.people.append((re.compile(rf"(?<![\w⟨-])(?:{pattern})(?:'s|s'|s(?=\s))?(?![\w-])", re.I), key))
        for role, key in _roles(board):
            self.people.append((re.compile(rf"\bthe\s+{re.escape(role)}(?:'s)?\b", re.I), key))
        self.places = {key: _place_words(key, loc.description) for key, loc in board.locations.items()}
        self.words = {s.id: _shot_words(board, s) for s in board.shots}
        #: Pairs of words the storyboard writes together ("ticket roll"): an id there is not a shot.
        self.compounds = _compounds(board)
        #: What names a shot rather than describes it: its id, its place, its people.
        self.names_of = {
            s.id: {s.id, *s.id.split("-"), *self.places.get(s.location or "", []), *(f"⟨{k}⟩" for k in s.cast)}
            for s in board.shots
        }

    # --- the pass that reads a note -------------------------------------------------------------

    def read(self, note: str) -> Reading:
        reading = Reading(note, note)
        note = note.replace("⟨", "<").replace("⟩", ">")  # a note's own brackets are never tokens
        text = re.sub(r"(?<![\w'])'([^']+)'(?![\w'])|\"([^\"]+)\"", lambda m: self._quote(reading, m), _quotes(note))
        text = _plain(text)
        text = self._spell(text)
        for pattern, key in self.people:
            text = pattern.sub(lambda m, key=key: self._person(reading, m, key), text)
        text = self._sets(reading, text)
        text = self._singles(reading, text)
        text = self._ranges(reading, text)
        text = self._exceptions(reading, text)
        reading.text = re.sub(r"\s+", " ", text).strip()
        return reading

    def _exceptions(self, reading: Reading, text: str) -> str:
        """Shots named with an exception ("every rooftop shot on a 40 except the last", "everything
        except the finale", "all of Juno's shots apart from shot 4"): one set, the excepted shots out.
        An exception that is not one of the shots is left for the note to be refused."""
        m = _EXCEPTED.search(text)
        if not m:
            return text
        if m.group("token"):
            named = reading.mention(m.group("token"))
            if named.problem or named.scope == "one":
                return text
            among = list(named.shots)
        elif m.group("c"):
            key = reading.character(m.group("c"))
            among = [s.id for s in self.board.shots if key in s.cast]
        else:
            among = list(self.ids)
        if m.group("edge"):
            out = {among[0] if m.group("edge").lower() == "first" else among[-1]}
        else:
            mentions = [reading.mention(t) for t in re.findall(r"⟨s\d+⟩", m.group("out"))]
            if any(x.problem for x in mentions):
                return text
            out = {s for x in mentions for s in x.shots}
        if not out <= set(among) or not set(among) - out:
            return text
        kept = tuple(s for s in among if s not in out)
        token = self._token(reading, Mention(kept, reading.original(text[m.start() : m.start("mid")]), "set"))
        # the excepted shots stay in the note as a mention no aspect changes
        left = text[m.end("mid") : m.end()].strip()
        excepted = self._token(reading, Mention(tuple(s for s in among if s in out), reading.original(left), "except"))
        glue = "" if left.startswith(",") else " "
        return text[: m.start()] + token + m.group("mid") + glue + excepted + text[m.end() :]

    def _quote(self, reading: Reading, m: re.Match[str]) -> str:
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        token = f"⟨q{len(reading.quotes)}⟩"
        reading.quotes.append(quoted)
        reading.originals[token] = m.group()
        return token

    def _person(self, reading: Reading, m: re.Match[str], key: str) -> str:
        written = m.group()
        token = f"⟨c{len(reading.characters)}⟩"
        reading.characters.append(key)
        spellings = (key, self.board.characters[key].name, self.board.characters[key].name.split()[0])
        possessive = re.search(r"('s|s'|s)$", written) and not re.fullmatch(
            r"(?i)" + "|".join(re.escape(s) for s in spellings), written
        )
        core = written[: -len(re.search(r"('s|s'|s)$", written).group())] if possessive else written  # type: ignore[union-attr]
        if possessive and not re.fullmatch(r"(?i)the\s.*", written):
            reading.originals[token] = core
            return token + "'s"
        reading.originals[token] = written
        return token

    def _spell(self, text: str) -> str:
        known = self._vocabulary()
        tiers = [self._names(), known - COMMAND_WORDS, COMMAND_WORDS]

        def fix(m: re.Match[str]) -> str:
            word = m.group()
            lower = word.lower()
            if lower == "loose":  # the commonest misspelling in notes, and a real word
                return "lose"
            if (
                lower in known
                or len(word) < 3
                or (word[0].isupper() and m.start() > 1 and text[m.start() - 2] not in ".!?")
            ):
                return word
            if known_word(lower):
                return word
            better = correct(lower, tiers)
            return better if better and _folded(better) != _folded(lower) else word

        return re.sub(r"(?<![⟨\w'-])[A-Za-z][a-z]+(?![\w'-]|⟩)", fix, text)

    def _names(self) -> frozenset[str]:
        """Ids, people's and places' names: what a misspelt word is most likely meant to be."""
        names = {i.lower() for i in self.ids} | {w for place in self.places.values() for w in place}
        for key, character in self.board.characters.items():
            names |= {key, *character.name.lower().split()}
        return frozenset(names)

    def _vocabulary(self) -> frozenset[str]:
        words = set(COMMAND_WORDS) | set(GARMENTS)
        for shot_words in self.words.values():
            words |= shot_words
        for key, character in self.board.characters.items():
            words |= {key, *character.name.lower().split()}
        words |= {w for place in self.places.values() for w in place}
        return frozenset(words)

    # --- shot references ------------------------------------------------------------------------

    def _token(self, reading: Reading, mention: Mention, written: str | None = None) -> str:
        token = f"⟨s{len(reading.mentions)}⟩"
        reading.mentions.append(mention)
        reading.originals[token] = written if written is not None else mention.written
        return token

    def _sets(self, reading: Reading, text: str) -> str:
        """Several shots at once: the whole piece, a place's or a person's shots, first/last/middle N."""
        count = rf"(?P<n>{NUMBER}|both|either|all|every|each)"
        place = r"(?P<place>[\w'-]+(?:\s+[\w'-]+)?)"

        def whole(m: re.Match[str]) -> str:
            return self._token(reading, Mention(tuple(self.ids), m.group(), "all"))

        text = re.sub(
            r"\b(?:(?:in|on|for|to)\s+)?(?:everywhere(?:\s+(?:in\s+the\s+(?:spot|piece|film)|(?:he|she|they)\s+appears?))?"
            r"|anywhere(?:\s+in\s+the\s+(?:spot|piece|film))?|throughout|(?:all|right)\s+the\s+way\s+through(?!\s+to)"
            r"|across\s+the\s+whole\s+(?:video|spot|piece|film|thing|edit|cut)"
            r"|(?:in\s+)?(?:every|each|all|any)\s+shots?(?!\s+(?:in|on|at|with|under|where)\b)|all\s+the\s+shots"
            r"|the\s+whole\s+(?:spot|piece|film|thing|edit|cut)(?=\s*,|\s+(?:\d|[a-z]+\s+seconds?)))\b",
            whole,
            text,
            flags=re.I,
        )

        def edge(m: re.Match[str]) -> str:
            n = int(number(m.group("n")))
            where = m.group("edge").lower()
            if not 1 <= n <= len(self.ids):
                problem = f"the storyboard has {len(self.ids)} shots, not {n}"
                return self._token(reading, Mention((), m.group(), "set", problem))
            if where in ("first", "opening"):
                chosen = self.ids[:n]
            elif where == "middle":
                start = (len(self.ids) - n) // 2
                if (len(self.ids) - n) % 2:
                    problem = f"{len(self.ids)} shots have no middle {n}"
                    return self._token(reading, Mention((), m.group(), "set", problem))
                chosen = self.ids[start : start + n]
            else:
                chosen = self.ids[-n:]
            return self._token(reading, Mention(tuple(chosen), m.group(), "set"))

        text = re.sub(
            rf"\b(?:the\s+|(?<![\w\s])|^)(?P<edge>first|opening|last|final|closing|middle)\s+(?P<n>{NUMBER})(?:\s+shots)?\b",
            edge,
            text,
            flags=re.I,
        )

        def of_person(m: re.Match[str]) -> str:
            key = reading.character(m.group("c"))
            shots = tuple(s.id for s in self.board.shots if key in s.cast)
            if m.groupdict().get("one"):
                where = m.groupdict().get("place")
                located = self.place(where) if where else None
                if located:
                    shots = tuple(s for s in shots if self.board.shot(s).location == located)  # type: ignore[union-attr]
                problem = None if len(shots) == 1 else f"'{m.group()}' could be shot {', '.join(shots) or 'none'}"
                return self._token(reading, Mention(shots, m.group(), "one", problem))
            return self._token(reading, self._counted(Mention(shots, m.group(), "set"), m.groupdict().get("n")))

        text = re.sub(
            r"(?P<c>⟨c\d+⟩)'s\s+(?P<one>shot)\b(?:\s+(?:in|on|at)\s+the\s+(?P<place>[\w'-]+))?",
            of_person,
            text,
            flags=re.I,
        )

        text = re.sub(
            r"(?<![\w⟩])(?:(?P<n>all|both|every|each)\s+(?:of\s+)?)?(?P<c>⟨c\d+⟩)'s\s+shots\b"
            r"|\b(?:every|each|all|both)\s+(?:of\s+the\s+)?shots?\s+(?:with|featuring)\s+(?P<c2>⟨c\d+⟩)",
            lambda m: of_person(m) if m.group("c") else of_person(re.match(r"(?P<c>.+)", m.group("c2"))),  # type: ignore[arg-type]
            text,
            flags=re.I,
        )

        def at_place(m: re.Match[str]) -> str:
            words = m.group("place")
            found, rest = self.place(words), ""
            if found is None and " " in words:
                words, rest = words.split(" ", 1)
                found = self.place(words)
            if found is None:
                return m.group()
            shots = tuple(s.id for s in self.board.shots if s.location == found)
            written = m.group()[: len(m.group()) - len(rest)].rstrip()
            mention = self._counted(Mention(shots, written, "set"), m.groupdict().get("n"))
            if not m.groupdict().get("n") and re.match(r"(?i)shot\b", written) and len(shots) > 1:
                problem = f"'{written}' could be shot {', '.join(shots)}: name one"
                mention = Mention(shots, written, "one", problem)
            return self._token(reading, mention) + (" " + rest if rest else "")

        text = re.sub(
            rf"\b(?:{count}\s+(?:of\s+)?(?:the\s+)?)?(?:shots?|anything(?:\s+shot)?)\s+(?:in|on|at)\s+the\s+{place}(?=$|[\s,.;:!?])",
            at_place,
            text,
            flags=re.I,
        )
        text = re.sub(
            rf"\b(?:{count}|every|each|all\s+(?:of\s+)?the|all)\s+(?:the\s+)?{place}\s+shots?\b",
            at_place,
            text,
            flags=re.I,
        )
        text = re.sub(rf"(?<![\w⟩])(?<!the\s){place}\s+shots\b", at_place, text, flags=re.I)
        return text

    def _counted(self, mention: Mention, word: str | None) -> Mention:
        if word and word.lower() in ("both", "either") and len(mention.shots) != 2:
            shown = ", ".join(mention.shots) or "none"
            return Mention(mention.shots, mention.written, "set", f"'{mention.written}': {shown}, not two shots")
        if not mention.shots:
            return Mention((), mention.written, "set", f"no shot is {mention.written.split(' ', 1)[-1]}")
        return mention

    def _singles(self, reading: Reading, text: str) -> str:
        """One shot, by number, id, ordinal, content or place."""
        ids = "|".join(sorted(map(re.escape, self.ids), key=len, reverse=True))

        words_n = "|".join(w for w in NUMBER_WORDS if " " not in w and NUMBER_WORDS[w] <= 20)

        def by_number(m: re.Match[str]) -> str:
            first = self.shot_named(m.group("a"))
            if m.group("b"):
                second = self.shot_named(m.group("b"))
                shots = tuple(s for s in (first.shots + second.shots))
                problem = first.problem or second.problem
                return self._token(reading, Mention(shots, m.group(), "set", problem))
            return self._token(reading, Mention(first.shots, m.group(), "one", first.problem))

        text = re.sub(
            r"\b(?P<verb>swap|switch|flip)\s+(?P<a>\d+)\s+(?P<and>and|with|&|n)\s+(?P<b>\d+)\b",
            lambda m: f"{m.group('verb')} shot {m.group('a')} and shot {m.group('b')}",
            text,
            flags=re.I,
        )
        text = re.sub(
            r"\bshots?\s+(?P<a>\d+)\s*(?:-|to|thru|through|until)\s*(?P<b>\d+)\b",
            lambda m: self._span(reading, m, self.shot_named(m.group("a")), self.shot_named(m.group("b"))),
            text,
            flags=re.I,
        )
        text = re.sub(
            rf"\bshots?\s+#?(?P<a>\d+|{words_n}|{ids})(?![\w-])(?!\s*(?:s|secs?|seconds?|mm|minutes?)\b)(?:\s*(?:and|&|,)\s*(?:shot\s+)?#?(?P<b>\d+|{words_n}|{ids})(?![\w-]))?",
            by_number,
            text,
            flags=re.I,
        )

        def ordinal(m: re.Match[str]) -> str:
            word = "penultimate" if m.group("ord4") else next(m.group(g) for g in ("ord", "ord2", "ord3") if m.group(g))
            word = word.lower()
            if word in ("previous", "next"):
                return self._token(reading, Mention((), m.group(), "one", f"relative:{word}"))
            if word in ("last", "final", "closing", "closer", "end"):
                n = len(self.positions)
            elif word == "penultimate":
                n = len(self.positions) - 1
            elif word in ("opener", "opening", "first"):
                n = 1
            else:
                n = ORDINALS[word]
            return self._token(reading, self.shot_named(str(n), m.group()))

        ords = "|".join(ORDINALS)
        text = re.sub(
            rf"\b(?:the\s+|(?<![\w\s])|^)(?P<ord>{ords}|last|final|closing|opening|penultimate|previous|next)\s+shot\b(?!\s+but\s+one)"
            rf"|\bthe\s+(?P<ord4>last)\s+(?:shot\s+)?but\s+one\b"
            rf"|\b(?:the\s+)?(?P<ord2>opener|closer)\b|\bthe\s+(?P<ord3>opening|closing|final)\s+(?:image|frame)\b",
            ordinal,
            text,
            flags=re.I,
        )

        def content(m: re.Match[str]) -> str:
            words = re.sub(r"⟨c\d+⟩", lambda c: f"⟨{reading.character(c.group())}⟩", m.group("desc"))
            mention = self.describe(words, reading.original(m.group()))
            if mention.problem and not mention.shots and m.group().lower().startswith("the") and reading.mentions:
                reading.unknown.append(mention.problem)
                return m.group()
            return self._token(reading, mention)

        text = re.sub(
            r"\bthe\s+(?:shot|one|bit)\s+(?P<desc>(?:where|with|in\s+which|that\s+has|under|of|when)\s+(?:[^,.;:!?⟨]|⟨c\d+⟩)*?)"
            r"(?=\s+(?:on|to|down|should|needs|need|is|can|could|would|into|for|-)\b|\s*[,.;:!?]|\s+-|$)",
            content,
            text,
            flags=re.I,
        )
        text = re.sub(r"\b(?:the\s+)?(?P<desc>end[\s-]card)\b", content, text, flags=re.I)
        close_up = r"close-?ups?(?:\s+on\s+(?:her|his|their|the)\s+[\w-]+)?"
        text = re.sub(
            rf"\bthe\s+(?P<desc>(?:(?!(?:of|on|in|at)\b)[\w-]+\s+){{0,2}}?{close_up})", content, text, flags=re.I
        )
        text = re.sub(rf"(?P<desc>⟨c\d+⟩'s\s+(?:[\w-]+\s+)?{close_up})", content, text, flags=re.I)
        word = r"(?!(?:the|a|an|on|of|in|to|into|from|at|for|with|by|and|or|is|it|that|this|per|each|every|money)\b)[\w'-]+"
        text = re.sub(
            rf"(?:\bthe\s+|(?<![^\s,.;:!?])(?<![\w⟩]\s)(?<!\w))(?P<desc>(?:{word}\s+){{0,2}}?{word}|⟨c\d+⟩)\s+shot(?![\w-])",
            lambda m: content(m) if not _is_ref(m.group("desc")) else m.group(),
            text,
            flags=re.I,
        )

        def bare(m: re.Match[str]) -> str:
            following = re.match(r"\s*([\w-]+)", text[m.end() :])
            next_word = following.group(1).lower() if following else ""
            if next_word not in _AFTER_ID and f"{m.group('id').lower()} {next_word}" in self.compounds:
                return m.group()
            return self._token(reading, Mention((self.shot_named(m.group("id")).shots[0],), m.group()))

        def described(m: re.Match[str]) -> str:
            shot = self.shot_named(m.group("id")).shots[0]
            if m.group("word").lower() not in self.names_of[shot] | self.words[shot]:
                return m.group()
            return bare(m)

        if ids:
            text = re.sub(rf"\bthe\s+(?P<word>[\w-]+)\s+(?P<id>{ids})(?![\w-])", described, text, flags=re.I)
            text = re.sub(rf"(?<![\w⟨'-])(?:the\s+)?(?P<id>{ids})(?![\w-])", bare, text, flags=re.I)

        def placed(m: re.Match[str]) -> str:
            words, rest = m.group("place"), ""
            if m.group("second") and m.group("second").lower() in _QUIET | _STOP:
                words, rest = m.group("first"), m.group("second")
            key = self.place(words) if _free(text_now[m.end() :]) else None
            if key is None and m.group("second"):
                words, rest = m.group("first"), m.group("second")
                key = self.place(words) if _free(rest) else None
            if key is None:
                return m.group()
            shots = tuple(s.id for s in self.board.shots if s.location == key)
            written = m.group()[len(m.group("lead")) :].strip()
            written = written[: len(written) - len(rest)].strip()
            prep = m.group("lead")
            rest = rest and " " + rest
            if len(shots) == 1:
                return prep + self._token(reading, Mention(shots, written)) + rest
            problem = f"'{written}' could be shot {', '.join(shots)}: name one" if shots else None
            return prep + self._token(reading, Mention(shots, written, "one", problem)) + rest

        text_now = text
        return re.sub(
            r"(?P<lead>(?P<prep>\b(?:in|on|at|into|from|of|before|after)|^|[,.;:!?-]|)\s*)\bthe\s+(?P<place>(?P<first>[\w'-]+)(?:\s+(?P<second>[\w'-]+))?)(?![\w'-])",
            placed,
            text,
            flags=re.I,
        )

    def _span(self, reading: Reading, m: re.Match[str], a: Mention, b: Mention) -> str:
        problem = a.problem or b.problem
        if problem or not a.shots or not b.shots:
            return self._token(reading, Mention((), m.group(), "set", problem))
        i, j = self.ids.index(a.shots[0]), self.ids.index(b.shots[-1])
        if j < i:
            return self._token(reading, Mention((), m.group(), "set", f"'{m.group()}' runs backwards"))
        return self._token(reading, Mention(tuple(self.ids[i : j + 1]), m.group(), "set"))

    def _ranges(self, reading: Reading, text: str) -> str:
        """``from ⟨s⟩ on``, ``from ⟨s⟩ through ⟨s⟩``, ``⟨s⟩ through to the end``; then ``previous``/``next``."""

        def onward(m: re.Match[str]) -> str:
            start = reading.mention(m.group("a"))
            if start.problem and len(start.shots) > 1 and start.scope == "one":
                start = Mention(start.shots[:1], start.written)  # "from the ferry on": from its first shot
            if start.problem or len(start.shots) != 1:
                return self._token(
                    reading, Mention((), m.group(), "set", start.problem or "a range needs one first shot")
                )
            if m.groupdict().get("b"):
                end = reading.mention(m.group("b"))
                return self._span(reading, m, start, end)
            return self._token(reading, Mention(tuple(self.ids[self.ids.index(start.shots[0]) :]), m.group(), "set"))

        text = re.sub(
            r"^from\s+(?P<a>⟨s\d+⟩)(?=\s*,|\s+(?!(?:on|onwards?|forwards?|to|through|thru|until|all)\b))",
            onward,
            text,
            flags=re.I,
        )
        text = re.sub(
            r"\bfrom\s+(?P<a>⟨s\d+⟩)\s+(?:(?:on(?:wards?)?|forwards?)\b|(?:all\s+the\s+way\s+(?:through\s+)?to|through|thru|until)"
            r"\s+(?:to\s+)?(?:the\s+end\b|(?P<b>⟨s\d+⟩)))",
            onward,
            text,
            flags=re.I,
        )
        for index, mention in enumerate(reading.mentions):
            if mention.problem and mention.problem.startswith("relative:"):
                word = mention.problem.split(":")[1]
                anchors = [m for m in reading.mentions if m.shots and len(m.shots) == 1]
                if not anchors:
                    problem = f"'{mention.written}' of which shot? Name it, e.g. 'shot 4: ... {mention.written}'"
                    reading.mentions[index] = Mention((), mention.written, "one", problem)
                    continue
                at = self.ids.index(anchors[0].shots[0]) + (-1 if word == "previous" else 1)
                if 0 <= at < len(self.ids):
                    reading.mentions[index] = Mention((self.ids[at],), mention.written)
                else:
                    problem = f"shot {anchors[0].shots[0]} has no {word} shot"
                    reading.mentions[index] = Mention((), mention.written, "one", problem)
        return text

    # --- naming -----------------------------------------------------------------------------------

    def shot_named(self, name: str, written: str | None = None) -> Mention:
        """``3`` or ``counter`` → the shot."""
        written = written or f"shot {name}"
        if name.lower() in NUMBER_WORDS:
            name = str(NUMBER_WORDS[name.lower()])
        if name.isdigit():
            n = int(name)
            if not 1 <= n <= len(self.positions):
                return Mention(
                    (), written, "one", f"there is no shot {n}: the storyboard has {len(self.positions)} shots"
                )
            meant = self.positions[n - 1]
            if meant not in self.ids:
                return Mention((), written, "one", f"shot {n} ({meant}) was dropped by an earlier note")
            return Mention((meant,), written)
        for shot_id in self.ids:
            if shot_id.casefold() == name.casefold():
                return Mention((shot_id,), written)
        return Mention((), written, "one", f"there is no shot {name!r}; shots are: {', '.join(self.ids)}")

    def place(self, words: str) -> str | None:
        """The location a few words name (its key, or the head words of its description)."""
        wanted = [w for w in re.findall(r"[\w'-]+", words.lower()) if w not in _QUIET]
        if not wanted:
            return None
        found = [key for key, names in self.places.items() if all(any(same_word(w, n) for n in names) for w in wanted)]
        return found[0] if len(found) == 1 else None

    def describe(self, words: str, written: str) -> Mention:
        """The one shot that ``words`` describe (its id, place, people, lens, camera, action, sounds…)."""
        text = words.lower().replace("close-up", "close").replace("closeup", "close")
        ordinal = re.match(r"(first|second|third|last|final)\s+(.+)$", text)
        if ordinal:
            among = self.describe(ordinal.group(2), written)
            if among.shots:
                n = {"first": 0, "second": 1, "third": 2, "last": -1, "final": -1}[ordinal.group(1)]
                if -len(among.shots) <= n < len(among.shots):
                    return Mention((among.shots[n],), written)
        exact = [s for s in self.ids if s.casefold() == text.strip()]
        if exact:
            return Mention((exact[0],), written)
        sets: list[set[str]] = []
        # a framing word in an id ("juno-close") does not make the other close-ups no close-up, nor
        # another id in the description ("the laundromat close-up") the shot it names
        framing = any(w in _FRAMING_WORDS for w in re.findall(r"[\w'-]+", text))
        for word in re.findall(r"⟨\w+⟩|[\w'-]+", text):
            if word in _QUIET or word in ("where", "under", "when", "has", "which"):
                continue
            if word == "both":
                sets.append({s.id for s in self.board.shots if len(s.cast) >= 2})
                continue
            named = {s for s, known in self.names_of.items() if any(same_word(word, k) for k in known)}
            described_by = {s for s, known in self.words.items() if any(same_word(word, k) for k in known)}
            sets.append(named | described_by if framing else named or described_by)
        described = [found for found in sets if found]
        if not sets:
            return Mention((), written, "one", f"'{written}' names no shot")
        if not described:
            close = correct_to(words.strip().lower(), self.ids)
            if close:
                return Mention((close,), written)
            return Mention((), written, "one", f"no shot matches '{written}'; shots are: {', '.join(self.ids)}")
        found = set.intersection(*described)
        ordered = tuple(s for s in self.ids if s in found)
        if len(ordered) == 1:
            return Mention(ordered, written)
        if not ordered:
            return Mention((), written, "one", f"no one shot matches '{written}'")
        return Mention(ordered, written, "one", f"'{written}' could be shot {', '.join(ordered)}: name one")


_FRAMING_WORDS = frozenset({"close", "wide", "medium", "extreme", "insert"})


#: A set of shots and the shots it leaves out: "<set>[ words] except <shots>|the first|the last".
_EXCEPTED = re.compile(
    r"(?:(?P<token>⟨s\d+⟩)|\beverything(?:\s+with\s+(?P<c>⟨c\d+⟩)\s+in\s+it)?|\bevery\s+shot|\ball\s+(?:the\s+)?shots)"
    r"(?P<mid>[^⟨.;!?]*?)\s*,?\s*\b(?:except(?:\s+for)?|apart\s+from|other\s+than|but\s+not|save\s+for|excluding)\s+"
    r"(?:the\s+(?P<edge>first|last)(?:\s+one)?\b|(?P<out>⟨s\d+⟩(?:\s*(?:,|and|,\s*and)\s*⟨s\d+⟩)*))",
    re.IGNORECASE,
)


def _is_ref(desc: str) -> bool:
    """Words before "shot" that are not a description: a range word or a verb of the note."""
    first = desc.split()[0].lower() if desc.split() else ""
    return first in ("every", "each", "all", "both", "any", "anything", "one", "this", "that", "no", "a", "another")


def _quotes(note: str) -> str:
    return note.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def _plain(note: str) -> str:
    return re.sub(r"\s*[\u2014\u2013]\s*|\s+--?\s+", " - ", note).strip()


def _roles(board: Storyboard) -> list[tuple[str, str]]:
    """Role nouns of one character's description that no background person shares ("the skipper")."""
    others = " ".join(" ".join(s.npcs) for s in board.shots).lower()
    found: dict[str, list[str]] = {}
    for key, character in board.characters.items():
        for word in re.findall(r"[a-z][a-z-]{3,}", (character.description or "").lower()):
            if word not in others and word not in {"with", "from", "walks", "tall", "lean", "broad-shouldered"}:
                found.setdefault(word, []).append(key)
    return [(word, keys[0]) for word, keys in found.items() if len(keys) == 1 and word in _ROLE_NOUNS]


#: Nouns a description uses for who a character is, which a note may use for them.
_ROLE_NOUNS = frozenset(
    [
        "skipper",
        "captain",
        "deckhand",
        "barista",
        "mascot",
        "fox",
        "girl",
        "boy",
        "kid",
        "child",
        "woman",
        "man",
        "clerk",
        "driver",
        "chef",
        "waiter",
        "waitress",
        "mother",
        "father",
        "grandmother",
        "grandfather",
        "detective",
        "officer",
        "nurse",
        "doctor",
        "teacher",
    ]
)


def _shot_words(board: Storyboard, shot: Shot) -> set[str]:
    texts: list[str] = [shot.id, *shot.id.split("-"), shot.location or "", *shot.cast]
    texts += [shot.action or "", shot.camera or "", shot.coverage or "", *shot.npcs, *shot.persist]
    if shot.lens:
        texts.append(shot.lens)
    if shot.duration is not None:
        texts += [f"{shot.duration:g}-second", f"{shot.duration:g}s", f"{shot.duration:g}-sec"]
    if shot.audio:
        texts += [shot.audio.sfx or "", shot.audio.bgm or "", shot.audio.dialogue or ""]
        texts += [c.sound for c in shot.audio.cues]
    if shot.location and shot.location in board.locations:
        texts += _place_words(shot.location, board.locations[shot.location].description)
    for key in shot.cast:
        character = board.characters.get(key)
        if character:
            texts += [character.name]
    words = {w for text in texts for w in re.findall(r"[\w'-]+", text.lower())}
    words |= {f"⟨{key}⟩" for key in shot.cast}
    words |= {w for code in re.findall(r"[A-Za-z]+", shot.coverage or "") for w in FRAMING.get(code.upper(), ())}
    if "close-up" in words or "close-ups" in words:
        words.add("close")
    return words


#: The words a note names a shot's framing with, by its coverage code.
FRAMING: dict[str, tuple[str, ...]] = {
    "ECU": ("close", "extreme"),
    "CU": ("close",),
    "MCU": ("close", "medium"),
    "MS": ("medium",),
    "MWS": ("medium", "wide"),
    "WS": ("wide",),
    "EWS": ("wide", "extreme"),
    "INSERT": ("insert", "close"),
}


def _folded(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def _free(text: str) -> bool:
    """Whether what follows a name leaves it a name (end, punctuation, a function word or a number),
    not a noun's modifier."""
    following = re.match(r"\s*([A-Za-z][\w'-]*)", text)
    return not following or following.group(1).lower() in _AFTER_ID or following.group(1).lower() in NUMBER_WORDS


def _compounds(board: Storyboard) -> frozenset[str]:
    texts: list[str] = [loc.description for loc in board.locations.values()]
    for shot in board.shots:
        texts += [shot.action or "", shot.camera or "", *shot.npcs, *shot.persist]
        if shot.audio:
            texts += [shot.audio.sfx or "", shot.audio.bgm or "", *(c.sound for c in shot.audio.cues)]
    for character in board.characters.values():
        texts += character.anchors
    pairs = set()
    for text in texts:
        words = re.findall(r"[\w-]+", text.lower())
        pairs |= {f"{a} {b}" for a, b in itertools.pairwise(words)}
    return frozenset(pairs)


def _place_words(key: str, description: str) -> list[str]:
    """A location's names: its key, and the head of its description (up to a comma or a preposition)."""
    head = re.split(r",|\b(?:outside|by|with|near|behind|under|over|in|on|at|of)\b", description.lower())[0]
    return [key.lower(), *(w.removesuffix("'s") for w in re.findall(r"[\w'-]+", head) if w not in ("the", "a", "an"))]


@cache
def _speller() -> SpellChecker:
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def known_word(word: str) -> bool:
    """Whether ``word`` is an English word (so a capitalised one at a sentence's start is not a name),
    also written without its accents ("cafe")."""
    return bool(_speller().known([word.lower()])) or word.lower() in _unaccented()


@cache
def _unaccented() -> frozenset[str]:
    """The dictionary's accented words as they are typed without accents ("café" → "cafe")."""
    return frozenset(_folded(w) for w in _speller().word_frequency if not w.isascii())


def correct(word: str, tiers: Iterable[Iterable[str]]) -> str | None:
    """A misspelt ``word`` put right: the storyboard's names first, then its words, then the words notes
    command with (each one edit away, and only if one word of a tier is), then English."""
    for known in tiers:
        near = {k for k in known if len(k) >= 3 and _one_edit(word, k.lower())}
        if len(near) == 1:
            return near.pop()
        if near:
            return None
    speller = _speller()
    if speller.known([word]):
        return None
    fixed = speller.correction(word)
    return fixed if fixed and fixed != word else None


def correct_to(word: str, known: Iterable[str]) -> str | None:
    """The one word of ``known`` a single edit (a transposition counts as one) away from ``word``."""
    near = sorted({k for k in known if len(k) >= 3 and _one_edit(word, k.lower())})
    return near[0] if len(near) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return len(a) >= 4
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def words_of(text: str) -> list[str]:
    """The content words of a note's phrase, for matching against a storyboard's items."""
    words = re.findall(r"[\w']+", text.lower())
    return [w for w in words if w not in _QUIET and w not in _STOP and len(w) > 2]


def matches_item(words: list[str], item: str) -> bool:
    """Whether every one of ``words`` is a word of ``item`` (up to inflection and synonyms)."""
    have = re.findall(r"[\w'-]+", item.lower())
    return bool(words) and all(any(same_word(w, h) or _stems_meet(w, h) for h in have) for w in words)


def _stems_meet(word: str, other: str) -> bool:
    """One word's stem is the other's, or its agent noun ("skateboarders" for "skateboards")."""
    mine, theirs = stem(word), stem(other)
    return mine == theirs or (len(mine) > 6 and mine.removesuffix("er") == theirs)
