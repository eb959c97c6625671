"""The timing engine, driven by a fake clock: phases, order, sides, pause maths, no drift."""

from __future__ import annotations

import asyncio

import pytest

from exercises_lib.runner import PlanRunner, run_ticks
from exercises_lib.timing import (
    plan_circuit,
    plan_exercise,
    plan_rest,
    plan_routine,
)


class TestPlans:
    def test_bird_dog_alternates_sides(self, catalog):
        """Bird Dog alternates left and right, 10 holds of 4 s each side."""
        plan = plan_exercise(catalog["bird-dog"])
        holds = [p for p in plan.phases if p.kind == "hold"]
        assert 20 == len(holds)
        assert ["left", "right", "left", "right"] == [p.side for p in holds[:4]]
        assert {4.0} == {p.seconds for p in holds}
        assert (1, 1, 2) == (holds[0].rep, holds[1].rep, holds[2].rep)

    def test_order_of_kinds(self, catalog):
        """A plan opens with get-ready, moves into each hold, recovers between reps, ends with done."""
        kinds = [p.kind for p in plan_exercise(catalog["bird-dog"]).phases]
        assert ["prepare", "lift", "hold", "recover", "lift", "hold"] == kinds[:6]
        assert ["hold", "done"] == kinds[-2:]

    def test_one_side_then_the_other(self, catalog):
        """The hamstring stretch does one side, switches once, then the other."""
        plan = plan_exercise(catalog["hamstring-stretch"])
        kinds = [(p.kind, p.side) for p in plan.phases if p.kind in ("hold", "switch")]
        expected = [("hold", "left")] * 2 + [("switch", "")] + [("hold", "right")] * 2
        assert expected == kinds
        switch = next(p for p in plan.phases if p.kind == "switch")
        assert "Switch sides: right side next" == switch.label

    def test_starts_are_cumulative(self, catalog):
        """Each phase starts where the one before ends."""
        plan = plan_exercise(catalog["pelvic-tilt"])
        for before, after in zip(plan.phases, plan.phases[1:], strict=False):
            assert before.end == after.start

    def test_reps_without_hold_use_rep_seconds(self, catalog):
        """The partial crunch has no hold: each rep curls up, then comes down, at the card's pace."""
        crunch = catalog["partial-crunch"]
        phases = plan_exercise(crunch).phases
        work = [p for p in phases if p.kind == "work"]
        assert (crunch.dose.reps.min, {crunch.dose.rep_seconds}) == (
            len(work),
            {p.seconds for p in work},
        )
        assert ["lift", "work", "lift"] == [p.kind for p in phases[1:4]]

    def test_sets_get_rests(self, catalog):
        """Two sets have one rest between them and none after."""
        exercise = catalog["pelvic-tilt"]
        plan = plan_exercise(exercise, exercise.dose.with_changes(sets=2))
        rests = [p for p in plan.phases if p.kind == "rest"]
        assert ["Set 2"] == [p.next_up for p in rests]

    def test_routine_rests_name_next_exercise(self, catalog):
        """A routine rests between exercises and says what comes next."""
        plan = plan_routine(catalog.routine("demo"))
        rests = [p for p in plan.phases if p.kind == "rest"]
        assert ["Pelvic Tilt"] == [p.next_up for p in rests]


class TestPacing:
    def test_prepare_gives_time_to_get_down(self, catalog):
        """Every plan starts with at least 10 s (default 15) to get down, with a 'slowly' line."""
        from exercises_lib.timing import MIN_PREPARE_SECONDS

        for exercise in catalog:
            prepare = plan_exercise(exercise).phases[0]
            assert ("prepare", 15.0) == (prepare.kind, prepare.seconds)
            assert prepare.seconds >= MIN_PREPARE_SECONDS
            assert "slowly" in prepare.detail
        routine = plan_routine(catalog.routine("starter"))
        prepares = [p for p in routine.phases if p.kind == "prepare"]
        assert len(catalog.routine("starter").items) == len(prepares)
        assert {15.0} == {p.seconds for p in prepares}

    def test_bridge_rep_lifts_holds_and_rolls_down(self, catalog):
        """A bridge rep is a 3 s lift, a 3 s hold and a roll-down of at least 5 s."""
        phases = plan_exercise(catalog["bridge-overhead-reach"]).phases
        first = [p.kind for p in phases[1:4]]
        assert ["lift", "hold", "recover"] == first
        lift, hold, down = phases[1:4]
        assert (3.0, 3.0) == (lift.seconds, hold.seconds)
        assert down.seconds >= 5
        assert lift.seconds + hold.seconds + down.seconds >= 9

    def test_range_counts_to_its_low_end_unless_asked(self, catalog):
        """An 8-12 range counts 8 reps; 'keep going' counts 12."""
        crunch = catalog["partial-crunch"]
        reps = [p.reps for p in plan_exercise(crunch).phases if p.counts_a_rep]
        assert (8, 8) == (len(reps), reps[0])
        top = [p for p in plan_exercise(crunch, to_top=True).phases if p.counts_a_rep]
        assert 12 == len(top)


class TestRunner:
    def test_phase_and_countdown(self, catalog, clock):
        """The runner reports phase and whole seconds left from the clock alone."""
        runner = PlanRunner(plan_exercise(catalog["bird-dog"]), clock)
        assert "idle" == runner.state
        runner.start()
        clock.now += 15.5
        snap = runner.snapshot()
        assert ("lift", "left", 2) == (snap.phase.kind, snap.phase.side, snap.seconds_shown)
        clock.now += 2
        snap = runner.snapshot()
        assert ("hold", "left", 4) == (snap.phase.kind, snap.phase.side, snap.seconds_shown)

    def test_second_start_does_nothing(self, catalog, clock):
        """Start while running is ignored and does not restart the plan."""
        runner = PlanRunner(plan_exercise(catalog["bird-dog"]), clock)
        assert runner.start()
        clock.now += 5
        assert not runner.start()
        assert 5 == runner.elapsed()

    def test_pause_resume_maths(self, catalog, clock):
        """Time paused does not count."""
        runner = PlanRunner(plan_exercise(catalog["bird-dog"]), clock)
        runner.start()
        clock.now += 2
        runner.pause()
        clock.now += 60
        assert ("paused", 2) == (runner.state, runner.elapsed())
        runner.resume()
        clock.now += 1.5
        assert 3.5 == runner.elapsed()

    def test_skip_and_back(self, catalog, clock):
        """Skip jumps to the next phase; back returns to this phase's start."""
        runner = PlanRunner(plan_exercise(catalog["bird-dog"]), clock)
        runner.start()
        clock.now += 1
        runner.skip()
        assert ("lift", 15.0) == (runner.snapshot().phase.kind, runner.elapsed())
        clock.now += 2
        runner.back()
        assert 15.0 == runner.elapsed()
        runner.back()
        assert 0.0 == runner.elapsed()

    def test_reset(self, catalog, clock):
        """Reset returns to idle at the top."""
        runner = PlanRunner(plan_exercise(catalog["bird-dog"]), clock)
        runner.start()
        clock.now += 30
        runner.reset()
        assert ("idle", 0.0) == (runner.state, runner.elapsed())

    def test_counts_per_side(self, catalog, clock):
        """Completed reps per side advance by themselves: left 7, right 6."""
        plan = plan_exercise(catalog["bird-dog"])
        runner = PlanRunner(plan, clock)
        runner.start()
        seventh_left = [p for p in plan.phases if p.kind == "hold" and p.side == "left"][6]
        clock.now += seventh_left.end + 0.5
        assert {(0, "left"): 7, (0, "right"): 6} == dict(runner.snapshot().completed)

    def test_done_at_the_end(self, clock):
        """Past the end the runner is done and stays at the last phase."""
        runner = PlanRunner(plan_rest(5), clock)
        runner.start()
        clock.now += 999
        snap = runner.snapshot()
        assert ("done", "done", 5.0) == (snap.state, snap.phase.kind, snap.elapsed)

    def test_late_ticks_do_not_drift(self, catalog, clock):
        """However late each look is, the phase at a time depends only on that time."""
        plan = plan_exercise(catalog["bird-dog"])
        runner = PlanRunner(plan, clock)
        runner.start()
        for _ in range(50):
            clock.now += 1.37  # every tick late by 0.37 s
            runner.snapshot()
        assert 50 * 1.37 == pytest.approx(runner.elapsed())
        expected = plan.phases[plan.index_at(50 * 1.37)]
        assert expected == runner.snapshot().phase

    def test_next_change_lands_on_second_boundaries(self, clock):
        """The next wake-up is the next whole second of the countdown, from the start."""
        runner = PlanRunner(plan_rest(10), clock)
        runner.start()
        clock.now += 0.3
        assert 0.7 == pytest.approx(runner.next_change_in())
        clock.now += 0.9  # woke late
        assert 0.8 == pytest.approx(runner.next_change_in())


def test_run_ticks_reaches_done_on_a_real_loop():
    """The async driver ticks through a short plan and returns the done snapshot."""
    runner = PlanRunner(plan_rest(0.3))
    seen: list[int] = []
    runner.start()
    snap = asyncio.run(run_ticks(runner, lambda s: seen.append(s.seconds_shown), resolution=0.1))
    assert "done" == snap.state
    assert (1, 0) == (seen[0], seen[-1])
    assert len(seen) >= 3  # woke about every 0.1 s, not just at the end


def test_every_phase_of_every_exercise_has_words_to_say(catalog):
    """Each phase of every exercise, routine and circuit carries a cue for the voice coach."""
    plans = [plan_exercise(e) for e in catalog]
    plans += [plan_routine(r) for r in catalog.routines.values()]
    plans.append(plan_circuit(catalog.routine("full").items, pace="reps"))
    plans.append(plan_circuit(list(catalog)))
    phases = [p for plan in plans for p in plan.phases]
    assert len(phases) > 100
    assert [] == [(p.kind, p.exercise_id) for p in phases if not p.cue.strip()]
    hamstring = plan_exercise(catalog["hamstring-stretch"])
    assert "Switch to the right side" in [p.cue for p in hamstring.phases]
    assert "get up slowly" in hamstring.phases[-1].cue
    assert all("slowly" in p.cue for plan in plans for p in plan.phases if p.kind == "prepare")
    assert all("Keep breathing" in p.cue for p in phases if p.kind == "hold")


def test_cues_say_how_to_move(catalog):
    """The bird dog names its leg and arm, the crunch its breathing, the bridge its roll-down."""
    bird = plan_exercise(catalog["bird-dog"]).phases
    lifts = [p.cue for p in bird if p.kind == "lift"]
    assert "Reach: left leg back, right arm forward." == lifts[0]
    assert "Reach: right leg back, left arm forward." == lifts[1]
    crunch = plan_exercise(catalog["partial-crunch"]).phases
    assert ["Curl up, breathe out.", "Rep 1. Down, breathe in."] == [p.cue for p in crunch[1:3]]
    bridge = plan_exercise(catalog["bridge-overhead-reach"]).phases
    assert "roll down slowly" in next(p.cue for p in bridge if p.kind == "recover").lower()


def test_skipped_reps_are_not_counted(catalog, clock):
    """Reps jumped over with Skip are not done; Back makes them to do again."""
    plan = plan_exercise(catalog["pelvic-tilt"])
    runner = PlanRunner(plan, clock)
    runner.start()
    holds = [i for i, p in enumerate(plan.phases) if p.kind == "hold"]
    runner.skip_to(holds[2])  # two holds jumped over
    assert 0 == sum(runner.snapshot().completed.values())
    clock.now += 999
    assert len(holds) - 2 == sum(runner.snapshot().completed.values())
    runner.reset()
    runner.start()
    runner.skip_to(holds[2])
    while runner.plan.index_at(runner.elapsed()) > holds[1]:
        runner.back()  # back into the second hold: it is to do again
    clock.now += 9999
    assert len(holds) - 1 == sum(runner.snapshot().completed.values())


def test_spoken_cues_say_seconds_in_full(catalog):
    """No voice cue says '5 s': a speech engine reads the unit as the letter s."""
    import re

    from exercises_lib.timing import plan_circuit, plan_exercise, plan_routine

    plans = [plan_exercise(e) for e in catalog]
    plans += [plan_routine(r) for r in catalog.routines.values()]
    plans += [
        plan_circuit(
            list(r.items),
            pace=pace,
            work_seconds=40,
            rest_seconds=15,
            transition_seconds=15,
            rounds=2,
        )
        for r in catalog.routines.values()
        for pace in ("reps", "time")
    ]
    cues = [phase.cue for plan in plans for phase in plan.phases]
    assert any("seconds" in cue for cue in cues)
    assert [] == [cue for cue in cues if re.search(r"\d s\b", cue)]


def _every_version(catalog):
    """Each exercise on each rung of its ladder (or on its card alone)."""
    found = [e.on_rung(i) for e in catalog for i in range(len(e.ladder))]
    assert found
    return found


def test_getting_into_position_fits_how_each_version_starts(catalog):
    """m17: the words before a move fit its start pose: lying down is not "onto your knees,
    then the start position", a side bridge is not all fours, and a standing version
    does not go down at all."""
    from exercises_lib.poses import Posture, posture
    from exercises_lib.timing import GETTING_INTO

    seen = set()
    for version in _every_version(catalog):
        start = posture(version.figure.poses["start"])
        assert start is not None, version.name
        seen.add(start)
        prepare = plan_exercise(version).phases[0]
        assert "prepare" == prepare.kind
        assert GETTING_INTO[start] == prepare.detail, version.name
        if start is Posture.STANDING:
            assert "down" not in prepare.cue
    assert {Posture.BACK, Posture.ALL_FOURS, Posture.SIDE, Posture.STANDING} == seen
