"""The safety rulebook: every decision about pain, progress and dose, made in one place.

The pain check, the session player's recording, the progress summary, the six-week
plan and the command line all ask this module; none of them decides on its own. The
numbers come from ``data/safety.yaml`` (``rulebook:`` and ``stop_rule.minutes``), so a
change there changes every verdict and every word about it.

These questions are answered here, and the ladder's in ``exercises_lib.ladder``, which
reads the same numbers:

- ``pain_verdict``: what a pain check (before, after, and the follow-up answer) means
  right now, and what to say.
- ``judge_week``: whether a calendar week of logged days was good enough to move on.
- ``standing``: where the learner stands overall (carry on, hold, pause, stop). The
  plan, the summary, the progress page and Today's session show the same standing, so
  they never disagree; a new plan starts only when it is not stopped or paused.
- ``not_improving``: at a review week, whether pain, the learner's own goals and the
  check-in scores together say to show the log to a doctor or physio.
- ``screened_out``: whether screening answers send the learner to a clinician first.
- ``ladder.next_rung``: which rung of an exercise's ladder to do next: down one on amber
  or red, down one after worse mornings in a row, up one after green sessions in a row
  (never up to a rung that waits for clearance).

A verdict reads the score after as well as before: a rise to a high score, or above a
mild ache, is never green, and weeks of high pain lead to a doctor or physio.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from .i18n import N_, _, join_and, ngettext
from .measures import Risk, Score, Trend
from .models import Catalog, Dose, Exercise, RoutineItem
from .painverdict import (
    PainLevel,
    PainVerdict,
    pain_rose,
    pain_verdict,
    pain_was_high_after,
    settle_or_doctor,
)
from .safetymodels import Rulebook

__all__ = [
    "Day",
    "DayRow",
    "PainLevel",
    "PainVerdict",
    "Standing",
    "StandingLevel",
    "WeekVerdict",
    "judge_week",
    "judge_weeks",
    "not_improving",
    "pain_rose",
    "pain_trend",
    "pain_verdict",
    "pain_was_high_after",
    "screen_result",
    "screened_out",
    "standing",
    "starting_dose",
]


def starting_dose(catalog: Catalog, exercise: Exercise) -> Dose:
    """The dose a learner starts an exercise at: the first week of the plan that has it.

    The plan builds up from gentle first doses; the card's full dose comes later. An
    exercise no programme names starts at its card's dose.
    """
    for program in catalog.programs.values():
        for week in program.weeks:
            for item in week.items:
                if item.exercise.id == exercise.id:
                    return item.dose
    return exercise.dose


def gentle_moves(catalog: Catalog) -> tuple[RoutineItem, ...]:
    """The rulebook's gentle-day moves, each at the dose a learner starts it at: what a
    gentle day offers, whether or not this week of the plan has them."""
    return tuple(
        RoutineItem(catalog[e], starting_dose(catalog, catalog[e]))
        for e in catalog.safety.rulebook.gentle_day
    )


class DayRow(NamedTuple):
    """One row of the log as the rulebook reads it."""

    day: date
    before: int | None
    after: int | None
    stop_rule: bool
    session: bool  # work was done: an exercise with reps, not a skipped one nor a check alone
    nerve_signs: bool = False


@dataclass(frozen=True)
class Day:
    """What the log says about one day: sessions and pain checks, folded together."""

    day: date
    session: bool = False  # work was done that day
    pain_checks: int = 0  # pain checks with both scores (entries with both count too)
    red_rise: bool = False
    stop_rule: bool = False
    nerve_signs: bool = False
    high_before: bool = False
    high_after: bool = False
    pairs: tuple[tuple[int, int], ...] = ()  # (before, after) of each whole check, in order
    befores: tuple[int, ...] = ()  # every pain before, in order

    @property
    def afters(self) -> tuple[int, ...]:
        return tuple(after for _before, after in self.pairs)

    @property
    def level(self) -> PainLevel | None:
        """The day's pain checks at their worst colour, as the ladder reads them: red for
        the stop rule, nerve signs or a big rise; amber for high pain after; gentle for high
        pain before; green else; None with no whole pain check that day."""
        if self.stop_rule or self.nerve_signs or self.red_rise:
            return PainLevel.RED
        if self.high_after:
            return PainLevel.AMBER
        if self.high_before:
            return PainLevel.GENTLE
        return PainLevel.GREEN if self.pain_checks else None

    @classmethod
    def fold(cls, rules: Rulebook, rows: Iterable[Sequence[object]]) -> list[Day]:
        """Days from log rows (``DayRow``, or tuples of its fields in order)."""
        days: dict[date, Day] = {}
        for row in rows:
            day, before, after, stop_rule, is_session, nerves = DayRow(*row)  # type: ignore[arg-type]
            old = days.get(day, cls(day))
            both = before is not None and after is not None
            days[day] = cls(
                day,
                session=old.session or is_session,
                pain_checks=old.pain_checks + both,
                red_rise=old.red_rise or pain_rose(rules, before, after),
                stop_rule=old.stop_rule or stop_rule,
                nerve_signs=old.nerve_signs or nerves,
                high_before=old.high_before
                or (before is not None and before >= rules.high_pain_before),
                high_after=old.high_after or (both and pain_was_high_after(rules, before, after)),
                pairs=old.pairs + (((before, after),) if both else ()),  # type: ignore[operator]
                befores=old.befores + ((before,) if before is not None else ()),
            )
        return sorted(days.values(), key=lambda d: d.day)


class WeekVerdict(str, Enum):
    """Why a calendar week did, or did not, move the plan on."""

    GOOD = "good"
    STOP_RULE = "stop-rule"
    NERVE_SIGNS = "nerve-signs"
    RED_RISE = "red-rise"
    HIGH_AFTER = "high-after"
    HIGH_PAIN = "high-pain"
    NO_SESSIONS = "no-sessions"
    TOO_FEW_DAYS = "too-few-days"
    NO_PAIN_CHECK = "no-pain-check"
    PAIN_RISING = "pain-rising"

    @property
    def for_pain(self) -> bool:
        """Held because of pain (these count towards pausing the plan)."""
        return self in _FOR_PAIN

    def why(self, rules: Rulebook, days: Sequence[Day]) -> str:
        """What the learner reads when this week holds the plan."""
        if self is WeekVerdict.HIGH_AFTER:
            count = len([d for d in days if d.high_after])
            return ngettext(
                "Your pain after exercise was more than a mild ache on {count} day last week. "
                "Stay on this week and use the easier versions.",
                "Your pain after exercise was more than a mild ache on {count} days last week. "
                "Stay on this week and use the easier versions.",
                count,
            ).format(count=count)
        if self is WeekVerdict.HIGH_PAIN:
            count = len([d for d in days if d.high_before])
            return ngettext(
                "Your pain was {high} or more before exercise on {count} day last week: gentle "
                "moves only; stay on this week.",
                "Your pain was {high} or more before exercise on {count} days last week: gentle "
                "moves only; stay on this week.",
                count,
            ).format(high=rules.high_pain_before, count=count)
        if self is WeekVerdict.TOO_FEW_DAYS:
            session_days = len([d for d in days if d.session])
            return ngettext(
                "Only {count} session day logged last week; {needed} or more move you on. "
                "Stay on this week.",
                "Only {count} session days logged last week; {needed} or more move you on. "
                "Stay on this week.",
                session_days,
            ).format(count=session_days, needed=rules.good_week_days)
        return {
            WeekVerdict.GOOD: "",
            WeekVerdict.STOP_RULE: _stop_the_plan(rules.stop_minutes),
            WeekVerdict.NERVE_SIGNS: _(_NERVES),
            WeekVerdict.RED_RISE: _(
                "Your pain went up by more than {rise} points after a session last week. Stay "
                "on this week and use the easier version."
            ).format(rise=rules.settling_rise),
            WeekVerdict.PAIN_RISING: _(_PAIN_RISING),
            WeekVerdict.NO_SESSIONS: _("No sessions logged last week: stay on this week."),
            WeekVerdict.NO_PAIN_CHECK: ngettext(
                "Fewer than {count} pain check last week, so the plan cannot tell how your back "
                "took it. Do the pain check after each session; stay on this week.",
                "Fewer than {count} pain checks last week, so the plan cannot tell how your back "
                "took it. Do the pain check after each session; stay on this week.",
                rules.good_week_pain_checks,
            ).format(count=rules.good_week_pain_checks),
        }[self]

    @property
    def reason(self) -> str:
        """A few words for why pain held a week, for the pause's headline."""
        return _(_REASONS[self]) if self in _REASONS else ""


_FOR_PAIN = frozenset(
    {
        WeekVerdict.STOP_RULE,
        WeekVerdict.NERVE_SIGNS,
        WeekVerdict.RED_RISE,
        WeekVerdict.HIGH_AFTER,
        WeekVerdict.HIGH_PAIN,
        WeekVerdict.PAIN_RISING,
    }
)
_REASONS = {
    WeekVerdict.RED_RISE: N_("a big rise in pain after exercise"),
    WeekVerdict.HIGH_AFTER: N_("more than a mild ache after exercise"),
    WeekVerdict.HIGH_PAIN: N_("high pain before exercise"),
    WeekVerdict.PAIN_RISING: N_("pain after exercise going up"),
}


def judge_week(rules: Rulebook, days: Sequence[Day]) -> WeekVerdict:
    """A good week: enough days of work, enough pain checks, and no pain the rules flag.

    A day with high pain before is a gentle-only day, and a day with more than a mild ache
    after is one to ease off from: either holds the week, and counts towards a pause.
    """
    for flag, verdict in (
        ("stop_rule", WeekVerdict.STOP_RULE),
        ("nerve_signs", WeekVerdict.NERVE_SIGNS),
        ("red_rise", WeekVerdict.RED_RISE),
        ("high_after", WeekVerdict.HIGH_AFTER),
        ("high_before", WeekVerdict.HIGH_PAIN),
    ):
        if any(getattr(d, flag) for d in days):
            return verdict
    session_days = [d for d in days if d.session]
    if not session_days and not any(d.pain_checks for d in days):
        return WeekVerdict.NO_SESSIONS
    if len(session_days) < rules.good_week_days:
        return WeekVerdict.TOO_FEW_DAYS
    if sum(d.pain_checks for d in days) < rules.good_week_pain_checks:
        return WeekVerdict.NO_PAIN_CHECK
    return WeekVerdict.GOOD


def pain_trend(rules: Rulebook, afters: Sequence[float]) -> str:
    """'up' or 'down' when the last few scores after exercise average a step away from
    the few before them (``trend_scores`` and ``trend_step``); else 'steady'."""
    count = rules.trend_scores
    if len(afters) < count + 1:
        return "not enough data"
    recent, before = afters[-count:], afters[-2 * count : -count]
    change = sum(recent) / len(recent) - sum(before) / len(before)
    if change >= rules.trend_step:
        return "up"
    if change <= -rules.trend_step:
        return "down"
    return "steady"


def _rising(rules: Rulebook, pairs: Sequence[tuple[int, int]]) -> bool:
    """Pain after going up in a way that matters: above a mild ache, or above pain before
    by more than the settling rise.

    A rise from no pain to a mild ache (0 to 2) is green on the feel scale, so it never
    holds the plan.
    """
    if pain_trend(rules, [after for _before, after in pairs]) != "up":
        return False
    recent = pairs[-rules.trend_scores :]
    after = sum(a for _b, a in recent) / len(recent)
    before = sum(b for b, _a in recent) / len(recent)
    return after > rules.mild_ache_max or after - before > rules.settling_rise


def judge_weeks(
    rules: Rulebook, days: Sequence[Day], start: date, today: date
) -> list[WeekVerdict]:
    """The verdict of every calendar week from ``start`` that is over by ``today``.

    A week that would be good is held when pain after exercise was going up by its end.
    """
    out = []
    first = start
    while first + timedelta(days=7) <= today:
        end = first + timedelta(days=7)
        verdict = judge_week(rules, [d for d in days if first <= d.day < end])
        pairs = [p for d in days if start <= d.day < end for p in d.pairs]
        if verdict is WeekVerdict.GOOD and _rising(rules, pairs):
            verdict = WeekVerdict.PAIN_RISING
        out.append(verdict)
        first = end
    return out


class StandingLevel(str, Enum):
    """Where the learner stands, from most to least serious."""

    STOP = "stop"  # pain lasted past the stop rule, or nerve signs: stop and contact a doctor
    PAUSE = "pause"  # held for pain too long: pause and see a GP or physio
    HOLD = "hold"  # stay where you are this week
    OK = "ok"


@dataclass(frozen=True)
class Standing:
    """One verdict for the plan, the progress page, Today's session and the log summary."""

    level: StandingLevel
    headline: str
    since: date | None = None  # the day a stop or pause began: the plan stays at that week
    done_today: bool = False  # a red or amber check today: no more exercise today

    @property
    def ok(self) -> bool:
        return self.level is StandingLevel.OK

    @property
    def stopped(self) -> bool:
        """Stop or pause: no more plan sessions until a doctor or physio has been seen."""
        return self.level in (StandingLevel.STOP, StandingLevel.PAUSE)


def standing(
    rules: Rulebook,
    days: Sequence[Day],
    today: date,
    *,
    since: date | None = None,
    screen: tuple[date, Score] | None = None,
) -> Standing:
    """The learner's standing from the days logged since ``since`` (the plan's start).

    Without a plan, the last ``recent_weeks`` weeks count. A stop-rule event or nerve
    signs stop the plan until it is restarted (after talking to a doctor); so do pain held
    for ``pause_after_held_weeks`` weeks in a row and a second big rise within
    ``red_rise_days``, and so does ``screen``, the latest screening answers (with their
    day), when they place the learner at high risk. A recent big rise, recent high pain,
    or pain after exercise going up, holds.
    """
    start = since or today - timedelta(weeks=rules.recent_weeks)
    window = [d for d in days if start <= d.day <= today]
    # the same days the pain check calls red or amber (PainVerdict.done_for_today)
    done_today = any(
        d.day == today and (d.stop_rule or d.nerve_signs or d.red_rise or d.high_after)
        for d in window
    )
    found = (
        _screened(rules, screen)
        or _stopped(rules, window, start, today)
        or _held(rules, window, today)
    )
    if found is None:
        return Standing(StandingLevel.OK, _("On track."), done_today=done_today)
    level, headline, began = found
    return Standing(level, headline, began, done_today)


def _screened(
    rules: Rulebook, screen: tuple[date, Score] | None
) -> tuple[StandingLevel, str, date] | None:
    """A pause from the day screening answers placed the learner at high risk."""
    words = screened_out(rules, screen[1]) if screen else ""
    return (StandingLevel.PAUSE, words, screen[0]) if screen and words else None


def _stopped(
    rules: Rulebook, window: Sequence[Day], start: date, today: date
) -> tuple[StandingLevel, str, date] | None:
    """Stop or pause, with the words and the day it began; None when neither."""
    stopped = [d.day for d in window if d.stop_rule]
    nerves = [d.day for d in window if d.nerve_signs]
    if stopped or nerves:
        words = [_stop_the_plan(rules.stop_minutes, _days(stopped))] if stopped else []
        words += [_(_NERVES_ON).format(on_days=_on(nerves))] if nerves else []
        return StandingLevel.STOP, " ".join([*words, _(_MEANWHILE)]), min(stopped + nerves)
    red = sorted(d.day for d in window if d.red_rise)
    for first, second in pairwise(red):
        if (second - first).days < rules.red_rise_days:
            headline = _(
                "Your pain went up by more than {rise} points after exercise again ({on_days}). "
                "Pause the plan and contact {doctor} before you go on."
            ).format(rise=rules.settling_rise, on_days=_on([first, second]), doctor=rules.doctor)
            return StandingLevel.PAUSE, headline + " " + _(_MEANWHILE), second
    run: list[WeekVerdict] = []
    for number, verdict in enumerate(judge_weeks(rules, window, start, today)):
        run = [*run, verdict] if verdict.for_pain else []
        if len(run) >= rules.pause_after_held_weeks:
            reasons = join_and(sorted({v.reason for v in run if v.reason})) or _(
                "pain after exercise"
            )
            headline = _(
                "Pain held your plan back {weeks} weeks in a row ({reasons}). Pause the plan "
                "and see {doctor} or a {physio} before you go on."
            ).format(weeks=len(run), reasons=reasons, doctor=rules.doctor, physio=rules.physio)
            began = start + timedelta(days=7 * (number + 1))
            return StandingLevel.PAUSE, headline + " " + _(_MEANWHILE), began
    return None


def _held(
    rules: Rulebook, window: Sequence[Day], today: date
) -> tuple[StandingLevel, str, None] | None:
    """Hold, with the words; None when nothing recent holds the plan."""
    red = [d.day for d in window if d.red_rise and (today - d.day).days < rules.red_rise_days]
    if red:
        rise = _("Your pain went up by more than {rise} points after exercise ({on_days}).")
        if today in red:
            then = settle_or_doctor(rules)
        else:
            then = _(
                "Stay on this week and use the easier version. If it happens again, the plan "
                "pauses until you have talked to a doctor."
            )
        words = rise.format(rise=rules.settling_rise, on_days=_on(red)) + " " + then
        return StandingLevel.HOLD, words, None
    week = [d for d in window if (today - d.day).days < 7]
    high_after = [d.day for d in week if d.high_after]
    if high_after:
        words = _(
            "Your pain after exercise was more than a mild ache ({on_days}). Stay on this week "
            "and use the easier versions."
        ).format(on_days=_on(high_after))
        return StandingLevel.HOLD, words, None
    high_before = [d.day for d in week if d.high_before]
    if high_before:
        words = _(
            "Your pain was {high} or more before exercise ({on_days}): gentle moves only on "
            "such days, and stay on this week."
        ).format(high=rules.high_pain_before, on_days=_on(high_before))
        return StandingLevel.HOLD, words, None
    if _rising(rules, [p for d in window for p in d.pairs]):
        return StandingLevel.HOLD, _(_PAIN_RISING), None
    return None


def not_improving(
    rules: Rulebook,
    days: Sequence[Day],
    started_on: date,
    week: int,
    trends: Sequence[Trend] = (),
) -> str:
    """At a review week, a flag to show the log to a doctor or physio; else ''.

    Pain before, over the last two weeks, must be above a mild ache. Once the learner's
    own goals or check-in scores have a trend, the plan is never judged on pain alone: the
    flag also needs every score to be no better, by its own margin, than at the start.
    Without scores, it needs pain before no lower than in the first two weeks.
    """
    if week not in rules.review_weeks:
        return ""
    last = max((d.day for d in days), default=started_on)
    recent = [b for d in days if last - timedelta(weeks=2) < d.day <= last for b in d.befores]
    if not recent or sum(recent) / len(recent) <= rules.mild_ache_max:
        return ""
    if trends:
        if any(t.improved for t in trends):
            return ""
        return _(
            "Your pain is more than a mild ache, and your goals and check-in scores have not "
            "improved since you started. Show your log to {doctor} or a {physio}."
        ).format(doctor=rules.doctor, physio=rules.physio)
    early_end = started_on + timedelta(weeks=2)
    early = [b for d in days if started_on <= d.day < early_end for b in d.befores]
    if not early or last < early_end or sum(recent) / len(recent) < sum(early) / len(early):
        return ""
    return _(
        "Your pain has not improved since you started. Show your log to {doctor} or a {physio}."
    ).format(doctor=rules.doctor, physio=rules.physio)


def screen_result(rules: Rulebook, score: Score) -> str:
    """What a screening questionnaire's risk group means for the learner, in plain words."""
    if score.risk is Risk.HIGH:
        return screened_out(rules, score)
    if score.risk is Risk.MEDIUM:
        return _(
            "Your answers to the {measure} questions put you in the medium-risk group. The "
            "course suits you. If your back is no better by the week-{week} review, show "
            "your log to {doctor} or a {physio}."
        ).format(
            measure=score.name,
            week=min(rules.review_weeks),
            doctor=rules.doctor,
            physio=rules.physio,
        )
    return _(
        "Your answers to the {measure} questions put you in the low-risk group: back pain "
        "like yours usually gets better with staying active and exercises like these."
    ).format(measure=score.name)


def screened_out(rules: Rulebook, score: Score | None) -> str:
    """The words that send the learner to a clinician when a screening questionnaire
    places them at high risk; '' otherwise. The gentle moves and walks stay open."""
    if score is None or score.risk is not Risk.HIGH:
        return ""
    return _(
        "Your answers to the {measure} questions put you in the group whose back pain is "
        "more likely to last. See {doctor} or a {physio} before you do more than the gentle "
        "moves: they can give you care that fits you. Gentle moves and short walks are fine "
        "meanwhile. When they have said yes, restart the plan."
    ).format(measure=score.name, doctor=rules.doctor, physio=rules.physio)


_PAIN_RISING = N_(
    "Your pain after exercise is going up. Stay on this week and use the easier versions."
)


_NERVES = N_(
    "You had sharp, shooting or spreading pain, or pins and needles. Stop the plan and "
    "contact a doctor before you go on."
)
_NERVES_ON = N_(
    "You had sharp, shooting or spreading pain, or pins and needles ({on_days}). Stop the "
    "plan and contact a doctor before you go on."
)
_MEANWHILE = N_(
    "Meanwhile, keep gently active: short walks and your normal day. This is not bed rest."
)


def _stop_the_plan(minutes: int, days: str = "") -> str:
    if days:
        stop = _(
            "Pain lasted more than {minutes} minutes ({on_days}). Stop the plan and contact "
            "a doctor before you go on."
        )
        return stop.format(minutes=minutes, on_days=days)
    stop = _(
        "Pain lasted more than {minutes} minutes. Stop the plan and contact a doctor before "
        "you go on."
    )
    return stop.format(minutes=minutes)


def _days(days: Sequence[date]) -> str:
    return _on(days) if days else ""


def _on(days: Sequence[date]) -> str:
    """'on 2026-10-05', or 'on the days 2026-10-05, 2026-10-07' (one form per language)."""
    unique = sorted(set(days))
    listed = ", ".join(d.isoformat() for d in unique)
    return ngettext("on {days}", "on {days}", len(unique)).format(days=listed)
