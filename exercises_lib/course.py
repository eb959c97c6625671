"""What a lesson notebook needs, each in one short call: cards, checklists, practice, quiz.

A lesson starts with ``lesson = Lesson("03-bird-dog")``; every later cell is one call,
so learners never read more than a line of code, and all content comes from data/.
"""

from __future__ import annotations

from IPython.display import HTML

from .loading import load_catalog
from .models import Catalog
from .recording import SessionRecorder
from .rendering import (
    CARD_CSS,
    avoid_list_html,
    exercise_card_html,
    red_flags_html,
    routine_html,
    safety_footer_html,
    safety_html,
    variations_table_html,
    works_table_html,
)
from .userdata import user_routines_dir
from .widgets import (
    FormChecklist,
    PainCheck,
    PracticeTimer,
    QuizWidget,
    SafetyChecklist,
    SessionPlayer,
    hold_timer,
    rest_timer,
)

__all__ = ["Lesson", "course_catalog"]

_DEMO = {"reps": 2, "hold_seconds": 2, "rep_seconds": 2, "recover_seconds": 2}


def course_catalog() -> Catalog:
    """The course's catalog plus the routines the learner saved with the builder."""
    return load_catalog(routine_dirs=[user_routines_dir()])


class Lesson:
    """One lesson's view of the course data."""

    def __init__(self, slug: str, catalog: Catalog | None = None):
        self.slug = slug
        self.catalog = catalog or load_catalog()
        self.safety = self.catalog.safety
        self._checklist: SafetyChecklist | None = None
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

    def avoid_list(self) -> HTML:
        return HTML(
            CARD_CSS + f'<section class="exl-card">{avoid_list_html(self.safety)}</section>'
        )

    def red_flags(self) -> HTML:
        return HTML(CARD_CSS + f'<section class="exl-card">{red_flags_html(self.safety)}</section>')

    def works_table(self) -> HTML:
        return HTML(works_table_html(self.catalog))

    def variations(self) -> HTML:
        return HTML(variations_table_html(self.catalog))

    def break_timer(self, seconds: float = 60, next_up: str = "Sit back down") -> PracticeTimer:
        """A countdown for a short movement break."""
        return rest_timer(seconds, next_up)

    def safety_checklist(self) -> SafetyChecklist:
        """The lesson's safety checklist; every practice in the lesson waits for it."""
        if self._checklist is None:
            self._checklist = SafetyChecklist(self.safety)
        return self._checklist

    def form_checklist(self, exercise_id: str) -> FormChecklist:
        return FormChecklist(self.catalog[exercise_id])

    def practice(self, exercise_id: str, *, demo: bool = False, **options: object) -> PracticeTimer:
        """A guided, timed practice at the exercise's dose (``demo``: 2 short reps)."""
        exercise = self.catalog[exercise_id]
        dose = exercise.dose
        if demo:
            changes = {
                k: v for k, v in _DEMO.items() if getattr(dose, k) is not None or k == "reps"
            }
            dose = dose.with_changes(**changes)
        return hold_timer(exercise, dose, gate=self.safety_checklist(), **options)

    def session(self, routine_id: str, **options: object) -> SessionPlayer:
        return SessionPlayer(
            self.catalog.routine(routine_id), gate=self.safety_checklist(), **options
        )

    def pain_check(self) -> PainCheck:
        return PainCheck(self.safety)

    def quiz(self) -> QuizWidget:
        """This lesson's self-check questions (from data/quizzes/)."""
        return QuizWidget(self.catalog.quiz(self.slug))

    def footer(self) -> HTML:
        """Stop rule, avoid list, disclaimer and credit: the end of every lesson."""
        return HTML(safety_footer_html(self.safety))
