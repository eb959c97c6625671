"""The session player: a whole routine, card by card, with rests, 'next up' and a summary."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from ..i18n import _
from ..models import Routine, RoutineItem, side_word
from ..rendering import CARD_CSS, dose_line, exercise_card_html, header_row
from ..runner import Snapshot
from ..timing import DEFAULT_PREPARE_SECONDS, Plan, plan_routine
from ._base import PrintFallback, ShowsProblems, ticks
from .practice import PracticeTimer

__all__ = ["SessionPlayer"]


class SessionPlayer(ShowsProblems, PrintFallback, widgets.VBox):
    """Walks a routine: the current exercise's card, its timed reps, rests, a summary."""

    def __init__(
        self,
        routine: Routine,
        *,
        gate: traitlets.HasTraits | None = None,
        prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
        rest_seconds: float | None = None,
        show_cards: bool = True,
        **options: Any,
    ):
        self.routine = routine
        # a step down plans the session again with the same timings
        self._plan = partial(
            plan_routine, prepare_seconds=prepare_seconds, rest_seconds=rest_seconds
        )
        plan = self._plan(routine)
        exercises = {item.exercise.id: item.exercise for item in routine.items}
        self.timer = PracticeTimer(
            plan, gate=gate, print_summary=routine.name, exercises=exercises, **options
        )
        self.heading = widgets.HTML().add_class("exl-player-heading")
        self.card = widgets.HTML()
        self.card.add_class("exl-player-card")
        self.card_toggle = widgets.Checkbox(
            value=show_cards, description=_("Show the exercise card"), indent=False
        )
        self.card_toggle.observe(lambda _event: self._show_card(), names="value")
        self.next_button = widgets.Button(
            description=_("Next exercise"),
            icon="step-forward",
            tooltip=_("Skip the rest of this exercise"),
            layout={"width": "auto"},  # room for the words in every language
        )
        self.next_button.add_class("exl-next-exercise")
        self.next_button.on_click(lambda _event: self.next_exercise())
        self.easier_button = widgets.Button(
            description=_("Too much? Try the easier version"),
            icon="arrow-down",
            layout={"width": "auto"},
        )
        self.easier_button.add_class("exl-step-down")
        self.easier_button.on_click(lambda _event: self.step_down())
        # which version the button leads to, and after a step down, what happened
        self.easier_note = widgets.HTML().add_class("exl-step-down-note")
        self.summary = widgets.HTML().add_class("exl-summary")
        self.problem = widgets.HTML()
        self._item = -1
        self.planned = routine  # as it came: what "Too much?" has changed is told apart
        self._step_down_callbacks: list[Callable[[], object]] = []
        self.timer.on_phase(self._phase_changed)
        self.timer.on_done(self._finished)
        super().__init__(
            [
                self.heading,
                self.timer,
                # right under the timer's "Done", where the eyes are, not below the card (m1)
                self.summary,
                self.problem,
                widgets.HBox(
                    [self.next_button, self.easier_button], layout={"flex_flow": "row wrap"}
                ),
                self.easier_note,
                self.card_toggle,
                self.card,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-session-player")
        self._phase_changed(self.timer.runner.snapshot())

    def start(self) -> bool:
        return self.timer.start()

    def next_exercise(self) -> None:
        """Jump to the rest before the next exercise (or the end)."""
        runner = self.timer.runner
        snap = runner.snapshot()
        later = [
            i
            for i, p in enumerate(runner.plan.phases)
            if i > snap.index and p.item > snap.phase.item
        ]
        runner.skip_to(later[0] if later else len(runner.plan.phases) - 1)
        self.timer.nudge()

    def step_down(self) -> bool:
        """Swap the exercise on now for its rung below, and go on from its start.

        The rest of the session is the same; the results (and so the log) name the rung
        done, and the plan's ladder counts from it.
        """
        number = max(0, self._item)
        easier = self.routine.items[number].step_down()
        if easier is None or self.timer.runner.state == "done":
            return False
        items = list(self.routine.items)
        items[number] = easier
        self.routine = dataclasses.replace(self.routine, items=tuple(items))
        plan = self._plan(self.routine)
        snap = self.timer.runner.snapshot()
        # a rest before this exercise starts again with the new name; else its set-up
        start = snap.index if snap.phase.kind == "rest" else _prepare_of(plan, number)
        self.timer.exercises[easier.exercise.id] = easier.exercise
        self.timer.switch_plan(plan, start)
        self._show_card()
        self._phase_changed(self.timer.runner.snapshot())
        for callback in self._step_down_callbacks:
            callback()
        return True

    def on_step_down(self, callback: Callable[[], object]) -> None:
        """Call ``callback()`` after each step down to an easier version."""
        self._step_down_callbacks.append(callback)

    def _phase_changed(self, snap: Snapshot) -> None:
        item = snap.phase.item if snap.phase.kind != "done" else self._item
        if snap.phase.kind == "rest" and snap.state != "idle":
            item = snap.phase.item  # rests belong to the exercise that comes next
        if item != self._item:
            self._item = item
            self._show_card()
        count = len(self.routine.items)
        name = self.routine.items[max(0, self._item)].exercise.name
        which = _("Exercise {number} of {count}:").format(
            number=max(0, self._item) + 1, count=count
        )
        self.heading.value = (
            f"<h2>{escape(self.routine.name)}</h2>"
            f"<p>{escape(which)} <strong>{escape(name)}</strong></p>"
        )
        self._offer_easier(snap)

    def _offer_easier(self, snap: Snapshot) -> None:
        """Show "Too much?" while the exercise on now has an easier rung, naming it."""
        now = self.routine.items[max(0, self._item)]
        easier = now.step_down()
        offered = easier is not None and snap.state != "done"
        self.easier_button.layout.display = None if offered else "none"
        said = []
        if now != self.planned.items[max(0, self._item)]:
            said.append(
                _("You chose the easier version: {name}. Your plan goes on from it.").format(
                    name=now.exercise.name
                )
            )
        if offered:
            assert easier is not None
            said.append(
                _("Easier version: {name}, {dose}.").format(
                    name=easier.exercise.name, dose=dose_line(easier.dose)
                )
            )
        self.easier_note.value = "".join('<p role="status">' + escape(s) + "</p>" for s in said)

    def _show_card(self) -> None:
        if not self.card_toggle.value:
            self.card.value = ""
            return
        entry = self.routine.items[max(0, self._item)]
        self.card.value = CARD_CSS + exercise_card_html(entry.exercise, entry.dose, css=False)

    def close(self) -> None:
        self.timer.close()
        super().close()

    def results(self) -> list[dict[str, Any]]:
        """Reps done per exercise and side, next to the targets (for the summary and the log)."""
        snap = self.timer.runner.snapshot()
        rows = []
        for item, entry in enumerate(self.routine.items):
            done = {
                side or "both": snap.completed.get((item, side), 0) for side in entry.dose.sides
            }
            rows.append(
                {
                    "exercise": entry.exercise.id,
                    "name": entry.exercise.name,
                    "target": entry.dose.reps.target,
                    "done": done,
                    "hold_seconds": entry.dose.hold_seconds,
                    # the version done, so the plan's ladder reads what really happened
                    "rung": _rung_id(entry),
                }
            )
        return rows

    def _finished(self, _snap: Snapshot) -> None:
        results = self.results()
        if not any(n for r in results for n in r["done"].values()):
            # nothing done: say so, and count no time and no session (the log agrees)
            nothing = _("Every exercise was skipped, so this does not count as a session.")
            self.summary.value = (
                "<h3>" + escape(_("Session over")) + "</h3><p>" + escape(nothing) + "</p>"
            )
            return
        rows = "".join(
            f"<tr><td>{escape(r['name'])}</td><td>"
            + escape(", ".join(_done_text(side, n, r["target"]) for side, n in r["done"].items()))
            + "</td></tr>"
            for r in results
        )
        minutes = self.timer.runner.active_seconds() / 60
        time = _("Time: {minutes:.1f} minutes.").format(minutes=minutes)
        head = header_row(_("Exercise"), _("Done of planned"))
        self.summary.value = (
            ("<h3>" + escape(_("Session done")) + "</h3><p>" + escape(time) + "</p>")
            + f"<table>{head}{rows}</table>"
            + ("<p>" + escape(_("Now fill in the pain check below.")) + "</p>")
        )

    def print_html(self) -> str:
        rows = []
        for entry in self.routine.items:
            reps = entry.dose.reps.target
            boxes = (
                f"{side_word('left')} {ticks(0, reps)} {side_word('right')} {ticks(0, reps)}"
                if entry.dose.per_side
                else ticks(0, reps)
            )
            rows.append(
                f"<li>{escape(entry.exercise.name)} — {escape(dose_line(entry.dose))} — {boxes}</li>"
            )
        return f'<div class="exl-print exl-print-session"><strong>{escape(self.routine.name)}</strong><ul>{"".join(rows)}</ul></div>'


def _rung_id(entry: RoutineItem) -> str | None:
    """The rung done: the item's, or the card's own when the routine gave none."""
    ladder = entry.exercise.ladder
    if not ladder:
        return None
    return ladder[entry.exercise.card_rung if entry.rung is None else entry.rung].id


def _prepare_of(plan: Plan, item: int) -> int:
    """The index of the phase where routine item ``item`` is set up."""
    return next(i for i, p in enumerate(plan.phases) if p.item == item and p.kind == "prepare")


def _done_text(side: str, done: int, planned: int) -> str:
    """'left 3 of 5 planned', or 'skipped' when none were done."""
    if not done:
        text = _("skipped")
    else:
        text = _("{done} of {planned} planned").format(done=done, planned=planned)
    return text if side == "both" else f"{side_word(side)} {text}"
