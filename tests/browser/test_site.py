"""The static site (`exercises site`): built in a clean folder by the README's command,
served on 127.0.0.1, and run in Chromium with every request off the machine refused.

Each test counts the requests that tried to leave the machine: there must be none.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from exercises_lib.coursefiles import course_dir
from exercises_lib.i18n import _, speaking
from exercises_lib.jupyterlab import menu_words
from exercises_lib.loading import load_catalog
from exercises_lib.regions import REGION_ENV
from exercises_lib.site import COMPUTER_ONLY
from exercises_lib.sitepage import HANDOUTS_FOLDER, handout_files, handouts_in, lab_app
from exercises_lib.timing import CIRCUIT_ROUTINE
from exercises_lib.workspace import START_PAGE, fresh_copy

from .conftest import REPO, _free_port
from .helpers import (
    axe_findings,
    projector_overflow,
    session_and_pain_check,
    start_server,
    stop_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_COMMAND = REPO / ".venv-site" / "bin" / "exercises"
REGION = "ES"
_PYODIDE_AT_REST = re.compile(r"Pyodide.*\| Idle$")
# The notebook on show: after a reload JupyterLite also restores the tabs open before.
_SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"
_ERRORS = ", ".join(
    f"{_SHOWN} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.{kind}']"
    for kind in ("stderr", "error")
)
_SHOWN_RAN = (
    "() => { const prompts = [...document.querySelectorAll("
    f"'{_SHOWN} .jp-CodeCell .jp-InputArea-prompt')];"
    " return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The site, built into an empty folder of its own (`make site` does the same)."""
    if not SITE_COMMAND.exists():
        pytest.fail("no .venv-site: `make test` sets it up (make site-tools)")
    where = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if k != REGION_ENV}
    env["EXERCISES_HOME"] = str(where / "home")  # nothing saved by the builder reaches the site
    # the build's cache is the one `make site` keeps: a second build there takes seconds
    work = REPO / "build" / "site-work"
    command = [str(SITE_COMMAND), "site", "--out", str(where / "site"), "--region", REGION]
    done = subprocess.run(
        [*command, "--work", str(work)],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
    )
    assert 0 == done.returncode, done.stderr[-3000:]
    return where / "site"


@pytest.fixture(scope="module")
def site_url(built, tmp_path_factory) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    server = start_server([*command, "--directory", str(built)], url, log)
    yield url
    stop_server(server)


@pytest.fixture
def offline(browser: Browser, request, shots) -> Iterator[tuple[Page, list[str]]]:
    """A page whose requests off 127.0.0.1 are refused, and the list of those it tried;
    a screenshot of it is saved in ``shots`` after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tried: list[str] = []

    def only_this_machine(route: Route) -> None:
        if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            tried.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    page = context.new_page()
    yield page, tried
    page.screenshot(path=str(shots / f"{request.node.name}.png"))
    context.close()


def _open(page: Page, site_url: str, path: str) -> None:
    page.goto(f"{site_url}/lab/index.html?path={path}")
    expect(page.locator(f"{_SHOWN} .jp-Cell").first).to_be_visible(timeout=60_000)
    idle = page.locator(".jp-StatusBar-TextItem").filter(has_text=_PYODIDE_AT_REST).first
    expect(idle).to_be_visible(timeout=120_000)


def _run_all(page: Page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_SHOWN_RAN, timeout=120_000)
    expect(page.locator(_ERRORS)).to_have_count(0)


@pytest.mark.parametrize(
    "path",
    [
        "lessons/00-start-here.ipynb",
        "lessons/01-safety-first.ipynb",
        "lessons/03-understanding-back-pain.ipynb",
        "notebooks/trainer-circuit.ipynb",  # the circuit runs in the site too
    ],
)
def test_a_notebook_runs_every_cell_in_the_browser(offline, site_url, path):
    page, tried = offline
    _open(page, site_url, path)
    _run_all(page)
    expect(page.locator("aside.exl-footer").first).to_be_visible()
    assert [] == tried


def test_a_session_and_its_pain_check_are_kept_after_a_reload(offline, site_url):
    """Lesson 08's session and pain check are saved to the browser's storage: after a
    reload, the progress notebook's kernel (a new one) finds them in the log."""
    page, tried = offline
    _open(page, site_url, "lessons/08-your-routine.ipynb")
    _run_all(page)
    session_and_pain_check(page, before=3, after=2)
    with speaking("en"):
        drawn = f"{_('before')} 3, {_('after')} 2"  # the pain chart's text for its one day
    chart = page.locator(f"{_SHOWN} svg.exl-chart desc").filter(has_text=drawn)
    # Read back first, in this page: the browser's storage answers a read only after the
    # write before it is done, so the reload below cannot cut that write short.
    _open(page, site_url, "notebooks/progress.ipynb")
    _run_all(page)
    expect(chart).to_have_count(1)
    page.reload()
    _open(page, site_url, "notebooks/progress.ipynb")
    _run_all(page)
    expect(chart).to_have_count(1)
    assert [] == tried


def test_the_spanish_lesson_names_the_sites_region(offline, site_url):
    """Built with --region ES, the Spanish lesson 01 names Spain's emergency number, in
    the Spanish words of the stop rule (its folder says its language)."""
    spanish = load_catalog(lang="es", region=REGION)
    number = spanish.regions[REGION].number
    assert number.isdigit()
    page, tried = offline
    _open(page, site_url, "es/lessons/01-safety-first.ipynb")
    _run_all(page)
    footer = page.locator("aside.exl-footer").first
    expect(footer).to_contain_text(number)
    expect(footer).to_contain_text(spanish.safety.stop_rule[:40])
    assert [] == tried


def test_the_start_page_lists_the_handouts_passes_axe_and_opens_lesson_00_by_keyboard(
    offline, site_url, built
):
    """Each language's handouts are listed by title; axe-core finds nothing serious; the
    first Tab lands on the English Start, and Enter opens lesson 00."""
    page, tried = offline
    page.goto(site_url)
    sections = page.locator("main section")
    expect(sections).to_have_count(2)
    for section, lang in ((sections.nth(0), "en"), (sections.nth(1), "es")):
        titles = [h.title for h in handouts_in(built / "files" / handout_files(lang))]
        assert titles, lang
        expect(section.locator("ul a")).to_have_text(titles)
        expect(section.locator("aside.exl-footer")).to_be_visible()
    assert [] == axe_findings(page, also=("heading-order",))
    page.keyboard.press("Tab")
    with speaking("en"):
        expect(page.locator(":focus")).to_have_text(_("Start the course"))
    page.keyboard.press("Enter")
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    expect(page.get_by_role("tab", name=re.compile("00-start-here"))).to_be_visible()
    assert [] == tried


def test_the_computer_only_tools_say_what_to_do_instead(offline, site_url):
    page, tried = offline
    assert COMPUTER_ONLY
    for path in COMPUTER_ONLY:
        _open(page, site_url, path)
        _run_all(page)
        expect(page.locator(".jp-RenderedMarkdown").first).to_contain_text("README")
    assert [] == tried


def test_the_projector_circuit_fills_720p_with_no_code(offline, site_url):
    """The start page's circuit link (Spanish here) opens the circuit over the whole screen
    at 1280×720: no code or prompt shows, nothing covers or passes the edges, and Tab and
    Enter start it."""
    page, tried = offline
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(site_url)
    with speaking("es"):
        link = page.locator('section[lang="es"]').get_by_role(
            "link", name=_("Open the circuit timer")
        )
    link.click()
    box = page.locator(".exl-projector .exl-phase-box")
    expect(box).to_be_visible(timeout=120_000)
    spanish = load_catalog(lang="es", region=REGION)
    first = spanish.routine(CIRCUIT_ROUTINE).items[0].exercise.name
    expect(box).to_contain_text(first)
    expect(page.locator(".cm-editor:visible, .jp-InputArea:visible")).to_have_count(0)
    whole = page.locator(".exl-projector").evaluate(
        "e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }"
    )
    assert [0, 0, 1280, 720] == whole
    # the bottom line (the stop rule) is on top, not under the console's own panels
    strip = page.locator(".exl-projector .exl-stop-strip")
    expect(strip).to_contain_text(spanish.safety.stop_rule[:40])
    assert strip.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return e.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"
    )
    assert [] == projector_overflow(page)
    assert [] == axe_findings(page, {"include": [[".exl-projector"]]})
    start = page.locator(".exl-projector button.exl-start")
    for _tab in range(12):  # the keyboard reaches Start
        page.keyboard.press("Tab")
        if start.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached Start")
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("data-phase", "prepare", timeout=10_000)
    first_count = int(box.get_attribute("data-seconds") or 0)
    expect(box).not_to_have_attribute("data-seconds", str(first_count), timeout=5_000)
    assert [] == projector_overflow(page)
    assert [] == tried


def test_in_spanish_the_menus_say_what_the_course_tells(offline, site_url):
    """The Spanish Start opens JupyterLab with its menus in Spanish (from the language
    pack), and the item the print notebook names is the one a right-click on a handout
    shows there."""
    page, tried = offline
    label = menu_words("es")("Open in New Browser Tab")
    assert label != "Open in New Browser Tab"
    page.goto(site_url)
    page.locator('section[lang="es"] a.exl-start').click()
    title = fresh_copy(course_dir() / START_PAGE, "es").cells[0].source.splitlines()[0]
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_contain_text(
        title.lstrip("# "), timeout=60_000
    )
    tool = "es/notebooks/print-handouts.ipynb"
    page.goto(f"{site_url}/{lab_app('es')}/index.html?path={tool}")
    expect(page.locator(f"{_SHOWN} .jp-RenderedMarkdown").first).to_contain_text(
        label, timeout=60_000
    )
    # the file browser shows es/notebooks: up to es/, then into the handouts
    page.locator(".jp-BreadCrumbs-item").filter(has_text=re.compile(r"^es$")).click()
    names = page.locator(".jp-DirListing-itemText")
    names.filter(has_text=re.compile(rf"^{HANDOUTS_FOLDER}$")).dblclick()
    handout = names.filter(has_text="exercise-sheet").first
    handout.click(button="right")
    expect(page.locator(".lm-Menu-itemLabel").filter(has_text=label)).to_have_count(1)
    assert [] == tried
