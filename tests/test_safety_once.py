"""A lesson shows the safety lists once in full on screen, and in short after that (m16);
paper and a lesson opened part way keep every list whole."""

from __future__ import annotations

from html import escape

import pytest

from exercises_lib.browser import find_chromium, launch_options
from exercises_lib.course import Lesson

BRIEF = 'class="exl-footer exl-footer-brief"'


def _signs(catalog) -> list[str]:
    signs = [sign for level in catalog.safety.warning_signs.levels for sign in level.short]
    assert signs
    return signs


def test_a_lesson_run_from_its_end_shows_the_footer_whole(catalog):
    """The first box to show the lists shows them as lists, every sign in it."""
    footer = Lesson("04-bird-dog", catalog).footer().data
    assert BRIEF not in footer
    assert all(escape(sign) in footer for sign in _signs(catalog))


def test_after_the_checklist_the_footer_is_short_on_screen(catalog):
    lesson = Lesson("04-bird-dog", catalog)
    checklist = lesson.safety_checklist()
    assert "<details" in checklist.details and " open>" in checklist.details
    footer = lesson.footer().data
    assert BRIEF in footer
    assert all(escape(sign) in footer for sign in _signs(catalog))  # short, not shorter


def test_after_both_boxes_the_checklist_folds_its_lists(catalog):
    """Lesson 01 shows both lists in boxes of their own: the checklist folds its copy."""
    lesson = Lesson("01-safety-first", catalog)
    lesson.warning_signs()
    lesson.ask_first()
    details = lesson.safety_checklist().details
    assert "<details" in details and " open>" not in details
    assert BRIEF in lesson.footer().data


def test_one_list_shown_is_not_both(catalog):
    lesson = Lesson("01-safety-first", catalog)
    lesson.warning_signs()
    assert " open>" in lesson.safety_checklist().details


def test_a_second_footer_is_short(catalog):
    """Lesson 00 shows the box after "Please read this first" and again at its end."""
    lesson = Lesson("00-start-here", catalog)
    first, second = lesson.footer().data, lesson.footer().data
    assert BRIEF not in first and BRIEF in second


def _heights(page, html: str) -> dict[str, list[int]]:
    page.set_content(html)
    heights = {}
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        heights[media] = page.evaluate(
            "() => ['whole', 'short'].map((id) => document.getElementById(id).offsetHeight)"
        )
        heights[f"{media} signs"] = page.evaluate(
            "() => [...document.querySelectorAll('#short li')].filter((li) => li.offsetHeight).length"
        )
    return heights


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium found: run `make browser`")
def test_the_short_footer_is_short_on_screen_and_whole_on_paper(catalog):
    """Measured in Chromium: in a lesson on screen the short box shows no sign's line and
    is shorter than the whole one; printed, or in a handout read on screen, it shows every
    sign and is as tall."""
    from playwright.sync_api import sync_playwright

    from exercises_lib.handouts.style import print_css

    whole = Lesson("04-bird-dog", catalog).footer().data
    lesson = Lesson("00-start-here", catalog)
    lesson.footer()
    short = lesson.footer().data
    boxes = f'<div id="whole">{whole}</div><div id="short">{short}</div>'
    handout = (
        f"<html><head><style>{print_css(catalog.safety, 'Handout')}</style></head>"
        f'<body class="exl-handout">{boxes}</body></html>'
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 900, "height": 800})
        in_lab, on_paper = _heights(page, boxes), _heights(page, handout)
        browser.close()
    (whole_screen, short_screen), (whole_print, short_print) = in_lab["screen"], in_lab["print"]
    signs = len(_signs(catalog))
    assert short_screen < 0.85 * whole_screen and in_lab["screen signs"] == 0, in_lab
    assert whole_print == short_print and in_lab["print signs"] == signs, in_lab
    assert on_paper["screen"][0] == on_paper["screen"][1], on_paper
    assert on_paper["screen signs"] == signs, on_paper
