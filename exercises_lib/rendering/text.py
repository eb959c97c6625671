"""The course's data in words: doses, sources, and the terminal's views of cards and plans.

One place turns a dose into words, for cards, handouts, widgets and the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Dose, Exercise, Program, Source

if TYPE_CHECKING:
    from ..plan import PlanDay

__all__ = [
    "ROLE_LABELS",
    "dose_line",
    "dose_rows",
    "exercise_text",
    "plan_day_text",
    "program_text",
    "source_text",
]

ROLE_LABELS = {
    "setup": "Set up",
    "movement": "Move",
    "breathing": "Breathe",
    "form_cue": "Form",
    "safety": "Safety",
}


def dose_line(dose: Dose) -> str:
    """The dose in one short line, e.g. 'Hold 4 s · 10 reps on each side'."""
    parts = []
    if dose.hold_seconds:
        parts.append(f"Hold {dose.hold_seconds:g} s")
    reps = f"{dose.reps} reps" if dose.reps.max > 1 else f"{dose.reps} rep"
    parts.append(reps + (" on each side" if dose.per_side else ""))
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets")
    return " · ".join(parts)


def dose_rows(dose: Dose) -> list[tuple[str, str]]:
    """The dose as (label, value) rows, for cards, handouts and the CLI alike."""
    reps = f"{dose.reps}" + (" on each side" if dose.per_side else "")
    if dose.reps.max > dose.reps.min:
        reps += f" (start with {dose.reps.min})"
    rows = [("Repetitions", reps)]
    if dose.lift_seconds:
        rows.append(("Lift", f"over {dose.lift_seconds:g} seconds"))
    if dose.hold_seconds:
        rows.append(("Hold", f"{dose.hold_seconds:g} seconds each time"))
    if dose.per_side:
        rows.append(
            (
                "Sides",
                "switch after every rep" if dose.alternate_sides else "one side, then the other",
            )
        )
    if dose.sets > 1:
        rows.append(("Sets", str(dose.sets)))
    if dose.rest_seconds:
        after = " after each set" if dose.sets > 1 else ""  # one set: a rest before the next move
        rows.append(("Rest", f"{dose.rest_seconds:g} seconds{after}"))
    if dose.tempo:
        rows.append(("Pace", dose.tempo))
    return rows


def source_text(source: Source) -> str:
    """Where a piece of content comes from, in one line, saying plainly when it is not the article."""
    if source.kind == "general-practice":
        text = "Source: general back-care practice (not from the article)."
    elif source.kind == "nhs":
        text = f"Source: {source.author}, “{source.title}” ({source.site}). Not from the article."
    else:
        text = f"Source: {source.citation}."
    if source.note:
        text += f" {source.note}"
    return text


def exercise_text(exercise: Exercise) -> str:
    """A plain-text version of the card, for the terminal."""
    e = exercise
    lines = [f"{e.name} ({e.difficulty})", "=" * len(f"{e.name} ({e.difficulty})"), e.summary, ""]
    lines += [f"{k}: {v}" for k, v in dose_rows(e.dose)]
    lines += ["", "Starting position:", f"  {e.starting_position}", "", "Steps:"]
    lines += [f"  {i}. [{ROLE_LABELS[s.role]}] {s.text}" for i, s in enumerate(e.steps, 1)]
    lines += ["", f"You should feel it: {e.feel}"]
    lines += ["", "Caution:"] + [f"  ! {c}" for c in e.cautions]
    if e.chair_option:
        lines += ["", f"Without getting down to the floor: {e.chair_option}"]
    lines += ["", "Tips:"] + [f"  - {t}" for t in e.tips]
    lines += ["", "Common mistakes:"] + [f"  - {m}" for m in e.common_mistakes]
    lines += ["", "Easier:"] + [f"  - {v.name}: {v.description}" for v in e.easier]
    lines += ["", "Harder:"] + [
        f"  - {v.name}: {v.description}" + (f" ({v.gate})" if v.gate else "") for v in e.harder
    ]
    lines += ["", f"Works: {', '.join(e.works_primary + e.works_secondary)}"]
    lines += [
        f"You need: {', '.join(e.equipment) or 'nothing'}",
        "",
        source_text(e.source),
    ]
    return "\n".join(lines)


def program_text(program: Program) -> str:
    """Every week of a programme, for the terminal."""
    lines = [program.name, "=" * len(program.name), program.description, ""]
    for week in program.weeks:
        lines.append(f"Week {week.week} ({week.sessions_per_week} days):")
        lines += [f"  - {i.exercise.name}: {dose_line(i.dose)}" for i in week.items]
        lines += [f"  {text}" for text in (week.note, week.review) if text]
    lines += ["", f"Adding the crunch: {program.add_crunch}", "", "Rules:"]
    lines += [f"  - {rule.text} ({rule.source})" for rule in program.rules]
    return "\n".join(lines)


def plan_day_text(day: PlanDay, stop_rule: str) -> str:
    """Today's plan, for the terminal."""
    program, week = day.program, day.plan_week
    lines = [f"{program.name}: week {day.week} of {len(program.weeks)} (started {day.started_on})"]
    lines.append(day.status)
    if day.gentle_today:
        lines.append("Your pain was high before exercise today: gentle moves only, the plan waits.")
    if not day.stopped:
        lines.append(f"This week, {week.sessions_per_week} days:")
        for item in day.items:
            easier = ", ".join(v.name for v in item.exercise.easier)
            more = f" (easier: {easier})" if day.held and easier else ""
            lines.append(f"  - {item.exercise.name}: {dose_line(item.dose)}{more}")
    if day.review:
        lines.append(f"Review: {day.review} Print the summary: exercises log summary.")
    lines.append(f"Stop rule: {stop_rule}")
    return "\n".join(lines)
