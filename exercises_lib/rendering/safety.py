"""HTML views of the safety rules: the stop rule, the feel scale, the avoid list, both
levels of warning signs, "ask first", staying active, the floor, and the footer every
lesson and handout carries."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..i18n import _, join_or
from ..safetymodels import Point, SafetyRules
from .pieces import (
    CARD_CSS,
    bold_html,
    header_row,
    heading_html,
    labelled_html,
    list_html,
    source_html,
)
from .text import colour_word

__all__ = [
    "ask_first_html",
    "avoid_list_html",
    "feel_scale_html",
    "flare_up_html",
    "floor_safety_html",
    "points_html",
    "safety_footer_html",
    "safety_html",
    "stay_active_html",
    "warning_signs_html",
    "warning_signs_short_html",
]


def avoid_list_html(safety: SafetyRules) -> str:
    """The avoid-while-in-pain list with each reason."""
    items = "".join(
        f"<li><strong>{escape(a.name)}</strong>: {escape(a.reason)}</li>" for a in safety.avoid
    )
    return f"<p>{escape(safety.avoid_intro)}</p><ul>{items}</ul>"


def warning_signs_html(safety: SafetyRules, *, heading: str = "h3") -> str:
    """Both levels of warning signs in full (emergency now; a doctor today), with the source."""
    signs = safety.warning_signs
    levels = "".join(
        f'<div class="exl-level exl-level-{css}"><{heading}>{escape(level.heading)}</{heading}>'
        f"{list_html(level.items)}"
        + (f"<p><small>{escape(level.note)}</small></p>" if level.note else "")
        + "</div>"
        for css, level in (("emergency", signs.emergency), ("urgent", signs.urgent))
    )
    return (
        f'<div class="exl-warning-signs"><p>{escape(signs.intro)}</p>'
        f'<div class="exl-levels">{levels}</div>{source_html(signs.source)}</div>'
    )


def warning_signs_short_html(safety: SafetyRules, *, compact: bool = False, ref: str = "") -> str:
    """Both levels in short words, one sign a line, for footers and sheets.

    ``compact`` puts each level's signs on one line (a slide's footer has no room for
    lists); the words are the same. ``ref`` follows each level's heading, shown only
    where its list is not (see ``safety_footer_html``).
    """
    signs = safety.warning_signs
    parts = []
    for css, level in (("emergency", signs.emergency), ("urgent", signs.urgent)):
        heading = f"<strong>{escape(level.short_heading)}:</strong>" + (
            f' <span class="exl-screen-ref">{escape(ref)}</span>' if ref else ""
        )
        note = f" <small>{escape(level.note)}</small>" if level.note else ""
        if compact:
            body = " · ".join(escape(sign) for sign in level.short)
            parts.append(f'<p class="exl-warn-short exl-warn-{css}">{heading} {body}{note}</p>')
        else:
            items = "".join(f"<li>{escape(sign)}</li>" for sign in level.short)
            note = f'<p class="exl-warn-note">{escape(level.note)}</p>' if level.note else ""
            parts.append(
                f'<div class="exl-warn-short exl-warn-{css}">{heading}<ul>{items}</ul>{note}</div>'
            )
    return "".join(parts)


def ask_first_html(safety: SafetyRules) -> str:
    """Conditions that mean "ask your doctor or physio first", with their source."""
    ask = safety.ask_first
    return f"<p>{escape(ask.intro)}</p>{list_html(ask.items)}{source_html(ask.source)}"


def feel_scale_html(safety: SafetyRules) -> str:
    """The green / amber / red scale of how an exercise should feel."""
    feel = safety.feel
    rows = "".join(
        f'<tr class="exl-scale-{level.level}"><th>{escape(colour_word(level.level))}: '
        f"{escape(level.label)}</th><td>{escape(level.signs)}</td><td>{escape(level.action)}</td></tr>"
        for level in feel.levels
    )
    head = header_row(_("Level"), _("What you notice"), _("What to do"))
    return (
        f"<p>{escape(feel.intro)}</p>"
        f'<table class="exl-scale">{head}'
        f"{rows}</table>{source_html(feel.source)}"
    )


def stay_active_html(safety: SafetyRules) -> str:
    """Keep moving, the usual course of back pain, and when to see a GP again."""
    active = safety.stay_active
    return (
        f"<p>{escape(active.intro)}</p>{list_html(active.items)}"
        + bold_html(_("See {doctor} or a {physio} if your back pain:").format(**safety.care))
        + list_html(active.see_gp_if)
        + source_html(active.source)
    )


def flare_up_html(
    safety: SafetyRules, *, heading: int = 3, title: bool = True, short: bool = False
) -> str:
    """The flare-up plan on one page: reassurance, positions, gentle moves and short
    walks, moving about, relief, how to go back to the plan, and when to get help (both
    levels of warning signs, with the region's routes). ``title=False``: the page's own
    title names it already; ``short``: the warning signs in short words, to fit a page."""
    flare = safety.flare_up
    return (
        '<div class="exl-flare-up">'
        + (heading_html(heading, flare.title) if title else "")
        + f'<div class="exl-flare-steps"><p>{escape(flare.reassure)}</p>'
        + labelled_html(flare.positions_intro, join_or(flare.positions) + ".")
        + f"<p>{escape(flare.moves)}</p><p>{escape(flare.change_position)}</p>"
        + list_html(flare.relief)
        + f"<p>{escape(flare.resume)}</p>"
        + labelled_html(
            _("See {doctor} or a {physio} if your back pain").format(**safety.care),
            join_or(safety.stay_active.see_gp_if) + ".",
        )
        + "</div>"
        + bold_html(flare.help_intro)
        + (
            warning_signs_short_html(safety)
            if short
            else warning_signs_html(safety, heading=f"h{heading + 1}")
        )
        + source_html(flare.source)
        + "</div>"
    )


def points_html(points: Sequence[Point], *, heading: int = 3) -> str:
    """Advice point by point, each with its heading and its source."""
    cards = "".join(
        '<div class="exl-point">'
        + heading_html(heading, point.heading)
        + f"<p>{escape(point.text)}</p>"
        + source_html(point.source)
        + "</div>"
        for point in points
    )
    return f'<div class="exl-points">{cards}</div>'


def floor_safety_html(safety: SafetyRules) -> str:
    """How to get down to the mat and up again."""
    floor = safety.floor
    down = "".join(f"<li>{escape(step)}</li>" for step in floor.down)
    up = "".join(f"<li>{escape(step)}</li>" for step in floor.up)
    return (
        f"<p>{escape(floor.intro)}</p>"
        + '<div class="exl-cols"><div>'
        + heading_html(3, _("Getting down"))
        + f"<ol>{down}</ol></div><div>"
        + heading_html(3, _("Getting up"))
        + f"<ol>{up}</ol></div></div>"
        + f"<p>{escape(floor.no_floor)}</p>{source_html(floor.source)}"
    )


def safety_html(safety: SafetyRules, *, css: bool = True) -> str:
    """All the safety rules on one card."""
    return (
        (CARD_CSS if css else "")
        + '<article class="exl-card exl-safety">'
        + heading_html(2, _("Safety rules"))
        + heading_html(3, _("See a doctor first"))
        + f"<p>{escape(safety.doctor_first)}</p>"
        + '<div class="exl-caution">'
        + heading_html(3, _("The stop rule"))
        + f"<p>{escape(safety.stop_rule)}</p></div>"
        + heading_html(3, _("Pain is a signal"))
        + f"<p>{escape(safety.pain_is_a_signal)}</p>"
        + heading_html(3, _("How it should feel"))
        + feel_scale_html(safety)
        + heading_html(3, _("Leave these out while your back hurts"))
        + avoid_list_html(safety)
        + heading_html(3, _("Warning signs: get help, do not exercise"))
        + warning_signs_html(safety, heading="h4")
        + heading_html(3, _("Ask {doctor} or a {physio} first").format(**safety.care))
        + ask_first_html(safety)
        + heading_html(3, _("Stay active"))
        + stay_active_html(safety)
        + f"<p>{escape(safety.disclaimer)}</p>"
        + "</article>"
    )


def safety_footer_html(
    safety: SafetyRules,
    *,
    css: bool = True,
    lists: bool = True,
    brief: bool = False,
    shown_above: bool = False,
) -> str:
    """The footer every lesson and handout carries: stop rule, avoid list, warning signs,
    "ask first", disclaimer and credit.

    ``lists=False`` leaves out the warning signs and "ask first", for a page that shows
    both in full already (the screening form, the trainer pack). ``brief`` gives the
    disclaimer's first sentence and no credit line, for a printed page whose running
    footer carries both already. ``shown_above``: the lesson showed both lists in full
    already, so on screen the box gives each level's heading and routes and points up
    to the lists; on paper, and in a handout read on screen, it keeps them.
    """
    avoid = ", ".join(a.name.lower() for a in safety.avoid)
    ask = _("Ask {doctor} or a {physio} first if you:").format(**safety.care)
    above = _("any of the signs listed higher up in this lesson.") if shown_above else ""
    both = (
        '<div class="exl-footer-warnings"><strong>'
        + escape(_("Warning signs:"))
        + "</strong>"
        + warning_signs_short_html(safety, ref=above)
        + "</div>"
        + labelled_html(ask, "; ".join(safety.ask_first.short) + ".")
    )
    credit = _("Based on {citation}. Written in the course's own words.").format(
        citation=safety.credit.citation
    )
    disclaimer = safety.short_disclaimer if brief else safety.disclaimer
    return (
        (CARD_CSS if css else "")
        + f'<aside class="exl-footer{" exl-footer-brief" if shown_above else ""}" role="note">'
        + labelled_html(_("Stop rule:"), safety.stop_rule)
        + labelled_html(_("While your back hurts, avoid:"), avoid + ".")
        + (both if lists else "")
        + labelled_html(_("Not medical advice:"), disclaimer)
        + ("" if brief else f"<p>{escape(credit)}</p>")
        + "</aside>"
    )
