"""What the progress log holds, as the course reads it: entries, pain checks, the summary.

Frozen records, so a page or a chart can never change the log by changing what it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from .i18n import _
from .measures import Score
from .rulebook import Day, DayRow, Standing, StandingLevel, pain_trend, standing
from .safetymodels import Rulebook

__all__ = [
    "CheckIn",
    "Clearance",
    "Entry",
    "Goal",
    "GoalScore",
    "MorningAnswer",
    "PainCheckRecord",
    "RowProblem",
    "Summary",
    "Walk",
]


@dataclass(frozen=True)
class Entry:
    """One logged exercise (one side, or both)."""

    id: int
    logged_at: str
    exercise: str
    reps: int | None
    side: str | None
    hold_seconds: float | None
    pain_before: int | None
    pain_after: int | None
    note: str
    session: str | None
    rung: str | None = None  # the ladder's rung done; None in logs from before ladders

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Clearance:
    """A doctor's or physio's answer from the doctor's sheet: the highest rung allowed."""

    id: int
    cleared_at: str
    exercise: str
    highest_rung: str


@dataclass(frozen=True)
class Walk:
    """Minutes walked on a day, logged beside the exercises."""

    id: int
    walked_at: str
    day: str
    minutes: int


@dataclass(frozen=True)
class Goal:
    """An everyday activity the learner's back makes hard, in one of the goal slots."""

    id: int
    set_at: str
    slot: int
    activity: str


@dataclass(frozen=True)
class GoalScore:
    """How well the learner could do a goal on a day, from 0 (not at all) to 10."""

    id: int
    scored_at: str
    day: str
    goal: int  # the goal's id
    score: int


@dataclass(frozen=True)
class CheckIn:
    """A questionnaire's answers on a day; its measure scores them when read."""

    id: int
    taken_at: str
    day: str
    measure: str
    answers: Mapping[str, int | str]


@dataclass(frozen=True)
class MorningAnswer:
    """The morning after a session: was the back worse than usual?"""

    id: int
    answered_at: str
    day: str  # the morning asked about, 2026-12-01
    worse: bool


@dataclass(frozen=True)
class RowProblem:
    """A row that breaks the log's rules: left out of every list and count, and said so."""

    table: str
    row_id: int
    reason: str
    set_aside: bool  # moved to the set_aside table (True), or still where it was written

    def __str__(self) -> str:
        where = "kept in the set_aside table" if self.set_aside else "left out"
        return f"{self.table} row {self.row_id}: {self.reason} ({where})"


@dataclass(frozen=True)
class PainCheckRecord:
    """Pain before and after a session; ``stop_rule`` marks pain that lasted past the limit."""

    id: int
    checked_at: str
    session: str | None
    pain_before: int
    pain_after: int
    stop_rule: bool
    nerve_signs: bool = False


@dataclass(frozen=True)
class Summary:
    """What the progress notebook and `exercises log summary` show.

    ``standing`` is the rulebook's one verdict, the same the plan shows; the day lists
    are the record behind it, for the learner and their doctor.
    """

    sessions: int
    streak_weeks: int
    weekly: dict[str, int]
    pain_trend: str
    pain_points: list[tuple[str, float, float]]
    stop_rule_days: list[str]
    red_rise_days: list[str]
    high_pain_days: list[str]
    standing: Standing
    stop_minutes: int
    settling_rise: int
    high_pain_before: int
    nerve_signs_days: list[str] = field(default_factory=list)
    high_after_days: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls, rules: Rulebook) -> Summary:
        """The summary of a log with nothing in it."""
        return cls(
            0,
            0,
            {},
            "not enough data",
            [],
            [],
            [],
            [],
            Standing(StandingLevel.OK, _("On track.")),
            rules.stop_minutes,
            rules.settling_rise,
            rules.high_pain_before,
        )

    @classmethod
    def of(
        cls,
        rows: Sequence[DayRow],
        rules: Rulebook,
        today: date,
        plan_start: date | None,
        screen: tuple[date, Score] | None = None,
    ) -> Summary:
        """The summary of the log's rows on ``today``; with a plan started, its verdict
        looks at the days since the start, as the plan does, else at the recent weeks.
        ``screen``: the screening answers the verdict obeys (see ``rulebook.standing``)."""
        days = Day.fold(rules, rows)
        session_days = [d.day for d in days if d.session]
        weeks = {_week(d) for d in session_days}
        streak, week = 0, _week(today)
        if week not in weeks:  # this week may not have started yet: count from last week
            week = _week(today - timedelta(days=7))
        while week in weeks:
            streak += 1
            week = _week(date.fromisocalendar(*week, 1) - timedelta(days=7))
        weekly: dict[str, int] = {}
        for d in session_days:
            year, number = _week(d)
            key = f"{year}-W{number:02d}"
            weekly[key] = weekly.get(key, 0) + 1
        points = [
            (row.day.isoformat(), float(row.before), float(row.after))
            for row in rows
            if row.before is not None and row.after is not None
        ]
        return cls(
            sessions=len(session_days),
            streak_weeks=streak,
            weekly=weekly,
            pain_trend=pain_trend(rules, [after for _day, _before, after in points]),
            pain_points=points,
            stop_rule_days=[d.day.isoformat() for d in days if d.stop_rule],
            red_rise_days=[d.day.isoformat() for d in days if d.red_rise],
            high_pain_days=[d.day.isoformat() for d in days if d.high_before],
            standing=standing(rules, days, today, since=plan_start, screen=screen),
            stop_minutes=rules.stop_minutes,
            settling_rise=rules.settling_rise,
            high_pain_before=rules.high_pain_before,
            nerve_signs_days=[d.day.isoformat() for d in days if d.nerve_signs],
            high_after_days=[d.day.isoformat() for d in days if d.high_after],
        )

    @property
    def flags(self) -> list[str]:
        """The verdict (when it is not "on track"), then the days behind it."""
        return ([] if self.standing.ok else [self.standing.headline]) + self.record

    @property
    def record(self) -> list[str]:
        """The days behind the verdict: pain that lasted, big rises, high-pain days."""
        out = []
        if self.stop_rule_days:
            out.append(
                _("Pain lasted more than {minutes} minutes on: {days}.").format(
                    minutes=self.stop_minutes, days=", ".join(self.stop_rule_days)
                )
            )
        if self.red_rise_days:
            out.append(
                _("Pain went up by more than {rise} points after exercise on: {days}.").format(
                    rise=self.settling_rise, days=", ".join(self.red_rise_days)
                )
            )
        if self.nerve_signs_days:
            out.append(
                _("Sharp, shooting or spreading pain, or pins and needles, on: {days}.").format(
                    days=", ".join(self.nerve_signs_days)
                )
            )
        if self.high_after_days:
            out.append(
                _("Pain after exercise was more than a mild ache on: {days}.").format(
                    days=", ".join(self.high_after_days)
                )
            )
        if self.high_pain_days:
            out.append(
                _("Pain before exercise was {high} or more (gentle days) on: {days}.").format(
                    high=self.high_pain_before, days=", ".join(self.high_pain_days)
                )
            )
        return out

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["standing"] = {
            "level": self.standing.level.value,
            "headline": self.standing.headline,
        }
        return {**data, "flags": self.flags, "record": self.record}


def _week(day: date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week
