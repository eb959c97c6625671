"""Links in exported files: to a lesson's own handout or deck, else plain words."""

from __future__ import annotations

import re

import pytest

from exercises_lib.sanitize import clean_html, relink

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


# Markup a stranger's notebook could carry into a handout or deck, each with what must go.
_CALLS_OUT = {
    "image from a site": ('<img src="https://example.org/x.png" alt="x">', "example.org"),
    "image from the root": ('<img src="/etc/passwd" alt="x">', "/etc/passwd"),
    "image on another host": ('<img src="//example.org/x.png" alt="x">', "example.org"),
    "list bullet": (
        '<ul style="list-style:url(https://example.org/b.png)"><li>a</li></ul>',
        "example.org",
    ),
    "svg fill": ('<svg><path fill="url(https://example.org/p#g)" d="M0 0"/></svg>', "example.org"),
    "svg marker": ('<svg><line marker-end="url(http://example.org/#m)"/></svg>', "example.org"),
}


@pytest.mark.parametrize("kind", sorted(_CALLS_OUT))
def test_nothing_in_a_page_loads_from_outside(kind):
    """A printed or opened page loads only what is in it or beside it: never a site."""
    html, outside = _CALLS_OUT[kind]
    cleaned = clean_html(html)
    assert outside not in cleaned
    assert cleaned.strip()  # the element stays, without its call out


def test_what_a_page_may_load_stays():
    """Data in the page, a file beside it, a place in the page, and links to read, stay."""
    kept = [
        '<img src="data:image/png;base64,AAAA" alt="x">',
        '<img src="figure.png" alt="x">',
        '<svg><path fill="url(#shade)" d="M0 0"></path></svg>',
        '<a href="https://www.nhs.uk/conditions/back-pain/">NHS</a>',
    ]
    for html in kept:
        cleaned = clean_html(html)
        for value in re.findall(r'(?:src|fill|href)="([^"]*)"', html):
            assert value in cleaned, html


def test_only_the_course_s_own_classes_stay():
    """A JupyterLab or deck class could take that page's styles (cover the safety box, blank
    a printed page): only the course's cards and figure parts keep their classes."""
    from exercises_lib.poses import SEGMENTS

    segment = next(iter(SEGMENTS))
    html = (
        '<div class="jp-OutputArea-output jp-mod-fixed exl-card lm-Widget">a</div>'
        f'<svg><g class="pose pose-start"><line class="{segment} reveal"/></g></svg>'
    )
    cleaned = clean_html(html)
    assert 'class="exl-card"' in cleaned
    assert 'class="pose pose-start"' in cleaned
    assert f'class="{segment}"' in cleaned
    assert "jp-" not in cleaned and "lm-" not in cleaned and "reveal" not in cleaned


def test_heading_anchors_never_reach_a_page():
    """nbconvert's "¶" after each heading is for a screen's hover: no page or slide gets it."""
    html = '<h2 id="Why">Why<a class="anchor-link" href="#Why">¶</a></h2>'
    cleaned = clean_html(html)
    assert "¶" not in cleaned and "Why" in cleaned
