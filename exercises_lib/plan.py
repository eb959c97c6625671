"""Where a learner is in a programme today: the week, whether it is held, and why.

The rules are the rulebook's (``exercises_lib.rulebook``): the plan moves on from week
n to n + 1 only after a good calendar week, and at most one week per calendar week, so
it never runs ahead of the calendar. After weeks without sessions it steps back; an
advanced exercise joins only after clean weeks; a stop-rule event or pain held week
after week stops it until it is restarted. ``plan_day`` is a pure function of the
programme, the start day, today and the logged days; ``todays_plan`` reads those from
the progress log.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from .i18n import N_, _, join_and, ngettext
from .ladder import LadderSession, LadderStep, next_rung
from .logrecords import Entry, MorningAnswer
from .measures import Score, Trend
from .models import Catalog, Program, ProgramWeek, RepRange, RoutineItem
from .outcomes import latest_screen, read_outcomes
from .progress import ProgressLog, default_db_path
from .rulebook import (
    Day,
    Standing,
    WeekVerdict,
    gentle_moves,
    judge_weeks,
    not_improving,
    standing,
)
from .safetymodels import Rulebook

__all__ = [
    "DONE_TODAY",
    "START_REFUSED",
    "START_REFUSED_HERE",
    "PlanDay",
    "ladder_steps",
    "log_standing",
    "missed_days",
    "plan_day",
    "start_refusal",
    "todays_plan",
]

# A new plan never wipes out a stop or a pause: it starts only after a doctor or physio's yes.
START_REFUSED = N_(
    "a new plan cannot start yet. {why} When a doctor or {physio} has said yes, start with "
    "`exercises plan start --restart`"
)
# After a red or amber pain check today, no surface opens another session today.
DONE_TODAY = N_(
    "No more exercise today: your pain check says to stop for today. Short walks and your "
    "normal day are fine. Next time, use the easier versions."
)
START_REFUSED_HERE = N_(
    "A new plan cannot start yet. {why} When a doctor or {physio} has said yes, use the "
    "restart button."
)


@dataclass(frozen=True)
class PlanDay:
    """The plan as it stands on one day."""

    program: Program
    started_on: date
    today: date
    week: int
    held: bool
    why: str
    standing: Standing
    left_out: tuple[str, ...] = ()  # advanced exercises kept out this week, by name
    gentle_today: bool = False  # pain before was high today: gentle moves only
    gentle_moves: tuple[RoutineItem, ...] = ()  # what a gentle day offers instead
    flag: str = ""  # at a review week: pain no better than at the start
    rungs: Mapping[str, LadderStep] = field(default_factory=dict)  # exercise id: next rung
    missed: int = 0  # planned days missed so far this calendar week
    reps_share: float = 1.0  # today's reps as a share of the week's: less after missed days
    ask_morning: bool = False  # a session yesterday and no answer yet: how is the back?
    walked_today: int = 0  # minutes walked today, from the log
    walked_this_week: int = 0  # minutes walked this calendar week, today included
    walk_goal: int = 0  # the weekly walking the plan builds up towards, in minutes
    maintaining: bool = False  # the last week went well: the plan goes on, keeping it up

    @property
    def plan_week(self) -> ProgramWeek:
        return self.program.maintenance_week() if self.maintaining else self.program.week(self.week)

    @property
    def maintenance_advice(self) -> tuple[str, ...]:
        """After the last week: keeping strong, a group class, the first twinges of a flare."""
        keep = self.program.maintenance
        if not self.maintaining or keep is None or self.stopped:
            return ()
        return tuple(rule.text for rule in keep.advice)

    @property
    def stopped(self) -> bool:
        """Stopped or paused: no plan sessions until a doctor or physio has been seen."""
        return self.standing.stopped

    @property
    def waiting(self) -> bool:
        """The plan starts on a later day: week 1 is shown so the learner can get ready."""
        return self.today < self.started_on

    @property
    def status(self) -> str:
        """The one line that says where the plan stands: the same words everywhere."""
        if self.stopped:
            return self.why
        if self.waiting and not self.held:
            days = (self.started_on - self.today).days
            return ngettext(
                "Not started yet: your plan starts on {day}, in {count} day. Here is week 1, "
                "so you can get ready.",
                "Not started yet: your plan starts on {day}, in {count} days. Here is week 1, "
                "so you can get ready.",
                days,
            ).format(day=self.started_on, count=days)
        if self.held:
            return _("Held. {why}").format(why=self.why)
        return _("On track. {why}").format(why=self.why).strip()

    @property
    def items(self) -> tuple[RoutineItem, ...]:
        """This week's exercises, without any advanced one kept out this week; on a gentle
        day, only the gentle moves; while stopped or paused, none."""
        if self.stopped:
            return ()
        items = [i for i in self.plan_week.items if i.exercise.name not in self.left_out]
        if self.gentle_today:
            items = list(self.gentle_moves)
        return tuple(self._shorter(self._on_its_rung(i)) for i in items)

    def _shorter(self, item: RoutineItem) -> RoutineItem:
        """After missed days, the item at ``reps_share`` of its reps, rounded up."""
        if self.reps_share >= 1:
            return item
        reps = item.dose.reps
        fewer = RepRange(*(max(1, math.ceil(n * self.reps_share)) for n in (reps.min, reps.max)))
        return dataclasses.replace(item, dose=item.dose.with_changes(reps=fewer))

    @property
    def missed_note(self) -> str:
        """A kind word when planned days were missed this week, and what today offers."""
        if not self.missed or self.stopped:
            return ""
        return ngettext(
            "You missed {count} planned day this week. That is fine: today is a shorter "
            "session, so you can pick up gently.",
            "You missed {count} planned days this week. That is fine: today is a shorter "
            "session, so you can pick up gently.",
            self.missed,
        ).format(count=self.missed)

    @property
    def walk_week_target(self) -> int:
        """This week's walking in minutes: the week's minutes a day, every day."""
        return self.plan_week.walk_minutes * 7

    @property
    def walk_note(self) -> str:
        """Today's walk and how far this week's walking has come; none while stopped or
        paused (the stop's own words say what to do) or for a week that names no walk."""
        minutes = self.plan_week.walk_minutes
        if self.stopped or not minutes:
            return ""
        today = ngettext(
            "Walk {minutes} minute today, in one walk or a few short ones.",
            "Walk {minutes} minutes today, in one walk or a few short ones.",
            minutes,
        ).format(minutes=minutes)
        so_far = _(
            "Walked today: {today} min. This week: {week} of {target} min, building up "
            "towards {goal} min a week."
        ).format(
            today=self.walked_today,
            week=self.walked_this_week,
            target=self.walk_week_target,
            goal=self.walk_goal,
        )
        return f"{today} {so_far}"

    def _on_its_rung(self, item: RoutineItem) -> RoutineItem:
        """The week's item on the learner's rung: the rung's own movement and timings, at
        the week's reps and sets (the card's rung keeps the week's dose as it is)."""
        step = self.rungs.get(item.exercise.id)
        if step is None or item.exercise.ladder[step.rung].card:
            return dataclasses.replace(item, rung=item.exercise.card_rung)
        return item.on_rung(step.rung)

    @property
    def review(self) -> str:
        """The check-in with a doctor or physio due this week, and any flag for it; none
        while stopped or paused, as the learner never reached this week's review."""
        if self.stopped:
            return ""
        return " ".join(part for part in (self.flag, self.plan_week.review) if part)

    def to_dict(self) -> dict[str, Any]:
        items = [item.week_dict() for item in self.items]
        if self.held:  # when the plan holds, the easier versions are there to use
            for item, entry in zip(items, self.items, strict=True):
                item["easier"] = list(entry.easier)
        return {
            "program": self.program.id,
            "started_on": self.started_on.isoformat(),
            "date": self.today.isoformat(),
            "waiting": self.waiting,
            "week": self.week,
            "weeks": len(self.program.weeks),
            "held": self.held,
            "standing": self.standing.level.value,
            "status": self.status,
            "why": self.why,
            "left_out": list(self.left_out),
            "gentle_today": self.gentle_today,
            "missed_this_week": self.missed,
            "shorter_session": self.reps_share < 1,
            "ask_morning": self.ask_morning,
            "maintaining": self.maintaining,
            "maintenance": list(self.maintenance_advice),
            "walk": {
                "minutes_a_day": self.plan_week.walk_minutes,
                "walked_today": self.walked_today,
                "walked_this_week": self.walked_this_week,
                "week_target": self.walk_week_target,
                "goal_a_week": self.walk_goal,
            },
            "sessions_per_week": self.plan_week.sessions_per_week,
            "items": items,
            "review": self.review,
        }


def plan_day(
    program: Program,
    started_on: date,
    today: date,
    days: Sequence[Day],
    rules: Rulebook,
    instead: Sequence[RoutineItem] = (),
    *,
    trends: Sequence[Trend] = (),
    screen: tuple[date, Score] | None = None,
) -> PlanDay:
    """The week a learner is on today, moving on only after good weeks.

    Before the start day it is week 1, waiting, held only if the learner's pain says so.
    A stopped or paused plan stays at the week it stopped in. ``instead`` is what a day
    of high pain before exercise offers instead of the week's moves. ``trends``: the
    learner's own goals and check-in scores since the start, which the reviews weigh
    beside pain; ``screen``: the screening answers that still count.
    """
    if today < started_on:
        now = standing(rules, [d for d in days if d.day <= today], today, screen=screen)
        first = program.week(1)
        left_out = tuple(i.exercise.name for i in first.items if i.exercise.advanced)
        gentle = any(d.day == today and d.high_before for d in days)
        return PlanDay(
            program,
            started_on,
            today,
            1,
            not now.ok,
            now.headline,
            now,
            left_out,
            gentle,
            tuple(instead),
            walk_goal=rules.walk_goal_minutes_a_week,
        )
    days = [d for d in days if started_on <= d.day <= today]
    now = standing(rules, days, today, since=started_on, screen=screen)
    # a stop or pause freezes the plan: weeks after it are not judged
    until = min(today, now.since + timedelta(days=1)) if now.stopped and now.since else today
    verdicts = judge_weeks(rules, days, started_on, until)
    week, held, why, maintaining = _week_from(program, rules, started_on, days, verdicts)
    this_week = program.maintenance_week() if maintaining else program.week(week)
    if not now.ok:
        held, why = True, now.headline
    clean = verdicts[-rules.advanced_clean_weeks :]
    ready = len(clean) == rules.advanced_clean_weeks and all(v is WeekVerdict.GOOD for v in clean)
    left_out = (
        ()
        if ready and not held
        else tuple(i.exercise.name for i in this_week.items if i.exercise.advanced)
    )
    if left_out and not held:
        why = _(
            "{moves} joins after {weeks} good weeks in a row with pain checks; leave it out "
            "this week."
        ).format(moves=join_and(left_out), weeks=rules.advanced_clean_weeks)
    gentle = any(d.day == today and d.high_before for d in days)
    # the reviews fall due by the calendar, so a plan held back still has them
    flag = not_improving(rules, days, started_on, (today - started_on).days // 7 + 1, trends)
    missed = missed_days(this_week.sessions_per_week, started_on, today, days)
    return PlanDay(
        program,
        started_on,
        today,
        week,
        held,
        why,
        now,
        left_out,
        gentle,
        tuple(instead),
        flag,
        missed=missed,
        reps_share=rules.missed_days_reps_share if missed else 1.0,
        walk_goal=rules.walk_goal_minutes_a_week,
        maintaining=maintaining,
    )


def missed_days(per_week: int, started_on: date, today: date, days: Sequence[Day]) -> int:
    """Planned days missed so far in this calendar week of the plan.

    A week's sessions are spread evenly over it, each with its own span of days (3 a
    week: days 1-2, 3-4 and 5-7 of the week). A span that is over with no session in it
    is a missed day; a session on any day of its span keeps it, so a day late is fine.
    """
    week_start = started_on + timedelta(days=7 * ((today - started_on).days // 7))
    bounds = [week_start + timedelta(days=n * 7 // per_week) for n in range(per_week + 1)]
    sessions = [d.day for d in days if d.session]
    return len(
        [
            (first, end)
            for first, end in pairwise(bounds)
            if end <= today and not any(first <= day < end for day in sessions)
        ]
    )


def _week_from(
    program: Program,
    rules: Rulebook,
    started_on: date,
    days: Sequence[Day],
    verdicts: Sequence[WeekVerdict],
) -> tuple[int, bool, str, bool]:
    """The plan week the verdicts lead to, whether it is held, why, and whether the last
    week went well, so the plan goes on into keeping it up (a break ends that)."""
    last = len(program.weeks)
    week, held, why, idle, maintaining = 1, False, "", 0, False
    for number, verdict in enumerate(verdicts):
        if verdict is WeekVerdict.NO_SESSIONS:
            idle += 1
            held, why = True, verdict.why(rules, [])
            continue
        back, idle = rules.weeks_back(idle), 0
        if back:  # back after a break: pick up a little lower
            week, maintaining = max(1, week - back), False
        if verdict is WeekVerdict.GOOD:
            maintaining = maintaining or (week == last and program.maintenance is not None)
            week, held, why = min(week + 1, last), False, ""
            continue
        start = started_on + timedelta(days=7 * number)
        that_week = [d for d in days if start <= d.day < start + timedelta(days=7)]
        held, why = True, verdict.why(rules, that_week)
    back = rules.weeks_back(idle)
    if back:  # still away: the week to come back to is already lower
        week, maintaining = max(1, week - back), False
        held, why = (
            True,
            ngettext(
                "No sessions for {idle} weeks, so the plan went back {back} week. "
                "Start again gently.",
                "No sessions for {idle} weeks, so the plan went back {back} weeks. "
                "Start again gently.",
                back,
            ).format(idle=idle, back=back),
        )
    return week, held, why, maintaining


def todays_plan(
    catalog: Catalog, db: Path | None = None, today: date | None = None
) -> PlanDay | None:
    """Today's plan from the progress log, or None when no plan was started (or no log yet).

    Reads the log read-only. A log that cannot be read is an error the caller shows,
    never "no plan", so a damaged log does not offer to start a new plan over it.
    """
    path = db or default_db_path()
    if not path.exists():
        return None
    today = today or date.today()
    rules = catalog.safety.rulebook
    with ProgressLog(path, readonly=True) as log:
        current = log.current_plan()
        rows = log.day_rows() if current else []
        entries, mornings = (log.entries(), log.mornings()) if current else ([], [])
        highest = log.highest_rungs() if current else {}
        walked = log.walked() if current else {}
        outcomes = read_outcomes(log, catalog, today)
        screen = latest_screen(log, catalog)
    if current is None or current[0] not in catalog.programs:
        return None
    days = Day.fold(rules, rows)
    # the ladder as it stood that morning: nothing logged after today counts
    until = today.isoformat()
    steps = ladder_steps(
        catalog,
        [d for d in days if d.day <= today],
        [e for e in entries if e.logged_at[:10] <= until],
        [m for m in mornings if m.day <= until],
        highest,
    )
    program = catalog.program(current[0])
    # the start a review compares with: scores set in the days before the plan began count
    trends = outcomes.trends(rules, current[1] - timedelta(weeks=2))
    planned = plan_day(
        program,
        current[1],
        today,
        days,
        rules,
        gentle_moves(catalog),
        trends=trends,
        screen=screen,
    )
    yesterday = today - timedelta(days=1)
    ask = any(d.day == yesterday and d.session for d in days) and not any(
        m.day == today.isoformat() for m in mornings
    )
    monday = today - timedelta(days=today.weekday())
    return dataclasses.replace(
        planned,
        rungs=steps,
        ask_morning=ask,
        walked_today=walked.get(today, 0),
        walked_this_week=sum(m for day, m in walked.items() if monday <= day <= today),
    )


def ladder_steps(
    catalog: Catalog,
    days: Sequence[Day],
    entries: Sequence[Entry],
    mornings: Sequence[MorningAnswer],
    highest: Mapping[str, str] | None = None,
) -> dict[str, LadderStep]:
    """Each exercise's next rung, from the days it was done (with the rung the entry
    names), that day's pain checks, the next morning's answer (the latest one), and the
    highest rung a doctor or physio allowed (``highest``: exercise id to rung id)."""
    highest = highest or {}
    level = {d.day: d.level for d in days}
    worse = {date.fromisoformat(answer.day): answer.worse for answer in mornings}
    steps = {}
    for exercise in catalog:
        index = {rung.id: i for i, rung in enumerate(exercise.ladder)}
        done: dict[date, int | None] = {}
        for entry in entries:
            if entry.exercise == exercise.id and entry.reps != 0:
                done[date.fromisoformat(entry.logged_at[:10])] = index.get(entry.rung or "")
        sessions = [
            LadderSession(rung, level.get(day), worse.get(day + timedelta(days=1)))
            for day, rung in sorted(done.items())
        ]
        cap = index.get(highest.get(exercise.id, ""))
        steps[exercise.id] = next_rung(catalog.safety.rulebook, exercise, sessions, highest=cap)
    return steps


def log_standing(catalog: Catalog, db: Path | None, today: date) -> Standing | None:
    """The standing from the log's recent weeks, plan or no plan; None with no log yet."""
    path = db or default_db_path()
    if not path.exists():
        return None
    rules = catalog.safety.rulebook
    with ProgressLog(path, readonly=True) as log:
        days = Day.fold(rules, log.day_rows())
        screen = latest_screen(log, catalog)
    return standing(rules, days, today, screen=screen)


def start_refusal(catalog: Catalog, db: Path | None, today: date) -> Standing | None:
    """Why a new plan may not start today: a stop or pause in the log's recent weeks."""
    now = log_standing(catalog, db, today)
    return now if now is not None and now.stopped else None
