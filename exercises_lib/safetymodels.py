"""The safety rules as the course holds them: sources and credits, the avoid list, the
warning signs, the feel scale, the regions' routes and the rulebook's numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .errors import UsageError
from .i18n import _
from .plain import Plain

__all__ = [
    "AvoidItem",
    "ChecklistItem",
    "Credit",
    "FeelLevel",
    "FeelScale",
    "FlareUp",
    "FloorSafety",
    "Guidance",
    "Point",
    "Points",
    "Region",
    "Rulebook",
    "SafetyRules",
    "Source",
    "StayActive",
    "WarningLevel",
    "WarningSigns",
]


def _citation(title: str, author: str, site: str) -> str:
    return _("“{title}” by {author}, {site}").format(title=title, author=author, site=site)


@dataclass(frozen=True)
class Source(Plain):
    kind: str
    title: str
    author: str
    site: str
    note: str = ""
    unnamed_in_source: bool = False

    @property
    def citation(self) -> str:
        return _citation(self.title, self.author, self.site)


@dataclass(frozen=True)
class Credit(Plain):
    title: str
    author: str
    site: str
    note: str = ""

    @property
    def citation(self) -> str:
        return _citation(self.title, self.author, self.site)


@dataclass(frozen=True)
class AvoidItem(Plain):
    id: str
    name: str
    reason: str


@dataclass(frozen=True)
class ChecklistItem(Plain):
    id: str
    text: str


@dataclass(frozen=True)
class WarningLevel(Plain):
    """One level of warning signs: what to do (heading), the signs, and a one-line short form."""

    heading: str
    short_heading: str
    short: tuple[str, ...]
    items: tuple[str, ...]
    note: str = ""

    @property
    def short_line(self) -> str:
        """The short form in one line, for a terminal: 'Call 999 now if …: a; b; c.'"""
        return f"{self.short_heading}: {'; '.join(self.short)}."


@dataclass(frozen=True)
class WarningSigns(Plain):
    """Signs that need a doctor, not exercise: 999/A&E now, or a GP/111 the same day."""

    intro: str
    emergency: WarningLevel
    urgent: WarningLevel
    source: Source

    @property
    def levels(self) -> tuple[WarningLevel, WarningLevel]:
        return (self.emergency, self.urgent)


@dataclass(frozen=True)
class Guidance(Plain):
    """A short list of advice with its source (e.g. "ask your doctor first if…")."""

    intro: str
    items: tuple[str, ...]
    source: Source
    short: tuple[str, ...] = ()  # each item in a few words, for boxes short on room


@dataclass(frozen=True)
class FeelLevel(Plain):
    """One level of the green / amber / red scale of how an exercise should feel."""

    level: Literal["green", "amber", "red"]
    label: str
    signs: str
    action: str


@dataclass(frozen=True)
class FeelScale(Plain):
    intro: str
    levels: tuple[FeelLevel, ...]
    source: Source


@dataclass(frozen=True)
class StayActive(Plain):
    """Keep moving, the usual course of back pain, and when to see a GP again."""

    intro: str
    items: tuple[str, ...]
    see_gp_if: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class FlareUp(Plain):
    """What to do in a flare-up, one page: reassurance, positions, gentle moves and short
    walks, moving about, relief, when to get help and how to go back to the plan."""

    title: str
    reassure: str
    positions_intro: str
    positions: tuple[str, ...]
    moves: str
    change_position: str
    relief: tuple[str, ...]
    resume: str
    help_intro: str
    source: Source


@dataclass(frozen=True)
class Point(Plain):
    """One point of advice, in the course's own words, with its own source."""

    id: str
    heading: str
    text: str
    source: Source


@dataclass(frozen=True)
class Points(Plain):
    """Advice point by point, each with its source: what is true about back pain, and
    getting back to everyday life."""

    title: str
    points: tuple[Point, ...]

    def chosen(self, ids: Sequence[str]) -> tuple[Point, ...]:
        """The points named (all of them if none), in the order named; an unknown id is
        refused with the valid ones."""
        known = {point.id: point for point in self.points}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise UsageError(
                _("no such point: {ids}; choose from: {known}").format(
                    ids=", ".join(unknown), known=", ".join(known)
                )
            )
        return tuple(known[i] for i in ids) if ids else self.points


@dataclass(frozen=True)
class FloorSafety(Plain):
    """How to get down to the mat and up again, and what to do without a floor."""

    intro: str
    down: tuple[str, ...]
    up: tuple[str, ...]
    no_floor: str
    source: Source


@dataclass(frozen=True)
class Region(Plain):
    """Where to get help in one country or region, and where that was checked."""

    code: str
    name: str
    short_name: str
    number: str
    hospital: str
    same_day: str
    doctor: str  # who to see when back pain is not getting better: 'a GP', 'your doctor'
    physio: str  # without an article: 'physio', 'physical therapist'
    checked: str
    also: str = ""
    sick_note: str = ""  # what to ask a doctor for about work, where the words differ

    @property
    def emergency(self) -> str:
        """The number to call, with the other one if there is one: '000 (or 112 from a mobile)'."""
        if not self.also:
            return self.number
        return _("{number} (or {other})").format(number=self.number, other=self.also)


@dataclass(frozen=True)
class Rulebook(Plain):
    """The numbers behind every safety decision (``rulebook:`` and the stop rule's minutes).

    ``exercises_lib.rulebook`` applies them; nothing else decides about pain or progress.
    """

    stop_minutes: int
    stop_rule: str  # the stop rule's own sentence, as data/safety.yaml words it
    settling_rise: int  # a rise of this many points or fewer, that settles, is normal
    mild_ache_max: int  # the highest score the course calls a mild ache
    high_pain_before: int  # pain before at or above this: a gentle-only day
    see_doctor_before: int  # pain before at or above this: see a doctor today as well
    gentle_day: tuple[str, ...]  # exercise ids for a gentle-only day
    gentle_names: tuple[str, ...]  # their names, and short walks, for the words
    good_week_days: int
    good_week_pain_checks: int
    pause_after_held_weeks: int
    red_rise_days: int  # a big rise holds the plan this many days; a second one pauses it
    trend_scores: int  # the trend compares this many recent scores after with as many before
    trend_step: int  # points the recent average must move to count as up or down
    review_weeks: tuple[int, ...]  # plan weeks that flag pain no better than at the start
    step_back: tuple[tuple[int, int], ...]  # (idle weeks at least, weeks to go back)
    advanced_clean_weeks: int
    recent_weeks: int
    ladder_up_after_greens: int  # green sessions in a row on a rung before the next one up
    ladder_down_after_worse_mornings: int  # worse mornings in a row that step a rung down
    missed_days_reps_share: float  # after missed days: today's reps as a share of the week's
    walk_goal_minutes_a_week: int  # the weekly walking the plan's minutes build up towards
    sitting_break_minutes: int  # how often the calendar's sitting breaks come
    goal_better_by: int  # points the learner's own goals' average must rise to count as better
    doctor: str = "a doctor"  # the region's words: 'a GP', 'your doctor'
    physio: str = "physio"  # without an article: 'physio', 'physical therapist'

    def weeks_back(self, idle_weeks: int) -> int:
        """How many plan weeks to go back after this many weeks with no sessions."""
        return max((back for idle, back in self.step_back if idle_weeks >= idle), default=0)


@dataclass(frozen=True)
class SafetyRules(Plain):
    credit: Credit
    disclaimer: str
    doctor_first: str
    stop_minutes: int
    stop_rule: str
    pain_is_a_signal: str
    sitting_note: str
    not_only_for_pain: str
    avoid_intro: str
    avoid: tuple[AvoidItem, ...]
    warning_signs: WarningSigns
    ask_first: Guidance
    clearance_gate: str
    feel: FeelScale
    stay_active: StayActive
    flare_up: FlareUp
    understanding: Points
    back_to_normal: Points
    floor: FloorSafety
    checklist: tuple[ChecklistItem, ...]
    rulebook: Rulebook
    region: Region | None = None  # whose routes the texts name; None: neutral words

    @property
    def care(self) -> dict[str, str]:
        """The region's words for who to see: ``{doctor}`` ('a GP') and ``{physio}``."""
        return {"doctor": self.rulebook.doctor, "physio": self.rulebook.physio}

    @property
    def short_disclaimer(self) -> str:
        """The disclaimer's first sentence, for page and slide footers."""
        return self.disclaimer.split(". ")[0].rstrip(".") + "."

    def avoided(self, exercise_id: str) -> AvoidItem | None:
        """The avoid-list entry for this id, if it is on the list."""
        return next((a for a in self.avoid if a.id == exercise_id), None)
