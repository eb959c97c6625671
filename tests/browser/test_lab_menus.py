"""The course's hints name JupyterLab's menus as a learner sees them, in each language.

JupyterLab's Spanish menus are half English (the upstream language pack leaves "Run",
"Save and Export Notebook As" and the "and" of a composed item untranslated), so the
Spanish hints say what is on screen. Each hint's path is walked in a real JupyterLab.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from .conftest import REPO
from .helpers import open_notebook

pytestmark = pytest.mark.browser

# A bold menu path in a lesson, "**Run → Run All Cells**"; a message that is only a path.
_BOLD_PATH = re.compile(r"\*\*([^*\n]+? → [^*\n]+?)\*\*")
_CATALOGUE = REPO / "exercises_lib" / "locale" / "es" / "LC_MESSAGES" / "exercises.po"


def _paths_in(text: str) -> set[tuple[str, ...]]:
    return {tuple(part.strip() for part in m.split("→")) for m in _BOLD_PATH.findall(text)}


def _menu_paths(lang: str) -> set[tuple[str, ...]]:
    """Every menu path the course names in ``lang``: lessons, tool notebooks, catalogue."""
    with _CATALOGUE.open("rb") as po:
        messages = [m for m in read_po(po) if isinstance(m.id, str) and "→" in m.id]
    paths: set[tuple[str, ...]] = set()
    if lang == "en":
        for notebook in sorted([*REPO.glob("lessons/*.ipynb"), *REPO.glob("notebooks/*.ipynb")]):
            for cell in nbformat.read(notebook, as_version=4).cells:
                paths |= _paths_in(cell.source)
        texts = [m.id for m in messages]
    else:
        for words in sorted(REPO.glob(f"*/locales/{lang}/*.yaml")):
            paths |= _paths_in(words.read_text(encoding="utf-8"))
        texts = [m.string for m in messages]
    paths |= {tuple(part.strip() for part in text.split("→")) for text in texts if text}
    return paths


def _label(step: str) -> re.Pattern[str]:
    """A menu label as shown: JupyterLab adds "…" to an item that asks something first."""
    return re.compile(rf"^{re.escape(step)}…?$")


def _missing_step(page: Page, path: tuple[str, ...]) -> str:
    """Opens each step of ``path`` as a learner would, the menu bar's title by a click and
    each item by pointing at it (a submenu opens so); returns the first step not found."""
    title = page.locator(".lm-MenuBar-item").filter(
        has=page.locator(".lm-MenuBar-itemLabel", has_text=_label(path[0]))
    )
    if title.count() != 1:
        return path[0]
    title.click()
    for step in path[1:]:
        menu = page.locator(".lm-Menu").last
        menu.wait_for()
        item = menu.locator(".lm-Menu-item").filter(
            has=page.locator(".lm-Menu-itemLabel", has_text=_label(step))
        )
        if item.count() != 1:
            return step
        opened = page.locator(".lm-Menu").count()
        item.hover()
        if item.get_attribute("data-type") == "submenu":  # wait for it to open
            expect(page.locator(".lm-Menu")).to_have_count(opened + 1)
    return ""


def _missing(page: Page, paths: set[tuple[str, ...]]) -> list[str]:
    assert paths
    missing = []
    for path in sorted(paths):
        step = _missing_step(page, path)
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        if step:
            missing.append(f"{' → '.join(path)}: no {step!r}")
    return missing


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_menu_path_the_course_names_is_on_screen(lang, request, page):
    lab = request.getfixturevalue("lab_url" if lang == "en" else "spanish_lab_url")
    open_notebook(page, lab, "lessons/04-bird-dog.ipynb")
    paths = _menu_paths(lang)
    # The run line, the restart and the handout export are all named, in both languages.
    assert len(paths) >= 3, paths
    assert [] == _missing(page, paths)
