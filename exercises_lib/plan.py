"""Where a learner is in a programme today: the week, whether it is held, and why.

The plan moves on from week n to n + 1 only after a calendar week with at least two
session days in which pain never went up after a session; otherwise it holds and says
why. It moves at most one week per calendar week, so it never runs ahead of the
calendar. ``plan_day`` is a pure function of the programme, the start day, today and
the logged sessions; ``todays_plan`` reads those from the progress log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .models import Catalog, Program, ProgramWeek

__all__ = ["GOOD_WEEK_DAYS", "PlanDay", "Session", "plan_day", "todays_plan"]

# Session days a week must have before the plan moves on.
GOOD_WEEK_DAYS = 2


@dataclass(frozen=True)
class Session:
    """One logged session or exercise: its day, and pain before and after when known."""

    day: date
    pain_before: int | None = None
    pain_after: int | None = None

    @property
    def pain_rose(self) -> bool:
        return (
            self.pain_before is not None
            and self.pain_after is not None
            and self.pain_after > self.pain_before
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

    @property
    def plan_week(self) -> ProgramWeek:
        return self.program.week(self.week)

    @property
    def review(self) -> str:
        """The check-in with a doctor or physio due this week, if any."""
        return self.plan_week.review

    def to_dict(self) -> dict[str, Any]:
        items = self.plan_week.to_dict()["items"]
        if self.held:  # when the plan holds, the easier versions are there to use
            for item, entry in zip(items, self.plan_week.items, strict=True):
                item["easier"] = [v.name for v in entry.exercise.easier]
        return {
            "program": self.program.id,
            "started_on": self.started_on.isoformat(),
            "date": self.today.isoformat(),
            "week": self.week,
            "weeks": len(self.program.weeks),
            "held": self.held,
            "why": self.why,
            "sessions_per_week": self.plan_week.sessions_per_week,
            "items": items,
            "review": self.review,
        }


def plan_day(
    program: Program,
    started_on: date,
    today: date,
    sessions: Iterable[Session],
    *,
    stop_minutes: int = 15,
) -> PlanDay:
    """The week a learner is on today, moving on only after good weeks."""
    if today < started_on:
        raise ValueError(f"the plan starts on {started_on}; {today} is before it")
    logged = sorted(sessions, key=lambda s: s.day)
    calendar_week = (today - started_on).days // 7 + 1
    week, held, why = 1, False, ""
    for done in range(1, calendar_week):  # every calendar week already over
        start = started_on + timedelta(days=7 * (done - 1))
        that_week = [s for s in logged if start <= s.day < start + timedelta(days=7)]
        days = {s.day for s in that_week}
        rose = {s.day for s in that_week if s.pain_rose}
        if len(days) >= GOOD_WEEK_DAYS and not rose:
            week, held, why = min(week + 1, len(program.weeks)), False, ""
            continue
        held = True
        if rose:
            why = (
                f"Pain went up after {len(rose)} of {len(days)} session"
                f"{'s' if len(days) != 1 else ''} last week: stay on this week, try the easier "
                f"versions, and see a doctor if pain lasts more than {stop_minutes} minutes."
            )
        elif days:
            why = (
                f"Only {len(days)} session day logged last week; {GOOD_WEEK_DAYS} or more move "
                "you on. Stay on this week."
            )
        else:
            why = "No sessions logged last week: stay on this week."
    return PlanDay(program, started_on, today, week, held, why)


def todays_plan(
    catalog: Catalog, db: Path | None = None, today: date | None = None
) -> PlanDay | None:
    """Today's plan from the progress log, or None when no plan was started (or no log yet).

    Reads the log read-only; a log that cannot be read counts as no plan.
    """
    from .errors import ExercisesError
    from .progress import ProgressLog, default_db_path

    path = db or default_db_path()
    if not path.exists():
        return None
    try:
        with ProgressLog(path, readonly=True) as log:
            current = log.current_plan()
            sessions = [Session(*s) for s in log.sessions()] if current else []
    except ExercisesError:
        return None
    if current is None or current[0] not in catalog.programs:
        return None
    today = today or date.today()
    if today < current[1]:
        today = current[1]
    program = catalog.program(current[0])
    return plan_day(program, current[1], today, sessions, stop_minutes=catalog.safety.stop_minutes)
