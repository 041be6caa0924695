"""Light that is meant to change inside a shot: what makes a step or a slide of exposure legitimate."""

from __future__ import annotations

import re

#: Words saying the light changes during the shot: a switch, a flash, a fade, a passing cloud…
CHANGES = re.compile(
    r"(?<![\w-])(?:"
    r"lights? (?:(?:is|are|get|gets|got|being|been) )?"
    r"(?:come|comes|came|go|goes|went|switch(?:es|ed)?|turn(?:s|ed)?|flick(?:s|ed|ers)?|snap(?:s|ped)?|click(?:s|ed)?)"
    r" (?:on|off|up|down|out)"
    r"|(?:switch|turn|flick)(?:es|s|ed|ing)? (?:on|off) (?:the |a |all the )?(?:\w+ )?lights?|blackout|power cut"
    r"|(?:gets?|got|getting|grows?|grew|growing|becomes?|became|turns?|turned) (?:much |slightly |a little )?"
    r"(?:brighter|darker|lighter|dark|bright)"
    r"|(?:light|lighting|colou?rs?|grade|tones?|sky) (?:slowly |gradually |steadily )?"
    r"(?:changes?|changing|shifts?|shifting|cools?|cooling|warms?|warming|turns? (?:from|to|into|blue|red|orange|gold|cold|warm))"
    r"|flash(?:es|ing)?|lightning|strobe|strobing|flicker(?:s|ing)?|explosion|explodes|fireworks?|muzzle"
    r"|fades? (?:to|in|out|up|down)|fading|dims (?:to|down)|dimming|brightens?|brightening|darkens?|darkening"
    r"|sunrise|sunset|dawn breaks|dusk falls|clouds? (?:pass|passes|covers?|drifts?)|shadow (?:falls|passes)"
    r"|fog (?:rolls|drifts|thickens)|mist (?:rolls|rises)|smoke (?:fills|billows)|haze (?:thickens|rolls)"
    r"|white-?out|bleach(?:es|ed)? out|washes out|time-?lapse|day to night|night to day"
    r")(?![\w-])",
    re.IGNORECASE,
)
#: Words saying the focus changes during the shot.
FOCUS = re.compile(
    r"(?<![\w-])(?:rack(?:s|ed)? focus|pulls? focus|focus (?:pull|racks|pulls|shifts|changes)|defocus(?:es|ed)?|out of focus|blur(?:s|red|ring)?)(?![\w-])",
    re.IGNORECASE,
)
