"""The ladder on paper: the strip under each card of the exercise sheet (the rung below,
the card's own and the rung above, each with a small figure and its dose, then the other
options), and the doctor's tick line for the highest rung allowed."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..figures import figure_svg
from ..i18n import _, join_and
from ..models import Exercise, Variation
from ..rendering import dose_line

__all__ = ["LADDER_CSS", "highest_rung_html", "ladder_strip_html", "tick_boxes"]

LADDER_CSS = """
.exl-ladder-strip{border-top:1px solid #999;margin-top:4px;padding-top:2px}
.exl-ladder-strip ol,.exl-options{break-inside:avoid;page-break-inside:avoid}
.exl-ladder-strip ol{display:flex;gap:4mm;list-style:none;margin:0;padding:0}
.exl-ladder-strip li{flex:1 1 0;line-height:1.15;display:flex;gap:1.5mm;align-items:flex-start;
 font-size:.88em}
.exl-ladder-strip svg{flex:0 0 auto;width:auto;max-width:19mm;height:auto;max-height:11mm}
.exl-step-label{font-weight:700;text-transform:uppercase}
/* a caution is never set under 10 pt on paper */
.exl-ladder-strip .exl-gate{font-size:max(10pt,1em)}
body.exl-large .exl-ladder-strip ol{display:block}
/* in large print the strip moves as one: a page never holds only its last line */
body.exl-large .exl-ladder-strip{break-inside:avoid;page-break-inside:avoid}
body.exl-large .exl-ladder-strip li{margin:0 0 2mm}
body.exl-large .exl-ladder-strip svg{max-width:32mm;max-height:14mm}
/* the ladder strip holds the rungs and the other options, so the card's own lists go */
body.exl-handout .exl-card-body .exl-versions{display:none}
.exl-ladder-strip .exl-options{margin:.2em 0 0}
"""


def ladder_strip_html(exercise: Exercise, own: int | None = None) -> str:
    """The ladder around the learner's rung (``own``, from their log) or else the card's:
    the rung below, that one and the rung above, each with a small figure and its dose,
    so the reader knows where to step."""
    middle = exercise.card_rung if own is None else own
    here = _("This card") if own is None or own == exercise.card_rung else _("Your version")
    shown = [
        (label, i)
        for label, i in (
            (_("Easier"), middle - 1),
            (here, middle),
            (_("Next step"), middle + 1),
        )
        if 0 <= i < len(exercise.ladder)
    ]
    steps = []
    for label, i in shown:
        rung = exercise.ladder[i]
        figure = (
            figure_svg(rung.figure, "end", title=rung.name, width=150, caption=False)
            if rung.figure is not None
            else ""
        )
        gate = f'<span class="exl-gate">{escape(rung.gate)}</span>' if rung.gate else ""
        steps.append(
            f'<li>{figure}<span><span class="exl-step-label">{escape(label)}:</span> '
            f"<strong>{escape(rung.name)}</strong> {escape(dose_line(rung.dose))}{gate}</span></li>"
        )
    ladder = f"<ol>{''.join(steps)}</ol>" if len(steps) > 1 else ""
    return (
        f'<section class="exl-ladder-strip">{ladder}'
        + _options_html(_("Other ways to make it easier:"), exercise.easier)
        + _options_html(_("Other ways to make it harder:"), exercise.harder)
        + "</section>"
    )


def _options_html(label: str, options: Sequence[Variation]) -> str:
    """The options that are not rungs (comfort and extras), in one paragraph. Those that
    wait for a clearance are only named, after its words: how to do them is for after
    the yes, with the card on screen."""
    if not options:
        return ""
    said = [
        f"<strong>{escape(v.name)}:</strong> {escape(v.description)}" for v in options if not v.gate
    ]
    for gate in dict.fromkeys(v.gate for v in options if v.gate):
        names = join_and([v.name for v in options if v.gate == gate])
        said.append(f"{escape(names)}." + f' <span class="exl-gate">{escape(gate)}</span>')
    return f'<p class="exl-options"><strong>{escape(label)}</strong> {" ".join(said)}</p>'


def highest_rung_html(exercise: Exercise) -> str:
    """A box for each rung of the ladder, numbered as `exercises log clearance` takes
    them: the clinician ticks the highest version the patient may do."""
    if len(exercise.ladder) < 2:
        return ""
    marks = []
    for number, rung in enumerate(exercise.ladder, 1):
        name = _("{name} (main card)").format(name=rung.name) if rung.card else rung.name
        mark = " *" if rung.gate else ""
        marks.append(f"{number} {name}{mark}")
    asks = _("* only with your yes.") if any(r.gate for r in exercise.ladder) else ""
    return (
        '<p class="exl-verdict exl-rung-ticks">'
        + "<span>"
        + escape(_("Highest version allowed:"))
        + "</span>"
        + tick_boxes(*marks)
        + (f" <small>{escape(asks)}</small>" if asks else "")
        + "</p>"
    )


def tick_boxes(*choices: str) -> str:
    """A box to tick before each choice: '☐ OK to try'."""
    return "".join(f"<span>☐ {escape(choice)}</span>" for choice in choices)
