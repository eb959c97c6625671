"""Check-in questionnaires and the learner's own goals: items, scoring and licences.

A measure is a published, validated questionnaire (``data/measures/<id>.yaml``), shipped
word for word under its own licence: the course never rewords or translates it. Scoring
follows each measure's published rules, and the data carries the published worked
examples the tests score. The learner's own goals are the course's own: up to
``GOALS_MAX`` everyday activities, each scored from 0 (cannot do it) to 10 (as well as
before the back pain).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from .i18n import N_, _

__all__ = [
    "ENGLISH_ONLY",
    "GOALS_EVERY_DAYS",
    "GOALS_MAX",
    "GOAL_SCORE_RANGE",
    "Better",
    "Choice",
    "Item",
    "Licence",
    "MeanScoring",
    "Measure",
    "Risk",
    "Scale",
    "Score",
    "StratifiedScoring",
    "Trend",
    "better_words",
    "build_measure",
    "trend",
]

# Shown above a questionnaire in any other language than its own: never translated by us.
ENGLISH_ONLY = N_(
    "These questions are shown in English, as their owners published them: the course "
    "has no licensed translation of them."
)
# The learner names up to this many everyday activities their back makes hard, and
# scores each from 0 (cannot do it) to 10 (as well as before), every GOALS_EVERY_DAYS.
GOALS_MAX = 3
GOAL_SCORE_RANGE = (0, 10)
GOALS_EVERY_DAYS = 7


class Better(str, Enum):
    """Which way a score moves when the back is doing better."""

    LOWER = "lower"
    HIGHER = "higher"


class Risk(str, Enum):
    """A stratified measure's group: the risk that back pain goes on being disabling."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Scale:
    """A number from ``lowest`` to ``highest``, each end with its published words."""

    lowest: int
    highest: int
    lowest_label: str
    highest_label: str


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    points: int


@dataclass(frozen=True)
class Item:
    """One question: answered on a scale, or with one of its choices."""

    id: str
    text: str
    scale: Scale | None
    choices: tuple[Choice, ...] = ()

    @property
    def answer_words(self) -> str:
        """What an answer may be, for messages: '0 to 10' or 'agree, disagree'."""
        if self.scale is not None:
            return _("a whole number from {lowest} to {highest}").format(
                lowest=self.scale.lowest, highest=self.scale.highest
            )
        return _("one of: {choices}").format(choices=", ".join(c.id for c in self.choices))

    def points(self, answer: object) -> int:
        """The points ``answer`` scores; a wrong answer raises ValueError saying what fits."""
        if self.scale is not None:
            number = _whole_number(answer)
            if number is not None and self.scale.lowest <= number <= self.scale.highest:
                return number
        else:
            for choice in self.choices:
                if answer == choice.id:
                    return choice.points
        raise ValueError(
            _("{item} must be {allowed}; got {answer!r}").format(
                item=self.id, allowed=self.answer_words, answer=answer
            )
        )


def better_words(better: Better) -> str:
    """Which way is better, as the learner reads it beside a score."""
    return _("lower is better") if better is Better.LOWER else _("higher is better")


def _whole_number(answer: object) -> int | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer
    if isinstance(answer, str) and answer.strip().isdigit():
        return int(answer.strip())
    return None


@dataclass(frozen=True)
class MeanScoring:
    """The score is the mean of the items' numbers."""

    better: Better
    better_by: float  # the published minimal important difference
    better_by_source: str


@dataclass(frozen=True)
class StratifiedScoring:
    """Points add up to a total and a subscale, which place the answers in a risk group."""

    subscale: tuple[str, ...]
    low_max_total: int
    high_min_subscale: int


@dataclass(frozen=True)
class Licence:
    notice: str  # shown with the questionnaire wherever it appears
    terms: str  # the owner's terms, quoted
    terms_url: str
    commercial_use: str  # "free", or "ask-the-owner"


@dataclass(frozen=True)
class Score:
    """A check-in's result: the mean, or the total, subscale and risk group."""

    measure: str  # the measure's id
    name: str  # its short published name
    value: float
    subscale: int | None = None
    risk: Risk | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"measure": self.measure, "score": self.value}
        if self.risk is not None:
            out |= {"subscale": self.subscale, "risk": self.risk.value}
        return out


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    title: str
    language: str
    every_weeks: int  # 0: once, at the start, and whenever the learner chooses
    instructions: str
    items: tuple[Item, ...]
    scoring: MeanScoring | StratifiedScoring
    examples: tuple[Mapping[str, Any], ...]
    citation: str
    url: str
    licence: Licence

    def score(self, answers: Mapping[str, object]) -> Score:
        """Score a full set of answers by the published rules.

        A missing, unknown or out-of-range answer raises ValueError naming the question
        and what it takes, so nothing half-answered is ever scored.
        """
        unknown = sorted(set(answers) - {i.id for i in self.items})
        if unknown:
            raise ValueError(
                _("{measure} has no question {ids}; its questions are: {valid}").format(
                    measure=self.name,
                    ids=", ".join(unknown),
                    valid=", ".join(i.id for i in self.items),
                )
            )
        missing = [i.id for i in self.items if i.id not in answers]
        if missing:
            raise ValueError(
                _("{measure} needs an answer to every question; missing: {ids}").format(
                    measure=self.name, ids=", ".join(missing)
                )
            )
        points = {i.id: i.points(answers[i.id]) for i in self.items}
        if isinstance(self.scoring, MeanScoring):
            return Score(self.id, self.name, round(sum(points.values()) / len(points), 1))
        total = sum(points.values())
        subscale = sum(points[i] for i in self.scoring.subscale)
        if total <= self.scoring.low_max_total:
            risk = Risk.LOW
        elif subscale >= self.scoring.high_min_subscale:
            risk = Risk.HIGH
        else:
            risk = Risk.MEDIUM
        return Score(self.id, self.name, total, subscale, risk)


def _item(data: Mapping[str, Any]) -> Item:
    answers = data["answers"]
    if "choices" in answers:
        choices = tuple(Choice(c["id"], c["text"], c["points"]) for c in answers["choices"])
        return Item(data["id"], data["text"], None, choices)
    scale = Scale(
        answers["lowest"], answers["highest"], answers["lowest_label"], answers["highest_label"]
    )
    return Item(data["id"], data["text"], scale)


def build_measure(data: Mapping[str, Any]) -> Measure:
    """A measure from its checked data file."""
    rules = data["scoring"]
    scoring: MeanScoring | StratifiedScoring
    if rules["kind"] == "mean":
        scoring = MeanScoring(
            Better(rules["better"]), rules["better_by"], rules["better_by_source"]
        )
    else:
        scoring = StratifiedScoring(
            tuple(rules["subscale"]), rules["low_max_total"], rules["high_min_subscale"]
        )
    licence = data["licence"]
    return Measure(
        id=data["id"],
        name=data["name"],
        title=data["title"],
        language=data["language"],
        every_weeks=data["every_weeks"],
        instructions=data.get("instructions", ""),
        items=tuple(_item(i) for i in data["items"]),
        scoring=scoring,
        examples=tuple(data["examples"]),
        citation=data["source"]["citation"],
        url=data["source"]["url"],
        licence=Licence(
            licence["notice"], licence["terms"], licence["terms_url"], licence["commercial_use"]
        ),
    )


@dataclass(frozen=True)
class Trend:
    """A score's first and latest values since the start, and what counts as better."""

    name: str
    first: tuple[date, float]
    last: tuple[date, float]
    better: Better
    better_by: float

    @property
    def improved(self) -> bool:
        change = self.last[1] - self.first[1]
        if self.better is Better.LOWER:
            change = -change
        return change >= self.better_by


def trend(
    name: str, points: Sequence[tuple[date, float]], better: Better, better_by: float
) -> Trend | None:
    """The trend of dated scores, oldest first; None until two days have a score."""
    if len({day for day, _value in points}) < 2:
        return None
    return Trend(name, points[0], points[-1], better, better_by)
