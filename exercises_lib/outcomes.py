"""How the learner is doing beyond pain: own goals and check-in scores over time.

Read from the progress log and scored by each measure's published rules, for the plan's
reviews, the progress page, the doctor's summary and ``log summary``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .i18n import _
from .logrecords import CheckIn, Goal, GoalScore
from .measures import (
    GOALS_EVERY_DAYS,
    Better,
    MeanScoring,
    Measure,
    Score,
    StratifiedScoring,
    Trend,
    better_words,
    trend,
)
from .models import Catalog
from .progress import ProgressLog
from .rulebook import screen_result
from .safetymodels import Rulebook

__all__ = ["GoalLine", "Outcomes", "latest_screen", "read_outcomes", "score_words"]


@dataclass(frozen=True)
class GoalLine:
    """One goal and its scores, oldest first."""

    goal: Goal
    scores: tuple[tuple[date, int], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "slot": self.goal.slot,
            "activity": self.goal.activity,
            "set_at": self.goal.set_at,
            "scores": [{"day": day.isoformat(), "score": score} for day, score in self.scores],
        }


@dataclass(frozen=True)
class Outcomes:
    """The learner's goals and check-ins, scored."""

    goals: tuple[GoalLine, ...]
    check_ins: Mapping[str, tuple[tuple[date, Score], ...]]  # by measure id, oldest first
    measures: Mapping[str, Measure]

    @property
    def goal_average(self) -> list[tuple[date, float]]:
        """On each day goals were scored, the average of that day's scores, oldest first."""
        days: dict[date, list[int]] = {}
        for line in self.goals:
            for day, score in line.scores:
                days.setdefault(day, []).append(score)
        return [(day, round(sum(s) / len(s), 1)) for day, s in sorted(days.items())]

    def latest(self, measure_id: str) -> tuple[date, Score] | None:
        found = self.check_ins.get(measure_id, ())
        return found[-1] if found else None

    def trends(self, rules: Rulebook, since: date) -> list[Trend]:
        """Each score with two days or more since ``since``: the goals' average and each
        mean-scored check-in, with what counts as better."""
        found = [
            trend(
                "goals",
                [p for p in self.goal_average if p[0] >= since],
                Better.HIGHER,
                rules.goal_better_by,
            )
        ]
        for measure_id, points in self.check_ins.items():
            scoring = self.measures[measure_id].scoring
            if isinstance(scoring, MeanScoring):
                dated = [(day, s.value) for day, s in points if day >= since]
                found.append(trend(measure_id, dated, scoring.better, scoring.better_by))
        return [t for t in found if t is not None]

    def due(self, today: date) -> list[str]:
        """What to fill in today, by id: 'goals' (none set yet, or a week since they were
        last scored) and each check-in not taken yet or not for its number of weeks."""
        due = []
        scored = [day for line in self.goals for day, _score in line.scores]
        if not self.goals or not scored or (today - max(scored)).days >= GOALS_EVERY_DAYS:
            due.append("goals")
        for measure in self.measures.values():
            last = self.latest(measure.id)
            if last is None or (
                measure.every_weeks and (today - last[0]).days >= 7 * measure.every_weeks
            ):
                due.append(measure.id)
        return due

    def to_dict(self) -> dict[str, object]:
        return {
            "goals": [line.to_dict() for line in self.goals],
            "check_ins": [
                {"day": day.isoformat(), **score.to_dict()}
                for points in self.check_ins.values()
                for day, score in points
            ],
        }


def _goal_lines(goals: Sequence[Goal], scores: Sequence[GoalScore]) -> tuple[GoalLine, ...]:
    """Each current goal with its scores; on a day scored twice, the later score counts."""
    lines = []
    for goal in goals:
        by_day = {date.fromisoformat(s.day): s.score for s in scores if s.goal == goal.id}
        lines.append(GoalLine(goal, tuple(sorted(by_day.items()))))
    return tuple(lines)


def _scored(
    check_ins: Sequence[CheckIn], measures: Mapping[str, Measure]
) -> dict[str, tuple[tuple[date, Score], ...]]:
    """Each measure's scores by day (the day's last check-in counts); answers a measure no
    longer accepts, or of a measure this course does not ship, are left out."""
    found: dict[str, dict[date, Score]] = {}
    for check_in in check_ins:
        measure = measures.get(check_in.measure)
        if measure is None:
            continue
        try:
            score = measure.score(check_in.answers)
        except ValueError:
            continue
        found.setdefault(measure.id, {})[date.fromisoformat(check_in.day)] = score
    return {m: tuple(sorted(days.items())) for m, days in found.items()}


def read_outcomes(log: ProgressLog, catalog: Catalog, until: date | None = None) -> Outcomes:
    """The learner's goals and check-ins from the log, up to ``until`` (every one: None)."""
    last = until.isoformat() if until else "9999-12-31"
    scores = [s for s in log.goal_scores() if s.day <= last]
    check_ins = [c for c in log.check_ins() if c.day <= last]
    return Outcomes(
        _goal_lines(log.goals(), scores), _scored(check_ins, catalog.measures), catalog.measures
    )


def latest_screen(log: ProgressLog, catalog: Catalog) -> tuple[date, Score] | None:
    """The newest answers to a screening questionnaire (one that gives a risk group), with
    their day, unless the plan was started or restarted after them: restarting is how the
    learner says a doctor or physio has seen them since."""
    screens = [c for c in log.check_ins() if _screening(catalog.measures.get(c.measure))]
    if not screens:
        return None
    newest = max(screens, key=lambda c: (datetime.fromisoformat(c.taken_at), c.id))
    restarted = log.plan_created_at()
    # in the same second, the screen counts: the safe side
    if restarted and datetime.fromisoformat(restarted) > datetime.fromisoformat(newest.taken_at):
        return None
    try:
        score = catalog.measures[newest.measure].score(newest.answers)
    except ValueError:
        return None  # answers this version no longer accepts: they place no one
    return date.fromisoformat(newest.day), score


def _screening(measure: Measure | None) -> bool:
    return measure is not None and isinstance(measure.scoring, StratifiedScoring)


def score_words(catalog: Catalog, score: Score, before: tuple[date, Score] | None) -> str:
    """What a saved check-in's score means: a screen's risk group in the rulebook's words,
    or a mean score with its range, which way is better, and the one before it."""
    if score.risk is not None:
        return screen_result(catalog.safety.rulebook, score)
    measure = catalog.measure(score.measure)
    scale = measure.items[0].scale
    assert scale is not None and isinstance(measure.scoring, MeanScoring)  # a mean of numbers
    better = better_words(measure.scoring.better)
    words = _("Saved. Your {measure} score is {score:g} ({lowest} to {highest}; {better}).").format(
        measure=score.name,
        score=score.value,
        lowest=scale.lowest,
        highest=scale.highest,
        better=better,
    )
    if before is not None:
        words += " " + _("Last time, on {day}, it was {score:g}.").format(
            day=before[0].isoformat(), score=before[1].value
        )
    return words
