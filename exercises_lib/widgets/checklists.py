"""Checklists: the safety checklist that gates Start, a form checklist, and a pain check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets
import traitlets

from ..i18n import N_, _
from ..models import Exercise
from ..rendering import CARD_CSS, ask_first_html, warning_signs_html
from ..rulebook import PainLevel, PainVerdict, pain_verdict
from ..safetymodels import SafetyRules
from ._base import PrintFallback, ShowsProblems, style_widget

__all__ = ["Checklist", "FormChecklist", "PainCheck", "ReadinessCheck", "SafetyChecklist"]


class Checklist(PrintFallback, widgets.VBox):
    """A titled list of tick boxes; ``complete`` turns true when all are ticked."""

    complete = traitlets.Bool(False, help="True when every box is ticked").tag(sync=False)

    def __init__(
        self,
        title: str,
        items: Sequence[str],
        *,
        note: str = "",
        css: str = "",
        details: str = "",
        print_details: str | None = None,
        level: int = 3,
    ):
        """``level``: the heading's level, one below the section the checklist sits in;
        ``print_details``: what paper shows in place of ``details`` (the same if None)."""
        self.title = title
        self.items = tuple(items)
        self.details = details
        self.print_details = details if print_details is None else print_details
        self.boxes = [
            widgets.Checkbox(value=False, description=text, indent=False, layout={"width": "auto"})
            for text in self.items
        ]
        for box in self.boxes:
            box.observe(self._changed, names="value")
        header = widgets.HTML(
            f"<h{level}>{escape(title)}</h{level}>"
            + (f"<p>{escape(note)}</p>" if note else "")
            + details
        )
        self.status = widgets.HTML()
        super().__init__([style_widget(), header, *self.boxes, self.status])
        self.add_class("exl-widget")
        self.add_class("exl-checklist")
        if css:
            self.add_class(css)
        self._changed()

    def _changed(self, _change: object = None) -> None:
        ticked = sum(box.value for box in self.boxes)
        self.complete = ticked == len(self.boxes)
        if self.complete:
            self.status.value = "<strong>" + escape(_("All checked.")) + "</strong>"
        else:
            self.status.value = escape(
                _("{ticked} of {total} checked").format(ticked=ticked, total=len(self.boxes))
            )

    def tick_all(self) -> None:
        """Tick every box (for a trainer's demo; learners tick them one by one)."""
        for box in self.boxes:
            box.value = True

    def print_html(self) -> str:
        rows = "".join(f"<li>☐ {escape(text)}</li>" for text in self.items)
        return (
            f'<div class="exl-print exl-print-checklist"><strong>{escape(self.title)}</strong>'
            f"{self.print_details}"
            f'<ul style="list-style:none;padding-left:0">{rows}</ul></div>'
        )


class SafetyChecklist(Checklist):
    """The pre-practice checklist from the safety rules; practice waits until it is done.

    The warning signs (both levels) and the "ask first" list stand above the boxes, so
    the learner ticks them with the signs in front of them; ``shown_above``: the lesson
    showed both in full just before, so they stay folded, a click away.
    """

    def __init__(self, safety: SafetyRules, *, level: int = 3, shown_above: bool = False):
        read_first = _("Read these first: warning signs and when to ask first")
        if shown_above:  # the lesson has just shown both lists in full: one click away here
            read_first = _("Warning signs and when to ask first, as above (open to read again)")
        details = (
            CARD_CSS
            + f'<details class="exl-card exl-checklist-details"{"" if shown_above else " open"}>'
            + f"<summary><strong>{escape(read_first)}</strong></summary>"
            + warning_signs_html(safety)
            + "<h3>"
            + escape(_("Ask {doctor} or a {physio} first").format(**safety.care))
            + "</h3>"
            + ask_first_html(safety)
            + "</details>"
        )
        # On paper the lists stand once, in full, in the sheet's safety box (m8, m16): the
        # checklist points there, and stays short enough to keep together on a page.
        on_paper = _(
            'The warning signs and the "ask first" list are in the safety box on this sheet.'
        )
        super().__init__(
            _("Before you start"),
            [item.text for item in safety.checklist],
            note=_("Tick each box only if it is true for you today."),
            css="exl-safety-checklist",
            details=details,
            print_details=f"<p>{escape(on_paper)}</p>",
            level=level,
        )


class ReadinessCheck(Checklist):
    """A harder move's own tick box, on top of the safety checklist: both open its timer.

    ``complete`` is true only when this box and the safety checklist are both ticked.
    """

    def __init__(self, exercise: Exercise, safety_checklist: Checklist):
        self.safety_checklist = safety_checklist
        super().__init__(
            _("Ready for the {name}?").format(name=exercise.name),
            [exercise.ready_check],
            note=_("This move is for later in the plan. Tick the box only if it is true for you."),
            css="exl-ready-check",
        )
        safety_checklist.observe(self._changed, names="complete")

    def _changed(self, _change: object = None) -> None:
        super()._changed()
        self.complete = self.complete and self.safety_checklist.complete


class FormChecklist(Checklist):
    """The exercise's form cues as boxes to tick while you practise."""

    def __init__(self, exercise: Exercise):
        super().__init__(
            _("Check your form: {name}").format(name=exercise.name),
            exercise.form_cues,
            note=_("Try one rep slowly. Tick each point you could feel."),
            css="exl-form-checklist",
        )


NERVES_QUESTION = N_("Did you feel sharp, shooting or spreading pain, or pins and needles?")


class PainCheck(ShowsProblems, PrintFallback, widgets.VBox):
    """Pain 0-10 before practice and after it; the rulebook says what the scores mean.

    Red (stop and contact a doctor) for a rise bigger than the rulebook's settling rise,
    or pain still there after the stop rule's minutes (the follow-up check); a
    gentle-only day when pain before is high; otherwise a calm message that fits the
    numbers (see ``exercises_lib.rulebook.pain_verdict``). Both scores must be picked:
    an untouched check is never saved as 0/0. ``before_panel`` and ``after_panel``
    can be shown apart (before above the timer, after below it).
    ``follow_up_seconds`` is the wait before asking again; tests pass a short one.
    """

    def __init__(
        self,
        safety: SafetyRules,
        *,
        follow_up_seconds: float | None = None,
        level: int = 3,
    ):
        self.safety = safety
        self.follow_up_seconds = (
            safety.stop_minutes * 60 if follow_up_seconds is None else follow_up_seconds
        )
        self._save_callbacks: list[Callable[[int, int], object]] = []
        self._stop_rule_callbacks: list[Callable[[int, int], object]] = []
        self.before = _pain_scale(_("Pain before practice"))
        self.after = _pain_scale(_("Pain after practice"))
        # The red level's nerve signs, asked as well as the numbers: a score cannot say them.
        self.nerves = widgets.ToggleButtons(
            options=[(_("Yes"), True), (_("No"), False)],
            value=None,
            description=_(NERVES_QUESTION),
            style={"description_width": "initial"},
        )
        self.nerves.add_class("exl-nerve-signs")
        self.save_button = widgets.Button(
            description=_("Save pain check"),
            icon="check",
            tooltip=_("Save both scores"),
            layout={"width": "auto"},  # room for the words in every language
        )
        self.save_button.add_class("exl-pain-save")
        self.message = widgets.HTML()
        self.problem = widgets.HTML()
        self.follow_up_button = widgets.Button(
            description=_("Ask me again in {minutes} minutes").format(minutes=safety.stop_minutes),
            icon="clock-o",
            layout={"display": "none", "width": "auto"},
        )
        self.still_hurts = widgets.Button(
            description=_("Yes, it still hurts"), layout={"display": "none", "width": "auto"}
        )
        self.gone = widgets.Button(
            description=_("No, it has gone or settled"),
            layout={"display": "none", "width": "auto"},
        )
        self.save_button.on_click(lambda _event: self.save())
        self.follow_up_button.on_click(lambda _event: self.start_follow_up())
        self.still_hurts.on_click(lambda _event: self.answer(still_hurts=True))
        self.gone.on_click(lambda _event: self.answer(still_hurts=False))
        self._task: asyncio.Task[None] | None = None
        self.saved: tuple[int, int] | None = None
        self.gentle_today = False
        self.before_note = widgets.HTML()
        self.before.observe(self._before_changed, names="value")
        scale = (
            "<p>" + escape(_("0 means no pain. 10 means the worst pain you can imagine.")) + "</p>"
        )
        before_heading = f"<h{level}>" + escape(_("Pain check: before you start")) + f"</h{level}>"
        after_heading = f"<h{level}>" + escape(_("Pain check: after practice")) + f"</h{level}>"
        pick = "<p>" + escape(_("Pick a number for how your back feels now, then save.")) + "</p>"
        self.before_panel = _Panel(
            self._print_before,
            [
                style_widget(),
                widgets.HTML(before_heading + scale),
                self.before,
                self.before_note,
            ],
        )
        self.after_panel = _Panel(
            self._print_after,
            [
                style_widget(),
                widgets.HTML(after_heading + pick),
                self.after,
                self.nerves,
                self.save_button,
                self.message,
                self.problem,
                self.follow_up_button,
                widgets.HBox([self.still_hurts, self.gone]),
            ],
        )
        for panel in (self.before_panel, self.after_panel):
            panel.add_class("exl-widget")
            panel.add_class("exl-pain-check")
        super().__init__([self.before_panel, self.after_panel])
        self.add_class("exl-widget")

    def on_save(self, callback: Callable[[int, int], object]) -> None:
        """Call ``callback(before, after)`` each time both scores are saved."""
        self._save_callbacks.append(callback)

    def on_stop_rule(self, callback: Callable[[int, int], object]) -> None:
        """Call ``callback(before, after)`` when the learner says pain lasted past the stop rule."""
        self._stop_rule_callbacks.append(callback)

    def save(self) -> bool:
        """Record both scores and say what they mean; refuse until both are picked."""
        before, after = self.before.value, self.after.value
        if before is None or after is None:
            if before is None and after is None:
                pick = _("Pick a number for pain before and after practice first.")
            elif before is None:
                pick = _("Pick a number for pain before practice first.")
            else:
                pick = _("Pick a number for pain after practice first.")
            self.message.value = f'<p class="exl-gate-note">{escape(pick)}</p>'
            return False
        self.saved = (before, after)
        self.problem.value = ""
        for callback in self._save_callbacks:
            callback(before, after)  # a recorder that cannot write says so in self.problem
        verdict = pain_verdict(self.safety.rulebook, before, after, nerve_signs=self.nerve_signs)
        self.message.value = _verdict_html(verdict, saved=not self.problem.value)
        self.follow_up_button.layout.display = None if verdict.ask_again else "none"
        return True

    @property
    def nerve_signs(self) -> bool:
        """The learner said yes to sharp, shooting or spreading pain, or pins and needles."""
        return self.nerves.value is True

    def _before_changed(self, _change: object = None) -> None:
        """High pain before practice: say at once that today is a gentle-only day."""
        before = self.before.value
        verdict = pain_verdict(self.safety.rulebook, before)
        self.before_note.value = _verdict_html(verdict) if verdict.headline else ""
        self.gentle_today = verdict.level is PainLevel.GENTLE

    def start_follow_up(self) -> None:
        """Wait the stop rule's minutes, then ask whether the pain is still there."""
        self.follow_up_button.disabled = True
        wait = _(
            "We will ask again in {minutes} minutes. Until then, keep moving gently: sit or "
            "walk about as feels comfortable."
        ).format(minutes=self.safety.stop_minutes)
        self.message.value += f"<p>{escape(wait)}</p>"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(self._ask_later())

    async def _ask_later(self) -> None:
        await asyncio.sleep(self.follow_up_seconds)
        self.ask()

    def ask(self) -> None:
        question = _(
            "It has been {minutes} minutes. Is pain from the exercise still there, more than "
            "your usual?"
        ).format(minutes=self.safety.stop_minutes)
        self.message.value = f"<p><strong>{escape(question)}</strong></p>"
        self.still_hurts.layout.display = self.gone.layout.display = None

    def answer(self, *, still_hurts: bool) -> None:
        self.still_hurts.layout.display = self.gone.layout.display = "none"
        if still_hurts and self.saved is not None:
            for callback in self._stop_rule_callbacks:
                callback(*self.saved)
        verdict = pain_verdict(
            self.safety.rulebook, *(self.saved or (None, None)), still_hurts=still_hurts
        )
        self.message.value = _verdict_html(verdict, saved=not self.problem.value)

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        super().close()

    def _print_before(self) -> str:
        high = self.safety.rulebook.high_pain_before
        gentle = _("If it is {high} or more, do only gentle moves today.").format(high=high)
        return (
            '<div class="exl-print exl-print-pain"><strong>'
            + escape(_("Pain before you start"))
            + "</strong>"
            + f"<p>{_print_scale()}</p><p>{escape(gentle)}</p></div>"
        )

    def _print_after(self) -> str:
        lasted = _("Pain lasted more than {minutes} minutes?").format(
            minutes=self.safety.stop_minutes
        )
        answers = "☐ " + escape(_("Yes")) + " ☐ " + escape(_("No"))
        nerves = escape(_(NERVES_QUESTION))
        return (
            '<div class="exl-print exl-print-pain"><strong>'
            + escape(_("Pain after practice"))
            + "</strong>"
            + f"<p>{_print_scale()}</p>"
            + f"<p>{nerves} {answers}</p>"
            + f"<p>{escape(lasted)} {answers}</p>"
            + "<p><strong>"
            + escape(_("Stop rule:"))
            + f"</strong> {escape(self.safety.stop_rule)}</p></div>"
        )

    def print_html(self) -> str:
        return self._print_before() + self._print_after()


class _Panel(PrintFallback, widgets.VBox):
    """Half of a pain check, shown apart from the other half; prints as its own paper part."""

    def __init__(self, print_html: Callable[[], str], children: Sequence[widgets.Widget]):
        self._print = print_html
        super().__init__(children)

    def print_html(self) -> str:
        return self._print()


def _print_scale() -> str:
    return " ".join(f"☐{n}" for n in range(11))


def _verdict_html(verdict: PainVerdict, *, saved: bool = True) -> str:
    """A verdict as the learner sees it: red as an alert, the rest as a calm note.

    "Saved." only when nothing said the save failed.
    """
    text = f"<strong>{escape(verdict.headline)}</strong> {escape(verdict.advice)}".strip()
    if verdict.level is PainLevel.GREEN:
        said = escape(_("Saved.")) + " " if saved else ""
        return ("<p>" + said + str(text) + "</p>") if verdict.headline else ""
    css = "exl-stop" if verdict.stop else "exl-caution"
    return f'<div class="{css}" role="alert">{text}</div>'


def _pain_scale(label: str) -> widgets.ToggleButtons:
    """0 to 10 as buttons with nothing picked, so "not answered" is never read as 0."""
    scale = widgets.ToggleButtons(
        options=[(str(n), n) for n in range(11)],
        value=None,
        description=label,
        style={"description_width": "12em", "button_width": "3.4em"},
        tooltips=[_("no pain"), *[""] * 9, _("worst pain you can imagine")],
    )
    scale.add_class("exl-pain-scale")
    return scale


class StandingGate(traitlets.HasTraits):
    """A Start that stays closed: the rulebook says no exercise now (the plan is stopped or
    paused, or today's pain check said to stop for today). ``waiting_for`` says why."""

    complete = traitlets.Bool(False)

    def __init__(self, why: str):
        super().__init__()
        self.waiting_for = why


class ReadyGate(traitlets.HasTraits):
    """Start's gate in a session: the safety checklist ticked and the pain before picked.

    Lesson 08 teaches to rate pain before starting; this gate makes the session do it too.
    ``waiting_for`` is the line shown under a closed Start.
    """

    complete = traitlets.Bool(False)

    def __init__(self, checklist: Checklist, pain_before: widgets.ToggleButtons):
        super().__init__()
        self.checklist, self.pain_before = checklist, pain_before
        checklist.observe(self._changed, names="complete")
        pain_before.observe(self._changed, names="value")
        self._changed()

    def _changed(self, _change: object = None) -> None:
        self.complete = self.checklist.complete and self.pain_before.value is not None

    @property
    def waiting_for(self) -> str:
        boxes, pain = not self.checklist.complete, self.pain_before.value is None
        if boxes and pain:
            return _(
                "Tick every box in the checklist above and pick a number for your pain before "
                "you start to enable Start."
            )
        if boxes:
            return _("Tick every box in the checklist above to enable Start.")
        if pain:
            return _("Pick a number for your pain before you start to enable Start.")
        return ""
