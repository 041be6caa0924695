"""Phrases as directors write them: whole words, any spacing or hyphen, the last word inflected;
clauses, stopwords and content words."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

_INFLECTION = r"(?:s|es|ed|d|ing|'s|\u2019s)?"


@functools.cache
def phrase_pattern(*phrases: str) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words in order, any spacing or hyphen between, the last word inflected."""
    bodies = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = re.findall(r"[\w']+", phrase.lower())
        if words:
            bodies.append(r"[\s-]+".join(re.escape(w) for w in words))
    if not bodies:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(bodies)}){_INFLECTION}(?![\w])", re.IGNORECASE)


def find_phrase(text: str, phrase: str) -> re.Match[str] | None:
    return phrase_pattern(phrase).search(text)


def any_phrase(text: str, phrases: Iterable[str]) -> re.Match[str] | None:
    """The earliest match of any of ``phrases``."""
    return phrase_pattern(*phrases).search(text)


#: Spoken lines in a text: double quotes, curly quotes, or single quotes around two characters or more.
QUOTED = re.compile(r"\"[^\"\n]*\"|\u201c[^\u201d\n]*\u201d|'[^'\n]{2,}?'(?!\w)")
#: A line written as sound, not picture, in a literal prompt: "[SND]: crowd erupts", "Sound design: drums".
HEARD_LINE = re.compile(
    r"^[ \t]*[\[(]?(?:snd|sound(?:[\s-]?design)?|sfx|audio|ambien(?:ce|t)|music|score|dialogue|voice[\s-]?over|"
    r"v\.?o\.?|narration|narrator)[\])]?[ \t]*:.*$",
    re.IGNORECASE | re.MULTILINE,
)


def clauses(text: str) -> Iterator[tuple[int, str]]:
    """Sentences and ``;``-separated clauses of a text, with their offsets.

    A line break ends a clause unless the next line carries on in lower case or with a number (a
    hard-wrapped sentence).
    """
    for match in re.finditer(r"(?:[^.;!?\n]|\n(?=[ \t]*[a-z0-9]))+", text):
        if match.group().strip():
            yield match.start(), match.group()


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "with",
        "her",
        "his",
        "their",
        "its",
        "from",
        "for",
        "by",
        "as",
        "that",
        "this",
        "is",
        "are",
        "left",
        "right",
        "side",
    ]
)


def words(text: str) -> tuple[str, ...]:
    """The words of a word list written as one string: ``words("sad angry")`` → ``("sad", "angry")``."""
    return tuple(text.split())


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that carry meaning."""
    return [w for w in re.findall(r"[a-z0-9][a-z0-9'-]+", text.lower()) if len(w) >= 3 and w not in STOPWORDS]
