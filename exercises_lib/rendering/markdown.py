"""The trainer guide's blocks made from the data, as Markdown."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from ..i18n import _
from ..models import Exercise
from ..safetymodels import FeelLevel, SafetyRules
from .text import colour_word, dose_line, source_text

__all__ = [
    "briefing_text",
    "guide_briefing_markdown",
    "guide_chair_markdown",
    "guide_pain_markdown",
    "guide_safety_markdown",
]


def guide_safety_markdown(safety: SafetyRules) -> str:
    """The warning signs and "ask first" list as Markdown, for the trainer guide's briefing."""
    signs = safety.warning_signs
    lines = [signs.intro, ""]
    for level in signs.levels:
        lines += [f"**{level.heading}**" + (f" ({level.note})" if level.note else ""), ""]
        lines += [f"- {item}" for item in level.items] + [""]
    lines += [f"**{safety.ask_first.intro}**", ""]
    lines += [f"- {item}" for item in safety.ask_first.items] + [""]
    lines += [f"*{source_text(signs.source)}*", ""]
    ask = _('The "ask first" list: {source}').format(source=source_text(safety.ask_first.source))
    lines += [f"*{ask}*"]
    return "\n".join(lines)


def guide_briefing_markdown(safety: SafetyRules) -> str:
    """The safety briefing a trainer reads out, as the guide's quoted block."""
    return "\n".join(f"> {line}" for line in textwrap.wrap(briefing_text(safety), 86))


def briefing_text(safety: SafetyRules) -> str:
    """The safety briefing a trainer reads out, in the words of the safety file."""
    feel = " ".join(_spoken_level(level) for level in safety.feel.levels)
    avoid = ", ".join(a.name.lower() for a in safety.avoid)
    signs = safety.warning_signs
    text = _(
        "Before we start, four rules. First: this session does not replace a doctor or a "
        "{physio}. If you have back pain and have not asked one about exercise yet, "
        "please watch today and ask them before you join in. Second, how it should feel. "
        "{feel} Third, the stop rule: {rule} While your back hurts, leave out {avoid}. "
        "Fourth: the warning signs. I will read two short lists. If you have anything on "
        "the first, do not exercise. {now}. If you have anything on the second, do not "
        "exercise. {today}."
    ).format(
        feel=feel,
        rule=safety.stop_rule,
        avoid=avoid,
        now=signs.emergency.heading,
        today=signs.urgent.heading,
        **safety.care,
    )
    return text


def _spoken_level(level: FeelLevel) -> str:
    """'Green means carry on: effort, a stretch… This is your muscles working.' Read
    aloud, each label is said once, as what its colour means."""
    action = level.action.removeprefix(f"{level.label}. ")
    return _("{colour} means {label}: {signs} {action}").format(
        colour=colour_word(level.level).capitalize(),
        label=level.label.lower(),
        signs=level.signs[:1].lower() + level.signs[1:],
        action=action,
    )


def guide_pain_markdown(safety: SafetyRules) -> str:
    """What a trainer does when someone feels pain, step by step, from the feel scale."""
    levels = {level.level: level for level in safety.feel.levels}
    amber, red = levels["amber"], levels["red"]
    signs = safety.warning_signs
    steps = [
        _(
            "Ask them to stop that move and find a position that feels easy, such as lying "
            "on their back with knees bent, or sitting."
        ),
        _('Do not let them "work through it".'),
        f"{amber.label}. {amber.signs} {amber.action}",
        f"{red.label}. {red.signs} {red.action} " + _("No easier version today."),
        _("A sign from the first warning list: {now}. A sign from the second: {today}.").format(
            now=signs.emergency.heading, today=signs.urgent.heading
        ),
        _("Write down what happened and when, and tell the organiser."),
    ]
    return "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))


def guide_chair_markdown(exercises: Iterable[Exercise]) -> str:
    """The chair set as Markdown: every exercise with a version off the floor, at its dose."""
    chair = [e for e in exercises if e.chair_option]
    title = _("The chair set")
    who = _(
        "(for people who may exercise but cannot get down to the floor; never for anyone "
        'waiting for a doctor\'s yes on the "ask first" list)'
    )
    lines = [f"**{title}** {who}", ""]
    lines += [f"- **{e.name}** ({dose_line(e.dose)}): {e.chair_option}" for e in chair]
    lines += [
        "",
        _(
            "Between moves, stand up and walk a few steps if you can. The same stop rule "
            "applies on a chair as on the floor."
        ),
    ]
    return "\n".join(lines)
