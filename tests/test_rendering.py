"""Cards and footers: complete, escaped, and driven by the data."""

from __future__ import annotations

import dataclasses
from html import escape

from exercises_lib.rendering import (
    exercise_card_html,
    exercise_text,
    routine_html,
    safety_footer_html,
    safety_html,
)


def test_card_carries_all_content(catalog):
    """The card shows name, level, dose, every step, cautions, variations and source."""
    bird = catalog["bird-dog"]
    html = exercise_card_html(bird)
    for text in (bird.name, "Level: beginner", "4 seconds each time", "10 on each side"):
        assert text in html
    for part in (*bird.cautions, *bird.common_mistakes, *(v.name for v in bird.easier)):
        assert part in html
    assert len(bird.steps) == html.count('<span class="exl-role">')
    assert "Joan E. Wilder" in html


def test_card_escapes_data(catalog):
    """A <script> in a name shows as text, never as markup."""
    evil = dataclasses.replace(catalog["bird-dog"], name="<script>alert(1)</script>")
    html = exercise_card_html(evil)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_card_uses_given_dose(catalog):
    """A routine's dose replaces the exercise's own on the card."""
    bird = catalog["bird-dog"]
    html = exercise_card_html(bird, bird.dose.with_changes(reps=3), css=False)
    assert "3 on each side" in html
    assert "<style>" not in html


def test_footer_has_the_three_safety_messages(catalog):
    """The footer carries the stop rule, the avoid list, the disclaimer and the credit."""
    html = safety_footer_html(catalog.safety)
    minutes = f"more than {catalog.safety.stop_minutes} minutes"
    for text in (minutes, "toe touches, sit-ups, leg lifts", "not a substitute"):
        assert text in html
    assert "Back Exercises for Your Lower Back" in html


def test_safety_card_lists_both_levels_of_warning_signs(catalog):
    """The safety card lists every warning sign under its level, with its NHS source."""
    html = safety_html(catalog.safety)
    for level in catalog.safety.warning_signs.levels:
        assert escape(level.heading) in html
        assert all(escape(sign) in html for sign in level.items)
    assert "NHS" in html


def test_routine_table(catalog):
    """A routine lists each exercise with its dose."""
    routine = catalog.routine("full")
    html = routine_html(routine)
    assert len(routine.items) == html.count("<tr data-exercise=")


def test_text_version(catalog):
    """The terminal view numbers the steps and shows the source."""
    text = exercise_text(catalog["partial-crunch"])
    assert "  1. [Set up]" in text
    assert "Source: “Back Exercises for Your Lower Back” by Joan E. Wilder" in text


def test_a_model_shows_as_its_card_in_a_notebook():
    """In IPython, an exercise, a routine and the safety rules display as their cards."""
    import subprocess
    import sys

    code = (
        "import exercises_lib.course\n"
        "from exercises_lib import load_catalog\n"
        "c = load_catalog()\n"
        "html = get_ipython().display_formatter.formatters['text/html']\n"
        "html.enabled = True  # as in a notebook's kernel; a terminal turns HTML off\n"
        "shown = [html(o) or '' for o in (c['bird-dog'], c.routine('starter'), c.safety)]\n"
        "print(all('exl-card' in html for html in shown))\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "IPython", "--quick", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "True" == result.stdout.strip().splitlines()[-1], result.stderr
