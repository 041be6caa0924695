"""Notes that mention a change without asking for it are refused, never written (found in review).

Each note here, read literally, contains a field and a value the interpreter knows; a careless
reader would write it. The interpreter must refuse it with a reason instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from soracheck.agents.grammar import NotUnderstood, read_note
from soracheck.storyboard.load import parse_storyboard
from tests.conftest import SAMPLES

REDLINE = SAMPLES / "redline-coffee/storyboard.yaml"
HARBOUR = Path(__file__).parent / "notes/storyboards/harbour-documentary.yaml"

REFUSED = [
    # what not to do
    (REDLINE, "Don't trim the booth to 8 seconds."),
    (REDLINE, "The cup shouldn't be 8 seconds."),
    (REDLINE, "Please don't drop the order shot."),
    (REDLINE, "No need to lose the elderly man in the enter shot."),
    (REDLINE, "Put the cup on a 50mm and don't trim the booth to 8 seconds."),
    (HARBOUR, "Don't cut the church bell."),
    (REDLINE, "The audience is not kids."),
    (REDLINE, "Not web only - social too."),
    # questions, reports, undoing
    (REDLINE, "Did we try the cup on a 50mm?"),
    (REDLINE, "Why is the cup on an 85mm?"),
    (REDLINE, "Last time we put the booth on a 35mm and it was worse."),
    (REDLINE, "The client asked for the cup on a 50mm but I disagree."),
    (REDLINE, "Undo the 50mm on the cup."),
    (REDLINE, "Ignore the earlier note about the booth being 8 seconds."),
    # exceptions and choices
    (HARBOUR, "Lose the scarf, except in the arrival."),
    (REDLINE, "Put the cup or the booth on a 50mm."),
    (REDLINE, "Either the cup or the booth on a 50mm."),
    (REDLINE, "The cup: 8 seconds or maybe 4 seconds."),
    # a colour for something the character does not wear, junk avoid tags, judgements as people
    (REDLINE, "Make Maya's jacket red."),
    (REDLINE, "No whip-pan into the booth."),
    (REDLINE, "Two waiters arguing would be too much in the booth."),
    # what a background person holds is not the person
    (REDLINE, "Lose the newspaper in the opener."),
    # a match-move across shots that are not next to each other would move a shot
    (HARBOUR, "Match the camera move of the dawn in the wake."),
    # a note's own brackets are text, not tokens (this once hung)
    (REDLINE, "change the title to '⟨q0⟩ ⟨s0⟩'"),
]


@pytest.mark.parametrize(("path", "note"), REFUSED, ids=[n for _, n in REFUSED])
def test_a_note_that_does_not_ask_for_the_change_it_mentions_is_refused(path: Path, note: str) -> None:
    board = parse_storyboard(path.read_text(encoding="utf-8"), str(path))[0]
    try:
        read = read_note(note, board)
    except NotUnderstood as error:
        assert str(error)
        return
    if note.startswith("change the title"):  # brackets read as text, never as tokens
        assert [op.describe() for op in read.ops] == ["set the project title = '<q0> <s0>'"]
        return
    pytest.fail(f"wrote {[op.describe() for op in read.ops]}")


def test_a_note_whose_first_request_is_read_does_not_drop_a_second_one() -> None:
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]
    with pytest.raises(NotUnderstood, match="part of the note was read, but not 'Drop the booth'"):
        read_note("Drop the booth and move the walk before the exit.", board)


def test_a_value_in_a_reason_is_no_request() -> None:
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]
    read = read_note("Shorten the booth to 8 seconds; I love the cup on the 85mm.", board)
    assert [op.describe() for op in read.ops[: len(read.ops) - read.follow]] == ["set shot booth duration = 8"]


def test_the_value_asked_for_is_not_the_one_the_shot_has() -> None:
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]
    for note in ("The cup shot is 12 seconds but should be 8.", "The cup is 12 seconds but should be 8 seconds."):
        read = read_note(note, board)
        assert read.ops[0].describe() == "set shot cup duration = 8"
    with pytest.raises(NotUnderstood, match="is a direction, not a grade"):
        read_note("The grade should be colder.", board)


def test_shot_numbers_mean_the_storyboard_as_the_notes_file_read_it() -> None:
    """'Drop shot 3' then 'shot 4: 8 seconds': shot 4 is still the booth, not the shot that moved up."""
    from soracheck.agents.interpret import OfflineInterpreter, parse_notes

    text = REDLINE.read_text(encoding="utf-8")
    result = OfflineInterpreter().interpret(
        parse_notes("Drop shot 3.\nShot 4 should be 8 seconds.\n"), text, str(REDLINE)
    )
    assert [op.describe() for op in result.plan.ops][:2] == ["remove shot cup", "set shot booth duration = 8"]
    again = OfflineInterpreter().interpret(parse_notes("Drop shot 3.\nShot 3: 8 seconds.\n"), text, str(REDLINE))
    assert [u.reason for u in again.unclear] == ["shot 3 (cup) was dropped by an earlier note"]


def test_two_notes_that_set_one_field_to_two_values_are_the_directors_to_settle() -> None:
    """The later note is refused with both values named, rather than winning silently; a note that
    agrees with an earlier one, or sets another field, is applied."""
    from soracheck.agents.interpret import OfflineInterpreter, parse_notes

    text = REDLINE.read_text(encoding="utf-8")
    notes = "Trim the booth shot to 8 seconds.\nbooth should be 6s\nBooth: 8 seconds.\nBooth on a 35mm.\n"
    result = OfflineInterpreter().interpret(parse_notes(notes), text, str(REDLINE))
    assert [(u.line, u.kind, u.reason) for u in result.unclear] == [
        (
            2,
            "conflict",
            "not applied: the note on line 1 asks to set shot booth duration = 8, "
            "this one to set shot booth duration = 6; say which one stands",
        )
    ]
    assert "set shot booth lens = '35mm'" in [op.describe() for op in result.plan.ops]


def test_a_removal_that_could_mean_birds_in_two_shots_or_their_cry_is_asked_about() -> None:
    board = parse_storyboard(HARBOUR.read_text(encoding="utf-8"), str(HARBOUR))[0]
    with pytest.raises(NotUnderstood, match="'the gulls' are in the background of shots dawn, wake: say which"):
        read_note("Lose the gulls", board)
    assert [op.describe() for op in read_note("lose the gulls in the opener", board).ops] == [
        "remove 'two gulls stand on a bollard with their heads tucked in' from shot dawn npcs"
    ]
    # the cry is a sound, in one shot: 'cry' is 'cries' inflected
    assert [op.describe() for op in read_note("lose the gull cry", board).ops] == [
        "remove 'one gull cries overhead' from shot wake audio.cues"
    ]


NEON = Path(__file__).parent / "notes/storyboards/neon-rooftop-music-video.yaml"


def _neon(note: str) -> list[str]:
    board = parse_storyboard(NEON.read_text(encoding="utf-8"), str(NEON))[0]
    read = read_note(note, board)
    return [op.describe() for op in read.ops[: len(read.ops) - read.follow]]


def test_what_a_note_says_not_to_do_is_set_aside_for_what_it_asks_and_ruled_out() -> None:
    """'Don't touch the lens, just make it 8 seconds': the duration is read, the lens is never set;
    a note that asks for what it rules out is refused, naming both."""
    assert _neon("Don't touch the lens on the taxi, just make it 4 seconds.") == ["set shot taxi duration = 4"]
    assert _neon("Leave the walk alone, but put the taxi on a 35.") == ["set shot taxi lens = '35mm'"]
    with pytest.raises(NotUnderstood, match="and also says not to"):
        _neon("Don't touch the taxi, just make it 4 seconds.")
    with pytest.raises(NotUnderstood, match="says what not to do"):
        _neon("let's not drop the taxi")


@pytest.mark.parametrize(
    ("note", "why"),
    [
        ("Hold off on the 50mm for the taxi until we've seen the rushes.", "for later or on a condition"),
        ("Once the label signs off we'll want a dissolve into the taxi.", "for later or on a condition"),
        ("Next pass: swap shots 6 and 7.", "for later or on a condition"),
        ("We had the walk on an 85 in the first draft.", "reports or revisits"),
        ("Should we go 50mm on the taxi? Let's talk it through Monday.", "asks a question"),
        ("40 or 50mm on the taxi, whichever reads better.", "offers a choice"),
        ("Oh sure, let's make the taxi 20 seconds so everyone can check their phones.", "sarcasm"),
        ("make the taxi 8 seconds… actually 16, no, 8", "changes its mind more than once"),
        ("Taxi to 4 seconds. Taxi to 16 seconds.", "not 'Taxi to 16 seconds'"),
        ("taxi 4s 16s", "gives the duration 4 and 16"),
        ("The close-up should be 12 seconds.", "could be shot juno-close, hands"),
        ("taxi to 4s, horn at 2 s", "not 'horn at 2 s'"),
    ],
)
def test_notes_that_look_like_requests_but_are_not_change_nothing(note: str, why: str) -> None:
    with pytest.raises(NotUnderstood, match=re.escape(why)):
        _neon(note)


def test_a_value_corrected_once_is_the_value_asked_for() -> None:
    assert _neon("Put the walk on a 35, sorry, I mean a 28.") == ["set shot walk lens = '28mm'"]
    assert _neon("make the taxi 12 — no, 4 seconds.") == ["set shot taxi duration = 4"]


def test_a_reason_naming_another_shot_and_value_is_not_a_target() -> None:
    assert _neon("Cut the verse to 8 s, the taxi already runs 8 and I want them even.") == [
        "set shot verse duration = 8"
    ]
    assert _neon("Put shot 8 on a 35, not shot 7.") == ["set shot finale lens = '35mm'"]


def test_either_of_two_shots_on_a_place_is_both() -> None:
    assert _neon("No empty-background on either avenue shot.") == [
        "add 'empty-background' to shot walk avoid",
        "add 'empty-background' to shot hands avoid",
    ]


def test_shots_named_with_an_exception_are_the_set_without_it() -> None:
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]
    read = read_note("Put every shot on a 35mm apart from the cup.", board)
    assert [op.describe() for op in read.ops] == [
        f"set shot {shot} lens = '35mm'" for shot in ("enter", "order", "booth", "exit", "walk")
    ]
    assert _neon("Every rooftop shot on a 40 except the last.") == ["set shot verse lens = '40mm'"]
    # an exception that is not one of the set leaves the note refused
    with pytest.raises(NotUnderstood, match="by exception"):
        _neon("Every rooftop shot on a 40 except the taxi.")


def test_a_close_up_is_named_by_what_it_shows_or_whose_it_is() -> None:
    assert _neon("Lose the fretboard close-up.") == ["remove shot hands"]
    assert _neon("juno's close-up: 4 seconds") == ["set shot juno-close duration = 4"]
    # "the laundromat close-up" is the close-up in the laundromat, not the shot with the id laundromat
    assert _neon("The laundromat close-up should be 4 seconds.") == ["set shot juno-close duration = 4"]


def test_a_lens_swapped_names_the_lens_the_shot_is_on() -> None:
    assert _neon("swap the 100 for a 135") == ["set shot hands lens = '135mm'"]
    with pytest.raises(NotUnderstood, match="swaps out an 85mm, but taxi is on a 28mm"):
        _neon("swap the 85 for a 50 on the taxi")


def test_ratios_agent_nouns_garments_and_unaccented_words() -> None:
    assert _neon("Halve the finale, sixteen seconds of the same chorus is a lot.") == ["set shot finale duration = 8"]
    assert _neon("triple the taxi") == _neon("the taxi three times as long") == ["set shot taxi duration = 24"]
    assert _neon("Get rid of the skateboarders.") == [
        "remove 'two teenagers on skateboards weave past her' from shot walk npcs"
    ]
    assert _neon("Headphones off in the walk.") == ['remove "Juno\'s white headphones" from shot walk persist']
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]
    read = read_note("booth sfx should be cafe chatter", board)
    assert [op.describe() for op in read.ops] == ["set shot booth audio.sfx = 'cafe chatter'"]


@pytest.mark.parametrize(
    ("note", "why"),
    [
        ("What if the walk were 8 seconds?", "asks a question"),
        ("Hmm, maybe the cup on a 50?", "asks a question"),
        ("Oh great, let's make every shot 20 seconds, that'll really help.", "sarcasm"),
        ("Surely nobody thinks the booth should be 20 seconds.", "sarcasm"),
        ("Make the enter shot 8 seconds unless the client objects.", "on a condition"),
        ("Make the walk 8 seconds if there's time.", "on a condition"),
        ("Put the order shot on an 85, no wait, keep it at 35 and put the cup on a 50.", "takes back"),
        ("Cup on a 50, actually no, keep the 85.", "takes back"),
        ("Swap shots 3 and 4, I mean 1 and 2.", "corrects more than one value"),
        ("Retitle it 'Redline Afternoons' and make it web only.", "not 'make it web only'"),
        ("Drop the door bell and make the walk 8 seconds.", "not 'Drop the door bell'"),
    ],
)
def test_a_reviewers_wrong_writes_are_refused(note: str, why: str) -> None:
    """Notes a reviewer wrote blind after the adversarial corpus, each of which wrote a change."""
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]
    with pytest.raises(NotUnderstood, match=re.escape(why)):
        read_note(note, board)


def test_a_polite_question_a_fraction_and_a_remark_are_read_as_asked() -> None:
    board = parse_storyboard(REDLINE.read_text(encoding="utf-8"), str(REDLINE))[0]

    def asked(note: str) -> list[str]:
        read = read_note(note, board)
        return [op.describe() for op in read.ops[: len(read.ops) - read.follow]]

    assert asked("The cup shot should be a third shorter.") == ["set shot cup duration = 8"]
    assert asked("Make the booth 8 seconds, the 85mm is fine.") == ["set shot booth duration = 8"]
    assert asked("the booth drags — could we get it down to 8?") == ["set shot booth duration = 8"]
    assert asked("Not the cup — the booth. Cut it to 8 seconds.") == ["set shot booth duration = 8"]
    assert asked("I wouldn't touch the cup; put the booth on a 35 instead.") == ["set shot booth lens = '35mm'"]
    # an apology or "make that" is no change of mind
    assert asked("Sorry, one more: the booth on a 35.") == ["set shot booth lens = '35mm'"]
