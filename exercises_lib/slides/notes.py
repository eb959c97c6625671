"""Speaker notes for a trainer deck: every slide gets one, from the data or the guide.

A slide's note comes from what the slide shows, read from the lesson's own calls
(``lesson.practice("bird-dog")``): the dose and the easier version for a practice, the
mistakes to watch for on a card or a form check, what to do with the safety checklist.
A slide of lesson text only gets the guide's standing advice for reading a slide out.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..i18n import N_, _
from ..models import Catalog, Exercise
from ..rendering import bold_html, dose_line, list_html, watch_for_html
from ..rulebook import starting_dose

__all__ = ["LessonCall", "call_notes", "card_part_notes", "prose_notes"]


@dataclass(frozen=True)
class LessonCall:
    """A code cell that is one call on the lesson, ``lesson.NAME("arg", …)``."""

    name: str
    args: tuple[str, ...]

    @classmethod
    def read(cls, source: str) -> LessonCall | None:
        """The call in ``source``; None for any other code (a setup cell, a plain value)."""
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return None
        if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
            return None
        call = tree.body[0].value
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "lesson"
        ):
            return None
        args = tuple(a.value for a in call.args if isinstance(a, ast.Constant))
        return cls(call.func.attr, tuple(str(a) for a in args))


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _form_check(catalog: Catalog, call: LessonCall) -> str:
    exercise = catalog[call.args[0]]
    look = _("Walk round while everyone tries one slow rep of the {move}. Look for:")
    return _para(look.format(move=exercise.name)) + list_html(exercise.common_mistakes)


def _easier(exercise: Exercise) -> str:
    below = exercise.easier_rungs()
    if not below:
        return _("Anyone who feels more than a mild ache stops this move for today.")
    return _(
        "Anyone who feels more than a mild ache switches to the easier version, {version}: {how}"
    ).format(version=below[0].name, how=below[0].how)


def _practice(catalog: Catalog, call: LessonCall) -> str:
    exercise = catalog[call.args[0]]
    dose = _("{move}, the dose on the timer: {dose}. Count out loud with it.").format(
        move=exercise.name, dose=dose_line(starting_dose(catalog, exercise))
    )
    return _para(dose) + _para(_easier(exercise))


def _footer(catalog: Catalog, _call: LessonCall) -> str:
    return _para(
        _(
            "Say the stop rule once more: pain that lasts over {minutes} minutes means stop "
            "and contact a doctor. Slide 1 has the warning signs."
        ).format(minutes=catalog.safety.stop_minutes)
    )


# What to do with a slide whose words are the same whatever it shows, by the call on it.
_READ_OUT = N_(
    "Read this box out word for word: it is the course's safety text, the same "
    "as on every handout. Then ask if anyone has a question about it."
)
_SOURCES = N_(
    "Point to each card's source. If someone's doctor has told them something "
    "else, do not argue: their doctor knows their back."
)
_BOXES = (
    "stop_rule",
    "how_it_should_feel",
    "avoid_list",
    "warning_signs",
    "ask_first",
    "stay_active",
    "floor_safety",
    "flare_up",
)
_FIXED = {
    **dict.fromkeys(_BOXES, _READ_OUT),
    "understanding": _SOURCES,
    "back_to_normal": _SOURCES,
    "safety_checklist": N_(
        "Give everyone a minute to read and tick each point. Anyone with a warning "
        "sign does not exercise: slide 1 says where to go. Anyone with something on "
        "the ask-first list watches today. Talk to them in private."
    ),
    "region_picker": N_(
        "Check that the region shown is where the group lives: it sets the emergency "
        "numbers on every slide and handout."
    ),
}
# ...and whose words come from the data.
_FROM_DATA: dict[str, Callable[[Catalog, LessonCall], str]] = {
    "form_checklist": _form_check,
    "practice": _practice,
    "footer": _footer,
}


def call_notes(catalog: Catalog, call: LessonCall) -> str:
    """The note for a slide that shows this call; '' when the call has none of its own."""
    if call.name in _FIXED:
        return _para(_(_FIXED[call.name]))
    note = _FROM_DATA.get(call.name)
    return note(catalog, call) if note else ""


def card_part_notes(catalog: Catalog, exercise: Exercise, part: int) -> str:
    """The note for one part of an exercise card: the first names the starting dose;
    each carries what to watch for, so whichever part is on screen has it."""
    heading = bold_html(exercise.name)
    if part == 1:
        start = _("Show the start and end positions. The plan starts at: {dose}.")
        heading += _para(start.format(dose=dose_line(starting_dose(catalog, exercise))))
    return heading + watch_for_html(exercise)


def prose_notes() -> str:
    """The note for a slide of lesson text only."""
    return _para(
        _(
            "Say it in your own words rather than reading every line, then ask: "
            "any questions so far?"
        )
    )
