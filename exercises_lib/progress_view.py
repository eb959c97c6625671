"""The progress page: weeks in a row, sessions per week, pain trend, flags, a doctor's summary."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from pathlib import Path

from .charts import Series, bar_chart_svg, day_chart_svg
from .i18n import _
from .measures import GOAL_SCORE_RANGE, MeanScoring, Risk, Score, better_words
from .models import Catalog
from .outcomes import Outcomes, latest_screen, read_outcomes
from .plan import todays_plan
from .progress import ProgressLog, Summary, default_db_path
from .rendering import (
    CARD_CSS,
    header_row,
    plan_day_html,
    program_html,
    safety_footer_html,
    trend_word,
)

__all__ = ["ProgressReport", "daily_pain", "pain_chart_svg", "weekly_chart_svg"]

# Line colours with more than 4.5:1 contrast on white; each line also has its own marker.
_GOALS, _CHECK_IN = "#1d6b3a", "#5b2a86"


def _goals_heading(shown: bool) -> str:
    words = _("Goals and check-ins")
    return f"<h3>{escape(words)}</h3>" if shown else ""


def _score_text(score: Score) -> str:
    """A score as a doctor reads it: the number, and a screen's risk group."""
    if score.risk is None:
        return f"{score.value:g}"
    groups = {Risk.LOW: _("low risk"), Risk.MEDIUM: _("medium risk"), Risk.HIGH: _("high risk")}
    return f"{score.value:g}, {groups[score.risk]}"


def weekly_chart_svg(summary: Summary) -> str:
    """Bars: session days in each of the last twelve weeks."""
    weeks = list(summary.weekly)[-12:]
    return bar_chart_svg(
        [w.split("-")[1] for w in weeks],
        [summary.weekly[w] for w in weeks],
        _("Sessions per week"),
        _("session days"),
    )


def daily_pain(points: list[tuple[str, float, float]]) -> list[tuple[date, float, float]]:
    """One point per day: the highest pain before and after that day, as a doctor would ask."""
    days: dict[date, tuple[float, float]] = {}
    for day, before, after in points:
        key = date.fromisoformat(day[:10])
        old = days.get(key, (before, after))
        days[key] = (max(old[0], before), max(old[1], after))
    return [(day, *days[day]) for day in sorted(days)]


def pain_chart_svg(summary: Summary) -> str:
    """Lines over real days: pain before and after (0-10), the highest each day, marked
    so they read in grey too."""
    points = daily_pain(summary.pain_points)[-30:]
    return day_chart_svg(
        [p[0] for p in points],
        [
            Series(_("before"), [p[1] for p in points], "#555555", dashed=True),
            Series(_("after"), [p[2] for p in points], "#a4161a", marker="square"),
        ],
        _("Pain before and after exercise (highest each day)"),
        _("pain (0-10)"),
        top=10,
    )


class ProgressReport:
    """Shows the learner's log; prints as a one-page summary for their doctor."""

    def __init__(self, catalog: Catalog, db: Path | None = None, *, today: date | None = None):
        self.path = Path(db) if db is not None else default_db_path()
        rules = catalog.safety.rulebook
        if self.path.exists():
            with ProgressLog(self.path, readonly=True) as log:
                self.summary = log.summary(rules, today, screen=latest_screen(log, catalog))
                self.entries = log.entries()
                self.walked = log.walked()
                self.outcomes = read_outcomes(log, catalog, today)
        else:  # nothing logged yet: show how to start, and create nothing
            self.summary, self.entries, self.walked = Summary.empty(rules), [], {}
            self.outcomes = Outcomes((), {}, catalog.measures)
        self.today = today or date.today()
        self.recent_weeks = rules.recent_weeks
        self.safety = catalog.safety
        self.names = {e.id: e.name for e in catalog}
        self.rungs = {(e.id, r.id): r.name for e in catalog for r in e.ladder}
        self.plan = todays_plan(catalog, self.path, today)

    def _plan_html(self) -> str:
        """Where the plan stands (held or not, and why) and all its weeks, this one marked."""
        if self.plan is None:
            return ""
        return plan_day_html(self.plan, css=False) + program_html(
            self.plan.program, current=self.plan.week, css=False
        )

    def _walking_weeks(self) -> list[tuple[date, int]]:
        """Minutes walked in each of the recent weeks (Monday first), oldest first."""
        monday = self.today - timedelta(days=self.today.weekday())
        starts = [monday - timedelta(weeks=n) for n in range(self.recent_weeks - 1, -1, -1)]
        return [
            (
                start,
                sum(
                    m for day, m in self.walked.items() if start <= day < start + timedelta(weeks=1)
                ),
            )
            for start in starts
        ]

    def _walking_html(self) -> str:
        """Walking, week by week."""
        if not self.walked:
            return ""
        head = header_row(_("Week starting"), _("Minutes walked"))
        rows = "".join(
            f"<tr><td>{start.isoformat()}</td><td>{minutes}</td></tr>"
            for start, minutes in self._walking_weeks()
        )
        heading = escape(_("Walking"))  # this week's target is in the plan's box below
        return f"<h3>{heading}</h3><table>{head}{rows}</table>"

    def outcomes_charts_html(self, *, heading: bool = True) -> str:
        """The goals' average and each questionnaire's score, as lines over time."""
        charts = []
        average = self.outcomes.goal_average
        if average:
            low, high = GOAL_SCORE_RANGE
            charts.append(
                day_chart_svg(
                    [day for day, _value in average],
                    [Series(_("average of your goals"), [v for _day, v in average], _GOALS)],
                    _(
                        "Your goals: how well you can do them ({low} to {high}, higher is better)"
                    ).format(low=low, high=high),
                    _("score"),
                    top=high,
                )
            )
        for measure_id, points in self.outcomes.check_ins.items():
            measure = self.outcomes.measures[measure_id]
            scale = measure.items[0].scale
            if not isinstance(measure.scoring, MeanScoring) or scale is None:
                continue  # a screen gives a risk group, said in the summary, not a line
            charts.append(
                day_chart_svg(
                    [day for day, _score in points],
                    [
                        Series(
                            measure.name,
                            [s.value for _day, s in points],
                            _CHECK_IN,
                            marker="square",
                        )
                    ],
                    _("{measure} score ({lowest} to {highest}, {better})").format(
                        measure=measure.name,
                        lowest=scale.lowest,
                        highest=scale.highest,
                        better=better_words(measure.scoring.better),
                    ),
                    _("score"),
                    top=scale.highest,
                )
            )
        if not charts:
            return ""
        return _goals_heading(heading) + "".join(charts)

    def outcomes_table_html(self, *, heading: bool = True) -> str:
        """For the doctor: each goal and questionnaire, first and latest, and any screen."""
        rows = []
        for line in self.outcomes.goals:
            if line.scores:
                (day1, score1), (day2, score2) = line.scores[0], line.scores[-1]
                rows.append((line.goal.activity, f"{score1} ({day1})", f"{score2} ({day2})"))
        for measure_id, points in self.outcomes.check_ins.items():
            name = self.outcomes.measures[measure_id].name
            (start, first), (end, last) = points[0], points[-1]
            rows.append((name, f"{_score_text(first)} ({start})", f"{_score_text(last)} ({end})"))
        if not rows:
            return ""
        head = header_row(_("Goal or questionnaire"), _("First"), _("Latest"))
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
        )
        return f"{_goals_heading(heading)}<table>{head}{body}</table>"

    def _repr_html_(self) -> str:
        s = self.summary
        title = escape(_("Your progress"))
        if not s.sessions:
            none = _(
                "No sessions yet. Do one in the Today's session notebook, and it will show here."
            )
            # a pain check saved before any session was finished shows all the same
            checks = pain_chart_svg(s) if s.pain_points else ""
            return (
                CARD_CSS
                + f'<article class="exl-card"><h2>{title}</h2><p>{escape(none)}</p>{checks}'
                + f"{self._walking_html()}{self.outcomes_charts_html()}</article>"
                + self._plan_html()
                + safety_footer_html(self.safety, css=False)
            )
        flags = "".join(f"<li>{escape(f)}</li>" for f in s.flags)
        note = escape(_("Please note"))
        flag_box = (
            f'<div class="exl-caution" role="alert"><h3>{note}</h3><ul>{flags}</ul></div>'
            if flags
            else ""
        )
        no_checks = "<p>" + escape(_("No pain checks yet.")) + "</p>"
        charts = weekly_chart_svg(s) + (pain_chart_svg(s) if s.pain_points else no_checks)
        figures = (
            (_("Session days:"), str(s.sessions)),
            (_("Weeks in a row:"), str(s.streak_weeks)),
            (_("Pain after exercise:"), trend_word(s.pain_trend)),
        )
        line = " · ".join(f"<strong>{escape(k)}</strong> {escape(v)}" for k, v in figures)
        return (
            CARD_CSS
            + f'<article class="exl-card exl-progress"><h2>{title}</h2>'
            + f"{flag_box}<p>{line}</p>"
            + f"{charts}{self._walking_html()}{self.outcomes_charts_html()}</article>"
            + f"{self._plan_html()}{self.clinician_summary_html()}"
            + safety_footer_html(self.safety, css=False)
        )

    def clinician_summary_html(self) -> str:
        """A short table for a doctor: what was done, every pain score before and after
        (pain checks and logged entries alike), and the lines the rulebook flagged."""
        done: dict[tuple[str, str], int] = {}
        for entry in self.entries:
            key = (entry.exercise, entry.rung or "")
            done[key] = done.get(key, 0) + (entry.reps or 0)
        not_named = _("not recorded")  # logged before the course had ladders
        rows = "".join(
            f"<tr><td>{escape(self.names.get(move, move))}</td>"
            f"<td>{escape(self.rungs.get((move, rung), rung) or not_named)}</td><td>{n}</td></tr>"
            for (move, rung), n in sorted(done.items())
        )
        s = self.summary
        flagged = {
            **dict.fromkeys(s.nerve_signs_days, _("nerve signs")),
            **dict.fromkeys(s.stop_rule_days, _("pain lasted")),
        }
        pains = "".join(
            f"<tr><td>{escape(day)}</td><td>{before:g}</td><td>{after:g}</td>"
            f"<td>{escape(flagged.get(day, ''))}</td></tr>"
            for day, before, after in s.pain_points
        )
        flags = "".join(f"<li>{escape(line)}</li>" for line in s.flags)
        summary = _(
            "Session days: {days}. Weeks in a row: {weeks}. Pain trend after exercise: {trend}."
        ).format(
            days=self.summary.sessions,
            weeks=self.summary.streak_weeks,
            trend=trend_word(self.summary.pain_trend),
        )
        if self.walked:  # a log with no walks says nothing of walking
            walked = sum(minutes for _start, minutes in self._walking_weeks())
            summary += " " + _("Walking: {minutes} min over the last {weeks} weeks.").format(
                minutes=walked, weeks=self.recent_weeks
            )
        done_head = header_row(_("Exercise"), _("Version done"), _("Reps"))
        pain_head = header_row(_("Date"), _("Before"), _("After"), _("Flagged"))
        return (
            '<article class="exl-card exl-clinician-summary">'
            + (
                "<h2>"
                + escape(_("Summary for your doctor"))
                + "</h2><p>"
                + escape(summary)
                + "</p>"
                + (f"<ul>{flags}</ul>" if flags else "")
            )
            + (
                "<h3>"
                + escape(_("Reps done, all time"))
                + "</h3><table>"
                + str(done_head)
                + str(rows)
                + "</table>"
            )
            + (
                "<h3>"
                + escape(_("Pain before and after, every score"))
                + "</h3><table>"
                + str(pain_head)
                + str(pains)
                + "</table>"
            )
            + self.outcomes_table_html()
            + "</article>"
        )
