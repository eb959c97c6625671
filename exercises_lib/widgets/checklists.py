"""Checklists: the safety checklist that gates Start, a form checklist, and a pain check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets
import traitlets

from ..models import Exercise, SafetyRules
from ._base import PrintFallback, style_widget

__all__ = ["Checklist", "FormChecklist", "PainCheck", "SafetyChecklist"]


class Checklist(PrintFallback, widgets.VBox):
    """A titled list of tick boxes; ``complete`` turns true when all are ticked."""

    complete = traitlets.Bool(False, help="True when every box is ticked").tag(sync=False)

    def __init__(self, title: str, items: Sequence[str], *, note: str = "", css: str = ""):
        self.title = title
        self.items = tuple(items)
        self.boxes = [
            widgets.Checkbox(value=False, description=text, indent=False, layout={"width": "auto"})
            for text in self.items
        ]
        for box in self.boxes:
            box.observe(self._changed, names="value")
        header = widgets.HTML(
            f"<h3>{escape(title)}</h3>" + (f"<p>{escape(note)}</p>" if note else "")
        )
        self.status = widgets.HTML()
        super().__init__([style_widget(), header, *self.boxes, self.status])
        self.add_class("exl-widget")
        self.add_class("exl-checklist")
        if css:
            self.add_class(css)
        self._changed()

    def _changed(self, _: object = None) -> None:
        ticked = sum(box.value for box in self.boxes)
        self.complete = ticked == len(self.boxes)
        self.status.value = (
            "<strong>All checked.</strong>"
            if self.complete
            else f"{ticked} of {len(self.boxes)} checked"
        )

    def tick_all(self) -> None:
        """Tick every box (for a trainer's demo; learners tick them one by one)."""
        for box in self.boxes:
            box.value = True

    def print_html(self) -> str:
        rows = "".join(f"<li>☐ {escape(text)}</li>" for text in self.items)
        return (
            f'<div class="exl-print exl-print-checklist"><strong>{escape(self.title)}</strong>'
            f'<ul style="list-style:none;padding-left:0">{rows}</ul></div>'
        )


class SafetyChecklist(Checklist):
    """The pre-practice checklist from the safety rules; practice waits until it is done."""

    def __init__(self, safety: SafetyRules):
        super().__init__(
            "Before you start",
            [item.text for item in safety.checklist],
            note="Tick each box only if it is true for you today.",
            css="exl-safety-checklist",
        )


class FormChecklist(Checklist):
    """The exercise's form cues as boxes to tick while you practise."""

    def __init__(self, exercise: Exercise):
        super().__init__(
            f"Check your form: {exercise.name}",
            exercise.form_cues,
            note="Try one rep slowly. Tick each point you could feel.",
            css="exl-form-checklist",
        )


class PainCheck(PrintFallback, widgets.VBox):
    """Pain 0-10 before and after practice; any pain after brings up the stop rule.

    ``follow_up_seconds`` is the wait before asking again (the stop rule's 15 minutes);
    tests pass a short one.
    """

    def __init__(
        self,
        safety: SafetyRules,
        *,
        follow_up_seconds: float | None = None,
        on_save: Callable[[int, int], object] | None = None,
        on_still_hurts: Callable[[], object] | None = None,
    ):
        self.safety = safety
        self.follow_up_seconds = (
            safety.stop_minutes * 60 if follow_up_seconds is None else follow_up_seconds
        )
        self.on_save = on_save
        self.on_still_hurts = on_still_hurts
        slider = {
            "min": 0,
            "max": 10,
            "step": 1,
            "style": {"description_width": "16em"},
            "layout": {"width": "34em"},
        }
        self.before = widgets.IntSlider(description="Pain before practice (0-10)", **slider)
        self.after = widgets.IntSlider(description="Pain after practice (0-10)", **slider)
        self.save_button = widgets.Button(
            description="Save pain check", icon="check", tooltip="Save"
        )
        self.save_button.add_class("exl-pain-save")
        self.message = widgets.HTML()
        self.follow_up_button = widgets.Button(
            description=f"Ask me again in {safety.stop_minutes} minutes",
            icon="clock-o",
            layout={"display": "none", "width": "auto"},
        )
        self.still_hurts = widgets.Button(
            description="Yes, it still hurts", layout={"display": "none"}
        )
        self.gone = widgets.Button(description="No, it has gone", layout={"display": "none"})
        self.save_button.on_click(lambda _: self.save())
        self.follow_up_button.on_click(lambda _: self.start_follow_up())
        self.still_hurts.on_click(lambda _: self.answer(still_hurts=True))
        self.gone.on_click(lambda _: self.answer(still_hurts=False))
        self._task: asyncio.Task[None] | None = None
        self.saved: tuple[int, int] | None = None
        super().__init__(
            [
                style_widget(),
                widgets.HTML(
                    "<h3>Pain check</h3><p>0 means no pain. 10 means the worst pain you can imagine.</p>"
                ),
                self.before,
                self.after,
                self.save_button,
                self.message,
                self.follow_up_button,
                widgets.HBox([self.still_hurts, self.gone]),
            ]
        )
        self.add_class("exl-widget")
        self.add_class("exl-pain-check")

    @property
    def pain_reported(self) -> bool:
        return self.after.value > 0

    def save(self) -> None:
        """Record the two scores and show what they mean."""
        self.saved = (self.before.value, self.after.value)
        if self.on_save is not None:
            self.on_save(*self.saved)
        if self.pain_reported:
            worse = (
                " It is worse than before you started."
                if self.after.value > self.before.value
                else ""
            )
            self.message.value = (
                f'<div class="exl-stop" role="alert"><strong>Stop rule.</strong> '
                f"{escape(self.safety.stop_rule)}{escape(worse)} {escape(self.safety.pain_is_a_signal)}</div>"
            )
            self.follow_up_button.layout.display = None
        else:
            self.message.value = "<p>Saved. No pain after practice: good work.</p>"
            self.follow_up_button.layout.display = "none"

    def start_follow_up(self) -> None:
        """Wait the stop rule's minutes, then ask whether the pain is still there."""
        self.follow_up_button.disabled = True
        self.message.value += (
            f"<p>We will ask again in {self.safety.stop_minutes} minutes. Rest until then.</p>"
        )
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(self._ask_later())

    async def _ask_later(self) -> None:
        await asyncio.sleep(self.follow_up_seconds)
        self.ask()

    def ask(self) -> None:
        self.message.value = f"<p><strong>It has been {self.safety.stop_minutes} minutes. Is the pain still there?</strong></p>"
        self.still_hurts.layout.display = self.gone.layout.display = None

    def answer(self, *, still_hurts: bool) -> None:
        self.still_hurts.layout.display = self.gone.layout.display = "none"
        if still_hurts and self.on_still_hurts is not None:
            self.on_still_hurts()
        if still_hurts:
            self.message.value = (
                '<div class="exl-stop" role="alert"><strong>Stop exercising today and contact a doctor.</strong> '
                "Pain that lasts more than "
                f"{self.safety.stop_minutes} minutes needs a doctor's advice before you go on.</div>"
            )
        else:
            self.message.value = "<p>Good. Rest today, and go more gently next time.</p>"

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        super().close()

    def print_html(self) -> str:
        scale = " ".join(f"☐{n}" for n in range(11))
        return (
            '<div class="exl-print exl-print-pain"><strong>Pain check</strong>'
            f"<p>Before: {scale}</p><p>After: {scale}</p>"
            f"<p><strong>Stop rule:</strong> {escape(self.safety.stop_rule)}</p></div>"
        )
