"""The exercise ladder: which rung of an exercise to do next, from its sessions.

Each exercise has a ladder of easier and harder versions (rungs). The numbers that move a
learner up and down it are the rulebook's (``data/safety.yaml``); this module applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .models import Exercise
from .painverdict import PainLevel
from .safetymodels import Rulebook

__all__ = ["LadderSession", "LadderStep", "RungMove", "next_rung"]


class RungMove(str, Enum):
    """What the last session did to the learner's place on a ladder."""

    START = "start"  # nothing done on this ladder yet: the card's own movement
    STAY = "stay"
    UP = "up"
    DOWN = "down"
    WAITS = "waits"  # ready for the next rung, but it waits for clearance


@dataclass(frozen=True)
class LadderSession:
    """One session of an exercise, as the ladder reads it."""

    rung: int | None  # the rung done, 0 the easiest; None: the one the learner was on
    level: PainLevel | None  # the session day's pain checks at their worst; None: no check
    worse_morning: bool | None = None  # the next morning's answer, when it was given


@dataclass(frozen=True)
class LadderStep:
    """The rung to do next (0 the easiest) and the move that led there."""

    rung: int
    move: RungMove


def next_rung(
    rules: Rulebook,
    exercise: Exercise,
    sessions: Sequence[LadderSession],
    *,
    highest: int | None = None,
) -> LadderStep:
    """The rung of ``exercise`` to do next, from its sessions, oldest first.

    A learner starts on the card's own movement. Amber or red steps down one rung; so do
    ``ladder_down_after_worse_mornings`` worse mornings in a row. ``ladder_up_after_greens``
    green sessions in a row on one rung, with no worse morning among them, step up one,
    unless the next rung waits for clearance. A rung the learner chose (a step down from
    the timer) counts from that session on.

    ``highest``: the highest rung a doctor or physio allowed (from the doctor's sheet).
    The plan never goes past it, even to the card's own rung, and the rungs up to it no
    longer wait for clearance.
    """
    top = len(exercise.ladder) - 1 if highest is None else min(highest, len(exercise.ladder) - 1)
    rung, move, greens, worse = min(exercise.card_rung, top), RungMove.START, 0, 0
    for session in sessions:
        done = rung if session.rung is None else min(max(session.rung, 0), top)
        if done != rung:
            greens = 0  # another rung: its own count starts
        rung, move = done, RungMove.STAY
        if session.level in (PainLevel.RED, PainLevel.AMBER):
            rung, move, greens = _down(rung), RungMove.DOWN, 0
        greens = greens + 1 if session.level is PainLevel.GREEN else 0
        if session.worse_morning:
            greens, worse = 0, worse + 1
            if worse >= rules.ladder_down_after_worse_mornings:
                rung, move, worse = _down(rung), RungMove.DOWN, 0
        elif session.worse_morning is False:
            worse = 0
        if greens >= rules.ladder_up_after_greens and rung < len(exercise.ladder) - 1:
            greens = 0
            waits = rung == top or (highest is None and bool(exercise.ladder[rung + 1].gate))
            rung, move = (rung, RungMove.WAITS) if waits else (rung + 1, RungMove.UP)
    return LadderStep(rung, move)


def _down(rung: int) -> int:
    return max(rung - 1, 0)
