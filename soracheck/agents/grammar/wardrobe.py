"""Wardrobe and props: items worn or carried, added, removed, recoloured from a shot on."""

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
    AddToList,
    EditOp,
)
from soracheck.agents.reading import matches_item, words_of
from soracheck.storyboard.directives import shot_directives, transition_of
from soracheck.vocabulary.notes import same_word
from soracheck.vocabulary.wardrobe import COLOUR_WORDS, GARMENT_WORDS, GARMENTS
from soracheck.vocabulary.wardrobe import wardrobe as wardrobe_of

# --- wardrobe and props --------------------------------------------------------------------------

_GARMENT = rf"(?P<item>(?:[\w-]+\s+){{0,2}}?(?:{GARMENT_WORDS}|tail|ear|earrings?|ring|bandana|wellies|oilskin|paw|straw)(?:e?s)?)"
_COLOUR = rf"(?P<colour>(?:{COLOUR_WORDS})(?:-\w+)?|[\w]+-(?:tipped|cream|coloured|colored)|ink|oat-cream)"


def wardrobe(about: Subject) -> Claim | None:
    """What a character wears or carries: a colour changed (``Tomas's cap should be red from shot 5
    on``, ``Make Fennel's bandana blue everywhere``), an item added (``give Maya a navy scarf from
    the exit on``), removed (``cap off in the stare``, ``lose the scarf from the horn shot on``,
    ``lose Leo's thumb ring``) or a prop kept in frame (``Tomas's steel thermos in frame``)."""
    text = about.text
    change = re.search(
        rf"(?P<c>{C})'s\s+{_GARMENT}\s+(?:should\s+be|(?:ought|needs|has|wants)\s+to\s+be|must\s+be|is|to\s+be|be|goes|turns?|becomes?|in)\s+{_COLOUR}"
        rf"(?:\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+(?P<old>[\w-]+))?"
        rf"|\bmake\s+(?P<c2>{C})'s\s+{_GARMENT.replace('item>', 'item2>')}\s+{_COLOUR.replace('colour>', 'colour2>')}"
        rf"|(?P<c3>{C})'s\s+{_GARMENT.replace('item>', 'item3>')}\s+(?:be\s+)?(?P<colour3>[\w-]+)\s+instead\s+of\s+(?P<old3>[\w-]+)",
        text,
        re.I,
    )
    if change:
        key = about.reading.character(change.group("c") or change.group("c2") or change.group("c3"))
        item = (change.group("item") or change.group("item2") or change.group("item3")).lower()
        colour = (change.group("colour") or change.group("colour2") or change.group("colour3")).lower()
        old = (change.group("old") or change.group("old3") or "").lower() or None
        return _recolour(about, change, key, item, colour, old)
    removal = re.search(
        rf"(?:(?P<c>{C})'s\s+|(?<![\w'⟩]))(?P<item>(?:[\w-]+\s+)?(?:{GARMENT_WORDS}|bandana|earrings?|ring|wellies|mug|cup|straw))\s+off\b"
        rf"|\b(?:lose|remove|drop|take\s+off|no)\s+(?:(?P<c2>{C})'s\s+|the\s+)?(?P<item2>(?:[\w-]+\s+)?(?:{GARMENT_WORDS}|bandana|earrings?|ring|wellies|mug))"
        rf"(?:\s+on\s+(?P<c3>{C}|the\s+\w+))?(?!\w)",
        text,
        re.I,
    )
    if removal:
        return _unwear(about, removal)
    give = re.search(
        rf"\bgive\s+(?P<c>{C})\s+(?:an?\s+|the\s+)?(?P<what>[^,.;!?⟨]+?)(?=\s+(?:from|in|on|everywhere|throughout|for|all)\b|\s+⟨|\s*$|\s*[,.;!?])"
        rf"|(?P<c2>{C})\s+(?:wears|is\s+wearing|should\s+wear|has|carries)\s+(?:an?\s+|the\s+)?(?P<what2>[^,.;!?⟨]+?)(?=\s+(?:from|in|on|everywhere|throughout)\b|\s+⟨|\s*$|\s*[,.;!?])",
        text,
        re.I,
    )
    if give and not re.search(r"\bline\b", give.group("what") or give.group("what2")):
        key = about.reading.character(give.group("c") or give.group("c2"))
        what = cleaned(about.reading.original(give.group("what") or give.group("what2")))
        return _wear(about, give, key, what)
    prop = re.search(
        rf"(?:(?P<c>{C})'s\s+(?P<what>[^,.;!?⟨]+?)\s+(?:in\s+frame|in\s+shot|visible)|"
        rf"\b(?:keep|have)\s+(?!(?:no|any|more|less|some)\b)(?:(?P<c2>{C})'s\s+)?(?P<what2>[^,.;!?⟨]+?(?:\s+in\s+(?:her|his|their)\s+[\w\s-]+?)?)\s+(?:in\s+frame|(?={S})|(?=in\s+{S})|for\s+the\s+whole)"
        rf"|\b(?:should|needs?\s+to)\s+have\s+(?:the\s+)?(?P<what3>(?:[^,.;!?⟨]|{S})+?\s+in\s+(?:her|his|their)\s+[\w-]+\s+hand)"
        rf"|(?:the\s+)?(?P<what4>[\w\s-]+?\s+)stays\s+(?P<where>in\s+(?:her|his|their)\s+[\w-]+\s+hand))",
        text,
        re.I,
    )
    if prop:
        return _keep(about, prop)
    hand = re.search(
        rf"(?P<c>{C})\s+holds\s+the\s+(?P<thing>[\w\s-]+?)\s+in\s+(?:his|her|their)\s+(?P<new>left|right)\s+\w+,?\s*(?:not|instead\s+of)\s+(?:his|her|their|the)\s+(?P<old>left|right)",
        text,
        re.I,
    )
    if hand:
        return _rehand(about, hand)
    return None


def _scope(about: Subject, key: str) -> list[str] | None:
    """The shots a wardrobe note covers (the character's own in the named ones), or ``None`` for
    every appearance (the character's anchors)."""
    mentions = about.mentions()
    if not mentions and not about.shot:
        return None
    if any(m.scope == "all" for m in mentions):
        return None
    return [s for s in about.targets() if key in about.get(s).cast]


def _names_item(text: str, item: str) -> bool:
    words = item.lower().split()
    head = words[-1]
    kind = GARMENTS.get(head) or GARMENTS.get(head.rstrip("s"))
    for word in re.findall(r"[\w-]+", text.lower()):
        if same_word(word, head) or (kind and GARMENTS.get(word, GARMENTS.get(word.rstrip("s"))) == kind):
            return True
    return False


def _recolour(about: Subject, m: re.Match[str], key: str, item: str, colour: str, old: str | None) -> Claim:
    first = about.board.characters[key].name.split()[0]
    scope = _scope(about, key)
    head = item.split()[-1]
    keep = re.search(
        r"\band\s+(?:keep\s+it|stays?|leave\s+it)\b(?:\s+(?:that\s+way|so|[\w-]+))?", about.text[m.start() :], re.I
    )
    ranged = bool(keep) or any(x.written.lower().startswith("from") for x in about.mentions())
    if scope and keep:
        ids = about.names.ids
        scope = [s for s in ids[ids.index(scope[0]) :] if key in about.get(s).cast]
    if scope and ranged and scope == [s.id for s in about.board.shots if key in s.cast]:
        scope = None  # from their first shot on is every appearance: the character's anchors
    if scope is None:
        anchors = about.board.characters[key].anchors
        named = [a for a in anchors if _names_item(a, head)]
        worn = [
            (shot.id, p)
            for shot in about.board.shots
            for p in shot.persist
            if p.lower().startswith(f"{first.lower()}'s") and _names_item(p, head)
        ]
        if not named and worn:  # what they wear is kept shot by shot: change it in every shot
            ops = [replace_in("shot", shot, "persist", p, _coloured(p, head, colour, old)) for shot, p in worn]
            return Claim(ops, m.start(), m.end())
        if not named:
            raise NotUnderstood(
                f"{about.board.characters[key].name} has no {item} to recolour; to add one: 'give {first} a {colour} {item}'"
            )
        if len(named) != 1:
            raise NotUnderstood(f"{first} has {len(named)} anchors naming a {head}: {'; '.join(named)}")
        return Claim(
            [replace_in("character", key, "anchors", named[0], _coloured(named[0], head, colour, old))],
            m.start(),
            m.end(),
        )
    if not scope:
        raise NotUnderstood(f"{about.board.characters[key].name} is not in the shot(s) named")
    end = m.start() + keep.end() if keep else m.end()
    ops: list[EditOp] = []
    for shot_id in scope:
        items = [p for p in about.get(shot_id).persist if first.lower() in p.lower() and _names_item(p, head)]
        if items:
            ops.append(replace_in("shot", shot_id, "persist", items[0], _coloured(items[0], head, colour, old)))
        else:
            ops.append(add_to(shot_id, "persist", f"{first}'s {colour} {item}"))
    if ranged and _worn_before(about, key, head, scope[0]) not in (None, colour):
        ops.append(add_to(scope[0], "directives", f"wardrobe-change: {key}"))
    return Claim(ops, m.start(), end)


def _worn_before(about: Subject, key: str, head: str, shot: str) -> str | None:
    """The colour of the character's ``head`` item as the storyboard last set it before ``shot`` (its
    anchors, then earlier shots' `persist`), or ``None`` when nothing set it or a time-jump leads in."""
    kind = GARMENTS.get(head, GARMENTS.get(head.rstrip("s"), head))
    character = about.board.characters[key]
    anchored = next((w.colour for a in character.anchors for w in wardrobe_of(a) if w.item == kind), None)
    colour = anchored
    first = character.name.split()[0].lower()
    ids = about.names.ids
    for index, earlier in enumerate(ids[: ids.index(shot) + 1]):
        transition = transition_of(shot_directives(about.board, index))
        if transition is not None and transition.kind == "time-jump":
            colour = None  # time passed: what they are seen in next sets it
        if earlier == shot:
            break
        if colour is None and key in about.get(earlier).cast:
            colour = anchored  # seen again, in what their anchors say
        for p in about.get(earlier).persist:
            if p.lower().startswith(f"{first}'s"):
                colour = next((w.colour for w in wardrobe_of(p) if w.item == kind), colour)
    return colour


def _coloured(text: str, head: str, colour: str, old: str | None) -> str:
    """``text`` with the colour of its ``head`` item (or the word ``old``) replaced by ``colour``."""
    if old:
        at = re.search(rf"(?<![\w-]){re.escape(old)}(?=[\s-]|$)", text, re.I)
        if at:
            return text[: at.start()] + colour + text[at.end() :]
    words = list(re.finditer(r"[\w-]+", text))
    for index, word in enumerate(words):
        kind = GARMENTS.get(word.group().lower())
        if same_word(word.group(), head) or (kind is not None and kind == GARMENTS.get(head)):
            for earlier in reversed(words[max(0, index - 3) : index]):
                if re.fullmatch(COLOUR_WORDS, earlier.group(), re.I) or re.fullmatch(
                    r"[\w]+-(?:tipped|cream)", earlier.group()
                ):
                    return text[: earlier.start()] + colour + text[earlier.end() :]
            return text[: word.start()] + f"{colour} " + text[word.start() :]
    raise NotUnderstood(f"'{text}' names no {head} to recolour")


def _unwear(about: Subject, m: re.Match[str]) -> Claim | None:
    item = (m.group("item") or m.group("item2")).lower()
    token = (
        m.group("c") or m.group("c2") or (m.group("c3") if m.group("c3") and m.group("c3").startswith("⟨") else None)
    )
    key = about.reading.character(token) if token else None
    if key is None and m.group("c3"):
        role = m.group("c3").split()[-1]
        keys = [k for k, c in about.board.characters.items() if role in (c.description or "").lower()]
        key = keys[0] if len(keys) == 1 else None
    words = words_of(item)
    mentions = about.mentions()
    everywhere = not mentions or any(x.scope == "all" for x in mentions)
    ops: list[EditOp] = []
    shots = about.names.ids if everywhere else about.targets()
    for shot_id in shots:
        shot = about.get(shot_id)
        for p in shot.persist:
            if matches_item(words, p) and (
                key is None or about.board.characters[key].name.split()[0].lower() in p.lower()
            ):
                ops.append(remove_from("shot", shot_id, "persist", p))
    if everywhere:
        owners = [key] if key else list(about.board.characters)
        for owner in owners:
            for anchor in about.board.characters[owner].anchors:
                if matches_item(words, anchor):
                    ops.append(remove_from("character", owner, "anchors", anchor))
    if not ops:
        where = "anywhere" if everywhere else f"in shot {', '.join(shots)}"
        raise NotUnderstood(f"there is no {item} {where} to take off")
    return Claim(ops, m.start(), m.end())


def _wear(about: Subject, m: re.Match[str], key: str, what: str) -> Claim:
    first = about.board.characters[key].name.split()[0]
    scope = _scope(about, key)
    if scope is None:
        return Claim(
            [AddToList(op="add_to_list", target="character", key=key, field="anchors", item=what)], m.start(), m.end()
        )
    if not scope:
        raise NotUnderstood(f"{about.board.characters[key].name} is not in the shot(s) named")
    return Claim([add_to(shot, "persist", f"{first}'s {what}") for shot in scope], m.start(), m.end())


def _keep(about: Subject, m: re.Match[str]) -> Claim | None:
    token = m.group("c") or m.group("c2")
    what = m.group("what") or m.group("what2") or m.group("what3") or m.group("what4")
    after = re.match(rf"\s*({S})", about.text[m.end("what2") :]) if m.group("what2") else None
    if after and not about.reading.mention(after.group(1)).written.lower().startswith("from"):
        return None
    if m.group("where"):
        what = what + m.group("where")
    thing = cleaned(about.reading.original(what))
    shots = about.targets(besides=tuple(re.findall(S, what)))
    if token:
        key = about.reading.character(token)
        thing = f"{about.board.characters[key].name.split()[0]}'s {thing}"
        shots = [s for s in shots if key in about.get(s).cast]
        if not shots:
            raise NotUnderstood(f"{about.board.characters[key].name} is not in the shot(s) named")
    return Claim([add_to(shot, "persist", thing) for shot in shots], m.start(), m.end())


def _rehand(about: Subject, m: re.Match[str]) -> Claim:
    thing = words_of(m.group("thing"))
    old, new = m.group("old").lower(), m.group("new").lower()
    ops: list[EditOp] = []
    shots = (
        about.names.ids if not about.mentions() or any(x.scope == "all" for x in about.mentions()) else about.targets()
    )
    for shot_id in shots:
        for p in about.get(shot_id).persist:
            if matches_item(thing, p) and re.search(rf"\b{old}\b", p):
                ops.append(replace_in("shot", shot_id, "persist", p, re.sub(rf"\b{old}\b", new, p, count=1)))
    if not ops:
        raise NotUnderstood(f"no shot keeps the {m.group('thing')} in a {old} hand")
    return Claim(ops, m.start(), m.end())
