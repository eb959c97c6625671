"""Speaker notes made from what a slide shows: the lessons' calls, read from their cells."""

from __future__ import annotations

from html import escape

import nbformat
import pytest

from exercises_lib.rendering import dose_line
from exercises_lib.rulebook import starting_dose
from exercises_lib.slides.notes import LessonCall, call_notes, card_part_notes

from .conftest import REPO


@pytest.mark.parametrize(
    ("source", "name", "args"),
    [
        ('lesson.practice("bird-dog")', "practice", ("bird-dog",)),
        ("lesson.quiz()", "quiz", ()),
        ('lesson.understanding("scans", "pacing")', "understanding", ("scans", "pacing")),
        ("lesson.break_timer(60)", "break_timer", ("60",)),
    ],
)
def test_a_lesson_call_is_read_from_its_cell(source, name, args):
    assert LessonCall(name, args) == LessonCall.read(source)


@pytest.mark.parametrize(
    "source",
    ["from exercises_lib.course import Lesson", "x = lesson.card('a')", "print(1)", "lesson.(", ""],
)
def test_other_code_is_no_call(source):
    assert LessonCall.read(source) is None


def _calls() -> list[LessonCall]:
    found = []
    for path in sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and (call := LessonCall.read(cell.source)):
                found.append(call)
    return found


def test_every_practice_note_gives_the_plans_first_dose_and_the_easier_version(catalog):
    """Each lesson's practice slide tells the trainer the dose the timer counts and the
    rung to offer anyone it hurts, both read from the data."""
    practices = [c for c in _calls() if c.name == "practice"]
    assert practices
    for call in practices:
        exercise = catalog[call.args[0]]
        note = call_notes(catalog, call)
        assert escape(dose_line(starting_dose(catalog, exercise))) in note, call
        below = exercise.easier_rungs()
        if below:
            assert escape(below[0].name) in note and escape(below[0].how) in note, call
        else:  # the easiest move there is: stop it for today
            assert "stops this move for today" in note, call
    # both kinds are in the lessons, so both branches are tested
    assert {bool(catalog[c.args[0]].easier_rungs()) for c in practices} == {True, False}


def test_every_form_check_note_lists_the_mistakes_to_watch_for(catalog):
    checks = [c for c in _calls() if c.name == "form_checklist"]
    assert checks
    for call in checks:
        exercise = catalog[call.args[0]]
        assert exercise.common_mistakes, exercise.id
        note = call_notes(catalog, call)
        assert all(escape(m) in note for m in exercise.common_mistakes), call


def test_the_footer_note_gives_the_stop_rules_minutes(catalog):
    note = call_notes(catalog, LessonCall("footer", ()))
    assert f"{catalog.safety.stop_minutes} minutes" in note


def test_each_card_part_says_what_to_watch_for_and_the_first_the_starting_dose(catalog):
    exercise = catalog["bird-dog"]
    start = escape(dose_line(starting_dose(catalog, exercise)))
    first, later = card_part_notes(catalog, exercise, 1), card_part_notes(catalog, exercise, 2)
    assert start in first and start not in later
    for note in (first, later):
        assert all(escape(c) in note for c in exercise.cautions)


def test_a_call_with_no_note_of_its_own_gives_none(catalog):
    assert "" == call_notes(catalog, LessonCall("works_table", ()))
