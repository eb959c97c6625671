"""JupyterLab in a real Chromium: lessons run, widgets render, tick and count in the page."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from exercises_lib import load_catalog
from exercises_lib.i18n import SOURCE_LANGUAGE
from exercises_lib.timing import plan_exercise

from ..conftest import DATA
from .helpers import RECORD_SPEECH, open_notebook, run_all, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = 'from exercises_lib.course import Lesson\nlesson = Lesson("03-bird-dog")'


def _open_demo(page, lab_url, course_copy, name: str, widget_call: str) -> None:
    """A small notebook with the safety checklist and one widget, run, with the boxes ticked."""
    write_notebook(
        course_copy / "lessons" / f"{name}.ipynb", [SETUP, "lesson.safety_checklist()", widget_call]
    )
    open_notebook(page, lab_url, f"lessons/{name}.ipynb")
    run_all(page)
    _tick_safety(page)


def _tick_safety(page) -> None:
    boxes = page.locator(".exl-safety-checklist input[type=checkbox]")
    expect(boxes).to_have_count(5)
    for i in range(5):
        boxes.nth(i).check()


def test_lesson_runs_and_renders(page, lab_url, catalog):
    """Lesson 03 runs every cell without an error; its card, checklists, timer and quiz show."""
    open_notebook(page, lab_url, "lessons/03-bird-dog.ipynb")
    run_all(page)
    expect(
        page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    ).to_have_count(0)
    expect(page.locator("article.exl-card[data-exercise='bird-dog']")).to_be_visible()
    # The course's settings keep JupyterLab's news question from covering the lesson.
    expect(page.locator(".jp-Notification-Toast, .Toastify__toast")).to_have_count(0)
    expect(page.locator(".exl-form-checklist")).to_be_visible()
    expect(page.locator(".exl-practice .exl-phase-box")).to_contain_text("Ready")
    choices = sum(len(q.choices) for q in catalog.quiz("03-bird-dog").questions)
    expect(page.locator(".exl-quiz .exl-choice")).to_have_count(choices)
    warnings = page.locator(".exl-safety-checklist .exl-level")
    expect(warnings).to_have_count(2)
    for level, box in zip(catalog.safety.warning_signs.levels, (0, 1), strict=True):
        expect(warnings.nth(box)).to_contain_text(level.heading)
    page.locator("article.exl-card[data-exercise='bird-dog']").scroll_into_view_if_needed()


def test_checklist_gates_start(page, lab_url):
    """Start stays disabled until every safety box is ticked."""
    open_notebook(page, lab_url, "lessons/03-bird-dog.ipynb")
    run_all(page)
    start = page.locator("button.exl-start")
    expect(start).to_be_disabled()
    boxes = page.locator(".exl-safety-checklist input[type=checkbox]")
    for i in range(4):
        boxes.nth(i).check()
    expect(start).to_be_disabled()
    boxes.nth(4).check()
    expect(start).to_be_enabled()
    start.scroll_into_view_if_needed()


def test_voice_coach_speaks_guided_practice(page, lab_url, course_copy):
    """A demo practice counts down in the page to Done with 4 reps, and is heard: hold, side, done."""
    page.add_init_script(RECORD_SPEECH)
    _open_demo(
        page,
        lab_url,
        course_copy,
        "demo-practice",
        'lesson.practice("bird-dog", demo=True, prepare_seconds=1)',
    )
    page.locator("button.exl-start").click()
    box = page.locator(".exl-practice .exl-phase-box")
    expect(box).to_have_attribute("data-phase", "hold", timeout=10_000)
    expect(page.locator(".exl-practice .exl-what")).to_contain_text(
        "switch to the right side", timeout=10_000
    )
    expect(box).to_have_attribute("data-phase", "done", timeout=30_000)
    expect(page.locator(".exl-side-tracker .exl-sides")).to_have_text("Left 2 of 2 · Right 2 of 2")
    expect(page.locator(".exl-rep-counter .exl-reps")).to_have_text("Reps done: 4 of 4")
    plan = plan_exercise(load_catalog(DATA)["bird-dog"])
    prepare, hold, done = plan.phases[0], plan.phases[2], plan.phases[-1]
    assert "hold" == hold.kind
    page.wait_for_function(f"window.__spoken.includes({done.cue!r})", timeout=10_000)
    spoken = page.evaluate("window.__spoken")
    assert spoken[0] == prepare.cue
    held = spoken.index(hold.cue)
    side = next(i for i, words in enumerate(spoken) if "Right side next" in words)
    assert held < side < spoken.index(done.cue)
    assert {SOURCE_LANGUAGE} == set(page.evaluate("window.__spoken_lang"))


def test_session_player_moves_to_next_exercise(page, lab_url, course_copy):
    """The session player goes on to the routine's second exercise."""
    _open_demo(
        page, lab_url, course_copy, "demo-session", 'lesson.session("demo", prepare_seconds=1)'
    )
    expect(page.locator(".exl-player-heading")).to_contain_text("Exercise 1 of 2: Bird Dog")
    page.locator("button.exl-start").click()
    page.locator("button.exl-next-exercise").click()
    expect(page.locator(".exl-player-heading")).to_contain_text(
        "Exercise 2 of 2: Pelvic Tilt", timeout=10_000
    )
    expect(
        page.locator(".exl-player-card article.exl-card[data-exercise='pelvic-tilt']")
    ).to_be_attached()


def test_keyboard_only_start(page, lab_url, course_copy):
    """Tab reaches Start from the checklist, and Space starts the timer."""
    _open_demo(page, lab_url, course_copy, "demo-keys", 'lesson.practice("pelvic-tilt", demo=True)')
    page.locator(".exl-safety-checklist input[type=checkbox]").nth(4).focus()
    expect(page.locator("button.exl-start")).to_be_enabled()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('exl-start')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('exl-start')")
    page.keyboard.press("Space")
    expect(page.locator(".exl-practice .exl-phase-box")).not_to_have_attribute(
        "data-phase", "idle", timeout=5_000
    )


def test_export_menu_lists_handouts(page, lab_url):
    """File → Save and Export Notebook As starts with the handouts, by readable names.

    JupyterLab also lists every nbconvert exporter by its name ('Handout', 'Handout_pdf');
    nbconvert refuses to export through a disabled one, so those stay further down.
    """
    open_notebook(page, lab_url, "lessons/03-bird-dog.ipynb")
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.locator(".lm-Menu-itemLabel", has_text="Save and Export Notebook As").click()
    expect(page.get_by_role("menuitem", name="Handout (PDF)", exact=True)).to_be_visible()
    expect(page.get_by_role("menuitem", name="Handout (HTML)", exact=True)).to_be_visible()
    labels = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    first = labels.index("Handout (HTML)")
    assert ["Handout (HTML)", "Handout (PDF)"] == labels[first : first + 2]
    with urllib.request.urlopen(f"{lab_url}/nbconvert/handout/lessons/03-bird-dog.ipynb") as reply:
        assert "Bird Dog" in reply.read().decode()  # the entry really exports
