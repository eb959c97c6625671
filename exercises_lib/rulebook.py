"""The safety rulebook: every decision about pain, progress and dose, made in one place.

The pain check, the session player's recording, the progress summary, the six-week
plan and the command line all ask this module; none of them decides on its own. The
numbers come from ``data/safety.yaml`` (``rulebook:`` and ``stop_rule.minutes``), so a
change there changes every verdict and every word about it.

Three questions are answered here:

- ``pain_verdict``: what a pain check (before, after, and the follow-up answer) means
  right now, and what to say.
- ``judge_week``: whether a calendar week of logged days was good enough to move on.
- ``standing``: where the learner stands overall (carry on, hold, pause, stop). The
  plan and the summary show the same standing, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from .i18n import N_, _, join_and, ngettext
from .models import Catalog, Dose, Exercise, Rulebook

__all__ = [
    "Day",
    "PainLevel",
    "PainVerdict",
    "Standing",
    "StandingLevel",
    "WeekVerdict",
    "judge_week",
    "judge_weeks",
    "pain_rose",
    "pain_trend",
    "pain_verdict",
    "standing",
    "starting_dose",
]


class PainLevel(str, Enum):
    """The colour of a pain check, as on the course's feel scale."""

    GREEN = "green"
    GENTLE = "gentle"  # pain before was high: a gentle-only day
    RED = "red"


@dataclass(frozen=True)
class PainVerdict:
    """What one pain check means, and the words to say about it."""

    level: PainLevel
    headline: str
    advice: str
    ask_again: bool  # offer to ask again after the stop rule's minutes

    @property
    def stop(self) -> bool:
        """Stop exercising and contact a doctor."""
        return self.level is PainLevel.RED


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


def pain_rose(rules: Rulebook, before: int | None, after: int | None) -> bool:
    """A rise too big to settle: after is higher than before by more than the settling rise."""
    return before is not None and after is not None and after - before > rules.settling_rise


def _mild(rules: Rulebook, score: int) -> bool:
    """Whether a score may be called a mild ache: 0 up to the rulebook's mild limit."""
    return score <= rules.mild_ache_max


def pain_verdict(
    rules: Rulebook,
    before: int | None,
    after: int | None = None,
    *,
    still_hurts: bool | None = None,
) -> PainVerdict:
    """The verdict on a pain check: before alone, before and after, or the follow-up answer.

    Red: a rise bigger than the settling rise, or pain still there after the stop rule's
    wait. Gentle: pain before at or above the high mark. Green: everything else, worded
    to fit the numbers (a high score is never called a mild ache).
    """
    minutes = rules.stop_minutes
    doctor = rules.stop_rule
    if still_hurts:
        return PainVerdict(
            PainLevel.RED,
            _("Pain lasted more than {minutes} minutes.").format(minutes=minutes),
            _(
                "Stop exercising and contact a doctor today. If you also have any of the "
                "warning signs, get help now as the warning signs say."
            ),
            ask_again=False,
        )
    if still_hurts is False:
        return PainVerdict(
            PainLevel.GREEN,
            _("Good: the pain has settled."),
            _(
                "Keep gently active today: short walks and your normal day help. If your back "
                "is worse the next morning, do less next time."
            ),
            ask_again=False,
        )
    if after is not None and before is not None and pain_rose(rules, before, after):
        return PainVerdict(
            PainLevel.RED,
            _("Your pain went up by {rise} points, from {before} to {after}.").format(
                rise=after - before, before=before, after=after
            ),
            _(
                "Stop exercising for today and contact a doctor. A rise this big is more than "
                "muscles working."
            ),
            ask_again=True,
        )
    if before is not None and before >= rules.high_pain_before:
        return PainVerdict(
            PainLevel.GENTLE,
            _("Your pain is high today ({before} out of 10).").format(before=before),
            _(
                "Do only gentle things today: {moves}. Your plan waits for you. See a doctor "
                "if the pain does not settle."
            ).format(moves=join_and(rules.gentle_names)),
            ask_again=after is not None and after > 0,
        )
    if after is None:
        return PainVerdict(PainLevel.GREEN, "", "", ask_again=False)
    assert before is not None
    ask_again = after > 0
    if after > before:
        return PainVerdict(
            PainLevel.GREEN,
            _("Your pain went up a little, from {before} to {after}.").format(
                before=before, after=after
            ),
            _("A small rise that settles is normal. We'll ask again in {minutes} minutes.").format(
                minutes=minutes
            )
            + " "
            + doctor,
            ask_again=ask_again,
        )
    if after == 0:
        return PainVerdict(PainLevel.GREEN, _("No pain after practice. Well done."), "", False)
    if after < before:
        return PainVerdict(
            PainLevel.GREEN,
            _("Your pain went down, from {before} to {after}.").format(before=before, after=after),
            _("Gentle movement often helps like this."),
            ask_again=ask_again,
        )
    if _mild(rules, after):
        return PainVerdict(
            PainLevel.GREEN,
            _("Your pain is the same as before ({after}).").format(after=after),
            _("A mild ache that settles is fine.") + " " + doctor,
            ask_again=ask_again,
        )
    return PainVerdict(
        PainLevel.GREEN,
        _("Your pain is the same as before ({after} out of 10).").format(after=after),
        _(
            "That is more than a mild ache. Use the easier versions, and talk to your doctor "
            "or physio if it stays this high."
        )
        + " "
        + doctor,
        ask_again=ask_again,
    )


@dataclass(frozen=True)
class Day:
    """What the log says about one day: sessions and pain checks, folded together."""

    day: date
    session: bool = False  # any exercise was logged or a session finished
    pain_checks: int = 0  # pain checks with both scores (entries with both count too)
    red_rise: bool = False
    stop_rule: bool = False
    high_before: bool = False
    afters: tuple[int, ...] = ()  # pain after, in the order it was logged

    @classmethod
    def fold(
        cls,
        rules: Rulebook,
        rows: Iterable[tuple[date, int | None, int | None, bool, bool]],
    ) -> list[Day]:
        """Days from log rows: (day, pain before, pain after, stop rule, is a session)."""
        days: dict[date, Day] = {}
        for day, before, after, stop_rule, is_session in rows:
            old = days.get(day, cls(day))
            both = before is not None and after is not None
            days[day] = cls(
                day,
                session=old.session or is_session,
                pain_checks=old.pain_checks + both,
                red_rise=old.red_rise or pain_rose(rules, before, after),
                stop_rule=old.stop_rule or stop_rule,
                high_before=old.high_before
                or (before is not None and before >= rules.high_pain_before),
                afters=old.afters + ((after,) if both and after is not None else ()),
            )
        return sorted(days.values(), key=lambda d: d.day)


class WeekVerdict(str, Enum):
    """Why a calendar week did, or did not, move the plan on."""

    GOOD = "good"
    STOP_RULE = "stop-rule"
    RED_RISE = "red-rise"
    NO_SESSIONS = "no-sessions"
    TOO_FEW_DAYS = "too-few-days"
    NO_PAIN_CHECK = "no-pain-check"
    PAIN_RISING = "pain-rising"

    @property
    def for_pain(self) -> bool:
        """Held because of pain (these count towards pausing the plan)."""
        return self in (WeekVerdict.STOP_RULE, WeekVerdict.RED_RISE, WeekVerdict.PAIN_RISING)

    def why(self, rules: Rulebook, days: Sequence[Day]) -> str:
        """What the learner reads when this week holds the plan."""
        session_days = len([d for d in days if d.session and not d.high_before])
        minutes = rules.stop_minutes
        return {
            WeekVerdict.GOOD: "",
            WeekVerdict.STOP_RULE: _stop_the_plan(minutes),
            WeekVerdict.RED_RISE: _(
                "Your pain went up by more than {rise} points after a session last week. Stay "
                "on this week, use the easier versions, and contact a doctor if it happens again."
            ).format(rise=rules.settling_rise),
            WeekVerdict.PAIN_RISING: _(_PAIN_RISING),
            WeekVerdict.NO_SESSIONS: _("No sessions logged last week: stay on this week."),
            WeekVerdict.TOO_FEW_DAYS: ngettext(
                "Only {count} session day logged last week; {needed} or more move you on. "
                "Stay on this week.",
                "Only {count} session days logged last week; {needed} or more move you on. "
                "Stay on this week.",
                session_days,
            ).format(count=session_days, needed=rules.good_week_days),
            WeekVerdict.NO_PAIN_CHECK: _(
                "No pain check last week, so the plan cannot tell how your back took it. Do "
                "the pain check after each session; stay on this week."
            ),
        }[self]


def judge_week(rules: Rulebook, days: Sequence[Day]) -> WeekVerdict:
    """A good week: enough session days, a pain check, no red rise and no stop-rule event.

    A day with high pain before is a gentle-only day: it does not count as a session day.
    """
    if any(d.stop_rule for d in days):
        return WeekVerdict.STOP_RULE
    if any(d.red_rise for d in days):
        return WeekVerdict.RED_RISE
    session_days = [d for d in days if d.session and not d.high_before]
    if not session_days and not any(d.pain_checks for d in days):
        return WeekVerdict.NO_SESSIONS
    if len(session_days) < rules.good_week_days:
        return WeekVerdict.TOO_FEW_DAYS
    if sum(d.pain_checks for d in days) < rules.good_week_pain_checks:
        return WeekVerdict.NO_PAIN_CHECK
    return WeekVerdict.GOOD


def pain_trend(afters: Sequence[float]) -> str:
    """'up' when the last three scores after exercise average 1 point or more above the three before."""
    if len(afters) < 4:
        return "not enough data"
    recent, before = afters[-3:], afters[-6:-3]
    change = sum(recent) / len(recent) - sum(before) / len(before)
    if change >= 1:
        return "up"
    if change <= -1:
        return "down"
    return "steady"


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
        if verdict is WeekVerdict.GOOD and _trend_until(days, start, end) == "up":
            verdict = WeekVerdict.PAIN_RISING
        out.append(verdict)
        first = end
    return out


def _trend_until(days: Sequence[Day], start: date, end: date) -> str:
    return pain_trend([a for d in days if start <= d.day < end for a in d.afters])


class StandingLevel(str, Enum):
    """Where the learner stands, from most to least serious."""

    STOP = "stop"  # pain lasted past the stop rule: stop and contact a doctor
    PAUSE = "pause"  # held for pain too long: pause and see a GP or physio
    HOLD = "hold"  # stay where you are this week
    OK = "ok"


@dataclass(frozen=True)
class Standing:
    """One verdict for the plan, the progress page, Today's session and the log summary."""

    level: StandingLevel
    headline: str

    @property
    def ok(self) -> bool:
        return self.level is StandingLevel.OK

    @property
    def stopped(self) -> bool:
        """Stop or pause: no more plan sessions until a doctor or physio has been seen."""
        return self.level in (StandingLevel.STOP, StandingLevel.PAUSE)


def standing(
    rules: Rulebook, days: Sequence[Day], today: date, *, since: date | None = None
) -> Standing:
    """The learner's standing from the days logged since ``since`` (the plan's start).

    Without a plan, the last ``recent_weeks`` weeks count. A stop-rule event stops the
    plan until it is restarted (after talking to a doctor); so does pain held for
    ``pause_after_held_weeks`` weeks in a row. A red rise in this week or the last, or
    pain after exercise going up, holds.
    """
    start = since or today - timedelta(weeks=rules.recent_weeks)
    window = [d for d in days if start <= d.day <= today]
    stopped = [d.day for d in window if d.stop_rule]
    if stopped:
        return Standing(
            StandingLevel.STOP,
            _stop_the_plan(rules.stop_minutes, _days(stopped)),
        )
    run = 0
    for verdict in judge_weeks(rules, window, start, today):
        run = run + 1 if verdict.for_pain else 0
        if run >= rules.pause_after_held_weeks:
            return Standing(
                StandingLevel.PAUSE,
                _(
                    "Pain held your plan back {weeks} weeks in a row. Pause the plan and see "
                    "your GP or physio before you go on."
                ).format(weeks=run),
            )
    recent = [d.day for d in window if d.red_rise and (today - d.day).days < 14]
    if recent:
        return Standing(
            StandingLevel.HOLD,
            _(
                "Your pain went up by more than {rise} points after exercise (on {days}). Stay "
                "on this week, use the easier versions, and contact a doctor if it happens again."
            ).format(rise=rules.settling_rise, days=_days(recent)),
        )
    if pain_trend([a for d in window for a in d.afters]) == "up":
        return Standing(StandingLevel.HOLD, _(_PAIN_RISING))
    return Standing(StandingLevel.OK, _("On track."))


_PAIN_RISING = N_(
    "Your pain after exercise is going up. Stay on this week and talk to your doctor or "
    "physio before you go on."
)


def _stop_the_plan(minutes: int, days: str = "") -> str:
    if days:
        stop = _(
            "Pain lasted more than {minutes} minutes (on {days}). Stop the plan and contact "
            "your doctor before you go on."
        )
    else:
        stop = _(
            "Pain lasted more than {minutes} minutes. Stop the plan and contact your doctor "
            "before you go on."
        )
    return stop.format(minutes=minutes, days=days)


def _days(days: Sequence[date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(set(days)))
