"""The circuit timer as an app: Voilà serves it with no code, and it counts down in the page."""

from __future__ import annotations

import os
import sys
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import SHOTS, _free_port
from .helpers import start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def voila_url(course_copy, tmp_path_factory):
    """`exercises present` on a free localhost port, stopped after the tests."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "exercises_lib",
        "present",
        "--no-browser",
        f"--port={port}",
        "--notebook",
        str(course_copy / "notebooks" / "trainer-circuit.ipynb"),
    ]
    url = f"http://127.0.0.1:{port}/"
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    process = start_server(command, url, log_path, cwd=course_copy, env=os.environ.copy())
    yield url
    stop_server(process)


def test_page_has_no_code(voila_url):
    """The served page carries the widget and none of the notebook's code."""
    with urllib.request.urlopen(voila_url, timeout=60) as response:
        html = response.read().decode()
    assert 200 == response.status
    assert "from exercises_lib" not in html
    assert "CircuitTimer(load_catalog()" not in html


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_circuit_counts_down_on_the_projector(browser, voila_url, size):
    """At projector sizes the circuit shows big, starts from the keyboard and counts down."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(voila_url)
    box = page.locator(".exl-circuit .exl-phase-box")
    expect(box).to_be_visible(timeout=60_000)
    expect(page.locator(".jp-InputArea-editor, .cm-editor, .CodeMirror")).to_have_count(0)
    start = page.locator(".exl-circuit button.exl-start")
    start.focus()
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("data-phase", "prepare", timeout=10_000)
    first = int(box.get_attribute("data-seconds"))
    expect(box).not_to_have_attribute("data-seconds", str(first), timeout=5_000)
    assert int(box.get_attribute("data-seconds")) < first
    count_px = page.locator(".exl-circuit .exl-count").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert count_px >= 0.2 * size[1]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"circuit-{size[0]}x{size[1]}.png"))
    page.close()
