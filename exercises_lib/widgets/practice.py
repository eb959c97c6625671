"""Guided, timed practice: a big phase display, rep and side counters, and controls.

The kernel keeps the time. An asyncio task wakes at each change of the countdown,
asks the PlanRunner where the plan is, and updates the widgets; it never prints.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from ..figures import figure_motion_svg, figure_path_svg, figure_svg
from ..i18n import _, ngettext
from ..models import Dose, Exercise, side_word
from ..rendering import dose_line, figure_title
from ..runner import PlanRunner, Snapshot, run_ticks
from ..timing import (
    DEFAULT_PREPARE_SECONDS,
    Phase,
    Plan,
    plan_break,
    plan_exercise,
    plan_rest,
)
from ._base import PrintFallback, style_widget, ticks
from .timerview import PhaseDisplay, TimerKeys
from .voice import VoiceCoach

__all__ = [
    "PhaseDisplay",
    "PracticeTimer",
    "RepCounter",
    "SideTracker",
    "break_timer",
    "hold_timer",
    "rest_timer",
]

# A hold counts its last seconds aloud: "Hold… 3, 2, 1".
_COUNTED = 3
# The phases in which the body changes position (none of them counts a rep).
_PAUSES = ("prepare", "recover", "switch")


class RepCounter(widgets.HBox):
    """'Reps done: 3 of 10' with a bar; the timer counts for the learner."""

    done = traitlets.Int(0, help="Reps finished").tag(sync=False)
    total = traitlets.Int(1, help="Reps to do").tag(sync=False)

    def __init__(self, total: int = 1):
        self.text = widgets.HTML().add_class("exl-reps")
        self.bar = widgets.IntProgress(
            min=0, max=max(1, total), description="", layout={"width": "14em"}
        )
        super().__init__([self.text, self.bar])
        self.add_class("exl-rep-counter")
        self.total = max(1, total)
        self._render()

    def set(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = max(1, total)
        self.done = max(0, min(done, self.total))
        self._render()

    def _render(self) -> None:
        self.text.value = escape(
            _("Reps done: {done} of {total}").format(done=self.done, total=self.total)
        )
        self.bar.max = self.total
        self.bar.value = self.done


class SideTracker(widgets.HTML):
    """'Left 7 of 10 · Right 6 of 10' with tick boxes."""

    def __init__(self, total: int = 1, sides: tuple[str, ...] = ("left", "right")):
        super().__init__()
        self.add_class("exl-side-tracker")
        self.sides = sides
        self.set({s: 0 for s in sides}, total)

    def set(self, counts: dict[str, int], total: int, sides: tuple[str, ...] | None = None) -> None:
        self.sides = sides or self.sides
        self.counts = {s: counts.get(s, 0) for s in self.sides}
        self.total = total
        if self.sides == ("",):
            self.text = self.value = ""
            return
        self.text = " · ".join(
            _("{side} {done} of {total}").format(
                side=side_word(s).capitalize(), done=self.counts[s], total=total
            )
            for s in self.sides
        )
        boxes = "".join(
            f'<div class="exl-ticks"><span class="exl-side-name">{escape(side_word(s).capitalize())}</span>'
            f"{ticks(self.counts[s], total)}</div>"
            for s in self.sides
        )
        self.value = f'<div class="exl-sides">{escape(self.text)}</div>{boxes}'


class PracticeTimer(PrintFallback, widgets.VBox):
    """A guided practice of a plan: display, counters, Start/Pause/Skip/Reset, sound.

    ``gate`` (e.g. a SafetyChecklist) keeps Start disabled until it is complete.
    ``clock`` is injectable so tests can drive time by hand.
    """

    state = traitlets.Unicode(
        "idle", help="idle, running, paused or done: observe it to follow the practice"
    ).tag(sync=False)

    def __init__(
        self,
        plan: Plan,
        *,
        clock: Callable[[], float] = time.monotonic,
        gate: traitlets.HasTraits | None = None,
        voice: bool = True,
        resolution: float = 1.0,
        print_summary: str = "",
        print_note: str = "",
        exercises: Mapping[str, Exercise] | None = None,
        where: Callable[[Phase], str] | None = None,
        counters: bool = True,
    ):
        self.exercises = dict(exercises or {})
        self.where = where or _set_of
        self.counters = counters
        self.figure_view = widgets.HTML().add_class("exl-figure-view")
        # beside the display: the figure, and room for a word under it (a circuit's
        # easier version)
        self.aside = widgets.VBox([self.figure_view]).add_class("exl-aside")
        self._use_plan(plan, clock)
        self.resolution = resolution
        self.gate = gate
        self.print_summary = print_summary
        self.print_note = print_note  # on paper, what to do instead of pressing Start
        self.display_ = PhaseDisplay()
        self.reps = RepCounter()
        self.side_tracker = SideTracker()
        self.voice = VoiceCoach(enabled=voice)
        self.keyboard = TimerKeys()
        self._counted = (-1, 0)  # (phase index, second) last said aloud
        self.start_button = self._button(
            _("Start"), "play", _("Start the guided practice"), "exl-start"
        )
        self.pause_button = self._button(_("Pause"), "pause", _("Pause or resume"), "exl-pause")
        self.skip_button = self._button(
            _("Skip"), "forward", _("Skip to the next step"), "exl-skip"
        )
        self.back_button = self._button(_("Back"), "backward", _("Go back one step"), "exl-back")
        self.reset_button = self._button(
            _("Reset"), "refresh", _("Start again from the top"), "exl-reset"
        )
        self.options_box = widgets.HBox()
        self.keep_going: widgets.Checkbox | None = None
        self.gate_note = widgets.HTML().add_class("exl-gate-note")
        self.start_button.on_click(lambda _event: self.start())
        self.pause_button.on_click(lambda _event: self.toggle_pause())
        self.skip_button.on_click(lambda _event: self.skip())
        self.back_button.on_click(lambda _event: self.back())
        self.reset_button.on_click(lambda _event: self.reset())
        self._task: asyncio.Task[Snapshot] | None = None
        self._wake: asyncio.Event | None = None
        self._last_index = -1
        self._done_callbacks: list[Callable[[Snapshot], object]] = []
        self._phase_callbacks: list[Callable[[Snapshot], object]] = []
        controls = widgets.HBox(
            [
                self.start_button,
                self.pause_button,
                self.back_button,
                self.skip_button,
                self.reset_button,
            ],
            layout={"flex_flow": "row wrap", "align_items": "center"},
        )
        controls.add_class("exl-controls")
        self.voice.layout = widgets.Layout(width="auto", margin=".3em 0 0 0")
        super().__init__(
            [
                style_widget(),
                self.gate_note,
                widgets.HBox(
                    [self.display_, self.aside], layout={"align_items": "center"}
                ).add_class("exl-display-row"),
                self.side_tracker,
                self.reps,
                controls,
                self.keyboard,
                self.voice,
                self.options_box,
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-practice")
        if gate is not None:
            gate.observe(lambda _event: self._update_buttons(), names="complete")
        self.refresh()

    def _use_plan(self, plan: Plan, clock: Callable[[], float]) -> None:
        self._set_plan(plan)
        self.runner = PlanRunner(plan, clock)

    def _set_plan(self, plan: Plan) -> None:
        self.plan = plan
        # Reps to do and sides per routine item, worked out once rather than on every tick.
        self._targets: dict[int, tuple[int, tuple[str, ...]]] = {}
        for p in plan.phases:
            if p.counts_a_rep:
                total, sides = self._targets.get(p.item, (0, ()))
                sides = sides if p.side in sides else (*sides, p.side)
                self._targets[p.item] = (max(total, p.reps), sides)

    def replace_plan(self, plan: Plan) -> bool:
        """Swap in another plan before Start (e.g. "keep going to the top of the range")."""
        if self.runner.state != "idle":
            return False
        self._use_plan(plan, self.runner.clock)
        self._last_index = -1
        self.refresh()
        return True

    def switch_plan(self, plan: Plan, index: int) -> bool:
        """Go on in another plan from its phase ``index`` (a step down mid-session);
        before Start, the other plan simply replaces this one."""
        if self.runner.state == "idle":
            return self.replace_plan(plan)
        # the same run goes on in the new plan: its clock, pauses and reps done so far
        if not self.runner.switch_plan(plan, index):
            return False
        self._set_plan(plan)
        self._last_index = -1
        self.nudge()
        return True

    @staticmethod
    def _button(label: str, icon: str, tip: str, css: str) -> widgets.Button:
        button = widgets.Button(description=label, icon=icon, tooltip=tip)
        button.add_class(css)
        button.add_class("exl-big")
        return button

    # -- actions -------------------------------------------------------------
    @property
    def gated(self) -> bool:
        """True while the gate (safety checklist) is not complete."""
        return self.gate is not None and not getattr(self.gate, "complete", True)

    def start(self) -> bool:
        """Start once; a second Start while running does nothing."""
        if self.gated or not self.runner.start():
            return False
        self._launch()
        self.refresh()
        return True

    def toggle_pause(self) -> None:
        if not self.runner.pause():
            self.runner.resume()
        self.nudge()

    def pause(self) -> None:
        self.runner.pause()
        self.nudge()

    def resume(self) -> None:
        self.runner.resume()
        self.nudge()

    def skip(self) -> None:
        self.runner.skip()
        self.nudge()

    def back(self) -> None:
        self.runner.back()
        self.nudge()

    def reset(self) -> None:
        self.stop()
        self.runner.reset()
        self._last_index = -1
        self.refresh()

    def stop(self) -> None:
        """Cancel the ticking task (the plan keeps its place)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    def close(self) -> None:
        self.stop()
        super().close()

    def on_done(self, callback: Callable[[Snapshot], object]) -> None:
        """Call ``callback(snapshot)`` once when the plan finishes."""
        self._done_callbacks.append(callback)

    def on_phase(self, callback: Callable[[Snapshot], object]) -> None:
        """Call ``callback(snapshot)`` whenever a new phase begins."""
        self._phase_callbacks.append(callback)

    # -- ticking -------------------------------------------------------------
    def _launch(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain scripts, unit tests): refresh() drives it
            return
        self._wake = asyncio.Event()
        self._task = loop.create_task(
            run_ticks(self.runner, self._show, resolution=self.resolution, wake=self._wake)
        )

    def nudge(self) -> None:
        """Redraw now and wake the ticking task, after the runner was moved by hand."""
        if self._wake is not None:
            self._wake.set()
        self.refresh()

    def refresh(self) -> Snapshot:
        """Show where the plan is now (the ticking task calls this too)."""
        snap = self.runner.snapshot()
        self._show(snap)
        return snap

    def _show(self, snap: Snapshot) -> None:
        phase = snap.phase
        paused_or_going_on = {self.state, snap.state} == {"running", "paused"}
        self.state = snap.state
        display = self.display_
        display.show(snap, self.plan.title, "" if snap.state == "idle" else self.where(phase))
        if paused_or_going_on:  # said too, not only shown
            display.announce(f"{display.word}. {display.count_label}".strip(" ."))
        self._update_buttons(snap)
        if self.counters:
            self._count(snap)
        else:
            self.side_tracker.layout.display = self.reps.layout.display = "none"
        if snap.index != self._last_index or snap.state == "idle":
            self._draw_figure(snap)
        if snap.state == "running" and snap.index == self._last_index:
            # The box is redrawn every second: pulse only at a change of phase.
            self.display_.remove_class("exl-flash")
            self._count_aloud(snap)
        if snap.state != "idle" and snap.index != self._last_index:
            self._last_index = snap.index
            self._cue(snap)
            for callback in self._phase_callbacks:
                callback(snap)
            if snap.state == "done":
                for callback in self._done_callbacks:
                    callback(snap)

    def _count(self, snap: Snapshot) -> None:
        phase = snap.phase
        total, sides = self._targets.get(phase.item, (0, ("",)))
        counts = {side: snap.completed.get((phase.item, side), 0) for side in sides}
        self.side_tracker.set(counts, total, sides)
        self.side_tracker.layout.display = None if sides != ("",) else "none"
        reps_total = total * len(sides)
        self.reps.set(sum(counts.values()), reps_total or 1)

    def _draw_figure(self, snap: Snapshot) -> None:
        """Draw the figure once per phase; it moves in the pauses, never during a hold.

        Getting into position, the body settles onto the mat in the start pose; a pause
        before a hold ends with the body moving out, so the hold starts in place and
        stays still. A lift moves over its seconds; a rep without a hold moves in it.
        """
        phase = snap.phase
        exercise = self.exercises.get(phase.exercise_id)
        if exercise is None and phase.kind == "rest" and phase.next_up:
            exercise = next((e for e in self.exercises.values() if e.name == phase.next_up), None)
        if exercise is None or exercise.figure is None:
            self.figure_view.value = ""
            return
        figure = exercise.figure

        def worked(p: Phase) -> str:
            return "end_right" if p.side == "right" and "end_right" in figure.poses else "end"

        title = f"{exercise.name}: {phase.label}"
        phases = self.plan.phases
        before = phases[snap.index - 1] if snap.index > 0 else None
        after = phases[snap.index + 1] if snap.index + 1 < len(phases) else None
        glide = min(1.2, phase.seconds / 2)
        moves_out = (
            [(worked(after), phase.seconds - glide, glide)]
            if phase.kind in _PAUSES and after is not None and after.kind == "hold"
            else []
        )
        # A lift, or a pause that ended moving out, leaves the body where the hold wants it.
        held_in_place = before is not None and (before.kind == "lift" or before.kind in _PAUSES)
        css = "exl-figure-box"
        if snap.state == "idle" or phase.kind in ("rest", "done"):
            svg = figure_svg(figure, "start", title=figure_title(exercise.name, "start"), width=300)
        elif phase.kind == "hold" and held_in_place:
            svg = figure_svg(figure, worked(phase), title=title, width=300)
        elif phase.kind == "work" and before is not None and before.kind == "lift":
            # a rep that curled up in its lift comes back down in its work phase
            svg = figure_path_svg(
                figure, worked(phase), [("start", 0.0, phase.seconds)], title=title
            )
        elif phase.kind in ("hold", "work", "lift"):
            seconds = phase.seconds if phase.kind == "lift" else min(1.5, phase.seconds / 2)
            svg = figure_motion_svg(figure, "start", worked(phase), title=title, seconds=seconds)
        elif phase.kind == "recover" and before is not None:
            svg = figure_path_svg(
                figure, worked(before), [("start", 0.0, 1.0), *moves_out], title=title
            )
        else:  # getting into position, or switching sides: the start pose
            svg = figure_path_svg(figure, "start", moves_out, title=title)
            css += " exl-settle" if phase.kind == "prepare" else ""
        self.figure_view.value = f'<div class="{css}">{svg}</div>'

    def _cue(self, snap: Snapshot) -> None:
        self.display_.remove_class("exl-flash")
        if snap.index > 0:
            self.display_.add_class("exl-flash")
        self.voice.say(snap.phase.cue)
        self.display_.announce(snap.phase.cue)

    def _count_aloud(self, snap: Snapshot) -> None:
        """Say the last seconds of a hold, once each."""
        second = snap.seconds_shown
        counting = snap.phase.kind == "hold" and 0 < second <= _COUNTED < snap.phase.seconds
        if counting and self._counted != (snap.index, second):
            self._counted = (snap.index, second)
            self.voice.say(str(second))
            self.display_.announce(str(second))

    def _update_buttons(self, snap: Snapshot | None = None) -> None:
        state = (snap or self.runner.snapshot()).state
        # A gated Start stays in the Tab order (aria-disabled in the page), so a keyboard
        # reaches it the moment the last safety box is ticked, before the kernel answers.
        self.start_button.disabled = state != "idle"
        if self.gated:
            self.start_button.add_class("exl-gated")
        else:
            self.start_button.remove_class("exl-gated")
        self.pause_button.disabled = state not in ("running", "paused")
        self.pause_button.description = _("Resume") if state == "paused" else _("Pause")
        self.pause_button.icon = "play" if state == "paused" else "pause"
        self.skip_button.disabled = self.back_button.disabled = state not in ("running", "paused")
        self.reset_button.disabled = state == "idle"
        for box in self.options_box.children:  # plan switches work only before Start
            box.disabled = state != "idle"
        default = _("Tick every box in the checklist above to enable Start.")
        self.gate_note.value = (
            escape(getattr(self.gate, "waiting_for", default)) if self.gated else ""
        )

    def print_html(self) -> str:
        summary = escape(self.print_summary or self.plan.title)
        note = f"<p>{escape(self.print_note)}</p>" if self.print_note else ""
        return f'<div class="exl-print exl-print-timer"><strong>{summary}</strong>{note}</div>'


def _set_of(phase: Phase) -> str:
    if phase.sets <= 1:
        return ""
    return _("Set {set} of {sets}").format(set=phase.set, sets=phase.sets)


def _summary(exercise: Exercise, dose: Dose) -> str:
    reps = dose.reps.target
    if dose.hold_seconds:
        how = _("hold {seconds:g} s").format(seconds=dose.hold_seconds)
    else:
        how = ngettext("{reps} slow rep", "{reps} slow reps", reps).format(reps=reps)
    if dose.per_side:
        boxes = f"{side_word('left')} {ticks(0, reps)}  {side_word('right')} {ticks(0, reps)}"
    else:
        boxes = ticks(0, reps)
    return f"{exercise.name} — {how} — {boxes}"


def hold_timer(
    exercise: Exercise,
    dose: Dose | None = None,
    *,
    full: Dose | None = None,
    gate: widgets.Widget | None = None,
    prepare_seconds: float = DEFAULT_PREPARE_SECONDS,
    **options: Any,
) -> PracticeTimer:
    """A guided practice of one exercise at its dose (or the one given).

    A rep range counts to its lower end; a "keep going" box counts to the top instead.
    With ``full`` (the card's dose, when the practice starts lower), a box switches to it.
    """
    dose = dose or exercise.dose
    plan = plan_exercise(exercise, dose, prepare_seconds=prepare_seconds)
    timer = PracticeTimer(
        plan,
        gate=gate,
        print_summary=_summary(exercise, dose),
        print_note=_(
            "On paper: time each hold with a clock or a phone, and tick a box for each rep."
        ),
        exercises={exercise.id: exercise},
        **options,
    )
    choices = []
    if dose.reps.max > dose.reps.min:
        choices.append(
            (
                _("Keep going to {most} reps (only if {least} felt easy)").format(
                    most=dose.reps.max, least=dose.reps.min
                ),
                plan_exercise(exercise, dose, prepare_seconds=prepare_seconds, to_top=True),
                "exl-keep-going",
            )
        )
    if full is not None and full != dose:
        choices.append(
            (
                _("Use the card's full dose ({dose}), only once this one feels easy").format(
                    dose=dose_line(full)
                ),
                plan_exercise(exercise, full, prepare_seconds=prepare_seconds),
                "exl-full-dose",
            )
        )
    boxes = [_plan_switch(timer, label, plan, other, css) for label, other, css in choices]
    if boxes:
        timer.keep_going = boxes[0]
        timer.options_box.children = boxes
    return timer


def _plan_switch(
    timer: PracticeTimer, label: str, plan: Plan, other: Plan, css: str
) -> widgets.Checkbox:
    """A tick box that swaps the timer's plan for another before Start (and back)."""
    box = widgets.Checkbox(value=False, description=label, indent=False, layout={"width": "auto"})
    box.add_class(css)

    def changed(change: dict[str, object]) -> None:
        wanted = other if change["new"] else plan
        if timer.plan is wanted:
            return
        if not timer.replace_plan(wanted):
            box.value = not change["new"]  # too late once started

    box.observe(changed, names="value")
    return box


def break_timer(seconds: float, next_up: str = "", **options: Any) -> PracticeTimer:
    """A movement break's countdown: up and about, with what comes next; no reps to count."""
    summary = _("Movement break {seconds:g} s — then: {what}").format(seconds=seconds, what=next_up)
    return PracticeTimer(
        plan_break(seconds, next_up), print_summary=summary, counters=False, **options
    )


def rest_timer(seconds: float, next_up: str = "", **options: Any) -> PracticeTimer:
    """A rest countdown with what comes next."""
    if next_up:
        summary = _("Rest {seconds:g} s — next: {what}").format(seconds=seconds, what=next_up)
    else:
        summary = _("Rest {seconds:g} s").format(seconds=seconds)
    return PracticeTimer(plan_rest(seconds, next_up), print_summary=summary, **options)
