"""Trainer decks: built from the lessons' slide metadata, speaker notes for trainers only, offline."""

from __future__ import annotations

import json
import re

import pytest

from exercises_lib.browser import find_chromium, launch_options
from exercises_lib.cli import main

from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Both decks of every lesson, built once."""
    out = tmp_path_factory.mktemp("slides")
    assert 0 == main(["slides", "--out", str(out), "--lessons-dir", str(REPO / "lessons")])
    return out


def test_two_decks_and_reveal(decks):
    """Lesson 04 gives a trainer deck, a participant deck and a local copy of reveal.js."""
    names = sorted(p.name for p in decks.iterdir() if p.name.startswith(("04-", "reveal")))
    assert ["04-bird-dog.slides.html", "04-bird-dog.trainer.slides.html", "reveal.js"] == names
    assert (decks / "reveal.js" / "dist" / "reveal.js").is_file()
    assert (decks / "reveal.js" / "plugin" / "notes" / "notes.js").is_file()


def test_notes_for_trainers_only(decks):
    """Speaker notes are in the trainer deck and nowhere in the participant deck."""
    trainer = (decks / "04-bird-dog.trainer.slides.html").read_text()
    participant = (decks / "04-bird-dog.slides.html").read_text()
    assert '<aside class="notes">' in trainer and "Trainer notes" in trainer
    assert "Trainer notes" not in participant
    assert 'data-exercise="bird-dog"' in participant


def test_no_internet_needed(decks):
    """No script, style or font is loaded from the web."""
    for deck in decks.glob("*.html"):
        html = deck.read_text()
        assert [] == re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert "@import url(http" not in html
    theme = (decks / "reveal.js" / "dist" / "theme" / "simple.css").read_text()
    assert "fonts.googleapis" not in theme


# Every slide of the deck, stepped through as a presenter would, measured in one call:
# Reveal changes slides and their numbers at once, so each is measured as it shows.
_WALK = """() => {
  // The smallest type of any text shown on the slide (a figure's labels scale with it).
  const smallestText = (slide) => {
    let least = Infinity;
    for (const el of slide.querySelectorAll("*")) {
      if (el.closest("svg, aside.notes") || !el.getClientRects().length) continue;
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
    }
    return least;
  };
  const seen = [];
  for (let step = 0; step <= 200; step++) {
    const slide = Reveal.getCurrentSlide();
    seen.push({
      shown: document.querySelector(".slide-number").innerText.replace(/\\s/g, ""),
      total: Reveal.getTotalSlides(),
      tall: slide.scrollHeight,
      room: Reveal.getComputedSlideSize().height,
      noted: [...slide.querySelectorAll("aside.notes")].some((n) => n.textContent.trim()),
      smallest: smallestText(slide),
    });
    if (Reveal.isLastSlide()) break;
    Reveal.next();
  }
  return seen;
}"""


@pytest.mark.skipif(
    find_chromium() is None, reason="no Chromium found: run `make browser` to install one"
)
def test_every_deck_numbers_and_fits_every_slide_offline(decks, tmp_path):
    """Stepping through every deck offline at 1280×720: the slide number never passes the
    total, no slide overflows, no text is under 24 px, and every slide of a trainer deck,
    and none of a participant's, has speaker notes."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []

    def block_web(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    deck_files = sorted(decks.glob("*.html"))
    # two decks for each lesson
    assert 2 * len(list((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))) == len(deck_files)
    totals, problems = {}, []
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.route("**/*", block_web)
        for deck in deck_files:
            page.goto(deck.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
            seen = []
            for now in page.evaluate(_WALK):
                number, total = (int(n) for n in now["shown"].split("/"))
                seen.append(number)
                if number > total or total != now["total"]:
                    problems.append(f"{deck.name}: shows {now['shown']} of {now['total']}")
                if now["tall"] > now["room"] + 1:
                    problems.append(f"{deck.name} slide {number}: {now['tall']} px tall")
                if now["smallest"] < 24:  # read from the back of a room at 1280×720
                    problems.append(f"{deck.name} slide {number}: {now['smallest']} px text")
                if now["noted"] != (".trainer." in deck.name):
                    problems.append(f"{deck.name} slide {number}: notes {now['noted']}")
            assert list(range(1, len(seen) + 1)) == seen, deck.name
            totals[deck.name] = len(seen)
        page.goto((decks / "04-bird-dog.slides.html").as_uri() + "#/2")
        page.wait_for_function("window.Reveal && Reveal.isReady() && Reveal.getIndices().h === 2")
        page.screenshot(path=str(tmp_path / "deck-04-bird-dog-card.png"))  # to look at by hand
        browser.close()
    assert [] == problems
    for name, count in totals.items():
        assert count == totals[name.replace(".trainer", "")], name
    assert [] == [url for url in requests if not url.startswith("file:")]


def test_cards_come_in_parts_that_fit_a_slide(decks, catalog):
    """A card is shown in four slides of its own, and the deck splits any other long slide."""
    html = (decks / "04-bird-dog.slides.html").read_text()
    parts = re.findall(
        r'class="exl-card exl-card-part" data-exercise="bird-dog" data-part="(\d)"', html
    )
    assert ["1", "2", "3", "4"] == parts
    assert "<h2>Bird Dog, 4 of 4</h2>" in html
    assert "function exlFitSlides(width, height, continued" in html


def test_trainer_notes_hold_mistakes_cautions_and_quiz_answers(decks, catalog):
    """The trainer deck's notes list the card's mistakes and cautions and every quiz answer."""
    from html import escape

    trainer = (decks / "04-bird-dog.trainer.slides.html").read_text()
    participant = (decks / "04-bird-dog.slides.html").read_text()
    notes = " ".join(re.findall(r'<aside class="notes">(.*?)</aside>', trainer, re.S))
    bird_dog = catalog["bird-dog"]
    assert bird_dog.common_mistakes and bird_dog.cautions
    for line in (*bird_dog.common_mistakes, *bird_dog.cautions):
        assert escape(line) in notes
    questions = catalog.quiz("04-bird-dog").questions
    assert questions
    for question in questions:
        assert escape(question.prompt) in notes
        for choice in question.answer:
            assert escape(choice.text.rstrip(".")) in notes
    assert "Quiz answers" not in participant and "Watch for" not in participant


def test_run_line_stays_in_jupyterlab(decks):
    """The lessons' 'how to run this' line is for JupyterLab, not for a slide."""
    for deck in decks.glob("*.html"):
        assert "<strong>To start:</strong>" not in deck.read_text(), deck.name


def test_the_run_line_stays_in_jupyterlab_in_spanish_too(tmp_path):
    """A translated lesson opens with the catalogue's words for the run line; no slide shows
    them. A slide split in two says "continued" in the deck's language."""
    from exercises_lib.i18n import _, use_language
    from exercises_lib.notebooks import RUN_GUIDE_MARK

    out = tmp_path / "slides"
    assert 0 == main(["--lang", "es", "slides", "--lessons", "03", "--out", str(out)])
    use_language("es")
    try:
        spanish = _(RUN_GUIDE_MARK).strip("*")
        continued = json.dumps(_("(continued)"))
    finally:
        use_language("en")
    assert "(continued)" not in continued
    assert spanish != RUN_GUIDE_MARK.strip("*")
    built = sorted(out.glob("*.html"))
    assert built
    for deck in built:
        assert f"<strong>{spanish}</strong>" not in deck.read_text(), deck.name
        assert f"exlFitSlides(1280, 720, {continued})" in deck.read_text(), deck.name


def test_the_trainer_reads_the_safety_briefing_from_the_first_slides_notes(decks, catalog):
    """The trainer deck's first slide carries the guide's safety briefing as its speaker
    notes, made from the safety file; the participant deck has no notes."""
    from html import escape

    from exercises_lib.rendering import briefing_text

    briefing = escape(briefing_text(catalog.safety))
    assert escape(catalog.safety.stop_rule) in briefing
    trainer = (decks / "04-bird-dog.trainer.slides.html").read_text(encoding="utf-8")
    first = trainer.index("<section", trainer.index('<div class="slides">'))
    slide = trainer[first : trainer.index("</section>", first)]
    assert "exl-safety-slide" in slide and briefing in slide
    assert briefing not in (decks / "04-bird-dog.slides.html").read_text(encoding="utf-8")


def test_every_slide_carries_the_safety_footer(decks, catalog):
    """Both decks stand a one-line footer outside the slides, with the stop rule's minutes
    and a pointer to the first slide, which carries the stop rule and both warning levels."""
    from html import escape

    for deck in ("04-bird-dog.slides.html", "04-bird-dog.trainer.slides.html"):
        html = (decks / deck).read_text(encoding="utf-8")
        footer = re.search(r'<aside[^>]*class="exl-deck-footer".*?</aside>', html, re.S)
        assert footer, deck
        assert f"{catalog.safety.stop_minutes} minutes" in footer.group(0)
        assert "slide 1" in footer.group(0)
        first = html.index("<section", html.index('<div class="slides">'))
        safety = html[first : html.index("</section>", first)]
        assert "exl-safety-slide" in safety
        assert escape(catalog.safety.stop_rule) in safety
        for level in catalog.safety.warning_signs.levels:
            for sign in level.short:
                assert escape(sign) in safety, (deck, sign)
        slides_end = html.index("</div>", html.rindex("</section>"))
        assert footer.start() > slides_end  # outside the slides: it stays on every slide


@pytest.mark.skipif(
    find_chromium() is None, reason="no Chromium found: run `make browser` to install one"
)
def test_the_speaker_view_counts_the_slides_as_the_deck_does(decks):
    """Press S: the speaker view's current and upcoming previews number the deck's own
    slides (it once said "5 / 21" for a deck of 20, its previews split slides anew)."""
    from playwright.sync_api import sync_playwright

    deck = decks / "04-bird-dog.trainer.slides.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(deck.as_uri() + "#/3")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        total = page.evaluate("Reveal.getTotalSlides()")
        with page.expect_popup() as popup:
            page.keyboard.press("s")
        speaker = popup.value
        speaker.set_viewport_size({"width": 1280, "height": 720})
        # the current and upcoming previews load the deck again, each on its own
        speaker.wait_for_function("document.querySelectorAll('iframe').length >= 2")
        previews = []
        for element in speaker.query_selector_all("iframe")[:2]:
            frame = element.content_frame()
            assert frame is not None
            frame.wait_for_function("window.Reveal && Reveal.isReady()")
            previews.append(frame.evaluate("Reveal.getTotalSlides()"))
        browser.close()
    assert [total, total] == previews
