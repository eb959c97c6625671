"""The trainer circuit: stations, rounds, rests with what comes next, on the shared timing engine."""

from __future__ import annotations

import pytest

from exercises_lib.errors import UnknownIdError
from exercises_lib.timing import plan_circuit
from exercises_lib.widgets import CircuitTimer


def test_rounds_and_stations(catalog):
    """Two stations for two rounds: work at each, a rest between, none after the last."""
    plan = plan_circuit(
        [catalog["pelvic-tilt"], catalog["partial-crunch"]],
        work_seconds=30,
        rest_seconds=15,
        transition_seconds=5,
        rounds=2,
        prepare_seconds=10,
    )
    kinds = [p.kind for p in plan.phases]
    assert 4 == kinds.count("work")
    assert 3 == kinds.count("rest")
    assert ["prepare", "work", "rest"] == kinds[:3]
    assert ["work", "done"] == kinds[-2:]
    rests = [p.next_up for p in plan.phases if p.kind == "rest"]
    assert ["Partial Crunch", "Pelvic Tilt", "Partial Crunch"] == rests
    assert [1, 1, 2, 2] == [p.set for p in plan.phases if p.kind == "work"]


def test_per_side_station_splits_work(catalog):
    """A per-side station works left then right, half the time each, with a switch between."""
    plan = plan_circuit([catalog["bird-dog"]], work_seconds=40, rounds=1)
    sides = [(p.kind, p.side, p.seconds) for p in plan.phases if p.kind in ("work", "switch")]
    assert [("work", "left", 20.0), ("switch", "", 5.0), ("work", "right", 20.0)] == sides


def test_bad_settings(catalog):
    """No stations, or zero rounds, are refused with what is allowed."""
    with pytest.raises(ValueError, match="at least one station"):
        plan_circuit([])
    with pytest.raises(ValueError, match="rounds must be more than 0"):
        plan_circuit([catalog["bird-dog"]], rounds=0)


def test_display_says_round_and_station(catalog):
    """The big display shows the station, the round and the next station during rest."""
    clock = [0.0]
    circuit = CircuitTimer(
        catalog,
        "starter",
        work_seconds=20,
        rest_seconds=10,
        transition_seconds=5,
        rounds=2,
        clock=lambda: clock[0],
    )
    assert "exl-circuit" in circuit._dom_classes
    timer = circuit.timer
    timer.start()
    clock[0] = 10.5  # 10 s to get ready, then the first station's work
    timer.refresh()
    html = timer.display_.value
    assert 'data-phase="work"' in html and "Pelvic Tilt" in html
    assert "Round 1 of 2 · Station 1 of 4" in html
    assert "Next up: Bird Dog" in html  # the room sees what comes next while it works
    clock[0] = 31
    timer.refresh()
    assert "Next up: Bird Dog" in timer.display_.value
    assert "none" == timer.reps.layout.display


def test_rebuild_uses_new_settings(catalog):
    """Build circuit applies the chosen stations and times."""
    circuit = CircuitTimer(catalog, "full")
    circuit.stations.value = ("bird-dog",)
    circuit.rounds.value = 3
    circuit.build_button.click()
    works = [p for p in circuit.timer.plan.phases if p.kind == "work"]
    assert 6 == len(works)  # 3 rounds × left and right


def test_default_circuit_has_no_advanced_station(catalog):
    """By default the circuit runs the starter stations, with no advanced exercise."""
    circuit = CircuitTimer(catalog)
    assert [i.exercise.id for i in catalog.routine("starter").items] == list(circuit.stations.value)
    assert not any(catalog[i].advanced for i in circuit.stations.value)
    assert not any(
        catalog[p.exercise_id].advanced for p in circuit.timer.plan.phases if p.exercise_id
    )


def test_named_routine_brings_its_advanced_station(catalog):
    """Naming the full routine brings its crunch, labelled advanced on the list and the screen."""
    circuit = CircuitTimer(catalog, "full", rest_seconds=0, transition_seconds=0)
    assert "partial-crunch" in circuit.stations.value
    labels = dict((v, k) for k, v in circuit.stations.options)
    assert "Partial Crunch (advanced)" == labels["partial-crunch"]
    crunch = next(p for p in circuit.timer.plan.phases if p.exercise_id == "partial-crunch")
    assert circuit.timer.where(crunch).endswith("· Advanced")


def test_stations_named_on_purpose(catalog):
    """Stations named by id run in that order; an unknown id names the valid ones."""
    circuit = CircuitTimer(catalog, stations=["bird-dog", "partial-crunch"])
    assert ("bird-dog", "partial-crunch") == circuit.stations.value
    with pytest.raises(UnknownIdError, match="pelvic-tilt"):
        CircuitTimer(catalog, stations=["toe-touch"])


def test_timed_station_shows_its_rep_target_and_side(catalog):
    """A timed station reads as work with its rep target and side, not 'rep 1 of 1'."""
    starter = {i.exercise.id: i for i in catalog.routine("starter").items}
    plan = plan_circuit([starter["bird-dog"], starter["pelvic-tilt"]], rounds=1)
    works = [p for p in plan.phases if p.kind == "work"]
    assert "Work: left side, aim for 5 reps, hold 4 s each" == works[0].label
    assert "Work: aim for 8 to 10 reps, hold 5 s each" == works[2].label
    assert not any("rep 1 of 1" in p.label for p in plan.phases)


def test_rep_paced_station_runs_one_set_of_its_dose(catalog):
    """Rep by rep, a station runs one set of its dose and counts the reps, round by round."""
    crunch = catalog["partial-crunch"]
    plan = plan_circuit([crunch], pace="reps", rounds=2, rest_seconds=10)
    works = [p for p in plan.phases if p.kind == "work"]
    assert 2 * crunch.dose.reps.target == len(works)
    assert "Work: rep 8 of 8" == works[7].label
    assert [1, 2] == sorted({p.set for p in works})
    with pytest.raises(ValueError, match="pace must be one of: time, reps"):
        plan_circuit([crunch], pace="fast")


def test_settings_fold_away_while_running(catalog):
    """Settings and summary hide once the circuit runs and come back after a reset."""
    circuit = CircuitTimer(catalog, clock=lambda: 0.0)
    circuit.settings.selected_index = 0
    circuit.timer.start()
    assert "none" == circuit.settings.layout.display
    assert circuit.settings.selected_index is None
    circuit.timer.reset()
    assert circuit.settings.layout.display is None


def test_idle_display_names_the_first_station(catalog):
    """Before Start the big box names the first station, not just 'Circuit'."""
    circuit = CircuitTimer(catalog)
    assert "First station: Pelvic Tilt" in circuit.timer.display_.value
