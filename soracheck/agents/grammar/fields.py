"""Project fields and a shot's action."""

from __future__ import annotations

import re

from soracheck.agents.grammar.subject import Claim, NotUnderstood, Q, S, Subject, add_to, cleaned, set_to
from soracheck.agents.ops import (
    SetField,
)

# --- project fields and prompt text --------------------------------------------------------------


def project(about: Subject) -> Claim | None:
    """Fields of the whole piece: disclosure, title, audience, placement, style look."""
    text = about.text
    quoted = re.search(
        rf"\b(?P<field>disclosure|title)\b[^⟨]*?(?P<q>{Q})|\bretitle\s*:?\s*(?:(?:it|this|the\s+\w+)\s+)?(?:to\s+|as\s+)?(?P<q2>{Q})",
        text,
        re.I,
    )
    if quoted:
        field = (quoted.group("field") or "title").lower()
        value = about.reading.quotes[int((quoted.group("q") or quoted.group("q2"))[2:-1])]
        return Claim(
            [SetField(op="set_field", target="project", key=None, field=field, value=value)],
            quoted.start(),
            quoted.end(),
        )
    audience = re.search(
        r"\baudience\s+(?:for\s+(?:this|the)\s+\w+\s+)?(?:should\s+be|is|:|to\s+be|now)\s+(?P<v>.+)$", text, re.I
    )
    if audience:
        value = cleaned(about.reading.original(audience.group("v")))
        return Claim(
            [SetField(op="set_field", target="project", key=None, field="audience", value=value)],
            audience.start(),
            audience.end(),
        )
    places = ("web", "social", "broadcast", "cinema", "tv", "ooh", "streaming")
    also = re.search(
        rf"\b(?:also\s+runs?\s+on|also\s+goes\s+on|runs?\s+also\s+on|(?:going|goes|go)\s+out\s+on|airs?\s+on)\s+(?:the\s+)?"
        rf"(?P<p>{'|'.join(places)})\b",
        text,
        re.I,
    )
    if also:
        return Claim([add_to(None, "placement", also.group("p").lower())], also.start(), also.end())
    only = re.search(
        rf"\b(?P<p>{'|'.join(places)})\s+only\b|\bonly\s+(?:on\s+)?(?P<p2>{'|'.join(places)})\b", text, re.I
    )
    if only:
        value = [(only.group("p") or only.group("p2")).lower()]
        return Claim(
            [SetField(op="set_field", target="project", key=None, field="placement", value=value)],
            only.start(),
            only.end(),
        )
    grade = re.search(rf"\bgrade\b[^⟨]*?(?P<q>{Q})|\bgrade\s*(?::|should\s+be)\s*(?P<v>[^⟨]+)$", text, re.I)
    if (
        grade
        and grade.group("v")
        and re.fullmatch(r"\s*(?:more\s+|less\s+)?\w+(?:er|est)\s*[.!?]?\s*", grade.group("v"))
    ):
        raise NotUnderstood(
            f"'{grade.group('v').strip()}' is a direction, not a grade; write the grade, e.g. 'grade: cool blue, soft grain'"
        )
    if grade:
        value = about.reading.quotes[int(grade.group("q")[2:-1])] if grade.group("q") else cleaned(grade.group("v"))
        return Claim(
            [SetField(op="set_field", target="project", key=None, field="style.grade", value=value)],
            grade.start(),
            grade.end(),
        )
    look = re.search(
        r"\bmake\s+the\s+whole\s+(?:spot|piece|film|thing)\s+(?P<look>[\w-]+)(?:\s+instead\s+of\s+[\w-]+)?", text, re.I
    )
    if look:
        return Claim(
            [
                SetField(
                    op="set_field", target="project", key=None, field="style.look", value=look.group("look").lower()
                )
            ],
            look.start(),
            look.end(),
        )
    return None


def action(about: Subject) -> Claim | None:
    """A shot's action as written: ``walk action: Maya continues left to right, sipping``."""
    m = re.search(rf"(?:(?P<s>{S})\s+)?action\s*(?::|should\s+be)\s*(?P<text>.+)$", about.text, re.I)
    if not m:
        return None
    shots = [about.one(m.group("s"))] if m.group("s") else about.targets()
    value = cleaned(about.reading.original(m.group("text")))
    return Claim([set_to(shot, "action", value) for shot in shots], m.start(), len(about.text))
