"""What a lesson or tool notebook needs, each in one short call: cards, checklists, practice.

A lesson starts with ``lesson = Lesson("04-bird-dog")``; every later cell is one call,
so learners never read more than a line of code, and all content comes from data/.
``TodaySession`` (from ``widgets.today``) puts a routine, the safety checklist, the
player and the pain check together, and records the session. Both record what the learner does to the progress log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML

from .errors import ExercisesError
from .i18n import _
from .loading import course_catalog
from .models import Catalog, Exercise, Routine
from .plan import DONE_TODAY, log_standing
from .recording import SessionRecorder
from .rendering import (
    CARD_CSS,
    ask_first_html,
    avoid_list_html,
    exercise_card_html,
    feel_scale_html,
    flare_up_html,
    floor_safety_html,
    points_html,
    program_html,
    routine_html,
    safety_footer_html,
    safety_html,
    stay_active_html,
    variations_table_html,
    warning_signs_html,
    works_table_html,
)
from .rulebook import starting_dose
from .safetymodels import Point, SafetyRules
from .widgets import (
    FormChecklist,
    PainCheck,
    PracticeTimer,
    QuizWidget,
    ReadinessCheck,
    RegionPicker,
    SafetyChecklist,
    SessionPlayer,
    break_timer,
    hold_timer,
)
from .widgets.checkin import CheckIns
from .widgets.checklists import StandingGate
from .widgets.today import TodaySession

__all__ = ["CheckIns", "Lesson", "TodaySession", "course_catalog"]


def _show_models_as_cards() -> None:
    """In a notebook, an exercise, a routine or the safety rules show as their cards.

    The display lives here, with the course's views, so the domain models import no HTML.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    html = shell.display_formatter.formatters["text/html"]
    html.for_type(Exercise, exercise_card_html)
    html.for_type(Routine, routine_html)
    html.for_type(SafetyRules, safety_html)


_show_models_as_cards()

_DEMO = {"reps": 2, "hold_seconds": 2, "rep_seconds": 2, "recover_seconds": 2}


def _point_cards(points: Sequence[Point]) -> HTML:
    """A card for each point, so a deck can split between them, never inside one."""
    cards = "".join(
        f'<article class="exl-card">{points_html([point])}</article>' for point in points
    )
    return HTML(CARD_CSS + cards)


class Lesson:
    """One lesson's view of the course data."""

    def __init__(self, slug: str, catalog: Catalog | None = None):
        self.slug = slug
        self.catalog = catalog or course_catalog()
        self.safety = self.catalog.safety
        self._checklist: SafetyChecklist | None = None
        # The safety lists this lesson has shown in full so far ("signs", "ask"): once
        # shown, later boxes say them in short on screen (m16); a fresh run shows them whole.
        self._lists_shown: set[str] = set()
        self._pain_check: PainCheck | None = None
        self._recorder: SessionRecorder | None = None

    @property
    def recorder(self) -> SessionRecorder:
        """Saves this lesson's sessions and pain checks to the progress log."""
        if self._recorder is None:
            self._recorder = SessionRecorder()
        return self._recorder

    def card(self, exercise_id: str) -> HTML:
        """The exercise's full card."""
        return HTML(exercise_card_html(self.catalog[exercise_id]))

    def routine(self, routine_id: str) -> HTML:
        return HTML(routine_html(self.catalog.routine(routine_id)))

    def safety_rules(self) -> HTML:
        return HTML(safety_html(self.safety))

    def _box(self, html: str, title: str = "") -> HTML:
        heading = f"<h2>{escape(title)}</h2>" if title else ""
        return HTML(CARD_CSS + f'<article class="exl-card">{heading}{html}</article>')

    def stop_rule(self) -> HTML:
        """See a doctor first, the stop rule, and pain as a signal."""
        s = self.safety
        first, rule, signal = _("See a doctor first"), _("The stop rule"), _("Pain is a signal")
        return self._box(
            f"<h3>{escape(first)}</h3><p>{escape(s.doctor_first)}</p>"
            f'<div class="exl-caution"><h3>{escape(rule)}</h3><p>{escape(s.stop_rule)}</p></div>'
            f"<h3>{escape(signal)}</h3><p>{escape(s.pain_is_a_signal)}</p>"
        )

    def avoid_list(self) -> HTML:
        return self._box(avoid_list_html(self.safety))

    def warning_signs(self) -> HTML:
        """Both levels: the emergency route now, or a doctor the same day, for the region."""
        self._lists_shown.add("signs")
        return self._box(warning_signs_html(self.safety), _("Warning signs"))

    def ask_first(self) -> HTML:
        """Conditions that mean: ask your doctor or physio before you start."""
        title = _("Ask {doctor} or a {physio} first").format(**self.safety.care)
        self._lists_shown.add("ask")
        return self._box(ask_first_html(self.safety), title)

    def how_it_should_feel(self) -> HTML:
        """The green / amber / red scale."""
        return self._box(feel_scale_html(self.safety), _("How it should feel"))

    def stay_active(self) -> HTML:
        """Keep moving, how back pain usually goes, and when to see a GP again."""
        return self._box(stay_active_html(self.safety), _("Stay active"))

    def understanding(self, *ids: str) -> HTML:
        """What is true about back pain: the points named by id (all of them if none),
        each with its source; an unknown id is refused with the valid ones."""
        return _point_cards(self.safety.understanding.chosen(ids))

    def back_to_normal(self, *ids: str) -> HTML:
        """Getting back to housework, lifting, driving, sport, sex and work, step by step;
        the work point names the region's words for a doctor's note."""
        return _point_cards(self.safety.back_to_normal.chosen(ids))

    def flare_up(self) -> HTML:
        """The flare-up plan: what to do on a bad spell, when to get help, how to go back."""
        return self._box(flare_up_html(self.safety, title=False), self.safety.flare_up.title)

    def floor_safety(self) -> HTML:
        """How to get down to the mat and up again."""
        return self._box(floor_safety_html(self.safety), _("Getting down and up safely"))

    def plan(self, program_id: str | None = None) -> HTML:
        """A programme's weeks, doses and rules (the first programme unless one is named)."""
        program = self.catalog.program(program_id or next(iter(self.catalog.programs)))
        return HTML(program_html(program))

    def sitting_note(self) -> HTML:
        return self._box(
            f"<p>{escape(self.safety.sitting_note)}</p>"
            f"<p>{escape(self.safety.not_only_for_pain)}</p>"
        )

    def works_table(self) -> HTML:
        return HTML(works_table_html(self.catalog))

    def variations(self) -> HTML:
        return HTML(variations_table_html(self.catalog))

    def break_timer(self, seconds: float = 60, next_up: str | None = None) -> PracticeTimer:
        """A countdown for a short movement break (up and about, not a rest)."""
        return break_timer(seconds, _("Sit back down") if next_up is None else next_up)

    def safety_checklist(self) -> SafetyChecklist:
        """The lesson's safety checklist; every practice in the lesson waits for it."""
        if self._checklist is None:
            self._checklist = SafetyChecklist(self.safety, shown_above=self._both_lists_shown())
        return self._checklist

    def form_checklist(self, exercise_id: str) -> FormChecklist:
        return FormChecklist(self.catalog[exercise_id])

    def practice(self, exercise_id: str, *, demo: bool = False, **options: Any) -> PracticeTimer:
        """A guided, timed practice at the plan's first dose, the card's full dose as an opt-in.

        An advanced exercise stays locked behind its own "ready" tick box as well as the
        safety checklist. ``demo``: 2 short reps, for a trainer to show the timer.
        """
        exercise = self.catalog[exercise_id]
        dose = starting_dose(self.catalog, exercise)
        if demo:
            changes = {
                k: v for k, v in _DEMO.items() if getattr(dose, k) is not None or k == "reps"
            }
            dose = dose.with_changes(**changes)
        gate: widgets.Widget | StandingGate = self.safety_checklist()
        ready = None
        why = self._rules_say_no([exercise])
        if why:
            gate = StandingGate(why)
        elif exercise.advanced:
            ready = ReadinessCheck(exercise, self.safety_checklist())
            gate = ready
        timer = hold_timer(
            exercise, dose, full=None if demo else exercise.dose, gate=gate, **options
        )
        if ready is not None:
            timer.children = (ready, *timer.children)
        return timer

    def session(self, routine_id: str, **options: Any) -> SessionPlayer:
        """A routine in the session player; a finished session goes to the progress log."""
        routine = self.catalog.routine(routine_id)
        why = self._rules_say_no([i.exercise for i in routine.items])
        gate = StandingGate(why) if why else self.safety_checklist()
        player = SessionPlayer(routine, gate=gate, **options)
        self.recorder.watch_player(player)
        return player

    def _rules_say_no(self, moves: Sequence[Exercise]) -> str:
        """Why the rulebook allows none of these moves now, by the learner's log; '' when
        it allows them. A stopped or paused plan allows only the gentle-day moves; a red or
        amber pain check today, none."""
        try:
            now = log_standing(self.catalog, None, date.today())
        except ExercisesError:
            return ""  # a log that cannot be read is said where the log is shown
        if now is None:
            return ""
        gentle = set(self.safety.rulebook.gentle_day)
        if now.stopped and (now.done_today or any(m.id not in gentle for m in moves)):
            return now.headline  # the stop's own words say most
        return _(DONE_TODAY) if now.done_today else ""

    def pain_check(self) -> PainCheck:
        """The lesson's pain check (before and after); a saved check goes to the progress log."""
        if self._pain_check is None:
            self._pain_check = PainCheck(self.safety)
            self.recorder.watch_pain_check(self._pain_check)
        return self._pain_check

    def pain_before(self) -> widgets.VBox:
        """The pain check's first half, to fill in before Start."""
        return self.pain_check().before_panel

    def pain_after(self) -> widgets.VBox:
        """The pain check's second half, to fill in after the practice."""
        return self.pain_check().after_panel

    def quiz(self) -> QuizWidget:
        """This lesson's self-check questions (from data/quizzes/)."""
        return QuizWidget(self.catalog.quiz(self.slug))

    def region_picker(self) -> RegionPicker:
        """Where you live: the country whose emergency numbers the course shows."""
        return RegionPicker(self.catalog)

    def footer(self) -> HTML:
        """Stop rule, avoid list, both warning levels, "ask first", disclaimer and credit:
        the end of every lesson (the lists in short on screen if shown in full above)."""
        return HTML(safety_footer_html(self.safety, shown_above=self._both_lists_shown()))

    def _both_lists_shown(self) -> bool:
        """Whether both safety lists stood in full above; from now on they have."""
        shown = {"signs", "ask"} <= self._lists_shown
        self._lists_shown |= {"signs", "ask"}
        return shown
