"""The course's domain: exercises, doses, routines, safety rules and quizzes, all immutable."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .i18n import N_, _
from .measures import Measure
from .plain import Plain, plain
from .poses import Figure
from .quizmodels import Quiz
from .safetymodels import Region, SafetyRules, Source
from .unknownid import UnknownIdError

__all__ = [
    "Catalog",
    "Cues",
    "Dose",
    "Exercise",
    "Maintenance",
    "PlanRule",
    "Program",
    "ProgramWeek",
    "RepRange",
    "Routine",
    "RoutineItem",
    "Rung",
    "Step",
    "Variation",
]


Difficulty = Literal["beginner", "intermediate", "advanced"]
# Step roles that make the form checklist (movement steps are what the timer paces).
_CHECKED_ROLES = ("setup", "form_cue", "breathing", "safety")
StepRole = Literal["setup", "movement", "breathing", "form_cue", "safety"]
DIFFICULTIES: tuple[str, ...] = ("beginner", "intermediate", "advanced")


# Marked here, translated where they are shown: data and logs keep 'left' and 'right'.
_SIDE_WORDS = {"left": N_("left"), "right": N_("right"), "both": N_("both")}


def side_word(side: str) -> str:
    """A side in the learner's language: 'left', 'right', 'both' ('' for none)."""
    return _(_SIDE_WORDS[side]) if side else ""


@dataclass(frozen=True)
class Step(Plain):
    role: StepRole
    text: str


@dataclass(frozen=True)
class RepRange(Plain):
    min: int
    max: int

    def __str__(self) -> str:
        if self.min == self.max:
            return str(self.min)
        return _("{least} to {most}").format(least=self.min, most=self.max)

    @property
    def target(self) -> int:
        """The count a guided timer counts to: the bottom of the range, never pushing a beginner to the top."""
        return self.min


@dataclass(frozen=True)
class Dose(Plain):
    reps: RepRange
    per_side: bool = False
    alternate_sides: bool = False
    lift_seconds: float | None = None
    hold_seconds: float | None = None
    rep_seconds: float | None = None
    sets: int = 1
    recover_seconds: float | None = None
    rest_seconds: float | None = None
    tempo: str = ""

    @property
    def sides(self) -> tuple[str, ...]:
        """The sides reps are counted on: ('left', 'right'), or ('',) for no sides."""
        return ("left", "right") if self.per_side else ("",)

    def with_changes(self, **changes: Any) -> Dose:
        """Return a copy with some fields changed (a routine's own dose)."""
        if "reps" in changes and isinstance(changes["reps"], int):
            changes["reps"] = RepRange(changes["reps"], changes["reps"])
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Variation(Plain):
    name: str
    description: str
    gate: str = ""  # when set: only try this after the clearance it names


@dataclass(frozen=True)
class Cues(Plain):
    """What the voice coach says as each phase of a rep begins; "" means the course's default.

    ``{side}`` and ``{other_side}`` stand for the side the rep is on and the other one.
    """

    lift: str = ""
    hold: str = ""
    work: str = ""
    recover: str = ""
    side: str = ""  # how a side is named on screen, e.g. "{side} leg, {other_side} arm"

    def say(self, kind: str, side: str = "") -> str:
        """The cue for a phase of this kind, with the sides filled in."""
        text = str(getattr(self, kind, "") or "")
        other = {"left": "right", "right": "left"}.get(side, "")
        return text.replace("{side}", side_word(side)).replace("{other_side}", side_word(other))


@dataclass(frozen=True)
class Rung(Plain):
    """One step of an exercise's ladder: a movement of its own, with its own dose, cues,
    safety notes, figure and source. The card's own movement is the rung with ``card``."""

    id: str
    name: str
    how: str
    dose: Dose
    cues: Cues
    safety: tuple[str, ...]
    source: Source
    figure: Figure | None = None
    gate: str = ""  # when set: only move up to it after the clearance it names
    card: bool = False


@dataclass(frozen=True)
class Exercise(Plain):
    id: str
    name: str
    difficulty: Difficulty
    summary: str
    starting_position: str
    steps: tuple[Step, ...]
    dose: Dose
    feel: str
    works_primary: tuple[str, ...]
    works_secondary: tuple[str, ...]
    targets: tuple[str, ...]
    tips: tuple[str, ...]
    cautions: tuple[str, ...]
    common_mistakes: tuple[str, ...]
    easier: tuple[Variation, ...]
    harder: tuple[Variation, ...]
    equipment: tuple[str, ...]
    source: Source
    figure: Figure | None = None
    chair_option: str = ""
    ready_check: str = ""
    cues: Cues = Cues()
    ladder: tuple[Rung, ...] = ()  # easiest first; one of them is the card's own movement
    # On a rung's view (on_rung), the exercise as its card has it: the way back to the card.
    card_exercise: Exercise | None = field(
        default=None, repr=False, compare=False, metadata={"plain": False}
    )

    @property
    def card_rung(self) -> int:
        """Where the card's own movement sits on the ladder (0 is the easiest rung)."""
        return next((i for i, rung in enumerate(self.ladder) if rung.card), 0)

    def on_rung(self, index: int) -> Exercise:
        """This exercise as rung ``index`` of its ladder is done: that rung's name, words,
        dose, cues, safety notes and figure, under the exercise's own id (the log and the
        plan know it by that). The card's own rung is the exercise itself."""
        card = self.card_exercise or self
        rung = card.ladder[index]
        if rung.card:
            return card
        # The card's own set-up, steps, tips and mistakes describe another movement: the
        # rung's words say how to do it, so none of those is carried over.
        return dataclasses.replace(
            card,
            name=_("{move} ({version})").format(move=card.name, version=rung.name),
            summary=rung.how,
            starting_position="",
            steps=(),
            tips=(),
            common_mistakes=(),
            chair_option="",
            dose=rung.dose,
            cues=rung.cues,
            cautions=rung.safety,
            figure=rung.figure,
            source=rung.source,
            card_exercise=card,
        )

    def easier_rungs(self, at: int | None = None) -> tuple[Rung, ...]:
        """The rungs below rung ``at`` (the card's by default), nearest first."""
        at = self.card_rung if at is None else at
        return tuple(reversed(self.ladder[:at]))

    def harder_rungs(self, at: int | None = None) -> tuple[Rung, ...]:
        """The rungs above rung ``at`` (the card's by default), nearest first."""
        at = self.card_rung if at is None else at
        return self.ladder[at + 1 :]

    @property
    def advanced(self) -> bool:
        """True for the exercises a learner should add only after the basics go well."""
        return self.difficulty == "advanced"

    @property
    def form_cues(self) -> tuple[str, ...]:
        """The steps to check while you practise: set-up, form, breathing and safety."""
        return tuple(s.text for s in self.steps if s.role in _CHECKED_ROLES)


@dataclass(frozen=True)
class RoutineItem(Plain):
    exercise: Exercise
    dose: Dose
    rung: int | None = None  # on the learner's ladder (0 the easiest); None: the card's

    def to_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise.id, "dose": self.dose.to_dict()}

    @property
    def easier(self) -> tuple[str, ...]:
        """What to try when this is too much: the rung below, then the comfort options."""
        below = self.exercise.easier_rungs(self.rung)[:1]
        return tuple(r.name for r in below) + tuple(v.name for v in self.exercise.easier)

    def on_rung(self, index: int) -> RoutineItem:
        """This item done on rung ``index``: the rung's own movement and timings, at this
        item's reps and sets."""
        exercise = self.exercise.on_rung(index)
        dose = exercise.dose.with_changes(reps=self.dose.reps, sets=self.dose.sets)
        return RoutineItem(exercise, dose, rung=index)

    def step_down(self) -> RoutineItem | None:
        """This item one rung easier (what "Too much?" offers); None on the easiest rung."""
        at = self.exercise.card_rung if self.rung is None else self.rung
        return self.on_rung(at - 1) if at > 0 else None

    def week_dict(self) -> dict[str, Any]:
        """One exercise of a plan's week as plain data: id, reps, hold, sides, and the
        rung of its ladder when the plan has placed the learner on one."""
        dose = self.dose
        out: dict[str, Any] = {
            "exercise": self.exercise.id,
            "name": self.exercise.name,
            "reps": dose.reps.min if dose.reps.min == dose.reps.max else plain(dose.reps),
            "hold_seconds": dose.hold_seconds,
            "per_side": dose.per_side,
            "sets": dose.sets,
        }
        if self.rung is not None:
            rung = self.exercise.ladder[self.rung]
            out["rung"] = {
                "number": self.rung + 1,
                "of": len(self.exercise.ladder),
                "id": rung.id,
                "name": rung.name,
            }
        return out


@dataclass(frozen=True)
class Routine(Plain):
    id: str
    name: str
    description: str
    items: tuple[RoutineItem, ...]
    sessions_per_week: int = 3
    rest_between_exercises_seconds: float = 30
    note: str = ""
    listed: bool = True  # False: a demo, kept out of learners' lists


@dataclass(frozen=True)
class PlanRule(Plain):
    """One rule of a programme, with where it comes from: article, nhs or course."""

    text: str
    source: Literal["article", "nhs", "course"]


@dataclass(frozen=True)
class ProgramWeek(Plain):
    week: int
    sessions_per_week: int
    items: tuple[RoutineItem, ...]
    note: str = ""
    review: str = ""
    walk_minutes: int = 0  # minutes of walking a day this week; 0: the week names none

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "sessions_per_week": self.sessions_per_week,
            "walk_minutes": self.walk_minutes,
            "items": [item.week_dict() for item in self.items],
            "note": self.note,
            "review": self.review,
        }


@dataclass(frozen=True)
class Maintenance(Plain):
    """After the last week, the plan goes on: fewer strength days, a walk every day, a
    way into group exercise, and what to do at the first twinges of a flare-up."""

    sessions_per_week: int
    walk_minutes: int
    items: tuple[RoutineItem, ...]
    note: PlanRule
    group: PlanRule
    relapse: PlanRule

    @property
    def advice(self) -> tuple[PlanRule, ...]:
        return (self.note, self.group, self.relapse)


@dataclass(frozen=True)
class Program(Plain):
    """A plan over weeks; a learner moves on a week only when the last one went well."""

    id: str
    name: str
    description: str
    rules: tuple[PlanRule, ...]
    add_crunch: str
    weeks: tuple[ProgramWeek, ...]
    maintenance: Maintenance | None = None  # after the last week; None: the plan ends there

    def week(self, number: int) -> ProgramWeek:
        """Week ``number`` (1 is the first); past the end, the last week."""
        return self.weeks[min(max(number, 1), len(self.weeks)) - 1]

    def maintenance_week(self) -> ProgramWeek:
        """Keeping it up after the last week, as a week of the plan (the last one if the
        programme names no maintenance)."""
        keep = self.maintenance
        if keep is None:
            return self.weeks[-1]
        return ProgramWeek(
            week=len(self.weeks),
            sessions_per_week=keep.sessions_per_week,
            items=keep.items,
            note=keep.note.text,
            walk_minutes=keep.walk_minutes,
        )


@dataclass(frozen=True)
class Catalog(Plain):
    """Everything in one data folder, checked and resolved."""

    data_dir: Path
    safety: SafetyRules
    exercises: Mapping[str, Exercise] = field(default_factory=lambda: MappingProxyType({}))
    routines: Mapping[str, Routine] = field(default_factory=lambda: MappingProxyType({}))
    quizzes: Mapping[str, Quiz] = field(default_factory=lambda: MappingProxyType({}))
    programs: Mapping[str, Program] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()  # files in the data folders that were not read
    regions: Mapping[str, Region] = field(default_factory=lambda: MappingProxyType({}))
    region: Region | None = None  # the learner's region; None: routes in neutral words
    # check-in questionnaires, by id, in their owners' words
    measures: Mapping[str, Measure] = field(default_factory=lambda: MappingProxyType({}))

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercise(exercise_id)

    def exercise(self, exercise_id: str) -> Exercise:
        """Look up an exercise by id; an unknown id names the valid ones."""
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownIdError("exercise", exercise_id, self.exercises) from None

    def routine(self, routine_id: str) -> Routine:
        """Look up a routine by id; an unknown id names the valid ones."""
        try:
            return self.routines[routine_id]
        except KeyError:
            raise UnknownIdError("routine", routine_id, self.listed_routines) from None

    @property
    def listed_routines(self) -> Mapping[str, Routine]:
        """The routines a learner chooses from (a demo kept for tests and trainers is not)."""
        return MappingProxyType({k: r for k, r in self.routines.items() if r.listed})

    def program(self, program_id: str) -> Program:
        """Look up a programme by id; an unknown id names the valid ones."""
        try:
            return self.programs[program_id]
        except KeyError:
            raise UnknownIdError("programme", program_id, self.programs) from None

    def measure(self, measure_id: str) -> Measure:
        """Look up a check-in questionnaire by id; an unknown id names the valid ones."""
        try:
            return self.measures[measure_id]
        except KeyError:
            raise UnknownIdError("measure", measure_id, self.measures) from None

    def quiz(self, lesson: str) -> Quiz:
        """Look up a lesson's quiz by the lesson's file stem."""
        try:
            return self.quizzes[lesson]
        except KeyError:
            raise UnknownIdError("quiz", lesson, self.quizzes) from None

    def filter(
        self,
        *,
        difficulty: str | None = None,
        target: str | None = None,
        equipment: str | None = None,
        per_side: bool | None = None,
    ) -> tuple[Exercise, ...]:
        """Exercises matching every given criterion, in catalog order."""
        if difficulty is not None and difficulty not in DIFFICULTIES:
            raise ValueError(
                f"difficulty must be one of {', '.join(DIFFICULTIES)}; got {difficulty!r}"
            )
        return tuple(
            e
            for e in self
            if (difficulty is None or e.difficulty == difficulty)
            and (target is None or target in e.targets)
            and (equipment is None or equipment in e.equipment)
            and (per_side is None or e.dose.per_side == per_side)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir),
            "safety": self.safety.to_dict(),
            "exercises": [e.to_dict() for e in self],
            "routines": [r.to_dict() for r in self.routines.values()],
        }
