"""The circuit as an app: Voilà serves it with no code, fits a projector, and stays offline."""

from __future__ import annotations

import os
import secrets
import sys
import urllib.request

import pytest
from playwright.sync_api import expect

from exercises_lib import load_catalog
from exercises_lib.timing import plan_circuit

from ..conftest import DATA
from .conftest import _free_port
from .helpers import RECORD_SPEECH, axe_findings, projector_overflow, start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = [(1280, 720), (1920, 1080)]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def voila_url(course_copy, tmp_path_factory):
    """`exercises present` with its defaults on a free localhost port, stopped after the tests."""
    port = _free_port()
    command = [sys.executable, "-m", "exercises_lib", "present", "--no-browser", f"--port={port}"]
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/?token={token}"
    folder = tmp_path_factory.mktemp("voila")
    # EXERCISES_HOME: no other test's settings; JUPYTER_TOKEN: the page's key, as a trainer's
    env = {**os.environ, "EXERCISES_HOME": str(folder / "home"), "JUPYTER_TOKEN": token}
    process = start_server(command, url, folder / "voila.log", cwd=course_copy, env=env)
    yield url
    stop_server(process)


@pytest.fixture
def offline_page(browser):
    """A page whose requests to anywhere but this machine are refused and remembered."""
    pages, outside = [], []

    def open_page(width: int, height: int):
        page = browser.new_page(viewport={"width": width, "height": height})

        def guard(route):
            if route.request.url.startswith(LOCAL):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        pages.append(page)
        return page

    yield open_page, outside
    for page in pages:
        page.close()


def test_page_has_no_code(voila_url):
    """The served page carries the widget and none of the notebook's code."""
    with urllib.request.urlopen(voila_url, timeout=60) as response:
        html = response.read().decode()
    assert 200 == response.status
    assert "from exercises_lib" not in html
    assert "CircuitTimer(course_catalog()" not in html


@pytest.mark.parametrize("size", SIZES, ids=["720p", "1080p"])
def test_circuit_fits_the_projector_offline(offline_page, voila_url, size, shots):
    """At projector sizes the starter circuit fits the screen before and after Start, offline."""
    open_page, outside = offline_page
    page = open_page(*size)
    page.add_init_script(RECORD_SPEECH)
    page.goto(voila_url)
    box = page.locator(".exl-projector .exl-phase-box")
    expect(box).to_be_visible(timeout=60_000)
    expect(box).to_contain_text("First station: Pelvic Tilt")
    expect(page.locator(".jp-InputArea-editor, .cm-editor, .CodeMirror")).to_have_count(0)
    expect(page.locator(".jp-MarkdownOutput")).to_have_count(0)
    picked = page.locator(".exl-circuit-settings select option:checked").all_inner_texts()
    starter = load_catalog(DATA).routine("starter")
    assert {i.exercise.name for i in starter.items} == {" ".join(label.split()) for label in picked}
    start = page.locator(".exl-projector button.exl-start")
    expect(start).to_be_in_viewport()
    assert [] == projector_overflow(page)

    start.focus()
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("data-phase", "prepare", timeout=10_000)
    expect(page.locator(".exl-circuit-settings")).to_be_hidden()
    # The room hears the circuit too: the same voice coach as every timer.
    page.wait_for_function("window.__spoken.length > 0", timeout=10_000)
    assert plan_circuit(starter.items).phases[0].cue == page.evaluate("window.__spoken[0]")
    first = int(box.get_attribute("data-seconds"))
    expect(box).not_to_have_attribute("data-seconds", str(first), timeout=5_000)
    assert int(box.get_attribute("data-seconds")) < first
    for part in (".exl-phase-word", ".exl-count", ".exl-what", ".exl-where", "button.exl-pause"):
        expect(page.locator(f".exl-projector {part}")).to_be_in_viewport()
    assert [] == projector_overflow(page)
    # nothing of the display is cut off by its row
    row = page.locator(".exl-projector .exl-display-row")
    assert row.evaluate("(e) => e.scrollHeight <= e.clientHeight + 1")
    count_px = page.locator(".exl-projector .exl-count").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert count_px >= 0.2 * size[1]
    page.screenshot(path=str(shots / f"circuit-{size[0]}x{size[1]}.png"))
    # a station with an easier rung shows it under the timer, and all still fits
    catalog = load_catalog(DATA)
    phases = plan_circuit(starter.items).phases
    at = next(i for i, p in enumerate(phases) if catalog[p.exercise_id].card_rung > 0)
    # paused first, so no phase ends by itself between the clicks and each skip moves one
    page.locator(".exl-projector button.exl-pause").click()
    expect(box).to_have_attribute("data-phase", "paused", timeout=5_000)
    skip = page.locator(".exl-projector button.exl-skip")
    for _ in range(at):
        skip.click()
    easier = page.locator(".exl-projector .exl-station-easier")
    expect(easier).to_contain_text("Too much?", timeout=10_000)
    expect(easier).to_be_in_viewport()
    assert [] == projector_overflow(page)
    page.screenshot(path=str(shots / f"circuit-easier-{size[0]}x{size[1]}.png"))
    assert row.evaluate("(e) => e.scrollHeight <= e.clientHeight + 1")
    easier_px = easier.locator("p").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert easier_px >= 24  # read from the back of a room
    page.screenshot(path=str(shots / f"circuit-easier-{size[0]}x{size[1]}.png"))
    assert [] == outside


def test_open_settings_cover_the_timer_and_fit_720p(offline_page, voila_url):
    """At 1280×720, open settings hide the timer and show every field and Build; Build brings it back."""
    open_page, _ = offline_page
    page = open_page(1280, 720)
    page.goto(voila_url)
    box = page.locator(".exl-projector .exl-phase-box")
    expect(box).to_be_visible(timeout=60_000)
    page.locator(".exl-circuit-settings .jupyter-widget-Collapse-header").first.click()
    build = page.locator(".exl-projector .exl-build-circuit")
    expect(build).to_be_in_viewport()
    expect(box).to_be_hidden()
    expect(page.locator(".exl-projector")).to_contain_text("The timer is hidden")
    assert [] == projector_overflow(page)
    build.click()
    expect(box).to_be_visible(timeout=10_000)
    expect(page.locator(".exl-projector button.exl-start")).to_be_in_viewport()


def test_projector_page_is_named_landmarked_and_passes_axe(offline_page, voila_url):
    """The page has a title and a main landmark, passes axe-core before and while the
    circuit runs, and Enter on Start hands keyboard focus to Pause."""
    open_page, _ = offline_page
    page = open_page(1280, 720)
    page.add_init_script(RECORD_SPEECH)
    page.goto(voila_url)
    box = page.locator(".exl-projector .exl-phase-box")
    expect(box).to_be_visible(timeout=60_000)
    starter = load_catalog(DATA).routine("starter")
    assert starter.name in page.title()
    expect(page.locator("main .exl-projector")).to_have_count(1)
    assert [] == axe_findings(page)
    page.locator(".exl-projector button.exl-start").focus()
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("data-phase", "prepare", timeout=10_000)
    page.wait_for_function("document.activeElement.classList.contains('exl-pause')")
    assert [] == axe_findings(page)
