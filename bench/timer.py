"""Does the timer keep true time? Our engine against a naive sleep(tick) countdown.

Both run on a real asyncio loop for the same number of short ticks and do the same
widget work per tick (updating a practice timer's display and counters). For each
tick we record how late it fired against its ideal time (start + k * tick), and at
the end the cumulative drift (actual end - ideal end).
Goal: ours < 20 ms on both p99 lateness and drift. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

from quick import add_quick  # bench/ is the script's own folder

from exercises_lib import load_catalog
from exercises_lib.runner import PlanRunner, run_ticks
from exercises_lib.timing import plan_rest
from exercises_lib.widgets import hold_timer


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def _practice_widget():
    """A real practice timer whose display update is the per-tick work."""
    return hold_timer(load_catalog()["bird-dog"])


async def ours(ticks: int, tick: float) -> tuple[list[float], float]:
    timer = _practice_widget()
    runner = PlanRunner(plan_rest(ticks * tick))
    lateness: list[float] = []
    runner.start()
    t0 = runner.started_at  # the plan's own start, the reference for every deadline

    def on_tick(snap):
        now = time.monotonic()
        k = round((now - t0) / tick - 0.5 + 1e-6)  # the boundary just passed
        lateness.append(max(0.0, now - (t0 + k * tick)))
        timer._show(timer.runner.snapshot())

    await run_ticks(runner, on_tick, resolution=tick)
    drift = time.monotonic() - (t0 + ticks * tick)
    return lateness, drift


async def naive(ticks: int, tick: float) -> tuple[list[float], float]:
    timer = _practice_widget()
    lateness: list[float] = []
    t0 = time.monotonic()
    remaining = ticks
    while remaining > 0:
        await asyncio.sleep(tick)
        remaining -= 1
        now = time.monotonic()
        lateness.append(now - (t0 + (ticks - remaining) * tick))
        timer._show(timer.runner.snapshot())
    drift = time.monotonic() - (t0 + ticks * tick)
    return lateness, drift


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ticks", type=int, default=600)
    parser.add_argument("--tick", type=float, default=0.01, help="seconds per tick")
    add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.ticks = 20
    our_late, our_drift = asyncio.run(ours(args.ticks, args.tick))
    naive_late, naive_drift = asyncio.run(naive(args.ticks, args.tick))
    ms = 1000.0
    figures = {
        "bench": "timer",
        "ticks": args.ticks,
        "tick_s": args.tick,
        "ours_ticks_seen": len(our_late),
        "ours_p99_late_ms": round(_p99(our_late) * ms, 2),
        "ours_drift_ms": round(our_drift * ms, 2),
        "naive_p99_late_ms": round(_p99(naive_late) * ms, 2),
        "naive_drift_ms": round(naive_drift * ms, 2),
        "goal_ms": 20,
    }
    print(f"{'':18}{'ours':>12}{'naive sleep':>14}")
    print(
        f"{'p99 lateness ms':18}{figures['ours_p99_late_ms']:>12}{figures['naive_p99_late_ms']:>14}"
    )
    print(f"{'end drift ms':18}{figures['ours_drift_ms']:>12}{figures['naive_drift_ms']:>14}")
    ratio = naive_drift / our_drift if our_drift > 0 else float("inf")
    print(f"naive drift / ours: {ratio:.1f}x   (goal: ours < 20 ms on both)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
