"""The offline interpreter's grammar of director notes: aspects that compose, not a list of sentences.

A note is first read against the storyboard (:mod:`soracheck.agents.reading`): its spelling is put
right and the shots, characters and quoted texts it names become tokens. Then each *aspect* — a
field of the storyboard and the ways notes change it (durations, lenses, camera, transitions,
continuity, order, background people, cast, wardrobe and props, avoid tags, sound, project fields)
— looks in the note for its own words and values, and composes edits for the shots the note names,
however the note is phrased. Every edit keeps the words of the note it came from.

A note that no aspect reads, that names something the storyboard lacks, that could mean several
shots, or that gives no value ("a bit longer") is reported with the reason and changes nothing. A
note that reads as an instruction to the tool ("ignore all previous instructions") is refused.
"""

from soracheck.agents.grammar.read import Understood, interpret_note, read_note
from soracheck.agents.grammar.subject import Instruction, NotUnderstood

__all__ = ["Instruction", "NotUnderstood", "Understood", "interpret_note", "read_note"]
