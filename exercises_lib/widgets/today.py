"""Today's session: this week of the plan (or a routine), the checklist, the player, pain.

Every choice it offers is the rulebook's: while the plan is stopped or paused it offers
only the gentle day, after a red or amber pain check today it offers no session at all,
and a routine with an advanced move waits until the plan has reached that move with
good weeks. The finished session and the pain check are saved to the progress log by
themselves.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..errors import ExercisesError
from ..i18n import _, join_and
from ..models import Catalog, Routine
from ..painverdict import pain_verdict
from ..plan import DONE_TODAY, START_REFUSED_HERE, PlanDay, log_standing, todays_plan
from ..progress import ProgressLog
from ..recording import SessionRecorder
from ..rendering import CARD_CSS, flare_up_html, plan_day_html
from ..rulebook import Standing, gentle_moves
from .checkin import CheckIns
from .checklists import PainCheck, ReadyGate, SafetyChecklist
from .morning import MorningCheck
from .player import SessionPlayer
from .walking import WalkLog

__all__ = ["TodaySession"]


class TodaySession(widgets.VBox):
    """Today's session: this week of the plan (or a routine), the checklist, the player, pain.

    With a plan started (``exercises plan start`` or the button here), this week's
    exercises and doses come first; the routine picker stays for free practice, within
    what the rulebook allows today.
    """

    PLAN = "plan"
    GENTLE = "gentle-day"

    def __init__(
        self,
        catalog: Catalog,
        routine_id: str = "starter",
        *,
        db: Path | None = None,
        today: date | None = None,
        **options: Any,
    ):
        self.catalog = catalog
        self.db = db
        self.today = today
        self.options = options
        self.recorder = SessionRecorder(db)
        self.routine_id = routine_id
        # Wide enough for the plan's whole name; never wider than the page.
        self.picker = widgets.Dropdown(
            description=_("Routine"),
            layout={"width": "100%", "max_width": "42em"},
            style={"description_width": "initial"},
        ).add_class("exl-routine-picker")
        self.plan_box = widgets.HTML().add_class("exl-plan-box")
        self.morning_box = widgets.VBox()  # the morning after a session: worse than usual?
        self.morning: MorningCheck | None = None
        self.walk_box = widgets.VBox()  # today's walk: a box to log the minutes walked
        self.walk: WalkLog | None = None
        # goals and questionnaires when due, folded away until opened
        self.check_in_box = widgets.Accordion()
        self.check_ins: CheckIns | None = None
        self.note = widgets.HTML()  # why a routine is not offered today
        # the flare-up plan: on a gentle day, and after a step down to an easier version
        self.flare = widgets.HTML().add_class("exl-flare-box")
        self.start_plan_button = widgets.Button(
            description=_("Start the six-week plan"), icon="calendar", layout={"width": "auto"}
        )
        self.start_plan_button.on_click(lambda _event: self.start_plan())
        # Sections of the page under its title: their headings are one level down (h2).
        self.checklist = SafetyChecklist(catalog.safety, level=2)
        self.pain_check = PainCheck(catalog.safety, level=2)
        self.recorder.watch_pain_check(self.pain_check)  # saved first, then obeyed
        self.pain_check.on_save(self._pain_saved)
        self.pain_check.on_stop_rule(lambda _before, _after: self._done_for_today())
        self.pain_check.before.observe(self._pain_before_changed, names="value")
        self.gate = ReadyGate(self.checklist, self.pain_check.before)
        self.player_box = widgets.VBox()
        self.player: SessionPlayer | None = None
        self.routines: dict[str, Routine] = {}
        self.day: PlanDay | None = None
        self._follow_plan()
        self.picker.observe(lambda _event: self._load(), names="value")
        super().__init__(
            [
                self.plan_box,
                self.morning_box,
                self.walk_box,
                self.check_in_box,
                self.start_plan_button,
                self.picker,
                self.note,
                self.flare,
                self.checklist,
                self.pain_check.before_panel,
                self.player_box,
                self.pain_check.after_panel,
            ]
        )
        self.add_class("exl-today")
        self._load()

    @property
    def _date(self) -> date:
        return self.today or date.today()

    def _follow_plan(self) -> None:
        """Offer this week of the plan first, when there is one; then what the rules allow.

        A log that cannot be read says what is wrong instead of offering to start a new
        plan over it.
        """
        try:
            day = todays_plan(self.catalog, self.db, self.today)
            now = (
                day.standing if day is not None else log_standing(self.catalog, self.db, self._date)
            )
        except ExercisesError as error:
            day, now = None, None
            self.plan_box.value = _alert(_("Your progress log cannot be read."), str(error))
            self.start_plan_button.layout.display = "none"
        else:
            self._show_plan(day, now)
        self.day = day
        self._ask_morning(day)
        self._offer_walk(day)
        self._offer_check_ins()
        self.routines, options, why = self._offered(day, now)
        self.note.value = _note(why) if why else ""
        self._show_flare_up(self.GENTLE in self.routines or (day is not None and day.gentle_today))
        wanted = self.PLAN if self.PLAN in self.routines else self.routine_id
        self.picker.options = options
        self.picker.layout.display = None if options else "none"
        if options:
            self.picker.value = wanted if wanted in self.routines else options[0][1]

    def _ask_morning(self, day: PlanDay | None) -> None:
        """The morning after a session, ask how the back is; an answer stays on show."""
        if day is not None and day.ask_morning:
            self.morning = MorningCheck(
                self.catalog.safety.rulebook, self._date, db=self.db, on_answer=self._answered
            )
        elif self.morning is not None and not self.morning.answered:
            self.morning = None
        self.morning_box.children = [self.morning] if self.morning is not None else []

    def _offer_check_ins(self) -> None:
        """Goals and questionnaires that are due, once; a saved form stays on show."""
        if self.check_ins is None:
            try:
                self.check_ins = CheckIns(
                    self.catalog,
                    db=self.db,
                    today=self._date,
                    only_due=True,
                    on_saved=lambda: self._answered(False),
                )
            except ExercisesError:
                return  # the plan's box already says the log cannot be read
            self.check_in_box.children = [] if self.check_ins.empty else [self.check_ins]
            if not self.check_ins.empty:
                self.check_in_box.set_title(0, _("Check-in due: your goals and a few questions"))
        self.check_in_box.layout.display = "none" if self.check_ins.empty else None

    def _offer_walk(self, day: PlanDay | None) -> None:
        """Today's walk, while the plan names one; a saved walk's words stay on show."""
        if day is None or not day.walk_note:
            self.walk = None
        elif self.walk is None:
            self.walk = WalkLog(day, db=self.db, on_saved=self._walked)
        self.walk_box.children = [self.walk] if self.walk is not None else []

    def _walked(self, _minutes: int) -> None:
        """Count the new minutes in the plan's box; the session below carries on."""
        try:
            day = todays_plan(self.catalog, self.db, self.today)
        except ExercisesError:
            return  # the walk was saved; the log's problem shows where the log is read
        if day is not None:
            self.day = day
            self.plan_box.value = plan_day_html(day)

    def _answered(self, _worse: bool) -> None:
        """The answer moves the ladder: follow the plan as it now stands."""
        self._follow_plan()
        self._load()

    def _show_plan(self, day: PlanDay | None, now: Standing | None) -> None:
        """The plan's box, and the start button worded for what starting would mean."""
        stopped = now is not None and now.stopped
        self.plan_box.value = plan_day_html(day) if day is not None else ""
        if day is None and stopped:
            assert now is not None
            refused = _(START_REFUSED_HERE).format(why=now.headline, **self.catalog.safety.care)
            self.plan_box.value = _alert(refused, "")
        self.start_plan_button.description = (
            _("Restart the plan from week 1 (only after a doctor or {physio} says yes)").format(
                **self.catalog.safety.care
            )
            if stopped
            else _("Start the six-week plan")
        )
        shown = self.catalog.programs and (day is None or stopped)
        self.start_plan_button.layout.display = None if shown else "none"

    def _offered(
        self, day: PlanDay | None, now: Standing | None
    ) -> tuple[dict[str, Routine], list[tuple[str, str]], str]:
        """The routines the rules allow today, the picker's options, and why any is left out."""
        if now is not None and now.done_today:
            return {}, [], _(DONE_TODAY)
        if now is not None and now.stopped:
            gentle = self._gentle_routine()
            why = _("While the plan is stopped or paused, only the gentle day is here.")
            return {self.GENTLE: gentle}, [(gentle.name, self.GENTLE)], why
        routines: dict[str, Routine] = {}
        options: list[tuple[str, str]] = []
        if day is not None:
            routines[self.PLAN] = self._plan_routine(day)
            this_week = (
                _("{programme}: a shorter session today (week {week})")
                if day.reps_share < 1
                else _("{programme}: this week (week {week})")
            ).format(programme=day.program.name, week=day.week)
            options.append((this_week, self.PLAN))
        reached = set() if day is None or day.held else {i.exercise.id for i in day.items}
        waiting = []
        for routine_id, routine in self.catalog.listed_routines.items():
            advanced = {i.exercise.id for i in routine.items if i.exercise.advanced}
            if advanced - reached:
                waiting.append(routine.name)
                continue
            routines[routine_id] = routine
            options.append((routine.name, routine_id))
        why = (
            _("{routines} opens when your plan reaches it with good weeks.").format(
                routines=join_and(waiting)
            )
            if waiting
            else ""
        )
        return routines, options, why

    def _plan_routine(self, day: PlanDay) -> Routine:
        return Routine(
            id=self.PLAN,
            name=_("{plan}: week {week}").format(plan=day.program.name, week=day.week),
            description=day.program.description,
            items=day.items,
            sessions_per_week=day.plan_week.sessions_per_week,
            listed=False,
        )

    def start_plan(self) -> None:
        """Start the first programme today (or start it again), and follow it."""
        program = next(iter(self.catalog.programs.values()))
        try:
            with ProgressLog(self.db) as log:
                log.start_plan(program.id, self._date)
        except ExercisesError as error:
            self.plan_box.value = _alert(_("The plan was not started."), str(error))
            return
        self._follow_plan()

    def _pain_saved(self, before: int, after: int) -> None:
        """A red or amber pain check ends today's exercise: no new session opens."""
        rules = self.catalog.safety.rulebook
        if pain_verdict(
            rules, before, after, nerve_signs=self.pain_check.nerve_signs
        ).done_for_today:
            self._done_for_today()

    def _done_for_today(self) -> None:
        self.routines = {}
        self.picker.options = []
        self.picker.layout.display = "none"
        self.note.value = _note(_(DONE_TODAY))
        self._load()

    def _pain_before_changed(self, _change: object = None) -> None:
        """High pain before: swap today's session for the gentle-day moves."""
        if not self.routines:
            return
        gentle = self.pain_check.gentle_today
        if gentle == (self.picker.value == self.GENTLE):
            return
        if gentle:
            self._show_flare_up(True)
            self.routines[self.GENTLE] = self._gentle_routine()
            self.picker.options = [*self.picker.options, (_("A gentle day"), self.GENTLE)]
            self.picker.value = self.GENTLE
        else:
            self.picker.options = [o for o in self.picker.options if o[1] != self.GENTLE]

    def _show_flare_up(self, shown: bool) -> None:
        """The flare-up plan, whole, with the region's words; or nothing."""
        safety = self.catalog.safety
        self.flare.value = (
            CARD_CSS
            + '<article class="exl-card" role="note">'
            + flare_up_html(safety, heading=2)
            + "</article>"
            if shown
            else ""
        )

    def _gentle_routine(self) -> Routine:
        """The rulebook's gentle-day moves, each at the dose a learner starts it at."""
        items = gentle_moves(self.catalog)
        return Routine(
            id=self.GENTLE,
            name=_("A gentle day"),
            description=_("Gentle moves only today. Short walks help too."),
            items=items,
            sessions_per_week=7,
            listed=False,
        )

    def _load(self) -> None:
        if self.player is not None:
            self.player.close()
            self.player = None
        if self.picker.value not in self.routines:
            self.player_box.children = []
            return
        self.player = SessionPlayer(
            self.routines[self.picker.value], gate=self.gate, **self.options
        )
        self.recorder.watch_player(self.player)
        self.player.on_step_down(lambda: self._show_flare_up(True))
        self.player_box.children = [self.player]


def _note(text: str) -> str:
    return f'<p class="exl-gate-note" role="status">{escape(text)}</p>'


def _alert(headline: str, detail: str) -> str:
    return (
        f'<div class="exl-caution" role="alert"><strong>{escape(headline)}</strong> '
        f"{escape(detail)}</div>"
    )
