"""The trainer's circuit timer for a projector: stations, work, rest and moves, in huge type."""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from ..models import Catalog
from ..timing import (
    CIRCUIT_MOVE_SECONDS,
    CIRCUIT_REST_SECONDS,
    CIRCUIT_ROUNDS,
    CIRCUIT_WORK_SECONDS,
    Phase,
    plan_circuit,
)
from ._base import style_widget
from .practice import PracticeTimer

__all__ = ["CircuitTimer"]


class CircuitTimer(widgets.VBox):
    """Pick a routine's exercises as stations, set the times, press Build, then Start.

    The stations start as the routine's exercises without any advanced one: an
    advanced exercise (labelled so) joins a circuit only when the trainer picks it.
    It runs on the same timing engine as every other timer in the course.
    """

    def __init__(
        self,
        catalog: Catalog,
        routine_id: str = "starter",
        *,
        work_seconds: int = CIRCUIT_WORK_SECONDS,
        rest_seconds: int = CIRCUIT_REST_SECONDS,
        transition_seconds: int = CIRCUIT_MOVE_SECONDS,
        rounds: int = CIRCUIT_ROUNDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.catalog = catalog
        self.clock = clock
        self.stations = widgets.SelectMultiple(
            description="Stations",
            options=[(e.name + (" (advanced)" if e.advanced else ""), e.id) for e in catalog],
            value=[
                item.exercise.id
                for item in catalog.routine(routine_id).items
                if not item.exercise.advanced
            ],
            rows=min(8, len(catalog)),
        )
        style = {"description_width": "10em"}
        self.work = widgets.BoundedIntText(
            value=work_seconds, min=5, max=600, description="Work (s)", style=style
        )
        self.rest = widgets.BoundedIntText(
            value=rest_seconds, min=0, max=600, description="Rest (s)", style=style
        )
        self.move = widgets.BoundedIntText(
            value=transition_seconds, min=0, max=120, description="Move to station (s)", style=style
        )
        self.rounds = widgets.BoundedIntText(
            value=rounds, min=1, max=10, description="Rounds", style=style
        )
        self.build_button = widgets.Button(
            description="Build circuit", icon="refresh", tooltip="Use these settings"
        )
        self.build_button.add_class("exl-build-circuit")
        self.build_button.on_click(lambda _: self.build())
        self.settings = widgets.Accordion(
            [
                widgets.VBox(
                    [self.stations, self.work, self.rest, self.move, self.rounds, self.build_button]
                )
            ],
            titles=("Circuit settings",),
        )
        self.timer_box = widgets.VBox()
        self.timer: PracticeTimer | None = None
        super().__init__([style_widget(), self.settings, self.timer_box])
        self.add_class("exl-widget")
        self.add_class("exl-circuit")
        self.build()

    def build(self) -> PracticeTimer:
        """(Re)build the circuit from the settings; a running one is stopped first."""
        if self.timer is not None:
            self.timer.close()
        stations = [self.catalog[i] for i in self.stations.value] or [
            e for e in self.catalog if not e.advanced
        ]
        plan = plan_circuit(
            stations,
            work_seconds=self.work.value,
            rest_seconds=self.rest.value,
            transition_seconds=self.move.value,
            rounds=self.rounds.value,
        )
        count = len(stations)

        def where(phase: Phase) -> str:
            return f"Round {phase.set} of {phase.sets} · Station {phase.item + 1} of {count}"

        minutes = plan.total_seconds / 60
        summary = (
            f"Circuit: {count} stations × {self.rounds.value} rounds, about {minutes:.0f} minutes"
        )
        self.timer = PracticeTimer(
            plan,
            clock=self.clock,
            exercises={s.id: s for s in stations},
            where=where,
            print_summary=summary,
            counters=False,
        )
        # On a projector the countdown gets most of the width; the figure takes the rest.
        self.timer.display_.layout = widgets.Layout(width="62%", min_width="20em")
        self.timer.figure_view.layout = widgets.Layout(width="36%")
        self.timer_box.children = [
            widgets.HTML(f"<p>{escape(summary)}.</p>"),
            self.timer,
        ]
        return self.timer
