"""Emotion words, and the physical ways to show each: what a model can render of a feeling."""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Emotion → a physical way to show it (the first three are the field guide's own).
EMOTIONS = {
    "sad": "her jaw tightens, she looks down, exhales slowly",
    "angry": "his fists clench, his voice goes quiet, he leans forward",
    "nervous": "she touches her neck, looks at the door, shifts weight foot to foot",
    "anxious": "she picks at a thumbnail, glances at the door twice",
    "worried": "he rubs the back of his neck, checks his phone again",
    "scared": "she steps back, shoulders up, breath quick and shallow",
    "afraid": "she steps back, shoulders up, breath quick and shallow",
    "frightened": "she freezes, eyes wide, one hand on the wall behind her",
    "terrified": "she freezes, eyes wide, one hand on the wall behind her",
    "happy": "she grins, rocks on her heels, taps the table to the beat",
    "joyful": "she laughs out loud, throws her head back",
    "excited": "he bounces on the balls of his feet, talks with his hands",
    "surprised": "her eyebrows jump, she stops mid-step",
    "shocked": "he stops dead, mouth open, the cup halfway to his lips",
    "desperate": "he dials again with shaking fingers, forehead against the wall",
    "lonely": "she sits at the end of an empty bench, hands in her lap",
    "confused": "he frowns, turns the paper over, reads it again",
    "embarrassed": "she looks away, tucks her hair behind her ear, half-laughs",
    "ashamed": "he looks at the floor, shoulders drawn in",
    "frustrated": "she exhales through her teeth, drops the pen on the table",
    "upset": "her chin trembles, she presses her lips together",
    "heartbroken": "she holds the letter against her chest, eyes closed",
    "jealous": "his eyes follow the couple, his jaw sets",
    "bored": "she props her chin on her fist, taps the table slowly",
    "proud": "he straightens, chin up, a small smile he tries to hide",
    "depressed": "he lies still, staring at the ceiling, the curtains drawn",
    "furious": "his fists clench, his voice goes quiet, he leans forward",
}
_EMOTION = "|".join(EMOTIONS)
_STATED = re.compile(
    rf"(?:(?<![\w-])(?:looks?|looking|looked|seems?|seemed|appears?|appeared|feels?|feeling|felt|is|are|was|were|be|"
    rf"being|becomes?|became|gets?|got|grows?|grew)|['\u2019](?:s|re))\s+"
    rf"(?:(?:very|so|really|visibly|clearly|quite|slightly|deeply|extremely|increasingly|more|genuinely|a\s+bit|"
    rf"a\s+little|rather)\s+)?(?P<emotion>{_EMOTION})(?![\w-])",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    rf"(?<![\w-])(?P<emotion>{_EMOTION})\s+(?:man|woman|person|girl|boy|child|kid|guy|lady|people|men|women|"
    rf"character|figure|face|expression)(?![\w-])",
    re.IGNORECASE,
)


#: Body parts and reflexes that show an emotion physically.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:jaw|brow|fists?|knuckles|lips?|chin|shoulders|breath\w*|exhales?|clench\w*|tighten\w*|trembl\w*|"
    r"shak(?:es|ing)|swallows?|sweat\w*|tears?|flinch\w*|grips?|gripping)(?![\w-])",
    re.IGNORECASE,
)


def emotions(text: str) -> Iterator[re.Match[str]]:
    """Emotions stated rather than shown: "looks sad", "she's nervous", "an angry man".

    A label on a person ("a desperate man") passes when the same text also shows the body
    (a tightening jaw, a furrowed brow): the label is then a summary, not the direction.
    """
    labelled = [] if PHYSICAL.search(text) else list(_LABELLED.finditer(text))
    found = sorted([*_STATED.finditer(text), *labelled], key=lambda m: m.start())
    end = -1
    for match in found:
        if match.start() >= end:
            yield match
            end = match.end()
