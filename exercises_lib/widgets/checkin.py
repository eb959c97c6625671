"""The check-in: the learner's own goals and the questionnaires, filled in on the page.

Goals are the course's own words: up to ``GOALS_MAX`` everyday activities the back makes
hard, each scored from 0 to 10. A questionnaire is shown word for word, with its owner's
notice, in English with a note in other languages. What is saved here is what the plan's
reviews, the progress page and `exercises log summary` read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import ExercisesError
from ..i18n import _, current_language
from ..measures import ENGLISH_ONLY, GOAL_SCORE_RANGE, GOALS_MAX, Item, Measure
from ..models import Catalog
from ..outcomes import Outcomes, read_outcomes, score_words
from ..progress import ProgressLog, default_db_path
from ._base import said_html

__all__ = ["CheckIns", "GoalsForm", "QuestionnaireForm"]


def _outcomes(catalog: Catalog, db: Path | None, day: date) -> Outcomes:
    """What the log holds so far, read without creating a log that is not there yet."""
    path = db or default_db_path()
    if not path.exists():
        return Outcomes((), {}, catalog.measures)
    with ProgressLog(path, readonly=True) as log:
        return read_outcomes(log, catalog, day)


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{escape(text)}</h3>")


class GoalsForm(widgets.VBox):
    """Up to GOALS_MAX goals, each a few words and a score; one button saves them all."""

    def __init__(
        self, outcomes: Outcomes, db: Path | None, day: date, on_saved: Callable[[], object]
    ):
        self.db, self.day, self.on_saved = db, day, on_saved
        current = {line.goal.slot: line.goal for line in outcomes.goals}
        low, high = GOAL_SCORE_RANGE
        scores = [(_("not scored"), None), *((str(n), n) for n in range(low, high + 1))]
        self.activities, self.scores = [], []
        rows = []
        for slot in range(1, GOALS_MAX + 1):
            goal = current.get(slot)
            text = widgets.Text(
                value=goal.activity if goal else "",
                placeholder=_("e.g. carry the shopping"),
                description=_("Goal {slot}").format(slot=slot),
                layout={"width": "28em", "max_width": "100%"},
            )
            text.add_class("exl-goal-text")
            # the first choice, "not scored", shows until a score is picked
            score = widgets.Dropdown(
                options=scores,
                index=0,
                description=_("Now"),
                style={"description_width": "initial"},
                layout={"width": "auto", "min_width": "12em"},
            )
            score.add_class("exl-goal-score")
            self.activities.append(text)
            self.scores.append(score)
            rows.append(widgets.HBox([text, score], layout={"flex_flow": "row wrap"}))
        how = _(
            "Name up to {count} everyday things your back makes hard, like carrying the "
            "shopping or sitting through a film. Score each: {low} means you cannot do it at "
            "all, {high} means as well as before your back pain. Score them once a week."
        ).format(count=GOALS_MAX, low=low, high=high)
        self.save_button = widgets.Button(
            description=_("Save my goals"), icon="check", layout={"width": "auto"}
        )
        self.save_button.add_class("exl-save-goals")
        self.save_button.on_click(lambda _event: self.save())
        self.said = widgets.HTML()
        intro = [_heading(_("Your goals")), widgets.HTML(f"<p>{escape(how)}</p>")]
        super().__init__([*intro, *rows, widgets.HBox([self.save_button]), self.said])

    def save(self) -> bool:
        """Save changed goals, then the scores given; say what was saved, or why not."""
        try:
            with ProgressLog(self.db) as log:
                current = {g.slot: g for g in log.goals()}
                for slot, text in enumerate(self.activities, 1):
                    words = " ".join(text.value.split())  # too long: the log says so
                    old = current.get(slot)
                    if words and (old is None or old.activity != words):
                        log.set_goal(slot, words)
                goals = {g.slot: g.id for g in log.goals()}
                given = {
                    goals[slot]: s.value
                    for slot, s in enumerate(self.scores, 1)
                    if s.value is not None and slot in goals
                }
                if given:
                    log.score_goals(self.day, given)
        except ExercisesError as error:
            self.said.value = said_html(_("Your goals were not saved."), str(error), "alert")
            return False
        self.said.value = said_html(_("Saved."), "", "status")
        self.on_saved()
        return True


def _control(item: Item) -> widgets.ValueWidget:
    """A scale as 0-10 buttons, a choice as radio buttons; nothing chosen at first.

    Each number button carries the question as its tooltip, which a screen reader says
    with the number: a bare "7" would not say what it answers."""
    if item.scale is not None:
        numbers = [str(n) for n in range(item.scale.lowest, item.scale.highest + 1)]
        control = widgets.ToggleButtons(
            options=numbers,
            value=None,
            tooltips=[f"{item.text} {n}" for n in numbers],
            style={"button_width": "3em"},
        )
    else:
        options = [(c.text, c.id) for c in item.choices]
        control = widgets.RadioButtons(options=options, value=None)
    control.add_class("exl-question")
    return control


class QuestionnaireForm(widgets.VBox):
    """One questionnaire, word for word, with its owner's notice and a save button."""

    def __init__(
        self,
        catalog: Catalog,
        measure: Measure,
        db: Path | None,
        day: date,
        on_saved: Callable[[], object],
    ):
        self.catalog, self.measure, self.db, self.day = catalog, measure, db, day
        self.on_saved = on_saved
        parts: list[widgets.Widget] = [_heading(measure.title)]
        if current_language() != measure.language:
            note = _(ENGLISH_ONLY)
            parts.append(widgets.HTML(f"<p><em>{escape(note)}</em></p>"))
        if measure.instructions:
            parts.append(widgets.HTML(f"<p>{escape(measure.instructions)}</p>"))
        self.controls = {}
        for number, item in enumerate(measure.items, 1):
            label = f"{number}. {item.text}"
            if item.scale is not None:
                label += f" ({item.scale.lowest} = {item.scale.lowest_label}, "
                label += f"{item.scale.highest} = {item.scale.highest_label})"
            self.controls[item.id] = _control(item)
            parts += [widgets.HTML(f"<p>{escape(label)}</p>"), self.controls[item.id]]
        self.save_button = widgets.Button(
            description=_("Save my answers"), icon="check", layout={"width": "auto"}
        )
        self.save_button.add_class("exl-save-check-in")
        self.save_button.on_click(lambda _event: self.save())
        self.said = widgets.HTML()
        notice = widgets.HTML(
            f'<p class="exl-licence"><small>{escape(measure.licence.notice)}</small></p>'
        )
        super().__init__([*parts, widgets.HBox([self.save_button]), self.said, notice])

    def save(self) -> bool:
        missing = [str(n) for n, c in enumerate(self.controls.values(), 1) if c.value is None]
        if missing:
            self.said.value = said_html(
                _("Answer every question first."),
                _("Not answered yet: {numbers}.").format(numbers=", ".join(missing)),
                "alert",
            )
            return False
        answers = {item_id: c.value for item_id, c in self.controls.items()}
        try:
            with ProgressLog(self.db) as log:
                before = read_outcomes(log, self.catalog).latest(self.measure.id)
                score = log.add_check_in(self.measure, answers, self.day)
        except ExercisesError as error:
            self.said.value = said_html(_("Your answers were not saved."), str(error), "alert")
            return False
        self.said.value = said_html(score_words(self.catalog, score, before), "", "status")
        self.on_saved()
        return True


class CheckIns(widgets.VBox):
    """The goals and the questionnaires due today (``only_due``), or all of them."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        db: Path | None = None,
        today: date | None = None,
        only_due: bool = False,
        on_saved: Callable[[], object] = lambda: None,
    ):
        day = today or date.today()
        outcomes = _outcomes(catalog, db, day)
        wanted = outcomes.due(day) if only_due else ["goals", *catalog.measures]
        forms: list[widgets.Widget] = []
        if "goals" in wanted:
            forms.append(GoalsForm(outcomes, db, day, on_saved))
        for measure in catalog.measures.values():
            if measure.id in wanted:
                forms.append(QuestionnaireForm(catalog, measure, db, day, on_saved))
        self.forms = forms
        super().__init__(forms)
        self.add_class("exl-widget")
        self.add_class("exl-check-ins")

    @property
    def empty(self) -> bool:
        return not self.forms
