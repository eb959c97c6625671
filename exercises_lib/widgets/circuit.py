"""The trainer's circuit timer for a projector: stations, work, rest and moves, in huge type."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets

from ..i18n import N_, _, ngettext
from ..models import Catalog, Dose, RoutineItem
from ..runner import Snapshot
from ..timing import (
    CIRCUIT_MOVE_SECONDS,
    CIRCUIT_PACE,
    CIRCUIT_REST_SECONDS,
    CIRCUIT_ROUNDS,
    CIRCUIT_ROUTINE,
    CIRCUIT_WORK_SECONDS,
    MIN_MOVE_SECONDS,
    CircuitPace,
    Phase,
    plan_circuit,
)
from ._base import projector_style_widget, style_widget
from .practice import PracticeTimer

__all__ = ["CircuitTimer"]

_PACE_OPTIONS = ((N_("Timed stations"), "time"), (N_("Rep by rep"), "reps"))


class CircuitTimer(widgets.VBox):
    """Pick stations, set the times, press Build, then Start.

    The stations start as a routine's exercises at the routine's doses: the starter
    routine unless another is named, so an advanced exercise (labelled so) joins a
    circuit only when the trainer names a routine that has it or picks it as a station.
    ``projector=True`` lays the circuit over the whole screen (``exercises present``).
    It runs on the same timing engine as every other timer in the course.
    """

    def __init__(
        self,
        catalog: Catalog,
        routine_id: str = CIRCUIT_ROUTINE,
        *,
        stations: Sequence[str] | None = None,
        pace: CircuitPace = CIRCUIT_PACE,
        work_seconds: int = CIRCUIT_WORK_SECONDS,
        rest_seconds: int = CIRCUIT_REST_SECONDS,
        transition_seconds: int = CIRCUIT_MOVE_SECONDS,
        rounds: int = CIRCUIT_ROUNDS,
        clock: Callable[[], float] = time.monotonic,
        projector: bool = False,
    ):
        self.catalog = catalog
        self.clock = clock
        routine = catalog.routine(routine_id)
        # A station the routine has keeps the routine's dose (the starter's own Bird Dog dose, say).
        self._doses: dict[str, Dose] = {item.exercise.id: item.dose for item in routine.items}
        chosen = (
            [catalog.exercise(i).id for i in stations]
            if stations
            else [item.exercise.id for item in routine.items]
        )
        # The chosen stations first, in the order the circuit runs them, then the rest.
        listed = [catalog[i] for i in chosen] + [e for e in catalog if e.id not in chosen]
        self.stations = widgets.SelectMultiple(
            description=_("Stations"),
            options=[
                (e.name + (" " + _("(advanced)") if e.advanced else ""), e.id) for e in listed
            ],
            value=chosen,
            rows=min(8, len(catalog)),
        )
        style = {"description_width": "10em"}
        self.pace = widgets.ToggleButtons(
            options=[(_(label), value) for label, value in _PACE_OPTIONS],
            value=pace,
            description=_("Stations run"),
            style=style,
        )
        self.work = widgets.BoundedIntText(
            value=work_seconds, min=5, max=600, description=_("Work (s)"), style=style
        )
        self.rest = widgets.BoundedIntText(
            value=rest_seconds, min=0, max=600, description=_("Rest (s)"), style=style
        )
        self.move = widgets.BoundedIntText(
            value=transition_seconds,
            min=MIN_MOVE_SECONDS,
            max=120,
            description=_("Move to station (s)"),
            style=style,
        )
        self.rounds = widgets.BoundedIntText(
            value=rounds, min=1, max=10, description=_("Rounds"), style=style
        )
        self.pace.observe(self._pace_changed, names="value")
        self._pace_changed()
        self.build_button = widgets.Button(
            description=_("Build circuit"), icon="refresh", tooltip=_("Use these settings")
        )
        self.build_button.add_class("exl-build-circuit")
        self.build_button.on_click(lambda _event: self.build())
        fields = [self.stations, self.pace, self.work, self.rest, self.move, self.rounds]
        if projector:  # a 720-line screen cannot show both: the settings cover the timer
            fields.insert(
                0,
                widgets.HTML(
                    "<p><strong>"
                    + escape(_("The timer is hidden while these settings are open."))
                    + "</strong> "
                    + escape(
                        _("Press Build circuit to use them, or close Circuit settings, to see it.")
                    )
                    + "</p>"
                ),
            )
        self.settings = widgets.Accordion(
            [widgets.VBox([*fields, self.build_button])], titles=(_("Circuit settings"),)
        )
        self.settings.add_class("exl-circuit-settings")
        self.projector = projector
        self.settings.observe(self._settings_toggled, names="selected_index")
        self.summary = widgets.HTML().add_class("exl-circuit-summary")
        self.timer_box = widgets.VBox()
        # each station's rung below, so a trainer can point someone to it
        self.easier = widgets.HTML().add_class("exl-station-easier")
        self.timer_box.add_class("exl-circuit-main")
        self.timer: PracticeTimer | None = None
        children = [style_widget(), self.settings, self.summary, self.timer_box]
        if projector:
            children.insert(1, projector_style_widget())
            children.append(widgets.HTML(_stop_strip(catalog)).add_class("exl-stop-strip"))
        super().__init__(children)
        self.add_class("exl-widget")
        self.add_class("exl-circuit")
        if projector:
            self.add_class("exl-projector")
        self.build()

    def _pace_changed(self, _change: object = None) -> None:
        self.work.disabled = self.pace.value == "reps"  # each station's own dose sets the time

    def station_items(self) -> list[RoutineItem]:
        """The chosen stations at their doses (the routine's, else each card's)."""
        ids = self.stations.value or [e.id for e in self.catalog if not e.advanced]
        return [RoutineItem(self.catalog[i], self._doses.get(i, self.catalog[i].dose)) for i in ids]

    def build(self) -> PracticeTimer:
        """(Re)build the circuit from the settings; a running one is stopped first."""
        if self.timer is not None:
            self.timer.close()
        items = self.station_items()
        plan = plan_circuit(
            items,
            pace=self.pace.value,
            work_seconds=self.work.value,
            rest_seconds=self.rest.value,
            transition_seconds=self.move.value,
            rounds=self.rounds.value,
        )
        count = len(items)

        def where(phase: Phase) -> str:
            if not phase.exercise_id:  # the end: no round or station any more
                return ""
            advanced = " · " + _("Advanced") if self.catalog[phase.exercise_id].advanced else ""
            where = _("Round {round} of {rounds} · Station {station} of {stations}").format(
                round=phase.set, rounds=phase.sets, station=phase.item + 1, stations=count
            )
            return where + advanced

        minutes = plan.total_seconds / 60
        summary = ngettext(
            "Circuit: {stations} stations × {rounds} round, about {minutes:.0f} minutes",
            "Circuit: {stations} stations × {rounds} rounds, about {minutes:.0f} minutes",
            self.rounds.value,
        ).format(stations=count, rounds=self.rounds.value, minutes=minutes)
        self.timer = PracticeTimer(
            plan,
            clock=self.clock,
            exercises={item.exercise.id: item.exercise for item in items},
            where=where,
            print_summary=summary,
            counters=False,
        )
        self.timer.observe(self._fold_settings, names="state")
        self.timer.on_phase(self._show_easier)
        self._show_easier(self.timer.runner.snapshot())
        # On a projector the countdown gets most of the width; the figure takes the rest.
        self.timer.display_.layout = widgets.Layout(width="62%", min_width="20em")
        self.timer.aside.layout = widgets.Layout(width="36%")
        self.timer.aside.children = [self.timer.figure_view, self.easier]
        self.summary.value = f"<p>{escape(summary)}.</p>"
        self.timer_box.children = [self.timer]
        self._fold_settings()
        if self.projector:
            self.settings.selected_index = None  # built: back to the timer
        return self.timer

    def _show_easier(self, snap: Snapshot) -> None:
        """Under the station on now: its rung below, named, with how it is done."""
        exercise = self.catalog.exercises.get(snap.phase.exercise_id)
        below = exercise.card_rung - 1 if exercise is not None else -1
        if exercise is None or below < 0:
            self.easier.value = ""
            return
        name = exercise.on_rung(below).name
        how = _first_sentence(exercise.ladder[below].how)
        label = _("Too much? Try the easier version:")
        self.easier.value = f"<p><strong>{escape(label)}</strong> {escape(name)}. {escape(how)}</p>"

    def _settings_toggled(self, _change: object = None) -> None:
        if self.projector:
            covered = self.settings.selected_index is not None
            self.timer_box.layout.display = "none" if covered else None

    def _fold_settings(self, _change: object = None) -> None:
        """Settings and summary step aside while the circuit runs, and come back after."""
        running = self.timer is not None and self.timer.state in ("running", "paused")
        hidden = "none" if running else None
        self.settings.layout.display = self.summary.layout.display = hidden
        if running:
            self.settings.selected_index = None


def _first_sentence(text: str) -> str:
    """What a room can read at a glance: a rung's words up to their first full stop."""
    first, stop, _rest = text.partition(". ")
    return first + "." if stop else text


def _stop_strip(catalog: Catalog) -> str:
    safety = catalog.safety
    rule, tell = _("Stop rule:"), _("Sharp pain, or a warning sign? Stop and tell the trainer.")
    return f"<p><strong>{escape(rule)}</strong> {escape(safety.stop_rule)} {escape(tell)}</p>"
