"""HTML views of the course data: exercise cards, routines, safety rules, plans.

Every string from the data is HTML-escaped here, in one place, before it reaches a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from ..figures import figure_pair_svg
from ..i18n import _, ngettext
from .pieces import (
    CARD_CSS,
    bold_html,
    header_row,
    heading_html,
    labelled_html,
    list_html,
    nothing_html,
    source_html,
)
from .text import (
    dose_line,
    dose_rows,
    figure_title,
    level_word,
    role_word,
    rule_source_word,
)

if TYPE_CHECKING:
    from ..plan import PlanDay
from ..models import Dose, Exercise, PlanRule, Program, Routine, Rung, Variation
from ..quizmodels import Quiz

__all__ = [
    "ANSWER_KEY_MIMETYPE",
    "answer_key_html",
    "exercise_card_html",
    "exercise_card_parts",
    "plan_day_html",
    "program_html",
    "routine_html",
    "variations_table_html",
    "watch_for_html",
    "works_table_html",
]

# A quiz's output carries its answer key under this type; printed lessons gather the
# keys from every quiz and put them on the last page.
ANSWER_KEY_MIMETYPE = "application/vnd.exercises.answer-key+html"


def _variations_html(variations: Iterable[Variation], rungs: Iterable[Rung] = ()) -> str:
    """The ladder's next rung on that side of the card (with its dose), then the options
    that keep the movement (sore wrists, a longer hold)."""
    steps = "".join(
        f'<li class="exl-rung"><strong>{escape(r.name)}:</strong> '
        f'<span class="exl-rung-how">{escape(r.how)}</span> '
        f'<span class="exl-rung-dose">{escape(dose_line(r.dose))}</span>'
        + (f' <span class="exl-gate">{escape(r.gate)}</span>' if r.gate else "")
        + "</li>"
        for r in rungs
    )
    items = steps + "".join(
        f"<li><strong>{escape(v.name)}:</strong> {escape(v.description)}"
        + (f' <span class="exl-gate">{escape(v.gate)}</span>' if v.gate else "")
        + "</li>"
        for v in variations
    )
    return f"<ul>{items}</ul>" if items else nothing_html()


def _figure_html(exercise: Exercise) -> str:
    if exercise.figure is None:
        return ""
    svg = figure_pair_svg(exercise.figure, title=figure_title(exercise.name))
    return f'<div class="exl-figure-row">{svg}</div>'


def exercise_card_parts(exercise: Exercise, dose: Dose | None = None) -> tuple[str, ...]:
    """A card's content in four parts, each short enough for one slide.

    The parts, in order: name, summary, dose and figure; how to do it; safety, tips and
    mistakes; easier and harder versions, what it works, and the source.
    """
    dose = dose or exercise.dose
    e = exercise
    steps = "".join(
        f'<li><span class="exl-role">{escape(role_word(s.role))}</span> {escape(s.text)}</li>'
        for s in e.steps
    )
    dose_table = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in dose_rows(dose)
    )
    works = ", ".join(e.works_primary)
    if e.works_secondary:
        works = _("{main}; also {more}").format(main=works, more=", ".join(e.works_secondary))
    chair = _("Without getting down to the floor:")
    chair_html = labelled_html(chair, e.chair_option) if e.chair_option else ""
    level = escape(e.difficulty)
    badge = escape(_("Level: {level}").format(level=level_word(e.difficulty)))
    works_label, need_label = escape(_("Works:")), escape(_("You need:"))
    things = ", ".join(e.equipment) or _("nothing")
    return (
        f"<h2>{escape(e.name)}"
        f'<span class="exl-badge exl-{level}">{badge}</span></h2>'
        f"<p>{escape(e.summary)}</p>"
        f'<div class="exl-top"><div class="exl-dose"><table>{dose_table}</table></div>{_figure_html(e)}</div>',
        (
            heading_html(3, _("Starting position"))
            + f"<p>{escape(e.starting_position)}</p>"
            + heading_html(3, _("Steps"))
            + f'<ol class="exl-steps">{steps}</ol>'
            if e.steps  # a rung's card (Exercise.on_rung) says how in its summary alone
            else ""
        )
        + labelled_html(_("You should feel it:"), e.feel, "exl-feel"),
        '<div class="exl-caution">'
        + heading_html(3, _("Caution"))
        + list_html(e.cautions)
        + "</div>"
        + chair_html
        + (
            '<div class="exl-cols"><div>'
            + heading_html(3, _("Tips"))
            + list_html(e.tips)
            + "</div><div>"
            + heading_html(3, _("Common mistakes"))
            + list_html(e.common_mistakes)
            + "</div></div>"
            if e.tips or e.common_mistakes
            else ""
        ),
        '<div class="exl-cols exl-versions"><div>'
        + heading_html(3, _("Easier"))
        + _variations_html(e.easier, e.easier_rungs()[:1])
        + "</div><div>"
        + heading_html(3, _("Harder"))
        + _variations_html(e.harder, e.harder_rungs()[:1])
        + "</div></div>"
        + f"<p><strong>{works_label}</strong> {escape(works)}. "
        f"<strong>{need_label}</strong> {escape(things)}.</p>" + source_html(e.source),
    )


def watch_for_html(exercise: Exercise) -> str:
    """For a trainer: the mistakes to watch for in an exercise, and the cautions to say."""
    return (
        bold_html(_("Watch for:"))
        + list_html(exercise.common_mistakes)
        + bold_html(_("Cautions to say:"))
        + list_html(exercise.cautions)
    )


def exercise_card_html(
    exercise: Exercise, dose: Dose | None = None, *, css: bool = True, more: str = ""
) -> str:
    """A complete, printable card for one exercise (the routine's dose when given);
    ``more``: HTML that ends the card (the exercise sheet's ladder)."""
    head, *body = exercise_card_parts(exercise, dose)
    return (
        (CARD_CSS if css else "")
        + f'<article class="exl-card" data-exercise="{escape(exercise.id)}">'
        + f'<div class="exl-card-head">{head}</div><div class="exl-card-body">{"".join(body)}</div>'
        + f"{more}</article>"
    )


def routine_html(routine: Routine, *, css: bool = True) -> str:
    """A routine as a short table of exercises and doses."""
    often = ngettext("{days} day a week.", "{days} days a week.", routine.sessions_per_week).format(
        days=routine.sessions_per_week
    )
    exercise, dose = escape(_("Exercise")), escape(_("Dose"))
    rows = "".join(
        f'<tr data-exercise="{escape(item.exercise.id)}"><td>{i}</td>'
        f"<td>{escape(item.exercise.name)}</td><td>{escape(dose_line(item.dose))}</td></tr>"
        for i, item in enumerate(routine.items, 1)
    )
    return (
        (CARD_CSS if css else "")
        + f'<article class="exl-card" data-routine="{escape(routine.id)}">'
        f"<h2>{escape(routine.name)}</h2><p>{escape(routine.description)}</p>"
        + labelled_html(_("How often:"), often + (f" {routine.note}" if routine.note else ""))
        + f"<table><tr><th>#</th><th>{exercise}</th><th>{dose}</th></tr>{rows}</table>"
        "</article>"
    )


def _table_card(
    title: str, headers: Iterable[str], rows: Iterable[tuple[str, Iterable[str]]]
) -> str:
    """A card holding one table, a row per exercise id; cells are HTML the caller escaped."""
    head = header_row(*headers)
    body = "".join(
        f'<tr data-exercise="{escape(exercise_id)}">'
        + "".join(f"<td>{cell}</td>" for cell in row)
        + "</tr>"
        for exercise_id, row in rows
    )
    return f'{CARD_CSS}<article class="exl-card"><h2>{escape(title)}</h2><table>{head}{body}</table></article>'


def works_table_html(exercises: Iterable[Exercise]) -> str:
    """Each exercise with the muscles it works, from the data."""
    rows = (
        (
            e.id,
            (
                f"<strong>{escape(e.name)}</strong>",
                escape(", ".join(e.works_primary)),
                escape(", ".join(e.works_secondary) or "–"),
            ),
        )
        for e in exercises
    )
    return _table_card(_("What each exercise works"), (_("Exercise"), _("Mainly"), _("Also")), rows)


def variations_table_html(exercises: Iterable[Exercise]) -> str:
    """Easier and harder versions of each exercise, from the data."""
    rows = (
        (
            e.id,
            (
                f"<strong>{escape(e.name)}</strong>",
                _variations_html(e.easier, e.easier_rungs()),
                _variations_html(e.harder, e.harder_rungs()),
            ),
        )
        for e in exercises
    )
    return _table_card(
        _("Easier and harder versions"), (_("Exercise"), _("Easier"), _("Harder")), rows
    )


def answer_key_html(quiz: Quiz) -> str:
    """Each question with its right answer and why, for the last page of a printed lesson."""
    rows = "".join(
        f"<li><strong>{escape(q.prompt)}</strong> "
        f"{escape('; '.join(c.text.rstrip('.') for c in q.answer))}. "
        f"<em>{escape(' '.join(c.feedback for c in q.answer))}</em></li>"
        for q in quiz.questions
    )
    return f'<ol class="exl-answer-key">{rows}</ol>'


def program_html(
    program: Program, *, current: int | None = None, css: bool = True, title: bool = True
) -> str:
    """A programme's weeks, rules (and their sources) and review points; without its
    title (on a sheet whose own title names it) its headings move up a level."""
    level = 3 if title else 2
    weeks = "".join(
        ('<div class="exl-week exl-current">' if week.week == current else '<div class="exl-week">')
        + _week_heading(week.week, week.sessions_per_week, level)
        + "<ul>"
        + "".join(
            f'<li data-exercise="{escape(i.exercise.id)}">{escape(i.exercise.name)}: '
            f"{escape(dose_line(i.dose))}</li>"
            for i in week.items
        )
        + "</ul>"
        + "".join(f"<p><em>{escape(text)}</em></p>" for text in (week.note, week.review) if text)
        + "</div>"
        for week in program.weeks
    )
    # after the last week: a group class, and what to do at the first twinges
    later = (program.maintenance.group, program.maintenance.relapse) if program.maintenance else ()
    rules = "".join(f"<li>{_rule_with_source(rule)}</li>" for rule in (*program.rules, *later))
    return (
        (CARD_CSS if css else "")
        + f'<article class="exl-card exl-program" data-program="{escape(program.id)}">'
        + (f"<h2>{escape(program.name)}</h2>" if title else "")
        + f"<p>{escape(program.description)}</p>"
        + f'<div class="exl-program-weeks">{weeks}{_maintenance_week_html(program, level)}</div>'
        + heading_html(level, _("How the plan moves on"))
        + f"<ul>{rules}</ul>"
        + labelled_html(_("The advanced move:"), program.add_crunch)
        + "</article>"
    )


def _rule_with_source(rule: PlanRule) -> str:
    source = _("(source: {source})").format(source=rule_source_word(rule.source))
    return f"{escape(rule.text)} <small>{escape(source)}</small>"


def _maintenance_week_html(program: Program, level: int) -> str:
    """After the last week, beside the weeks: its days and what it is for (its note says
    which doses; `plan today` lists them)."""
    if program.maintenance is None:
        return ""
    week = program.maintenance_week()
    heading = _("After week {week}: keeping it up").format(week=len(program.weeks))
    days = ngettext("({days} day)", "({days} days)", week.sessions_per_week).format(
        days=week.sessions_per_week
    )
    return (
        f'<div class="exl-week exl-maintenance"><h{level}>{escape(heading)} '
        f"<small>{escape(days)}</small></h{level}><p><em>{escape(week.note)}</em></p></div>"
    )


def _week_heading(week: int, days: int, level: int) -> str:
    label = escape(_("Week {week}").format(week=week))
    count = escape(ngettext("({days} day)", "({days} days)", days).format(days=days))
    return f"<h{level}>{label} <small>{count}</small></h{level}>"


def plan_day_html(day: PlanDay, *, css: bool = True) -> str:
    """Where the learner is in the plan today: the week, held or not and why, the exercises.

    A stopped or paused plan shows only why and what to do, with no exercises to start.
    """
    week = day.plan_week
    if day.stopped:
        status = (
            f'<div class="exl-caution" role="alert"><strong>{escape(day.status)}</strong></div>'
        )
    elif day.held:
        status = labelled_html(_("Held."), day.why, "exl-plan-held").replace(
            "<p ", '<p role="status" ', 1
        )
    else:
        status = f'<p class="exl-plan-ok">{escape(day.status)}</p>'
    if day.gentle_today:
        gentle = labelled_html(
            _("A gentle day."),
            _(
                "Your pain was high before exercise today: do only gentle moves, and the plan waits."
            ),
            "exl-plan-held",
        )
        status += gentle.replace("<p ", '<p role="status" ', 1)
    if day.missed_note:
        status += f'<p class="exl-plan-missed" role="status">{escape(day.missed_note)}</p>'
    items = "".join(
        f"<li>{escape(i.exercise.name)}: {escape(dose_line(i.dose))}"
        + (
            " <small>"
            + escape(_("(easier: {moves})").format(moves=", ".join(i.easier)))
            + "</small>"
            if day.held and i.easier
            else ""
        )
        + "</li>"
        for i in day.items
    )
    this_week = ngettext(
        "This week, {days} day:", "This week, {days} days:", week.sessions_per_week
    ).format(days=week.sessions_per_week)
    listing = "" if day.stopped else f"<p>{escape(this_week)}</p><ul>{items}</ul>"
    if day.walk_note:
        listing += f'<p class="exl-plan-walk">{escape(day.walk_note)}</p>'
    review = labelled_html(_("Review:"), day.review) if day.review else ""
    heading = (
        _("{programme}: keeping it up, after week {weeks}")
        if day.maintaining
        else _("{programme}: week {week} of {weeks}")
    ).format(programme=day.program.name, week=day.week, weeks=len(day.program.weeks))
    listing += "".join(
        f'<p class="exl-plan-keep">{escape(advice)}</p>' for advice in day.maintenance_advice
    )
    return (
        (CARD_CSS if css else "")
        + '<article class="exl-card exl-plan-day">'
        + heading_html(2, heading)
        + f"{status}{listing}{review}</article>"
    )
