"""Trainer decks: built from the lessons' slide metadata, speaker notes for trainers only, offline."""

from __future__ import annotations

import re

import pytest

from exercises_lib.browser import find_chromium, launch_options
from exercises_lib.cli import main

from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    assert 0 == main(
        ["slides", "--lessons", "03", "--out", str(out), "--lessons-dir", str(REPO / "lessons")]
    )
    return out


def test_two_decks_and_reveal(decks):
    """Lesson 03 gives a trainer deck, a participant deck and a local copy of reveal.js."""
    names = sorted(p.name for p in decks.iterdir())
    assert ["03-bird-dog.slides.html", "03-bird-dog.trainer.slides.html", "reveal.js"] == names
    assert (decks / "reveal.js" / "dist" / "reveal.js").is_file()
    assert (decks / "reveal.js" / "plugin" / "notes" / "notes.js").is_file()


def test_notes_for_trainers_only(decks):
    """Speaker notes are in the trainer deck and nowhere in the participant deck."""
    trainer = (decks / "03-bird-dog.trainer.slides.html").read_text()
    participant = (decks / "03-bird-dog.slides.html").read_text()
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


@pytest.mark.skipif(
    find_chromium() is None, reason="no Chromium found: run `make browser` to install one"
)
def test_decks_open_offline_with_the_same_slides(decks):
    """With every web request blocked, reveal.js starts both decks, and they have the same slides."""
    from playwright.sync_api import sync_playwright

    totals = {}
    requests: list[str] = []
    shots = REPO / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)

    def block_web(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        for deck in ("03-bird-dog.trainer.slides.html", "03-bird-dog.slides.html"):
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.route("**/*", block_web)
            page.goto((decks / deck).as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
            totals[deck] = page.evaluate("Reveal.getTotalSlides()")
            page.screenshot(path=str(shots / f"deck-{deck.replace('.html', '')}.png"))
            page.close()
        browser.close()
    assert totals["03-bird-dog.trainer.slides.html"] == totals["03-bird-dog.slides.html"]
    assert totals["03-bird-dog.slides.html"] >= 8
    assert [] == [url for url in requests if not url.startswith("file:")]


def test_deck_styles_long_cards(decks):
    """The deck carries its own CSS: long slides scroll and cards fit the slide width."""
    html = (decks / "03-bird-dog.slides.html").read_text()
    assert "overflow-y: auto; }" in html
    assert ".reveal .exl-card {" in html


def test_every_slide_carries_the_safety_footer(decks, catalog):
    """Both decks stand a footer with the stop rule and both warning levels outside the slides."""
    from html import escape

    for deck in ("03-bird-dog.slides.html", "03-bird-dog.trainer.slides.html"):
        html = (decks / deck).read_text(encoding="utf-8")
        footer = re.search(r'<aside class="exl-deck-footer".*?</aside>', html, re.S)
        assert footer, deck
        assert escape(catalog.safety.stop_rule) in footer.group(0)
        for level in catalog.safety.warning_signs.levels:
            assert escape(level.short) in footer.group(0), (deck, level.heading)
        slides_end = html.index("</div>", html.rindex("</section>"))
        assert footer.start() > slides_end  # outside the slides: it stays on every slide
