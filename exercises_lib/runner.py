"""Run a plan against a monotonic clock: start, pause, resume, skip, back, reset.

Where the plan is comes from the clock, never from how often anyone asks, so a late
tick shows the right second; ``run_ticks`` wakes at each change of the shown countdown.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from .timing import Phase, Plan

if TYPE_CHECKING:
    import asyncio

__all__ = ["PlanRunner", "RunState", "Snapshot", "run_ticks"]

RunState = Literal["idle", "running", "paused", "done"]


@dataclass(frozen=True)
class Snapshot:
    """Where a running plan is at one moment."""

    state: RunState
    index: int
    phase: Phase
    elapsed: float
    remaining: float
    completed: Mapping[tuple[int, str], int]

    @property
    def seconds_shown(self) -> int:
        """The countdown as a learner reads it: whole seconds, rounded up."""
        return max(0, math.ceil(round(self.remaining, 6)))


class PlanRunner:
    """Runs a plan against a monotonic clock; start, pause, resume, skip, back, reset.

    Time into the plan is ``clock() - started - paused_total + skipped``, so it never
    depends on how often anyone asks.
    """

    def __init__(self, plan: Plan, clock: Callable[[], float] = time.monotonic):
        self.plan = plan
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """Back to the very start, not running."""
        self._started: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._skipped = 0.0
        # Phases jumped over with Skip or Next: their reps were not done, so never counted.
        self._passed_over: set[int] = set()

    @property
    def started_at(self) -> float | None:
        """The clock reading at Start, or None before it (the reference for every deadline)."""
        return self._started

    @property
    def state(self) -> RunState:
        if self._started is None:
            return "idle"
        if self.elapsed() >= self.plan.total_seconds:
            return "done"
        return "paused" if self._paused_at is not None else "running"

    def elapsed(self) -> float:
        """Seconds into the plan, at most its total."""
        if self._started is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock()
        return min(
            self.plan.total_seconds, now - self._started - self._paused_total + self._skipped
        )

    def active_seconds(self) -> float:
        """Seconds really spent since Start, pauses left out: Skip and Next move the plan
        on, never the clock, so a session of skips is never reported as a long one."""
        if self._started is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock()
        return max(0.0, now - self._started - self._paused_total)

    def start(self) -> bool:
        """Start from the top; does nothing (returns False) if already started."""
        if self._started is not None:
            return False
        self._started = self.clock()
        return True

    def pause(self) -> bool:
        if self.state != "running":
            return False
        self._paused_at = self.clock()
        return True

    def resume(self) -> bool:
        if self.state != "paused":
            return False
        assert self._paused_at is not None
        self._paused_total += self.clock() - self._paused_at
        self._paused_at = None
        return True

    def skip(self) -> bool:
        """Jump to the start of the next phase."""
        return self.skip_to(min(self.plan.index_at(self.elapsed()) + 1, len(self.plan.phases) - 1))

    def skip_to(self, index: int) -> bool:
        """Jump to the start of phase ``index``."""
        if self.state not in ("running", "paused"):
            return False
        elapsed = self.elapsed()
        here = self.plan.index_at(elapsed)
        self._passed_over.update(i for i in range(here, index) if self.plan.phases[i].counts_a_rep)
        self._skipped += self.plan.phases[index].start - elapsed
        return True

    def switch_plan(self, plan: Plan, index: int) -> bool:
        """Go on in ``plan`` from the start of its phase ``index``, keeping the reps done.

        The phases before ``index`` must be the same as this plan's (a step down to an
        easier version changes only what comes next), so the counts so far still hold.
        """
        if self.state not in ("running", "paused"):
            return False
        elapsed = self.elapsed()
        self._passed_over = {i for i in self._passed_over if i < index}
        self.plan = plan
        self._skipped += plan.phases[index].start - elapsed
        return True

    def back(self) -> bool:
        """Go to the start of this phase, or of the previous one if this one just began."""
        if self.state not in ("running", "paused"):
            return False
        elapsed = self.elapsed()
        index = self.plan.index_at(elapsed)
        if elapsed - self.plan.phases[index].start < 1.0 and index > 0:
            index -= 1
        self._skipped -= elapsed - self.plan.phases[index].start
        self._passed_over = {i for i in self._passed_over if i < index}
        return True

    def snapshot(self) -> Snapshot:
        elapsed = self.elapsed()
        index = self.plan.index_at(elapsed)
        phase = self.plan.phases[index]
        return Snapshot(
            state=self.state,
            index=index,
            phase=phase,
            elapsed=elapsed,
            remaining=max(0.0, phase.end - elapsed),
            completed=MappingProxyType(self._completed(index, elapsed)),
        )

    def _completed(self, index: int, elapsed: float) -> dict[tuple[int, str], int]:
        """Reps really done: the plan's count less the reps passed over with Skip or Next."""
        counts = self.plan.completed(index, elapsed)
        for i in self._passed_over:
            if i < index:
                phase = self.plan.phases[i]
                counts[(phase.item, phase.side)] -= 1
        return counts

    def next_change_in(self, resolution: float = 1.0) -> float:
        """Clock seconds until the shown countdown or the phase next changes."""
        snap = self.snapshot()
        if snap.state in ("idle", "paused", "done"):
            return math.inf
        r = snap.remaining
        step = r - (math.ceil(r / resolution - 1e-9) - 1) * resolution
        return max(0.0, min(step, r) if r > 0 else 0.0)


async def run_ticks(
    runner: PlanRunner,
    on_tick: Callable[[Snapshot], object],
    *,
    resolution: float = 1.0,
    wake: asyncio.Event | None = None,
) -> Snapshot:
    """Call ``on_tick`` at every change of the shown countdown until the plan is done.

    Each wait runs to a deadline computed from the plan's start, so a late wake-up is
    absorbed by a shorter next wait instead of adding up. ``wake`` (set by pause,
    resume, skip) cuts a wait short.
    """
    import asyncio  # here, not at the top: the command line plans circuits without a loop

    wake = wake or asyncio.Event()
    while True:
        snap = runner.snapshot()
        on_tick(snap)
        if snap.state == "done":
            return snap
        wait = runner.next_change_in(resolution)
        wake.clear()
        if math.isinf(wait):
            await wake.wait()
            continue
        if wait <= 0:
            await asyncio.sleep(0)
            continue
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=wait)
