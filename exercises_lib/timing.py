"""Plans of timed phases for an exercise or a routine, and a clock-true runner for them.

No widgets here. A ``Plan`` is a list of phases (prepare, lift, hold or work,
recover, switch, rest, done) with their start times measured from the plan's start. A
``PlanRunner`` answers "where are we now?" from an injectable monotonic clock: every
deadline is derived from the plan's start, never from "now + tick", so a late tick
can never push later phases back.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

from .i18n import N_, _, ngettext
from .models import Dose, Exercise, Routine, RoutineItem, side_word
from .poses import Posture, posture

__all__ = [
    "CIRCUIT_PACES",
    "CIRCUIT_ROUTINE",
    "PHASE_WORDS",
    "CircuitPace",
    "Phase",
    "Plan",
    "phase_word",
    "plan_break",
    "plan_circuit",
    "plan_exercise",
    "plan_rest",
    "plan_routine",
]

PhaseKind = Literal["prepare", "lift", "hold", "work", "recover", "switch", "rest", "move", "done"]
CircuitPace = Literal["time", "reps"]
CIRCUIT_PACES: tuple[CircuitPace, ...] = ("time", "reps")

# What each phase tells the learner, in words (colour is never the only signal).
# Marked here; phase_word() gives them in the learner's language.
PHASE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "prepare": N_("Get into position"),
        "lift": N_("Lift"),
        "hold": N_("Hold"),
        "work": N_("Work"),
        "recover": N_("Back to start"),
        "switch": N_("Switch sides"),
        "rest": N_("Rest"),
        "move": N_("Move about"),  # a movement break: up out of the chair, not a rest
        "done": N_("Done"),
    }
)


def phase_word(kind: str) -> str:
    """What a phase is called on screen, in the learner's language: 'Hold', 'Rest'."""
    return _(PHASE_WORDS[kind])


# Getting from the keyboard down onto a mat takes a person with a sore back a while;
# rushing it is how people jar their backs.
DEFAULT_PREPARE_SECONDS = 15.0
MIN_PREPARE_SECONDS = 10.0
DEFAULT_SWITCH_SECONDS = 5.0
# A workshop circuit's defaults, shared by plan_circuit, the circuit widget and the CLI:
# rep by rep at each station's own dose, one round (a second would double the card's
# dose), and time to get down to the floor and between floor stations without rushing.
CIRCUIT_PACE: CircuitPace = "reps"
CIRCUIT_WORK_SECONDS = 60
CIRCUIT_REST_SECONDS = 20
CIRCUIT_MOVE_SECONDS = 20
MIN_MOVE_SECONDS = 15
CIRCUIT_ROUNDS = 1
# The trainer guide's first workshop: gentle moves only, no advanced station.
CIRCUIT_ROUTINE = "starter"
# Said before an exercise whose start pose shows no posture below.
PREPARE_NOTE = N_("Go down slowly: onto your knees first, then into the start position.")
# How to get into each posture without jarring the back (m17: lying down is not "onto
# your knees, then the start position"), by the start pose's posture.
GETTING_INTO: Mapping[Posture, str] = MappingProxyType(
    {
        Posture.BACK: N_("Go down slowly: kneel, sit to one side, then lie back."),
        Posture.ALL_FOURS: N_("Go down slowly: onto your knees first, then your hands."),
        Posture.SIDE: N_("Go down slowly: kneel, sit to one side, then lie on your side."),
        Posture.STANDING: N_("Stand in the start position; no need to get down for this one."),
    }
)


@dataclass(frozen=True)
class Phase:
    """One stretch of time in a plan."""

    kind: PhaseKind
    seconds: float
    start: float = 0.0
    exercise_id: str = ""
    exercise_name: str = ""
    side: str = ""
    rep: int = 0
    reps: int = 0
    set: int = 0
    sets: int = 0
    item: int = 0
    next_up: str = ""
    next_side: str = ""
    # How the exercise starts (getting into position): lying on the back, on all fours…
    posture: Posture | None = None
    # What to do in this phase when the defaults do not say it: a timed station's aim
    # ("aim for 8 to 10 reps"), or "go to this station" between circuit stations.
    note: str = ""
    # The exercise's own words for this phase ("Reach: left leg back, right arm forward").
    say: str = ""
    # How this side is named on screen when "left side" would be unclear ("left leg, right arm").
    side_words: str = ""

    @property
    def end(self) -> float:
        return self.start + self.seconds

    @property
    def counts_a_rep(self) -> bool:
        """True for the phases whose end completes one repetition."""
        return self.kind in ("hold", "work")

    @property
    def detail(self) -> str:
        """Where in the exercise this is, e.g. 'left side, rep 3 of 10'."""
        if self.counts_a_rep:
            side = ""
            if self.side:
                words = self.side_words or _("{side} side").format(side=side_word(self.side))
                side = words + ", "
            if not self.reps:  # a timed station counts seconds, not reps: say its aim
                return f"{side}{self.note}".rstrip(", ")
            return side + _("rep {rep} of {reps}").format(rep=self.rep, reps=self.reps)
        if self.note:
            return self.note
        if self.kind == "prepare":
            return (
                _(GETTING_INTO.get(self.posture, PREPARE_NOTE)) if self.posture else _(PREPARE_NOTE)
            )
        next_side = side_word(self.next_side)
        if self.kind == "switch" and next_side:
            return _("{side} side next").format(side=next_side)
        if self.kind == "recover" and next_side:
            return _("then switch to the {side} side").format(side=next_side)
        return ""

    @property
    def cue(self) -> str:
        """The words a voice coach says as this phase begins, e.g. "Switch to the right side"."""
        name, next_side = self.exercise_name, side_word(self.next_side)
        if self.kind == "prepare":
            if self.note:  # a circuit's move to the next station
                return _("Next station: {name}. Go down slowly and get into position.").format(
                    name=name
                )
            if name and self.posture is Posture.STANDING:
                return _("Get into position for the {name}.").format(name=name)
            if name:
                return _("Go down slowly and get into position for the {name}.").format(name=name)
            return _("Go down slowly and get into position.")
        if self.kind == "work" and not self.reps:  # a timed station: its aim
            detail = self.detail
            return (
                _("Work. {aim}").format(aim=detail[:1].upper() + detail[1:])
                if detail
                else _("Work")
            )
        if self.kind == "work":
            rep = _("Rep {rep}").format(rep=self.rep)
            return f"{rep}. {self.say}" if self.say else rep
        if self.kind == "hold":
            return self.say or _("Hold. Keep breathing.")
        if self.kind == "switch":
            return (
                _("Switch to the {side} side").format(side=next_side)
                if next_side
                else _("Switch sides")
            )
        if self.kind == "recover":
            back = self.say or _("Back to start.")
            if not next_side:
                return back
            return back + " " + _("{side} side next.").format(side=next_side).capitalize()
        if self.kind == "rest":
            return _("Rest. Next: {what}").format(what=self.next_up) if self.next_up else _("Rest")
        if self.kind == "move":
            return _("Stand up and move about.")
        if self.kind == "done":
            return _("Done. Roll onto your side and get up slowly.")
        return self.say or phase_word(self.kind)

    @property
    def label(self) -> str:
        """The phase in words with its detail, e.g. 'Hold: left side, rep 3 of 10'."""
        word = phase_word(self.kind)
        return f"{word}: {self.detail}" if self.detail else word


@dataclass(frozen=True)
class Plan:
    """Phases laid end to end, with the running rep counts precomputed."""

    phases: tuple[Phase, ...]
    title: str = ""
    _starts: tuple[float, ...] = field(default=(), repr=False, compare=False)
    _done_before: tuple[Mapping[tuple[int, str], int], ...] = field(
        default=(), repr=False, compare=False
    )

    def __post_init__(self) -> None:
        laid, t = [], 0.0
        for phase in self.phases:
            laid.append(replace(phase, start=t))
            t += phase.seconds
        if not laid or laid[-1].kind != "done":
            laid.append(Phase("done", 0.0, start=t))
        object.__setattr__(self, "phases", tuple(laid))
        object.__setattr__(self, "_starts", tuple(p.start for p in laid))
        done_before: list[Mapping[tuple[int, str], int]] = []
        running: dict[tuple[int, str], int] = {}
        for phase in laid:
            done_before.append(MappingProxyType(dict(running)))
            if phase.counts_a_rep:
                key = (phase.item, phase.side)
                running[key] = running.get(key, 0) + 1
        object.__setattr__(self, "_done_before", tuple(done_before))

    @property
    def total_seconds(self) -> float:
        return self.phases[-1].end

    def index_at(self, elapsed: float) -> int:
        """The index of the phase running at ``elapsed`` seconds into the plan."""
        if elapsed >= self.total_seconds:
            return len(self.phases) - 1
        return max(0, bisect.bisect_right(self._starts, elapsed) - 1)

    def completed(self, index: int, elapsed: float) -> dict[tuple[int, str], int]:
        """Reps finished so far, keyed by (routine item, side).

        Every phase before ``index`` has ended; only the current one needs a look, so a
        timer's tick costs the same at the last rep as at the first.
        """
        counts = dict(self._done_before[index])
        phase = self.phases[index]
        if phase.counts_a_rep and phase.end <= elapsed:
            key = (phase.item, phase.side)
            counts[key] = counts.get(key, 0) + 1
        return counts


def _rep_phases(exercise: Exercise, dose: Dose, item: int, *, to_top: bool = False) -> list[Phase]:
    kind: PhaseKind = "hold" if dose.hold_seconds else "work"
    seconds = float(dose.hold_seconds or dose.rep_seconds or 3.0)
    reps = dose.reps.max if to_top else dose.reps.target
    common: dict[str, Any] = {
        "exercise_id": exercise.id,
        "exercise_name": exercise.name,
        "item": item,
    }
    phases: list[Phase] = []

    cues = exercise.cues

    def phase(kind: PhaseKind, seconds: float, side: str, **more: Any) -> Phase:
        words = cues.say("side", side)
        return Phase(
            kind, seconds, side=side, say=cues.say(kind, side), side_words=words, **more, **common
        )

    def rep(side: str, n: int, set_no: int) -> None:
        if dose.lift_seconds:
            phases.append(phase("lift", float(dose.lift_seconds), side))
        phases.append(phase(kind, seconds, side, rep=n, reps=reps, set=set_no, sets=dose.sets))
        if dose.recover_seconds:
            phases.append(phase("recover", float(dose.recover_seconds), side))

    for set_no in range(1, dose.sets + 1):
        if dose.alternate_sides:
            for n in range(1, reps + 1):
                for side in dose.sides:
                    rep(side, n, set_no)
        else:
            for i, side in enumerate(dose.sides):
                if i:
                    _drop_trailing_recover(phases)
                    phases.append(Phase("switch", DEFAULT_SWITCH_SECONDS, **common))
                for n in range(1, reps + 1):
                    rep(side, n, set_no)
        _drop_trailing_recover(phases)
        if set_no < dose.sets and dose.rest_seconds:
            rest = Phase(
                "rest",
                float(dose.rest_seconds),
                next_up=_("Set {number}").format(number=set_no + 1),
                **common,
            )
            phases.append(rest)
    return _announce_side_changes(phases)


def _drop_trailing_recover(phases: list[Phase]) -> None:
    # A switch, a rest or the end follows: no need to "return to start" first.
    if phases and phases[-1].kind == "recover":
        phases.pop()


def _announce_side_changes(phases: list[Phase]) -> list[Phase]:
    """Tell the learner, during the pause before it, that the next rep is on the other side."""
    out = list(phases)
    last_side = ""
    for i, phase in enumerate(out):
        if phase.counts_a_rep:
            last_side = phase.side
        elif phase.kind in ("recover", "switch"):
            upcoming = next((p for p in out[i + 1 :] if p.counts_a_rep), None)
            if upcoming and upcoming.side and upcoming.side != last_side:
                out[i] = replace(phase, next_side=upcoming.side)
    return out


def _start_posture(exercise: Exercise) -> Posture | None:
    """How the exercise (or the rung it is on) starts, from its figure's start pose."""
    if exercise.figure is None or "start" not in exercise.figure.poses:
        return None
    return posture(exercise.figure.poses["start"])


def plan_exercise(
    exercise: Exercise,
    dose: Dose | None = None,
    *,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    to_top: bool = False,
) -> Plan:
    """Turn one exercise's dose into a plan: get into position, then every rep, side and set.

    A rep range counts to its lower end; ``to_top`` counts to the top ("keep going").
    """
    dose = dose or exercise.dose
    prepare = Phase(
        "prepare",
        prepare_seconds,
        exercise_id=exercise.id,
        exercise_name=exercise.name,
        posture=_start_posture(exercise),
    )
    phases = [prepare] if prepare_seconds > 0 else []
    phases += _rep_phases(exercise, dose, 0, to_top=to_top)
    return Plan(tuple(phases), title=exercise.name)


def plan_routine(
    routine: Routine,
    *,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    rest_seconds: float | None = None,
) -> Plan:
    """Every exercise of a routine in order, with a rest and 'next up' between them."""
    rest = routine.rest_between_exercises_seconds if rest_seconds is None else rest_seconds
    phases: list[Phase] = []
    for item, entry in enumerate(routine.items):
        exercise = entry.exercise
        if item:
            phases.append(Phase("rest", float(rest), item=item, next_up=exercise.name))
        phases.append(
            Phase(
                "prepare",
                prepare_seconds,
                exercise_id=exercise.id,
                exercise_name=exercise.name,
                item=item,
                posture=_start_posture(exercise),
            )
        )
        phases += _rep_phases(exercise, entry.dose, item)
    return Plan(tuple(phases), title=routine.name)


def plan_circuit(
    stations: Sequence[Exercise | RoutineItem],
    *,
    pace: CircuitPace = CIRCUIT_PACE,
    work_seconds: float = CIRCUIT_WORK_SECONDS,
    rest_seconds: float = CIRCUIT_REST_SECONDS,
    transition_seconds: float = CIRCUIT_MOVE_SECONDS,
    rounds: int = CIRCUIT_ROUNDS,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
) -> Plan:
    """A workshop circuit: one station after another, with rests and moves between.

    A station is an exercise at its own dose, or a routine item at the routine's dose.
    Over all rounds a station never asks for more reps than its card's dose: with more
    rounds, each round has fewer.
    ``pace="reps"``: each station runs one set of that, rep by rep, then rests.
    ``pace="time"``: each station works for ``work_seconds`` (split between sides) and
    aims for the reps that fit in that time at the card's pace, never more than the
    dose; a station too short for one rep is made long enough for one.
    ``set``/``sets`` on each phase count rounds; ``item`` is the station's index.
    """
    if not stations:
        raise ValueError("a circuit needs at least one station")
    if pace not in CIRCUIT_PACES:
        raise ValueError(f"pace must be one of: {', '.join(CIRCUIT_PACES)} (not {pace!r})")
    if min(work_seconds, rounds) <= 0 or rest_seconds < 0:
        raise ValueError("work seconds and rounds must be more than 0; rest 0 or more")
    if min(transition_seconds, prepare_seconds) < MIN_MOVE_SECONDS:
        raise ValueError(
            f"getting down and moving between floor stations need at least "
            f"{MIN_MOVE_SECONDS} seconds; got {min(transition_seconds, prepare_seconds):g}"
        )
    items = [
        _per_round(s if isinstance(s, RoutineItem) else RoutineItem(s, s.dose), rounds)
        for s in stations
    ]
    phases: list[Phase] = []
    order = [(r, i, item) for r in range(1, rounds + 1) for i, item in enumerate(items)]
    for n, (round_no, i, item) in enumerate(order):
        station, dose = item.exercise, item.dose
        following = order[n + 1][2].exercise.name if n < len(order) - 1 else ""
        common: dict[str, Any] = {
            "exercise_id": station.id,
            "exercise_name": station.name,
            "posture": _start_posture(station),
            "item": i,
            "set": round_no,
            "sets": rounds,
        }
        if n == 0 and prepare_seconds:
            phases.append(Phase("prepare", float(prepare_seconds), **common))
        elif n and transition_seconds:
            phases.append(Phase("prepare", float(transition_seconds), note=_(_MOVE_NOTE), **common))
        # The room sees what comes next while it works, not only in the rest.
        if pace == "reps":
            one_set = _rep_phases(station, dose.with_changes(sets=1), i)
            phases += [replace(p, set=round_no, sets=rounds, next_up=following) for p in one_set]
        elif dose.per_side:
            half = max(work_seconds / 2, rep_cycle_seconds(dose))
            work = {"note": _station_aim(dose, half), "next_up": following, **common}
            phases.append(Phase("work", half, side="left", **work))
            phases.append(Phase("switch", DEFAULT_SWITCH_SECONDS, next_side="right", **common))
            phases.append(Phase("work", half, side="right", **work))
        else:
            seconds = max(float(work_seconds), rep_cycle_seconds(dose))
            aim = _station_aim(dose, seconds)
            phases.append(Phase("work", seconds, note=aim, next_up=following, **common))
        if following and rest_seconds:
            phases.append(Phase("rest", float(rest_seconds), next_up=following, **common))
    return Plan(tuple(phases), title=_("First station: {name}").format(name=items[0].exercise.name))


_MOVE_NOTE = N_("go to this station and get into position slowly")


def rep_cycle_seconds(dose: Dose) -> float:
    """One rep at the card's pace: lifting, holding (or the rep itself) and coming back."""
    return float(
        (dose.lift_seconds or 0)
        + (dose.hold_seconds or dose.rep_seconds or 3.0)
        + (dose.recover_seconds or 0)
    )


def reps_that_fit(dose: Dose, seconds: float) -> int:
    """The reps that fit in ``seconds`` at the card's pace, at least 1, at most the dose."""
    return max(1, min(dose.reps.target, int(seconds // rep_cycle_seconds(dose))))


def _per_round(item: RoutineItem, rounds: int) -> RoutineItem:
    """The dose for one round, so that all rounds together stay within the card's dose."""
    card = item.exercise.dose.reps.max
    reps = max(1, min(item.dose.reps.target, card // rounds))
    if reps == item.dose.reps.target and item.dose.reps.min == item.dose.reps.max:
        return item
    return RoutineItem(item.exercise, item.dose.with_changes(reps=reps))


def _station_aim(dose: Dose, seconds: float) -> str:
    """A timed station's rep target from its time, e.g. 'aim for 3 reps, hold 5 seconds each'."""
    reps = reps_that_fit(dose, seconds)
    if dose.hold_seconds:
        return ngettext(
            "aim for {reps} rep, hold {seconds:g} seconds each",
            "aim for {reps} reps, hold {seconds:g} seconds each",
            reps,
        ).format(reps=reps, seconds=dose.hold_seconds)
    return ngettext("aim for {reps} slow rep", "aim for {reps} slow reps", reps).format(reps=reps)


def plan_break(seconds: float, next_up: str = "") -> Plan:
    """A movement break from sitting: up and about for ``seconds``, then ``next_up``."""
    what = _("Stand up, walk about and stretch gently.")
    return Plan(
        (Phase("move", float(seconds), next_up=next_up, note=what),), title=_("Movement break")
    )


def plan_rest(seconds: float, next_up: str = "") -> Plan:
    """A single rest, e.g. between exercises done by hand."""
    return Plan((Phase("rest", float(seconds), next_up=next_up),), title=_("Rest"))
