"""JupyterLab in a real Chromium: lessons run, widgets render, tick and count in the page."""

from __future__ import annotations

import re
import urllib.request

import nbformat
import pytest
from playwright.sync_api import expect

from exercises_lib import load_catalog
from exercises_lib.i18n import SOURCE_LANGUAGE
from exercises_lib.timing import plan_exercise

from ..conftest import DATA
from .helpers import RECORD_SPEECH, axe_findings, open_notebook, run_all, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = 'from exercises_lib.course import Lesson\nlesson = Lesson("04-bird-dog")'


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
    # the kernel has seen every tick once Start says it is ready
    expect(page.locator("button.exl-start").first).to_have_attribute("aria-disabled", "false")


def test_lesson_runs_and_renders(page, lab_url, catalog):
    """Lesson 04 runs every cell without an error; its card, checklists, timer and quiz show."""
    open_notebook(page, lab_url, "lessons/04-bird-dog.ipynb")
    run_all(page)
    expect(
        page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    ).to_have_count(0)
    expect(page.locator("article.exl-card[data-exercise='bird-dog']")).to_be_visible()
    # The course's settings keep JupyterLab's news question from covering the lesson.
    expect(page.locator(".jp-Notification-Toast, .Toastify__toast")).to_have_count(0)
    expect(page.locator(".exl-form-checklist")).to_be_visible()
    expect(page.locator(".exl-practice .exl-phase-box")).to_contain_text("Ready")
    choices = sum(len(q.choices) for q in catalog.quiz("04-bird-dog").questions)
    expect(page.locator(".exl-quiz .exl-choice")).to_have_count(choices)
    warnings = page.locator(".exl-safety-checklist .exl-level")
    expect(warnings).to_have_count(2)
    for level, box in zip(catalog.safety.warning_signs.levels, (0, 1), strict=True):
        expect(warnings.nth(box)).to_contain_text(level.heading)
    page.locator("article.exl-card[data-exercise='bird-dog']").scroll_into_view_if_needed()


def test_checklist_gates_start(page, lab_url):
    """Start says it is not ready (aria-disabled) until every safety box is ticked."""
    open_notebook(page, lab_url, "lessons/04-bird-dog.ipynb")
    run_all(page)
    start = page.locator("button.exl-start")
    expect(start).to_have_attribute("aria-disabled", "true")
    boxes = page.locator(".exl-safety-checklist input[type=checkbox]")
    for i in range(4):
        boxes.nth(i).check()
    start.click(force=True)  # a click on a Start that is not ready yet changes nothing
    expect(page.locator(".exl-practice .exl-phase-box")).to_have_attribute("data-phase", "idle")
    boxes.nth(4).check()
    expect(start).to_have_attribute("aria-disabled", "false")
    start.scroll_into_view_if_needed()


def _active(page) -> str:
    """The focused element, as a short description: tag, then its exl- classes."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        const own = [...e.classList].filter((c) => c.startsWith("exl-")).join(".");
        return e.tagName.toLowerCase() + (own ? "." + own : "") + (e.type ? ":" + e.type : ""); }"""
    )


def test_keyboard_only_walkthrough_of_lesson_03(page, lab_url, catalog):
    """Tab and Space tick the checklist; Tab reaches Start at once; Enter starts and focus
    moves to Pause; Space and the P key pause and resume; Reset hands focus back to Start."""
    open_notebook(page, lab_url, "lessons/04-bird-dog.ipynb")
    run_all(page)
    boxes = page.locator(".exl-safety-checklist input[type=checkbox]")
    expect(boxes).to_have_count(len(catalog.safety.checklist))
    boxes.nth(0).focus()
    for i in range(len(catalog.safety.checklist)):
        assert "input:checkbox" == _active(page)
        page.keyboard.press("Space")
        expect(boxes.nth(i)).to_be_checked()
        if i + 1 < len(catalog.safety.checklist):
            page.keyboard.press("Tab")
    # No wait for the kernel: Start is in the Tab order from the start.
    for _step in range(30):
        page.keyboard.press("Tab")
        if "exl-start" in _active(page):
            break
        assert "exl-voice" not in _active(page), "Tab went past Start"
    assert "button.exl-start.exl-big" == _active(page).split(":")[0]
    page.keyboard.press("Enter")
    box = page.locator(".exl-practice .exl-phase-box")
    expect(box).not_to_have_attribute("data-phase", "idle", timeout=5_000)
    page.wait_for_function("document.activeElement.classList.contains('exl-pause')")
    page.keyboard.press("Space")
    expect(box).to_have_attribute("data-phase", "paused", timeout=5_000)
    assert "exl-pause" in _active(page)
    page.keyboard.press("p")
    expect(box).not_to_have_attribute("data-phase", "paused", timeout=5_000)
    assert "P" == page.locator("button.exl-pause").get_attribute("aria-keyshortcuts")
    for _step in range(4):
        page.keyboard.press("Tab")
        if "exl-reset" in _active(page):
            break
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("data-phase", "idle", timeout=5_000)
    page.wait_for_function("document.activeElement.classList.contains('exl-start')")


def test_live_region_lives_on_and_speaks_changes(page, lab_url, course_copy):
    """The timer's one live region is the same element after ticks, and its words change;
    the caption shows the coach's words with the voice off."""
    _open_demo(
        page,
        lab_url,
        course_copy,
        "demo-live",
        'lesson.practice("bird-dog", demo=True, prepare_seconds=1, voice=False)',
    )
    live = page.locator(".exl-practice [role=status][aria-live=polite]")
    expect(live).to_have_count(1)
    live.evaluate("(e) => { e.dataset.tagged = 'yes'; }")
    page.locator("button.exl-start").click()
    box = page.locator(".exl-practice .exl-phase-box")
    expect(box).to_have_attribute("data-phase", "hold", timeout=10_000)
    first = int(box.get_attribute("data-seconds"))
    expect(box).not_to_have_attribute("data-seconds", str(first), timeout=5_000)
    expect(live).to_have_attribute("data-tagged", "yes")
    expect(live).not_to_have_text("")
    count = page.locator(".exl-practice .exl-count")
    expect(count).to_have_attribute("role", "timer")
    expect(count).to_have_attribute("aria-label", re.compile(r"^\d+ seconds? left$"))
    expect(page.locator(".exl-practice .exl-caption")).not_to_have_text("")


RECORD_TONES = """
window.__tones = 0;
const RealAudio = window.AudioContext;
window.AudioContext = class extends RealAudio {
  createOscillator() { window.__tones += 1; return super.createOscillator(); }
};
if (window.speechSynthesis) window.speechSynthesis.getVoices = () => [];
"""


def test_still_quiet_and_high_contrast_timer(page, lab_url, course_copy):
    """With reduced motion the figure stands still and nothing pulses; with forced colours
    the phase box keeps its border; with no voices the coach plays its tone, and the focus
    ring is a 3 px navy outline."""
    page.emulate_media(reduced_motion="reduce", forced_colors="active")
    page.add_init_script(RECORD_TONES)
    _open_demo(
        page,
        lab_url,
        course_copy,
        "demo-still",
        'lesson.practice("bird-dog", demo=True, prepare_seconds=1)',
    )
    start = page.locator("button.exl-start")
    start.focus()
    page.keyboard.press("Enter")
    box = page.locator(".exl-practice .exl-phase-box")
    expect(box).to_have_attribute("data-phase", "hold", timeout=10_000)
    page.wait_for_function(
        """() => { const svgs = [...document.querySelectorAll('.exl-practice .exl-figure-view svg')];
        return svgs.length > 0 && svgs.every((s) => s.animationsPaused()); }"""
    )
    assert "none" == box.evaluate("(e) => getComputedStyle(e).animationName")
    assert "none" != box.evaluate("(e) => getComputedStyle(e).borderTopStyle")
    page.wait_for_function("window.__tones > 0", timeout=5_000)
    page.wait_for_function("document.activeElement.classList.contains('exl-pause')")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ["solid", "3px"] == ring


def test_course_output_passes_axe_after_run_all(page, lab_url):
    """axe-core finds nothing serious or critical, and no skipped heading, in lesson 04's
    own outputs and text."""
    open_notebook(page, lab_url, "lessons/04-bird-dog.ipynb")
    run_all(page)
    expect(page.locator(".exl-practice .exl-phase-box")).to_have_count(1)
    context = {"include": [[".jp-OutputArea-output"], [".jp-MarkdownOutput"]]}
    # headings never skip a level either (axe calls that moderate)
    assert [] == axe_findings(page, context, also=("heading-order",))


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
    # as a learner would: the timer is running before Next exercise is pressed
    expect(page.locator(".exl-practice .exl-phase-box")).not_to_have_attribute(
        "data-phase", "idle", timeout=10_000
    )
    page.locator("button.exl-next-exercise").click()
    expect(page.locator(".exl-player-heading")).to_contain_text(
        "Exercise 2 of 2: Pelvic Tilt", timeout=10_000
    )
    expect(
        page.locator(".exl-player-card article.exl-card[data-exercise='pelvic-tilt']")
    ).to_be_attached()


def test_export_menu_lists_the_handouts_once(page, lab_url):
    """File → Save and Export Notebook As lists the two handouts once each, by the names
    JupyterLab gives every nbconvert exporter (the course adds no second set), and the
    entry really exports."""
    open_notebook(page, lab_url, "lessons/04-bird-dog.ipynb")
    # JupyterLab adds the exporters' entries once it has asked the server for them, and
    # adding them closes an open menu: open it again until they are in it.
    last = page.get_by_role("menuitem", name="Handout_pdf", exact=True)
    for _attempt in range(3):
        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="File", exact=True).click()
        page.locator(".lm-Menu-itemLabel", has_text="Save and Export Notebook As").click()
        try:
            expect(last).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            continue
    labels = page.locator(".lm-Menu").last.locator(".lm-Menu-itemLabel").all_inner_texts()
    assert "HTML" in labels  # the export submenu, with nbconvert's own entries
    assert ["Handout", "Handout_pdf"] == [t for t in labels if "andout" in t]
    with urllib.request.urlopen(f"{lab_url}/nbconvert/handout/lessons/04-bird-dog.ipynb") as reply:
        assert "Bird Dog" in reply.read().decode()  # the entry really exports


def test_todays_session_obeys_a_stopped_plan(page, lab_url, course_copy, catalog):
    """Over a log with pain past the stop rule, Today's session shows why, keeps the routines
    to the gentle day, and its start button asks for a doctor's or physio's yes first."""
    db = course_copy / "lessons" / "stopped-log.sqlite"
    setup = (
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from exercises_lib.course import TodaySession, course_catalog\n"
        "from exercises_lib.progress import ProgressLog, noon_stamp\n"
        f"db = Path({str(db)!r})\n"
        "with ProgressLog(db) as log:\n"
        "    log.start_plan('six-weeks', date(2026, 8, 3))\n"
        "    log.add('bird-dog', reps=3, logged_at=noon_stamp(date(2026, 8, 4)))\n"
        "    log.add_pain_check(2, 3, stop_rule=True, checked_at=noon_stamp(date(2026, 8, 4)))"
    )
    write_notebook(
        course_copy / "lessons" / "stopped.ipynb",
        [setup, "TodaySession(course_catalog(), db=db, today=date(2026, 8, 10))"],
    )
    open_notebook(page, lab_url, "lessons/stopped.ipynb")
    run_all(page)
    alert = page.locator(".exl-today .exl-plan-box [role=alert]")
    expect(alert).to_contain_text(f"more than {catalog.safety.stop_minutes} minutes")
    expect(alert).to_contain_text("not bed rest")
    picker = page.locator(".exl-today .exl-routine-picker select")
    expect(picker.locator("option")).to_have_count(1)
    expect(picker.locator("option")).to_have_text("A gentle day")
    expect(page.locator(".exl-today")).to_contain_text("only the gentle day")
    expect(page.get_by_role("button", name=re.compile("only after a doctor"))).to_be_visible()
    page.locator(".exl-today .exl-plan-box").scroll_into_view_if_needed()


def test_todays_morning_question_and_walk_work_from_the_keyboard(page, lab_url, course_copy):
    """The morning after a session, Today's session asks how the back is, and offers the
    plan's walk: Tab reaches each answer and the minutes box, Enter saves, and the plan's
    box counts the minutes, while the session below stays as it was."""
    db = course_copy / "lessons" / "walk-log.sqlite"
    setup = (
        "from datetime import date, timedelta\n"
        "from pathlib import Path\n"
        "from exercises_lib.course import TodaySession, course_catalog\n"
        "from exercises_lib.progress import ProgressLog, noon_stamp\n"
        f"db = Path({str(db)!r})\n"
        "today = date.today()\n"
        "with ProgressLog(db) as log:\n"
        "    log.start_plan('six-weeks', today - timedelta(days=1))\n"
        "    log.add('bird-dog', reps=3, logged_at=noon_stamp(today - timedelta(days=1)))"
    )
    write_notebook(
        course_copy / "lessons" / "walk.ipynb",
        [setup, "TodaySession(course_catalog(), db=db)"],
    )
    open_notebook(page, lab_url, "lessons/walk.ipynb")
    run_all(page)
    minutes = load_catalog(DATA).program("six-weeks").week(1).walk_minutes
    walk = page.locator(".exl-today .exl-walk-log")
    expect(page.locator(".exl-today .exl-plan-box")).to_contain_text(
        f"Walk {minutes} minutes today"
    )
    expect(walk.locator(".exl-walk-minutes input")).to_have_value(str(minutes))
    morning = page.locator(".exl-today .exl-morning-check")
    morning.get_by_role("button", name="Yes, worse than usual").focus()
    page.keyboard.press("Tab")
    assert "button" == _active(page).split(":")[0]
    page.keyboard.press("Enter")
    expect(morning.locator("[role=status]")).to_contain_text("Saved")
    box = walk.locator(".exl-walk-minutes input")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    assert "button.exl-save-walk" == _active(page).split(":")[0]
    page.keyboard.press("Enter")
    expect(walk.locator("[role=status]")).to_contain_text("Saved: 12 min")
    expect(page.locator(".exl-today .exl-plan-box")).to_contain_text("Walked today: 12 min")
    walk.scroll_into_view_if_needed()


def test_the_timer_buttons_stay_put_from_phase_to_phase(page, lab_url, course_copy):
    """m10: Pause is where it was when the box goes from getting into position (its
    longest words) to the reps, so a mouse finds it without looking again."""
    _open_demo(
        page, lab_url, course_copy, "steady-buttons", 'lesson.session("demo", prepare_seconds=2)'
    )
    page.locator("button.exl-start").first.click()
    box = page.locator(".exl-practice .exl-phase-box").first
    expect(box).to_have_attribute("data-phase", "prepare", timeout=10_000)
    pause = page.locator("button.exl-pause").first
    where = pause.bounding_box()
    expect(box).not_to_have_attribute("data-phase", "prepare", timeout=10_000)
    later = pause.bounding_box()
    assert where is not None and later is not None
    assert abs(later["y"] - where["y"]) <= 2, (where["y"], later["y"])


def test_a_check_in_is_filled_in_from_todays_session(page, lab_url, course_copy):
    """When goals and the PEG are due, Today's session folds them into a box: open it,
    name a goal and score it, answer the PEG's questions with its number buttons, save,
    and the page says what the score means."""
    db = course_copy / "lessons" / "check-in-log.sqlite"
    peg = load_catalog(DATA).measure("peg")
    answers = peg.examples[0]["answers"]
    setup = (
        "from datetime import date, timedelta\n"
        "from pathlib import Path\n"
        "from exercises_lib.course import TodaySession, course_catalog\n"
        "from exercises_lib.progress import ProgressLog\n"
        f"db = Path({str(db)!r})\n"
        "with ProgressLog(db) as log:\n"
        "    log.start_plan('six-weeks', date.today() - timedelta(days=2))"
    )
    write_notebook(
        course_copy / "lessons" / "check-in.ipynb",
        [setup, "TodaySession(course_catalog(), db=db)"],
    )
    open_notebook(page, lab_url, "lessons/check-in.ipynb")
    run_all(page)
    box = page.locator(".exl-today .exl-check-ins")
    page.get_by_text("Check-in due", exact=False).first.click()
    expect(box).to_be_visible()
    box.locator(".exl-goal-text input").first.fill("carry the shopping")
    box.locator(".exl-goal-score select").first.select_option(label="4")
    box.locator("button.exl-save-goals").click()
    expect(box.locator("[role=status]").first).to_contain_text("Saved")
    questions = box.locator(".exl-question")
    expect(questions).to_have_count(
        len(peg.items) + len(load_catalog(DATA).measure("start-back").items)
    )
    for index, item in enumerate(peg.items):
        questions.nth(index).get_by_role("button", name=str(answers[item.id]), exact=True).click()
    box.locator("button.exl-save-check-in").first.click()
    expect(box).to_contain_text(f"Your PEG score is {peg.examples[0]['score']:g}")
    box.locator("button.exl-save-check-in").first.scroll_into_view_if_needed()


def test_a_learners_copy_opens_unchanged(page, lab_url, course_copy):
    """The copy `exercises lab` makes carries the language its kernel reports, so opening
    it leaves no unsaved mark on its tab (m17); the course's own file, without it, gets one."""
    from exercises_lib.coursefiles import read_notebook
    from exercises_lib.workspace import learner_copy

    source = course_copy / "lessons" / "04-bird-dog.ipynb"
    fresh = course_copy / "lessons" / "copy-of-04.ipynb"
    nbformat.write(learner_copy(read_notebook(source)), fresh)
    open_notebook(page, lab_url, "lessons/copy-of-04.ipynb")
    expect(page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text("copy-of-04")
    expect(page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(0)
    open_notebook(page, lab_url, "lessons/04-bird-dog.ipynb")
    expect(page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(1)
