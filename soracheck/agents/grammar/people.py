"""Who is in a shot: background people with counts and actions, and the cast."""

from __future__ import annotations

import re

from soracheck.agents.grammar.subject import (
    C,
    Claim,
    NotUnderstood,
    S,
    Subject,
    add_to,
    cleaned,
    remove_from,
    replace_in,
)
from soracheck.agents.ops import (
    EditOp,
)
from soracheck.agents.reading import known_word, matches_item, words_of
from soracheck.vocabulary.notes import NUMBER, number, number_word

# --- background people and cast -------------------------------------------------------------------

_REMOVE = r"(?:lose|remove|drop|cut|delete|kill|get\s+rid\s+of|take(?:\s+out)?|no\s+more|ditch)"


def npcs(about: Subject) -> Claim | None:
    """Background people: add one (``add two gulls circling the mast to the horn shot``, ``two kids
    eating cereal in the opener``), remove one (``lose the deckhand in the gangway shot``, ``the guy
    with the bike can go``), or change a count (``five gulls over the wake, not three``)."""
    text = about.text
    count = re.search(
        rf"\b(?:make\s+it\s+)?(?P<n>{NUMBER})\s+(?P<what>[\w\s'-]+?)\b.*?,?\s*(?:not|instead\s+of)\s+(?P<old>{NUMBER})\b",
        text,
        re.I,
    )
    if count:
        return _recount(about, count)
    removal = re.search(
        rf"\b{_REMOVE}\s+(?P<who>(?:the|that|this)\s+[^,.;!?⟨]+?|her|him|them|{C})(?:\s+out)?(?:\s+(?:in|from|of|on)\s+(?P<s>{S}))?(?='s\s+background|\s*$|\s*[,.;!?]|\s+-|\s+(?:in|from|of|on)\b)"
        rf"|\b(?P<who2>the\s+[^,.;!?⟨]+?)\s+(?:in|from|on|at)\s+(?P<s2>{S})\s+(?:can|has\s+to|should|must)\s+go\b",
        text,
        re.I,
    )
    if removal:
        return _unpeople(about, removal)
    adding = re.search(
        rf"^(?i:(?:can|could)\s+we\s+(?:get|have|add)\s+|add\s+|put\s+|i\s+want\s+|"
        rf"(?:in\s+)?{S}\s*[,:]?\s*(?:i'd\s+like|i\s+want|we\s+need|let's\s+have|add)?\s*)?"
        rf"(?P<who>(?:an?\s+|(?:{NUMBER})\s+|{C}\s*\([^)]*\)\s+|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s*(?:\([^)]*\))?\s+)[^⟨]*?)"
        rf"(?:\s+(?:to|in|into|on|at)\s+(?P<s>{S}))?(?:\s*,?\s*(?:please|pls|too))?\s*[.?!]?$",
        re.split(r"(?<=[.?!])\s+", text)[0],
    )
    if (
        adding
        and _person_with_action(adding.group("who"))
        and not re.search(r"\b(?:would|could|should|might|is|are|was|were|be|too)\b", adding.group("who"), re.I)
    ):
        who = cleaned(about.reading.original(adding.group("who")))
        if re.match(r"(?i)(?:a\s+few|some|more|several)\b", adding.group("who")):
            raise NotUnderstood("how many? Give a count and an action, e.g. 'two gulls circling the mast'")
        shots = about.targets(besides=tuple(re.findall(S, adding.group("who"))))
        return Claim([add_to(shot, "npcs", who) for shot in shots], adding.start("who"), adding.end("who"))
    if re.search(
        r"\b(?:more|a\s+few|some|extra)\s+(?:\w+\s+)?(?:birds|gulls|extras|people|customers|background)", text, re.I
    ):
        raise NotUnderstood("how many, doing what, and in which shot? e.g. 'add two gulls circling the mast to shot 5'")
    return None


_ACTION = re.compile(
    r"\b\w+ing\b|\b(?:reads?|waits?|sits?|stands?|queues?|walks?|wipes?|hops?|naps?|watch(?:es)?)\b", re.I
)


def _person_with_action(who: str) -> bool:
    """A background person as the guide writes one: a count or a name, and an action."""
    words = who.split()
    if len(words) < 2 or not _ACTION.search(who):
        return False
    first = words[0].lower()
    if re.fullmatch(NUMBER, first, re.I) or first in ("a", "an") or first[0] == "⟨":
        return True
    return words[0][0].isupper() and ("(" in who or not known_word(first))


def _recount(about: Subject, m: re.Match[str]) -> Claim | None:
    what = words_of(m.group("what"))[:1]
    if not what:
        return None
    old = number(m.group("old"))
    ops: list[EditOp] = []
    named = about.targets() if about.mentions() or about.shot else None
    shots = named or [s.id for s in about.board.shots if any(matches_item(what, i) for i in s.npcs)]
    if not any(matches_item(what, i) for s in shots for i in about.get(s).npcs):
        return None
    for shot_id in shots:
        items = [i for i in about.get(shot_id).npcs if matches_item(what, i)]
        if len(items) != 1:
            raise NotUnderstood(f"shot {shot_id} has {len(items) or 'no'} background {what[0]} item(s) to recount")
        item = items[0]
        counted = re.search(rf"(?<![\w-])(?:{re.escape(number_word(old))}|{old:g})(?![\w-])", item, re.I)
        if not counted:
            raise NotUnderstood(f"'{item}' does not say {number_word(old)}")
        written = m.group("n")
        ops.append(replace_in("shot", shot_id, "npcs", item, item[: counted.start()] + written + item[counted.end() :]))
    return Claim(ops, m.start(), m.end())


def _unpeople(about: Subject, m: re.Match[str]) -> Claim | None:
    who = m.group("who") or m.group("who2")
    token = m.group("s") or m.group("s2")
    named = about.reading.mention(token) if token else None
    if named and named.problem and len(named.shots) > 1:
        words = words_of(about.reading.original(who))
        shots = [s for s in named.shots if any(matches_item(words, i) for i in about.get(s).npcs)]
        if len(shots) != 1:
            raise NotUnderstood(named.problem)
    elif token:
        shots = [about.one(token)]
    elif about.mentions() or about.shot:
        shots = about.targets()
    else:
        words = words_of(about.reading.original(who))
        shots = [s.id for s in about.board.shots if any(matches_item(words, i) for i in s.npcs)]
        if len(shots) > 1:
            raise NotUnderstood(
                f"'{about.reading.original(who)}' are in the background of shots {', '.join(shots)}: say which"
            )
        if not shots:
            return None
    character = re.fullmatch(C, who.strip())
    ops: list[EditOp] = []
    for shot_id in shots:
        shot = about.get(shot_id)
        if character:
            key = about.reading.character(who.strip())
            if key in shot.cast:
                ops += _uncast(about, shot_id, key)
                continue
            name = about.board.characters[key].name.split()[0]
            items = [i for i in shot.npcs if re.search(rf"\b{re.escape(name)}\b", i, re.I)]
        elif who.lower() in ("her", "him", "them"):
            named = re.findall(r"\b([A-Z][a-z]+)\b(?=[^.]*\b(?:is|are)\s+too\b)", about.reading.original(about.text))
            items = [i for i in shot.npcs if named and re.search(rf"\b{re.escape(named[-1])}\b", i)]
        else:
            words = words_of(re.sub(r"\b(?:in|from)\s+the\s+background\b", "", about.reading.original(who)))
            items = [i for i in shot.npcs if matches_item(words, i)]
            if not items:
                return None
            # "lose the newspaper" names what a person reads, not the person: a word of the note must
            # be one of the item's first words, where the guide writes who it is
            if not any(matches_item([w], " ".join(i.split()[:5])) for i in items for w in words):
                raise NotUnderstood(
                    f"{about.reading.original(who)!r} is not who is in the background: {'; '.join(items)}"
                )
        if len(items) != 1:
            what = about.reading.original(who)
            if not items:
                raise NotUnderstood(f"shot {shot_id} has no {what!s} to remove")
            raise NotUnderstood(
                f"'{what}' could be {len(items)} background people in shot {shot_id}: {'; '.join(items)}"
            )
        ops.append(remove_from("shot", shot_id, "npcs", items[0]))
    return Claim(ops, m.start(), m.end())


def cast(about: Subject) -> Claim | None:
    """Who is in a shot: ``put the skipper in the horn shot``, ``Marit should be in the stare too``,
    ``bring Leo into shot 4``, ``take Pip out of the pop``, ``remove Marit from the horn shot``."""
    text = about.text
    adding = re.search(
        rf"\b(?:put|bring|add|have|get|cast)\s+(?P<c>{C})\s+(?:in(?:to)?|to|on)\s+(?P<s>{S})"
        rf"|(?P<c2>{C})\s+(?:should|needs?\s+to|ought\s+to|has\s+to|must|could|can)\s+(?:also\s+)?be\s+in\s+(?P<s2>{S})",
        text,
        re.I,
    )
    if adding:
        key = about.reading.character(adding.group("c") or adding.group("c2"))
        shot = about.one(adding.group("s") or adding.group("s2"))
        if key in about.get(shot).cast:
            return Claim([], adding.start(), adding.end())
        return Claim([add_to(shot, "cast", key)], adding.start(), adding.end())
    removing = re.search(
        rf"\b(?:take|remove|drop|cut|lose)\s+(?P<c>{C})\s+(?:out\s+of|from|off)\s+(?P<s>{S})(?!'s\s+background)"
        rf"|(?P<c2>{C})\s+(?:doesn't|does\s+not|don't|shouldn't|should\s+not|needn't)\s+(?:need\s+to\s+)?be\s+in\s+(?P<s2>{S})",
        text,
        re.I,
    )
    if removing:
        key = about.reading.character(removing.group("c") or removing.group("c2"))
        shot = about.one(removing.group("s") or removing.group("s2"))
        if key not in about.get(shot).cast:
            name = about.board.characters[key].name
            raise NotUnderstood(f"{name} is not in shot {shot}")
        return Claim(_uncast(about, shot, key), removing.start(), removing.end())
    return None


def _uncast(about: Subject, shot: str, key: str) -> list[EditOp]:
    """A character out of a shot's cast, with what the shot keeps of theirs ("Wes's overcoat")."""
    first = about.board.characters[key].name.split()[0]
    theirs = [p for p in about.get(shot).persist if re.match(rf"(?i){re.escape(first)}'s\b", p)]
    return [remove_from("shot", shot, "cast", key), *(remove_from("shot", shot, "persist", p) for p in theirs)]
