"""The course's files through the tools other projects use: the W3C Nu HTML checker,
axe-core in Chromium, and pikepdf for the PDF/UA-1 points a checker can test here.

One build serves every check: lessons 00, 01, 03 and 07 (links between lessons, the
floor-safety and plan headings, the quiz) as handouts and decks, the sheets of every
exercise, the trainer pack, the plan sheet, and two exercises in large print.
veraPDF is not reachable from this machine, so the PDF checks are the ones listed in
``test_pdfs_identify_as_pdf_ua`` and ``test_pdf_tags_follow_pdf_ua``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from exercises_lib.browser import find_chromium, launch_options
from exercises_lib.cli import main
from exercises_lib.handouts import build_handouts

from .conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None, reason="no Chromium found: run `make browser` to install one"
    ),
]

LESSONS = ["00", "01", "04", "08"]
VNU_JAR = REPO / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# axe's two worst impacts (what blocks a person), and the rules for reading order and
# links, which axe rates lower but a page's reader depends on.
BLOCKING = ("serious", "critical")
ALSO = ("heading-order", "link-in-text-block", "page-has-heading-one")


@pytest.fixture(scope="module")
def built(tmp_path_factory, catalog) -> Path:
    """Handouts (HTML and PDF, normal and large print) and decks, in one folder each."""
    out = tmp_path_factory.mktemp("built")
    lessons = REPO / "lessons"
    options = {"formats": ("html", "pdf"), "lessons_dir": lessons}
    handouts = out / "handouts"
    build_handouts(handouts, catalog, lessons=LESSONS, exercises=list(catalog.exercises), **options)
    build_handouts(handouts, catalog, trainer=True, plan="six-weeks", **options)
    build_handouts(
        handouts, catalog, exercises=["bird-dog", "pelvic-tilt"], large_print=True, **options
    )
    slides = out / "slides"
    lesson_list = ",".join(LESSONS)
    args = ["slides", "--out", str(slides), "--lessons", lesson_list, "--lessons-dir", str(lessons)]
    assert 0 == main(args)
    return out


def _files(folder: Path, pattern: str, least: int) -> list[Path]:
    found = sorted(folder.glob(pattern))
    assert len(found) >= least, [p.name for p in found]
    return found


def test_nu_checker_finds_no_errors(built):
    """The W3C Nu checker reports no error in any handout or deck the course writes."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip("the Nu checker needs Java and npm's vnu-jar: `make checkers` installs them")
    pages = _files(built / "handouts", "*.html", 12) + _files(built / "slides", "*.html", 8)
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        (Path(m.get("url", "")).name, m.get("lastLine"), m["message"][:120]) for m in messages
    ]
    assert [] == errors


def test_no_relative_link_leads_nowhere(built):
    """Every link to a file beside a handout or deck finds that file, and lesson 00's
    links reach the other lessons' handouts."""
    pages = _files(built / "handouts", "*.html", 12) + _files(built / "slides", "*.html", 8)
    for page in pages:
        for href in re.findall(r'<a\b[^>]*\bhref="([^"#]+)', page.read_text(encoding="utf-8")):
            if not re.match(r"(https?|mailto):", href):
                assert (page.parent / href).is_file(), (page.name, href)
    start = (built / "handouts" / "lesson-00-start-here.html").read_text(encoding="utf-8")
    assert 'href="lesson-01-safety-first.html"' in start
    assert ".ipynb" not in "".join(re.findall(r'href="[^"]*"', start))


def _descendants(node: pikepdf.Dictionary):
    """Every structure element under ``node``, in reading order."""
    stack = [node]
    while stack:
        kids = stack.pop().get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        children = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        yield from children
        stack.extend(reversed(children))


def _pdfs(built: Path) -> list[Path]:
    return _files(built / "handouts", "*.pdf", 12)


def test_pdfs_identify_as_pdf_ua(built):
    """Each PDF has XMP with pdfuaid:part 1, its title and language, and shows its title."""
    for path in _pdfs(built):
        with pikepdf.open(path) as document:
            meta = document.open_metadata()
            title = str(document.docinfo["/Title"])
            assert "1" == meta.get("pdfuaid:part"), path.name
            assert title and title == meta.get("dc:title"), path.name
            assert {str(document.Root.Lang)} == set(meta.get("dc:language")), path.name
            assert document.Root.ViewerPreferences.DisplayDocTitle, path.name
            assert document.Root.MarkInfo.Marked, path.name
            assert all("/S" == str(page.obj.get("/Tabs")) for page in document.pages)


def test_pdf_tags_follow_pdf_ua(built):
    """Links only with an annotation, figures with alt text, tables with header cells,
    and headings that never skip a level."""
    figures = 0
    for path in _pdfs(built):
        with pikepdf.open(path) as document:
            elements = list(_descendants(document.Root.StructTreeRoot))
            kinds = [str(element.S) for element in elements]
            for element in elements:
                kind = str(element.S)
                if kind == "/Link":
                    kids = element.get("/K")
                    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
                    annotations = [
                        k
                        for k in kids
                        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                    ]
                    assert annotations, (path.name, "a Link tag with no annotation")
                if kind == "/Figure":
                    figures += 1
                    assert str(element.get("/Alt", "")).strip(), (path.name, "figure without alt")
            for table in (e for e in elements if str(e.S) == "/Table"):
                inside = {str(e.S) for e in _descendants(table)}
                assert "/TH" in inside, (path.name, "a table with no header cell")
            levels = [int(k[2]) for k in kinds if len(k) == 3 and k.startswith("/H")]
            for before, after in zip([0, *levels], levels, strict=False):
                assert after <= before + 1, (path.name, levels)
    assert figures >= 5


def _axe(page, also: tuple[str, ...] = ()) -> list[tuple[str, str, list]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING or v["id"] in also
    ]


def test_every_html_handout_passes_axe(built):
    """axe-core finds nothing serious or critical, no skipped heading and no link told by
    colour alone, in any HTML handout."""
    from playwright.sync_api import sync_playwright

    pages = _files(built / "handouts", "*.html", 12)
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page()
        for path in pages:
            page.goto(path.as_uri())
            problems += [(path.name, *found) for found in _axe(page, also=ALSO)]
        browser.close()
    assert [] == problems


def test_deck_slide_by_slide_passes_axe(built):
    """Each slide of a lesson deck, shown in turn with transitions off, passes axe-core,
    and nothing in a hidden slide takes keyboard focus."""
    from playwright.sync_api import sync_playwright

    deck = built / "slides" / "04-bird-dog.trainer.slides.html"
    problems, seen = [], 0
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(deck.as_uri() + "?transition=none")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        total = page.evaluate("() => Reveal.getTotalSlides()")
        assert total >= 8
        for index in range(total):
            if index:
                page.evaluate("() => Reveal.next()")
            # reveal lays a slide out in the next frame: axe reads it after that
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
            problems += [(index, *found) for found in _axe(page)]
            focusable_hidden = page.evaluate(
                """() => [...document.querySelectorAll('.reveal .slides section:not(.present)')]
                .flatMap((s) => [...s.querySelectorAll('a[href], button, input, [tabindex]')])
                .filter((e) => !e.closest('[inert]')).length"""
            )
            assert 0 == focusable_hidden, index
            # a slide made by a split carries more than a line or two under its heading
            continued = page.evaluate(
                """() => { const s = Reveal.getCurrentSlide();
                return s.querySelector('.exl-continued') ? s.scrollHeight : null; }"""
            )
            assert continued is None or continued >= 0.3 * 720, (index, continued)
            seen += 1
        # the standing footer, and the first slide's warning signs, read from the back of a
        # room: 24 px or more at 1280 wide (m9); the first slide is whole, never split
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll(
                '.exl-deck-footer *, .exl-safety-slide li, .exl-safety-slide p')]
            .map((e) => parseFloat(getComputedStyle(e).fontSize)))"""
        )
        assert smallest >= 24
        assert 1 == page.locator(".exl-safety-slide").count()
        # the speaker view's previews (marked "receiver") show the slide, not the footer
        page.goto(deck.as_uri() + "?receiver&transition=none")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert not page.locator(".exl-deck-footer").is_visible()
        browser.close()
    assert total == seen
    assert [] == problems
