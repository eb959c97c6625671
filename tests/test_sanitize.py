"""Links in exported files: to a lesson's own handout or deck, else plain words."""

from __future__ import annotations

from exercises_lib.sanitize import relink

TARGETS = {"01-safety-first": "lesson-01-safety-first.html"}


def test_a_lesson_link_points_at_the_lesson_s_handout():
    """A link to a lesson notebook built in the same folder leads to its handout."""
    html = '<p>Read <a href="01-safety-first.ipynb">lesson 1</a>.</p>'
    assert '<p>Read <a href="lesson-01-safety-first.html">lesson 1</a>.</p>' == relink(
        html, TARGETS
    )


def test_a_link_keeps_its_place_in_the_page():
    """A fragment survives the move from notebook to handout."""
    html = '<a href="./01-safety-first.ipynb#the-stop-rule">the stop rule</a>'
    expected = '<a href="lesson-01-safety-first.html#the-stop-rule">the stop rule</a>'
    assert expected == relink(html, TARGETS)


def test_a_link_that_would_lead_nowhere_becomes_its_words():
    """A notebook not in the build, or the README, stays as plain text."""
    html = (
        '<a href="../notebooks/print-handouts.ipynb">print</a> and '
        '<a href="../README.md#binder">the README</a>'
    )
    assert "print and the README" == relink(html, TARGETS)


def test_web_mail_and_in_page_links_are_kept():
    """Links that work from any copy of the file are left alone."""
    html = (
        '<a href="https://www.nhs.uk/">NHS</a> <a href="mailto:a@b.org">mail</a> '
        '<a class="anchor-link" href="#top">¶</a>'
    )
    assert html == relink(html, TARGETS)
