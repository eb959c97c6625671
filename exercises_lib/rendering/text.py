"""The course's data in words: doses, sources, and the terminal's views of cards and plans.

One place turns a dose into words, for cards, handouts, widgets and the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..i18n import N_, _, ngettext
from ..models import Dose, Exercise, Program, Rung, Variation, side_word
from ..safetymodels import SafetyRules, Source

if TYPE_CHECKING:
    from ..plan import PlanDay

__all__ = [
    "colour_word",
    "dose_line",
    "dose_rows",
    "exercise_text",
    "figure_title",
    "level_word",
    "plan_day_text",
    "program_text",
    "role_word",
    "rule_source_word",
    "safety_text",
    "side_word",
    "source_text",
    "trend_word",
]

# Words for the data's fixed values; marked here, translated where they are shown.
_ROLE_WORDS = {
    "setup": N_("Set up"),
    "movement": N_("Move"),
    "breathing": N_("Breathe"),
    "form_cue": N_("Form"),
    "safety": N_("Safety"),
}
_LEVEL_WORDS = {
    "beginner": N_("beginner"),
    "intermediate": N_("intermediate"),
    "advanced": N_("advanced"),
}
_COLOUR_WORDS = {"green": N_("Green"), "amber": N_("Amber"), "red": N_("Red")}
_TREND_WORDS = {
    "up": N_("up"),
    "down": N_("down"),
    "steady": N_("steady"),
    "not enough data": N_("not enough data"),
}
_RULE_SOURCES = {
    "article": N_("the article"),
    "nhs": N_("NHS"),
    "course": N_("the course's own advice"),
}


def role_word(role: str) -> str:
    """What a step does, in a word: 'Set up', 'Move', 'Breathe', 'Form', 'Safety'."""
    return _(_ROLE_WORDS[role])


def level_word(difficulty: str) -> str:
    """An exercise's level in the learner's language: 'beginner', 'advanced'."""
    return _(_LEVEL_WORDS[difficulty])


def colour_word(level: str) -> str:
    """A level of how an exercise should feel, by its colour: 'Green', 'Amber', 'Red'."""
    return _(_COLOUR_WORDS[level])


def trend_word(trend: str) -> str:
    """How pain after exercise is going, in the learner's language: 'up', 'steady'."""
    return _(_TREND_WORDS[trend])


def rule_source_word(source: str) -> str:
    """Where a programme's rule comes from: 'the article', 'NHS', 'the course's own advice'."""
    return _(_RULE_SOURCES[source])


def _versions_text(rungs: Sequence[Rung], variations: Sequence[Variation]) -> list[str]:
    """The ladder's next rung on one side of the card, then the other options."""
    lines = [
        f"  - {r.name}: {r.how} ({dose_line(r.dose)})" + (f" ({r.gate})" if r.gate else "")
        for r in rungs
    ]
    return lines + [
        f"  - {v.name}: {v.description}" + (f" ({v.gate})" if v.gate else "") for v in variations
    ]


def dose_line(dose: Dose) -> str:
    """The dose in one short line, e.g. 'Hold 4 s · 10 reps on each side'."""
    parts = []
    if dose.hold_seconds:
        parts.append(_("Hold {seconds:g} s").format(seconds=dose.hold_seconds))
    if dose.per_side:
        reps = ngettext("{reps} rep on each side", "{reps} reps on each side", dose.reps.max)
    else:
        reps = ngettext("{reps} rep", "{reps} reps", dose.reps.max)
    parts.append(reps.format(reps=dose.reps))
    if dose.sets > 1:
        parts.append(ngettext("{sets} set", "{sets} sets", dose.sets).format(sets=dose.sets))
    return " · ".join(parts)


def dose_rows(dose: Dose) -> list[tuple[str, str]]:
    """The dose as (label, value) rows, for cards, handouts and the CLI alike."""
    reps = (_("{reps} on each side") if dose.per_side else "{reps}").format(reps=dose.reps)
    if dose.reps.max > dose.reps.min:
        reps += " " + _("(start with {reps})").format(reps=dose.reps.min)
    rows = [(_("Repetitions"), reps)]
    if dose.lift_seconds:
        rows.append((_("Lift"), _("over {seconds:g} seconds").format(seconds=dose.lift_seconds)))
    if dose.hold_seconds:
        rows.append(
            (_("Hold"), _("{seconds:g} seconds each time").format(seconds=dose.hold_seconds))
        )
    if dose.per_side:
        sides = (
            _("switch after every rep") if dose.alternate_sides else _("one side, then the other")
        )
        rows.append((_("Sides"), sides))
    if dose.sets > 1:
        rows.append((_("Sets"), str(dose.sets)))
    if dose.rest_seconds:
        # one set: a rest before the next move
        rest = (
            _("{seconds:g} seconds after each set") if dose.sets > 1 else _("{seconds:g} seconds")
        )
        rows.append((_("Rest"), rest.format(seconds=dose.rest_seconds)))
    if dose.tempo:
        rows.append((_("Pace"), dose.tempo))
    return rows


def source_text(source: Source) -> str:
    """Where a piece of content comes from, in one line, saying plainly when it is not the article."""
    if source.kind == "general-practice":
        text = _("Source: general back-care practice (not from the article).")
    elif source.kind == "nhs":
        text = _("Source: {author}, “{title}” ({site}). Not from the article.").format(
            author=source.author, title=source.title, site=source.site
        )
    else:
        text = _("Source: {citation}.").format(citation=source.citation)
    if source.note:
        text += f" {source.note}"
    return text


_POSE_TITLES = {
    "start": N_("{name}: start position"),
    "end": N_("{name}: end position"),
    "end_right": N_("{name}: end position, other side"),
}


def figure_title(name: str, pose: str | None = None) -> str:
    """A figure's title for screen readers: both positions, or the one pose drawn."""
    title = (
        _POSE_TITLES.get(pose, N_("{name}: {pose} position"))
        if pose
        else N_("{name}: start and end positions")
    )
    return _(title).format(name=name, pose=pose)


def _heading(text: str) -> list[str]:
    return [text, "=" * len(text)]


def exercise_text(exercise: Exercise) -> str:
    """A plain-text version of the card, for the terminal."""
    e = exercise
    title = _("{name} ({level})").format(name=e.name, level=level_word(e.difficulty))
    lines = [*_heading(title), e.summary, ""]
    lines += [f"{k}: {v}" for k, v in dose_rows(e.dose)]
    lines += ["", _("Starting position:"), f"  {e.starting_position}", "", _("Steps:")]
    lines += [f"  {i}. [{role_word(s.role)}] {s.text}" for i, s in enumerate(e.steps, 1)]
    lines += ["", _("You should feel it: {feel}").format(feel=e.feel)]
    lines += ["", _("Caution:")] + [f"  ! {c}" for c in e.cautions]
    if e.chair_option:
        lines += ["", _("Without getting down to the floor: {how}").format(how=e.chair_option)]
    lines += ["", _("Tips:")] + [f"  - {t}" for t in e.tips]
    lines += ["", _("Common mistakes:")] + [f"  - {m}" for m in e.common_mistakes]
    lines += ["", _("Easier:"), *_versions_text(e.easier_rungs()[:1], e.easier)]
    lines += ["", _("Harder:"), *_versions_text(e.harder_rungs()[:1], e.harder)]
    works = ", ".join(e.works_primary + e.works_secondary)
    lines += ["", _("Works: {muscles}").format(muscles=works)]
    lines += [
        _("You need: {things}").format(things=", ".join(e.equipment) or _("nothing")),
        "",
        source_text(e.source),
    ]
    return "\n".join(lines)


def safety_text(safety: SafetyRules) -> str:
    """The stop rule, both levels of warning signs and the disclaimer, for the terminal."""
    lines = [_("Stop rule: {rule}").format(rule=safety.stop_rule)]
    for level in safety.warning_signs.levels:
        lines.append(_("Warning signs: {signs}").format(signs=level.short_line))
        if level.note:
            lines.append(level.note)
    lines.append(_("Not medical advice: {disclaimer}").format(disclaimer=safety.disclaimer))
    return "\n".join(lines)


def program_text(program: Program) -> str:
    """Every week of a programme, for the terminal."""
    lines = [*_heading(program.name), program.description, ""]
    for week in program.weeks:
        days = ngettext(
            "Week {week} ({days} day):", "Week {week} ({days} days):", week.sessions_per_week
        )
        lines.append(days.format(week=week.week, days=week.sessions_per_week))
        lines += [f"  - {i.exercise.name}: {dose_line(i.dose)}" for i in week.items]
        lines += [f"  {text}" for text in (week.note, week.review) if text]
    lines += ["", _("Adding the crunch: {when}").format(when=program.add_crunch), "", _("Rules:")]
    lines += [f"  - {rule.text} ({rule_source_word(rule.source)})" for rule in program.rules]
    return "\n".join(lines)


def plan_day_text(day: PlanDay, stop_rule: str) -> str:
    """Today's plan, for the terminal."""
    program, week = day.program, day.plan_week
    if day.maintaining:
        where = _("{programme}: keeping it up, after week {weeks} (started {day})")
    elif day.waiting:
        where = _("{programme}: week {week} of {weeks} (starts {day})")
    else:
        where = _("{programme}: week {week} of {weeks} (started {day})")
    where = where.format(
        programme=program.name, week=day.week, weeks=len(program.weeks), day=day.started_on
    )
    lines = [where, day.status]
    if day.gentle_today:
        lines.append(
            _("Your pain was high before exercise today: gentle moves only, the plan waits.")
        )
    if day.missed_note:
        lines.append(day.missed_note)
    if not day.stopped:
        days = ngettext("This week, {days} day:", "This week, {days} days:", week.sessions_per_week)
        lines.append(days.format(days=week.sessions_per_week))
        for item in day.items:
            easier = ", ".join(item.easier)
            more = " " + _("(easier: {moves})").format(moves=easier) if day.held and easier else ""
            lines.append(f"  - {item.exercise.name}: {dose_line(item.dose)}{more}")
    if day.walk_note:
        lines.append(day.walk_note)
    lines += day.maintenance_advice
    if day.review:
        lines.append(
            _("Review: {review} Print the summary: exercises log summary.").format(
                review=day.review
            )
        )
    lines.append(_("Stop rule: {rule}").format(rule=stop_rule))
    return "\n".join(lines)
