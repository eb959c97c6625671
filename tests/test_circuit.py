"""The trainer circuit: stations, rounds, rests with what comes next, on the shared timing engine."""

from __future__ import annotations

import pytest

from exercises_lib.timing import (
    CIRCUIT_PACE,
    CIRCUIT_ROUNDS,
    MIN_MOVE_SECONDS,
    plan_circuit,
    rep_cycle_seconds,
)
from exercises_lib.unknownid import UnknownIdError
from exercises_lib.widgets import CircuitTimer


def test_rounds_and_stations(catalog):
    """Two stations for two rounds: work at each, a rest between, none after the last."""
    plan = plan_circuit(
        [catalog["pelvic-tilt"], catalog["partial-crunch"]],
        pace="time",
        work_seconds=30,
        rest_seconds=15,
        transition_seconds=MIN_MOVE_SECONDS,
        rounds=2,
        prepare_seconds=MIN_MOVE_SECONDS,
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
    plan = plan_circuit([catalog["bird-dog"]], pace="time", work_seconds=40, rounds=1)
    sides = [(p.kind, p.side, p.seconds) for p in plan.phases if p.kind in ("work", "switch")]
    assert [("work", "left", 20.0), ("switch", "", 5.0), ("work", "right", 20.0)] == sides


def test_bad_settings(catalog):
    """No stations, or zero rounds, are refused with what is allowed."""
    with pytest.raises(ValueError, match="at least one station"):
        plan_circuit([])
    with pytest.raises(ValueError, match="rounds must be more than 0"):
        plan_circuit([catalog["bird-dog"]], rounds=0)


def test_display_says_round_and_station(catalog):
    """The big display shows the station, the round and the next station while it works."""
    clock = [0.0]
    circuit = CircuitTimer(catalog, "starter", rest_seconds=10, clock=lambda: clock[0])
    assert "exl-circuit" in circuit._dom_classes
    timer = circuit.timer
    first = timer.plan.phases[0]
    count = len(catalog.routine("starter").items)
    timer.start()
    clock[0] = first.seconds + 0.5
    timer.refresh()
    html = timer.display_.value
    assert "Pelvic Tilt" in html
    assert f"Round 1 of 1 · Station 1 of {count}" in html
    assert "Next up: Bird Dog" in html  # the room sees what comes next while it works
    assert "none" == timer.reps.layout.display


def test_defaults_are_one_round_rep_by_rep_with_time_to_get_down(catalog):
    """By default a circuit runs one round, rep by rep, with at least the minimum to get down."""
    assert ("reps", 1) == (CIRCUIT_PACE, CIRCUIT_ROUNDS)
    plan = CircuitTimer(catalog).timer.plan
    moves = [p.seconds for p in plan.phases if p.kind == "prepare"]
    assert moves and min(moves) >= MIN_MOVE_SECONDS
    assert {1} == {p.sets for p in plan.phases if p.exercise_id}
    summary = CircuitTimer(catalog).summary.value
    assert "× 1 round," in summary and "1 rounds" not in summary  # m17
    assert "× 2 rounds," in CircuitTimer(catalog, rounds=2).summary.value
    with pytest.raises(ValueError, match=f"at least {MIN_MOVE_SECONDS} seconds"):
        plan_circuit([catalog["bird-dog"]], transition_seconds=MIN_MOVE_SECONDS - 1)


def test_circuit_never_exceeds_the_cards_dose(catalog):
    """Over all rounds, no station counts more reps than its card's dose allows."""
    for rounds in (1, 2, 3):
        for pace in ("reps", "time"):
            plan = plan_circuit(list(catalog), pace=pace, rounds=rounds)
            for exercise in catalog:
                reps = [p for p in plan.phases if p.exercise_id == exercise.id and p.counts_a_rep]
                assert reps, (exercise.id, pace)
                if pace == "reps":  # one phase a rep
                    sides = {p.side for p in reps}
                    per_side = max(sum(1 for p in reps if p.side == side) for side in sides)
                else:  # one phase a side and round, aiming for its reps
                    aims = [int(p.note.split("aim for ")[1].split()[0]) for p in reps]
                    per_side = sum(aims) // len({p.side for p in reps})
                assert per_side <= max(exercise.dose.reps.max, rounds), (exercise.id, pace, rounds)


def test_rebuild_uses_new_settings(catalog):
    """Build circuit applies the chosen stations and times."""
    circuit = CircuitTimer(catalog, "full")
    circuit.stations.value = ("bird-dog",)
    circuit.pace.value = "time"
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
    circuit = CircuitTimer(catalog, "full", rest_seconds=0)
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


def test_timed_station_aims_for_what_fits_its_time(catalog):
    """A timed station aims for the reps that fit its time at the card's pace, never more."""
    starter = {i.exercise.id: i for i in catalog.routine("starter").items}
    items = [starter["bird-dog"], starter["pelvic-tilt"], starter["hamstring-stretch"]]
    for work in (20, 40, 60, 120):
        plan = plan_circuit(items, pace="time", work_seconds=work, rounds=1)
        for phase in (p for p in plan.phases if p.kind == "work"):
            dose = next(i.dose for i in items if i.exercise.id == phase.exercise_id)
            aim = int(phase.note.split("aim for ")[1].split()[0])
            assert 1 <= aim <= dose.reps.target
            assert aim == 1 or aim * rep_cycle_seconds(dose) <= phase.seconds, (work, phase.note)
            assert " s each" not in phase.note
    bird = next(p for p in plan.phases if p.kind == "work" and p.exercise_id == "bird-dog")
    assert bird.label.startswith("Work: left side, aim for ")
    assert not any("rep 1 of 1" in p.label for p in plan.phases)


def test_the_station_list_follows_the_routine_order(catalog):
    """The list shows the circuit's stations first, in the order it runs them."""
    circuit = CircuitTimer(catalog, "full", rest_seconds=0)
    order = [i.exercise.id for i in catalog.routine("full").items]
    assert order != sorted(order)  # the test means something only if the order is not a-z
    listed = [value for _, value in circuit.stations.options]
    assert order == listed[: len(order)]
    run = list(dict.fromkeys(p.exercise_id for p in circuit.timer.plan.phases if p.exercise_id))
    assert order == run


def test_on_a_projector_open_settings_cover_the_timer(catalog):
    """Opening the settings on a projector hides the timer; Build brings it back."""
    circuit = CircuitTimer(catalog, projector=True)
    assert (None, None) == (circuit.settings.selected_index, circuit.timer_box.layout.display)
    circuit.settings.selected_index = 0
    assert "none" == circuit.timer_box.layout.display
    circuit.build()
    assert (None, None) == (circuit.settings.selected_index, circuit.timer_box.layout.display)
    inline = CircuitTimer(catalog)
    inline.settings.selected_index = 0
    assert inline.timer_box.layout.display is None


def test_only_the_projector_carries_the_rules_that_lift_it_out_of_a_console(catalog):
    """The rules that let the circuit cover a console's panels come with the projector
    alone: a ``:has`` rule in every lesson would be checked at each change to the page."""

    def styles(widget) -> str:
        return "".join(getattr(child, "value", "") for child in widget.children)

    projector = styles(CircuitTimer(catalog, projector=True))
    assert ".lm-Widget:has(.exl-projector)" in projector
    assert ".exl-widget" in styles(CircuitTimer(catalog))  # the stylesheet every widget has
    assert ":has(" not in styles(CircuitTimer(catalog))


def test_each_station_shows_its_easier_rung_for_the_room(catalog):
    """Under each station: "Too much?" with the rung below the card, by name; a station
    whose card is its easiest rung shows none."""
    from html import escape

    clock = [0.0]
    circuit = CircuitTimer(catalog, "starter", clock=lambda: clock[0])
    timer = circuit.timer
    timer.start()
    shown = {}
    for phase in timer.plan.phases:
        clock[0] = phase.start + 0.01
        timer.refresh()
        if phase.exercise_id:
            shown[phase.exercise_id] = circuit.easier.value
    assert shown
    for exercise_id, html in shown.items():
        exercise = catalog[exercise_id]
        if exercise.card_rung == 0:
            assert html == "", exercise_id
        else:
            below = exercise.ladder[exercise.card_rung - 1]
            assert "Too much?" in html and escape(below.name) in html, exercise_id
    assert any(shown.values()) and not all(shown.values())
