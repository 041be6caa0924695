"""People's names as texts write them: in full or in part, with or without accents, possessive or not."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from soracheck.vocabulary.phrases import words

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_POSSESSIVE = r"(?:['\u2019]s?)?"
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"\u201c(]\s*)$")
#: Words that may stand capitalised before a name without making it someone else's ("Dr Ribeiro").
TITLES = frozenset(
    words(
        "mr mrs ms miss mx dr prof sir dame lady lord señor senor señora senora sr sra don doña uncle aunt "
        "auntie grandma grandpa officer detective captain chef coach"
    )
)

#: Words that place someone named in a clause off screen: heard, pictured, remembered or spoken of.
OFF_SCREEN = re.compile(
    r"(?<![\w-])(?:off[\s-]?screen|off[\s-]camera|o\.s\.|v\.o\.|voice(?:[\s-]?over)?|photo(?:graph)?s?|pictures?|"
    r"portraits?|posters?|screens?|phones?|texts?|messages?|letters?|calls?|called|calling|thinks? of|"
    r"remembers?|memory|dreams? of|name|names|named|absence|absent|empty|without)(?![\w-])",
    re.IGNORECASE,
)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` with accents folded (NFKD, combining marks dropped), and where each folded character was.

    >>> fold("Tomás")
    ('Tomas', [0, 1, 2, 3, 4, 5])
    """
    folded: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                folded.append(part)
                where.append(index)
    where.append(len(text))
    return "".join(folded), where


@dataclass(frozen=True)
class Mention:
    """Where a text names a person, and how: by the ``full``, ``given`` or ``family`` name."""

    start: int
    end: int
    how: str


def name_parts(name: str) -> list[str]:
    """The words of a person's name, accents folded: ``"Tomás Ribeiro"`` → ``["Tomas", "Ribeiro"]``."""
    return _WORD.findall(fold(name)[0])


def find_name(text: str, name: str, *, others: Iterable[str] = ()) -> Mention | None:
    """Where ``text`` names the person called ``name``: in full, or by the given or the family name alone.

    Accents are folded on both sides and a possessive (``Ribeiro's``) is the name. A full name of
    two words or more matches in any case. A one-word name ("Rose") and a part alone match only as
    a proper noun: capitalised, not run into another capitalised word ("Tomás Silva" is someone
    else; a title such as "Dr" may precede it), and, for a part, not a part of ``others``, the
    names of other people in the same story, whose "Tomás" it would be. A family name alone does
    not count at the start of a sentence, where "Park" or "Stone" is as likely an ordinary word.

    >>> find_name("Ines looks at Tomas's hands", "Tomás Ribeiro")
    Mention(start=14, end=21, how='given')
    >>> find_name("Ines looks at Tomás", "Tomás Ribeiro", others=["Tomás Costa"]) is None
    True
    """
    parts = name_parts(name)
    if not parts:
        return None
    folded, where = fold(text)
    if len(parts) > 1:
        full = r"[\s-]+".join(re.escape(p) for p in parts)
        match = re.search(rf"(?<![\w-]){full}{_POSSESSIVE}(?![\w])", folded, re.IGNORECASE)
        if match:
            return Mention(where[match.start()], where[match.end()], "full")
        candidates = [("given", parts[0]), ("family", parts[-1])]
        taken = {p.lower() for other in others for p in name_parts(other)}
    else:
        candidates, taken = [("full", parts[0])], set()
    found: list[Mention] = []
    for how, part in candidates:
        if part.lower() in taken or len(part) < 2:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(part)}{_POSSESSIVE}(?![\w])", folded):
            opens = bool(_SENTENCE_START.search(folded, 0, m.start()))
            if _alone(folded, m.start(), m.end()) and (how != "family" or not opens):
                found.append(Mention(where[m.start()], where[m.end()], how))
                break
    return min(found, key=lambda m: m.start) if found else None


def _alone(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word at ``text[start:end]`` has no capitalised neighbour of another name."""
    if not text[start].isupper():
        return False
    before = re.search(r"([^\W\d_]+)\.?[\s-]+$", text[:start])
    named_before = before and before.group(1)[0].isupper() and before.group(1).lower() not in TITLES
    if named_before and not _SENTENCE_START.search(text, 0, before.start(1)):
        return False  # "Chen Street", "Maria Tomás": part of another name
    after = re.match(r"[\s-]+([^\W\d_]+)", text[end:])
    return not (after and after.group(1)[0].isupper())
